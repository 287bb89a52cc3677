"""Stripe: the only module that imports `stripe`.

Holds are PaymentIntents with manual capture. Every call carries the idempotency key of
our operation (services/payments.py derives it), so a retried request never charges
twice on Stripe's side either. Webhook events are verified here and handed on as plain
dicts.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import stripe

from bookingapp.domain.errors import PaymentDeclined, PaymentError
from bookingapp.integrations.payments import HOLD_LIFETIME, AuthenticationRequired, CardInput, Hold
from bookingapp.settings import Settings

# Stripe's test-mode payment methods for the test card numbers people type in the
# local form; in live mode card details only ever come from Stripe.js.
TEST_PAYMENT_METHODS = {
    "4242424242424242": "pm_card_visa",
    "5555555555554444": "pm_card_mastercard",
    "4000002500003155": "pm_card_authenticationRequiredOnSetup",
    "4000000000000002": "pm_card_chargeCustomerFail",
    "4000000000009995": "pm_card_chargeCustomerFail",
}


class WebhookRejected(Exception):
    """Unsigned, wrongly signed or unreadable webhook: answer 400, change nothing."""


class StripeGateway:
    name = "stripe"

    def __init__(self, settings: Settings) -> None:
        self.test_mode = settings.payments_mode != "stripe_live"
        self.webhook_secret = settings.stripe_webhook_secret
        options: dict[str, Any] = {"max_network_retries": 2}
        if settings.stripe_api_base:
            options["base_addresses"] = {"api": settings.stripe_api_base}
        self.client = stripe.StripeClient(settings.stripe_secret_key, **options)

    def _payment_method(self, card: CardInput | str) -> str:
        if isinstance(card, str):
            return card
        number = card.number.replace(" ", "").replace("-", "")
        if self.test_mode and number in TEST_PAYMENT_METHODS:
            return TEST_PAYMENT_METHODS[number]
        raise PaymentError(reason="card details must be entered in the secure card field")

    def authorize(self, *, amount_minor: int, currency: str, card: CardInput | str, idempotency_key: str) -> Hold:
        try:
            intent = self.client.v1.payment_intents.create(
                params={
                    "amount": amount_minor,
                    "currency": currency.lower(),
                    "payment_method": self._payment_method(card),
                    "payment_method_types": ["card"],
                    "capture_method": "manual",
                    "confirm": True,
                    "expand": ["latest_charge"],
                },
                options={"idempotency_key": idempotency_key},
            )
        except stripe.CardError as error:
            raise PaymentDeclined(reason=error.user_message or "declined") from None
        except stripe.StripeError as error:
            raise PaymentError(reason=error.user_message or "the payment service did not answer") from None
        if intent.status == "requires_action":
            return Hold(intent.id, amount_minor, currency, "", _hold_deadline(intent), status="requires_action")
        if intent.status != "requires_capture":
            raise PaymentDeclined(reason=f"the card could not be authorized ({intent.status})")
        return Hold(intent.id, amount_minor, currency, _last4(intent), _hold_deadline(intent))

    def capture(self, *, external_id: str, amount_minor: int, idempotency_key: str) -> int:
        intent = self._call(self.client.v1.payment_intents.capture, external_id,
                            {"amount_to_capture": amount_minor}, idempotency_key)
        received = getattr(intent, "amount_received", None)  # localstripe leaves it out
        return int(received) if received else amount_minor

    def release(self, *, external_id: str, idempotency_key: str) -> None:
        self._call(self.client.v1.payment_intents.cancel, external_id, {}, idempotency_key)

    def refund(self, *, external_id: str, amount_minor: int, idempotency_key: str) -> str:
        try:
            refund = self.client.v1.refunds.create(params={"payment_intent": external_id, "amount": amount_minor},
                                                   options={"idempotency_key": idempotency_key})
        except stripe.StripeError as error:
            raise PaymentError(reason=error.user_message or str(error)) from None
        return refund.id

    def save_card(self, *, card: CardInput | str, idempotency_key: str) -> str:
        """A Customer with the card attached, confirmed for off-session use (SetupIntent).
        Returns "cus_…/pm_…": both are needed to charge it later."""
        try:
            customer = self.client.v1.customers.create(options={"idempotency_key": f"{idempotency_key}-customer"})
            setup = self.client.v1.setup_intents.create(
                params={"customer": customer.id, "usage": "off_session", "payment_method_types": ["card"]},
                options={"idempotency_key": f"{idempotency_key}-setup"},
            )
            setup = self.client.v1.setup_intents.confirm(
                setup.id, params={"payment_method": self._payment_method(card)},
                options={"idempotency_key": f"{idempotency_key}-confirm"},
            )
            if setup.status != "succeeded":
                raise PaymentDeclined(reason=f"the card could not be saved ({setup.status})")
        except stripe.CardError as error:
            raise PaymentDeclined(reason=error.user_message or "declined") from None
        except stripe.StripeError as error:
            raise PaymentError(reason=error.user_message or str(error)) from None
        return f"{customer.id}/{setup.payment_method}"

    def authorize_saved(self, *, method_ref: str, amount_minor: int, currency: str, idempotency_key: str) -> Hold:
        customer_id, _, payment_method = method_ref.partition("/")
        try:
            intent = self.client.v1.payment_intents.create(
                params={"amount": amount_minor, "currency": currency.lower(), "customer": customer_id,
                        "payment_method": payment_method, "payment_method_types": ["card"],
                        "capture_method": "manual", "confirm": True, "off_session": True, "expand": ["latest_charge"]},
                options={"idempotency_key": idempotency_key},
            )
        except stripe.CardError as error:
            if error.code == "authentication_required":
                raise AuthenticationRequired(reason=error.user_message or "authentication required") from None
            raise PaymentDeclined(reason=error.user_message or "declined") from None
        except stripe.StripeError as error:
            raise PaymentError(reason=error.user_message or str(error)) from None
        if intent.status != "requires_capture":
            raise AuthenticationRequired(reason=intent.status)
        return Hold(intent.id, amount_minor, currency, _last4(intent), _hold_deadline(intent))

    def _call(self, method, external_id: str, params: dict, idempotency_key: str):
        try:
            return method(external_id, params=params, options={"idempotency_key": idempotency_key})
        except stripe.StripeError as error:
            raise PaymentError(reason=error.user_message or str(error)) from None

    def status(self, external_id: str) -> dict:
        """What became of a payment (the reconciler asks after a worker died mid-purchase)."""
        try:
            intent = self.client.v1.payment_intents.retrieve(external_id)
        except stripe.StripeError as error:
            raise PaymentError(reason=error.user_message or str(error)) from None
        return {"id": intent.id, "status": intent.status, "amount_minor": intent.amount}

    def parse_webhook(self, body: bytes, signature: str) -> dict:
        if not self.webhook_secret:
            raise WebhookRejected("no webhook secret configured")
        try:
            event = stripe.Webhook.construct_event(body, signature, self.webhook_secret)
        except (ValueError, stripe.SignatureVerificationError) as error:
            raise WebhookRejected(str(error)) from None
        return event.to_dict()


def _last4(intent) -> str:
    try:
        return intent.latest_charge.payment_method_details.card.last4 or ""
    except AttributeError:
        return ""


def _hold_deadline(intent) -> datetime:
    """Stripe's exact capture deadline when it tells us, else ~7 days from creation."""
    try:
        return datetime.fromtimestamp(intent.latest_charge.payment_method_details.card.capture_before, UTC)
    except (AttributeError, TypeError):
        created = datetime.fromtimestamp(intent.created, UTC) if getattr(intent, "created", None) else datetime.now(UTC)
        return created + HOLD_LIFETIME
