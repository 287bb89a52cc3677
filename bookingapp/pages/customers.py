"""Dashboard → Customers (/dashboard/customers) and one customer (/dashboard/customers/<id>)."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.badges import status_badge
from bookingapp.components.common import empty_state, form_error, new_booking_button
from bookingapp.components.customer_classes_panel import customer_classes_panel
from bookingapp.components.customer_packs_panel import customer_packs_panel
from bookingapp.components.flag import customer_flag
from bookingapp.components.i18n import t, tn
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.customers import (
    CustomerLine,
    CustomerProfileState,
    CustomersState,
    ProfileBookingLine,
)

ALERT_MAX = 500


def _customer_row(row: CustomerLine) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.link(row.name, href=row.href, weight="bold", class_name="customer-link"),
            rx.text(row.email, size="2", color=rx.color("gray", 11), style={"overflowWrap": "anywhere"}),
            rx.cond(row.phone != "", rx.text(row.phone, size="1", color=rx.color("gray", 11))),
            spacing="0", align="start", flex="1", min_width="0",
        ),
        customer_flag(row.alert),
        spacing="3", align="center", width="100%", padding_y="0.6rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}", class_name="customer-row",
    )


def _pager() -> rx.Component:
    S = CustomersState
    return rx.flex(
        rx.text(t("Page"), " ", S.page, " / ", S.pages, " · ", S.total, " ", tn("customer", "customers", S.total), size="2", role="status",
                class_name="customers-range"),
        rx.spacer(),
        rx.button(rx.icon("chevron-left", size=16, aria_hidden="true"), t("Previous page"), variant="soft",
                  on_click=S.prev_page, disabled=S.page <= 1),
        rx.button(t("Next page"), rx.icon("chevron-right", size=16, aria_hidden="true"), variant="soft",
                  on_click=S.next_page, disabled=S.page >= S.pages),
        spacing="2", wrap="wrap", align="center", width="100%",
    )


def customers_page() -> rx.Component:
    S = CustomersState
    return dashboard_shell(
        "Customers",
        rx.vstack(
            rx.el.label(t("Search by name or email"), html_for="customers-search", style={"fontWeight": 500, "fontSize": "14px"}),
            rx.input(id="customers-search", type="search", value=S.query, on_change=S.search.debounce(250), size="3",
                     width="100%", auto_complete="off", aria_controls="customers-list"),
            spacing="1", width="100%",
        ),
        rx.cond(
            S.rows.length() > 0,
            rx.vstack(rx.box(rx.foreach(S.rows, _customer_row), id="customers-list", width="100%", aria_live="polite"),
                      _pager(), spacing="3", width="100%"),
            rx.cond(S.query != "",
                    empty_state("search-x", "No customer found", "No customer's name or email contains this text."),
                    empty_state("users", "No customers yet",
                                "Customers appear here after their first booking, with their bookings, credits and alerts.")),
        ),
        actions=rx.link(t("Customers report"), href=f"{routes.REPORTS}/customers", size="2"),
    )


# --- profile -------------------------------------------------------------------------


def _detail(label: str, value) -> rx.Component:
    return rx.flex(rx.text(t(label), color=rx.color("gray", 11), size="2", min_width="8rem"),
                   rx.text(value, size="2", weight="medium", style={"overflowWrap": "anywhere"}),
                   spacing="2", width="100%", wrap="wrap")


def _booking_line(row: ProfileBookingLine) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.link(row.service, " · ", row.when, href=row.href, weight="medium", size="2"),
            rx.text(t("Order"), " ", row.reference, size="1", color=rx.color("gray", 11)),
            spacing="0", align="start", flex="1", min_width="12rem",
        ),
        customer_flag(row.alert),
        status_badge(row.status, row.status_label),
        spacing="2", wrap="wrap", align="center", width="100%", padding_y="0.4rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}", class_name="profile-booking",
    )


def _bookings_card(title: str, rows, empty: str, class_name: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t(title), size="4", as_="h2"),
            rx.cond(rx.Var.create(rows).length() > 0, rx.vstack(rx.foreach(rows, _booking_line), spacing="0", width="100%"),
                    rx.text(t(empty), size="2", color=rx.color("gray", 11))),
            spacing="2", width="100%",
        ),
        width="100%", class_name=class_name,
    )


def _clear_dialog() -> rx.Component:
    S = CustomerProfileState
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button(t("Clear alert"), variant="soft", color_scheme="gray", type="button",
                                          disabled=(S.alert == "") | ~S.flagging_allowed & (S.alert == ""))),
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Clear the alert message?")),
            rx.alert_dialog.description(
                t("The customer will no longer be flagged. Upcoming bookings that carry this message will lose it; "
                  "bookings with their own alert will keep theirs, and past bookings will stay as they were."), size="2"),
            rx.flex(
                rx.alert_dialog.cancel(rx.button(t("Keep the alert"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("Clear alert"), color_scheme="red", on_click=S.clear, class_name="confirm-clear")),
                spacing="3", justify="end", margin_top="1rem", wrap="wrap",
            ),
        ),
        open=S.clear_open,
        on_open_change=S.set_clear_open,
    )


def _flag_change(line) -> rx.Component:
    return rx.vstack(
        rx.text(rx.text.strong(line.what), " · ", line.when, " · ", line.by, size="2"),
        rx.cond(line.previous != "", rx.text(t("Before"), ": ", line.previous, size="2", color=rx.color("gray", 11),
                                             style={"whiteSpace": "pre-wrap", "overflowWrap": "anywhere"})),
        rx.cond(line.message != "", rx.text(t("After"), ": ", line.message, size="2",
                                            style={"whiteSpace": "pre-wrap", "overflowWrap": "anywhere"})),
        spacing="0", width="100%", padding_y="0.4rem", border_top=f"1px solid {rx.color('gray', 4)}", class_name="flag-change",
        role="listitem",
    )


def _flag_history() -> rx.Component:
    S = CustomerProfileState
    return rx.vstack(
        rx.heading(t("Flag history"), size="3", as_="h3"),
        rx.cond(S.flag_history.length() > 0,
                rx.vstack(rx.foreach(S.flag_history, _flag_change), spacing="0", width="100%", role="list"),
                rx.text(t("The flag was never changed."), size="2", color=rx.color("gray", 11))),
        spacing="1", width="100%", class_name="flag-history",
    )


def _status_section() -> rx.Component:
    S = CustomerProfileState
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(t("Status"), size="4", as_="h2"), customer_flag(S.alert), align="center", spacing="3", wrap="wrap"),
            rx.cond(S.alert != "",
                    rx.text(t("Flagged since"), " ", S.flagged_at, size="2", color=rx.color("gray", 11)),
                    rx.text(t("Not flagged."), size="2", color=rx.color("gray", 11))),
            rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%")),
            form_error(S.error),
            rx.cond(
                ~S.flagging_allowed,
                rx.callout(
                    rx.text(t("Flagging is off: customers can book under any email without verifying it, so a flag "
                              "would be easy to dodge. Require email verification or passwords under "),
                            rx.link(t("Settings → Customer accounts"), href=routes.SETTINGS + "#customer-accounts"), "."),
                    icon="info", color_scheme="amber", width="100%", class_name="flag-gate",
                ),
            ),
            rx.form(
                rx.vstack(
                    rx.el.label(t("Alert message"), html_for="alert-message", style={"fontWeight": 500, "fontSize": "14px"}),
                    rx.text_area(id="alert-message", name="alert_message", value=S.draft, on_change=S.set_draft,
                                 max_length=ALERT_MAX, rows="3", width="100%", disabled=~S.flagging_allowed,
                                 aria_describedby="alert-hint"),
                    rx.text(t("Shown with a red flag on this customer's bookings and in every list. "
                              "A different email address is a new customer profile and is not flagged."),
                            id="alert-hint", size="1", color=rx.color("gray", 11)),
                    rx.flex(
                        rx.button(t("Save alert"), type="submit", disabled=~S.flagging_allowed, class_name="save-alert"),
                        _clear_dialog(),
                        spacing="2", wrap="wrap",
                    ),
                    spacing="2", width="100%",
                ),
                on_submit=S.save, width="100%",
            ),
            _flag_history(),
            spacing="3", width="100%",
        ),
        width="100%", class_name="customer-status",
    )


def customer_page() -> rx.Component:
    S = CustomerProfileState
    return dashboard_shell(
        "Customer",
        rx.cond(
            S.found,
            rx.vstack(
                rx.hstack(rx.heading(S.name, size="5", as_="h2"), customer_flag(S.alert), align="center", spacing="3", wrap="wrap"),
                rx.card(
                    rx.vstack(
                        rx.heading(t("Contact details"), size="4", as_="h2"),
                        _detail("Email", S.email),
                        _detail("Email verified", rx.cond(S.email_verified, t("Yes"), t("No"))),
                        _detail("Phone", rx.cond(S.phone != "", S.phone, "-")),
                        _detail("Customer since", S.since),
                        _detail("Credit balance", S.credit_balance),
                        _detail("No-shows", rx.el.span(S.no_shows, class_name="no-show-count")),
                        spacing="2", width="100%",
                    ),
                    width="100%",
                ),
                _status_section(),
                timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
                _bookings_card("Upcoming bookings", S.upcoming, "No upcoming bookings.", "upcoming-bookings"),
                _bookings_card("Past and cancelled", S.past, "No past bookings.", "past-bookings"),
                # classes: credits and class bookings panel goes here
                customer_classes_panel(),
                customer_packs_panel(),
                spacing="4", width="100%",
            ),
            empty_state("search-x", "Customer not found", "There is no customer with this number in your business."),
        ),
        actions=rx.hstack(
            rx.link(rx.hstack(rx.icon("arrow-left", size=14, aria_hidden="true"), t("All customers"), spacing="1", align="center"),
                    href=routes.CUSTOMERS, size="2"),
            rx.cond(S.found, new_booking_button(S.new_booking_href)),
            spacing="3", align="center", wrap="wrap",
        ),
    )
