"""Where things sit on the agenda's time grid: pure arithmetic on wall-clock minutes.

A column is one local day (of one staff member, or of everyone). Everything is placed by
its wall-clock time on that day, as a paper diary would show it: on the day the clocks
change, 02:30 is drawn at 02:30 whatever the UTC offset. Positions are fractions of the
column's visible hours (the page turns them into CSS percentages), so the grid's height
is the page's choice.

Overlapping blocks of one column share its width side by side (lanes), the way Google
Calendar draws them: a group of blocks that overlap one another (directly or through a
chain) is split into as many lanes as it needs at most at once; a block then widens to
the right over lanes that are free during its whole time.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

DAY_MINUTES = 24 * 60
# Hours shown when nothing asks for more: a working day people recognise at a glance.
DEFAULT_HOURS = (8 * 60, 18 * 60)
SLOT_MINUTES = 30  # the clickable empty times


@dataclass(frozen=True)
class Span:
    """Something on one column: `start` and `end` in minutes since that day's midnight."""

    key: Hashable
    start: int
    end: int


@dataclass(frozen=True)
class Placed:
    key: Hashable
    start: int
    end: int
    lane: int  # 0 = leftmost
    lanes: int  # lanes of its overlap group
    span: int = 1  # lanes it covers, widened over free neighbours
    group: int = 0  # which overlap group of the column it belongs to

    @property
    def left(self) -> float:
        return self.lane / self.lanes

    @property
    def width(self) -> float:
        return self.span / self.lanes


def minutes_on(day: date, start: datetime, end: datetime) -> tuple[int, int] | None:
    """The part of [start, end) that falls on `day`, in minutes since its midnight; both
    ends are naive local wall-clock times. None when nothing of it is on that day."""
    # When the clocks go back, a booking can end at an earlier wall-clock time than it began.
    end = max(end, start)
    midnight = datetime.combine(day, time(0))
    next_midnight = midnight + timedelta(days=1)
    on_day = midnight <= start < next_midnight if start == end else start < next_midnight and end > midnight
    if not on_day:
        return None
    return _minutes(max(start, midnight) - midnight), _minutes(min(end, next_midnight) - midnight)


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def clock_minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def visible_range(spans: Iterable[tuple[int, int]], default: tuple[int, int] = DEFAULT_HOURS) -> tuple[int, int]:
    """The whole hours the grid shows: the default working day, widened to hold every span."""
    first, last = default
    for start, end in spans:
        first, last = min(first, start), max(last, end)
    first = max(0, first // 60 * 60)
    last = min(DAY_MINUTES, -(-last // 60) * 60)
    return first, max(last, first + 60)


def fraction(minute: int, first: int, last: int) -> float:
    """Where a minute lies between the grid's top (0) and bottom (1), clamped."""
    return min(1.0, max(0.0, (minute - first) / (last - first)))


def position(start: int, end: int, first: int, last: int) -> tuple[float, float]:
    """Top and height of a block as fractions of the visible hours (clipped to them)."""
    top = fraction(start, first, last)
    return top, fraction(end, first, last) - top


def lanes(spans: Sequence[Span]) -> list[Placed]:
    """Side-by-side lanes for the spans of one column, in the spans' order of start.

    Blocks shorter than `SLOT_MINUTES` are laid out as if they lasted that long: they are
    drawn at least that tall, and two of them must not be drawn over each other."""
    order = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    placed: list[Placed] = []
    group: list[tuple[Span, int]] = []
    lane_ends: list[int] = []  # where each lane of the current group is free again
    for span in order:
        if group and span.start >= max(lane_ends):
            placed += _finish(group, len(placed))
            group, lane_ends = [], []
        lane = next((i for i, end in enumerate(lane_ends) if end <= span.start), len(lane_ends))
        if lane == len(lane_ends):
            lane_ends.append(_drawn_end(span))
        else:
            lane_ends[lane] = _drawn_end(span)
        group.append((span, lane))
    placed += _finish(group, len(placed))
    return placed


def _drawn_end(span: Span | Placed | More) -> int:
    return max(span.end, span.start + SLOT_MINUTES)


def _overlap(a: Span | Placed | More, b: Span | Placed | More) -> bool:
    return a.start < _drawn_end(b) and b.start < _drawn_end(a)


def _width(span: Span | Placed, lane: int, count: int, taken: list[tuple[Span | Placed | More, int]]) -> int:
    """Lanes from `lane` rightwards that nothing else in `taken` uses during the span."""
    width = 1
    for right in range(lane + 1, count):
        if any(other_lane == right and _overlap(span, other) for other, other_lane in taken):
            break
        width += 1
    return width


def _finish(group: list[tuple[Span, int]], number: int) -> list[Placed]:
    if not group:
        return []
    count = max(lane for _, lane in group) + 1
    return [Placed(span.key, span.start, span.end, lane, count, _width(span, lane, count, group), number)
            for span, lane in group]


@dataclass(frozen=True)
class More:
    """Blocks not drawn: `count` of them between `start` and `end`, in the last lane."""

    keys: tuple[Hashable, ...]
    start: int
    end: int
    lane: int
    lanes: int

    @property
    def count(self) -> int:
        return len(self.keys)

    @property
    def left(self) -> float:
        return self.lane / self.lanes

    @property
    def width(self) -> float:
        return 1 / self.lanes


def capped(placed: Sequence[Placed], max_lanes: int) -> tuple[list[Placed], list[More]]:
    """At most `max_lanes` lanes: a group needing more keeps its first `max_lanes - 1`
    lanes and sums up the rest in the last one, one "+n" for each run of hidden blocks
    that overlap one another."""
    shown: list[Placed] = []
    more: list[More] = []
    groups: dict[int, list[Placed]] = {}
    for p in placed:
        groups.setdefault(p.group, []).append(p)
    for members in groups.values():
        if members[0].lanes <= max_lanes:
            shown += members
            continue
        last = max_lanes - 1
        kept = [p for p in members if p.lane < last]
        runs: list[list[Placed]] = []
        for p in sorted((p for p in members if p.lane >= last), key=lambda p: (p.start, p.end)):
            if runs and p.start < max(_drawn_end(q) for q in runs[-1]):
                runs[-1].append(p)
            else:
                runs.append([p])
        summaries = [More(tuple(p.key for p in run), min(p.start for p in run), max(p.end for p in run), last,
                          max_lanes) for run in runs]
        taken = [(p, p.lane) for p in kept] + [(m, last) for m in summaries]
        shown += [Placed(p.key, p.start, p.end, p.lane, max_lanes, _width(p, p.lane, max_lanes, taken), p.group)
                  for p in kept]
        more += summaries
    return shown, more


def closed_parts(open_hours: Iterable[tuple[int, int]], first: int, last: int) -> list[tuple[int, int]]:
    """The stretches between `first` and `last` outside the opening hours (to shade them)."""
    parts, at = [], first
    for start, end in sorted(open_hours):
        if start > at:
            parts.append((at, min(start, last)))
        at = max(at, end)
        if at >= last:
            break
    if at < last:
        parts.append((at, last))
    return [(s, e) for s, e in parts if s < e]


def slot_starts(first: int, last: int, step: int = SLOT_MINUTES) -> list[int]:
    return list(range(first, last, step))


def hhmm(minute: int) -> str:
    """'09:30' for 570: the value of a time or datetime-local input (never '24:00')."""
    minute = min(max(minute, 0), DAY_MINUTES - 1)
    return f"{minute // 60:02d}:{minute % 60:02d}"
