"""The card entry of every payment form: Stripe's own field when Stripe keys are set,
else the local test-card form (see Settings.card_entry)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import field
from bookingapp.components.i18n import t
from bookingapp.settings import get_settings


def _input(name: str, invalid: rx.Var, **props) -> rx.Component:
    return rx.input(id=name, name=name, size="3", width="100%", aria_invalid=rx.cond(invalid, "true", "false"), **props)


def _test_card(invalid: rx.Var) -> rx.Component:
    return rx.vstack(
        field("Card number", "card_number",
              _input("card_number", invalid, auto_complete="cc-number", input_mode="numeric", placeholder="4242 4242 4242 4242")),
        rx.grid(
            field("Expiry (MM/YY)", "card_expiry", _input("card_expiry", invalid, auto_complete="cc-exp", placeholder="12/30")),
            field("CVC", "card_cvc", _input("card_cvc", invalid, auto_complete="cc-csc", input_mode="numeric", placeholder="123")),
            columns="2", spacing="3", width="100%",
        ),
        spacing="3", width="100%",
    )


def _stripe_card() -> rx.Component:
    """Stripe's own card field (assets/stripe_card.js mounts it and submits a payment method id)."""
    settings = get_settings()
    return rx.vstack(
        rx.el.label(t("Card"), html_for="stripe-card", style={"fontWeight": 500, "fontSize": "14px"}),
        rx.box(id="stripe-card", data_key=settings.stripe_publishable_key, data_js=settings.stripe_js_url,
               padding="0.75rem", border=f"1px solid {rx.color('gray', 7)}", border_radius="6px", width="100%"),
        rx.el.input(type="hidden", name="payment_method", default_value=""),
        rx.text("", id="stripe-card-error", color=rx.color("red", 11), size="2", role="alert"),
        rx.script(src="/stripe_card.js"),
        spacing="1", width="100%",
    )


def card_fields(error: rx.Var) -> rx.Component:
    """Card inputs named card_number / card_expiry / card_cvc (or payment_method), and the card error."""
    entry = _stripe_card() if get_settings().card_entry == "stripe_js" else _test_card(error != "")
    return rx.vstack(
        entry,
        rx.cond(error != "", rx.text(error, color=rx.color("red", 11), size="2", role="alert", id="card-error")),
        spacing="2", width="100%",
    )
