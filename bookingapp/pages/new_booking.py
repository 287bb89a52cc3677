"""Dashboard → New booking (/dashboard/bookings/new): service, customer, time, party and
note, payment; one column, so it reads the same at 375 px.

The fields sent with the booking (new customer, party, note, card) belong to the form at
the bottom through their `form` attribute; the pickers above are outside it, so a day,
a time or a search never submits it.
"""

from __future__ import annotations

import reflex as rx

from bookingapp.components.card_fields import card_fields
from bookingapp.components.common import field, form_error
from bookingapp.components.customer_search import customer_search, picked_customer
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.slot_calendar import slot_calendar
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.new_booking import NewBookingState as S
from bookingapp.states.new_booking_payment import PaymentChoice
from bookingapp.states.new_booking_time import SessionChoice, StaffChoice

FORM_ID = "new-booking"
_GRAY = rx.color("gray", 11)


def _err(name: str) -> rx.Var:
    return S.errors.get(name, "")


def _section(title: str, *children: rx.Component, name: str) -> rx.Component:
    """One part of the form; `name` is its id (a refusal scrolls to it) and class."""
    return rx.el.section(
        rx.vstack(rx.heading(t(title), size="4", as_="h2"), *children, spacing="3", width="100%"),
        aria_label=t(title), id=name, class_name=name, style={"width": "100%", "scrollMarginTop": "1rem"},
    )


def _sent_input(name: str, **props) -> rx.Component:
    """An input sent with the form at the bottom of the page."""
    return rx.input(id=name, name=name, size="3", width="100%", aria_invalid=rx.cond(S.errors.contains(name), "true", "false"),
                    custom_attrs={"form": FORM_ID}, **props)


def _service() -> rx.Component:
    return _section(
        "Service",
        rx.select.root(
            rx.select.trigger(id="service", aria_label=t("Service"), placeholder=t("Choose a service"), width="100%"),
            rx.select.content(rx.foreach(S.service_choices, lambda c: rx.select.item(c.label, value=c.value))),
            value=S.service_pick, on_change=S.pick_service, size="3",
        ),
        rx.cond(_err("service") != "", rx.text(_err("service"), color=rx.color("red", 11), size="2", role="alert")),
        rx.cond(S.service_choices.length() == 0,
                rx.text(t("No services yet: create one under Services first."), size="2", color=_GRAY)),
        name="service-section",
    )


def _new_customer() -> rx.Component:
    return rx.vstack(
        field("Name", "new_name", _sent_input("new_name", auto_complete="off", max_length=121), _err("new_name")),
        field("Email (needed for payment links and requests)", "new_email",
              _sent_input("new_email", type="email", auto_complete="off", max_length=255), _err("new_email")),
        field("Phone (optional)", "new_phone", _sent_input("new_phone", type="tel", auto_complete="off", max_length=41),
              _err("new_phone")),
        rx.button(t("Find an existing customer instead"), variant="ghost", size="1", type="button",
                  on_click=S.cancel_new_customer),
        spacing="2", width="100%", class_name="new-customer",
    )


def _customer() -> rx.Component:
    return _section(
        "Customer",
        rx.cond(
            S.picked_id != 0,
            picked_customer(S),
            rx.cond(
                S.adding_customer,
                _new_customer(),
                rx.vstack(customer_search(S),
                          rx.button(rx.icon("user-plus", size=16, aria_hidden="true"), t("New customer"), variant="soft",
                                    type="button", on_click=S.start_new_customer, class_name="add-customer"),
                          spacing="2", width="100%", align="start"),
            ),
        ),
        rx.cond(_err("customer") != "", rx.text(_err("customer"), color=rx.color("red", 11), size="2", role="alert",
                                                id="customer-error")),
        name="customer-section",
    )


def _person(choice: StaffChoice) -> rx.Component:
    picked = S.staff_pick == choice.value
    return rx.button(choice.label, size="2", variant=rx.cond(picked, "solid", "outline"), type="button",
                     aria_pressed=rx.cond(picked, "true", "false"), on_click=S.pick_staff(choice.value), class_name="staff-choice")


def _staff() -> rx.Component:
    return rx.cond(
        S.staff_choices.length() > 0,
        rx.vstack(
            rx.text(t("With whom"), weight="medium", size="2", id="staff-label"),
            rx.flex(rx.foreach(S.staff_choices, _person), wrap="wrap", spacing="2", role="group", aria_labelledby="staff-label"),
            rx.cond(_err("staff") != "", rx.text(_err("staff"), color=rx.color("red", 11), size="2", role="alert")),
            spacing="1", width="100%",
        ),
    )


def _typed_time(label: str) -> rx.Component:
    return field(label, "at_local",
                 rx.input(id="at_local", type="datetime-local", value=S.at_local, on_change=S.set_at_local, size="3",
                          width="100%", aria_invalid=rx.cond(S.errors.contains("starts_at"), "true", "false")),
                 _err("starts_at"))


