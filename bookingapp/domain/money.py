"""Money in integer minor units. No floats anywhere near an amount.

Rounding rule: a percentage of an amount is rounded half up to the nearest minor unit
(23.8% of 1005 cents = 239.19 -> 239; of 1050 = 249.9 -> 250). The provider's net is
what remains, so gross = refund + commission + net always holds exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, Inexact, InvalidOperation, localcontext

from babel.numbers import get_currency_precision

from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.formatting import money_shown


def parse_percent(text: str) -> Decimal:
    try:
        value = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationFailed("Enter a percentage such as 23.8.", field="percent") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ValidationFailed("A percentage must be between 0 and 100.", field="percent")
    return value


def percent_of(amount_minor: int, percent: Decimal | str) -> int:
    if amount_minor < 0:
        raise ValueError("amount must not be negative")
    pct = percent if isinstance(percent, Decimal) else parse_percent(percent)
    return int((Decimal(amount_minor) * pct / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def minor_units_per_major(currency: str) -> int:
    return 10 ** get_currency_precision(currency)


# The largest amount an INTEGER column holds on every database (32 bits on PostgreSQL).
MAX_MINOR = 2**31 - 1


def to_minor(amount_text: str, currency: str) -> int:
    """Parse a typed amount ("12.50", "12,50") into minor units, refusing sub-cent input."""
    try:
        value = Decimal(str(amount_text).strip().replace(",", "."))
        with localcontext() as ctx:
            ctx.traps[Inexact] = True  # "1e-999999999" would round to 0 silently
            scaled = value * minor_units_per_major(currency)
    except ArithmeticError:  # unparsable, rounded, or too large for Decimal ("1e999999999")
        raise ValidationFailed("Enter an amount such as 12.50.", field="amount") from None
    if not value.is_finite() or value < 0 or scaled != scaled.to_integral_value():
        raise ValidationFailed("Enter an amount such as 12.50.", field="amount")
    if scaled > MAX_MINOR:
        raise ValidationFailed("That amount is too large.", field="amount")
    return int(scaled)


@dataclass(frozen=True)
class CancellationQuote:
    """What a provider-side cancellation does with the money, shown before confirming."""

    gross_minor: int
    refund_minor: int
    commission_minor: int
    net_minor: int


def cancellation_quote(paid_minor: int, commission_pct: Decimal | str) -> CancellationQuote:
    commission = percent_of(paid_minor, commission_pct)
    refund = paid_minor  # the customer gets everything they paid back
    # The platform keeps its commission from the provider: their net goes negative.
    return CancellationQuote(
        gross_minor=paid_minor,
        refund_minor=refund,
        commission_minor=commission,
        net_minor=paid_minor - refund - commission,
    )


MAX_PRICE_MAJOR = 100_000  # in euros' worth: a service price above this is a typo, not a price

# Order of magnitude of one euro in currencies whose unit is worth much less (about 10^round(log10(units
# per euro)), rates of 2025, rounded so the ceiling stays between roughly 20,000 and 250,000 euros' worth).
# The ceiling is a typo guard, not an exchange rate: a currency not listed keeps 100,000 units (its unit is
# worth about a euro or more). The storage limit MAX_MINOR still applies: in a currency with two decimals
# and a low-value unit (COP, IDR, KHR, MNT, UZS) it, not this table, sets the ceiling.
PRICE_CEILING_MULTIPLIER: dict[str, int] = {
    # tens of units per euro
    "CZK": 10, "MXN": 10, "ZAR": 10, "THB": 10, "TWD": 10, "SLE": 10, "HNL": 10, "NIO": 10, "UYU": 10,
    "GHS": 10, "ZMW": 10, "BWP": 10, "LSL": 10, "NAD": 10, "SZL": 10, "SRD": 10,
    # hundreds
    "JPY": 100, "HUF": 100, "ISK": 100, "INR": 100, "RUB": 100, "PHP": 100, "KES": 100, "PKR": 100, "LKR": 100,
    "BDT": 100, "NPR": 100, "DZD": 100, "RSD": 100, "TRY": 100, "UAH": 100, "EGP": 100, "DOP": 100, "JMD": 100,
    "HTG": 100, "KGS": 100, "ETB": 100, "MUR": 100, "ALL": 100, "MKD": 100, "AFN": 100, "YER": 100, "XPF": 100,
    "VES": 100,
    # thousands
    "KRW": 1000, "CLP": 1000, "NGN": 1000, "ARS": 1000, "TZS": 1000, "MMK": 1000, "IQD": 1000, "XOF": 1000,
    "XAF": 1000, "KZT": 1000, "AMD": 1000, "CRC": 1000, "RWF": 1000, "BIF": 1000, "MWK": 1000, "CDF": 1000,
    "SOS": 1000, "AOA": 1000, "KMF": 1000, "SDG": 1000, "KPW": 1000,
    # tens of thousands
    "COP": 10000, "IDR": 10000, "VND": 10000, "UGX": 10000, "PYG": 10000, "KHR": 10000, "LAK": 10000,
    "MNT": 10000, "UZS": 10000, "GNF": 10000, "MGA": 10000, "SYP": 10000, "SSP": 10000,
    # a hundred thousand
    "IRR": 100000, "LBP": 100000,
}


def max_price_minor(currency: str) -> int:
    """The highest service price in `currency`, in its minor units: about 100,000 euros' worth
    (MAX_PRICE_MAJOR times the currency's multiplier), at most what the database stores."""
    major = MAX_PRICE_MAJOR * PRICE_CEILING_MULTIPLIER.get(currency.upper(), 1)
    return min(major * minor_units_per_major(currency), _STORED_PRICE_MAX)


_STORED_PRICE_MAX = 2_000_000_000  # MAX_MINOR rounded down, so a capped ceiling reads "COP 20,000,000.00"


def _too_expensive(currency: str, field: str) -> ValidationFailed:
    return ValidationFailed("Enter a price of at most {max}.", field=field,
                            max=money_shown(max_price_minor(currency), currency))


def rescale_price(amount_minor: int, from_currency: str, to_currency: str) -> int | None:
    """The same typed price ("45", "45.50") in another currency's minor units: 4500 EUR cents are
    45 yen, 4500 fils (4.500 KWD) are 450 EUR cents. None when the price has more decimals than
    `to_currency` (45.50 EUR has no exact yen price)."""
    shift = get_currency_precision(to_currency) - get_currency_precision(from_currency)
    if shift >= 0:
        return amount_minor * 10**shift
    whole, rest = divmod(amount_minor, 10**-shift)
    return None if rest else whole


def parse_price(text: str, currency: str, *, field: str = "price") -> int:
    """A price typed in major units ("45", "45.50", "45,50") as minor units of `currency`:
    empty is free; negative, more decimals than the currency has (Babel's digits: 2 for
    EUR and USD, 0 for JPY) or more than max_price_minor(currency) is refused."""
    raw = str(text or "").strip().replace(" ", "")
    if not raw:
        return 0
    if raw.startswith("-"):
        raise ValidationFailed("A price cannot be negative.", field=field)
    digits = get_currency_precision(currency)
    example = "45" if digits == 0 else "45." + "5".ljust(digits, "0")
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise ValidationFailed("Enter a price such as {example}.", field=field, example=example) from None
    if not value.is_finite():
        raise ValidationFailed("Enter a price such as {example}.", field=field, example=example)
    if value > Decimal(max_price_minor(currency)).scaleb(-digits):
        raise _too_expensive(currency, field)
    try:
        with localcontext() as ctx:
            ctx.traps[Inexact] = True  # "1e-999999999" would round to 0 silently
            scaled = value * minor_units_per_major(currency)
    except ArithmeticError:
        scaled = Decimal("0.5")
    if scaled != scaled.to_integral_value():  # more decimals than the currency has
        raise ValidationFailed("Enter a price such as {example}.", field=field, example=example)
    return int(scaled)


def price_text(amount_minor: int, currency: str) -> str:
    """Minor units as the editor's price input shows them: "45", "45.50" (no symbol, no grouping)."""
    major = Decimal(amount_minor).scaleb(-get_currency_precision(currency))
    return str(int(major)) if major == major.to_integral_value() else f"{major:f}"
