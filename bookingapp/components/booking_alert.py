"""The order page's "Alert for this booking" card (issue 21): staff give one booking an
alert of its own, or none, which the customer's flag then leaves alone; or let it follow
the customer's flag again. Its state loads with the order page (BookingAlertState.load_alert)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.services.customers import ALERT_MAX
from bookingapp.states.booking_alert import BookingAlertState as S


def _current() -> rx.Component:
    return rx.vstack(
        # The text only: the page's header already has the flag button.
        rx.cond(S.alert != "", rx.text(S.alert, size="2", style={"whiteSpace": "pre-wrap"}, class_name="booking-alert-text"),
                rx.text(t("No alert on this booking."), size="2", color=rx.color("gray", 11))),
        rx.text(rx.cond(S.own, t("Its own: the customer's flag does not change it."),
                        t("Follows the customer's flag.")),
                size="1", color=rx.color("gray", 11), class_name="booking-alert-source"),
        spacing="1", width="100%",
    )


def _editor() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.label(t("Alert for this booking"), html_for="booking-alert", style={"fontWeight": 500, "fontSize": "14px"}),
            rx.text_area(id="booking-alert", name="booking_alert", value=S.draft, on_change=S.set_draft, max_length=ALERT_MAX,
                         rows="2", width="100%", aria_describedby="booking-alert-hint"),
            rx.text(t("Only this booking: staff see it with a red flag here, in the agenda and in their emails. "
                      "Leave it empty and save to show no alert on this booking."),
                    id="booking-alert-hint", size="1", color=rx.color("gray", 11)),
            rx.flex(
                rx.button(t("Save for this booking"), type="submit", class_name="save-booking-alert"),
                rx.cond(S.own, rx.button(t("Follow the customer's flag"), type="button", variant="soft", color_scheme="gray",
                                         on_click=S.follow_customer)),
                spacing="2", wrap="wrap",
            ),
            spacing="2", width="100%",
        ),
        on_submit=S.save, width="100%",
    )


def booking_alert_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Alert for this booking"), size="3", as_="h2"),
            rx.cond(S.alert_found, _current()),
            rx.cond(S.saved != "", rx.callout(S.saved, icon="check", color_scheme="green", role="status", width="100%")),
            rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", role="alert", width="100%")),
            rx.cond(S.editable, _editor(),
                    rx.cond(S.alert_found, rx.text(t("This booking has ended: its alert stays as it was."), size="2",
                                                   color=rx.color("gray", 11)))),
            spacing="3", width="100%",
        ),
        width="100%", class_name="booking-alert",
    )
