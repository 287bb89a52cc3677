"""The same appointment time, wanted by many customers at once, in threads and in two workers."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import Session, func, select

from bookingapp.db import unit_of_work
from bookingapp.models import Booking, OutboxEmail, Service, utcnow
from bookingapp.services import appointments
from tests import factories
from tests.concurrency.race import race_processes, race_threads, seeded


def book(engine, service_id: int, starts_at_iso: str, email: str) -> None:
    from datetime import datetime

    with unit_of_work(engine) as s:
        appointments.book(s, service_id=service_id, starts_at=datetime.fromisoformat(starts_at_iso), name="Racer",
                          email=email, now=utcnow())


@pytest.fixture
def service_id(engine) -> int:
    with unit_of_work(engine) as s:
        org = factories.organization(s, "consult", timezone="Europe/Berlin")
        owner = factories.staff(s, org)
        return factories.appointment_service(s, org, staff_user_id=owner.id, prepayment="none").id


def _free_times(engine, service_id: int) -> list:
    now = utcnow()
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    with Session(engine) as s:
        days = appointments.month(s, service=s.get(Service, service_id), year=year, month_number=month, now=now)
    return [slot for day in days for slot in day.slots]


def _check(engine, service_id, when, outcomes: list[str], seed: int) -> None:
    assert Counter(outcomes) == {"ok": 1, "SlotUnavailable": len(outcomes) - 1}, (seed, outcomes)
    with Session(engine) as s:
        [booking] = s.exec(select(Booking).where(Booking.service_id == service_id, Booking.starts_at == when,
                                                 Booking.status.in_(("confirmed", "pending_payment")))).all()
        emails = s.exec(select(OutboxEmail.template_key).where(OutboxEmail.booking_id == booking.id)).all()
        assert sorted(emails) == sorted(set(emails)), (seed, emails)  # one email of each kind
        assert s.exec(select(func.count()).select_from(Booking).where(Booking.starts_at == when)).one() == 1


def test_many_customers_booking_one_time_in_threads_get_one_booking(engine, service_id):
    free = _free_times(engine, service_id)
    for _ in range(4):
        seed, rng = seeded()
        when = free.pop(rng.randrange(len(free)))
        racers = [f"r{i}-{seed}@example.com" for i in range(rng.randint(2, 8))]
        outcomes = race_threads(engine, [lambda e, m=m, w=when: book(e, service_id, w.isoformat(), m) for m in racers], rng)
        _check(engine, service_id, when, outcomes, seed)


def test_many_customers_booking_one_time_on_two_workers_get_one_booking(db_url, engine, service_id):
    free = _free_times(engine, service_id)
    for _ in range(2):
        seed, rng = seeded()
        when = free.pop(rng.randrange(len(free)))
        racers = [(service_id, when.isoformat(), f"r{i}-{seed}@example.com") for i in range(rng.randint(3, 8))]
        outcomes = race_processes(db_url, f"{__name__}:book", racers, rng)
        _check(engine, service_id, when, list(outcomes.values()), seed)
