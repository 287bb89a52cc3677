"""When an unpaid prepaid booking must be paid, when the customer is reminded, and what
happens once the deadline has passed (issue 21, item 8).

The deadline is the booking's creation plus the business's `payment_deadline_hours`, and
never later than the start. The reminder goes out a quarter of the way before it (the time
between booking and deadline), at most six hours and at least ten minutes before it: a
booking made 24 h ahead is reminded 6 h before its deadline, one made 40 minutes ahead 10
minutes before.
"""

from __future__ import annotations

from datetime import datetime, timedelta

AFTER_DEADLINE = ("keep", "cancel")  # Organization.unpaid_after_deadline
DEADLINE_MAX_HOURS = 24 * 14
REMINDER_MAX_LEAD = timedelta(hours=6)
REMINDER_MIN_LEAD = timedelta(minutes=10)


def payment_deadline(*, booked_at: datetime, starts_at: datetime, hours: int) -> datetime | None:
    if hours <= 0:
        return None
    return min(booked_at + timedelta(hours=hours), starts_at)


def reminder_at(*, booked_at: datetime, deadline: datetime) -> datetime:
    lead = min(max((deadline - booked_at) / 4, REMINDER_MIN_LEAD), REMINDER_MAX_LEAD)
    return deadline - lead


def reminder_due(*, status: str, booked_at: datetime, deadline: datetime | None, sent_at: datetime | None,
                 now: datetime) -> bool:
    """Only a booking still waiting for payment, once, while the deadline is ahead."""
    if status != "pending_payment" or deadline is None or sent_at is not None:
        return False
    return reminder_at(booked_at=booked_at, deadline=deadline) <= now < deadline


def deadline_passed(*, status: str, deadline: datetime | None, handled_at: datetime | None, now: datetime) -> bool:
    return status == "pending_payment" and deadline is not None and handled_at is None and now >= deadline
