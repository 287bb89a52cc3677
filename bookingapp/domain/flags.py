"""Customer flags (issues 9 and 21): pure rules about the alert message. Services apply them
in services/customers.py; the propagation to bookings is an UPDATE there."""

from __future__ import annotations

from datetime import datetime


def flagged_since(current: datetime | None, *, old: str | None, new: str | None, now: datetime) -> datetime | None:
    """The first flagging time: an edited message keeps it, clearing ends it, and flagging
    again after a clear starts anew."""
    if not new:
        return None
    return current if old and current else now


def flag_action(*, old: str | None, new: str | None) -> str:
    """The history's name for a change of the customer's alert message."""
    return "customer.unflagged" if not new else "customer.flag_changed" if old else "customer.flagged"


def shown_alert(*, own_alert: bool, booking_alert: str | None, customer_alert: str | None) -> str:
    """The alert staff see for one booking: its own when staff wrote one on the order page
    (an own empty alert means "not for this booking"), else the one it copied from the
    customer, else the customer's flag as it is now."""
    if own_alert:
        return booking_alert or ""
    return booking_alert or customer_alert or ""
