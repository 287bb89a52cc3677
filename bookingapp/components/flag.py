"""The red customer flag: an icon whose alert message shows on hover, focus and tap.

A tooltip alone is useless on phones (no hover) and easy to miss with a keyboard, so the
flag is a real button: hovering shows the tooltip, clicking or tapping opens a popover with
the full message, and the button's accessible name is "Flagged: <message>" for screen readers.
"""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t


def customer_flag(alert: rx.Var | str, size: str = "1") -> rx.Component:
    """Red flag for a non-empty alert message; renders nothing when the message is empty."""
    alert = rx.Var.create(alert) if isinstance(alert, str) else alert
    label = rx.Var.create("Flagged: ") + alert.to(str)
    button = rx.button(
        rx.icon("flag", size=14, aria_hidden="true"),
        t("Flagged"),
        color_scheme="red",
        variant="solid",
        size=size,
        type="button",
        aria_label=label,
        title=alert,
        class_name="customer-flag",
        data_alert=alert,
        style={"cursor": "pointer", "flexShrink": "0"},
    )
    return rx.cond(
        alert != "",
        rx.popover.root(
            rx.tooltip(rx.popover.trigger(button), content=alert),
            rx.popover.content(
                rx.hstack(rx.icon("flag", size=16, color=rx.color("red", 11), aria_hidden="true"),
                          rx.text(t("Alert"), weight="bold", size="2"), spacing="2", align="center"),
                rx.text(alert, size="2", class_name="customer-flag-message", style={"whiteSpace": "pre-wrap"}),
                max_width="min(20rem, 90vw)",
                role="dialog",
                aria_label=label,
            ),
        ),
    )


def flag_icon(alert: rx.Var | str) -> rx.Component:
    """Compact variant for dense rows (agenda cells): just the red icon, same tap/hover behaviour."""
    alert = rx.Var.create(alert) if isinstance(alert, str) else alert
    label = rx.Var.create("Flagged: ") + alert.to(str)
    button = rx.icon_button(
        rx.icon("flag", size=12, aria_hidden="true"),
        color_scheme="red",
        variant="solid",
        size="1",
        type="button",
        aria_label=label,
        title=alert,
        class_name="customer-flag",
        data_alert=alert,
        style={"cursor": "pointer", "flexShrink": "0"},
    )
    return rx.cond(
        alert != "",
        rx.popover.root(
            rx.tooltip(rx.popover.trigger(button), content=alert),
            rx.popover.content(
                rx.text(alert, size="2", class_name="customer-flag-message", style={"whiteSpace": "pre-wrap"}),
                max_width="min(20rem, 90vw)",
                role="dialog",
                aria_label=label,
            ),
        ),
    )
