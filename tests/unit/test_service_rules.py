"""The service editor's rules, pure: prices in the currency's digits, each setting's
bounds (with the message next to the editor's input, in its unit), and the rules between settings."""

from __future__ import annotations

import pytest

from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.money import parse_price, price_text
from bookingapp.domain.service_rules import BOUNDS, check_settings, in_bounds

VALID = {"duration_minutes": 60, "cutoff_minutes": 1440, "min_party": 1, "max_party": 8, "allows_private": True,
         "allows_group": True, "capacity": 10, "credit_cost": 1, "free_cancellation_minutes": 720,
         "waitlist_offer_minutes": 120, "buffer_before_minutes": 0, "buffer_after_minutes": 0,
         "min_notice_minutes": 60, "horizon_days": 90}


@pytest.mark.parametrize(("typed", "currency", "minor"), [
    ("45", "EUR", 4500), ("45.50", "EUR", 4550), ("45,5", "EUR", 4550), (" 1 000 ", "USD", 100000),
    ("", "EUR", 0), ("0", "EUR", 0), ("100000", "EUR", 10_000_000), ("4500", "JPY", 4500), ("12.345", "KWD", 12345),
])
def test_prices_are_read_exactly_in_the_currencys_minor_units(typed, currency, minor):
    assert parse_price(typed, currency) == minor


@pytest.mark.parametrize(("typed", "currency", "message"), [
    ("-5", "EUR", "A price cannot be negative."),
    ("45.505", "EUR", "Enter a price such as 45.50."),
    ("45.5", "JPY", "Enter a price such as 45."),
    ("100000.01", "EUR", "Enter a price of at most €100,000.00."),
    ("1e999999999", "EUR", "Enter a price of at most €100,000.00."),
    ("1e-999999999", "EUR", "Enter a price such as 45.50."),
    ("NaN", "EUR", "Enter a price such as 45.50."),
    ("€45", "EUR", "Enter a price such as 45.50."),
    ("1,000.50", "EUR", "Enter a price such as 45.50."),
])
def test_bad_prices_are_refused_next_to_the_price(typed, currency, message):
    with pytest.raises(ValidationFailed) as refused:
        parse_price(typed, currency)
    assert refused.value.field == "price" and refused.value.render() == message


@pytest.mark.parametrize(("minor", "currency", "text"), [(4500, "EUR", "45"), (4550, "EUR", "45.50"), (5, "EUR", "0.05"),
                                                         (4500, "JPY", "4500")])
def test_the_editor_shows_a_stored_price_as_it_would_be_typed(minor, currency, text):
    assert price_text(minor, currency) == text
    assert parse_price(text, currency) == minor


@pytest.mark.parametrize(("name", "value"), [("duration_minutes", 0), ("duration_minutes", -1), ("duration_minutes", 24 * 60 + 1),
                                             ("capacity", 0), ("credit_cost", -1), ("max_party", 501), ("horizon_days", 0),
                                             ("duration_minutes", True), ("duration_minutes", "60")])
def test_each_setting_has_bounds(name, value):
    with pytest.raises(ValidationFailed) as refused:
        in_bounds(name, value)
    assert refused.value.field == BOUNDS[name].field


def test_a_setting_in_hours_is_refused_next_to_its_hours_input_in_hours():
    with pytest.raises(ValidationFailed) as refused:
        in_bounds("cutoff_minutes", -60)
    assert refused.value.field == "cutoff_hours"
    assert refused.value.render() == "Enter a cutoff between 0 and 720 hours."


@pytest.mark.parametrize("kind", ["appointment", "request", "class"])
def test_sensible_settings_pass_for_every_kind(kind):
    check_settings(kind, VALID)


@pytest.mark.parametrize(("kind", "change", "field"), [
    ("request", {"min_party": 6, "max_party": 4}, "max_party"),
    ("request", {"allows_private": False, "allows_group": False}, "allows_private"),
    ("appointment", {"min_notice_minutes": 3 * 24 * 60, "horizon_days": 2}, "horizon_days"),
    ("class", {"capacity": 0}, "capacity"),
    ("appointment", {"duration_minutes": 0}, "duration_minutes"),
])
def test_rules_between_settings(kind, change, field):
    with pytest.raises(ValidationFailed) as refused:
        check_settings(kind, {**VALID, **change})
    assert refused.value.field == field


def test_a_kind_is_checked_only_for_its_own_settings():
    check_settings("appointment", {**VALID, "capacity": 0, "min_party": 9, "max_party": 1})


def test_labels_in_messages_are_translated_too():
    """A label is a msgid: a message once said "Gib the class als ganze Zahl ein."."""
    from bookingapp.i18n import translate

    cutoff = ValidationFailed("Enter {label} as a whole number.", field="cutoff_hours", label="the cutoff")
    assert cutoff.render(lambda text: translate(text, "de")) == "Gib die Frist als ganze Zahl ein."
