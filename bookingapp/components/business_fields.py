"""Fields a business fills in at sign-up and again in Settings → Business: timezone
(typed with suggestions from the IANA list), currency and language."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import field
from bookingapp.components.i18n import t
from bookingapp.domain.business_rules import LOCALE_NAMES, LOCALES, TIMEZONES

NATIVE_CONTROL = {"width": "100%", "padding": "0.45rem 0.5rem", "borderRadius": "6px",
                  "border": f"1px solid {rx.color('gray', 7)}", "background": rx.color("gray", 1), "fontSize": "16px",
                  "color": rx.color("gray", 12)}
_TIMEZONE_LIST = "timezone-list"


def _invalid(errors: rx.Var, name: str) -> rx.Var:
    return rx.cond(errors.contains(name), "true", "false")


def timezone_field(value: rx.Var, errors: rx.Var) -> rx.Component:
    """A text input with the whole IANA list as suggestions (searchable as you type); the
    server checks the value is one of them. Remounted (key) when the value arrives."""
    return field(
        "Timezone", "timezone",
        rx.fragment(
            rx.input(id="timezone", name="timezone", default_value=value, key=value, size="3", width="100%",
                     auto_complete="off", max_length=65, custom_attrs={"list": _TIMEZONE_LIST},
                     aria_invalid=_invalid(errors, "timezone"), aria_describedby="timezone-error"),
            rx.el.datalist(*[rx.el.option(value=name) for name in sorted(TIMEZONES)], id=_TIMEZONE_LIST),
        ),
        errors.get("timezone", ""),
        hint="Times on your booking page and in emails are shown in this timezone.",
    )


def currency_field(options: rx.Var, value: rx.Var, errors: rx.Var, hint: str = "") -> rx.Component:
    """Options are [code, "EUR – Euro"] pairs in the visitor's language."""
    return field(
        "Currency", "currency",
        rx.el.select(
            rx.foreach(options, lambda o: rx.el.option(o[1], value=o[0])),
            id="currency", name="currency", default_value=value, key=value + options.length().to_string(),
            style=NATIVE_CONTROL, aria_invalid=_invalid(errors, "currency"), aria_describedby="currency-error",
        ),
        errors.get("currency", ""),
        hint=hint,
    )


def language_field(value: rx.Var, errors: rx.Var, hint: str = "") -> rx.Component:
    return field(
        "Customer language", "locale",
        rx.el.select(
            *[rx.el.option(LOCALE_NAMES[code], value=code) for code in LOCALES],
            id="locale", name="locale", default_value=value, key=value, style=NATIVE_CONTROL,
            aria_invalid=_invalid(errors, "locale"), aria_describedby="locale-error",
        ),
        errors.get("locale", ""),
        hint=hint,
    )


def native_select(id_: str, options: list[tuple[str, str]], value: rx.Var, errors: rx.Var) -> rx.Component:
    """A select of fixed options whose labels are msgids."""
    return rx.el.select(
        *[rx.el.option(t(label), value=code) for code, label in options],
        id=id_, name=id_, default_value=value, key=value, style=NATIVE_CONTROL,
        aria_invalid=_invalid(errors, id_), aria_describedby=f"{id_}-error",
    )
