"""Rules for a business's own settings: its portal address, timezone, currency, language
and the windows it gives customers. Pure: the database checks live in the services."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from zoneinfo import available_timezones

from babel import Locale
from babel.numbers import get_currency_name, get_territory_currencies

from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.user_input import whole_number

# The languages a business writes its emails in (the UI itself offers en and de).
LOCALES = ("en", "de", "pl")
LOCALE_NAMES = {"en": "English", "de": "Deutsch", "pl": "Polski"}
TIMEZONES = frozenset(available_timezones())
DEFAULT_TIMEZONE = "Europe/Berlin"

# Paths the app itself uses at the top level or under /b/: a portal there would shadow them.
RESERVED_SLUGS = frozenset({"dashboard", "api", "m", "b", "join", "signin", "signup", "static", "_next", "ping", "admin"})
SLUG_MIN, SLUG_MAX = 3, 60
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*[a-z0-9]")

# How long a business has to answer a request: half a day at least (customers wait on a
# card hold), a week at most (a card authorization lapses after about seven days).
WINDOW_MIN_HOURS, WINDOW_MAX_HOURS = 12, 168
DEFAULT_WINDOW_HOURS = 48
CUTOFF_MAX_HOURS = 24 * 30
REMINDER_BEFORE = timedelta(hours=24)
CHANGE_POLICIES = ("allowed_until_cutoff", "rebooking_request_only")


def check_slug(text: str, field: str = "slug") -> str:
    """The portal address as typed, trimmed and lowercased, or refused with a message."""
    slug = (text or "").strip().lower()
    if not slug:
        raise ValidationFailed("Enter the address of your booking page.", field=field)
    if not SLUG_MIN <= len(slug) <= SLUG_MAX or not _SLUG.fullmatch(slug) or "--" in slug:
        raise ValidationFailed("Use {min} to {max} lowercase letters, digits and single hyphens (not at the start or end).",
                               field=field, min=SLUG_MIN, max=SLUG_MAX)
    if slug in RESERVED_SLUGS:
        raise ValidationFailed("The address {slug} is reserved. Choose another one.", field=field, slug=slug)
    return slug


def reminder_due(asked_at: datetime, respond_by: datetime, now: datetime) -> bool:
    """The provider's reminder to answer a request: 24 hours before its deadline, or half
    way through a shorter window (a 12-hour window reminds after 6 hours, not at once)."""
    # The window in whole minutes: the booking's creation time and its deadline's "now" may
    # differ by a few milliseconds.
    window = timedelta(minutes=round((respond_by - asked_at).total_seconds() / 60))
    lead = min(REMINDER_BEFORE, window / 2)
    return respond_by - lead <= now < respond_by


def parse_hours(text: str, *, field: str, low: int, high: int) -> int:
    """A whole number of hours within [low, high], typed as ASCII digits."""
    value = whole_number(text)
    if value is None:
        raise ValidationFailed("Enter a whole number of hours.", field=field)
    if not low <= value <= high:
        raise ValidationFailed("Enter between {low} and {high} hours.", field=field, low=low, high=high)
    return value


def parse_commission(text: str) -> Decimal:
    """The platform commission in percent: a decimal 0–100 with at most two decimals,
    kept as its plain text form ("23.8") so no float touches it."""
    raw = (text or "").strip().replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationFailed("Enter a percentage such as 23.8.", field="percent") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise ValidationFailed("A percentage must be between 0 and 100.", field="percent")
    if value != value.quantize(Decimal("0.01")):
        raise ValidationFailed("Use at most two decimals.", field="percent")
    return value


def commission_text(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


@cache
def current_currencies() -> frozenset[str]:
    """Every ISO 4217 currency some territory uses as legal tender today (Babel's data)."""
    found: set[str] = set()
    today = datetime.now(UTC).date()
    for territory in Locale("en").territories:
        try:
            found |= set(get_territory_currencies(territory, start_date=today, tender=True))
        except Exception:  # noqa: BLE001, S112 - a territory without currency data
            continue
    return frozenset(found)


CURRENCIES = current_currencies()


@cache
def currency_options(locale: str = "en") -> tuple[tuple[str, str], ...]:
    """(code, "EUR – Euro") for every current currency, sorted by code, names in `locale`."""
    lang = locale if locale in ("en", "de", "pl") else "en"  # the pseudo-locale "xx" is no Babel locale
    return tuple((code, f"{code} – {get_currency_name(code, locale=lang)}") for code in sorted(CURRENCIES))
