"""A worker killed at the worst moments (SIGKILL-like `os._exit`, no cleanup), then restarted.

- between commit and email delivery: before the provider call, and after the provider
  accepted the email but before the outbox row says so. After the lease the restarted
  sweeper sends again with the same idempotency key, which the provider (Resend) uses
  to drop the duplicate: every email reaches the customer once, none is lost.
- between the gateway's charge and the commit of the payment: the customer's retry of the
  same form submission finds the same gateway operation: one charge, one payment.
- between the card hold of a new request and its commit: the retry of the same request form
  gets the hold the gateway already placed: one hold, one request, one pair of emails.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from bookingapp.db import make_engine, unit_of_work
from bookingapp.integrations.payments import CardInput, LocalGateway
from bookingapp.models import OutboxEmail, Payment, PaymentOperation, Service, utcnow
from bookingapp.services import appointments, manage_booking, outbox
from tests.faults.killing import KILLED, run_killed

VISA = CardInput("4242424242424242", 12, 2030, "123")


class Provider:
    """The email provider's side: records every request with its idempotency key, in a
    file, so it survives the worker's death. Delivered = distinct keys (Resend dedupes)."""

    def __init__(self, path: str, die: str = "") -> None:
        self.path, self.die = path, die

    def send(self, email: OutboxEmail, *, idempotency_key: str) -> str:
        if self.die == "before_send":
            os._exit(KILLED)
        with open(self.path, "a") as f:
            f.write(f"{email.id} {idempotency_key}\n")
        if self.die == "after_send":
            os._exit(KILLED)
        return f"re_{email.id}"

    def requests(self) -> list[tuple[int, str]]:
        path = Path(self.path)
        lines = path.read_text().splitlines() if path.exists() else []
        return [(int(i), key) for i, key in (line.split() for line in lines)]


def book_then_deliver(db_url: str, provider_path: str, die: str) -> None:
    """The worker: a customer books (emails queued in the same commit), then the sweeper runs."""
    engine = make_engine(db_url)
    with unit_of_work(engine) as s:
        service = s.exec(select(Service)).one()
        appointments.book(s, service_id=service.id, starts_at=_free_time(s, service), name="Kim", email="kim@example.com")
    outbox.deliver_due(sender=Provider(provider_path, die), runner="worker-1", engine=engine)


def pay_then_die_before_commit(db_url: str, gateway_url: str, token: str) -> None:
    engine, gateway = make_engine(db_url), LocalGateway(make_engine(gateway_url))
    with Session(engine) as s:  # the charge happens, the transaction never commits
        manage_booking.pay(s, token=token, card=VISA, gateway=gateway, attempt="form-1")
        s.flush()
        os._exit(KILLED)


def _request_form(service_id: int):
    from bookingapp.services import requests

    return requests.RequestForm(service_id=service_id, starts_at=utcnow() + timedelta(days=3), party_size=1, group=False,
                                name="Kim", email="kim@example.com", phone="", note="", card=VISA, submission="form-1")


def request_then_die_before_commit(db_url: str, gateway_url: str, service_id: int, form) -> None:
    from bookingapp.services import requests

    engine, gateway = make_engine(db_url), LocalGateway(make_engine(gateway_url))
    with Session(engine) as s:  # the hold is placed, the transaction never commits
        requests.create_request(s, form=form, gateway=gateway)
        s.flush()
        os._exit(KILLED)


def _free_time(s: Session, service: Service):
    now = utcnow()
    year, month = (now.year + 1, 1) if now.month == 12 else (now.year, now.month + 1)
    days = appointments.month(s, service=service, year=year, month_number=month, now=now)
    return next(slot for day in days for slot in day.slots)



@pytest.fixture
def service(engine):
    from tests import factories

    with unit_of_work(engine) as s:
        org = factories.organization(s, "consult", timezone="Europe/Berlin")
        owner = factories.staff(s, org)
        return factories.appointment_service(s, org, staff_user_id=owner.id, prepayment="required")


