"""Status pills, the red customer flag and the deadline countdown."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.flag import customer_flag


def flag_badge(alert: rx.Var) -> rx.Component:
    """A red flag with the alert message on hover, focus and tap (see components/flag.py)."""
    return customer_flag(alert)


def countdown(iso: rx.Var, urgent: rx.Var, locale: rx.Var | str = "en") -> rx.Component:
    """Time left to a deadline, refreshed every 30 s in the browser ("in 5 hours", "in 5 Stunden",
    "za 5 godzin"): the one relative time the formatting helpers cannot give, as it ticks in the
    browser; moment.js says it in the reader's language."""
    return rx.badge(
        rx.icon("clock", size=14, aria_hidden="true"),
        rx.moment(iso, from_now=True, interval=30000, locale=locale),
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
