"""Two (or more) front desks book one staff member at the same moment: exactly one booking
stands, the others are told the person is taken, in threads and in two workers.

Also through two services the person gives (the staff row lock, not the service row,
serializes them), and against a customer booking the same time on the portal.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, func, select

from bookingapp.db import unit_of_work
from bookingapp.domain.booking_states import ACTIVE
from bookingapp.models import Booking, Organization, StaffUser, utcnow
from bookingapp.services import appointments, front_desk
from bookingapp.services.accounts import actor_for
from tests import factories
from tests.concurrency.race import race_processes, race_threads, seeded


def book_at_desk(engine, desk_email: str, service_id: int, starts_at_iso: str, customer_name: str) -> None:
    with unit_of_work(engine) as s:
        actor = actor_for(s.exec(select(StaffUser).where(StaffUser.email == desk_email)).one())
        form = front_desk.FrontDeskBooking(service_id=service_id, new_name=customer_name,
                                           starts_at=datetime.fromisoformat(starts_at_iso), payment="venue", outside_hours=True)
        front_desk.book(s, actor=actor, form=form, now=utcnow())


def book_online(engine, service_id: int, starts_at_iso: str, email: str) -> None:
    with unit_of_work(engine) as s:
        appointments.book(s, service_id=service_id, starts_at=datetime.fromisoformat(starts_at_iso), name="Online",
                          email=email, now=utcnow())


@pytest.fixture
def world(engine) -> dict:
    """Sam gives a consultation and a massage; four colleagues sit at front desks."""
    with unit_of_work(engine) as s:
        org = factories.organization(s, "desks", timezone="Europe/Berlin")
        sam = factories.staff(s, org, "sam@desks.test", name="Sam", role="staff")
        desks = [factories.staff(s, org, f"desk{i}@desks.test", name=f"Desk {i}", role="staff").email for i in range(4)]
        consult = factories.appointment_service(s, org, staff=sam, prepayment="none")
        massage = factories.appointment_service(s, org, staff=sam, name="Massage", slug="massage", prepayment="none")
        return {"org_id": org.id, "sam_id": sam.id, "desks": desks, "services": [consult.id, massage.id]}


def _times(rng, count: int) -> list[datetime]:
    """Distinct whole hours next month (one a round, so rounds never meet)."""
    now = utcnow()
    first = (now.replace(day=1) + timedelta(days=32)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    hours = rng.sample(range(24 * 27), count)
    return [first.replace(tzinfo=UTC) + timedelta(hours=h) for h in hours]


def _check(engine, world, when: datetime, outcomes: list[str], seed: int, losers: set[str]) -> None:
    counted = Counter(outcomes)
    assert counted["ok"] == 1 and set(counted) - {"ok"} <= losers, (seed, outcomes)
    with Session(engine) as s:
        org = s.get(Organization, world["org_id"])
        overlapping = s.exec(select(func.count()).select_from(Booking).where(
            Booking.organization_id == org.id, Booking.staff_user_id == world["sam_id"], col(Booking.status).in_(ACTIVE),
            Booking.starts_at < when + timedelta(hours=1), Booking.ends_at > when)).one()
    assert overlapping == 1, (seed, overlapping)


def test_front_desks_booking_one_person_at_once_in_threads_get_one_booking(engine, world):
    seed, rng = seeded()
    for when in _times(rng, 4):
        # Each desk through either service: the person is what they share.
        racers = [(desk, rng.choice(world["services"])) for desk in rng.sample(world["desks"], rng.randint(2, 4))]
        calls = [lambda e, d=d, v=v, w=when: book_at_desk(e, d, v, w.isoformat(), f"Caller of {d}") for d, v in racers]
        outcomes = race_threads(engine, calls, rng)
        _check(engine, world, when, outcomes, seed, {"StaffBusy"})


def test_front_desks_booking_one_person_at_once_on_two_workers_get_one_booking(db_url, engine, world):
    seed, rng = seeded()
    for when in _times(rng, 2):
        racers = [(d, world["services"][i % 2], when.isoformat(), f"Caller {i}") for i, d in enumerate(world["desks"])]
        outcomes = race_processes(db_url, f"{__name__}:book_at_desk", racers, rng)
        _check(engine, world, when, list(outcomes.values()), seed, {"StaffBusy"})


def test_a_front_desk_and_customers_online_racing_for_one_time_get_one_booking(engine, world):
    seed, rng = seeded()
    # A time inside Sam's hours (09-17 Berlin), so the portal offers it too.
    day = (utcnow() + timedelta(days=10)).date()
    when = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
    calls = [lambda e: book_at_desk(e, world["desks"][0], world["services"][0], when.isoformat(), "Caller")]
    calls += [lambda e, i=i: book_online(e, world["services"][i % 2], when.isoformat(), f"online{i}-{seed}@example.com")
              for i in range(rng.randint(2, 5))]
    outcomes = race_threads(engine, calls, rng)
    _check(engine, world, when, outcomes, seed, {"StaffBusy", "SlotUnavailable"})
