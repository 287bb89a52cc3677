"""Money in integer minor units: percentages rounded half up, typed amounts parsed exactly."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookingapp.domain.business_rules import CURRENCIES
from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.money import (
    MAX_MINOR,
    cancellation_quote,
    max_price_minor,
    minor_units_per_major,
    parse_percent,
    parse_price,
    percent_of,
    price_text,
    rescale_price,
    to_minor,
)

amounts = st.integers(min_value=0, max_value=10**12)
percents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize(
    ("amount", "percent", "expected"),
    [
        (1005, "23.8", 239),  # 239.19 -> 239
        (1050, "23.8", 250),  # 249.9 -> 250
        (1000, "0.05", 1),  # 0.5 -> 1: half rounds up
        (1000, "0.04", 0),  # 0.4 -> 0
        (12000, "0", 0),
        (12000, "100", 12000),
    ],
)
def test_percent_of_rounds_half_up_to_the_minor_unit(amount, percent, expected):
    assert percent_of(amount, percent) == expected


def test_percent_of_accepts_a_decimal_and_a_comma():
    assert percent_of(1005, Decimal("23.8")) == percent_of(1005, "23,8") == 239


def test_percent_of_refuses_a_negative_amount():
    with pytest.raises(ValueError):
        percent_of(-1, "10")


@given(amount=amounts, percent=percents)
def test_quote_gross_is_refund_plus_commission_plus_net(amount, percent):
    quote = cancellation_quote(amount, percent)

    assert quote.gross_minor == amount
    assert quote.gross_minor == quote.refund_minor + quote.commission_minor + quote.net_minor


@given(amount=amounts, percent=percents)
def test_commission_is_between_zero_and_the_amount(amount, percent):
    commission = percent_of(amount, percent)

    assert 0 <= commission <= amount
    assert abs(Decimal(commission) - Decimal(amount) * percent / 100) <= Decimal("0.5")


def test_provider_cancellation_refunds_everything_and_the_provider_pays_the_commission():
    quote = cancellation_quote(12000, "23.8")

    assert (quote.refund_minor, quote.commission_minor, quote.net_minor) == (12000, 2856, -2856)


@pytest.mark.parametrize(
    ("typed", "currency", "expected"),
    [
        ("12.50", "EUR", 1250),
        ("12,50", "EUR", 1250),
        (" 12 ", "EUR", 1200),
        ("0.01", "EUR", 1),
        ("0", "EUR", 0),
        ("1200", "JPY", 1200),
        ("12.5", "USD", 1250),
    ],
)
def test_to_minor_parses_typed_amounts(typed, currency, expected):
    assert to_minor(typed, currency) == expected


@pytest.mark.parametrize(
    ("typed", "currency"),
    [
        ("12.505", "EUR"),  # below a cent
        ("-1", "EUR"),
        ("-0.01", "EUR"),
        ("abc", "EUR"),
        ("", "EUR"),
        ("12.50 EUR", "EUR"),
        ("1,234.50", "EUR"),
        ("NaN", "EUR"),
        ("Infinity", "EUR"),
        ("12.5", "JPY"),  # yen have no decimals
        ("1e-999999999", "EUR"),
        ("1e999999999", "EUR"),  # Decimal overflows: still a message, not a crash
        ("sNaN", "EUR"),
    ],
)
def test_to_minor_refuses_bad_amounts(typed, currency):
    with pytest.raises(ValidationFailed) as caught:
        to_minor(typed, currency)

    assert caught.value.field == "amount"


def test_to_minor_refuses_amounts_too_large_to_store():
    assert to_minor("21474836.47", "EUR") == MAX_MINOR

    with pytest.raises(ValidationFailed, match="too large") as caught:
        to_minor("21474836.48", "EUR")
    assert caught.value.field == "amount"
    with pytest.raises(ValidationFailed, match="too large"):
        to_minor("1e100", "EUR")


def test_minor_units_follow_the_currency():
    assert minor_units_per_major("EUR") == 100
    assert minor_units_per_major("JPY") == 1


@pytest.mark.parametrize(("typed", "expected"), [("0", Decimal(0)), ("23.8", Decimal("23.8")), ("23,8", Decimal("23.8")), ("100", Decimal(100))])
def test_parse_percent_accepts_zero_to_one_hundred(typed, expected):
    assert parse_percent(typed) == expected


@pytest.mark.parametrize("typed", ["-0.1", "100.01", "abc", "", "NaN", "Infinity"])
def test_parse_percent_refuses_out_of_bounds_and_junk(typed):
    with pytest.raises(ValidationFailed) as caught:
        parse_percent(typed)

    assert caught.value.field == "percent"


# --- the rounding rule, stated: a percentage of an amount is rounded half up to the
# minor unit; the provider's net is what remains, so nothing is ever lost or invented.

fine_percents = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)


def _half_up(amount: int, percent: Decimal) -> int:
    """Reference rounding in exact fractions: floor(x + 1/2) for x >= 0."""
    exact = Fraction(amount) * Fraction(percent) / 100
    return int(exact + Fraction(1, 2))  # int() floors non-negative fractions


@given(amount=amounts, percent=fine_percents)
def test_percent_of_matches_exact_half_up_rounding(amount, percent):
    assert percent_of(amount, percent) == _half_up(amount, percent)


@given(half=st.integers(min_value=0, max_value=10**9))
def test_exact_halves_round_up(half):
    # 50 % of an odd amount is exactly n.5: it must become n + 1.
    assert percent_of(2 * half + 1, "50") == half + 1
    # 0.5 % of 100 * odd is exactly n.5 as well.
    assert percent_of(100 * (2 * half + 1), "0.5") == half + 1


@given(half=st.integers(min_value=0, max_value=10**9))
def test_just_below_a_half_rounds_down(half):
    # 12.5 % of 8n + 3 = n + 0.375 -> n; of 8n + 4 = n + 0.5 -> n + 1.
    assert percent_of(8 * half + 3, "12.5") == half
    assert percent_of(8 * half + 4, "12.5") == half + 1


@given(amount=amounts, percent=fine_percents)
def test_every_quote_figure_is_an_integer_and_the_customer_gets_everything_back(amount, percent):
    quote = cancellation_quote(amount, percent)

    assert all(type(v) is int for v in (quote.gross_minor, quote.refund_minor, quote.commission_minor, quote.net_minor))
    assert quote.refund_minor == amount
    assert 0 <= quote.commission_minor <= quote.gross_minor
    assert quote.net_minor == -quote.commission_minor


@given(amount=amounts, percent=fine_percents, more=st.integers(min_value=0, max_value=10**6))
def test_more_money_never_means_less_commission(amount, percent, more):
    assert percent_of(amount + more, percent) >= percent_of(amount, percent)


# The price ceiling: about 100,000 euros' worth in every currency, never past what the database stores.

@pytest.mark.parametrize(("typed", "currency", "minor"), [
    ("250000", "KRW", 250_000), ("100000", "EUR", 10_000_000), ("2500000", "VND", 2_500_000),
    ("1500000", "JPY", 1_500_000), ("99999.999", "KWD", 99_999_999),
])
def test_real_prices_in_high_denomination_currencies_are_accepted(typed, currency, minor):
    assert parse_price(typed, currency) == minor


@pytest.mark.parametrize(("typed", "currency", "message"), [
    ("100001", "EUR", "Enter a price of at most €100,000.00."),
    ("100000001", "KRW", "Enter a price of at most ₩100,000,000."),
    ("5000000000", "VND", "Enter a price of at most ₫1,000,000,000."),
    ("1e999999999", "VND", "Enter a price of at most ₫1,000,000,000."),
    ("20000000.01", "COP", "Enter a price of at most COP20,000,000.00."),  # the storage limit, not the table
])
def test_a_price_above_the_currencys_ceiling_is_refused_showing_the_ceiling(typed, currency, message):
    with pytest.raises(ValidationFailed) as refused:
        parse_price(typed, currency, field="price")
    assert refused.value.field == "price" and refused.value.render() == message


@pytest.mark.parametrize("currency", sorted(CURRENCIES))
def test_every_ceiling_is_storable_and_at_least_the_old_one(currency):
    assert min(10_000_000, 100_000 * minor_units_per_major(currency)) <= max_price_minor(currency) <= MAX_MINOR
    assert parse_price(price_text(max_price_minor(currency), currency), currency) == max_price_minor(currency)


# Changing the business currency keeps the number the owner typed.

@pytest.mark.parametrize(("minor", "old", "new", "rescaled"), [
    (4500, "EUR", "JPY", 45), (4500, "EUR", "USD", 4500), (4500, "EUR", "KWD", 45_000), (45, "JPY", "EUR", 4500),
    (45_000, "KWD", "EUR", 4500), (0, "EUR", "JPY", 0),
    (4550, "EUR", "JPY", None), (45_005, "KWD", "EUR", None), (1, "EUR", "JPY", None),
])
def test_a_price_keeps_its_number_in_the_new_currency_or_has_none(minor, old, new, rescaled):
    assert rescale_price(minor, old, new) == rescaled
    if rescaled is not None:
        assert price_text(rescaled, new) == price_text(minor, old)
