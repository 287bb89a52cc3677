"""When a customer gets the reminder email before their booking (issue 20).

- The business sets the lead time (`Organization.customer_reminder_minutes`, 0 to 168 hours;
  0 sends none). The reminder is due from `starts_at - lead` until the start.
- Only a confirmed booking is reminded: its date is settled. A request still waiting for
  an answer, a proposal of other times, a rebooking under way or an unpaid booking is not.
  When it becomes confirmed before the start (paid, the date kept), the rule applies again.
- A booking whose confirmation or change-of-date email (with the calendar file) went out
  inside the window gets no reminder on top: that email already told the customer what a
  reminder would, moments ago. This is pretix's and Calendly's rule (booked inside the
  window, no reminder), extended to confirmations and moves. That email marks the booking
  reminded (`customer_reminder_sent_at`), so the sweeper has one rule to read.
- A reminder counts for the date it was sent for: a booking moved to a later date, whose
  new window opens after the reminder went out, gets another one.
- The customer may turn reminders off on the manage page, for that one booking, while it
  is active and has not started.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bookingapp.domain.booking_states import ACTIVE, Status

LEAD_MAX_HOURS = 168  # a week: further ahead a "reminder" is just a second confirmation
REMINDED_STATUSES = frozenset({Status.CONFIRMED})


def window_opens(starts_at: datetime, lead_minutes: int) -> datetime | None:
    """When the reminder becomes due, or None when the business sends none."""
    if lead_minutes <= 0:
        return None
    return starts_at - timedelta(minutes=lead_minutes)


def inside_window(starts_at: datetime, lead_minutes: int, now: datetime) -> bool:
    opens = window_opens(starts_at, lead_minutes)
    return opens is not None and opens <= now < starts_at


def reminder_due(*, status: str, starts_at: datetime, lead_minutes: int, sent_at: datetime | None,
                 turned_off: bool, now: datetime) -> bool:
    if status not in REMINDED_STATUSES or turned_off or not inside_window(starts_at, lead_minutes, now):
        return False
    return sent_at is None or sent_at < window_opens(starts_at, lead_minutes)


def can_switch(status: str, starts_at: datetime, now: datetime) -> bool:
    """The customer's switch is offered while the booking is active and has not started."""
    return status in ACTIVE and now < starts_at
