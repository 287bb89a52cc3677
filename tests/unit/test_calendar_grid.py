"""The agenda's time grid: minutes on a day, the hours shown, blocks side by side where
they overlap, closed hours shaded."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from bookingapp.domain import calendar_grid as grid
from bookingapp.domain.calendar_grid import Span

DAY = date(2026, 12, 3)


def _at(hour: int, minute: int = 0, day: int = 3) -> datetime:
    return datetime(2026, 12, day, hour, minute)


def _lanes(*spans: tuple[str, int, int]) -> dict:
    return {p.key: (p.lane, p.lanes, p.span) for p in grid.lanes([Span(k, s, e) for k, s, e in spans])}


def test_a_booking_is_placed_by_its_wall_clock_minutes():
    assert grid.minutes_on(DAY, _at(14, 15), _at(15, 45)) == (855, 945)


def test_something_over_midnight_is_cut_at_the_day_boundaries():
    late = (_at(23, 0), _at(1, 30, day=4))
    assert grid.minutes_on(DAY, *late) == (1380, 1440)
    assert grid.minutes_on(date(2026, 12, 4), *late) == (0, 90)
    assert grid.minutes_on(date(2026, 12, 5), *late) is None


def test_a_holiday_covers_every_day_it_touches_and_none_it_does_not():
    holiday = (datetime(2026, 12, 24), datetime(2026, 12, 27))
    assert [grid.minutes_on(date(2026, 12, d), *holiday) for d in (23, 24, 26, 27)] == [None, (0, 1440), (0, 1440), None]


def test_a_booking_ending_at_an_earlier_wall_time_when_clocks_go_back_still_shows():
    # 02:45 CEST to 02:15 CET on 25 October: half an hour, drawn from 02:45 (at least a slot tall).
    assert grid.minutes_on(date(2026, 10, 25), datetime(2026, 10, 25, 2, 45), datetime(2026, 10, 25, 2, 15)) == (165, 165)


def test_the_hours_shown_are_the_working_day_widened_to_whole_hours_around_everything():
    assert grid.visible_range([]) == (8 * 60, 18 * 60)
    assert grid.visible_range([(7 * 60 + 30, 8 * 60 + 30), (18 * 60, 20 * 60 + 10)]) == (7 * 60, 21 * 60)
    assert grid.visible_range([(23 * 60 + 30, 1440)]) == (8 * 60, 1440)


def test_positions_are_fractions_of_the_hours_shown_and_clipped_to_them():
    assert grid.position(9 * 60, 10 * 60, 8 * 60, 18 * 60) == (0.1, 0.1)
    assert grid.position(6 * 60, 9 * 60, 8 * 60, 18 * 60) == (0.0, 0.1)


def test_blocks_that_do_not_overlap_take_the_whole_width():
    assert _lanes(("a", 540, 600), ("b", 600, 660)) == {"a": (0, 1, 1), "b": (0, 1, 1)}


def test_overlapping_blocks_share_the_width_side_by_side():
    assert _lanes(("a", 540, 660), ("b", 570, 630), ("c", 600, 690)) == {
        "a": (0, 3, 1), "b": (1, 3, 1), "c": (2, 3, 1)}


def test_a_lane_free_again_is_reused_and_a_block_widens_over_free_lanes():
    # a 09:00-11:00 and b 09:30-10:00 side by side; c 10:00-10:30 reuses b's lane.
    assert _lanes(("a", 540, 660), ("b", 570, 600), ("c", 600, 630)) == {"a": (0, 2, 1), "b": (1, 2, 1), "c": (1, 2, 1)}
    # d starts a new group once a's group is over; e and then f sit beside a in the second lane.
    placed = _lanes(("a", 540, 600), ("e", 540, 570), ("f", 570, 600), ("d", 720, 780))
    assert placed["d"] == (0, 1, 1)
    assert placed["a"] == (0, 2, 1) and placed["e"] == (1, 2, 1) and placed["f"] == (1, 2, 1)


def test_a_block_widens_to_the_right_over_lanes_free_during_its_time():
    placed = _lanes(("a", 540, 660), ("b", 540, 600), ("c", 540, 570), ("d", 600, 660))
    assert placed["a"] == (0, 3, 1) and placed["b"] == (1, 3, 1) and placed["c"] == (2, 3, 1)
    assert placed["d"] == (1, 3, 2)  # lanes 1 and 2 are free from 10:00


def test_short_blocks_count_as_half_an_hour_so_they_are_never_drawn_over_each_other():
    assert _lanes(("a", 540, 550), ("b", 555, 565)) == {"a": (0, 2, 1), "b": (1, 2, 1)}


@given(st.lists(st.tuples(st.integers(0, 1400), st.integers(1, 300)), max_size=30))
def test_no_two_blocks_drawn_at_once_ever_cover_the_same_part_of_the_width(raw):
    spans = [Span(i, s, min(s + d, 1440)) for i, (s, d) in enumerate(raw)]
    placed = grid.lanes(spans)
    assert sorted(p.key for p in placed) == [s.key for s in spans]
    for p in placed:
        assert p.lane >= 0 and p.lane + p.span <= p.lanes
    for a in placed:
        for b in placed:
            drawn_together = a.start < max(b.end, b.start + 30) and b.start < max(a.end, a.start + 30)
            if a.key != b.key and drawn_together:
                assert a.lane + a.span <= b.lane or b.lane + b.span <= a.lane, (a, b)


def test_closed_hours_are_what_lies_outside_the_opening_hours():
    assert grid.closed_parts([(540, 720), (780, 1020)], 480, 1200) == [(480, 540), (720, 780), (1020, 1200)]
    assert grid.closed_parts([], 480, 1200) == [(480, 1200)]
    assert grid.closed_parts([(420, 1260)], 480, 1200) == []
    assert grid.closed_parts([(540, 720), (600, 800)], 480, 800) == [(480, 540)]


def test_clickable_times_are_every_half_hour_and_read_as_input_values():
    assert grid.slot_starts(480, 600) == [480, 510, 540, 570]
    assert [grid.hhmm(m) for m in (0, 570, 1439, 1440)] == ["00:00", "09:30", "23:59", "23:59"]


def test_a_group_needing_more_lanes_than_fit_keeps_the_first_and_sums_up_the_rest():
    # Five people busy 09:00-10:00 at once, and one of them again 10:00-10:30.
    spans = [Span(k, 540, 600) for k in "abcde"] + [Span("f", 600, 630)]
    shown, more = grid.capped(grid.lanes(spans), 3)
    assert sorted((p.key, p.lane, p.lanes, p.span) for p in shown) == [
        ("a", 0, 3, 1), ("b", 1, 3, 1), ("f", 0, 1, 1)]  # f, after them, has the whole width
    assert [(m.keys, m.start, m.end, m.lane, m.count) for m in more] == [(("c", "d", "e"), 540, 600, 2, 3)]
    assert (more[0].left, more[0].width) == (2 / 3, 1 / 3)


def test_groups_that_fit_are_left_as_they_are():
    placed = grid.lanes([Span("a", 540, 600), Span("b", 550, 620), Span("c", 700, 760)])
    assert grid.capped(placed, 3) == (placed, [])


def test_hidden_blocks_far_apart_in_time_get_a_summary_each():
    spans = [Span("long", 540, 900), Span("x", 540, 600), Span("y", 540, 600), Span("z", 800, 860), Span("w", 800, 860)]
    shown, more = grid.capped(grid.lanes(spans), 2)
    assert [p.key for p in shown] == ["long"]
    assert [(m.keys, m.start, m.end) for m in more] == [(("x", "y"), 540, 600), (("z", "w"), 800, 860)]


@given(st.lists(st.tuples(st.integers(0, 1400), st.integers(1, 300)), max_size=30), st.integers(2, 4))
def test_capped_shows_or_sums_up_every_block_once_and_nothing_drawn_at_once_overlaps(raw, max_lanes):
    spans = [Span(i, s, min(s + d, 1440)) for i, (s, d) in enumerate(raw)]
    shown, more = grid.capped(grid.lanes(spans), max_lanes)
    assert sorted([p.key for p in shown] + [k for m in more for k in m.keys]) == [s.key for s in spans]
    boxes = [(p.start, max(p.end, p.start + 30), p.lane, p.lane + p.span) for p in shown]
    boxes += [(m.start, max(m.end, m.start + 30), m.lane, m.lane + 1) for m in more]
    assert all(right <= max_lanes for _, _, _, right in boxes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a[0] < b[1] and b[0] < a[1]:
                assert a[3] <= b[2] or b[3] <= a[2], (a, b)


def test_a_kept_block_widens_over_the_summary_lane_once_the_summary_is_over():
    spans = [Span("a", 540, 660), Span("b", 540, 600), Span("c", 540, 600), Span("d", 540, 600), Span("e", 600, 660)]
    shown, more = grid.capped(grid.lanes(spans), 3)
    assert {p.key: (p.lane, p.span) for p in shown} == {"a": (0, 1), "b": (1, 1), "e": (1, 2)}
    assert [m.keys for m in more] == [("c", "d")]
