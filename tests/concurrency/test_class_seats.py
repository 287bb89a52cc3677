"""The last places of a class: many customers at once, in threads and in two workers.

Invariants: never more seats than places, exactly min(racers, places) winners, the
losers told the class is full, credits taken once per seat, one set of emails per seat.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from bookingapp.db import unit_of_work
from bookingapp.models import (
    Booking,
    CreditLedger,
    Customer,
    Organization,
    OutboxEmail,
    Service,
    utcnow,
)
from bookingapp.services import class_bookings, credits
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.concurrency.race import race_processes, race_threads, seeded
from tests.service.class_fixtures import class_service, class_session, give_credits

CREDITS, COST = 5, 2


def book_seat(engine, session_id: int, customer_id: int) -> None:
    with unit_of_work(engine) as s:
        customer = s.get(Customer, customer_id)
        class_bookings.book_seat(s, class_session_id=session_id, customer=customer, actor=customer_actor(customer),
                                 now=utcnow(), source="online")


@pytest.fixture
def studio(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin")
        service = class_service(s, org)
    return org.id, service.id


def _round(engine, studio, rng, places: int, racers: int) -> tuple[int, list[int]]:
    org_id, service_id = studio
    with unit_of_work(engine) as s:
        cs = class_session(s, s.get(Service, service_id), starts_at=utcnow() + timedelta(days=3, minutes=rng.randrange(600)),
                           capacity=places, credit_cost=COST)
        people = []
        for _ in range(racers):
            c = factories.customer(s, s.get(Organization, org_id), f"r{rng.randrange(10**9)}@example.com", name="Racer")
            give_credits(s, c, CREDITS)
            people.append(c.id)
    return cs.id, people


def _check(engine, session_id: int, people: list[int], outcomes: list[str], places: int, baseline_emails: int, seed: int):
    winners = min(places, len(people))
    assert Counter(outcomes) == {"ok": winners, "SessionFull": len(people) - winners}, (seed, outcomes)
    with Session(engine) as s:
        seats = s.exec(select(Booking).where(Booking.session_id == session_id, Booking.status == "confirmed")).all()
        assert len(seats) == winners <= places, seed
        assert len({b.customer_id for b in seats}) == winners, seed  # nobody twice
        balances = sorted(credits.balance(s, c) for c in people)
        assert balances == sorted([CREDITS - COST] * winners + [CREDITS] * (len(people) - winners)), seed
        for seat in seats:
            emails = s.exec(select(func.count()).select_from(OutboxEmail).where(OutboxEmail.booking_id == seat.id)).one()
            assert emails == baseline_emails, (seed, seat.id, emails)
        spends = s.exec(select(func.count()).select_from(CreditLedger).where(CreditLedger.delta < 0,
                                                                            CreditLedger.customer_id.in_(people))).one()
        assert spends == winners, seed


def _baseline_emails(engine, studio) -> int:
    """How many emails one uncontested seat booking queues."""
    import random

    session_id, [solo] = _round(engine, studio, random.Random(0), places=1, racers=1)
    book_seat(engine, session_id, solo)
    with Session(engine) as s:
        return s.exec(select(func.count()).select_from(OutboxEmail).join(Booking, OutboxEmail.booking_id == Booking.id)
                      .where(Booking.session_id == session_id)).one()


def test_customers_racing_in_threads_never_overfill_a_class(engine, studio):
    baseline = _baseline_emails(engine, studio)
    for _ in range(4):
        seed, rng = seeded()
        places = rng.randint(1, 3)
        session_id, people = _round(engine, studio, rng, places, rng.randint(places + 1, 8))
        outcomes = race_threads(engine, [lambda e, c=c, sid=session_id: book_seat(e, sid, c) for c in people], rng)
        _check(engine, session_id, people, outcomes, places, baseline, seed)


def test_customers_racing_on_two_workers_never_overfill_a_class(db_url, engine, studio):
    baseline = _baseline_emails(engine, studio)
    for _ in range(2):
        seed, rng = seeded()
        places = rng.randint(1, 3)
        session_id, people = _round(engine, studio, rng, places, rng.randint(places + 2, 8))
        outcomes = race_processes(db_url, f"{__name__}:book_seat", [(session_id, c) for c in people], rng)
        _check(engine, session_id, people, list(outcomes.values()), places, baseline, seed)
