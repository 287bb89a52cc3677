"""Cross-organization probes for attendance marks (`bookingapp.services.attendance`), merged
into `PROBES` of test_cross_organization.py: Beta's staff aim a mark at Alpha's appointment and
class place (well after their day, so only the tenant check can refuse), and Beta's owner's
credit switch changes Beta alone."""

from __future__ import annotations

from datetime import timedelta

from bookingapp.domain.errors import NotFound
from bookingapp.services import attendance
from tests.service.class_fixtures import NOW

LATER = NOW + timedelta(days=60)

PROBES = {
    "attendance.mark": (lambda s, a, b, g: attendance.mark(
        s, actor=b.actor, booking_id=a.appointment_id, attendance="no_show", now=LATER), NotFound),
    "attendance.mark#seat": (lambda s, a, b, g: attendance.mark(
        s, actor=b.actor, booking_id=a.seat_id, attendance="attended", now=LATER), NotFound),
    "attendance.set_no_show_keeps_credits": (lambda s, a, b, g: attendance.set_no_show_keeps_credits(
        s, actor=b.actor, keeps=False), False),
}
