"""Portal → a request service: choose any date and time, the provider answers."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.card_fields import card_fields
from bookingapp.components.common import field, form_error, page_not_found
from bookingapp.components.i18n import t
from bookingapp.components.layout import portal_shell
from bookingapp.components.prefetch import prefetch_manage_page
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.request_form import RequestFormState as S


def _input(name: str, **props) -> rx.Component:
    return rx.input(id=name, name=name, size="3", width="100%",
                    aria_invalid=rx.cond(S.errors.contains(name), "true", "false"), **props)


def _err(name: str):
    return S.errors.get(name, "")


def _request_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("When?"), size="4", as_="h2"),
            timezone_note(S.timezone, size="2", color=rx.color("gray", 11)),
            rx.grid(
                field("Date", "date", _input("date", type="date", required=True)),
                field("Time", "time", _input("time", type="time", required=True)),
                columns="2", spacing="3", width="100%",
            ),
            rx.cond(S.errors.contains("starts_at"), rx.text(_err("starts_at"), color=rx.color("red", 11), size="2", role="alert")),
            rx.cond(
                S.allows_private & S.allows_group,
                rx.vstack(
                    rx.text(t("Private or group?"), weight="medium", size="2"),
                    rx.radio_group.root(
                        rx.hstack(
                            rx.radio_group.item(value="private", id="group-private"), rx.el.label(t("Private"), html_for="group-private"),
                            rx.radio_group.item(value="group", id="group-group"), rx.el.label(t("Group"), html_for="group-group"),
                            spacing="2", align="center",
                        ),
                        value=S.group, on_change=S.set_group, name="group", aria_label=t("Private or group?"),
                    ),
                    spacing="1",
                ),
            ),
            field("Number of people", "party_size",
                  _input("party_size", type="number", min=S.min_party, max=S.max_party, default_value=S.min_party.to_string(), input_mode="numeric"),
                  _err("party_size")),
            rx.text(S.party_hint, size="1", color=rx.color("gray", 11)),
            rx.heading(t("Your details"), size="4", as_="h2"),
            field("Name", "name", _input("name", auto_complete="name", max_length=121), _err("name")),
            field("Email", "email", _input("email", type="email", auto_complete="email", max_length=255), _err("email")),
            field("Phone (optional)", "phone", _input("phone", type="tel", auto_complete="tel", max_length=41), _err("phone")),
            field("Note (optional)", "note", rx.text_area(id="note", name="note", max_length=2001, rows="3", width="100%"), _err("note")),
            rx.heading(t("Card"), size="4", as_="h2"),
            rx.text(t("Your card is only put on hold now. It is charged when the booking is confirmed."), size="2"),
            card_fields(_err("card")),
            form_error(S.form_message),
            rx.button(t("Send request"), type="submit", size="3", width="100%", loading=False),
            rx.text(S.window_hint, size="1", color=rx.color("gray", 11)),
            spacing="3", width="100%",
        ),
        on_submit=S.submit,
        width="100%",
    )


def request_form_page() -> rx.Component:
    return portal_shell(
        rx.cond(
            S.found,
            rx.vstack(
                rx.heading(S.service_name, size="6", as_="h1"),
                rx.text(S.description, color=rx.color("gray", 11)),
                rx.text(S.duration, " · ", S.price, weight="medium"),
                rx.cond(
                    S.kind == "request",
                    _request_form(),
                    rx.callout(t("Online booking for this service opens soon. Please contact us to book."), icon="info", width="100%"),
                ),
                prefetch_manage_page(),
                spacing="3", width="100%",
            ),
            page_not_found(),
        ),
        org_name=S.org_name, org_slug=S.portal_slug,
    )
