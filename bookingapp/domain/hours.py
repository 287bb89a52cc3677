"""Opening hours as typed by a provider: "HH:MM" times, intervals of one day, and local
date-times of the business. Pure rules, no database.

A day's hours are a list of intervals (09:00–12:30 and 13:30–17:00: the gap is a lunch
break); an empty list means closed. An interval ends after it starts (no interval runs
past midnight: `<input type="time">` cannot say 24:00), and the intervals of one day do
not overlap; touching is fine (12:00–13:00 then 13:00–14:00).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.user_input import LATEST_YEAR, Rule

MAX_INTERVALS_PER_DAY = 12
_HH_MM = re.compile(r"([0-9]{2}):([0-9]{2})(?::00)?")  # ASCII digits only: "٠٩:٠٠" is no time
_LOCAL_MOMENT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::00)?")


@dataclasses.dataclass(frozen=True, order=True)
class Interval:
    start: time
    end: time

    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


def parse_hhmm(text: object) -> time | None:
    """The time of an `<input type="time">` ("09:30", or "09:30:00" from some browsers), else None."""
    if isinstance(text, time):
        return text.replace(second=0, microsecond=0, tzinfo=None)
    if not isinstance(text, str) or not (found := _HH_MM.fullmatch(text.strip())):
        return None
    hour, minute = int(found[1]), int(found[2])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def later_by(text: str, hours: int) -> str:
    """The "HH:MM" `hours` after another, or "" past midnight (to prefill a new interval)."""
    start = parse_hhmm(text)
    if start is None or start.hour + hours > 23:
        return ""
    return f"{start.hour + hours:02d}:{start.minute:02d}"


def parse_intervals(pairs: Iterable[Any], *, field: str = "intervals") -> list[Interval]:
    """(start, end) pairs typed by a person, parsed and checked, in order of their start.
    Refuses an unreadable time, an interval that does not end after it starts, and two
    intervals that overlap."""
    items = list(pairs)
    if len(items) > MAX_INTERVALS_PER_DAY:
        raise ValidationFailed("At most {max} intervals a day.", field=field, max=MAX_INTERVALS_PER_DAY)
    intervals = []
    for item in items:
        start_text, end_text = (item.start, item.end) if isinstance(item, Interval) else _pair(item, field)
        start, end = parse_hhmm(start_text), parse_hhmm(end_text)
        if start is None or end is None:
            raise ValidationFailed("Enter times as hours and minutes, such as 09:00.", field=field)
        if end <= start:
            raise ValidationFailed("{start}–{end}: the end must be after the start.", field=field,
                                   start=f"{start:%H:%M}", end=f"{end:%H:%M}")
        intervals.append(Interval(start, end))
    intervals.sort()
    for before, after in zip(intervals, intervals[1:], strict=False):
        if after.start < before.end:
            raise ValidationFailed("{first} and {second} overlap: make one end before the other starts.", field=field,
                                   first=before.label(), second=after.label())
    return intervals


def _pair(item: Any, field: str) -> tuple[Any, Any]:
    if isinstance(item, dict):
        return item.get("start"), item.get("end")
    if isinstance(item, list | tuple) and len(item) == 2:
        return item[0], item[1]
    raise ValidationFailed("Enter times as hours and minutes, such as 09:00.", field=field)


def merged(intervals: Iterable[Interval]) -> list[Interval]:
    """The union of possibly overlapping intervals (rows from before hours were checked),
    in order: what a customer can actually book."""
    result: list[Interval] = []
    for interval in sorted(intervals):
        if result and interval.start <= result[-1].end:
            if interval.end > result[-1].end:
                result[-1] = Interval(result[-1].start, interval.end)
        else:
            result.append(interval)
    return result


def parse_local_moment(text: object, tz: str, *, field: str) -> datetime:
    """A `datetime-local` value ("2026-12-24T09:00") read in the business's timezone, as an
    aware UTC datetime. A wall time the clocks skip (a DST gap) is refused, not moved."""
    found = _LOCAL_MOMENT.fullmatch(text.strip()) if isinstance(text, str) else None
    if not found:
        raise ValidationFailed("Enter a date and a time.", field=field)
    try:
        naive = datetime(*(int(part) for part in found.groups()))
    except ValueError:
        raise ValidationFailed("Enter a date and a time.", field=field) from None
    if naive.year > LATEST_YEAR:
        raise ValidationFailed("Enter a date and a time.", field=field)
    zone = ZoneInfo(tz)
    moment = naive.replace(tzinfo=zone).astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != naive:
        raise ValidationFailed("{time} does not exist that day: the clocks change. Choose another time.", field=field,
                               time=f"{naive:%H:%M}")
    return moment


def local_input_value(moment: datetime, tz: str) -> str:
    """The other way: a moment as a `datetime-local` value in the business's timezone."""
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%dT%H:%M")


def day_of(moment: datetime, tz: str) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()


@dataclasses.dataclass(frozen=True)
class TimeRanges(Rule):
    """The service boundary's rule for a day's intervals: each a pair of "HH:MM" texts (or
    times, or `Interval`s), parsed strictly and checked by `parse_intervals`."""

    def apply(self, value: Any, field: str) -> Any:
        if value is None:
            return []
        if isinstance(value, str | bytes) or not isinstance(value, Sequence | list | tuple):
            raise ValidationFailed("Enter times as hours and minutes, such as 09:00.", field=field)
        return parse_intervals(value, field=field)


@dataclasses.dataclass(frozen=True)
class WeekdayNumber(Rule):
    """0 = Monday … 6 = Sunday."""

    def apply(self, value: Any, field: str) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
            raise ValidationFailed("Choose a day of the week.", field=field)
        return value
