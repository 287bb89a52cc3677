"""Dashboard → Services → a service (/dashboard/services/<id>, or /new?kind=…): the editor,
in sections; the kind's own settings; Save with its answer beside it; Archive, Restore and
Delete (a service never booked) behind a confirmation."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.common import empty_state, field
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.domain.localized_text import LANGUAGE_NAMES, TEXT_LANGUAGES
from bookingapp.states.service_editor import ServiceEditorState as S
from bookingapp.states.service_editor import StaffOption


def _error(name: str) -> rx.Var:
    return rx.cond(S.error_field == name, S.error_text, "")


def _input(name: str, kind: str = "text", **props) -> rx.Component:
    return rx.input(id=name, name=name, type=kind, default_value=S.values[name], key=name + S.version.to_string(),
                    width="100%", size="3", aria_invalid=rx.cond(S.error_field == name, "true", "false"),
                    aria_describedby=rx.cond(S.error_field == name, f"{name}-error", ""), **props)


def _number(label: str, name: str, hint: str = "", **props) -> rx.Component:
    return field(label, name, _input(name, "number", **{"min": "0", "step": "1", "input_mode": "numeric", **props}), _error(name), hint)


def _check(name: str, label: str) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", id=name, name=name, default_checked=S.switches[name], key=name + S.version.to_string(),
                    style={"width": "18px", "height": "18px", "flexShrink": "0"}),
        rx.text(t(label), size="2"),
        html_for=name, style={"display": "flex", "gap": "0.5rem", "alignItems": "center", "cursor": "pointer"},
    )


def _radio(name: str, label: str, options: list[tuple[str, str]]) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(t(label), style={"fontWeight": 500, "fontSize": "14px", "marginBottom": "0.25rem"}),
        rx.vstack(*[
            rx.el.label(
                rx.el.input(type="radio", name=name, value=value, id=f"{name}-{value}", default_checked=S.values[name] == value,
                            key=f"{name}-{value}" + S.version.to_string(), style={"width": "18px", "height": "18px", "flexShrink": "0"}),
                rx.text(t(text), size="2"),
                html_for=f"{name}-{value}", style={"display": "flex", "gap": "0.5rem", "alignItems": "center", "cursor": "pointer"},
            ) for value, text in options
        ], spacing="2"),
        rx.cond(S.error_field == name, rx.text(S.error_text, color=rx.color("red", 11), size="2", role="alert")),
        id=name, style={"border": "none", "padding": 0, "margin": 0, "minWidth": 0},
    )


def _pair(*fields: rx.Component) -> rx.Component:
    return rx.flex(*fields, spacing="3", width="100%", direction=rx.breakpoints(initial="column", sm="row"))


def _section(title: str, *content: rx.Component, hint: str = "") -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t(title), size="4", as_="h2"),
            rx.text(t(hint), size="2", color=rx.color("gray", 11)) if hint else rx.fragment(),
            *content, spacing="3", width="100%",
        ),
        width="100%",
    )


def _about() -> rx.Component:
    return _section(
        "About",
        field("Service name", "name", _input("name", max_length=120, auto_complete="off"), _error("name")),
        field("Description", "description",
              rx.text_area(id="description", name="description", default_value=S.values["description"], rows="3",
                           max_length=2000, width="100%", key="description" + S.version.to_string()),
              _error("description"), hint="Customers see it on your booking page."),
        _pair(_number("Duration (minutes)", "duration_minutes"),
              field("Location", "location", _input("location", max_length=200), _error("location"))),
        _check("location_tbd", "Location to be arranged (told to the customer later)"),
    )


def _translated(label: str, name: str, lang: str, control: rx.Component) -> rx.Component:
    """A field whose label names its language: "Name (Deutsch)"."""
    return rx.vstack(
        rx.el.label(t(label), " (", t(LANGUAGE_NAMES[lang]), ")", html_for=name, style={"fontWeight": 500, "fontSize": "14px"}),
        control,
        rx.cond(S.error_field == name, rx.text(S.error_text, color=rx.color("red", 11), size="2", role="alert", id=f"{name}-error")),
        spacing="1", width="100%", align="stretch",
    )


def _language(lang: str) -> rx.Component:
    description = f"description_{lang}"
    return rx.cond(S.own_language != lang, rx.vstack(
        _translated("Service name", f"name_{lang}", lang, _input(f"name_{lang}", max_length=120, auto_complete="off", lang=lang)),
        _translated("Description", description, lang,
                    rx.text_area(id=description, name=description, default_value=S.values[description], rows="3",
                                 max_length=2000, width="100%", key=description + S.version.to_string(), lang=lang,
                                 aria_invalid=rx.cond(S.error_field == description, "true", "false"))),
        spacing="3", width="100%", class_name=f"translation-{lang}",
    ))


def _translations() -> rx.Component:
    return _section(
        "Translations",
        *[_language(lang) for lang in TEXT_LANGUAGES],
        hint="Customers who read another language see these. Leave a field empty to show the text above.",
    )


def _price() -> rx.Component:
    return _section(
        "Price and payment",
        field("Price", "price",
              rx.input(rx.input.slot(rx.text(S.currency, size="2", weight="medium")), id="price", name="price",
                       default_value=S.values["price"], key="price" + S.version.to_string(), input_mode="decimal",
                       width="100%", size="3", placeholder="0", aria_invalid=rx.cond(S.error_field == "price", "true", "false")),
              _error("price"), hint="In your business's currency, such as 45 or 45.50. Empty or 0: free."),
        rx.cond(S.kind == "request",
                rx.text(t("A request puts a hold on the customer's card when they send it; the card is charged when you confirm."), size="2"),
                _radio("prepayment", "Payment", [("required", "Pay online when booking (required)"),
                                                 ("optional", "Pay online or on site"), ("none", "Pay on site")])),
    )


def _changes() -> rx.Component:
    return _section(
        "Changes and cancellation",
        _radio("customer_cancellation", "Customers may",
               [("allowed_until_cutoff", "Cancel and reschedule themselves until the cutoff"),
                ("rebooking_request_only", "Only ask for a new date (you decide)")]),
        _number("Cutoff (hours before the start)", "cutoff_hours", hint="After this, customers must contact you to make changes."),
    )


def _kind_settings() -> rx.Component:
    return rx.match(
        S.kind,
        ("appointment", _section(
            "Booking window",
            _pair(_number("Buffer before (minutes)", "buffer_before_minutes"), _number("Buffer after (minutes)", "buffer_after_minutes")),
            _pair(_number("Minimum notice (hours)", "min_notice_hours"), _number("Booking horizon (days)", "horizon_days")),
            hint="Free time kept around each booking, and how soon and how far ahead customers can book.")),
        ("request", _section(
            "Party size",
            _pair(_number("Smallest party", "min_party", min="1"), _number("Largest party", "max_party", min="1")),
            _check("allows_private", "Private bookings"),
            _check("allows_group", "Group bookings"),
            rx.cond(S.error_field == "allows_private", rx.text(S.error_text, color=rx.color("red", 11), size="2", role="alert")),
        )),
        ("class", _section(
            "Class defaults",
            _pair(_number("Capacity (places)", "capacity", min="1"),
                  _number("Credits per place", "credit_cost", hint="Customers pay for a place with credits.")),
            _pair(_number("Free cancellation (hours before)", "free_cancellation_hours"),
                  _number("Waitlist offer hold (minutes)", "waitlist_offer_minutes", min="5",
                          hint="How long the next person on the waitlist has to claim a freed place.")),
            _number("Booking horizon (days)", "horizon_days", min="1", hint="How far ahead customers see and book this class."),
            _check("allow_recurring", "Customers may book every week"),
            rx.text(t("Sell credits in packs:"), " ", rx.link(t("Settings → Credit packs"), href=routes.CREDIT_PACKS), size="2"),
            hint="New sessions start with these; sessions already created keep theirs.")),
        rx.fragment(),
    )


def _staff_option(option: StaffOption) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", id=option.id, name=option.id, default_checked=option.checked,
                    key=option.id + S.version.to_string(), style={"width": "18px", "height": "18px", "flexShrink": "0"}),
        rx.text(option.name, size="2"),
        html_for=option.id, style={"display": "flex", "gap": "0.5rem", "alignItems": "center", "cursor": "pointer"},
    )


def _staff_and_booking() -> rx.Component:
    return _section(
        "Staff and online booking",
        rx.el.fieldset(
            rx.el.legend(t("Who gives this service"), style={"fontWeight": 500, "fontSize": "14px", "marginBottom": "0.25rem"}),
            rx.vstack(rx.foreach(S.staff, _staff_option), spacing="2"),
            rx.text(t("With several, the customer picks one or “any”."), size="1", color=rx.color("gray", 11)),
            rx.cond(S.error_field == "staff_ids", rx.text(S.error_text, color=rx.color("red", 11), size="2", role="alert")),
            id="staff_ids", style={"border": "none", "padding": 0, "margin": 0, "minWidth": 0},
        ),
        _check("online_booking", "Customers can book online (shown on your booking page)"),
    )


def _save_bar() -> rx.Component:
    return rx.vstack(
        rx.cond(S.error_text != "", rx.callout(S.error_text, icon="triangle_alert", color_scheme="red", width="100%",
                                               class_name="save-error")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%",
                                           class_name="save-notice")),
        rx.hstack(rx.button(t("Save"), type="submit", size="3"),
                  rx.link(t("Back to services"), href=routes.SERVICES, size="2"), spacing="4", align="center"),
        spacing="2", width="100%",
    )


def _confirm_dialog() -> rx.Component:
    archive = S.confirm == "archive"
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(rx.cond(archive, t("Archive this service?"), t("Delete this service?"))),
            rx.alert_dialog.description(rx.cond(
                archive, t("It will leave your booking page and can no longer be booked; its bookings and history will stay. You can restore it later."),
                t("It was never booked, so it will be removed for good."))),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Back"), variant="soft", color_scheme="gray")),
                rx.cond(archive, rx.button(t("Yes, archive"), color_scheme="red", on_click=S.archive),
                        rx.button(t("Yes, delete"), color_scheme="red", on_click=S.delete)),
                justify="end", spacing="3", margin_top="1rem",
            ),
            max_width="28rem",
        ),
        open=S.confirm != "", on_open_change=S.set_confirm_open,
    )


def _lifecycle() -> rx.Component:
    return rx.cond(S.service_id > 0, rx.card(
        rx.vstack(
            rx.heading(t("Archive or delete"), size="4", as_="h2"),
            rx.cond(S.active,
                    rx.text(t("Archiving takes the service off your booking page; its bookings stay."), size="2"),
                    rx.text(t("This service is archived: it is not on your booking page."), size="2", weight="medium")),
            rx.hstack(
                rx.cond(S.active, rx.button(t("Archive"), variant="soft", color_scheme="red", on_click=S.ask("archive")),
                        rx.button(t("Restore"), variant="soft", on_click=S.restore)),
                rx.cond(S.in_use, rx.fragment(), rx.button(t("Delete"), variant="outline", color_scheme="red", on_click=S.ask("delete"))),
                spacing="3", wrap="wrap",
            ),
            rx.cond(S.in_use, rx.text(t("A service with bookings is archived, never deleted."), size="1", color=rx.color("gray", 11))),
            spacing="2", width="100%",
        ),
        width="100%",
    ))


def service_editor_page() -> rx.Component:
    return dashboard_shell(
        "Service",
        rx.cond(
            S.found,
            rx.vstack(
                rx.link(t("Back to services"), href=routes.SERVICES, size="2"),
                rx.heading(S.title, size="5", as_="h2", class_name="service-title"),
                rx.callout(t("Changes apply to new bookings; existing bookings keep the terms they were booked with."),
                           icon="info", width="100%"),
                rx.form(
                    rx.vstack(_about(), _translations(), rx.cond(S.kind == "class", rx.fragment(), _price()), _changes(), _kind_settings(),
                              _staff_and_booking(), _save_bar(), spacing="4", width="100%"),
                    # Our messages, translated and beside the field, rather than the browser's bubbles.
                    on_submit=S.save, width="100%", no_validate=True,
                ),
                _lifecycle(),
                _confirm_dialog(),
                spacing="4", width="100%",
            ),
            empty_state("search-x", "Service not found", "There is no such service in your business.",
                        rx.link(t("Back to services"), href=routes.SERVICES)),
        ),
    )
