"""Payment gateways: the protocol every flow uses, and the LocalGateway default.

LocalGateway plays the card processor: test card numbers, no network, clearly test
mode. It keeps its ledger in its own database (like a remote API keeps its own), so
its state commits independently of our booking transaction, and each call is
idempotent per key the way Stripe's are.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bookingapp.domain.errors import PaymentDeclined, PaymentError, ValidationFailed
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.user_input import Text
from bookingapp.models import UTCDateTime, utcnow

# Card authorizations lapse; Visa/Mastercard holds last about 7 days.
HOLD_LIFETIME = timedelta(days=7)


@dataclass(frozen=True)
class CardInput:
    number: Annotated[str, Text(40)]
    exp_month: int
    exp_year: int
    cvc: Annotated[str, Text(10)]

    @classmethod
    def from_form(cls, number: str | None, expiry: str | None, cvc: str | None) -> CardInput:
        """The test-card form's fields ("4242 4242 …", "12/30", "123") as a card."""
        try:
            month, year = (int(part) for part in (expiry or "").replace(" ", "").split("/"))
        except ValueError:
            raise ValidationFailed(N_("Enter the expiry date as MM/YY."), field="card") from None
        return cls((number or "").replace(" ", ""), month, year + 2000 if year < 100 else year, (cvc or "").strip())


@dataclass(frozen=True)
class Hold:
    external_id: str
    amount_minor: int
    currency: str
    card_last4: str
    hold_expires_at: datetime
    status: str = "authorized"  # authorized | requires_action


class PaymentGateway(Protocol):
    name: str
    test_mode: bool

    def authorize(self, *, amount_minor: int, currency: str, card: CardInput | str, idempotency_key: str) -> Hold:
        """Place a hold (manual capture). Raises PaymentDeclined."""
        ...

    def capture(self, *, external_id: str, amount_minor: int, idempotency_key: str) -> int:
        """Capture up to the held amount; returns the amount captured."""
        ...

    def release(self, *, external_id: str, idempotency_key: str) -> None:
        """Cancel the hold: nothing is charged."""
        ...

    def refund(self, *, external_id: str, amount_minor: int, idempotency_key: str) -> str:
        """Refund part or all of a captured amount; returns the refund id."""
        ...

    def save_card(self, *, card: CardInput | str, idempotency_key: str) -> str:
        """Keep the card for later charges without the customer (off-session); returns its reference."""
        ...

    def authorize_saved(self, *, method_ref: str, amount_minor: int, currency: str, idempotency_key: str) -> Hold:
        """A new hold on a saved card, without the customer. Raises AuthenticationRequired
        when the bank wants the customer present, PaymentDeclined when it says no."""
        ...

    def status(self, external_id: str) -> dict:
        """The payment as the gateway sees it now: at least its "status" (requires_capture,
        succeeded, canceled, ...). The reconciler asks after a worker died mid-purchase."""
        ...


class AuthenticationRequired(PaymentDeclined):
    message = "Your bank wants to confirm this payment with you: {reason}"


# Off-session charges on this test card need the customer (3-D Secure), as on Stripe.
NEEDS_AUTHENTICATION_OFF_SESSION = "4000002500003155"

# Test cards (the same numbers Stripe uses in test mode).
TEST_CARDS = {
    "4242424242424242": None,
    "5555555555554444": None,
    NEEDS_AUTHENTICATION_OFF_SESSION: None,
    "4000000000000002": N_("Your card was declined."),
    "4000000000009995": N_("Your card has insufficient funds."),
    "4000000000000069": N_("Your card has expired."),
}

