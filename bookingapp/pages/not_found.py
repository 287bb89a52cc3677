"""Any address the app does not know (`/nope`): the app's own page, with a way back."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import empty_state
from bookingapp.components.i18n import t
from bookingapp.components.layout import portal_shell


def not_found_page() -> rx.Component:
    return portal_shell(
        rx.heading(t("Page not found"), size="6", as_="h1"),
        empty_state("search-x", "Nothing at this address",
                    "Check the link you were given. Booking links are in your emails.",
                    rx.link(t("Go to the start page"), href="/", weight="medium")),
    )
