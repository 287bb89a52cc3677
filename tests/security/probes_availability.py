"""Cross-organization probes for Dashboard → Availability (merged into
test_cross_organization.PROBES): Beta's owner aims every availability service at Alpha's
team member or time off."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, select

from bookingapp.domain.errors import NotFound
from bookingapp.models import StaffUser, TimeOff
from bookingapp.services import availability_settings
from tests.service.class_fixtures import NOW

DAY = date(2026, 12, 24)


def _alpha_member(s: Session, a) -> int:
    return s.exec(select(StaffUser.id).where(StaffUser.organization_id == a.org_id).order_by(StaffUser.id)).first()


def _alpha_time_off(s: Session, a) -> int:
    """Alpha's world has no time off: one is added in the probe's own transaction, which the
    expected refusal rolls back (a call that went through would fail on the refusal check)."""
    row = TimeOff(organization_id=a.org_id, staff_user_id=_alpha_member(s, a), starts_at=NOW + timedelta(days=1),
                  ends_at=NOW + timedelta(days=2), reason="alpha holiday")
    s.add(row)
    s.flush()
    return row.id


PROBES = {
    "availability_settings.fill_closed_days": (lambda s, a, b, g: availability_settings.fill_closed_days(
        s, actor=b.actor, staff_user_id=_alpha_member(s, a), intervals=[("09:00", "10:00")]), NotFound),
    "availability_settings.team_members": (lambda s, a, b, g: availability_settings.team_members(s, actor=b.actor), False),
    "availability_settings.weekly_hours": (lambda s, a, b, g: availability_settings.weekly_hours(
        s, actor=b.actor, staff_user_id=_alpha_member(s, a)), NotFound),
    "availability_settings.set_day_hours": (lambda s, a, b, g: availability_settings.set_day_hours(
        s, actor=b.actor, staff_user_id=_alpha_member(s, a), weekday=0, intervals=[("09:00", "10:00")]), NotFound),
    "availability_settings.date_overrides": (lambda s, a, b, g: availability_settings.date_overrides(
        s, actor=b.actor, staff_user_id=_alpha_member(s, a), now=NOW), NotFound),
    "availability_settings.set_date_override": (lambda s, a, b, g: availability_settings.set_date_override(
        s, actor=b.actor, staff_user_id=_alpha_member(s, a), day=DAY, intervals=[], now=NOW), NotFound),
    "availability_settings.remove_date_override": (lambda s, a, b, g: availability_settings.remove_date_override(
        s, actor=b.actor, staff_user_id=_alpha_member(s, a), day=DAY), NotFound),
    "availability_settings.upcoming_time_off": (lambda s, a, b, g: availability_settings.upcoming_time_off(
        s, actor=b.actor, now=NOW), False),
    "availability_settings.upcoming_time_off#alpha-member": (lambda s, a, b, g: availability_settings.upcoming_time_off(
        s, actor=b.actor, staff_user_id=_alpha_member(s, a), now=NOW), NotFound),
    "availability_settings.add_time_off": (lambda s, a, b, g: availability_settings.add_time_off(
        s, actor=b.actor, staff_user_id=_alpha_member(s, a), starts_at=NOW + timedelta(days=1),
        ends_at=NOW + timedelta(days=30), reason="x", now=NOW), NotFound),
    # Beta's whole business takes time off over the days Alpha has bookings: none of them listed.
    "availability_settings.add_time_off#business": (lambda s, a, b, g: availability_settings.add_time_off(
        s, actor=b.actor, staff_user_id=None, starts_at=NOW, ends_at=NOW + timedelta(days=30), reason="x", now=NOW), False),
    "availability_settings.remove_time_off": (lambda s, a, b, g: availability_settings.remove_time_off(
        s, actor=b.actor, time_off_id=_alpha_time_off(s, a)), NotFound),
}
