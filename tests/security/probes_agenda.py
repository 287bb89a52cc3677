"""Cross-organization probes for Dashboard → Agenda (merged into test_cross_organization.PROBES):
Beta's owner filters the calendar by one of Alpha's team members."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bookingapp.domain.errors import NotFound
from bookingapp.models import StaffUser
from bookingapp.services import agenda
from tests.service.class_fixtures import NOW


def _alpha_member(s: Session, a) -> int:
    return s.exec(select(StaffUser.id).where(StaffUser.organization_id == a.org_id).order_by(StaffUser.id)).first()


PROBES = {
    "agenda.agenda#alpha-member": (lambda s, a, b, g: agenda.agenda(
        s, actor=b.actor, first_day=NOW.date() - timedelta(days=1), days=14, staff_user_id=_alpha_member(s, a)), NotFound),
}