@pytest.mark.parametrize("die", ["before_send", "after_send"])
def test_a_worker_killed_around_the_email_send_loses_and_duplicates_nothing(db_url, engine, service, tmp_path, die):
    provider = Provider(str(tmp_path / "provider.log"))

    run_killed(book_then_deliver, db_url, provider.path, die)

    with Session(engine) as s:
        queued = s.exec(select(OutboxEmail)).all()
    assert len(queued) >= 2  # the booking committed with its emails: the customer's and the provider's
    stuck = [e for e in queued if e.status == "sending"]
    assert len(stuck) == 1  # the one the worker held when it died; nobody else may take it yet
    assert outbox.deliver_due(sender=provider, runner="worker-2", engine=engine) == len(queued) - 1

    # The restarted worker, after the dead one's lease: the held email goes out again.
    later = utcnow() + outbox.LEASE + timedelta(seconds=1)
    assert outbox.deliver_due(sender=provider, runner="worker-2", engine=engine, now=later) == 1
    with Session(engine) as s:
        assert {e.status for e in s.exec(select(OutboxEmail))} == {"sent"}
    sends = provider.requests()
    delivered = {key for _, key in sends}
    assert delivered == {f"outbox-{e.id}" for e in queued}  # every email, by its key
    per_email = Counter(email_id for email_id, _ in sends)
    assert per_email[stuck[0].id] == (2 if die == "after_send" else 1)  # the resend reuses the key
    assert all(n == 1 for email_id, n in per_email.items() if email_id != stuck[0].id)


def test_a_worker_killed_between_the_charge_and_the_commit_charges_once_on_retry(db_url, engine, service, tmp_path):
    gateway_url = f"sqlite:///{tmp_path / 'ledger.db'}"
    gateway = LocalGateway(make_engine(gateway_url))
    with unit_of_work(engine) as s:
        booking, token = appointments.book(s, service_id=service.id, starts_at=_free_time(s, s.get(Service, service.id)),
                                           name="Kim", email="kim@example.com")

    run_killed(pay_then_die_before_commit, db_url, gateway_url, token)

    with Session(engine) as s:
        assert s.exec(select(Payment)).all() == []  # nothing of it committed
    # The customer presses the same pay button again (the form keeps its attempt name).
    with unit_of_work(engine) as s:
        manage_booking.pay(s, token=token, card=VISA, gateway=gateway, attempt="form-1")
    with Session(engine) as s:
        [payment] = s.exec(select(Payment).where(Payment.booking_id == booking.id)).all()
        kinds = Counter(op.kind for op in s.exec(select(PaymentOperation)))
    assert payment.status == "captured" and kinds["capture"] == 1
    with gateway.engine.connect() as conn:
        intents = conn.execute(sa.text("SELECT id, captured_minor FROM local_gateway_intent")).all()
    assert intents == [(payment.external_id, 4500)]  # one charge at the gateway, the one we recorded


def test_a_worker_killed_between_the_hold_and_the_commit_of_a_request_holds_once_on_retry(db_url, engine, tmp_path):
    from bookingapp.models import Booking
    from bookingapp.services import requests
    from tests import factories

    gateway_url = f"sqlite:///{tmp_path / 'ledger.db'}"
    gateway = LocalGateway(make_engine(gateway_url))
    with unit_of_work(engine) as s:
        org = factories.organization(s, "studio", timezone="Europe/Berlin")
        service_id = factories.request_service(s, org, staff_user_id=factories.staff(s, org).id).id
    form = _request_form(service_id)

    run_killed(request_then_die_before_commit, db_url, gateway_url, service_id, form)

    with Session(engine) as s:
        assert s.exec(select(Booking)).all() == []  # nothing of it committed
    with gateway.engine.connect() as conn:
        [(placed,)] = conn.execute(sa.text("SELECT id FROM local_gateway_intent")).all()
    # The customer taps "Send request" again on the same form.
    with unit_of_work(engine) as s:
        booking, _ = requests.create_request(s, form=form, gateway=gateway)
    with Session(engine) as s:
        [payment] = s.exec(select(Payment).where(Payment.booking_id == booking.id)).all()
        emails = Counter(e.template_key for e in s.exec(select(OutboxEmail)))
        assert len(s.exec(select(Booking)).all()) == 1
    with gateway.engine.connect() as conn:
        intents = conn.execute(sa.text("SELECT id, status FROM local_gateway_intent")).all()
    assert intents == [(placed, "requires_capture")] and payment.external_id == placed  # one hold, the one recorded
    assert emails == {"request_received": 1, "new_booking": 1}
