"""Status pills, the red customer flag and the deadline countdown."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t


def flag_badge(alert: rx.Var) -> rx.Component:
    """A red flag with the alert message on hover, focus and tap."""
    return rx.cond(
        alert != "",
        rx.tooltip(
            rx.badge(rx.icon("flag", size=14, aria_hidden="true"), t("Flagged"), color_scheme="red", variant="solid",
                     tab_index=0, aria_label=alert, class_name="customer-flag"),
            content=alert,
        ),
    )


def countdown(iso: rx.Var, urgent: rx.Var) -> rx.Component:
    """Time left to a deadline, refreshed every 30 s in the browser."""
    return rx.badge(
        rx.icon("clock", size=14, aria_hidden="true"),
        rx.moment(iso, from_now=True, interval=30000),
        color_scheme=rx.cond(urgent, "red", "gray"),
        variant=rx.cond(urgent, "solid", "soft"),
        class_name=rx.cond(urgent, "countdown urgent", "countdown"),
    )
