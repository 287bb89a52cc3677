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


MAX_PRICE_MAJOR = 100_000  # a service price above this is a typo, not a price


def parse_price(text: str, currency: str, *, field: str = "price") -> int:
    """A price typed in major units ("45", "45.50", "45,50") as minor units of `currency`:
    empty is free; negative, more decimals than the currency has (Babel's digits: 2 for
    EUR and USD, 0 for JPY) or more than MAX_PRICE_MAJOR is refused."""
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
    if value > MAX_PRICE_MAJOR:
        raise ValidationFailed("Enter a price of at most {max}.", field=field, max=MAX_PRICE_MAJOR)
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
