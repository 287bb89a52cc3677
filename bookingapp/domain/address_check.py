"""Verified email for bookings (issue 21): when a portal booking must wait for the customer
to confirm their address, and how long it may wait. Pure rules; services/address_checks.py
applies them."""

from __future__ import annotations

from datetime import datetime, timedelta


def must_confirm_address(*, customer_accounts: str, confirm_booking_emails: bool, email_verified: bool) -> bool:
    """A booking waits for its address to be confirmed when the business asks for confirmed
    addresses (an option of customer accounts: without accounts there is nothing to verify
    against) and this address has never been confirmed (a sign-in link or an earlier
    booking's confirmation link)."""
    return customer_accounts != "none" and confirm_booking_emails and not email_verified


def confirm_by(*, now: datetime, response_window_hours: int, starts_at: datetime) -> datetime:
    """When an unconfirmed booking lapses: after the business's response window, as an
    unanswered request does, and never after the booking would start."""
    return min(now + timedelta(hours=response_window_hours), starts_at)


def still_open(deadline: datetime | None, now: datetime) -> bool:
    return deadline is not None and now < deadline
