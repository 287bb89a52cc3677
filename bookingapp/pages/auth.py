"""Sign-up and sign-in pages."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.business_fields import currency_field, language_field, timezone_field
from bookingapp.components.common import field, form_error
from bookingapp.components.i18n import t
from bookingapp.components.layout import centered_card, language_switch
from bookingapp.states.auth import AuthState


def _input(name: str, kind: str = "text", autocomplete: str = "", max_length: int = 254) -> rx.Component:
    return rx.input(
        id=name, name=name, type=kind, auto_complete=autocomplete, max_length=max_length + 1, size="3", width="100%",
        aria_invalid=rx.cond(AuthState.errors.contains(name), "true", "false"),
        aria_describedby=f"{name}-error",
    )


def sign_up_page() -> rx.Component:
    return centered_card(
        rx.hstack(rx.heading(t("Create your booking page"), size="6", as_="h1"), rx.spacer(), language_switch(), align="center", width="100%"),
        rx.text(t("One account for your business. You can invite staff later."), color=rx.color("gray", 11)),
        form_error(AuthState.form_message),
        rx.form(
            rx.vstack(
                field("Business name", "organization_name", _input("organization_name", autocomplete="organization", max_length=120), AuthState.errors.get("organization_name", "")),
                field("Your name", "name", _input("name", autocomplete="name", max_length=120), AuthState.errors.get("name", "")),
                field("Email", "email", _input("email", "email", "email"), AuthState.errors.get("email", "")),
                field("Password", "password", _input("password", "password", "new-password", 128), AuthState.errors.get("password", ""), hint="At least 10 characters."),
                timezone_field(AuthState.timezone, AuthState.errors),
                currency_field(AuthState.currency_options, AuthState.currency, AuthState.errors,
                               hint="Prices and payments are in this currency."),
                language_field(AuthState.locale, AuthState.errors, hint="The language of your emails to customers."),
                rx.button(t("Create account"), type="submit", size="3", width="100%"),
                spacing="3",
            ),
            on_submit=AuthState.submit_sign_up,
            width="100%",
        ),
        rx.text(t("Already have an account?"), " ", rx.link(t("Sign in"), href=routes.SIGN_IN), size="2"),
    )


def sign_in_page() -> rx.Component:
    return centered_card(
        rx.hstack(rx.heading(t("Sign in"), size="6", as_="h1"), rx.spacer(), language_switch(), align="center", width="100%"),
        form_error(AuthState.form_message),
        rx.form(
            rx.vstack(
                field("Email", "email", _input("email", "email", "username"), AuthState.errors.get("email", "")),
                field("Password", "password", _input("password", "password", "current-password", 128), AuthState.errors.get("password", "")),
                rx.button(t("Sign in"), type="submit", size="3", width="100%"),
                spacing="3",
            ),
            on_submit=AuthState.submit_sign_in,
            width="100%",
        ),
        rx.text(t("New here?"), " ", rx.link(t("Create an account"), href=routes.SIGN_UP), size="2"),
    )
