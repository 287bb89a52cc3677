"""Stripe webhooks: signature checked, each event applied once, in any order."""

from __future__ import annotations

import time
from contextlib import contextmanager

import pytest
from sqlmodel import Session, select
from starlette.testclient import TestClient

from bookingapp import api
from bookingapp.db import unit_of_work
from bookingapp.integrations.payments import CardInput
from bookingapp.integrations.stripe_gateway import StripeGateway
from bookingapp.models import ActivityLog, Booking, OutboxEmail, Payment, WebhookEvent, utcnow
from bookingapp.services import payments, webhooks
from bookingapp.services.actors import Actor
from bookingapp.settings import Settings
from tests import factories
from tests.stripe_fakes import event, signed

SECRET = "whsec_test_secret"


@pytest.fixture
def client(engine, monkeypatch):
    gateway = StripeGateway(Settings(stripe_secret_key="sk_test_x", stripe_webhook_secret=SECRET))
    monkeypatch.setattr(api, "get_gateway", lambda: gateway)

    @contextmanager
    def uow():
        with unit_of_work(engine) as session:
            yield session

    monkeypatch.setattr(api, "unit_of_work", uow)
    return TestClient(api.create_api())


@pytest.fixture
def held(engine, gateway):
    """A request with an authorized hold, committed."""
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "hooks")
        factories.staff(s, org)
        booking = factories.booking(s, org)
        payment = payments.authorize_hold(s, actor=Actor.system(org.id), booking=booking,
                                          card=CardInput("4242424242424242", 12, 2031, "123"), gateway=gateway)
        s.commit()
        return booking, payment


def _post(client, evt, secret=SECRET):
    body, header = signed(evt, secret)
    return client.post("/api/webhooks/stripe", content=body, headers={"Stripe-Signature": header})


def _count(engine, model, *where):
    with Session(engine) as s:
        return len(s.exec(select(model).where(*where)).all())


def test_unsigned_or_wrongly_signed_events_are_refused_and_change_nothing(client, engine, held):
    _, payment = held
    evt = event("evt_1", "payment_intent.canceled", {"id": payment.external_id, "cancellation_reason": "automatic"})
    assert client.post("/api/webhooks/stripe", json=evt).status_code == 400
    assert _post(client, evt, secret="whsec_wrong").status_code == 400
    assert _count(engine, WebhookEvent) == 0
    with Session(engine) as s:
        assert s.get(Payment, payment.id).status == "authorized"



def _cancel_event(payment, event_id="evt_sig"):
    return event(event_id, "payment_intent.canceled", {"id": payment.external_id, "cancellation_reason": "automatic"})


def _refused(client, engine, payment, body: bytes, header: str | None) -> None:
    headers = {"Stripe-Signature": header} if header is not None else {}
    assert client.post("/api/webhooks/stripe", content=body, headers=headers).status_code == 400
    assert _count(engine, WebhookEvent) == 0
    with Session(engine) as s:
        assert s.get(Payment, payment.id).status == "authorized"


def test_a_body_changed_after_signing_is_refused(client, engine, held):
    _, payment = held
    body, header = signed(_cancel_event(payment), SECRET)
    tampered = body.replace(b'"automatic"', b'"requested_by_customer"')
    assert tampered != body
    _refused(client, engine, payment, tampered, header)


def test_a_signature_older_than_five_minutes_is_refused_as_a_replay(client, engine, held):
    _, payment = held
    body, header = signed(_cancel_event(payment), SECRET, timestamp=int(time.time()) - 301)
    _refused(client, engine, payment, body, header)


@pytest.mark.parametrize("header", [None, "", "garbage", "t=1,v1=", "v1=deadbeef", "t=notanumber,v1=00"])
def test_a_missing_or_malformed_signature_header_is_refused(client, engine, held, header):
    _, payment = held
    body, _ = signed(_cancel_event(payment), SECRET)
    _refused(client, engine, payment, body, header)


def test_a_signature_for_another_event_does_not_carry_over(client, engine, held):
    _, payment = held
    _, other_header = signed(_cancel_event(payment, "evt_other"), SECRET)
    body, _ = signed(_cancel_event(payment, "evt_mine"), SECRET)
    _refused(client, engine, payment, body, other_header)


