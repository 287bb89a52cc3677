"""Several sweepers at once (threads in one process, and two worker processes) over many
unpaid bookings whose payment deadline passed: each is kept or cancelled exactly once (one
history line, one email each); and customers paying while the sweepers run end either paid
or cancelled, never charged and cancelled (issue 21, item 8)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlmodel import Session, select

from bookingapp.db import make_engine, unit_of_work
from bookingapp.integrations.payments import CardInput, LocalGateway
from bookingapp.models import ActivityLog, Booking, OutboxEmail, Payment, utcnow
from bookingapp.services import manage_booking, manage_links, payment_deadlines
from tests import factories
from tests.concurrency.race import race_processes, race_threads, seeded

VISA = CardInput("4242424242424242", 12, 2031, "123")


def _gateway_db(tmp_path) -> str:
    """The local gateway's database, made before the race: each process has it already when its
    sweepers start (four threads switching a brand-new file to WAL at once can be refused with
    "database is locked", which no worker meets)."""
    url = f"sqlite:///{tmp_path / 'gw.db'}"
    LocalGateway(make_engine(url))
    return url


def sweep(engine, gateway_url: str) -> int:
    gateway = LocalGateway(make_engine(gateway_url))
    return payment_deadlines.handle_passed_deadlines(gateway=gateway, engine=engine, now=utcnow())


def _overdue(engine, rng, count: int, tag: str, action: str) -> list[tuple[int, str]]:
    """(id, manage token) of unpaid bookings whose deadline passed a moment ago."""
    with unit_of_work(engine) as s:
        org = factories.organization(s, f"late-{tag}", timezone="Europe/Berlin", unpaid_after_deadline=action)
        service = factories.appointment_service(s, org, prepayment="required", price_minor=3000)
        made = []
        for i in range(count):
            row = factories.booking(s, org, service=service, status="pending_payment", price_minor=3000,
                                    starts_at=utcnow() + timedelta(days=2, hours=i),
                                    payment_deadline=utcnow() - timedelta(minutes=rng.uniform(0.1, 30)),
                                    customer_row=factories.customer(s, org, f"c{i}-{tag}@example.com"))
            made.append((row.id, manage_links.token_of(row)))
        return made


def _outcome(engine, ids: list[int], action: str) -> tuple[Counter, Counter, dict[int, Booking]]:
    code = "booking.cancelled_unpaid" if action == "cancel" else "booking.payment_overdue_kept"
    with Session(engine) as s:
        emails = Counter(e.booking_id for e in s.exec(select(OutboxEmail).where(
            OutboxEmail.template_key == "booking_unpaid_cancelled", OutboxEmail.booking_id.in_(ids))))
        logged = Counter(a.booking_id for a in s.exec(select(ActivityLog).where(
            ActivityLog.action == code, ActivityLog.booking_id.in_(ids))))
        rows = {b.id: b for b in s.exec(select(Booking).where(Booking.id.in_(ids)))}
    return emails, logged, rows


def test_four_sweeper_threads_cancel_each_overdue_booking_once(engine, tmp_path):
    url = _gateway_db(tmp_path)
    for round_ in range(3):
        seed, rng = seeded()
        ids = [i for i, _ in _overdue(engine, rng, rng.randint(8, 24), f"t{round_}", "cancel")]
        outcomes = race_threads(engine, [lambda e: sweep(e, url)] * 4, rng)

        assert set(outcomes) == {"ok"}, (seed, outcomes)
        emails, logged, rows = _outcome(engine, ids, "cancel")
        assert emails == Counter(ids) and logged == Counter(ids), (seed, [i for i in ids if emails[i] != 1])
        assert {rows[i].status for i in ids} == {"cancelled"}, seed
        assert sweep(engine, url) == 0, seed  # nothing is left to do


def test_four_sweeper_threads_keep_each_overdue_booking_once(engine, tmp_path):
    url = _gateway_db(tmp_path)
    seed, rng = seeded()
    ids = [i for i, _ in _overdue(engine, rng, 20, "keep", "keep")]
    outcomes = race_threads(engine, [lambda e: sweep(e, url)] * 4, rng)

    assert set(outcomes) == {"ok"}, (seed, outcomes)
    emails, logged, rows = _outcome(engine, ids, "keep")
    assert logged == Counter(ids) and not emails, seed
    assert {rows[i].status for i in ids} == {"pending_payment"}, seed
    assert all(rows[i].deadline_passed_at is not None for i in ids), seed


def test_sweepers_in_two_workers_cancel_each_overdue_booking_once(db_url, engine, tmp_path):
    url = _gateway_db(tmp_path)
    seed, rng = seeded()
    ids = [i for i, _ in _overdue(engine, rng, 40, "w", "cancel")]
    outcomes = race_processes(db_url, f"{__name__}:sweep", [(url,) for _ in range(4)], rng)

    assert set(outcomes.values()) == {"ok"}, (seed, outcomes)
    emails, logged, _ = _outcome(engine, ids, "cancel")
    assert emails == Counter(ids) and logged == Counter(ids), (seed, [i for i in ids if emails[i] != 1])


def test_customers_paying_while_sweepers_cancel_end_paid_or_cancelled_never_both(engine, tmp_path):
    url = _gateway_db(tmp_path)
    gateway = LocalGateway(make_engine(url))
    seed, rng = seeded()
    made = _overdue(engine, rng, 12, "pay", "cancel")

    def pay(engine, token):
        with unit_of_work(engine) as s:
            manage_booking.pay(s, token=token, card=VISA, gateway=gateway, attempt=f"race-{token[:8]}")

    calls = [lambda e: sweep(e, url)] * 3 + [lambda e, t=token: pay(e, t) for _, token in made]
    outcomes = race_threads(engine, calls, rng)

    # A payer who came second finds nothing to pay (the booking was cancelled): a clear refusal.
    assert all(o == "ok" or "NothingToPay" in o or "InvalidTransition" in o for o in outcomes), (seed, outcomes)
    ids = [i for i, _ in made]
    emails, _, rows = _outcome(engine, ids, "cancel")
    with Session(engine) as s:
        captured = Counter(p.booking_id for p in s.exec(select(Payment).where(Payment.booking_id.in_(ids),
                                                                                Payment.status == "captured")))
    for booking_id in ids:
        status = rows[booking_id].status
        assert status in ("confirmed", "cancelled"), (seed, booking_id, status)
        assert captured[booking_id] == (status == "confirmed"), (seed, booking_id)
        assert emails[booking_id] == (status == "cancelled"), (seed, booking_id)
