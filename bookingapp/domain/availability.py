"""Free times of an appointment service: pure slot arithmetic, no database.

Opening hours are wall-clock times in the organization's timezone; everything else
(bookings, time off, `now`) is aware UTC. Slots are computed per local day, converted
to UTC once, and compared in UTC, so a DST change neither adds nor drops an hour.
"""

from __future__ import annotations

from bisect import bisect_right
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


# --- Hours per staff member: several intervals a day, date overrides, buffers --------
#
# The engine below works on whole seconds since the epoch (UTC): a month of five staff
# members is a few thousand comparisons, and integers keep that cheap. Wall-clock hours
# become UTC once per local day: on a day without a DST change by subtracting that day's
# offset, on a change day through `_local` for each time.

Span = tuple[time, time]
_DAY = 86_400
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def merge_intervals(intervals: Iterable[Span]) -> list[Span]:
    """Sorted, with overlapping and touching intervals joined (09-12 + 12-17 = 09-17);
    empty or reversed ones dropped. Slots may then run across the joint."""
    merged: list[list[time]] = []
    for start, end in sorted(i for i in intervals if i[0] < i[1]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


@dataclass(frozen=True)
class BookingRules:
    """What a service asks of a free time (all as timedeltas)."""

    duration: timedelta
    step: timedelta
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)
    min_notice: timedelta = timedelta(hours=1)
    horizon: timedelta = timedelta(days=90)


@dataclass
class StaffCalendar:
    """One staff member's hours and what blocks them, as read for a period.

    weekly: weekday -> intervals; overrides: date -> intervals (an empty list closes the
    day); bookings: their (start, end) as aware datetimes or epoch seconds; time_off:
    theirs and everyone's, the same way."""

    staff_id: int
    weekly: dict[int, list[Span]]
    overrides: dict[date, list[Span]]
    bookings: list[tuple[datetime | int, datetime | int]]
    time_off: list[tuple[datetime | int, datetime | int]]


def _seconds(moment: datetime | int) -> int:
    return moment if isinstance(moment, int) else int(moment.timestamp())


Seconds = tuple[int, int]


def _clock(spans: Iterable[Span]) -> list[Seconds]:
    """Merged intervals as seconds after local midnight."""
    return [(s.hour * 3600 + s.minute * 60 + s.second, e.hour * 3600 + e.minute * 60 + e.second)
            for s, e in merge_intervals(spans)]


