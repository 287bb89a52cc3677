"""Payments: holds, captures, releases and refunds, each at most once per operation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import PaymentDeclined, PaymentError
from bookingapp.integrations.payments import HOLD_LIFETIME, CardInput, card_problem
from bookingapp.models import ActivityLog, Payment, PaymentOperation, utcnow
from bookingapp.services import payments
from bookingapp.services.actors import Actor
from tests import factories as f

GOOD_CARD = "4242424242424242"


def _intents(gateway) -> list[dict]:
    with gateway.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.text("select * from local_gateway_intent")).mappings()]


@pytest.fixture
def booking(session):
    org = f.organization(session)
    return f.booking(session, org, price_minor=12000, currency="EUR")


@pytest.fixture
def actor(booking):
    return Actor.system(booking.organization_id)


@pytest.fixture
def held(session, booking, actor, gateway) -> Payment:
    payment = payments.authorize_hold(session, actor=actor, booking=booking, card=GOOD_CARD, gateway=gateway)
    session.commit()
    return payment


# --- the LocalGateway ---------------------------------------------------------------------


def test_authorize_with_a_test_card_places_a_hold_for_about_seven_days(gateway):
    before = utcnow()
    hold = gateway.authorize(amount_minor=12000, currency="EUR", card=CardInput("4242 4242 4242 4242", 12, 2030, "123"), idempotency_key="k1")

    assert (hold.amount_minor, hold.currency, hold.card_last4, hold.status) == (12000, "EUR", "4242", "authorized")
    assert before + HOLD_LIFETIME <= hold.hold_expires_at <= utcnow() + HOLD_LIFETIME
    assert timedelta(days=7) == HOLD_LIFETIME
    assert gateway.status(hold.external_id)["status"] == "requires_capture"


@pytest.mark.parametrize("typed", ["4242 4242 4242 4242", "4242-4242-4242-4242", CardInput("4242-4242-4242-4242", 12, 2030, "123")])
def test_a_test_card_works_however_it_is_typed(gateway, typed):
    assert card_problem(CardInput("4242-4242-4242-4242", 12, 2030, "123"), datetime(2026, 11, 23, tzinfo=UTC)) is None

    hold = gateway.authorize(amount_minor=12000, currency="EUR", card=typed, idempotency_key="k1")

    assert hold.card_last4 == "4242"


@pytest.mark.parametrize(
    ("card", "reason"),
    [
        ("4000000000000002", "Your card was declined."),
        ("4000000000009995", "Your card has insufficient funds."),
        ("4000000000000069", "Your card has expired."),
        ("4111111111111111", "Use a test card"),
    ],
)
def test_declined_cards_raise_with_the_reason_and_hold_nothing(gateway, card, reason):
    with pytest.raises(PaymentDeclined, match=reason):
        gateway.authorize(amount_minor=12000, currency="EUR", card=card, idempotency_key="k1")

    assert _intents(gateway) == []


def test_same_idempotency_key_twice_gives_the_same_hold(gateway):
    first = gateway.authorize(amount_minor=12000, currency="EUR", card=GOOD_CARD, idempotency_key="k1")
    again = gateway.authorize(amount_minor=12000, currency="EUR", card=GOOD_CARD, idempotency_key="k1")

    assert again == first
    assert len(_intents(gateway)) == 1


def test_a_replayed_decline_stays_declined(gateway):
    for _ in range(2):
        with pytest.raises(PaymentDeclined):
            gateway.authorize(amount_minor=12000, currency="EUR", card="4000000000000002", idempotency_key="k1")


def test_authorize_refuses_a_non_positive_amount(gateway):
    with pytest.raises(PaymentError):
        gateway.authorize(amount_minor=0, currency="EUR", card=GOOD_CARD, idempotency_key="k1")


def test_gateway_capture_is_idempotent_per_key_and_refuses_more_than_held(gateway):
    hold = gateway.authorize(amount_minor=12000, currency="EUR", card=GOOD_CARD, idempotency_key="a")

    with pytest.raises(PaymentError, match="more than the hold"):
        gateway.capture(external_id=hold.external_id, amount_minor=12001, idempotency_key="c0")
    assert gateway.capture(external_id=hold.external_id, amount_minor=12000, idempotency_key="c1") == 12000
    assert gateway.capture(external_id=hold.external_id, amount_minor=12000, idempotency_key="c1") == 12000
    with pytest.raises(PaymentError, match="succeeded"):
        gateway.capture(external_id=hold.external_id, amount_minor=12000, idempotency_key="c2")
    assert gateway.status(hold.external_id)["captured_minor"] == 12000


def test_gateway_refuses_to_refund_more_than_was_captured(gateway):
    hold = gateway.authorize(amount_minor=12000, currency="EUR", card=GOOD_CARD, idempotency_key="a")
    gateway.capture(external_id=hold.external_id, amount_minor=10000, idempotency_key="c")

    gateway.refund(external_id=hold.external_id, amount_minor=6000, idempotency_key="r1")
    with pytest.raises(PaymentError):
        gateway.refund(external_id=hold.external_id, amount_minor=4001, idempotency_key="r2")
    assert gateway.status(hold.external_id)["refunded_minor"] == 6000


def test_gateway_refuses_to_refund_an_uncaptured_hold(gateway):
    hold = gateway.authorize(amount_minor=12000, currency="EUR", card=GOOD_CARD, idempotency_key="a")

    with pytest.raises(PaymentError):
        gateway.refund(external_id=hold.external_id, amount_minor=100, idempotency_key="r1")


def test_unknown_payment_is_an_error(gateway):
    with pytest.raises(PaymentError, match="unknown payment"):
        gateway.capture(external_id="local_pi_nope", amount_minor=1, idempotency_key="c")


@pytest.mark.parametrize(
    ("card", "problem"),
    [
        (CardInput("4242 4242 4242 4242", 12, 2030, "123"), None),
        (CardInput("4242 4242 4242 4241", 12, 2030, "123"), "The card number is not valid."),
        (CardInput("4242", 12, 2030, "123"), "The card number is not valid."),
        (CardInput("4242424242424242", 13, 2030, "123"), "The expiry month is not valid."),
        (CardInput("4242424242424242", 10, 2026, "123"), "The card has expired."),
        (CardInput("4242424242424242", 12, 2030, "12"), "The security code is not valid."),
        # "²".isdigit() is True; the Luhn sum then failed on int("²") (a server error)
        (CardInput("424242424242424\u00b2", 12, 2030, "123"), "The card number is not valid."),
        (CardInput("4242424242424242", 12, 2030, "12\u00b3"), "The security code is not valid."),
    ],
)
def test_card_problems_are_found_before_any_gateway_call(card, problem):
    assert card_problem(card, datetime(2026, 11, 23, tzinfo=UTC)) == problem


# --- services.payments --------------------------------------------------------------------


def test_authorize_hold_records_the_payment_with_last4_and_hold_expiry(session, booking, held):
    assert (held.status, held.amount_minor, held.currency, held.card_last4, held.gateway) == ("authorized", 12000, "EUR", "4242", "local")
    assert held.hold_expires_at - held.authorized_at == pytest.approx(timedelta(days=7), abs=timedelta(seconds=5))
    assert payments.operations_count(session, held.id, "authorize") == 1
    assert session.exec(select(ActivityLog.action).where(ActivityLog.booking_id == booking.id)).all() == ["payment.authorized"]


def test_a_declined_card_creates_no_payment(session, booking, actor, gateway):
    with pytest.raises(PaymentDeclined, match="insufficient funds"):
        payments.authorize_hold(session, actor=actor, booking=booking, card="4000000000009995", gateway=gateway)

    assert session.exec(select(func.count()).select_from(Payment)).one() == 0
    assert payments.active_hold(session, booking.id) is None


def test_authorizing_the_same_attempt_twice_gives_one_hold(session, booking, actor, gateway, held):
    again = payments.authorize_hold(session, actor=actor, booking=booking, card=GOOD_CARD, gateway=gateway)

    assert again.id == held.id
    assert len(_intents(gateway)) == 1


def test_a_new_attempt_after_a_decline_may_use_another_card(session, booking, actor, gateway):
    with pytest.raises(PaymentDeclined):
        payments.authorize_hold(session, actor=actor, booking=booking, card="4000000000000002", gateway=gateway)

    payment = payments.authorize_hold(session, actor=actor, booking=booking, card=GOOD_CARD, gateway=gateway, attempt=2)
    assert payment.status == "authorized"


def test_capture_twice_captures_once(session, actor, gateway, held):
    payments.capture(session, actor=actor, payment=held, gateway=gateway)
    session.commit()
    payments.capture(session, actor=actor, payment=held, gateway=gateway)
    session.commit()

    assert (held.status, held.captured_minor) == ("captured", 12000)
    assert payments.operations_count(session, held.id, "capture") == 1
    assert gateway.status(held.external_id)["captured_minor"] == 12000


def test_capturing_more_than_held_is_refused_and_changes_nothing(session, actor, gateway, held):
    with pytest.raises(PaymentError):
        payments.capture(session, actor=actor, payment=held, gateway=gateway, amount_minor=12001)

    assert held.status == "authorized"
    assert payments.operations_count(session, held.id, "capture") == 0
    assert gateway.status(held.external_id)["status"] == "requires_capture"


def test_release_then_capture_is_refused(session, actor, gateway, held):
    payments.release(session, actor=actor, payment=held, gateway=gateway)
    payments.release(session, actor=actor, payment=held, gateway=gateway)  # a repeat is a no-op

    with pytest.raises(PaymentError, match="released"):
        payments.capture(session, actor=actor, payment=held, gateway=gateway)
    assert payments.operations_count(session, held.id, "release") == 1
    assert gateway.status(held.external_id)["status"] == "canceled"
    with pytest.raises(PaymentError):  # the gateway refuses as well
        gateway.capture(external_id=held.external_id, amount_minor=12000, idempotency_key="late")


def test_a_captured_payment_cannot_be_released(session, actor, gateway, held):
    payments.capture(session, actor=actor, payment=held, gateway=gateway)

    with pytest.raises(PaymentError, match="captured"):
        payments.release(session, actor=actor, payment=held, gateway=gateway)


@pytest.fixture
def captured(session, actor, gateway, held) -> Payment:
    payments.capture(session, actor=actor, payment=held, gateway=gateway)
    session.commit()
    return held


def test_partial_refunds_then_full_refund(session, actor, gateway, captured):
    payments.refund(session, actor=actor, payment=captured, gateway=gateway, amount_minor=2000)
    assert (captured.status, captured.refunded_minor) == ("partially_refunded", 2000)

    payments.refund(session, actor=actor, payment=captured, gateway=gateway, amount_minor=10000, commission_minor=500)
    session.commit()

    assert (captured.status, captured.refunded_minor, captured.commission_retained_minor) == ("refunded", 12000, 500)
    assert payments.operations_count(session, captured.id, "refund") == 2
    assert gateway.status(captured.external_id)["refunded_minor"] == 12000


def test_refund_is_never_above_what_was_captured(session, actor, gateway, captured):
    payments.refund(session, actor=actor, payment=captured, gateway=gateway, amount_minor=7000)

    with pytest.raises(PaymentError, match="more than what was paid"):
        payments.refund(session, actor=actor, payment=captured, gateway=gateway, amount_minor=5001)
    with pytest.raises(PaymentError):
        payments.refund(session, actor=actor, payment=captured, gateway=gateway, amount_minor=0)
    assert captured.refunded_minor == 7000
    assert gateway.status(captured.external_id)["refunded_minor"] == 7000


def test_refund_of_an_uncaptured_hold_is_refused(session, actor, gateway, held):
    with pytest.raises(PaymentError):
        payments.refund(session, actor=actor, payment=held, gateway=gateway, amount_minor=100)


def test_a_repeated_refund_from_the_same_state_refunds_once(engine, gateway):
    """The first click reached the gateway but its transaction was lost; the retry
    starts from the same state, so it carries the same key and the gateway replays."""
    with unit_of_work(engine) as session:
        booking = f.booking(session, f.organization(session), price_minor=12000)
        actor = Actor.system(booking.organization_id)
        payment = payments.authorize_hold(session, actor=actor, booking=booking, card=GOOD_CARD, gateway=gateway)
        payments.capture(session, actor=actor, payment=payment, gateway=gateway)
    payment_id = payment.id

    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        payments.refund(session, actor=actor, payment=session.get(Payment, payment_id), gateway=gateway, amount_minor=3000)
        raise RuntimeError("crash before commit")
    with unit_of_work(engine) as session:
        payments.refund(session, actor=actor, payment=session.get(Payment, payment_id), gateway=gateway, amount_minor=3000)

    with Session(engine) as session:
        stored = session.get(Payment, payment_id)
        refund_ids = session.exec(select(PaymentOperation.external_id).where(PaymentOperation.kind == "refund")).all()
    assert (stored.status, stored.refunded_minor) == ("partially_refunded", 3000)
    assert len(refund_ids) == 1
    assert gateway.status(payment.external_id)["refunded_minor"] == 3000


def test_second_click_on_a_quoted_partial_refund_is_refused(session, actor, gateway, captured):
    """The screen quoted 'nothing refunded yet'; the first click refunds, the second is stale."""
    payments.refund(session, actor=actor, payment=captured, gateway=gateway, amount_minor=2000, quoted_refunded_minor=0)
    with pytest.raises(PaymentError, match="meanwhile"):
        payments.refund(session, actor=actor, payment=captured, gateway=gateway, amount_minor=2000, quoted_refunded_minor=0)
    assert captured.refunded_minor == 2000
