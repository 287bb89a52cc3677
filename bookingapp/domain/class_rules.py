"""Rules of class sessions: free places, the free-cancellation window, weekly repeats.

The free-cancellation edge, stated once: with a window of W minutes before a session
starting at S, cancelling is free while `now <= S - W` — at the deadline itself it is
still free, one second later it is not. A window of 0 means free until the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bookingapp.domain.errors import DomainError

# Refuse a weekly series longer than a year: a typo in the "until" date should not fill
# the schedule with hundreds of sessions (or take hundreds of credits at once).
MAX_OCCURRENCES = 52


class SessionFull(DomainError):
    message = "This class is full."


class PlaceHeldForWaitlist(SessionFull):
    message = "The free place is offered to the next person on the waitlist for now. Join the waitlist to be next."


class NotEnoughCredits(DomainError):
    message = "Not enough credits: this class costs {cost} and your balance is {balance}."

    def __init__(self, balance: int, cost: int) -> None:
        super().__init__(balance=balance, cost=cost)
        self.balance, self.cost = balance, cost


class OnlineBookingClosed(DomainError):
    message = "This class cannot be booked online. Please contact the provider."


class SessionStarted(DomainError):
    message = "This class has already started."


class SessionCancelled(DomainError):
    message = "This class was cancelled."


class AlreadyBooked(DomainError):
    message = "Already booked for this class."


@dataclass(frozen=True)
class CancelOutcome:
    """What cancelling a class booking does (or did) with its credits.

    `free` says whether it is inside the free-cancellation window; `refunded_credits`
    is what comes back (0 when late); `credits_spent` is what the booking cost, so a
    late warning can say how many credits will not come back.
    """

    refunded_credits: int
    free: bool
    credits_spent: int = 0
    deadline: datetime | None = None


def free_places(capacity: int, taken: int) -> int:
    return max(0, capacity - taken)


def free_cancellation_deadline(starts_at: datetime, window_minutes: int) -> datetime:
    return starts_at - timedelta(minutes=max(0, window_minutes))


def cancellation_is_free(starts_at: datetime, window_minutes: int, now: datetime) -> bool:
    return now <= free_cancellation_deadline(starts_at, window_minutes)


def cancel_outcome(*, starts_at: datetime, window_minutes: int, credits_spent: int, now: datetime) -> CancelOutcome:
    free = cancellation_is_free(starts_at, window_minutes, now)
    return CancelOutcome(credits_spent if free else 0, free, credits_spent,
                         free_cancellation_deadline(starts_at, window_minutes))


def free_cancellation_open_until(starts_at: datetime, window_minutes: int, now: datetime) -> datetime | None:
    """The deadline of free cancellation for a booking made now, or None when it has passed
    already: booked now, cancelling would cost the credits (the portal says so first)."""
    deadline = free_cancellation_deadline(starts_at, window_minutes)
    return deadline if now <= deadline else None


@dataclass(frozen=True)
class BrowseWeek:
    """Seven days of the portal's class list: from `start` to `end` (UTC; the first week
    starts now, the last one ends at the booking horizon), with the first days of the weeks
    before and after it when they can be browsed (None at either end)."""

    first: date
    start: datetime
    end: datetime
    previous: date | None
    next: date | None


def browse_week(*, now: datetime, tz: str, wanted: date | None, horizon_days: int,
                latest: datetime | None = None) -> BrowseWeek:
    """The week to show for `?from=<day>`. Weeks run seven days from today (local), so the
    first one always holds the coming days, whatever the weekday; a day in between shows
    the week it falls in, and a day out of range the nearest week that can be booked
    (this one, or the one the booking horizon, `now + horizon_days`, ends in).

    `latest` (the last scheduled start, or `now` when nothing more is scheduled) ends the
    browsing earlier: no empty weeks after the last class up to the horizon."""
    zone = ZoneInfo(tz)
    horizon = now + timedelta(days=max(1, horizon_days))
    today = now.astimezone(zone).date()
    last_index = max(0, ((horizon - timedelta(microseconds=1)).astimezone(zone).date() - today).days // 7)
    if latest is not None:
        last_index = min(last_index, max(0, (latest.astimezone(zone).date() - today).days // 7))
    index = 0 if wanted is None else min(max(0, (wanted - today).days // 7), last_index)
    first = today + timedelta(days=7 * index)

    def midnight(day: date) -> datetime:
        return datetime.combine(day, datetime.min.time(), zone).astimezone(UTC)

    following = first + timedelta(days=7)
    return BrowseWeek(first, max(now, midnight(first)), min(horizon, midnight(following)),
                      first - timedelta(days=7) if index > 0 else None,
                      following if index < last_index else None)


def weekly_starts(first: datetime, until: date, tz: str) -> list[datetime]:
    """The first start and every week after it, at the same local wall-clock time, up to and
    including the `until` day (local); returned in UTC.

    Repeats keep the local time across DST ("Tuesdays 18:00" stays 18:00 in summer and
    winter), so the UTC time shifts by an hour at the changes. A wall-clock time that does
    not exist on a spring-forward day is taken with the offset before the change (02:30
    becomes 03:30), as zoneinfo does.
    """
    if first.tzinfo is None:
        raise ValueError("naive datetime")
    zone = ZoneInfo(tz)
    local = first.astimezone(zone)
    wall = local.time().replace(tzinfo=None)
    starts: list[datetime] = []
    day = local.date()
    while day <= until:
        starts.append(datetime.combine(day, wall, zone).astimezone(UTC))
        day += timedelta(days=7)
    return starts
