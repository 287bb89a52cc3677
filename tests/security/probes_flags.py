"""Cross-organization probes for flags and verified email (issue 21), merged into PROBES by
test_cross_organization.py: Beta's staff can neither read nor change Alpha's booking
alerts, and the confirmation setting acts on Beta's own organization only."""

from __future__ import annotations

from datetime import UTC, datetime

from bookingapp.domain.errors import NotFound
from bookingapp.services import customers

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)

PROBES = {
    "customers.booking_alert_view": (lambda s, a, b, g: customers.booking_alert_view(
        s, actor=b.actor, reference=a.appointment_reference, now=NOW), NotFound),
    "customers.set_booking_alert": (lambda s, a, b, g: customers.set_booking_alert(
        s, actor=b.actor, booking_id=a.appointment_id, message="Beta was here", now=NOW), NotFound),
    "customers.follow_customer_alert": (lambda s, a, b, g: customers.follow_customer_alert(
        s, actor=b.actor, booking_id=a.appointment_id, now=NOW), NotFound),
    "customers.set_confirm_booking_emails": (lambda s, a, b, g: customers.set_confirm_booking_emails(
        s, actor=b.actor, on=True), False),
}