_metadata = sa.MetaData()
_intents = sa.Table(
    "local_gateway_intent",
    _metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("amount_minor", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("status", sa.String(24), nullable=False),
    sa.Column("captured_minor", sa.Integer, nullable=False, default=0),
    sa.Column("refunded_minor", sa.Integer, nullable=False, default=0),
    sa.Column("card_last4", sa.String(4), nullable=False),
    sa.Column("created_at", UTCDateTime(), nullable=False),
)
_saved_cards = sa.Table(
    "local_gateway_saved_card",
    _metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("number", sa.String(19), nullable=False),
)
_operations = sa.Table(
    "local_gateway_operation",
    _metadata,
    sa.Column("idempotency_key", sa.String(120), primary_key=True),
    sa.Column("result", sa.JSON, nullable=False),
)


_DIGITS = re.compile(r"[0-9]+")  # not str.isdigit(): it takes "²", which the Luhn sum cannot


def card_problem(card: CardInput, today: datetime) -> str | None:
    """Why a typed card cannot be used, or None. Checked before any gateway call."""
    digits = card.number.replace(" ", "").replace("-", "")
    if not _DIGITS.fullmatch(digits) or not 12 <= len(digits) <= 19 or not _luhn_ok(digits):
        return "The card number is not valid."
    if not 1 <= card.exp_month <= 12:
        return "The expiry month is not valid."
    if (card.exp_year, card.exp_month) < (today.year, today.month):
        return "The card has expired."
    if not _DIGITS.fullmatch(card.cvc) or len(card.cvc) not in (3, 4):
        return "The security code is not valid."
    return None


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


class LocalGateway:
    name = "local"
    test_mode = True

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        _metadata.create_all(engine)

    def _replay(self, conn, key: str) -> dict | None:
        row = conn.execute(sa.select(_operations.c.result).where(_operations.c.idempotency_key == key)).first()
        return row[0] if row else None

    def _remember(self, conn, key: str, result: dict) -> dict:
        conn.execute(_operations.insert().values(idempotency_key=key, result=result))
        return result

    def _intent(self, conn, external_id: str):
        row = conn.execute(sa.select(_intents).where(_intents.c.id == external_id)).mappings().first()
        if row is None:
            raise PaymentError(reason="unknown payment")
        return row

    def authorize(self, *, amount_minor: int, currency: str, card: CardInput | str, idempotency_key: str) -> Hold:
        if amount_minor <= 0:
            raise PaymentError(reason="the amount must be positive")
        with self.engine.begin() as conn:
            result = self._replay(conn, idempotency_key)
            if result is None:
                result = self._new_hold(conn, amount_minor, currency, card, idempotency_key)
        if "declined" in result:
            raise PaymentDeclined(reason=result["declined"])
        return Hold(
            external_id=result["id"],
            amount_minor=result["amount_minor"],
            currency=result["currency"],
            card_last4=result["last4"],
            hold_expires_at=datetime.fromisoformat(result["hold_expires_at"]),
        )

    def _new_hold(self, conn, amount_minor, currency, card, key) -> dict:
        # Typed the way card_problem accepts it: with spaces or dashes.
        number = (card if isinstance(card, str) else card.number).replace(" ", "").replace("-", "")
        if number not in TEST_CARDS:
            return self._remember(conn, key, {"declined": "Use a test card, for example 4242 4242 4242 4242."})
        if TEST_CARDS[number]:
            return self._remember(conn, key, {"declined": TEST_CARDS[number]})
        now = utcnow()
        intent_id = "local_pi_" + secrets.token_hex(12)
        conn.execute(
            _intents.insert().values(
                id=intent_id, amount_minor=amount_minor, currency=currency, status="requires_capture",
                captured_minor=0, refunded_minor=0, card_last4=number[-4:], created_at=now,
            )
        )
        return self._remember(conn, key, {
            "id": intent_id, "amount_minor": amount_minor, "currency": currency,
            "last4": number[-4:], "hold_expires_at": (now + HOLD_LIFETIME).isoformat(),
        })

    def capture(self, *, external_id: str, amount_minor: int, idempotency_key: str) -> int:
        with self.engine.begin() as conn:
            if (done := self._replay(conn, idempotency_key)) is not None:
                return done["captured"]
            intent = self._intent(conn, external_id)
            if intent["status"] != "requires_capture":
                raise PaymentError(reason=f"the hold is {intent['status']}")
            if not 0 < amount_minor <= intent["amount_minor"]:
                raise PaymentError(reason="the amount is more than the hold")
            conn.execute(_intents.update().where(_intents.c.id == external_id).values(status="succeeded", captured_minor=amount_minor))
            return self._remember(conn, idempotency_key, {"captured": amount_minor})["captured"]

    def release(self, *, external_id: str, idempotency_key: str) -> None:
        with self.engine.begin() as conn:
            if self._replay(conn, idempotency_key) is not None:
                return
            intent = self._intent(conn, external_id)
            if intent["status"] != "requires_capture":
                raise PaymentError(reason=f"the hold is {intent['status']}")
            conn.execute(_intents.update().where(_intents.c.id == external_id).values(status="canceled"))
            self._remember(conn, idempotency_key, {"released": True})

    def refund(self, *, external_id: str, amount_minor: int, idempotency_key: str) -> str:
        with self.engine.begin() as conn:
            if (done := self._replay(conn, idempotency_key)) is not None:
                return done["refund_id"]
            intent = self._intent(conn, external_id)
            refundable = intent["captured_minor"] - intent["refunded_minor"]
            if intent["status"] != "succeeded" or not 0 < amount_minor <= refundable:
                raise PaymentError(reason="the refund is more than what was paid")
            conn.execute(_intents.update().where(_intents.c.id == external_id).values(refunded_minor=intent["refunded_minor"] + amount_minor))
            refund_id = "local_re_" + secrets.token_hex(8)
            return self._remember(conn, idempotency_key, {"refund_id": refund_id})["refund_id"]

    def save_card(self, *, card: CardInput | str, idempotency_key: str) -> str:
        number = (card if isinstance(card, str) else card.number).replace(" ", "").replace("-", "")
        with self.engine.begin() as conn:
            if (done := self._replay(conn, idempotency_key)) is not None:
                return done["id"]
            ref = "local_pm_" + secrets.token_hex(12)
            conn.execute(_saved_cards.insert().values(id=ref, number=number))
            return self._remember(conn, idempotency_key, {"id": ref})["id"]

    def authorize_saved(self, *, method_ref: str, amount_minor: int, currency: str, idempotency_key: str) -> Hold:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(_saved_cards.c.number).where(_saved_cards.c.id == method_ref)).first()
        if row is None:
            raise PaymentError(reason="unknown saved card")
        if row[0] == NEEDS_AUTHENTICATION_OFF_SESSION:
            raise AuthenticationRequired(reason="authentication required")
        return self.authorize(amount_minor=amount_minor, currency=currency, card=row[0], idempotency_key=idempotency_key)

    def status(self, external_id: str) -> dict:
        with self.engine.connect() as conn:
            return dict(self._intent(conn, external_id))