class _Day:
    """A local day's conversion from wall-clock seconds to epoch seconds."""

    __slots__ = ("day", "base", "zone", "uniform")

    def __init__(self, day: date, zone: ZoneInfo) -> None:
        self.day, self.zone = day, zone
        midnight = datetime.combine(day, time(0), zone)
        next_midnight = datetime.combine(day + timedelta(days=1), time(0), zone)
        offset = midnight.utcoffset()
        self.uniform = offset == next_midnight.utcoffset()
        self.base = (day.toordinal() - _EPOCH_ORDINAL) * _DAY - int(offset.total_seconds())

    def at(self, wall: int) -> int:
        """Epoch seconds of `wall` seconds after local midnight (by the clock)."""
        if self.uniform:
            return self.base + wall
        return _seconds(_local(self.day, time(wall // 3600, wall // 60 % 60, wall % 60), self.zone))


def _busy(calendar: StaffCalendar, pad: int) -> tuple[list[int], list[int]]:
    """Merged blocked periods as (starts, ends): bookings widened by both buffers on each
    side (the new slot's and the booking's own), time off as it is."""
    spans = [(_seconds(s) - pad, _seconds(e) + pad) for s, e in calendar.bookings]
    spans += [(_seconds(s), _seconds(e)) for s, e in calendar.time_off]
    spans.sort()
    starts: list[int] = []
    ends: list[int] = []
    for s, e in spans:
        if ends and s <= ends[-1]:
            if e > ends[-1]:
                ends[-1] = e
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


class Engine:
    """Free start times of several staff members over a run of local days.

    Built once per request from rows read for the whole period; `day(d)` then costs a few
    integer comparisons per staff member and window (bookings are found by bisection)."""

    def __init__(self, calendars: Iterable[StaffCalendar], *, tz: str, rules: BookingRules, now: datetime) -> None:
        self.zone = ZoneInfo(tz)
        self.duration = int(rules.duration.total_seconds())
        self.step = max(1, int(rules.step.total_seconds()))
        self.earliest = _seconds(now + rules.min_notice)
        self.latest = _seconds(now + rules.horizon)
        pad = int((rules.buffer_before + rules.buffer_after).total_seconds())
        self.staff: list[tuple[int, dict[int, list[Seconds]], dict[date, list[Seconds]], list[int], list[int]]] = []
        for c in sorted(calendars, key=lambda c: c.staff_id):
            weekly = {w: _clock(spans) for w, spans in c.weekly.items()}
            overrides = {d: _clock(spans) for d, spans in c.overrides.items()}
            starts, ends = _busy(c, pad)
            self.staff.append((c.staff_id, weekly, overrides, starts, ends))
        self.override_days = {d for _, _, overrides, _, _ in self.staff for d in overrides}
        self.weekly_plans: dict[int, tuple[list[tuple[int, list[Seconds], list[int], list[int]]], int]] = {}

    def _free(self, ws: int, we: int, starts: list[int], ends: list[int], out: list[int]) -> None:
        """Append the grid points of window [ws, we) whose whole duration is free."""
        duration, step = self.duration, self.step
        lo_limit, hi_limit = max(ws, self.earliest), min(we - duration, self.latest)
        if hi_limit < lo_limit:
            return
        i = bisect_right(ends, ws)
        cursor = ws
        count = len(starts)
        while True:
            blocked_from = starts[i] if i < count and starts[i] < we else we
            lo, hi = max(cursor, lo_limit), min(blocked_from - duration, hi_limit)
            if hi >= lo:
                first = ws + -((ws - lo) // step) * step
                if first <= hi:
                    out.extend(range(first, hi + 1, step))
            if blocked_from >= we:
                return
            cursor = max(cursor, ends[i])
            i += 1

    def _plan(self, day: date) -> tuple[int, list[tuple[int, list[Seconds], list[int], list[int]]], int]:
        """(offset, each staff member's windows that day as offset + window, how many starts
        the day has at all: the grid points of everyone's windows, counted once). A day
        with one UTC offset and no override repeats its weekday's plan, built once."""
        local = _Day(day, self.zone)
        if local.uniform and day not in self.override_days:
            plan = self.weekly_plans.get(day.weekday())
            if plan is None:
                plan = self.weekly_plans[day.weekday()] = self._build(day, None)
            return local.base, *plan
        return 0, *self._build(day, local)

    def _build(self, day: date, local: _Day | None) -> tuple[list[tuple[int, list[Seconds], list[int], list[int]]], int]:
        """The plan in seconds after midnight (`local` None), or in epoch seconds."""
        duration, step = self.duration, self.step
        plan = []
        grids: set[Seconds] = set()
        for staff_id, weekly, overrides, starts, ends in self.staff:
            spans = overrides.get(day)
            if spans is None:
                spans = weekly.get(day.weekday(), ())
            if local is None:
                windows = [(s, e) for s, e in spans if e - s >= duration]
            else:
                windows = [w for w in ((local.at(s), local.at(e)) for s, e in spans) if w[1] - w[0] >= duration]
            grids.update(windows)
            plan.append((staff_id, windows, starts, ends))
        ordered = sorted(grids)
        if all(b[0] >= a[1] for a, b in zip(ordered, ordered[1:], strict=False)):  # nobody's windows overlap
            possible = sum((we - ws - duration) // step + 1 for ws, we in ordered)
        else:
            points: set[int] = set()
            for ws, we in ordered:
                points.update(range(ws, we - duration + 1, step))
            possible = len(points)
        return plan, possible

    def day(self, day: date) -> tuple[dict[int, list[int]], int]:
        """({staff id: free starts as epoch seconds}, how many starts the day has at all)."""
        offset, plan, possible = self._plan(day)
        free: dict[int, list[int]] = {}
        for staff_id, windows, starts, ends in plan:
            slots: list[int] = []
            for ws, we in windows:
                self._free(offset + ws, offset + we, starts, ends, slots)
            free[staff_id] = slots
        return free, possible

    def free_starts(self, day: date) -> tuple[list[int], int]:
        """(the starts at which anyone is free, sorted; how many the day has at all). Stops
        asking further people once the day's whole grid is free: the month view's case."""
        offset, plan, possible = self._plan(day)
        if len(plan) == 1:
            slots: list[int] = []
            for ws, we in plan[0][1]:
                self._free(offset + ws, offset + we, plan[0][2], plan[0][3], slots)
            return slots, possible
        seen: set[int] = set()
        for _, windows, starts, ends in plan:
            slots = []
            for ws, we in windows:
                self._free(offset + ws, offset + we, starts, ends, slots)
            seen.update(slots)
            if len(seen) >= possible:
                break
        return sorted(seen), possible


def union(free: dict[int, list[int]]) -> list[int]:
    """Every start at which someone is free, sorted."""
    lists = [slots for slots in free.values() if slots]
    if len(lists) <= 1:
        return lists[0] if lists else []
    return sorted(set().union(*lists))


def to_datetimes(seconds: list[int]) -> list[datetime]:
    return [datetime.fromtimestamp(s, UTC) for s in seconds]


def open_seconds(calendars: Iterable[StaffCalendar], *, tz: str, days: Iterable[date]) -> dict[int, int]:
    """How long each staff member is open over these local days: their hours (a date
    override replaces its weekday's, an empty one closes the day) minus their time off and
    everyone's, in seconds; bookings are not subtracted. The engine's own day plan, so the
    hours rule (overrides, DST days) is the one the booking page offers times by."""
    calendars = [StaffCalendar(c.staff_id, c.weekly, c.overrides, [], c.time_off) for c in calendars]
    # A one-second duration keeps every window; a day-long step keeps the grid count cheap.
    rules = BookingRules(duration=timedelta(seconds=1), step=timedelta(days=1))
    engine = Engine(calendars, tz=tz, rules=rules, now=datetime.fromtimestamp(0, UTC))
    total = {c.staff_id: 0 for c in calendars}
    for day in days:
        offset, plan, _ = engine._plan(day)
        for staff_id, windows, starts, ends in plan:
            for ws, we in windows:
                ws, we = offset + ws, offset + we
                blocked = sum(max(0, min(we, e) - max(ws, s)) for s, e in zip(starts, ends, strict=True))
                total[staff_id] += we - ws - blocked
    return total
