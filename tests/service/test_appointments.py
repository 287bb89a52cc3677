"""Instant appointment booking: free times only, one customer per slot."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import ValidationFailed
from bookingapp.models import Booking, OutboxEmail, Service
from bookingapp.services import appointments
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Berlin


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def service(engine):
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "consult", timezone="Europe/Berlin")
        owner = factories.staff(s, org)
        svc = factories.appointment_service(s, org, staff=owner, duration_minutes=30, weekdays=range(5))
        s.commit()
        return svc


def _book(engine, service, start=TUESDAY_10, email="ann@example.com"):
    with unit_of_work(engine) as s:
        return appointments.book(s, service_id=service.id, starts_at=start, name="Ann", email=email, now=NOW)


def _month(engine, service):
    with Session(engine) as s:
        return {d.day.day: d for d in appointments.month(s, service=s.get(Service, service.id), year=2026, month_number=11, now=NOW)}


def test_month_shows_dots_for_open_days_and_none_for_weekends_or_past(engine, service):
    days = _month(engine, service)
    assert days[24].dots == 3 and len(days[24].slots) == 16
    assert days[28].dots == 0 and days[28].slots == []  # Saturday
    assert days[20].slots == []  # before today
    assert 0 < len(days[23].slots) < 16  # today: only from an hour from now


def test_a_booking_takes_its_slot_out_of_the_calendar_and_emails_both(engine, service):
    booking, token = _book(engine, service)
    assert booking.status == "confirmed" and token
    assert TUESDAY_10 not in _month(engine, service)[24].slots
    with Session(engine) as s:
        keys = sorted(e.template_key for e in s.exec(select(OutboxEmail)))
    assert keys == ["booking_confirmed", "new_booking_instant"]


def test_required_prepayment_leaves_the_booking_waiting_for_payment(engine, service):
    with unit_of_work(engine) as s:
        s.get(Service, service.id).prepayment = "required"
    booking, _ = _book(engine, service)
    assert booking.status == "pending_payment"
    with Session(engine) as s:
        email = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "booking_payment_required")).one()
    assert email.subject.startswith("Booking confirmation – payment required")


@pytest.mark.parametrize("start", [
    datetime(2026, 11, 28, 9, 0, tzinfo=UTC),  # Saturday: closed
    datetime(2026, 11, 24, 9, 10, tzinfo=UTC),  # not on the grid
    datetime(2026, 11, 24, 16, 0, tzinfo=UTC),  # 17:00 local: closing time
    NOW + timedelta(minutes=30),  # inside the lead time
])
def test_times_outside_the_free_ones_are_refused(engine, service, start):
    with pytest.raises(appointments.SlotUnavailable):
        _book(engine, service, start=start)
    with Session(engine) as s:
        assert s.exec(select(Booking)).all() == []


def test_bad_details_are_refused_and_nothing_is_written(engine, service):
    with pytest.raises(ValidationFailed):
        _book(engine, service, email="nope")
    with Session(engine) as s:
        assert s.exec(select(Booking)).all() == []


def test_two_customers_racing_for_one_slot_one_wins(engine, service):
    results: list[str] = []

    def attempt(i: int) -> None:
        try:
            _book(engine, service, email=f"racer{i}@example.com")
            results.append("booked")
        except appointments.SlotUnavailable:
            results.append("taken")

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(6)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sorted(results) == ["booked"] + ["taken"] * 5
    with Session(engine) as s:
        assert len(s.exec(select(Booking).where(Booking.starts_at == TUESDAY_10)).all()) == 1
