"""Settings → Business (owner only)."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.business_fields import (
    currency_field,
    language_field,
    native_select,
    timezone_field,
)
from bookingapp.components.common import field, form_error
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.domain.business_rules import SLUG_MAX
from bookingapp.states.business_settings import BusinessSettingsState as S

CHANGE_POLICIES = [
    ("allowed_until_cutoff", "Customers can cancel and reschedule until the cutoff"),
    ("rebooking_request_only", "Customers can only ask for a rebooking"),
]


def _input(name: str, kind: str = "text", max_length: int = 254, **props) -> rx.Component:
    return rx.input(
        id=name, name=name, type=kind, default_value=S.values.get(name, ""), max_length=max_length + 1, size="3",
        width="100%", aria_invalid=rx.cond(S.errors.contains(name), "true", "false"), aria_describedby=f"{name}-error",
        **props,
    )


def _error(name: str) -> rx.Var:
    return S.errors.get(name, "")


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(t(title), size="4", as_="h2"), *children, spacing="3", width="100%"), width="100%")


def _business() -> rx.Component:
    return _section(
        "Business",
        field("Business name", "name", _input("name", auto_complete="organization", max_length=120), _error("name")),
        field("Contact email", "contact_email", _input("contact_email", "email", auto_complete="email"), _error("contact_email"),
              hint="Shown to customers on your booking page."),
        field("Contact phone", "contact_phone", _input("contact_phone", "tel", max_length=40, auto_complete="tel"),
              _error("contact_phone"), hint="Shown to customers on your booking page."),
        field("Reply-to address", "reply_to_email", _input("reply_to_email", "email"), _error("reply_to_email"),
              hint="Customers' replies to your emails go here."),
    )


def _address() -> rx.Component:
    return _section(
        "Booking page address",
        field("Address", "slug", rx.vstack(
            rx.text(S.address_prefix, size="2", color=rx.color("gray", 11), style={"overflowWrap": "anywhere"},
                    custom_attrs={"translate": "no"}),  # an address, the same in every language
            _input("slug", max_length=SLUG_MAX, auto_complete="off", spell_check=False),
            spacing="1", width="100%",
        ), _error("slug"), hint="Lowercase letters, digits and hyphens. After a change, the old address keeps leading here."),
    )


def _region() -> rx.Component:
    return _section(
        "Region and language",
        timezone_field(S.values.get("timezone", ""), S.errors),
        currency_field(S.currency_options, S.values.get("currency", ""), S.errors,
                       hint="Can only be changed while no booking has a price."),
        language_field(S.values.get("locale", ""), S.errors, hint="The language of your emails to customers, unless a customer chose another."),
    )


def _policies() -> rx.Component:
    return _section(
        "Requests and changes",
        field("Answer window for requests (hours)", "response_window_hours",
              # No min/max: the browser's own bubble would hide the message shown by the field.
              _input("response_window_hours", "text", max_length=4, input_mode="numeric"),
              _error("response_window_hours"),
              hint="How long you have to answer a request, from 12 to 168 hours. Unanswered requests expire and the card hold is released."),
        field("Default cutoff for new services (hours before the start)", "default_cutoff_hours",
              _input("default_cutoff_hours", "text", max_length=4, input_mode="numeric"),
              _error("default_cutoff_hours")),
        field("Default change policy for new services", "default_customer_cancellation",
              native_select("default_customer_cancellation", CHANGE_POLICIES,
                            S.values.get("default_customer_cancellation", ""), S.errors),
              _error("default_customer_cancellation"), hint="Existing services and bookings keep their own terms."),
    )


def _reminders() -> rx.Component:
    return _section(
        "Reminders to customers",
        field("Reminder email (hours before the start)", "customer_reminder_hours",
              _input("customer_reminder_hours", "text", max_length=3, input_mode="numeric"),
              _error("customer_reminder_hours"),
              hint="Each confirmed booking gets an email with the calendar file this long before it starts, "
                   "from 1 to 168 hours; 0 sends none. Customers can turn it off for their booking."),
    )


AFTER_DEADLINE = [
    ("keep", "Keep the booking"),
    ("cancel", "Cancel the booking and free the time"),
]


def _unpaid() -> rx.Component:
    """Bookings that need prepayment and wait for it (issue 21, item 8)."""
    return _section(
        "Unpaid bookings",
        field("Time to pay a booking that needs prepayment (hours)", "payment_deadline_hours",
              _input("payment_deadline_hours", "text", max_length=3, input_mode="numeric"),
              _error("payment_deadline_hours"),
              hint="Counted from the booking, and never later than its start; 0 sets no deadline. "
                   "The customer is reminded by email before it. Both of you see the deadline on the booking."),
        field("When the deadline passes unpaid", "unpaid_after_deadline",
              native_select("unpaid_after_deadline", AFTER_DEADLINE, S.values.get("unpaid_after_deadline", ""), S.errors),
              _error("unpaid_after_deadline"),
              hint="A kept booking can still be paid online or on site. Bookings already waiting keep the deadline they were given."),
    )


def _commission() -> rx.Component:
    return _section(
        "Platform commission",
        rx.hstack(rx.text(S.commission, size="5", weight="bold", id="commission"), align="center"),
        rx.text(t("The platform keeps this share when a booking is refunded after you cancel or refuse a rebooking. "
                  "The platform operator sets it; contact them to change it."), size="2", color=rx.color("gray", 11)),
    )


def business_settings_page() -> rx.Component:
    return dashboard_shell(
        "Business",
        rx.link(t("Back to settings"), href=routes.SETTINGS, size="2"),
        rx.cond(
            S.loaded,
            rx.form(
                rx.vstack(
                    form_error(S.form_message),
                    _business(),
                    _address(),
                    _region(),
                    _policies(),
                    _reminders(),
                    _unpaid(),
                    rx.button(t("Save"), type="submit", size="3"),
                    spacing="4", width="100%",
                ),
                on_submit=S.save,
                key=S.form_key.to_string(),
                width="100%",
            ),
        ),
        rx.cond(S.loaded, _commission()),
    )
