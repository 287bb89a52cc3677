"""Slot arithmetic for appointment services, including DST days in Berlin."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bookingapp.domain.availability import (
    BookingRules,
    Engine,
    Interval,
    OpeningHours,
    StaffCalendar,
    dots,
    free_slots,
    merge_intervals,
    open_seconds,
    possible_slots,
)

BERLIN = "Europe/Berlin"
WEEKDAYS_9_TO_17 = [OpeningHours(d, time(9), time(17)) for d in range(5)]
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)
HALF_HOUR = timedelta(minutes=30)


def _slots(day, busy=(), now=LONG_AGO, hours=WEEKDAYS_9_TO_17, duration=HALF_HOUR, step=HALF_HOUR):
    return free_slots(day, hours=hours, busy=list(busy), tz=BERLIN, duration=duration, step=step, now=now)


def test_an_open_day_has_every_half_hour_from_9_to_16_30_local():
    slots = _slots(date(2026, 11, 24))  # a Tuesday in winter (UTC+1)
    assert len(slots) == 16
    assert slots[0] == datetime(2026, 11, 24, 8, 0, tzinfo=UTC) and slots[-1] == datetime(2026, 11, 24, 15, 30, tzinfo=UTC)


def test_closed_days_have_no_slots():
    assert _slots(date(2026, 11, 28)) == []  # Saturday


def test_a_booking_removes_the_slots_it_overlaps():
    booked = Interval(datetime(2026, 11, 24, 9, 15, tzinfo=UTC), datetime(2026, 11, 24, 9, 45, tzinfo=UTC))
    slots = _slots(date(2026, 11, 24), busy=[booked])
    assert datetime(2026, 11, 24, 9, 0, tzinfo=UTC) not in slots
    assert datetime(2026, 11, 24, 9, 30, tzinfo=UTC) not in slots
    assert datetime(2026, 11, 24, 8, 30, tzinfo=UTC) in slots and datetime(2026, 11, 24, 10, 0, tzinfo=UTC) in slots


def test_slots_before_now_plus_lead_are_gone():
    now = datetime(2026, 11, 24, 10, 10, tzinfo=UTC)
    slots = free_slots(date(2026, 11, 24), hours=WEEKDAYS_9_TO_17, busy=[], tz=BERLIN, duration=HALF_HOUR,
                       step=HALF_HOUR, now=now, lead=timedelta(hours=1))
    assert slots[0] == datetime(2026, 11, 24, 11, 30, tzinfo=UTC)


def test_a_long_service_needs_the_whole_duration_inside_opening_hours():
    slots = _slots(date(2026, 11, 24), duration=timedelta(hours=2))
    assert slots[-1] == datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # 15:00 local ends at 17:00


def test_opening_hours_follow_local_time_across_dst():
    summer = _slots(date(2026, 3, 30))  # Monday after the change: UTC+2
    winter = _slots(date(2026, 3, 27))  # Friday before: UTC+1
    assert summer[0] == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)
    assert winter[0] == datetime(2026, 3, 27, 8, 0, tzinfo=UTC)


def test_night_hours_on_the_spring_change_day_skip_the_missing_hour():
    night = [OpeningHours(6, time(1, 0), time(4, 0))]  # Sunday 29 March 2026: 02:00-03:00 does not exist
    slots = _slots(date(2026, 3, 29), hours=night, duration=timedelta(hours=1), step=timedelta(hours=1))
    assert slots == [datetime(2026, 3, 29, 0, 0, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)]  # 01:00 CET, 03:00 CEST


def test_night_hours_on_the_autumn_change_day_have_the_extra_hour():
    night = [OpeningHours(6, time(1, 0), time(4, 0))]  # Sunday 25 October 2026: 02:00-03:00 happens twice
    slots = _slots(date(2026, 10, 25), hours=night, duration=timedelta(hours=1), step=timedelta(hours=1))
    assert len(slots) == 4


def test_dots_grow_with_free_time():
    assert [dots(free, 12) for free in (0, 1, 4, 5, 8, 9, 12)] == [0, 1, 1, 2, 2, 3, 3]
    assert dots(3, 0) == 0


@given(st.lists(st.tuples(st.integers(0, 47), st.integers(1, 8)), max_size=10))
def test_no_free_slot_ever_overlaps_a_booking(bookings):
    day = date(2026, 11, 24)
    base = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    busy = [Interval(base + timedelta(minutes=15 * s), base + timedelta(minutes=15 * (s + n))) for s, n in bookings]
    slots = _slots(day, busy=busy)
    assert all(not Interval(s, s + HALF_HOUR).overlaps(b) for s in slots for b in busy)
    assert len(slots) <= possible_slots(day, hours=WEEKDAYS_9_TO_17, tz=BERLIN, duration=HALF_HOUR, step=HALF_HOUR)


# --- staff hours: merging and checking intervals, the engine --------------------------

def test_overlapping_and_touching_intervals_merge_and_empty_ones_drop():
    spans = [(time(13), time(17)), (time(9), time(12)), (time(11), time(12, 30)), (time(17), time(18)), (time(8), time(8))]
    assert merge_intervals(spans) == [(time(9), time(12, 30)), (time(13), time(18))]


def _engine(calendars, **rules):
    defaults = dict(duration=HALF_HOUR, step=HALF_HOUR, min_notice=timedelta(0), horizon=timedelta(days=3650))
    defaults.update(rules)
    return Engine(calendars, tz=BERLIN, rules=BookingRules(**defaults), now=LONG_AGO)


@given(st.lists(st.tuples(st.integers(0, 47), st.integers(1, 8)), max_size=8), st.integers(0, 3), st.integers(0, 3))
def test_engine_slots_keep_both_buffers_clear_of_every_booking(bookings, before, after):
    day = date(2026, 11, 24)
    base = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    busy = [(base + timedelta(minutes=15 * s), base + timedelta(minutes=15 * (s + n))) for s, n in bookings]
    calendar = StaffCalendar(1, {1: [(time(9), time(12)), (time(13), time(17))]}, {}, busy, [])
    pad = timedelta(minutes=15 * (before + after))
    engine = _engine([calendar], buffer_before=timedelta(minutes=15 * before), buffer_after=timedelta(minutes=15 * after))
    free, possible = engine.day(day)
    slots = [datetime.fromtimestamp(s, UTC) for s in free[1]]
    assert all(not (s < e + pad and b - pad < s + HALF_HOUR) for s in slots for b, e in busy)
    assert all(s.astimezone(ZoneInfo(BERLIN)).hour != 12 for s in slots)  # the lunch break
    assert len(slots) <= possible == 6 + 8


def test_engine_union_and_per_person_agree():
    ana = StaffCalendar(1, {1: [(time(9), time(12))]}, {}, [], [])
    ben = StaffCalendar(2, {1: [(time(11), time(14))]}, {date(2026, 12, 1): []}, [], [])
    engine = _engine([ben, ana])
    free, possible = engine.day(date(2026, 11, 24))
    union_starts, same_possible = engine.free_starts(date(2026, 11, 24))
    assert union_starts == sorted(set(free[1]) | set(free[2])) and possible == same_possible == 10
    assert engine.day(date(2026, 12, 1))[0][2] == []  # Ben's override closes his Tuesday


def test_open_seconds_are_the_hours_minus_time_off_by_the_clock_of_each_day():
    tz = "Europe/Berlin"
    # Sunday 29 March 2026: clocks go from 02:00 to 03:00, so 00:00-06:00 is five real hours.
    spring = date(2026, 3, 29)
    monday = date(2026, 3, 30)
    off = (datetime(2026, 3, 30, 8, 0, tzinfo=UTC), datetime(2026, 3, 30, 9, 30, tzinfo=UTC))  # 10:00-11:30 CEST
    calendar = StaffCalendar(1, weekly={6: [(time(0), time(6))], 0: [(time(9), time(12)), (time(11), time(17))]},
                             overrides={}, bookings=[(off[0], off[1])], time_off=[off])
    closed = StaffCalendar(2, weekly={0: [(time(9), time(17))]}, overrides={monday: []}, bookings=[], time_off=[])
    assert open_seconds([calendar, closed], tz=tz, days=[spring, monday]) == {
        1: 5 * 3600 + (8 * 3600 - 90 * 60),  # overlapping intervals join; bookings are not taken out
        2: 0,  # an empty date override closes the day
    }
