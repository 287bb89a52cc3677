"""The red customer flag: an icon whose alert message shows on hover, focus and tap.

A tooltip alone is useless on phones (no hover) and easy to miss with a keyboard, so the
flag is a real button: hovering shows the tooltip, clicking or tapping opens a popover with
the full message, and the button's accessible name is "Flagged: <message>" for screen readers.
"""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t


def _alert_var(alert: rx.Var | str) -> rx.Var:
    return rx.Var.create(alert) if isinstance(alert, str) else alert


def _label(alert: rx.Var) -> rx.Var:
    return t("Flagged") + ": " + alert.to(str)


# What both flag buttons share: the message as tooltip and data, the accessible name.
def _button_props(alert: rx.Var) -> dict:
    return {"color_scheme": "red", "variant": "solid", "type": "button", "aria_label": _label(alert), "title": alert,
            "class_name": "customer-flag", "data_alert": alert, "style": {"cursor": "pointer", "flexShrink": "0"}}


def _flag(alert: rx.Var, button: rx.Component, *heading: rx.Component) -> rx.Component:
    """The button with a hover tooltip and a tap/keyboard popover; nothing for an empty alert."""
    return rx.cond(
        alert != "",
        rx.popover.root(
            rx.tooltip(rx.popover.trigger(button), content=alert),
            rx.popover.content(
                *heading,
                rx.text(alert, size="2", class_name="customer-flag-message", style={"whiteSpace": "pre-wrap"}),
                max_width="min(20rem, 90vw)",
                role="dialog",
                aria_label=_label(alert),
            ),
        ),
    )


def customer_flag(alert: rx.Var | str, size: str = "1") -> rx.Component:
    """Red flag for a non-empty alert message; renders nothing when the message is empty."""
    alert = _alert_var(alert)
    button = rx.button(rx.icon("flag", size=14, aria_hidden="true"), t("Flagged"), size=size, **_button_props(alert))
    heading = rx.hstack(rx.icon("flag", size=16, color=rx.color("red", 11), aria_hidden="true"),
                        rx.text(t("Alert"), weight="bold", size="2"), spacing="2", align="center")
    return _flag(alert, button, heading)


def flag_icon(alert: rx.Var | str) -> rx.Component:
    """Compact variant for dense rows (agenda cells): just the red icon, same tap/hover behaviour."""
    alert = _alert_var(alert)
    return _flag(alert, rx.icon_button(rx.icon("flag", size=12, aria_hidden="true"), size="1", **_button_props(alert)))

