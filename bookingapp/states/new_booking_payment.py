"""New booking → how the customer pays: the choices the chosen service allows, the card."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

import reflex as rx

from bookingapp.domain.formatting import fmt_money
from bookingapp.integrations.payments import CardInput
from bookingapp.states.card_form import card_from_form

# value -> (label, what happens), in the order offered.
PAYMENTS = {
    "venue": ("Pay on site", "Confirmed now; shown as unpaid until they pay on site."),
    "link": ("Send a payment link", "The customer gets an email to pay from their booking page; the time is held meanwhile."),
    "card": ("Charge a card now", "The card is charged in full at once."),
    "credits": ("Class credits", "The class's credits come off the customer's balance."),
}
# A class place has no price of its own: "at the venue" only means no credits are taken.
CLASS_HINTS = {"venue": "No credits are taken: they pay on site."}
CLASS_PAYMENTS = ("credits", "venue")
PAID_PAYMENTS = ("venue", "link", "card")


@dataclass
class PaymentChoice:
    value: str
    label: str
    hint: str


class NewBookingPayment(rx.State, mixin=True):
    payment: str = "venue"
    payment_choices: list[PaymentChoice] = []
    price_label: str = ""
    # Names one submission of the form: sending it again finds the same charge (see front_desk.book).
    _submission: str = ""

    def _offer_payments(self, kind: str, price_minor: int, currency: str) -> None:
        """What the service allows: a class credits or on site; a free service nothing to pay."""
        values = CLASS_PAYMENTS if kind == "class" else PAID_PAYMENTS if price_minor > 0 else ()
        hints = CLASS_HINTS if kind == "class" else {}
        self.payment_choices = [PaymentChoice(v, self._(PAYMENTS[v][0]), self._(hints.get(v, PAYMENTS[v][1]))) for v in values]
        self.payment = values[0] if values else "venue"
        self.price_label = fmt_money(price_minor, currency, self.lang) if kind != "class" and price_minor > 0 else ""
        self._new_submission()

    def _new_submission(self) -> None:
        self._submission = secrets.token_hex(8)

    def _card(self, form: dict) -> CardInput | str | None:
        return card_from_form(form) if self.payment == "card" else None

    @rx.event
    def set_payment(self, value: str):
        if any(choice.value == value for choice in self.payment_choices):
            self.payment = value
