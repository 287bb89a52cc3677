"""Order page: refund part of a payment, with the quote before the refund (issue 21, item 7)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.states.order_refund import OrderRefundState as R


def _line(label: str, value) -> rx.Component:
    return rx.hstack(rx.text(t(label), color=rx.color("gray", 11), size="2", min_width="9rem"), rx.text(value, size="2", weight="medium"),
                     width="100%", align="start", wrap="wrap")


def _amount_step() -> rx.Component:
    return rx.vstack(
        rx.alert_dialog.title(t("Refund part of the payment")),
        rx.text(t("Still paid"), ": ", rx.text.strong(R.remaining), size="2"),
        rx.el.label(t("Amount to refund"), html_for="refund-amount", style={"fontWeight": 500}),
        rx.input(id="refund-amount", value=R.amount, on_change=R.set_amount, input_mode="decimal", placeholder="12.50",
                 max_length=20, width="100%", aria_invalid=rx.cond(R.error != "", "true", "false"),
                 aria_describedby="refund-amount-error"),
        rx.cond(R.error != "", rx.callout(R.error, color_scheme="red", role="alert", id="refund-amount-error")),
        rx.hstack(rx.alert_dialog.cancel(rx.button(t("Back"), variant="soft", color_scheme="gray")),
                  rx.button(t("Show the quote"), on_click=R.show_quote), justify="end", width="100%", spacing="3", wrap="wrap"),
        spacing="3",
    )


def _quote_step() -> rx.Component:
    return rx.vstack(
        rx.alert_dialog.title(t("Refund this amount?")),
        rx.vstack(
            _line("Refund to the customer", R.quote_refund),
            _line("Platform commission retained", rx.fragment(R.quote_commission, " (", R.quote_pct, ")")),
            _line("Your net from this refund", R.quote_net),
            spacing="1", width="100%", class_name="partial-refund-quote",
        ),
        rx.text(t("The refund will go back to the customer's card; they will be told by email."), size="2"),
        rx.cond(R.error != "", rx.callout(R.error, color_scheme="red", role="alert")),
        rx.hstack(rx.button(t("Change the amount"), variant="soft", color_scheme="gray", on_click=R.back),
                  rx.button(t("Yes, refund"), " ", R.quote_refund, on_click=R.confirm), justify="end", width="100%", spacing="3",
                  wrap="wrap"),
        spacing="3",
    )


def partial_refund(booking_id, remaining) -> rx.Component:
    """The button and its dialog; `remaining` is what is still paid, formatted."""
    return rx.fragment(
        rx.button(t("Refund part of the payment"), variant="soft", on_click=R.open(booking_id, remaining),
                  class_name="partial-refund-open"),
        rx.alert_dialog.root(
            rx.alert_dialog.content(rx.cond(R.step == "quote", _quote_step(), _amount_step()), max_width="30rem"),
            open=R.step != "", on_open_change=R.set_open,
        ),
    )
