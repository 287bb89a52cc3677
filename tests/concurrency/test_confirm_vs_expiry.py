"""Staff confirming requests while sweepers expire them at the deadline.

Each request ends confirmed with one capture or expired with one release, never both,
and the customer gets exactly one email about the outcome.
"""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.models import Booking, OutboxEmail, Payment, PaymentOperation
from bookingapp.services import requests
from tests.concurrency.race import race_threads, seeded
from tests.service.test_requests import _actor, _request, clock, world  # noqa: F401 (fixtures)

OUTCOME_EMAILS = {"confirmed": "booking_confirmed", "expired": "request_expired"}


def test_confirms_and_sweepers_at_the_deadline_act_once_per_request(engine, world, gateway):  # noqa: F811
    _, owner, service = world
    for _ in range(3):
        seed, rng = seeded()
        with Session(engine, expire_on_commit=False) as s:
            ids = [_request(s, s.get(type(service), service.id), gateway, email=f"c{i}-{seed}@example.com")[0].id
                   for i in range(rng.randint(3, 6))]
            deadline = max(s.get(Booking, i).respond_by for i in ids)

        def confirm(engine, booking_id, deadline=deadline):
            with unit_of_work(engine) as s:
                requests.confirm_request(s, actor=_actor(owner), booking_id=booking_id, gateway=gateway, now=deadline)

        calls = [lambda e, b=b: confirm(e, b) for b in ids]
        calls += [lambda e, d=deadline: requests.expire_overdue_requests(engine=e, gateway=gateway, now=d)] * 2
        outcomes = race_threads(engine, calls, rng)

        assert not [o for o in outcomes if o.startswith("crash")], (seed, outcomes)
        with Session(engine) as s:
            for booking_id in ids:
                status = s.get(Booking, booking_id).status
                assert status in OUTCOME_EMAILS, (seed, booking_id, status)
                payment = s.exec(select(Payment).where(Payment.booking_id == booking_id)).one()
                kinds = Counter(op.kind for op in s.exec(select(PaymentOperation).where(PaymentOperation.payment_id == payment.id)))
                assert (kinds["capture"], kinds["release"]) == ((1, 0) if status == "confirmed" else (0, 1)), (seed, kinds)
                sent = Counter(e.template_key for e in s.exec(select(OutboxEmail).where(OutboxEmail.booking_id == booking_id)))
                assert sent[OUTCOME_EMAILS[status]] == 1, (seed, sent)
                other = "expired" if status == "confirmed" else "confirmed"
                assert sent[OUTCOME_EMAILS[other]] == 0, (seed, sent)
