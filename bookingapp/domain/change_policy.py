"""Until when a customer may change their own booking, and what they may do.

A service's cutoff ("no later than 24 hours before the visit") closes cancel and
reschedule together; a service may also allow customers only to *request* a rebooking
(issue 7), never to cancel themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bookingapp.domain.booking_states import Status
from bookingapp.domain.errors import DomainError

CHANGEABLE = frozenset({Status.CONFIRMED, Status.PENDING_PAYMENT})


class CutoffPassed(DomainError):
    message = "Changes were possible until {deadline}. Please contact the provider."


class CancellationNotOffered(DomainError):
    message = "This booking cannot be cancelled online. Please contact the provider."


@dataclass(frozen=True)
class ChangeRights:
    deadline: datetime
    can_cancel: bool
    can_reschedule: bool
    # Why the buttons are gone, for the page to explain: "" | cutoff | status | policy | kind
    reason: str


def frozen_terms(booking, service) -> tuple[int, str]:
    """The cutoff and cancellation policy a booking was made with (frozen at booking time,
    so editing the service never changes them); rows from before 0007 fall back to the service."""
    cutoff = booking.cutoff_minutes if booking.cutoff_minutes is not None else service.cutoff_minutes
    policy = booking.customer_cancellation or service.customer_cancellation
    return cutoff, policy


def change_deadline(starts_at: datetime, cutoff_minutes: int) -> datetime:
    return starts_at - timedelta(minutes=max(cutoff_minutes, 0))


def change_rights(*, status: str, kind: str, starts_at: datetime, cutoff_minutes: int, customer_cancellation: str,
                  now: datetime) -> ChangeRights:
    deadline = change_deadline(starts_at, cutoff_minutes)
    if status not in CHANGEABLE:
        return ChangeRights(deadline, False, False, "status")
    if now >= deadline:
        return ChangeRights(deadline, False, False, "cutoff")
    may_cancel = customer_cancellation == "allowed_until_cutoff"
    # Only appointment services have opening hours to pick another free time from; and
    # where customers may only *request* a rebooking, the provider decides every move.
    may_reschedule = kind == "appointment" and may_cancel
    reason = "" if may_cancel and may_reschedule else "policy" if not may_cancel else "kind"
    return ChangeRights(deadline, may_cancel, may_reschedule, reason)


def promise_at_booking(*, starts_at: datetime, cutoff_minutes: int, customer_cancellation: str, now: datetime) -> str:
    """What the booking form may promise about changes before the customer books this time
    (issue 21, item 6): "change" (move or cancel online until the cutoff), "closed" (the time
    is already inside the cutoff: nothing can be changed online once booked) or
    "request_only" (the service never lets customers cancel: they may ask for a rebooking)."""
    if now >= change_deadline(starts_at, cutoff_minutes):
        return "closed"
    if customer_cancellation != "allowed_until_cutoff":
        return "request_only"
    return "change"
