"""The classes panel of a customer's profile: credits (balance, history, grant or adjust
with a reason) and class bookings with cancel."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.badges import status_badge
from bookingapp.components.common import field, form_error
from bookingapp.components.i18n import credits_word, t
from bookingapp.states.customer_classes import ClassBookingRow
from bookingapp.states.customer_classes import CustomerClassesState as Q
from bookingapp.states.portal_classes import CreditLine


def _credit_line(line: CreditLine) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(line.text, size="2"), rx.text(line.when, size="1", color=rx.color("gray", 11)), spacing="0", flex="1",
                  min_width="0"),
        rx.text(line.delta, weight="bold"),
        width="100%", align="center", padding_y="0.25rem", border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _grant_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("Grant or adjust credits"), size="3", as_="h3"),
            form_error(Q.grant_error),
            rx.flex(
                field("Type", "credit-kind", rx.el.select(
                    rx.el.option(t("Grant"), value="grant"), rx.el.option(t("Purchase (paid)"), value="purchase"),
                    rx.el.option(t("Adjustment (may be negative)"), value="adjust"),
                    id="credit-kind", name="kind",
                    style={"width": "100%", "padding": "0.45rem", "borderRadius": "6px", "border": f"1px solid {rx.color('gray', 7)}",
                           "fontSize": "16px", "background": rx.color("gray", 1)})),
                field("Credits", "credit-delta", rx.input(id="credit-delta", name="delta", type="number", size="3", width="100%",
                                                          aria_invalid=rx.cond(Q.grant_field == "delta", "true", "false"))),
                spacing="3", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
            ),
            field("Reason (the customer sees it)", "credit-reason",
                  rx.input(id="credit-reason", name="reason", max_length=200, size="3", width="100%",
                           aria_invalid=rx.cond(Q.grant_field == "reason", "true", "false"))),
            rx.text(t("An adjustment cannot take the balance below zero."), size="1", color=rx.color("gray", 11)),
            rx.button(t("Save credits"), type="submit", variant="soft"),
            spacing="2", width="100%", align="start",
        ),
        on_submit=Q.grant, width="100%",
    )


def _booking(row: ClassBookingRow) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(row.title, " · ", row.when, size="2", weight="medium"),
                  rx.hstack(status_badge(row.status, row.status_label), rx.text(row.credits, " ", credits_word(row.credits), size="1"),
                            align="center", spacing="2"),
                  spacing="1", flex="1", min_width="0"),
        # Hidden, not left out: a button with an event inside rx.cond in a foreach loses the loop variable.
        rx.icon_button(rx.icon("trash-2", size=16, aria_hidden="true"), variant="soft", color_scheme="red",
                       on_click=Q.open_cancel(row.booking_id, row.title + " · " + row.when),
                       aria_label=t("Cancel") + " " + row.title + " " + row.when, display=rx.cond(row.active, "flex", "none")),
        width="100%", align="center", padding_y="0.5rem", border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="customer-class-booking",
    )


def _cancel_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Cancel this class booking?")),
            rx.form(
                rx.vstack(
                    rx.text(Q.cancel_title, weight="medium"),
                    rx.callout(Q.cancel_message, icon="info", color_scheme=rx.cond(Q.cancel_free, "green", "amber"), width="100%",
                               class_name="credit-outcome"),
                    field("Reason (the customer sees it)", "profile-cancel-reason",
                          rx.text_area(id="profile-cancel-reason", name="reason", rows="3", max_length=500, width="100%")),
                    form_error(Q.cancel_error),
                    rx.hstack(rx.button(t("Back"), type="button", variant="soft", color_scheme="gray", on_click=Q.close_cancel),
                              rx.button(t("Yes, cancel it"), type="submit", color_scheme="red"),
                              justify="end", width="100%", spacing="3"),
                    spacing="3", width="100%",
                ),
                on_submit=Q.cancel, width="100%",
            ),
            max_width="28rem",
        ),
        open=Q.cancel_id != 0, on_open_change=Q.set_cancel_open,
    )


def customer_classes_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(t("Credits and classes"), size="4", as_="h2"), rx.spacer(),
                      rx.text(t("Balance"), ": ", rx.text.strong(Q.balance, class_name="credit-balance"), size="3"),
                      width="100%", align="center", wrap="wrap"),
            rx.cond(Q.panel_notice != "", rx.callout(Q.panel_notice, icon="check", color_scheme="green", role="status", width="100%")),
            _grant_form(),
            rx.heading(t("Credit history"), size="3", as_="h3"),
            rx.cond(Q.history.length() > 0, rx.vstack(rx.foreach(Q.history, _credit_line), spacing="0", width="100%"),
                    rx.text(t("No credits yet."), size="2", color=rx.color("gray", 11))),
            rx.heading(t("Class bookings"), size="3", as_="h3"),
            rx.cond(Q.class_bookings.length() > 0, rx.vstack(rx.foreach(Q.class_bookings, _booking), spacing="0", width="100%"),
                    rx.text(t("No class bookings."), size="2", color=rx.color("gray", 11))),
            _cancel_dialog(),
            spacing="3", width="100%",
        ),
        width="100%", class_name="customer-classes-panel",
        # Loads itself, so the profile page needs no extra on_load entry to show it.
        on_mount=Q.load_classes,
    )
