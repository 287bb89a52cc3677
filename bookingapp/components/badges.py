"""Status pills, the red customer flag and the deadline countdown."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.flag import customer_flag
from bookingapp.i18n import LANGUAGES, PSEUDO
from bookingapp.states.base import AppState


def flag_badge(alert: rx.Var) -> rx.Component:
    """A red flag with the alert message on hover, focus and tap (see components/flag.py)."""
    return customer_flag(alert)


def _time_left(iso: rx.Var) -> rx.Component:
    """"in 4 hours" in the reader's language. One moment per language, each with its literal
    locale, so the page loads only those locale files and not moment's whole set."""
    def moment(locale: str) -> rx.Component:
        return rx.moment(iso, from_now=True, interval=30000, locale=locale)

    languages = [(lang, moment(lang)) for lang in LANGUAGES if lang not in ("en", PSEUDO)]
    return rx.match(AppState.lang, *languages, moment("en"))


def countdown(iso: rx.Var, urgent: rx.Var) -> rx.Component:
    """Time left to a deadline, refreshed every 30 s in the browser."""
    return rx.badge(
        rx.icon("clock", size=14, aria_hidden="true"),
        _time_left(iso),
        color_scheme=rx.cond(urgent, "red", "gray"),
        variant=rx.cond(urgent, "solid", "soft"),
        class_name=rx.cond(urgent, "countdown urgent", "countdown"),
    )


def status_badge(status: rx.Var, label: rx.Var) -> rx.Component:
    """The booking's status, coloured by what it means for the customer."""
    tone = rx.match(status, ("confirmed", "green"), ("completed", "green"), ("pending_payment", "amber"), ("requested", "amber"),
                    ("reschedule_proposed", "blue"), ("rebooking_requested", "blue"), ("cancelled", "red"), ("rejected", "red"),
                    ("expired", "gray"), ("no_show", "red"), "gray")
    return rx.badge(label, color_scheme=tone, size="2", class_name="status")
