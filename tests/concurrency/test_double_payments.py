"""A pay button pressed many times at once (double clicks, two tabs, two workers):
one charge at the gateway, one payment, one receipt."""

from __future__ import annotations

from collections import Counter

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from bookingapp.db import make_engine, unit_of_work
from bookingapp.integrations.payments import CardInput, LocalGateway
from bookingapp.models import Booking, OutboxEmail, Payment, PaymentOperation, Service, utcnow
from bookingapp.services import appointments, manage_booking
from tests import factories
from tests.concurrency.race import race_processes, race_threads, seeded

VISA = CardInput("4242424242424242", 12, 2030, "123")


def pay(engine, gateway_url: str, token: str, attempt: str) -> None:
    gateway = LocalGateway(make_engine(gateway_url))
    with unit_of_work(engine) as s:
        manage_booking.pay(s, token=token, card=VISA, gateway=gateway, attempt=attempt, now=utcnow())


@pytest.fixture
def gateway_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    LocalGateway(make_engine(url))  # creates the ledger's tables once, before the race
    return url


@pytest.fixture
def service_id(engine) -> int:
    with unit_of_work(engine) as s:
        org = factories.organization(s, "consult", timezone="Europe/Berlin")
        owner = factories.staff(s, org)
        return factories.appointment_service(s, org, staff_user_id=owner.id, prepayment="required").id


def _unpaid_booking(engine, service_id: int, index: int) -> tuple[int, str]:
    now = utcnow()
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    with unit_of_work(engine) as s:
        days = appointments.month(s, service=s.get(Service, service_id), year=year, month_number=month, now=now)
        when = [slot for day in days for slot in day.slots][index]
        booking, token = appointments.book(s, service_id=service_id, starts_at=when, name="Payer",
                                           email=f"payer{index}@example.com", now=now)
    return booking.id, token


def _check(engine, gateway_url, booking_id: int, outcomes: list[str], seed: int) -> None:
    assert outcomes.count("ok") == 1, (seed, outcomes)
    assert set(outcomes) <= {"ok", "NothingToPay"}, (seed, outcomes)  # the others find it paid
    with Session(engine) as s:
        assert s.get(Booking, booking_id).status == "confirmed"
        [payment] = s.exec(select(Payment).where(Payment.booking_id == booking_id)).all()
        kinds = Counter(op.kind for op in s.exec(select(PaymentOperation).where(PaymentOperation.payment_id == payment.id)))
        assert kinds["capture"] == 1 or kinds["charge"] == 1, (seed, kinds)
        receipts = s.exec(select(OutboxEmail).where(OutboxEmail.booking_id == booking_id,
                                                    OutboxEmail.template_key == "payment_received")).all()
        assert len(receipts) == 1, seed
    ledger = make_engine(gateway_url)
    with ledger.connect() as conn:
        intents = conn.execute(sa.text("SELECT captured_minor FROM local_gateway_intent WHERE id = :id"),
                               {"id": payment.external_id}).all()
        total = conn.execute(sa.text("SELECT COALESCE(SUM(captured_minor), 0) FROM local_gateway_intent")).scalar()
    ledger.dispose()
    assert intents == [(4500,)], seed
    return total


def test_one_pay_attempt_fired_from_many_threads_charges_once(engine, service_id, gateway_url):
    charged = 0
    for index in range(3):
        seed, rng = seeded()
        booking_id, token = _unpaid_booking(engine, service_id, index)
        clicks = rng.randint(2, 6)
        outcomes = race_threads(engine, [lambda e, t=token: pay(e, gateway_url, t, "form-1")] * clicks, rng)
        charged += 4500
        assert _check(engine, gateway_url, booking_id, outcomes, seed) == charged  # nothing else was charged


def test_one_pay_attempt_fired_from_two_workers_charges_once(db_url, engine, service_id, gateway_url):
    seed, rng = seeded()
    booking_id, token = _unpaid_booking(engine, service_id, 0)
    # Two tabs of the same form (the same attempt) and a second form press: one payment.
    clicks = [(gateway_url, token, "form-1")] * 3 + [(gateway_url, token, "form-2")]
    outcomes = race_processes(db_url, f"{__name__}:pay_numbered", [(*c, i) for i, c in enumerate(clicks)], rng)
    assert _check(engine, gateway_url, booking_id, list(outcomes.values()), seed) == 4500


def pay_numbered(engine, gateway_url: str, token: str, attempt: str, _index: int) -> None:
    pay(engine, gateway_url, token, attempt)

