"""Every availability rule of an appointment service, through the service layer: staff
hours with several intervals, date overrides, time off, buffers, notice, horizon, several
staff ("any" or one picked), and the weeks of both DST changes in two timezones."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.availability import BookingRules, Engine, StaffCalendar
from bookingapp.domain.errors import NotFound
from bookingapp.models import (
    Booking,
    DateOverride,
    Organization,
    Service,
    ServiceStaff,
    StaffUser,
    TimeOff,
)
from bookingapp.services import appointments, manage_booking
from tests import factories

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 1, 4, 6, 0, tzinfo=UTC)  # Monday 4 January 2027, 07:00 in Berlin
MONDAY = date(2027, 1, 11)
TUESDAY = date(2027, 1, 12)
EVERY_DAY = range(7)


def local(day: date, hour: int, minute: int = 0, tz: ZoneInfo = BERLIN) -> datetime:
    return datetime.combine(day, time(hour, minute), tz).astimezone(UTC)


def times(day: date, *hhmm: str, tz: ZoneInfo = BERLIN) -> list[datetime]:
    return [local(day, int(t[:2]), int(t[3:]), tz) for t in hhmm]


def every(day: date, first: str, last: str, minutes: int = 30, tz: ZoneInfo = BERLIN) -> list[datetime]:
    start, end = times(day, first, last, tz=tz)
    return [start + timedelta(minutes=minutes * i) for i in range(int((end - start) / timedelta(minutes=minutes)) + 1)]


class World:
    def __init__(self, engine, tz: str = "Europe/Berlin") -> None:
        self.engine = engine
        with Session(engine, expire_on_commit=False) as s:
            self.org = factories.organization(s, "rules", timezone=tz)
            self.owner = factories.staff(s, self.org, name="Olga Owner")
            s.commit()

    def person(self, name: str, hours: dict[int, list[tuple[time, time]]], active: bool = True) -> StaffUser:
        with Session(self.engine, expire_on_commit=False) as s:
            row = factories.staff(s, self.org, email=f"{name.lower()}@rules.test", name=name, role="staff", active=active)
            factories.weekly_hours(s, row, hours)
            s.commit()
            return row

    def service(self, people: list[StaffUser], **kw) -> Service:
        with Session(self.engine, expire_on_commit=False) as s:
            defaults = dict(kind="appointment", name="Visit", slug=f"visit-{len(people)}-{kw.get('duration_minutes', 60)}",
                            duration_minutes=60, price_minor=0, currency="EUR", prepayment="none",
                            staff_user_id=people[0].id)
            defaults.update(kw)
            svc = Service(organization_id=self.org.id, **defaults)
            s.add(svc)
            s.flush()
            s.add_all([ServiceStaff(service_id=svc.id, staff_user_id=p.id, organization_id=self.org.id) for p in people])
            s.commit()
            return svc

    def add(self, *rows) -> None:
        with Session(self.engine) as s:
            s.add_all([r for r in rows])
            s.commit()

    def booking(self, person: StaffUser | None, start: datetime, minutes: int = 60, service: Service | None = None) -> None:
        with Session(self.engine) as s:
            factories.booking(s, s.get(Organization, self.org.id), service=s.get(Service, service.id) if service else None,
                              staff_user_id=person.id if person else None, starts_at=start,
                              ends_at=start + timedelta(minutes=minutes), status="confirmed")
            s.commit()

    def month(self, service: Service, year: int = 2027, month_number: int = 1, *, now: datetime = NOW,
              staff: StaffUser | None = None) -> dict[date, appointments.DayAvailability]:
        with Session(self.engine) as s:
            days = appointments.month(s, service=s.get(Service, service.id), year=year, month_number=month_number, now=now,
                                      staff_user_id=staff.id if staff else None)
        return {d.day: d for d in days}

    def slots(self, service: Service, day: date, **kw) -> list[datetime]:
        return self.month(service, day.year, day.month, **kw)[day].slots

    def book(self, service: Service, start: datetime, *, staff: StaffUser | None = None, now: datetime = NOW,
             email: str = "ann@example.com") -> Booking:
        with unit_of_work(self.engine) as s:
            booking, self.token = appointments.book(s, service_id=service.id, starts_at=start, name="Ann", email=email,
                                                    now=now, staff_user_id=staff.id if staff else None)
            return booking


@pytest.fixture
def world(engine) -> World:
    return World(engine)


def _hours(*spans: tuple[int, int], days=EVERY_DAY) -> dict[int, list[tuple[time, time]]]:
    return {d: [(time(a), time(b)) for a, b in spans] for d in days}


# --- one person's hours ---------------------------------------------------------------


def test_split_hours_leave_the_lunch_break_out(world):
    ana = world.person("Ana", _hours((9, 12), (13, 17)))
    visit = world.service([ana])
    assert world.slots(visit, MONDAY) == every(MONDAY, "09:00", "11:00") + every(MONDAY, "13:00", "16:00")
    with pytest.raises(appointments.SlotUnavailable):
        world.book(visit, local(MONDAY, 11, 30))  # would run into the break


def test_overlapping_and_touching_intervals_are_one_stretch(world):
    ana = world.person("Ana", {0: [(time(9), time(12)), (time(11), time(14)), (time(14), time(15)), (time(9), time(10))]})
    visit = world.service([ana])
    slots = world.slots(visit, MONDAY)
    assert slots == every(MONDAY, "09:00", "14:00")  # no duplicate, 13:30-14:30 runs across the joint
    assert len(set(slots)) == len(slots)
    assert world.month(visit)[MONDAY].dots == 3


def test_a_date_override_replaces_that_days_hours(world):
    ana = world.person("Ana", _hours((9, 17)))
    visit = world.service([ana])
    world.add(DateOverride(organization_id=world.org.id, staff_user_id=ana.id, day=TUESDAY, start_time=time(14), end_time=time(16)),
              DateOverride(organization_id=world.org.id, staff_user_id=ana.id, day=TUESDAY, start_time=time(7), end_time=time(8)))
    month = world.month(visit)
    assert month[TUESDAY].slots == times(TUESDAY, "07:00", "14:00", "14:30", "15:00")
    next_week = TUESDAY + timedelta(days=7)
    assert month[next_week].slots == every(next_week, "09:00", "16:00")
    assert month[TUESDAY].dots == 3  # the override's hours are the whole day: all free


def test_a_date_override_without_times_closes_the_day_and_one_with_times_opens_a_closed_day(world):
    ana = world.person("Ana", _hours((9, 17), days=range(5)))
    visit = world.service([ana])
    sunday = date(2027, 1, 17)
    world.add(DateOverride(organization_id=world.org.id, staff_user_id=ana.id, day=TUESDAY),
              DateOverride(organization_id=world.org.id, staff_user_id=ana.id, day=sunday, start_time=time(10), end_time=time(12)))
    month = world.month(visit)
    assert (month[TUESDAY].slots, month[TUESDAY].dots) == ([], 0)
    assert month[sunday].slots == times(sunday, "10:00", "10:30", "11:00")
    with pytest.raises(appointments.SlotUnavailable):
        world.book(visit, local(TUESDAY, 10))


def test_personal_time_off_blocks_only_that_person(world):
    ana = world.person("Ana", _hours((9, 13)))
    ben = world.person("Ben", _hours((9, 13)))
    visit = world.service([ana, ben])
    world.add(TimeOff(organization_id=world.org.id, staff_user_id=ana.id, starts_at=local(MONDAY, 10), ends_at=local(MONDAY, 12),
                      reason="Dentist"))
    assert world.slots(visit, MONDAY, staff=ana) == times(MONDAY, "09:00", "12:00")
    assert world.slots(visit, MONDAY, staff=ben) == every(MONDAY, "09:00", "12:00")
    assert world.slots(visit, MONDAY) == every(MONDAY, "09:00", "12:00")  # Ben covers
    assert world.book(visit, local(MONDAY, 10)).staff_user_id == ben.id


def test_time_off_for_everyone_closes_the_business(world):
    ana = world.person("Ana", _hours((9, 17)))
    ben = world.person("Ben", _hours((9, 17)))
    visit = world.service([ana, ben])
    world.add(TimeOff(organization_id=world.org.id, staff_user_id=None, starts_at=local(MONDAY, 0),
                      ends_at=local(TUESDAY, 12), reason="Holiday"))
    month = world.month(visit)
    assert (month[MONDAY].slots, month[MONDAY].dots) == ([], 0)
    assert month[TUESDAY].slots == every(TUESDAY, "12:00", "16:00")


@pytest.mark.parametrize(("before", "after"), [(0, 15), (15, 0)])
def test_buffers_keep_time_free_on_both_sides_of_a_booking(world, before, after):
    ana = world.person("Ana", _hours((9, 13)))
    visit = world.service([ana], duration_minutes=30, buffer_before_minutes=before, buffer_after_minutes=after)
    world.booking(ana, local(MONDAY, 10), 60)  # 10:00-11:00
    # 09:30 would end at 10:00 with no room for the buffer; 11:00 would start right after.
    assert world.slots(visit, MONDAY) == times(MONDAY, "09:00", "11:30", "12:00", "12:30")
    with pytest.raises(appointments.SlotUnavailable):
        world.book(visit, local(MONDAY, 11))
    assert world.book(visit, local(MONDAY, 11, 30)).starts_at == local(MONDAY, 11, 30)


def test_both_buffers_add_up_between_two_bookings(world):
    ana = world.person("Ana", _hours((9, 13)))
    visit = world.service([ana], duration_minutes=30, buffer_before_minutes=15, buffer_after_minutes=15)
    world.booking(ana, local(MONDAY, 10), 60)
    assert world.slots(visit, MONDAY) == times(MONDAY, "09:00", "11:30", "12:00", "12:30")
    # 12:00-12:30: 11:30 would end right at it, with no room for its 15 min after and the
    # booking's 15 min before; 12:30 would start right after it.
    world.booking(ana, local(MONDAY, 12), 30)
    assert world.slots(visit, MONDAY) == times(MONDAY, "09:00")


def test_bookings_of_the_person_for_another_service_block_them_too(world):
    ana = world.person("Ana", _hours((9, 12)))
    visit = world.service([ana])
    other = world.service([ana], duration_minutes=30, slug="other")
    world.booking(ana, local(MONDAY, 9), 60, service=other)
    assert world.slots(visit, MONDAY) == every(MONDAY, "10:00", "11:00")


def test_minimum_notice_hides_times_that_start_too_soon(world):
    ana = world.person("Ana", _hours((9, 17)))
    visit = world.service([ana], min_notice_minutes=180)
    now = local(MONDAY, 8, 10)
    assert world.slots(visit, MONDAY, now=now)[0] == local(MONDAY, 11, 30)  # 08:10 + 3 h = 11:10
    with pytest.raises(appointments.SlotUnavailable):
        world.book(visit, local(MONDAY, 11), now=now)


def test_nothing_is_offered_past_the_horizon(world):
    ana = world.person("Ana", _hours((9, 17)))
    visit = world.service([ana], horizon_days=10)
    now = local(date(2027, 1, 4), 12, 10)  # the last start: 14 January, 12:10
    month = world.month(visit, now=now)
    assert month[date(2027, 1, 13)].slots == every(date(2027, 1, 13), "09:00", "16:00")
    assert month[date(2027, 1, 14)].slots == every(date(2027, 1, 14), "09:00", "12:00")
    assert all(not d.slots and d.dots == 0 for day, d in month.items() if day > date(2027, 1, 14))
    with pytest.raises(appointments.SlotUnavailable):
        world.book(visit, local(date(2027, 1, 14), 12, 30), now=now)
    assert world.book(visit, local(date(2027, 1, 14), 12), now=now).starts_at == local(date(2027, 1, 14), 12)


# --- several people -------------------------------------------------------------------


def test_several_staff_offer_the_union_of_their_times_and_one_can_be_picked(world):
    ana = world.person("Ana", _hours((9, 12)))
    ben = world.person("Ben", _hours((11, 15)))
    visit = world.service([ana, ben])
    assert world.slots(visit, MONDAY) == every(MONDAY, "09:00", "14:00")
    assert world.slots(visit, MONDAY, staff=ana) == every(MONDAY, "09:00", "11:00")
    assert world.slots(visit, MONDAY, staff=ben) == every(MONDAY, "11:00", "14:00")
    assert world.book(visit, local(MONDAY, 9), staff=ana).staff_user_id == ana.id
    with pytest.raises(appointments.SlotUnavailable):
        world.book(visit, local(MONDAY, 9), staff=ben)  # Ben starts at 11
    assert world.book(visit, local(MONDAY, 13), staff=ben).staff_user_id == ben.id
    with Session(world.engine) as s:
        names = [o.name for o in appointments.staff_options(s, service=s.get(Service, visit.id))]
    assert names == ["Ana", "Ben"]


def test_any_goes_to_the_free_person_with_fewest_bookings_that_day_then_the_lowest_id(world):
    ana = world.person("Ana", _hours((9, 13)))
    ben = world.person("Ben", _hours((9, 13)))
    visit = world.service([ana, ben])
    assert world.book(visit, local(TUESDAY, 10), email="a@example.com").staff_user_id == ana.id  # a tie: lowest id
    assert world.book(visit, local(TUESDAY, 12), email="b@example.com").staff_user_id == ben.id  # Ben has fewer
    assert world.book(visit, local(TUESDAY, 9), email="c@example.com").staff_user_id == ana.id  # a tie again
    assert world.book(visit, local(TUESDAY, 9), email="d@example.com").staff_user_id == ben.id  # only Ben is free
    with pytest.raises(appointments.SlotUnavailable):
        world.book(visit, local(TUESDAY, 9), email="e@example.com")
    assert local(TUESDAY, 9) not in world.slots(visit, TUESDAY)


def test_inactive_staff_are_left_out_and_cannot_be_picked(world):
    ana = world.person("Ana", _hours((9, 12)))
    ben = world.person("Ben", _hours((13, 17)), active=False)
    visit = world.service([ana, ben])
    assert world.slots(visit, MONDAY) == every(MONDAY, "09:00", "11:00")
    with pytest.raises(NotFound):
        world.book(visit, local(MONDAY, 14), staff=ben)
    with Session(world.engine) as s:
        assert [o.name for o in appointments.staff_options(s, service=s.get(Service, visit.id))] == ["Ana"]


def test_someone_who_does_not_give_the_service_cannot_be_picked(world):
    ana = world.person("Ana", _hours((9, 12)))
    ben = world.person("Ben", _hours((9, 12)))
    visit = world.service([ana])
    with pytest.raises(NotFound):
        world.book(visit, local(MONDAY, 10), staff=ben)
    assert world.slots(visit, MONDAY, staff=ben) == []


def test_a_service_without_staff_rows_falls_back_to_its_staff_member(world):
    ana = world.person("Ana", _hours((9, 11)))
    with Session(world.engine, expire_on_commit=False) as s:
        legacy = Service(organization_id=world.org.id, kind="appointment", name="Old", slug="old", duration_minutes=60,
                         staff_user_id=ana.id)
        s.add(legacy)
        s.commit()
    assert world.slots(legacy, MONDAY) == every(MONDAY, "09:00", "10:00")


def test_rescheduling_keeps_the_booking_with_its_person(world):
    ana = world.person("Ana", _hours((9, 12)))
    ben = world.person("Ben", _hours((14, 17)))
    visit = world.service([ana, ben])
    booking = world.book(visit, local(MONDAY, 9))
    assert booking.staff_user_id == ana.id
    with unit_of_work(world.engine) as s, pytest.raises(appointments.SlotUnavailable):
        manage_booking.reschedule(s, token=world.token, starts_at=local(TUESDAY, 15), now=NOW)  # only Ben then
    with unit_of_work(world.engine) as s:
        moved = manage_booking.reschedule(s, token=world.token, starts_at=local(TUESDAY, 10), now=NOW)
        assert (moved.staff_user_id, moved.starts_at) == (ana.id, local(TUESDAY, 10))


def test_two_customers_cannot_both_book_the_last_slot(world):
    ana = world.person("Ana", _hours((10, 11)))
    ben = world.person("Ben", _hours((10, 11)))
    visit = world.service([ana, ben])
    results: list[str] = []

    def attempt(i: int) -> None:
        try:
            world.book(visit, local(MONDAY, 10), email=f"racer{i}@example.com")
            results.append("booked")
        except appointments.SlotUnavailable:
            results.append("taken")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(5)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(results) == ["booked"] * 2 + ["taken"] * 3
    with Session(world.engine) as s:
        staff = sorted(b.staff_user_id for b in s.exec(select(Booking).where(Booking.service_id == visit.id)))
    assert staff == [ana.id, ben.id]
    assert world.slots(visit, MONDAY) == []


def test_a_month_is_a_handful_of_queries_whatever_the_number_of_staff(world):
    def statements(service: Service) -> int:
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2]) if args[2].lstrip().upper().startswith("SELECT") else None  # noqa: E731
        event.listen(world.engine, "before_cursor_execute", listener)
        try:
            world.month(service)
        finally:
            event.remove(world.engine, "before_cursor_execute", listener)
        return len(seen)

    people = [world.person(f"P{i}", _hours((9, 12), (13, 17))) for i in range(5)]
    for p in people:
        world.booking(p, local(MONDAY, 9))
    one, five = world.service(people[:1]), world.service(people)
    # The service row (the test's), then the organization, the team, hours, overrides,
    # time off, the longest duration and the bookings: 8, for 1 or 5 people.
    assert statements(one) == statements(five) == 8


# --- DST ------------------------------------------------------------------------------

NIGHT_AND_DAY = _hours((1, 4), (9, 17))
DST_WEEKS = [
    # timezone, the change day (a Sunday), an hour lost (-1) or gained (+1)
    ("Europe/Berlin", date(2027, 3, 28), -1),
    ("Europe/Berlin", date(2027, 10, 31), +1),
    ("America/New_York", date(2027, 3, 14), -1),
    ("America/New_York", date(2027, 11, 7), +1),
]
# The night's starts as the clock shows them: Berlin repeats 02:00-03:00, New York 01:00-02:00.
AUTUMN_NIGHT = {
    "Europe/Berlin": ["01:00", "01:30", "02:00", "02:30", "02:00", "02:30", "03:00"],
    "America/New_York": ["01:00", "01:30", "01:00", "01:30", "02:00", "02:30", "03:00"],
}


@pytest.mark.parametrize(("tz", "change", "shift"), DST_WEEKS, ids=[f"{tz}-{d}" for tz, d, _ in DST_WEEKS])
def test_the_weeks_of_dst_changes_have_the_right_utc_times(engine, tz, change, shift):
    world = World(engine, tz)
    zone = ZoneInfo(tz)
    ana = world.person("Ana", NIGHT_AND_DAY)
    visit = world.service([ana])  # one hour, a start every half hour
    now = datetime(change.year, change.month, 1, tzinfo=UTC)
    days = {**world.month(visit, change.year, change.month, now=now)}
    if (change - timedelta(days=6)).month != change.month:
        days.update(world.month(visit, change.year, change.month - 1, now=now))
    if (change + timedelta(days=1)).month != change.month:
        days.update(world.month(visit, change.year, change.month + 1, now=now))
    for offset in range(-6, 2):  # Monday before to Monday after
        day = change + timedelta(days=offset)
        slots = days[day].slots
        assert slots == sorted(set(slots)), day  # no duplicate, in order
        assert all(s.tzinfo == UTC for s in slots)
        night, daytime = [s for s in slots if s.astimezone(zone).hour < 9], [s for s in slots if s.astimezone(zone).hour >= 9]
        # 09:00-17:00 is always 15 starts, from 09:00 local in that day's offset.
        assert daytime == every(day, "09:00", "16:00", tz=zone), day
        assert days[day].dots == 3
        if day != change:
            assert night == every(day, "01:00", "03:00", tz=zone), day
            continue
        # 01:00-04:00 is 2 real hours (spring) or 4 (autumn): 3 or 7 starts, each a distinct UTC moment.
        first = datetime.combine(day, time(1), zone).astimezone(UTC)
        assert night == [first + timedelta(minutes=30 * i) for i in range(5 + 2 * shift)], day
        labels = [s.astimezone(zone).strftime("%H:%M") for s in night]
        if shift < 0:
            assert labels == ["01:00", "01:30", "03:00"]
        else:
            assert labels == AUTUMN_NIGHT[tz]  # one hour twice, at two offsets
    # The hour after the gap can be booked, and in autumn both runs of the repeated hour.
    night = [s for s in days[change].slots if s.astimezone(zone).hour < 9]
    repeated = [s for s in night if s.astimezone(zone).strftime("%H:%M") == AUTUMN_NIGHT[tz][2]]
    for i, start in enumerate(repeated if shift > 0 else [night[2]]):
        booking = world.book(visit, start, now=now, email=f"dst{i}@example.com")
        assert booking.starts_at == start and booking.ends_at - booking.starts_at == timedelta(hours=1)


@pytest.mark.parametrize(("tz", "change", "shift"), DST_WEEKS, ids=[f"{tz}-{d}" for tz, d, _ in DST_WEEKS])
def test_dots_on_dst_days_count_the_starts_the_day_really_has(tz, change, shift):
    calendar = StaffCalendar(1, {6: [(time(1), time(4)), (time(9), time(17))]}, {}, [], [])
    rules = BookingRules(duration=timedelta(hours=1), step=timedelta(minutes=30), min_notice=timedelta(0),
                         horizon=timedelta(days=400))
    engine = Engine([calendar], tz=tz, rules=rules, now=datetime(2027, 1, 1, tzinfo=UTC))
    free, possible = engine.day(change)
    assert possible == len(free[1]) == 15 + 5 + 2 * shift
    normal_free, normal_possible = engine.day(change + timedelta(days=7))
    assert normal_possible == len(normal_free[1]) == 20
