"""One contract, two gateways: LocalGateway and StripeGateway (against localstripe).

What localstripe cannot do (honour Idempotency-Key, send expiry events) is covered in
test_webhooks.py and by our own layer's idempotency tests here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bookingapp.domain.errors import PaymentDeclined, PaymentError
from bookingapp.integrations.payments import CardInput, LocalGateway
from bookingapp.integrations.stripe_gateway import StripeGateway
from bookingapp.models import Payment
from bookingapp.services import payments
from bookingapp.settings import Settings
from tests import factories
from tests.stripe_fakes import LocalStripe

VISA = CardInput("4242424242424242", 12, 2031, "123")
DECLINED = CardInput("4000000000000002", 12, 2031, "123")


@pytest.fixture(scope="module")
def localstripe(tmp_path_factory):
    server = LocalStripe(tmp_path_factory.mktemp("localstripe"))
    yield server
    server.stop()


@pytest.fixture(params=["local", "stripe"])
def any_gateway(request, tmp_path):
    if request.param == "local":
        from bookingapp.db import make_engine

        return LocalGateway(make_engine(f"sqlite:///{tmp_path / 'gw.db'}"))
    server = request.getfixturevalue("localstripe")
    server.reset()
    return StripeGateway(Settings(stripe_secret_key="sk_test_contract", stripe_api_base=server.url))


def _key(name: str) -> str:
    return f"{name}-{datetime.now(UTC).timestamp()}"


def test_authorize_places_a_hold_with_a_deadline_about_a_week_out(any_gateway):
    hold = any_gateway.authorize(amount_minor=12000, currency="EUR", card=VISA, idempotency_key=_key("a"))
    assert hold.status == "authorized" and hold.amount_minor == 12000 and hold.external_id
    assert timedelta(days=5) < hold.hold_expires_at - datetime.now(UTC) <= timedelta(days=7, minutes=1)


def test_declined_card_raises_with_the_reason(any_gateway):
    with pytest.raises(PaymentDeclined, match="declined"):
        any_gateway.authorize(amount_minor=12000, currency="EUR", card=DECLINED, idempotency_key=_key("d"))


@pytest.mark.parametrize("amount", [12000, 7000])
def test_capture_full_or_partial(any_gateway, amount):
    hold = any_gateway.authorize(amount_minor=12000, currency="EUR", card=VISA, idempotency_key=_key("a"))
    assert any_gateway.capture(external_id=hold.external_id, amount_minor=amount, idempotency_key=_key("c")) == amount


def test_released_hold_cannot_be_captured(session, any_gateway, booking):
    # localstripe would capture a canceled intent; real Stripe refuses, and so do we.
    from bookingapp.services.actors import Actor

    actor = Actor.system(booking.organization_id)
    payment = payments.authorize_hold(session, actor=actor, booking=booking, card=VISA, gateway=any_gateway)
    payments.release(session, actor=actor, payment=payment, gateway=any_gateway)
    with pytest.raises(PaymentError, match="released"):
        payments.capture(session, actor=actor, payment=payment, gateway=any_gateway)


def test_refund_full_and_partial(any_gateway):
    hold = any_gateway.authorize(amount_minor=10000, currency="EUR", card=VISA, idempotency_key=_key("a"))
    any_gateway.capture(external_id=hold.external_id, amount_minor=10000, idempotency_key=_key("c"))
    assert any_gateway.refund(external_id=hold.external_id, amount_minor=4000, idempotency_key=_key("r1"))
    assert any_gateway.refund(external_id=hold.external_id, amount_minor=6000, idempotency_key=_key("r2"))


@pytest.fixture
def booking(session):
    org = factories.organization(session, "contract")
    return factories.booking(session, org)


def test_our_layer_never_refunds_above_the_capture_whatever_the_gateway_accepts(session, any_gateway, booking):
    from bookingapp.services.actors import Actor

    actor = Actor.system(booking.organization_id)
    payment = payments.authorize_hold(session, actor=actor, booking=booking, card=VISA, gateway=any_gateway)
    payments.capture(session, actor=actor, payment=payment, gateway=any_gateway, amount_minor=booking.price_minor)
    payments.refund(session, actor=actor, payment=payment, gateway=any_gateway, amount_minor=booking.price_minor - 100)
    with pytest.raises(PaymentError, match="more than what was paid"):
        payments.refund(session, actor=actor, payment=payment, gateway=any_gateway, amount_minor=101)
    assert payment.refunded_minor == booking.price_minor - 100


def test_repeated_operations_are_harmless_in_our_layer(session, any_gateway, booking):
    from bookingapp.services.actors import Actor

    actor = Actor.system(booking.organization_id)
    first = payments.authorize_hold(session, actor=actor, booking=booking, card=VISA, gateway=any_gateway)
    again = payments.authorize_hold(session, actor=actor, booking=booking, card=VISA, gateway=any_gateway)
    assert again.id == first.id and len(session.exec(select(Payment)).all()) == 1
    payments.capture(session, actor=actor, payment=first, gateway=any_gateway)
    payments.capture(session, actor=actor, payment=first, gateway=any_gateway)  # a double click
    assert payments.operations_count(session, first.id, "capture") == 1


def test_a_saved_card_takes_a_new_hold_without_the_customer(any_gateway):
    ref = any_gateway.save_card(card=VISA, idempotency_key=_key("save"))
    hold = any_gateway.authorize_saved(method_ref=ref, amount_minor=9000, currency="EUR", idempotency_key=_key("again"))
    assert hold.status == "authorized" and hold.amount_minor == 9000
    assert any_gateway.capture(external_id=hold.external_id, amount_minor=9000, idempotency_key=_key("c")) == 9000
