"""Free times of an appointment service: pure slot arithmetic, no database.

Opening hours are wall-clock times in the organization's timezone; everything else
(bookings, time off, `now`) is aware UTC. Slots are computed per local day, converted
to UTC once, and compared in UTC, so a DST change neither adds nor drops an hour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class OpeningHours:
    weekday: int  # 0 = Monday
    start: time
    end: time


@dataclass(frozen=True)
class Interval:
    start: datetime
    end: datetime

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end


def _local(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The wall-clock time on that day; inside a spring-forward gap, the first real
    moment after it (02:30 on the change day becomes 03:00 CEST)."""
    naive = datetime.combine(day, at)
    moment = naive.replace(tzinfo=tz)
    round_trip = moment.astimezone(UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != naive:  # does not exist on this day
        moment = round_trip
    return moment.astimezone(UTC)


def open_intervals(day: date, hours: Iterable[OpeningHours], tz: str) -> list[Interval]:
    zone = ZoneInfo(tz)
    return [Interval(_local(day, h.start, zone), _local(day, h.end, zone))
            for h in hours if h.weekday == day.weekday() and h.start < h.end]


def free_slots(
    day: date,
    *,
    hours: Iterable[OpeningHours],
    busy: Iterable[Interval],
    tz: str,
    duration: timedelta,
    step: timedelta,
    now: datetime,
    lead: timedelta = timedelta(0),
) -> list[datetime]:
    """Start times (UTC) on a local day where the whole duration is open and free."""
    taken = list(busy)
    earliest = now + lead
    starts: list[datetime] = []
    for window in open_intervals(day, hours, tz):
        start = window.start
        while start + duration <= window.end:
            slot = Interval(start, start + duration)
            if start >= earliest and not any(slot.overlaps(b) for b in taken):
                starts.append(start)
            start += step
    return starts


def possible_slots(day: date, *, hours: Iterable[OpeningHours], tz: str, duration: timedelta, step: timedelta) -> int:
    """How many slots the day has when nothing is booked (the denominator of the dots)."""
    count = 0
    for window in open_intervals(day, hours, tz):
        span = window.end - window.start - duration
        if span >= timedelta(0):
            count += span // step + 1
    return count


def dots(free: int, possible: int) -> int:
    """0 dots: full or closed; 1: a few left (up to a third); 2: up to two thirds; 3: mostly free."""
    if free <= 0 or possible <= 0:
        return 0
    share = free / possible
    return 1 if share <= 1 / 3 else 2 if share <= 2 / 3 else 3
