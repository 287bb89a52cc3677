"""Several sweepers at once (threads in one process, and two worker processes) over many
bookings whose customer reminder is due: each booking gets exactly one reminder email;
and a customer switching reminders off while the sweepers run never gets two."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.models import ActivityLog, Booking, OutboxEmail, utcnow
from bookingapp.services import manage_booking, manage_links, reminders
from tests import factories
from tests.concurrency.race import race_processes, race_threads, seeded


def sweep(engine) -> int:
    return reminders.send_customer_reminders(engine=engine, now=utcnow())


def _due_bookings(engine, rng, count: int, tag: str) -> list[tuple[int, str]]:
    """(id, manage token) of confirmed bookings starting within the next day: all due."""
    with unit_of_work(engine) as s:
        org = factories.organization(s, f"race-{tag}", timezone="Europe/Berlin")
        service = factories.appointment_service(s, org)
        made = []
        for i in range(count):
            start = utcnow() + timedelta(hours=rng.uniform(1, 23))
            row = factories.booking(s, org, service=service, status="confirmed", starts_at=start,
                                    customer_row=factories.customer(s, org, f"c{i}-{tag}@example.com"))
            made.append((row.id, manage_links.token_of(row)))
        return made


def _sent(engine, ids: list[int]) -> tuple[Counter, Counter, dict[int, Booking]]:
    with Session(engine) as s:
        emails = Counter(e.booking_id for e in s.exec(select(OutboxEmail).where(
            OutboxEmail.template_key == "booking_reminder", OutboxEmail.booking_id.in_(ids))))
        logged = Counter(a.booking_id for a in s.exec(select(ActivityLog).where(
            ActivityLog.action == "booking.customer_reminder_sent", ActivityLog.booking_id.in_(ids))))
        rows = {b.id: b for b in s.exec(select(Booking).where(Booking.id.in_(ids)))}
    return emails, logged, rows


def test_four_sweeper_threads_remind_each_booking_once(engine):
    for round_ in range(3):
        seed, rng = seeded()
        ids = [i for i, _ in _due_bookings(engine, rng, rng.randint(10, 30), f"t{round_}")]
        outcomes = race_threads(engine, [sweep] * 4, rng)

        assert set(outcomes) == {"ok"}, (seed, outcomes)
        emails, logged, rows = _sent(engine, ids)
        assert emails == Counter(ids) and logged == Counter(ids), (seed, [i for i in ids if emails[i] != 1])
        assert all(rows[i].customer_reminder_sent_at is not None for i in ids), seed
        assert sweep(engine) == 0, seed  # nothing is left to send


def test_sweepers_in_two_workers_remind_each_booking_once(db_url, engine):
    seed, rng = seeded()
    ids = [i for i, _ in _due_bookings(engine, rng, 60, "w")]
    outcomes = race_processes(db_url, f"{__name__}:sweep", [() for _ in range(4)], rng)

    assert set(outcomes.values()) == {"ok"}, (seed, outcomes)
    emails, logged, _ = _sent(engine, ids)
    assert emails == Counter(ids) and logged == Counter(ids), (seed, [i for i in ids if emails[i] != 1])


def test_customers_switching_off_while_sweepers_run_get_at_most_one(engine):
    seed, rng = seeded()
    made = _due_bookings(engine, rng, 16, "off")

    def switch_off(engine, token):
        with unit_of_work(engine) as s:
            manage_booking.set_reminders(s, token=token, wanted=False)

    calls = [sweep] * 3 + [lambda e, t=token: switch_off(e, t) for _, token in made[::2]]
    outcomes = race_threads(engine, calls, rng)

    assert not [o for o in outcomes if o != "ok"], (seed, outcomes)
    ids = [i for i, _ in made]
    emails, _, rows = _sent(engine, ids)
    for booking_id in ids:
        # Reminded exactly when the claim was won; a switch that came first left it unsent.
        assert emails[booking_id] == (rows[booking_id].customer_reminder_sent_at is not None), (seed, booking_id)
    assert all(emails[i] == 1 for i, _ in made[1::2]), seed  # nobody switched these off
    assert all(rows[i].customer_reminders_off for i, _ in made[::2]), seed
