"""Dashboard → Reports → Statement (/dashboard/reports/statement?month=YYYY-MM)."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.common import empty_state
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.statement import StatementRow, StatementState, TotalLine

S = StatementState


def _figure(label: str, value, class_name: str) -> rx.Component:
    return rx.vstack(rx.text(t(label), size="2", color=rx.color("gray", 11)), rx.text(value, size="5", weight="bold"),
                     spacing="1", class_name=class_name, min_width="9rem")


def _totals(total: TotalLine) -> rx.Component:
    return rx.card(
        rx.flex(
            _figure("Gross", total.gross, "total-gross"),
            _figure("Refunds", total.refunds, "total-refunds"),
            _figure("Commission retained", total.commission, "total-commission"),
            _figure("Net", total.net, "total-net"),
            spacing="5", wrap="wrap",
        ),
        width="100%", class_name="statement-totals",
    )


def _amount(label: str, value) -> rx.Component:
    return rx.cond(value != "", rx.text(t(label), ": ", value, size="2"))


def _line(line: StatementRow) -> rx.Component:
    # A card per line rather than a wide table: it reads the same at 375 px.
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.hstack(rx.text(line.kind, weight="bold"), rx.text(line.when, size="2", color=rx.color("gray", 11)),
                          wrap="wrap", align="baseline"),
                rx.text(line.customer, " · ", rx.link(line.reference, href=line.href), size="2"),
                spacing="1", align="start",
            ),
            rx.spacer(),
            rx.vstack(
                _amount("Gross", line.gross), _amount("Refund", line.refund), _amount("Commission retained", line.commission),
                rx.text(t("Net"), ": ", line.net, size="2", weight="bold"),
                spacing="0", align="end",
            ),
            spacing="3", wrap="wrap", width="100%",
        ),
        width="100%", class_name="statement-line",
    )


def statement_page() -> rx.Component:
    return dashboard_shell(
        "Statement",
        rx.text(t("What you were paid, what was refunded and what the platform retained, month by month."), size="2"),
        rx.flex(
            rx.link(rx.button(rx.icon("chevron-left", size=16, aria_hidden="true"), t("Previous month"), variant="soft"),
                    href=S.previous_href),
            rx.heading(S.title, size="4", as_="h2", class_name="statement-month"),
            rx.link(rx.button(t("Next month"), rx.icon("chevron-right", size=16, aria_hidden="true"), variant="soft"),
                    href=S.next_href),
            spacing="3", align="center", wrap="wrap",
        ),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%")),
        timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
        rx.foreach(S.totals, _totals),
        rx.flex(
            rx.button(rx.icon("download", size=16, aria_hidden="true"), t("Download CSV"), on_click=S.download_csv),
            rx.link(t("All orders"), href=routes.ORDERS, size="2"),
            spacing="4", align="center", wrap="wrap",
        ),
        rx.heading(t("Payments and refunds"), size="3", as_="h2"),
        rx.cond(
            S.lines.length() > 0,
            rx.vstack(rx.foreach(S.lines, _line), spacing="2", width="100%"),
            empty_state("receipt", "Nothing this month", "No payment was captured or refunded in this month."),
        ),
    )
