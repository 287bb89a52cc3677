"""Class rules: free places, the exact edge of the free-cancellation window, weekly repeats
keeping their local time across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bookingapp.domain.class_rules import (
    cancel_outcome,
    cancellation_is_free,
    free_cancellation_deadline,
    free_places,
    weekly_starts,
)

START = datetime(2026, 11, 24, 17, 0, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(("capacity", "taken", "free"), [(12, 0, 12), (12, 11, 1), (12, 12, 0), (5, 7, 0)])
def test_free_places_never_go_negative(capacity, taken, free):
    assert free_places(capacity, taken) == free


def test_cancelling_exactly_at_the_deadline_is_still_free():
    deadline = START - timedelta(hours=12)

    assert free_cancellation_deadline(START, 12 * 60) == deadline
    assert cancellation_is_free(START, 12 * 60, deadline)


def test_cancelling_one_second_after_the_deadline_is_late():
    assert not cancellation_is_free(START, 12 * 60, START - timedelta(hours=12) + timedelta(seconds=1))


def test_cancelling_one_second_before_the_deadline_is_free():
    assert cancellation_is_free(START, 12 * 60, START - timedelta(hours=12) - timedelta(seconds=1))


def test_a_zero_window_is_free_until_the_start():
    assert cancellation_is_free(START, 0, START)
    assert not cancellation_is_free(START, 0, START + timedelta(seconds=1))


def test_the_outcome_gives_back_what_was_spent_only_when_free():
    inside = cancel_outcome(starts_at=START, window_minutes=60, credits_spent=2, now=START - timedelta(hours=2))
    late = cancel_outcome(starts_at=START, window_minutes=60, credits_spent=2, now=START - timedelta(minutes=30))

    assert (inside.free, inside.refunded_credits, inside.credits_spent) == (True, 2, 2)
    assert (late.free, late.refunded_credits, late.credits_spent) == (False, 0, 2)


def test_weekly_repeats_include_the_until_day_and_stop_after_it():
    first = datetime(2026, 1, 6, 17, 0, tzinfo=UTC)  # a Tuesday, 18:00 in Berlin

    starts = weekly_starts(first, date(2026, 1, 27), "Europe/Berlin")

    assert [s.date().day for s in starts] == [6, 13, 20, 27]
    assert weekly_starts(first, date(2026, 1, 26), "Europe/Berlin")[-1].day == 20


def test_weekly_repeats_keep_the_local_time_across_the_spring_dst_change():
    first = datetime(2026, 3, 24, 17, 0, tzinfo=UTC)  # Tue 18:00 CET; clocks go forward on Sun 29 March

    starts = weekly_starts(first, date(2026, 4, 7), "Europe/Berlin")

    assert [s.astimezone(BERLIN).strftime("%a %H:%M") for s in starts] == ["Tue 18:00"] * 3
    assert [s.hour for s in starts] == [17, 16, 16]  # UTC moves by an hour, the class does not


def test_weekly_repeats_keep_the_local_time_across_the_autumn_dst_change():
    first = datetime(2026, 10, 20, 16, 0, tzinfo=UTC)  # Tue 18:00 CEST; clocks go back on Sun 25 October

    starts = weekly_starts(first, date(2026, 11, 3), "Europe/Berlin")

    assert [s.astimezone(BERLIN).hour for s in starts] == [18, 18, 18]
    assert [s.hour for s in starts] == [16, 17, 17]


def test_a_naive_first_start_is_refused():
    with pytest.raises(ValueError):
        weekly_starts(datetime(2026, 1, 6, 17, 0), date(2026, 2, 1), "Europe/Berlin")


# --- the portal's weeks and the free-cancellation note (issue 22) -----------------------

from bookingapp.domain.class_rules import browse_week, free_cancellation_open_until  # noqa: E402

SUNDAY_NOON = datetime(2026, 12, 6, 11, 0, tzinfo=UTC)  # 12:00 in Berlin


def test_the_first_week_starts_now_and_runs_seven_days_whatever_the_weekday():
    week = browse_week(now=SUNDAY_NOON, tz="Europe/Berlin", wanted=None, horizon_days=90)
    assert week.first == date(2026, 12, 6) and week.start == SUNDAY_NOON
    assert week.end == datetime(2026, 12, 12, 23, 0, tzinfo=UTC)  # Sunday 13 Dec, 00:00 in Berlin
    assert week.previous is None and week.next == date(2026, 12, 13)


def test_weeks_go_on_past_four_weeks_up_to_the_booking_horizon():
    week = browse_week(now=SUNDAY_NOON, tz="Europe/Berlin", wanted=date(2027, 1, 20), horizon_days=90)
    assert week.first == date(2027, 1, 17)  # the week the day falls in, counted from today
    assert week.previous == date(2027, 1, 10) and week.next == date(2027, 1, 24)
    last = browse_week(now=SUNDAY_NOON, tz="Europe/Berlin", wanted=date(2027, 2, 28), horizon_days=90)
    assert last.end == SUNDAY_NOON + timedelta(days=90) and last.next is None
    assert last.first <= (SUNDAY_NOON + timedelta(days=90)).date()


@pytest.mark.parametrize("wanted", [date(2020, 1, 1), date(2099, 1, 1)])
def test_a_day_out_of_range_shows_the_nearest_week_that_can_be_booked(wanted):
    week = browse_week(now=SUNDAY_NOON, tz="Europe/Berlin", wanted=wanted, horizon_days=14)
    assert week.first in (date(2026, 12, 6), date(2026, 12, 20))
    assert week.start >= SUNDAY_NOON and week.end <= SUNDAY_NOON + timedelta(days=14)


def test_free_cancellation_note_gives_the_deadline_or_none_once_it_passed():
    starts = SUNDAY_NOON + timedelta(hours=10)
    assert free_cancellation_open_until(starts, 4 * 60, SUNDAY_NOON) == starts - timedelta(hours=4)
    assert free_cancellation_open_until(starts, 400 * 60, SUNDAY_NOON) is None  # "until 400 hours before": long gone
    assert free_cancellation_open_until(starts, 10 * 60, SUNDAY_NOON) == SUNDAY_NOON  # the edge itself is still free
