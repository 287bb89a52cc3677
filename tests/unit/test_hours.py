"""Hours as typed: strict "HH:MM", a day's intervals, and local date-times of the business."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.hours import (
    Interval,
    local_input_value,
    merged,
    parse_hhmm,
    parse_intervals,
    parse_local_moment,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("09:30", time(9, 30)), (" 00:00 ", time(0)), ("23:59", time(23, 59)), ("09:30:00", time(9, 30)),
    ("9:30", None), ("24:00", None), ("12:60", None), ("١٢:٠٠", None), ("12:00 ", time(12)), ("", None), (None, None),
    ("12h00", None), ("²2:00", None),
])
def test_times_are_read_strictly(text, expected):
    assert parse_hhmm(text) == expected


def test_intervals_come_back_in_order_and_touching_is_fine():
    assert parse_intervals([("13:00", "17:00"), ("09:00", "13:00")]) == [
        Interval(time(9), time(13)), Interval(time(13), time(17))]


@given(st.lists(st.tuples(st.integers(0, 1439), st.integers(1, 600)), max_size=8))
def test_accepted_intervals_never_overlap_and_merging_keeps_them(spans):
    pairs = [(f"{s // 60:02d}:{s % 60:02d}", f"{min(s + d, 1439) // 60:02d}:{min(s + d, 1439) % 60:02d}") for s, d in spans]
    try:
        intervals = parse_intervals(pairs)
    except ValidationFailed:
        return
    assert all(a.end <= b.start for a, b in zip(intervals, intervals[1:], strict=False))
    assert merged(intervals) == merged(merged(intervals))


def test_merged_is_the_union():
    assert merged([Interval(time(10), time(18)), Interval(time(9), time(17)), Interval(time(19), time(20))]) == [
        Interval(time(9), time(18)), Interval(time(19), time(20))]


def test_a_local_moment_is_read_in_the_business_timezone():
    assert parse_local_moment("2026-07-01T09:00", "Europe/Berlin", field="starts_at") == datetime(2026, 7, 1, 7, tzinfo=UTC)
    assert parse_local_moment("2026-12-01T09:00", "America/New_York", field="x") == datetime(2026, 12, 1, 14, tzinfo=UTC)
    assert local_input_value(datetime(2026, 7, 1, 7, tzinfo=UTC), "Europe/Berlin") == "2026-07-01T09:00"


@pytest.mark.parametrize("text", ["", "2026-13-01T09:00", "2026-02-30T09:00", "2026-07-01", "tomorrow", "٢٠٢٦-07-01T09:00",
                                  "2026-07-01T25:00", None, "99999-01-01T00:00"])
def test_an_unreadable_local_moment_is_refused_for_its_field(text):
    with pytest.raises(ValidationFailed) as refused:
        parse_local_moment(text, "Europe/Berlin", field="ends_at")
    assert refused.value.field == "ends_at"


def test_a_wall_time_the_clocks_skip_is_refused():
    with pytest.raises(ValidationFailed, match="clocks change"):
        parse_local_moment("2026-03-29T02:30", "Europe/Berlin", field="starts_at")
