"""/b/<org>/confirm/<token>: confirm a booking made from an address not yet confirmed
(issue 21), from the link in its email."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import page_not_found
from bookingapp.components.i18n import t
from bookingapp.components.layout import portal_shell
from bookingapp.states.confirm_booking import ConfirmBookingState as S


def _row(label: str, value) -> rx.Component:
    return rx.hstack(rx.text(t(label), color=rx.color("gray", 11), size="2", min_width="6.5rem"),
                     rx.text(value, size="2", weight="medium"), width="100%", align="start")


def _state() -> rx.Component:
    return rx.match(
        S.state,
        ("waiting", rx.vstack(
            rx.text(t("Confirm that this is your booking and your email address. Only then does the business receive it."),
                    size="2"),
            rx.text(t("Held for you until"), " ", rx.text.strong(S.deadline), " (", S.timezone, ").", size="2"),
            rx.button(t("Confirm my booking"), size="3", width="100%", on_click=S.confirm, class_name="confirm-booking"),
            spacing="3", width="100%",
        )),
        ("confirmed", rx.vstack(
            rx.callout(t("This booking is already confirmed."), icon="check", color_scheme="green", width="100%"),
            rx.button(t("Open my booking"), size="3", width="100%", variant="soft", on_click=S.confirm),
            spacing="3", width="100%",
        )),
        ("lapsed", rx.callout(t("This booking was not confirmed in time and has lapsed; its time is free again. "
                                "You are welcome to book again."), icon="clock", color_scheme="gray", width="100%",
                              class_name="confirm-lapsed")),
        rx.fragment(),
    )


def confirm_booking_page() -> rx.Component:
    return portal_shell(
        rx.cond(
            S.link_found,
            rx.vstack(
                rx.heading(t("Confirm your booking"), size="6", as_="h1"),
                rx.cond((S.error != "") & (S.state != "lapsed"),
                        rx.callout(S.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%")),
                rx.card(
                    rx.vstack(
                        rx.heading(S.service_name, size="4", as_="h2"),
                        _row("When", S.when),
                        _row("Timezone", S.timezone),
                        spacing="2", width="100%",
                    ),
                    width="100%",
                ),
                _state(),
                rx.link(t("Back to the booking page"), href="/b/" + S.org_slug, size="2"),
                spacing="4", width="100%",
            ),
            page_not_found(),
        ),
        org_name=S.org_name, org_slug=S.org_slug,
    )
