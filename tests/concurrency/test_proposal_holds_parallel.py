"""A provider proposes a time while customers book that very time (issue 21, item 12):
either the proposal holds it and the customers are told it is taken, or a customer got
it and the proposal is refused; never both. In threads and in two workers, through the
service itself and through another service of the same person."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, func, select

from bookingapp.db import unit_of_work
from bookingapp.domain.booking_states import ACTIVE
from bookingapp.models import Booking, Proposal, ProposedSlot, StaffUser, utcnow
from bookingapp.services import appointments, rebooking
from bookingapp.services.accounts import actor_for
from tests import factories
from tests.concurrency.race import race_processes, race_threads, seeded


def propose(engine, owner_email: str, booking_id: int, starts_at_iso: str) -> None:
    with unit_of_work(engine) as s:
        actor = actor_for(s.exec(select(StaffUser).where(StaffUser.email == owner_email)).one())
        rebooking.request_rebooking(s, actor=actor, booking_id=booking_id, initiator="provider", reason="The room is closed.",
                                    slots=[datetime.fromisoformat(starts_at_iso)], now=utcnow())


def book_online(engine, service_id: int, starts_at_iso: str, email: str) -> None:
    with unit_of_work(engine) as s:
        appointments.book(s, service_id=service_id, starts_at=datetime.fromisoformat(starts_at_iso), name="Online", email=email,
                          now=utcnow())


@pytest.fixture
def world(engine) -> dict:
    """Sam gives a consultation and a massage, open every day 09-17 Berlin."""
    with unit_of_work(engine) as s:
        org = factories.organization(s, "holds", timezone="Europe/Berlin")
        owner = factories.staff(s, org, "owner@holds.test", name="Owner")
        sam = factories.staff(s, org, "sam@holds.test", name="Sam", role="staff")
        consult = factories.appointment_service(s, org, staff=sam, prepayment="none")
        massage = factories.appointment_service(s, org, staff=sam, name="Massage", slug="massage", prepayment="none")
        return {"owner": owner.email, "sam_id": sam.id, "services": [consult.id, massage.id]}


def _rounds(rng, count: int) -> list[tuple[datetime, datetime]]:
    """(the booking to move, the time proposed): distinct days 10-40 days out, 10:00 and
    14:00 Berlin (09:00 and 13:00 UTC in winter, 08:00 and 12:00 in summer: inside 09-17)."""
    today = utcnow().date()
    days = rng.sample(range(10, 40), count)
    out = []
    for d in days:
        day = today + timedelta(days=d)
        base = datetime(day.year, day.month, day.day, 10, 0, tzinfo=UTC)
        out.append((base - timedelta(hours=1), base + timedelta(hours=2)))
    return out


def _booking(engine, world, when: datetime, email: str) -> int:
    with unit_of_work(engine) as s:
        return appointments.book(s, service_id=world["services"][0], starts_at=when, name="Ann", email=email, now=utcnow())[0].id


def _check(engine, world, booking_id: int, target: datetime, outcomes: list[str], seed: int) -> None:
    counted = Counter(outcomes)
    assert counted["ok"] == 1 and set(counted) - {"ok"} <= {"AlternativeTaken", "SlotUnavailable"}, (seed, outcomes)
    end = target + timedelta(hours=1)
    with Session(engine) as s:
        booked = s.exec(select(func.count()).select_from(Booking).where(
            Booking.staff_user_id == world["sam_id"], col(Booking.status).in_(ACTIVE), Booking.id != booking_id,
            Booking.starts_at < end, Booking.ends_at > target)).one()
        held = s.exec(select(func.count()).select_from(ProposedSlot).join(Proposal, col(Proposal.id) == ProposedSlot.proposal_id)
                      .where(Proposal.booking_id == booking_id, Proposal.status == "open", ProposedSlot.starts_at == target)).one()
    assert booked + held == 1, (seed, booked, held)


def test_a_proposal_and_customers_booking_its_time_at_once_in_threads_never_both_win(engine, world):
    seed, rng = seeded()
    for i, (when, target) in enumerate(_rounds(rng, 4)):
        moving = _booking(engine, world, when, f"ann{i}-{seed}@example.com")
        calls = [lambda e, b=moving, t=target: propose(e, world["owner"], b, t.isoformat())]
        calls += [lambda e, i=i, j=j, t=target: book_online(e, world["services"][j % 2], t.isoformat(), f"c{i}-{j}-{seed}@example.com")
                  for j in range(rng.randint(1, 4))]
        rng.shuffle(calls)
        _check(engine, world, moving, target, race_threads(engine, calls, rng), seed)


def test_a_proposal_and_customers_booking_its_time_at_once_on_two_workers_never_both_win(db_url, engine, world):
    seed, rng = seeded()
    for i, (when, target) in enumerate(_rounds(rng, 2)):
        moving = _booking(engine, world, when, f"bo{i}-{seed}@example.com")
        racers = [("propose", moving, target.isoformat())]
        racers += [("book", world["services"][j % 2], target.isoformat(), f"w{i}-{j}-{seed}@example.com") for j in range(3)]
        outcomes = race_processes(db_url, f"{__name__}:act", racers, rng)
        _check(engine, world, moving, target, list(outcomes.values()), seed)


def act(engine, what: str, *args) -> None:
    """One racer in a worker process: the provider's proposal or a customer's booking."""
    if what == "propose":
        booking_id, target = args
        propose(engine, "owner@holds.test", booking_id, target)
    else:
        service_id, target, email = args
        book_online(engine, service_id, target, email)
