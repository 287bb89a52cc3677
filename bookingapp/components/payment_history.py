"""The manage page's payment lines: paid on (the capture), then each refund; and the deadline to pay."""

from __future__ import annotations

import reflex as rx


def payment_lines(panel) -> rx.Component:
    """`panel` is ManageState.money (states/manage_money.MoneyPanel)."""
    return rx.fragment(
        rx.cond(panel.receipt != "", rx.text(panel.receipt, size="2", color=rx.color("gray", 11), class_name="receipt")),
        rx.cond(
            panel.refunds.length() > 0,
            rx.el.ul(
                rx.foreach(panel.refunds, lambda line: rx.el.li(rx.text(line, size="2"), class_name="refund-line")),
                style={"margin": 0, "paddingLeft": "1.25rem"}, class_name="refund-lines",
            ),
        ),
    )


def payment_deadline(panel) -> rx.Component:
    """By when an unpaid booking must be paid, and what happens otherwise."""
    return rx.cond(
        panel.deadline != "",
        rx.vstack(
            rx.text(panel.deadline, size="2", weight="medium", class_name="payment-deadline"),
            rx.cond(panel.deadline_rule != "", rx.text(panel.deadline_rule, size="2", color=rx.color("gray", 11))),
            spacing="1", width="100%",
        ),
    )
