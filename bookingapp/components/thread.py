"""A booking's conversation, oldest first: who, when (with the timezone), the message, and
a time the customer suggested. Used on the manage page and the order page."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.states.thread import MessageLine


def _message(line: MessageLine) -> rx.Component:
    return rx.box(
        rx.hstack(rx.text(line.who, weight="bold", size="2"), rx.text(line.when, size="1", color=rx.color("gray", 11)),
                  spacing="2", align="baseline", wrap="wrap"),
        rx.text(line.body, size="2", white_space="pre-wrap", style={"overflowWrap": "anywhere"}),
        rx.cond(line.suggested != "", rx.text(t("Suggests"), ": ", rx.text.strong(line.suggested), size="2", class_name="suggested-time")),
        padding="0.5rem 0.75rem", border_radius="8px", width="100%",
        background=rx.cond(line.side == "customer", rx.color("gray", 3), rx.color("accent", 3)),
        class_name="message", role="listitem",
    )


def thread(lines, empty: str) -> rx.Component:
    return rx.cond(
        lines.length() > 0,
        rx.vstack(rx.foreach(lines, _message), spacing="2", width="100%", role="list", class_name="thread"),
        rx.text(empty, size="2", color=rx.color("gray", 11)),
    )
