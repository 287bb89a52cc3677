"""The landing page."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.i18n import t
from bookingapp.components.layout import centered_card, language_switch


def home_page() -> rx.Component:
    return centered_card(
        rx.hstack(rx.heading(t("Bookings"), size="7", as_="h1"), rx.spacer(), language_switch(), width="100%", align="center"),
        rx.text(t("Requests, appointments and classes for your business, with a self-service portal for your customers."), color=rx.color("gray", 11)),
        rx.link(rx.button(t("Sign in"), size="3", width="100%"), href=routes.SIGN_IN, width="100%"),
        rx.link(rx.button(t("Create an account"), size="3", variant="soft", width="100%"), href=routes.SIGN_UP, width="100%"),
    )
