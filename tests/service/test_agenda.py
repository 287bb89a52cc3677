"""The agenda (calendar): bookings, class sessions and time off by local day in the
organization's timezone, each on its staff member's calendar, with booked counts, the flag
of flagged customers, the team's hours, and a filter for one staff member."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, PermissionDenied
from bookingapp.models import ClassSession, DateOverride, Organization, Service, StaffUser, TimeOff
from bookingapp.services import agenda
from bookingapp.services.accounts import actor_for
from bookingapp.services.actors import Actor
from tests import factories

MONDAY = date(2026, 11, 23)


@pytest.fixture
def world(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "studio", timezone="Europe/Berlin")
        owner = factories.staff(s, org, name="Olga Owner")
        coach = factories.staff(s, org, "coach@studio.test", name="Carl Coach", role="staff")
        tasting = factories.request_service(s, org, staff_user_id=owner.id)
        yoga = Service(organization_id=org.id, kind="class", name="Yoga", slug="yoga", duration_minutes=60,
                       staff_user_id=coach.id)
        s.add(yoga)
        s.flush()
        ann = factories.customer(s, org, "ann@example.com", name="Ann", alert_message="Owes 40 EUR")
        bob = factories.customer(s, org, "bob@example.com", name="Bob")
        # 23:30 UTC on Monday is already Tuesday 00:30 in Berlin.
        factories.booking(s, org, customer_row=bob, service=tasting, status="confirmed", reference="LATE",
                          starts_at=datetime(2026, 11, 23, 23, 30, tzinfo=UTC))
        factories.booking(s, org, customer_row=ann, service=tasting, status="confirmed", reference="ANN",
                          starts_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
        factories.booking(s, org, customer_row=bob, service=tasting, status="cancelled", reference="GONE",
                          starts_at=datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
        factories.booking(s, org, customer_row=bob, service=tasting, status="confirmed", reference="NEXTWEEK",
                          starts_at=datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
        # Given by the coach although the service is the owner's: the booking's own staff member counts.
        factories.booking(s, org, customer_row=bob, service=tasting, status="confirmed", reference="COACHED",
                          staff_user_id=coach.id, starts_at=datetime(2026, 11, 24, 14, 0, tzinfo=UTC))
        start = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
        session = ClassSession(organization_id=org.id, service_id=yoga.id, starts_at=start, ends_at=start + timedelta(hours=1),
                               capacity=12)
        dropped = ClassSession(organization_id=org.id, service_id=yoga.id, starts_at=start + timedelta(days=1),
                               ends_at=start + timedelta(days=1, hours=1), capacity=12, cancelled=True)
        s.add_all([session, dropped])
        s.flush()
        for who, party, status in [(ann, 2, "confirmed"), (bob, 3, "confirmed"), (bob, 1, "cancelled")]:
            factories.booking(s, org, customer_row=who, service=yoga, session_id=session.id, party_size=party, status=status,
                              starts_at=start, alert_message=None)
        # The coach is off Thursday afternoon; everyone from Saturday noon to Sunday noon (Berlin).
        s.add_all([
            TimeOff(organization_id=org.id, staff_user_id=coach.id, starts_at=datetime(2026, 11, 26, 12, tzinfo=UTC),
                    ends_at=datetime(2026, 11, 26, 16, tzinfo=UTC), reason="Dentist"),
            TimeOff(organization_id=org.id, staff_user_id=None, starts_at=datetime(2026, 11, 28, 11, tzinfo=UTC),
                    ends_at=datetime(2026, 11, 29, 11, tzinfo=UTC), reason="Team day"),
        ])
        factories.weekly_hours(s, owner, {d: [(time(9), time(12)), (time(13), time(17))] for d in range(5)})
        factories.weekly_hours(s, coach, {1: [(time(10), time(16))], 3: [(time(10), time(16))]})
        s.add_all([DateOverride(organization_id=org.id, staff_user_id=owner.id, day=MONDAY + timedelta(days=2)),
                   DateOverride(organization_id=org.id, staff_user_id=coach.id, day=MONDAY + timedelta(days=3),
                                start_time=time(8), end_time=time(11))])
        other = factories.organization(s, "other", timezone="Europe/Berlin")
        factories.booking(s, other, status="confirmed", starts_at=datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
        factories.staff(s, other, name="Stranger")
        return actor_for(owner), owner.id, coach.id


def _agenda(engine, actor, first=MONDAY, days=7, staff=None) -> agenda.Agenda:
    with Session(engine) as s:
        return agenda.agenda(s, actor=actor, first_day=first, days=days, staff_user_id=staff)


def _titles(day: agenda.AgendaDay) -> list[tuple[str, str]]:
    return [(i.kind, i.title) for i in day.items]


def test_a_week_groups_bookings_by_local_day_and_skips_cancelled_ones(engine, world):
    days = _agenda(engine, world[0]).days
    assert [d.day for d in days] == [MONDAY + timedelta(days=i) for i in range(7)]
    monday, tuesday = days[0], days[1]
    assert [(i.title, i.href) for i in monday.items] == [("Ann", "/dashboard/orders/ANN")]
    assert [i.title for i in tuesday.items] == ["Bob", "Bob"]  # 00:30 Berlin time, not Monday; then COACHED
    assert [i.href for i in tuesday.items] == ["/dashboard/orders/LATE", "/dashboard/orders/COACHED"]


def test_every_item_is_on_the_calendar_of_its_staff_member(engine, world):
    actor, owner, coach = world
    found = _agenda(engine, actor)
    whose = {i.href: i.staff_user_id for d in found.days for i in d.items if i.kind != "time_off"}
    assert whose["/dashboard/orders/ANN"] == owner  # the service's staff member
    assert whose["/dashboard/orders/COACHED"] == coach  # the booking's own
    assert [i.staff_user_id for i in found.days[2].items if i.kind == "session"] == [coach]
    assert [(m.id, m.name) for m in found.staff] == [(coach, "Carl Coach"), (owner, "Olga Owner")]
    assert found.team == found.staff
    assert found.timezone == "Europe/Berlin"


def test_sessions_show_places_booked_of_capacity_and_who_is_flagged(engine, world):
    wednesday = _agenda(engine, world[0]).days[2]
    (session,) = wednesday.items
    assert (session.kind, session.title, session.detail) == ("session", "Yoga", "5/12")
    assert (session.booked, session.capacity) == (5, 12)
    assert session.alert == "Ann: Owes 40 EUR"
    assert session.href.startswith("/dashboard/schedule/")


def test_a_flagged_customers_booking_carries_the_flag_and_others_do_not(engine, world):
    monday, tuesday = _agenda(engine, world[0]).days[:2]
    assert monday.items[0].alert == "Owes 40 EUR"
    assert tuesday.items[0].alert == ""


def test_time_off_shows_for_its_person_and_everyones_on_every_day_it_touches(engine, world):
    actor, _, coach = world
    days = _agenda(engine, actor).days
    thursday, saturday, sunday = days[3], days[5], days[6]
    assert [(i.kind, i.title, i.staff_user_id) for i in thursday.items] == [("time_off", "Dentist", coach)]
    assert [(i.kind, i.title, i.staff_user_id) for i in saturday.items] == [("time_off", "Team day", None)]
    assert sunday.items == saturday.items  # the same time off, until Sunday noon
    assert thursday.items[0].href == "/dashboard/availability"


def test_the_staff_filter_keeps_one_persons_items_and_everyones_time_off(engine, world):
    actor, owner, coach = world
    found = _agenda(engine, actor, staff=coach)
    assert [(m.id, m.name) for m in found.staff] == [(coach, "Carl Coach")]
    assert len(found.team) == 2  # pickers still offer everyone
    items = [(d.day.weekday(), i.kind, i.title) for d in found.days for i in d.items]
    assert items == [(1, "booking", "Bob"), (2, "session", "Yoga"), (3, "time_off", "Dentist"),
                     (5, "time_off", "Team day"), (6, "time_off", "Team day")]
    owners = [(i.title, i.kind) for d in _agenda(engine, actor, staff=owner).days for i in d.items]
    assert ("Dentist", "time_off") not in owners and ("Yoga", "session") not in owners
    assert ("Team day", "time_off") in owners


def test_opening_hours_per_person_and_day_follow_overrides(engine, world):
    actor, owner, coach = world
    hours = _agenda(engine, actor).hours
    assert hours[(owner, MONDAY)] == [(time(9), time(12)), (time(13), time(17))]
    assert (owner, MONDAY + timedelta(days=2)) not in hours  # closed that date
    assert hours[(coach, MONDAY + timedelta(days=3))] == [(time(8), time(11))]  # Thursday's override
    assert hours[(coach, MONDAY + timedelta(days=1))] == [(time(10), time(16))]
    assert (coach, MONDAY) not in hours and (owner, MONDAY + timedelta(days=5)) not in hours


def test_a_booking_of_nobody_and_a_deactivated_members_booking_get_their_own_columns(engine, world):
    actor = world[0]
    with unit_of_work(engine) as s:
        org = s.get(Organization, actor.organization_id)
        nobodys = factories.request_service(s, org, slug="nobodys", staff_user_id=None)
        factories.booking(s, org, service=nobodys, status="confirmed", reference="NOBODY",
                          starts_at=datetime(2026, 11, 27, 9, tzinfo=UTC))
        gone = factories.staff(s, org, "gone@studio.test", name="Gina Gone", role="staff", active=False)
        factories.booking(s, org, service=nobodys, status="confirmed", reference="GONEBYE", staff_user_id=gone.id,
                          starts_at=datetime(2026, 11, 27, 10, tzinfo=UTC))
        gone_id = gone.id
    found = _agenda(engine, actor)
    assert [(m.id, m.name) for m in found.staff][2:] == [(gone_id, "Gina Gone"), (None, "")]
    assert gone_id not in [m.id for m in found.team]  # nobody picks a deactivated member
    friday = found.days[4]
    assert {i.href: i.staff_user_id for i in friday.items} == {"/dashboard/orders/NOBODY": None,
                                                              "/dashboard/orders/GONEBYE": gone_id}


def test_something_over_midnight_is_on_both_days(engine, world):
    actor, owner, _ = world
    with unit_of_work(engine) as s:
        org = s.get(Organization, actor.organization_id)
        service = factories.request_service(s, org, slug="night", duration_minutes=180, staff_user_id=owner)
        factories.booking(s, org, service=service, status="confirmed", reference="NIGHT",
                          starts_at=datetime(2026, 11, 27, 21, 30, tzinfo=UTC))  # Fri 22:30 to Sat 01:30 Berlin
    days = _agenda(engine, actor).days
    assert "/dashboard/orders/NIGHT" in [i.href for i in days[4].items]
    assert "/dashboard/orders/NIGHT" in [i.href for i in days[5].items]
    # A day view of Saturday alone still holds it: it began the evening before.
    (saturday,) = _agenda(engine, actor, MONDAY + timedelta(days=5), days=1).days
    assert "/dashboard/orders/NIGHT" in [i.href for i in saturday.items]


def test_the_day_view_is_one_day_and_other_organizations_never_show(engine, world):
    (tuesday,) = _agenda(engine, world[0], MONDAY + timedelta(days=1), days=1).days
    assert [i.href for i in tuesday.items] == ["/dashboard/orders/LATE", "/dashboard/orders/COACHED"]
    assert "Stranger" not in [m.name for m in _agenda(engine, world[0]).team]


def test_a_staff_member_of_another_business_is_not_found(engine, world):
    with Session(engine) as s:
        stranger = s.exec(select(StaffUser.id).where(StaffUser.name == "Stranger")).one()
    with pytest.raises(NotFound):
        _agenda(engine, world[0], staff=stranger)


def test_only_staff_see_the_agenda(engine, world):
    with pytest.raises(PermissionDenied):
        _agenda(engine, Actor("customer", world[0].organization_id, 1, "Ann"))
