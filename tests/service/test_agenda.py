"""The agenda (calendar): bookings and class sessions grouped by local day in the
organization's timezone, with booked counts and the flag of flagged customers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import PermissionDenied
from bookingapp.models import ClassSession, Service
from bookingapp.services import agenda
from bookingapp.services.actors import Actor
from tests import factories

MONDAY = date(2026, 11, 23)


@pytest.fixture
def world(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "studio", timezone="Europe/Berlin")
        staff = factories.staff_actor(s, org)
        tasting = factories.request_service(s, org)
        yoga = Service(organization_id=org.id, kind="class", name="Yoga", slug="yoga", duration_minutes=60)
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
        other = factories.organization(s, "other", timezone="Europe/Berlin")
        factories.booking(s, other, status="confirmed", starts_at=datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
        return staff


def _week(engine, actor, first=MONDAY, days=7):
    with Session(engine) as s:
        return agenda.agenda(s, actor=actor, first_day=first, days=days)[1]


def test_a_week_groups_bookings_by_local_day_and_skips_cancelled_ones(engine, world):
    days = _week(engine, world)
    assert [d.day for d in days] == [MONDAY + timedelta(days=i) for i in range(7)]
    monday, tuesday = days[0], days[1]
    assert [(i.title, i.href) for i in monday.items] == [("Ann", "/dashboard/orders/ANN")]
    assert [i.title for i in tuesday.items] == ["Bob"]  # 00:30 Berlin time, not Monday


def test_sessions_show_places_booked_and_who_is_flagged(engine, world):
    wednesday = _week(engine, world)[2]
    (session,) = wednesday.items
    assert (session.kind, session.title, session.detail) == ("session", "Yoga", "5/12")
    assert session.alert == "Ann: Owes 40 EUR"
    assert all(i.kind != "session" for d in _week(engine, world) if d.day != wednesday.day for i in d.items)


def test_a_flagged_customers_booking_carries_the_flag_and_others_do_not(engine, world):
    monday, tuesday = _week(engine, world)[:2]
    assert monday.items[0].alert == "Owes 40 EUR"
    assert tuesday.items[0].alert == ""


def test_the_day_view_is_one_day_and_other_organizations_never_show(engine, world):
    (tuesday,) = _week(engine, world, MONDAY + timedelta(days=1), days=1)
    assert [i.title for i in tuesday.items] == ["Bob"]


def test_only_staff_see_the_agenda(engine, world):
    with pytest.raises(PermissionDenied):
        _week(engine, Actor("customer", world.organization_id, 1, "Ann"))
