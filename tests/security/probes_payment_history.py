"""Cross-organization probes for refunding part of a payment from the order page
(merged into PROBES by test_cross_organization.py)."""

from __future__ import annotations

from bookingapp.domain.errors import NotFound
from bookingapp.services import payment_history

PROBES = {
    "payment_history.refund_part_quote": (lambda s, a, b, g: payment_history.refund_part_quote(
        s, actor=b.actor, booking_id=a.appointment_id, amount="1.00"), NotFound),
    "payment_history.refund_part": (lambda s, a, b, g: payment_history.refund_part(
        s, actor=b.actor, booking_id=a.appointment_id, amount="1.00", quoted_refunded_minor=0, gateway=g), NotFound),
}
