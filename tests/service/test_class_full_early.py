""""Full" answered before the row lock (class_seats._full_before_lock): only when full is
the true answer; every other answer, and every booking with room, still goes through the
lock, which decides (the race for the last places is tests/concurrency/test_class_seats.py)."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.class_rules import (
    AlreadyBooked,
    OnlineBookingClosed,
    SessionCancelled,
    SessionFull,
    SessionStarted,
)
from bookingapp.models import Booking, ClassSession, CreditLedger, Customer, OutboxEmail
from bookingapp.services import class_bookings, class_seats
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import (
    CLASS_START,
    NOW,
    class_service,
    class_session,
    give_credits,
)


@pytest.fixture
def full(engine):
    """A class of 2 places, both booked (Ann, Bob), and Cleo with credits who wants one."""
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin")
        cs = class_session(s, class_service(s, org), capacity=2, credit_cost=1)
        people = []
        for name in ("ann", "bob", "cleo"):
            c = factories.customer(s, org, f"{name}@example.com", name=name.title())
            give_credits(s, c, 3)
            people.append(c.id)
        session_id = cs.id
    for customer_id in people[:2]:
        _book(engine, session_id, customer_id)
    return session_id, people


def _book(engine, session_id: int, customer_id: int, now=NOW):
    with unit_of_work(engine) as s:
        customer = s.get(Customer, customer_id)
        return class_bookings.book_seat(s, class_session_id=session_id, customer=customer,
                                        actor=customer_actor(customer), now=now)


@pytest.fixture
def locks(monkeypatch) -> list[int]:
    taken: list[int] = []
    original = class_seats.locked_session

    def counting(session, class_session_id, actor):
        taken.append(class_session_id)
        return original(session, class_session_id, actor)

    monkeypatch.setattr(class_seats, "locked_session", counting)
    return taken


def _rows(engine) -> tuple[int, int, int]:
    with Session(engine) as s:
        return tuple(len(s.exec(select(model)).all()) for model in (Booking, CreditLedger, OutboxEmail))


def test_a_full_class_answers_full_without_waiting_for_the_lock(engine, full, locks):
    session_id, (_ann, _bob, cleo) = full
    before = _rows(engine)

    with pytest.raises(SessionFull):
        _book(engine, session_id, cleo)

    assert locks == [] and _rows(engine) == before


def test_with_a_place_left_the_lock_decides(engine, full, locks):
    session_id, (ann, _bob, cleo) = full
    with unit_of_work(engine) as s:
        booking = s.exec(select(Booking).where(Booking.customer_id == ann)).one()
    with unit_of_work(engine) as s:
        class_bookings.cancel_seat(s, booking_id=booking.id, actor=customer_actor(s.get(Customer, ann)), reason="ill",
                                   now=NOW)

    assert _book(engine, session_id, cleo).status == "confirmed"
    assert locks == [session_id]  # Cleo's booking went to the lock


@pytest.mark.parametrize("change, error", [
    ("booked", AlreadyBooked), ("started", SessionStarted), ("cancelled", SessionCancelled), ("offline", OnlineBookingClosed),
])
def test_answers_that_come_before_full_are_unchanged(engine, full, locks, change, error):
    session_id, (ann, _bob, cleo) = full
    who, now = (ann, NOW) if change == "booked" else (cleo, CLASS_START if change == "started" else NOW)
    with unit_of_work(engine) as s:
        row = s.get(ClassSession, session_id)
        row.cancelled = change == "cancelled"
        row.online_booking = change != "offline"

    with pytest.raises(error):
        _book(engine, session_id, who, now=now)
    assert locks == [session_id]
