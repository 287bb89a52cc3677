"""Cross-organization probes for conversations on a booking (issue 21): Beta's owner writes
to Alpha's customer, and confirms a time on Alpha's request (merged into
test_cross_organization.PROBES)."""

from __future__ import annotations

from datetime import UTC, datetime

from bookingapp.domain.errors import NotFound
from bookingapp.services import conversations, requests

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

PROBES = {
    "conversations.reply_to_customer": (lambda s, a, b, g: conversations.reply_to_customer(
        s, actor=b.actor, booking_id=a.request_id, message="x", now=NOW), NotFound),
    "requests.confirm_suggested_time": (lambda s, a, b, g: requests.confirm_suggested_time(
        s, actor=b.actor, booking_id=a.request_id, gateway=g, address="x", now=NOW), NotFound),
}
