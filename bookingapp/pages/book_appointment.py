"""Portal → an appointment service: /b/<org>/book/<service> (phone first)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.card_fields import card_fields
from bookingapp.components.common import field, form_error, page_not_found
from bookingapp.components.i18n import t
from bookingapp.components.layout import portal_shell
from bookingapp.components.prefetch import prefetch_manage_page
from bookingapp.components.slot_calendar import slot_calendar
from bookingapp.states.book_appointment import BookAppointmentState as S
from bookingapp.states.book_appointment import StaffChoice


def _input(name: str, **props) -> rx.Component:
    return rx.input(id=name, name=name, size="3", width="100%", aria_invalid=rx.cond(S.errors.contains(name), "true", "false"), **props)


def _err(name: str):
    return S.errors.get(name, "")


def _payment_choice() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Payment"), size="4", as_="h2"),
        rx.radio_group.root(
            rx.vstack(
                rx.hstack(rx.radio_group.item(value="now", id="pay-now"), rx.el.label(t("Pay now by card"), html_for="pay-now"),
                          spacing="2", align="center"),
                rx.hstack(rx.radio_group.item(value="later", id="pay-later"),
                          rx.el.label(rx.cond(S.prepayment == "required", t("Pay later from my booking page (before the visit)"),
                                              t("Pay on site or later online")), html_for="pay-later"),
                          spacing="2", align="center"),
                spacing="2",
            ),
            value=S.pay_now, on_change=S.set_pay_now, name="pay", aria_label=t("Payment"),
        ),
        rx.cond(S.prepayment == "required",
                rx.text(t("This service needs prepayment: your time is reserved and confirmed once paid."), size="2",
                        color=rx.color("gray", 11))),
        rx.cond(S.pay_now == "now", card_fields(_err("card"))),
        spacing="2", width="100%",
    )


def _person(choice: StaffChoice) -> rx.Component:
    picked = S.staff_pick == choice.value
    return rx.button(choice.label, size="2", variant=rx.cond(picked, "solid", "outline"),
                     aria_pressed=rx.cond(picked, "true", "false"), on_click=S.pick_staff(choice.value),
                     class_name="staff-choice")


def _staff_picker() -> rx.Component:
    """Shown only when several people give the service."""
    return rx.cond(
        S.staff_choices.length() > 0,
        rx.vstack(
            rx.heading(t("With whom"), size="4", as_="h2", id="staff-heading"),
            rx.flex(rx.foreach(S.staff_choices, _person), wrap="wrap", spacing="2", role="group",
                    aria_labelledby="staff-heading"),
            spacing="2", width="100%",
        ),
    )


def _late_warning() -> rx.Component:
    """Said right under the chosen time, before any detail is typed (issue 21, item 6)."""
    return rx.cond(S.promise == "closed",
                   rx.callout(S.late_rule, icon="clock", color_scheme="amber", width="100%", class_name="late-warning"))


def _promise() -> rx.Component:
    """Only what the manage page will allow for this time and service."""
    return rx.match(
        S.promise,
        ("closed", rx.text(t("You get a confirmation by email with a link to your booking."), size="1",
                           color=rx.color("gray", 11), class_name="booking-promise")),
        ("request_only", rx.text(
            t("You get a confirmation by email with a link to your booking. It cannot be cancelled online: "
              "from that link you can ask the provider to move it."),
            size="1", color=rx.color("gray", 11), class_name="booking-promise")),
        rx.text(t("You get a confirmation by email with a link to pay, move or cancel your booking."), " ", S.cutoff_rule,
                size="1", color=rx.color("gray", 11), class_name="booking-promise"),
    )


def _details() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.card(
                rx.hstack(rx.icon("clock", aria_hidden="true", size=18), rx.text(t("Your time"), ": ", weight="medium"),
                          rx.text(S.chosen_when, class_name="chosen-time"), wrap="wrap", align="center"),
                width="100%",
            ),
            _late_warning(),
            rx.heading(t("Your details"), size="4", as_="h2"),
            field("Name", "name", _input("name", auto_complete="name", max_length=121, required=True), _err("name")),
            field("Email", "email", _input("email", type="email", auto_complete="email", max_length=255, required=True), _err("email")),
            field("Phone (optional)", "phone", _input("phone", type="tel", auto_complete="tel", max_length=41), _err("phone")),
            rx.cond(S.prepayment != "none", _payment_choice()),
            form_error(S.form_message),
            rx.button(rx.cond((S.prepayment != "none") & (S.pay_now == "now"), t("Book and pay"), t("Book this time")),
                      " · ", S.price, type="submit", size="3", width="100%"),
            _promise(),
            spacing="3", width="100%",
        ),
        on_submit=S.submit, width="100%", id="details",
    )


def book_appointment_page() -> rx.Component:
    return portal_shell(
        rx.cond(
            S.found,
            rx.vstack(
                rx.heading(S.service_name, size="6", as_="h1"),
                rx.text(S.description, color=rx.color("gray", 11)),
                rx.text(S.duration, " · ", S.price, rx.cond(S.location != "", rx.fragment(" · ", S.location)), weight="medium"),
                _staff_picker(),
                slot_calendar(S, S.timezone),
                rx.cond(S.form_message != "", rx.cond(S.chosen_time == "", form_error(S.form_message))),
                rx.cond(S.chosen_time != "", _details()),
                prefetch_manage_page(),
                spacing="4", width="100%",
            ),
            page_not_found(),
        ),
        org_name=S.org_name, org_slug=S.portal_slug,
    )