def _outside_hours() -> rx.Component:
    return rx.cond(
        S.outside_warning != "",
        rx.callout(
            rx.vstack(
                rx.text(S.outside_warning),
                rx.el.label(rx.checkbox(checked=S.outside_hours, on_change=S.set_outside_hours, id="outside-hours"),
                            rx.text(t("Book outside the hours"), weight="medium"), html_for="outside-hours",
                            style={"display": "flex", "gap": "0.5rem", "alignItems": "center"}),
                spacing="2",
            ),
            icon="triangle_alert", color_scheme="amber", role="alert", width="100%", class_name="outside-hours-warning",
        ),
    )


def _session(choice: SessionChoice) -> rx.Component:
    return rx.el.label(
        rx.radio_group.item(value=choice.value, id="session-" + choice.value, disabled=choice.full),
        rx.vstack(rx.text(choice.label, weight="medium"),
                  rx.text(choice.fill, " ", t("booked"), rx.cond(choice.teacher != "", " · ", ""), choice.teacher, size="1",
                          color=_GRAY),
                  spacing="0"),
        html_for="session-" + choice.value, class_name="session-choice",
        style={"display": "flex", "gap": "0.75rem", "alignItems": "center", "padding": "0.5rem 0"},
    )


def _time() -> rx.Component:
    return _section(
        "Time",
        rx.match(
            S.kind,
            ("appointment", rx.vstack(
                _staff(),
                slot_calendar(S, S.timezone),
                _typed_time("Or type a date and time"),
                spacing="3", width="100%")),
            ("request", rx.vstack(_staff(), _typed_time("Date and time agreed"),
                                  timezone_note(S.timezone, size="1", color=_GRAY),
                                  spacing="3", width="100%")),
            ("class", rx.cond(
                S.session_choices.length() > 0,
                rx.radio_group.root(rx.vstack(rx.foreach(S.session_choices, _session), spacing="0", width="100%"),
                                    value=S.session_pick, on_change=S.pick_session, aria_label=t("Session"), name="session"),
                rx.text(t("This class has no upcoming sessions. Add one in the schedule."), size="2", color=_GRAY))),
            rx.fragment(),
        ),
        rx.cond(_err("session") != "", rx.text(_err("session"), color=rx.color("red", 11), size="2", role="alert")),
        _outside_hours(),
        name="time-section",
    )


def _payment_choice(choice: PaymentChoice) -> rx.Component:
    return rx.el.label(
        rx.radio_group.item(value=choice.value, id="pay-" + choice.value),
        rx.vstack(rx.text(choice.label, weight="medium"), rx.text(choice.hint, size="1", color=_GRAY), spacing="0"),
        html_for="pay-" + choice.value,
        style={"display": "flex", "gap": "0.75rem", "alignItems": "center", "padding": "0.25rem 0"},
    )


def _payment() -> rx.Component:
    return rx.cond(
        S.payment_choices.length() > 0,
        _section(
            "Payment",
            rx.cond(S.price_label != "", rx.text(t("Price"), ": ", S.price_label, weight="medium")),
            rx.radio_group.root(rx.vstack(rx.foreach(S.payment_choices, _payment_choice), spacing="1", width="100%"),
                                value=S.payment, on_change=S.set_payment, aria_label=t("Payment"), name="payment_choice"),
            rx.cond(_err("payment") != "", rx.text(_err("payment"), color=rx.color("red", 11), size="2", role="alert")),
            rx.cond(S.payment == "card", card_fields(_err("card"))),
            name="payment-section",
        ),
    )


def _details_and_submit() -> rx.Component:
    return rx.form(
        rx.vstack(
            _section(
                "Party and note",
                field("Number of people", "party_size",
                      rx.input(id="party_size", name="party_size", type="number", min=1, max=S.max_party, default_value="1",
                               size="3", width="8rem", input_mode="numeric"), _err("party_size")),
                field("Note (the team sees it with the booking)", "note",
                      rx.text_area(id="note", name="note", rows="3", max_length=2000, width="100%"), _err("note")),
                name="details-section",
            ),
            _payment(),
            form_error(S.form_message),
            rx.button(rx.icon("calendar-check", size=18, aria_hidden="true"), t("Book"), type="submit", size="3", width="100%",
                      class_name="book-button"),
            spacing="5", width="100%",
        ),
        on_submit=S.submit, id=FORM_ID, width="100%",
    )


def new_booking_page() -> rx.Component:
    return dashboard_shell(
        "New booking",
        rx.cond(
            S.loaded,
            rx.vstack(
                _service(),
                rx.cond(S.service_pick != "", rx.vstack(_customer(), _time(), _details_and_submit(), spacing="5", width="100%")),
                spacing="5", width="100%", max_width="42rem",
            ),
            rx.center(rx.spinner(size="3"), width="100%", padding="3rem"),
        ),
    )
