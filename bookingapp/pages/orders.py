"""Dashboard → Orders (/dashboard/orders) and one order (/dashboard/orders/<reference>)."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.attendance import attendance_control
from bookingapp.components.badges import flag_badge, status_badge
from bookingapp.components.booking_alert import booking_alert_card
from bookingapp.components.common import empty_state, field, new_booking_button
from bookingapp.components.flag import customer_flag
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.order_actions import order_actions
from bookingapp.components.order_proposal import open_proposal_section
from bookingapp.components.partial_refund import partial_refund
from bookingapp.components.thread import thread
from bookingapp.components.timezone_note import timezone_note
from bookingapp.domain.booking_states import LABELS, Status
from bookingapp.states.manage import HistoryLine
from bookingapp.states.order_messages import OrderMessagesState as M
from bookingapp.states.order_page import AnswerLine, EmailLine, OrderState, PaymentLine
from bookingapp.states.orders import OrderLine, OrdersState


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
                    rx.cond(row.unpaid_on_site, rx.badge(t("Unpaid · on site"), color_scheme="gray", class_name="unpaid-on-site")),
                    spacing="1", align="end",
                ),
                spacing="3", wrap="wrap", width="100%",
            ),
            width="100%",
        ),
        href=row.href, underline="none", color="inherit", width="100%",
    )


def _date_field(label: str, for_id: str, value, on_change, field_name: str) -> rx.Component:
    S = OrdersState
    return rx.box(
        field(label, for_id, rx.input(id=for_id, type="date", value=value, on_change=on_change, width="100%"),
              error=rx.cond(S.error_field == field_name, S.error, "")),
        min_width="10rem", flex="1",
    )


def _filters() -> rx.Component:
    S = OrdersState
    return rx.flex(
        rx.vstack(
            rx.el.label(t("Show"), html_for="orders-show", style={"fontWeight": 500, "fontSize": "14px"}),
            rx.select.root(
                rx.select.trigger(id="orders-show", aria_label=t("Show"), width="100%"),
                rx.select.content(
                    rx.select.item(t("Upcoming"), value="upcoming"),
                    rx.select.item(t("Refund to decide"), value="refund"),
                    rx.select.item(t("Past"), value="past"),
                    rx.select.item(t("All"), value="all"),
                    rx.select.separator(),
                    rx.select.group(
                        rx.select.label(t("By status")),
                        *[rx.select.item(t(LABELS[status]), value=status) for status in Status],
                    ),
                ),
                value=S.show, on_change=S.set_show,
            ),
            spacing="1", min_width="12rem", flex="1",
        ),
        rx.vstack(
            rx.el.label(t("Service"), html_for="orders-service", style={"fontWeight": 500, "fontSize": "14px"}),
            rx.select.root(
                rx.select.trigger(id="orders-service", aria_label=t("Service"), width="100%"),
                rx.select.content(
                    rx.select.item(t("All services"), value="all"),
                    rx.foreach(S.services, lambda choice: rx.select.item(choice.label, value=choice.value)),
                ),
                value=S.service, on_change=S.set_service,
            ),
            spacing="1", min_width="12rem", flex="1",
        ),
        _date_field("From", "orders-from", S.date_from, S.set_date_from, "from"),
        _date_field("To", "orders-to", S.date_to, S.set_date_to, "to"),
        rx.box(
            field("Search", "orders-search",
                  rx.input(id="orders-search", placeholder=t("Name, email or order number"), value=S.search,
                           on_change=S.set_search.debounce(300), aria_label=t("Search orders"), type="search", width="100%")),
            min_width="14rem", flex="2",
        ),
        spacing="3", wrap="wrap", width="100%", align="end", class_name="order-filters",
    )


def _pager() -> rx.Component:
    S = OrdersState
    return rx.flex(
        rx.button(rx.icon("chevron-left", size=16, aria_hidden="true"), t("Previous page"), variant="soft",
                  on_click=S.previous_page, disabled=S.prev_cursor == ""),
        rx.button(t("Next page"), rx.icon("chevron-right", size=16, aria_hidden="true"), variant="soft",
                  on_click=S.next_page, disabled=S.next_cursor == ""),
        spacing="2", wrap="wrap", justify="end", width="100%",
    )


def orders_page() -> rx.Component:
    S = OrdersState
    return dashboard_shell(
        "Orders",
        _filters(),
        rx.flex(
            timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
            rx.button(t("Clear filters"), variant="ghost", size="1", on_click=S.clear_filters),
            spacing="3", wrap="wrap", align="center",
        ),
        rx.cond(
            (S.error != "") & (S.error_field != "from") & (S.error_field != "to"),
            rx.callout(S.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
        ),
        rx.cond(
            S.rows.length() > 0,
            rx.vstack(
                rx.text(t("Orders"), " ", S.range_label, size="2", role="status", class_name="orders-range"),
                rx.foreach(S.rows, _line),
                _pager(),
                spacing="2", width="100%",
            ),
            rx.cond(S.error == "", empty_state("receipt", "No orders here", "Nothing matches this view. Try another tab or search.")),
        ),
        actions=new_booking_button(routes.NEW_BOOKING),
    )


def _row(label: str, value) -> rx.Component:
    return rx.hstack(rx.text(t(label), color=rx.color("gray", 11), size="2", min_width="9rem"), rx.text(value, size="2", weight="medium"),
                     width="100%", align="start", wrap="wrap")


def _history(line: HistoryLine) -> rx.Component:
    return rx.hstack(rx.text(line.when, size="1", color=rx.color("gray", 11), min_width="10rem"), rx.text(line.text, size="2"),
                     align="start", wrap="wrap")


def _answer(line: AnswerLine) -> rx.Component:
    return rx.hstack(rx.text(line.label, color=rx.color("gray", 11), size="2", min_width="9rem"),
                     rx.text(line.value, size="2", weight="medium", white_space="pre-wrap"), width="100%", align="start", wrap="wrap")


def _payment_line(line: PaymentLine) -> rx.Component:
    return rx.flex(
        rx.text(line.when, size="1", color=rx.color("gray", 11), min_width="10rem"),
        rx.text(line.kind, size="2", flex="1", min_width="10rem"),
        rx.text(line.amount, size="2", weight="medium"),
        rx.cond(line.commission != "", rx.text("(", t("commission retained"), " ", line.commission, ")", size="2")),
        spacing="3", wrap="wrap", width="100%", align="baseline", class_name="payment-operation",
    )


def _email_line(line: EmailLine) -> rx.Component:
    return rx.flex(
        rx.text(line.when, size="1", color=rx.color("gray", 11), min_width="10rem"),
        rx.vstack(rx.text(line.subject, size="2", weight="medium"), rx.text(t("Sent to"), ": ", line.recipient, size="1"),
                  spacing="0", flex="1", min_width="12rem"),
        rx.badge(line.status_label, color_scheme=rx.match(line.status, ("sent", "green"), ("failed", "red"), "gray")),
        spacing="3", wrap="wrap", width="100%", align="start", class_name="sent-email",
    )


def _section(title: str, items, render, empty: str, class_name: str) -> rx.Component:
    return rx.vstack(
        rx.heading(t(title), size="3", as_="h2"),
        rx.cond(items.length() > 0, rx.vstack(rx.foreach(items, render), spacing="2", width="100%"),
                rx.text(t(empty), size="2", color=rx.color("gray", 11))),
        spacing="2", width="100%", class_name=class_name,
    )


def _messages() -> rx.Component:
    """The conversation with the customer, oldest first, and a reply box while the booking is active."""
    return rx.vstack(
        rx.heading(t("Messages"), size="3", as_="h2", id="order-messages-heading"),
        thread(OrderState.messages, t("No messages yet.")),
        rx.cond(
            OrderState.can_write,
            rx.vstack(
                rx.el.label(t("Write to the customer"), html_for="order-message", style={"fontWeight": 500}),
                rx.text_area(id="order-message", value=M.draft, on_change=M.set_draft, rows="3", max_length=4000, width="100%"),
                rx.cond(M.message_error != "", rx.callout(M.message_error, color_scheme="red", role="alert", width="100%")),
                rx.button(t("Send message"), variant="soft", on_click=M.send),
                spacing="2", width="100%",
            ),
        ),
        spacing="2", width="100%", class_name="order-messages",
    )


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

    def body(title: str, *content: rx.Component, yes: str, on_yes, tone: str = "indigo") -> rx.Component:
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
                        _row("Platform commission retained", rx.fragment(S.quote_commission, " (", S.quote_pct, ")")),
                        _row("Your net from this booking", S.quote_net),
                        spacing="1", width="100%", class_name="refund-quote",
                    ),
                    rx.text(t("The refund will go back to the customer's card; they will be told by email."), size="2"),
                    yes="Yes, refund", on_yes=S.refund)),
                ("keep", body("Keep the payment?",
                              rx.text(t("No refund will be made. The customer already knows that refunds are not automatic."), size="2"),
                              yes="Yes, keep it", on_yes=S.keep)),
                body("Send a new booking link?",
                     rx.text(t("The customer's current link will stop working at once and a new one will be emailed to them. "
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
                        _row("Customer", rx.hstack(rx.link(S.customer, href=S.customer_href, class_name="customer-profile-link"),
                                                   rx.cond(S.customer_email != "", rx.text("(", S.customer_email, ")")), customer_flag(S.alert), wrap="wrap")),
                        rx.cond(S.customer_phone != "", _row("Phone", S.customer_phone)),
                        rx.cond(S.alert != "", rx.callout(S.alert, icon="flag", color_scheme="red", role="alert", width="100%",
                                                          class_name="customer-alert")),
                        _row("Date and time", S.when),
                        _row("Timezone", S.timezone),
                        rx.cond(S.staff != "", _row("Staff member", S.staff)),
                        _row("Location", S.location),
                        _row("People", S.party),
                        _row("Price", S.price),
                        _row("Payment", S.payment),
                        rx.cond(S.pay_by != "", _row("Payment due by", rx.text(S.pay_by, class_name="pay-by"))),
                        rx.cond(S.paid != "", _row("Paid", S.paid)),
                        rx.cond(S.refunded != "", _row("Refunded", S.refunded)),
                        rx.cond(S.commission_retained != "", _row("Commission retained", S.commission_retained)),
                        rx.cond(S.refund_decision == "kept", _row("Refund decision", t("Payment kept"))),
                        rx.cond(S.cancel_reason != "", _row("Reason", rx.text(S.cancel_reason, white_space="pre-wrap",
                                                                             class_name="cancel-reason"))),
                        spacing="2", width="100%",
                    ),
                    width="100%",
                ),
                rx.cond(S.markable, rx.card(rx.vstack(
                    rx.heading(t("Attendance"), size="3", as_="h2"),
                    rx.cond((S.dialog == "") & (S.error != ""), rx.callout(S.error, color_scheme="red", role="alert", width="100%")),
                    attendance_control(S.attendance, lambda target: S.mark_attendance(S.booking_id, target), S.customer),
                    spacing="2", width="100%"), width="100%", class_name="order-attendance")),
                rx.cond(S.refund_decision == "pending", _refund_section()),
                open_proposal_section(),
                booking_alert_card(),
                rx.flex(
                    rx.cond(S.inbox_href != "", rx.link(rx.button(t("Open in inbox"), variant="soft"), href=S.inbox_href)),
                    rx.button(t("Send a new booking link"), variant="soft", color_scheme="red", on_click=S.open_dialog("relink")),
                    order_actions(S.reference, S.status),
                    spacing="3", wrap="wrap",
                ),
                _messages(),
                _section("Answers", S.answers, _answer, "The customer gave no answers or notes.", "order-answers"),
                _section("Payments and refunds", S.payment_lines, _payment_line, "No payment was made for this booking.",
                         "order-payments"),
                rx.cond(S.still_paid != "", partial_refund(S.booking_id, S.still_paid)),
                _section("Emails sent", S.emails, _email_line, "No email was sent about this booking.", "order-emails"),
                rx.heading(t("History"), size="3", as_="h2"),
                rx.vstack(rx.foreach(S.history, _history), spacing="1", width="100%", class_name="order-history"),
                _dialog(),
                spacing="4", width="100%",
            ),
            empty_state("search-x", "Order not found", "There is no order with this number in your business.",
                        rx.link(t("All orders"), href=routes.ORDERS)),
        ),
    )
