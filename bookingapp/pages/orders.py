"""Dashboard → Orders (/dashboard/orders) and one order (/dashboard/orders/<reference>)."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.badges import flag_badge, status_badge
from bookingapp.components.common import empty_state
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.manage import HistoryLine
from bookingapp.states.orders import OrderLine, OrdersState, OrderState


def _line(row: OrderLine) -> rx.Component:
    return rx.link(
        rx.card(
            rx.flex(
                rx.vstack(
                    rx.hstack(rx.text(row.customer, weight="bold"), flag_badge(row.alert), align="center", wrap="wrap"),
                    rx.text(row.service, " · ", row.when, size="2"),
                    rx.text(t("Order"), " ", row.reference, size="1", color=rx.color("gray", 11)),
                    spacing="1", align="start",
                ),
                rx.spacer(),
                rx.vstack(
                    status_badge(row.status, row.status_label),
                    rx.cond(row.refund_pending, rx.badge(t("Refund to decide"), color_scheme="amber", class_name="refund-pending")),
                    spacing="1", align="end",
                ),
                spacing="3", wrap="wrap", width="100%",
            ),
            width="100%",
        ),
        href=row.href, underline="none", color="inherit", width="100%",
    )


def orders_page() -> rx.Component:
    S = OrdersState
    return dashboard_shell(
        "Orders",
        rx.flex(
            rx.select.root(
                rx.select.trigger(aria_label=t("Show"), min_width="12rem"),
                rx.select.content(
                    rx.select.item(t("Upcoming"), value="upcoming"),
                    rx.select.item(t("Refund to decide"), value="refund"),
                    rx.select.item(t("Past"), value="past"),
                    rx.select.item(t("All"), value="all"),
                ),
                value=S.show, on_change=S.set_show,
            ),
            rx.input(placeholder=t("Search name, email or order number"), value=S.search, on_change=S.set_search.debounce(300),
                     aria_label=t("Search orders"), type="search", min_width="14rem", flex="1"),
            spacing="3", wrap="wrap", width="100%",
        ),
        rx.text(t("Times are in"), " ", S.timezone, ".", size="1", color=rx.color("gray", 11)),
        rx.cond(
            S.rows.length() > 0,
            rx.vstack(rx.foreach(S.rows, _line), spacing="2", width="100%"),
            empty_state("receipt", "No orders here", "Nothing matches this view. Try another tab or search."),
        ),
    )


def _row(label: str, value) -> rx.Component:
    return rx.hstack(rx.text(t(label), color=rx.color("gray", 11), size="2", min_width="9rem"), rx.text(value, size="2", weight="medium"),
                     width="100%", align="start", wrap="wrap")


def _history(line: HistoryLine) -> rx.Component:
    return rx.hstack(rx.text(line.when, size="1", color=rx.color("gray", 11), min_width="10rem"), rx.text(line.text, size="2"),
                     align="start", wrap="wrap")


def _refund_section() -> rx.Component:
    S = OrderState
    return rx.card(
        rx.vstack(
            rx.heading(t("Refund to decide"), size="4", as_="h2"),
            rx.text(t("The customer cancelled a paid booking. Nothing was refunded automatically."), size="2"),
            rx.flex(
                rx.button(t("Refund"), " ", S.quote_refund, on_click=S.open_dialog("refund")),
                rx.button(t("Keep the payment"), variant="soft", color_scheme="gray", on_click=S.open_dialog("keep")),
                spacing="3", wrap="wrap",
            ),
            spacing="3", width="100%",
        ),
        width="100%", class_name="refund-decision",
    )


def _dialog() -> rx.Component:
    S = OrderState

    def body(title: str, *content: rx.Component, yes: str, on_yes, tone: str = "teal") -> rx.Component:
        return rx.vstack(
            rx.alert_dialog.title(t(title)),
            *content,
            rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", role="alert")),
            rx.hstack(rx.alert_dialog.cancel(rx.button(t("Back"), variant="soft", color_scheme="gray")),
                      rx.button(t(yes), color_scheme=tone, on_click=on_yes), justify="end", width="100%", spacing="3"),
            spacing="3",
        )

    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.match(
                S.dialog,
                ("refund", body(
                    "Refund this booking?",
                    rx.vstack(
                        _row("Refund to the customer", S.quote_refund),
                        _row("Platform commission retained", rx.fragment(S.quote_commission, " (", S.quote_pct, " %)")),
                        _row("Your net from this booking", S.quote_net),
                        spacing="1", width="100%", class_name="refund-quote",
                    ),
                    rx.text(t("The refund goes back to the customer's card; they are told by email."), size="2"),
                    yes="Yes, refund", on_yes=S.refund)),
                ("keep", body("Keep the payment?",
                              rx.text(t("No refund is made. The customer already knows refunds are not automatic."), size="2"),
                              yes="Yes, keep it", on_yes=S.keep)),
                body("Send a new booking link?",
                     rx.text(t("The customer's current link stops working at once and a new one is emailed to them. "
                               "Use this when a link was forwarded by mistake."), size="2"),
                     yes="Yes, replace the link", on_yes=S.relink, tone="red"),
            ),
            max_width="30rem",
        ),
        open=S.dialog != "",
        on_open_change=S.set_dialog_open,
    )


def order_page() -> rx.Component:
    S = OrderState
    return dashboard_shell(
        "Order",
        rx.cond(
            S.found,
            rx.vstack(
                rx.link(t("All orders"), href=routes.ORDERS, size="2"),
                rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%")),
                rx.hstack(rx.heading(S.service_name, " · ", S.reference, size="5", as_="h2"), rx.spacer(),
                          status_badge(S.status, S.status_label), width="100%", align="center", wrap="wrap"),
                rx.card(
                    rx.vstack(
                        _row("Customer", rx.hstack(rx.text(S.customer, " (", S.customer_email, ")"), flag_badge(S.alert), wrap="wrap")),
                        rx.cond(S.alert != "", _row("Alert", S.alert)),
                        _row("Date and time", S.when),
                        _row("Timezone", S.timezone),
                        rx.cond(S.staff != "", _row("Staff member", S.staff)),
                        _row("Location", S.location),
                        _row("People", S.party),
                        _row("Price", S.price),
                        _row("Payment", S.payment),
                        rx.cond(S.paid != "", _row("Paid", S.paid)),
                        rx.cond(S.refunded != "", _row("Refunded", S.refunded)),
                        rx.cond(S.commission_retained != "", _row("Commission retained", S.commission_retained)),
                        rx.cond(S.refund_decision == "kept", _row("Refund decision", t("Payment kept"))),
                        spacing="2", width="100%",
                    ),
                    width="100%",
                ),
                rx.cond(S.refund_decision == "pending", _refund_section()),
                rx.flex(
                    rx.cond(S.inbox_href != "", rx.link(rx.button(t("Open in inbox"), variant="soft"), href=S.inbox_href)),
                    rx.button(t("Send a new booking link"), variant="soft", color_scheme="red", on_click=S.open_dialog("relink")),
                    spacing="3", wrap="wrap",
                ),
                rx.heading(t("History"), size="3", as_="h2"),
                rx.vstack(rx.foreach(S.history, _history), spacing="1", width="100%"),
                _dialog(),
                spacing="4", width="100%",
            ),
            empty_state("search-x", "Order not found", "There is no order with this number in your business.",
                        rx.link(t("All orders"), href=routes.ORDERS)),
        ),
    )
