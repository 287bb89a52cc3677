"""Pure rules of a business's settings: portal addresses, hours, the commission, currencies
and when the provider is reminded to answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bookingapp.domain.business_rules import (
    CURRENCIES,
    RESERVED_SLUGS,
    check_slug,
    commission_text,
    currency_options,
    parse_commission,
    parse_hours,
    reminder_due,
)
from bookingapp.domain.errors import ValidationFailed

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("typed", "slug"), [("lindenhof", "lindenhof"), ("  Studio-7 ", "studio-7"), ("abc", "abc"),
                                             ("a" * 60, "a" * 60)])
def test_good_addresses_are_trimmed_and_lowercased(typed, slug):
    assert check_slug(typed) == slug


@pytest.mark.parametrize("typed", ["", "ab", "a" * 61, "-abc", "abc-", "a--b", "a_b", "über", "a b", "a/b", "a.b"])
def test_bad_addresses_are_refused(typed):
    with pytest.raises(ValidationFailed) as refused:
        check_slug(typed)
    assert refused.value.field == "slug"


@pytest.mark.parametrize("reserved", sorted(RESERVED_SLUGS - {"m", "b", "_next"}))  # those three fail the pattern first
def test_reserved_addresses_are_refused_with_their_own_message(reserved):
    with pytest.raises(ValidationFailed, match="is reserved"):
        check_slug(reserved)


def test_hours_are_whole_numbers_within_bounds():
    assert parse_hours("12", field="w", low=12, high=168) == 12
    for bad in ("11", "169", "", "1.5", "²", "-3", "12h"):
        with pytest.raises(ValidationFailed):
            parse_hours(bad, field="w", low=12, high=168)


def test_the_commission_is_a_decimal_from_0_to_100_kept_as_text():
    assert commission_text(parse_commission("23,80")) == "23.8"
    assert commission_text(parse_commission("0.00")) == "0"
    assert commission_text(parse_commission("100")) == "100"
    assert parse_commission("7.25") == Decimal("7.25")


def test_current_currencies_include_the_common_ones_and_not_withdrawn_ones():
    assert {"EUR", "USD", "GBP", "PLN", "CHF", "JPY"} <= CURRENCIES
    assert not {"DEM", "FRF", "XXX"} & CURRENCIES
    assert dict(currency_options("de"))["USD"] == "USD – US-Dollar"
    assert dict(currency_options("en"))["EUR"] == "EUR – Euro"


@pytest.mark.parametrize(("window_hours", "reminded_after"), [(48, 24), (168, 144), (24, 12), (12, 6)])
def test_the_reminder_comes_a_day_before_or_half_way_through_a_short_window(window_hours, reminded_after):
    respond_by = T0 + timedelta(hours=window_hours)
    assert not reminder_due(T0, respond_by, T0 + timedelta(hours=reminded_after) - timedelta(minutes=1))
    assert reminder_due(T0, respond_by, T0 + timedelta(hours=reminded_after))
    assert not reminder_due(T0, respond_by, respond_by)  # past the deadline the request expires instead


def test_a_declined_card_is_said_once():
    from bookingapp.domain.errors import PaymentDeclined

    assert PaymentDeclined(reason="Your card was declined.").render() == "Your card was declined."
    # A bare code from the gateway still gets the sentence around it.
    assert PaymentDeclined(reason="declined").render() == "The card was declined: declined"