def test_during_a_secret_rotation_one_valid_signature_among_several_is_enough(client, engine, held):
    _, payment = held
    body, header = signed(_cancel_event(payment), SECRET)
    _, wrong = signed(_cancel_event(payment), "whsec_old_secret")
    rotated = header + "," + wrong.split(",", 1)[1]  # t=..,v1=<right>,v1=<old secret's>
    response = client.post("/api/webhooks/stripe", content=body, headers={"Stripe-Signature": rotated})
    assert response.status_code == 200 and response.json()["result"] == "released"

def test_automatic_hold_expiry_ends_the_request_and_tells_both(client, engine, held):
    booking, payment = held
    evt = event("evt_lapse", "payment_intent.canceled", {"id": payment.external_id, "cancellation_reason": "automatic"})
    response = _post(client, evt)
    assert response.status_code == 200 and response.json()["result"] == "released"
    with Session(engine) as s:
        assert s.get(Payment, payment.id).status == "released"
        assert s.get(Booking, booking.id).status == "expired"
        keys = {e.template_key for e in s.exec(select(OutboxEmail))}
        assert {"request_expired", "request_expired_provider"} <= keys
    assert _count(engine, ActivityLog, ActivityLog.action == "payment.hold_expired") == 1


def test_a_replayed_event_is_applied_once(client, engine, held):
    _, payment = held
    evt = event("evt_refund", "charge.refunded", {"id": "ch_1", "payment_intent": payment.external_id,
                                                  "amount_captured": 12000, "amount_refunded": 3000})
    assert _post(client, evt).json()["result"] == "refunded"
    assert _post(client, evt).json()["result"] == "duplicate"
    with Session(engine) as s:
        row = s.get(Payment, payment.id)
        assert (row.refunded_minor, row.status) == (3000, "partially_refunded")
    assert _count(engine, ActivityLog, ActivityLog.action == "payment.refunded") == 1


def test_events_about_our_own_actions_change_nothing(client, engine, held, gateway):
    _, payment = held
    with unit_of_work(engine) as s:
        payments.capture(s, actor=Actor.system(payment.organization_id), payment=s.get(Payment, payment.id), gateway=gateway)
    evt = event("evt_succ", "payment_intent.succeeded", {"id": payment.external_id, "amount_received": 12000})
    assert _post(client, evt).json()["result"] == "already recorded"
    assert _count(engine, ActivityLog, ActivityLog.action == "payment.captured") == 1


def test_an_event_before_our_commit_waits_and_is_applied_by_the_sweeper(client, engine, gateway):
    evt = event("evt_early", "payment_intent.payment_failed",
                {"id": "pi_not_yet", "last_payment_error": {"message": "Your card was declined."}})
    assert _post(client, evt).json()["result"] == "waiting"
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "late")
        booking = factories.booking(s, org)
        s.add(Payment(organization_id=org.id, booking_id=booking.id, gateway="stripe", external_id="pi_not_yet",
                      idempotency_key="k-late", amount_minor=500, currency="EUR", status="authorized"))
        s.commit()
    assert webhooks.retry_waiting_events(engine=engine) == 1
    assert webhooks.retry_waiting_events(engine=engine) == 0
    with Session(engine) as s:
        payment = s.exec(select(Payment).where(Payment.external_id == "pi_not_yet")).one()
        assert (payment.status, payment.failure_message) == ("failed", "Your card was declined.")


def test_out_of_order_refund_before_success_ends_refunded(client, engine, held):
    _, payment = held
    refund = event("evt_r", "charge.refunded", {"id": "ch_2", "payment_intent": payment.external_id,
                                                "amount_captured": 12000, "amount_refunded": 12000})
    success = event("evt_s", "payment_intent.succeeded", {"id": payment.external_id, "amount_received": 12000})
    _post(client, refund)
    _post(client, success)
    with Session(engine) as s:
        row = s.get(Payment, payment.id)
        assert (row.status, row.captured_minor, row.refunded_minor) == ("refunded", 12000, 12000)


def test_local_mode_has_no_webhook_endpoint(monkeypatch, gateway):
    monkeypatch.setattr(api, "get_gateway", lambda: gateway)
    assert TestClient(api.create_api()).post("/api/webhooks/stripe", content=b"{}").status_code == 404


def test_events_nobody_knows_are_given_up_after_three_days(engine):
    with unit_of_work(engine) as s:
        row = webhooks.record_event(s, gateway="stripe", event=event("evt_x", "payment_intent.succeeded", {"id": "pi_ghost"}))
        assert webhooks.process_event(s, row) == "waiting"
    later = utcnow() + webhooks.GIVE_UP_AFTER
    assert webhooks.retry_waiting_events(engine=engine, now=later) == 1
