"""Dates, times and money for people: Babel, in the organization's timezone and locale."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time, get_day_names, get_timezone_name
from babel.numbers import format_currency, get_currency_precision
from babel.units import format_unit

SUPPORTED_LOCALES = ("en", "de", "pl")


def _locale(locale: str) -> str:
    return locale if locale in SUPPORTED_LOCALES else "en"


def localize(moment: datetime, tz: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(ZoneInfo(tz))


def fmt_datetime(moment: datetime, tz: str, locale: str = "en") -> str:
    """'Tue, 24 Nov 2026, 14:30 CET' — always with the timezone named."""
    local = localize(moment, tz)
    text = format_datetime(local, "EEE, d MMM y, HH:mm", locale=_locale(locale))
    return f"{text} {local.tzname()}"


def fmt_date(moment: datetime, tz: str, locale: str = "en") -> str:
    return format_date(localize(moment, tz), "EEE, d MMM y", locale=_locale(locale))


def fmt_time(moment: datetime, tz: str, locale: str = "en") -> str:
    return format_time(localize(moment, tz), "HH:mm", locale=_locale(locale))


def weekday_name(weekday: int, locale: str = "en") -> str:
    """'Monday' for 0 … 'Sunday' for 6, in the visitor's language ('Montag')."""
    return str(get_day_names("wide", locale=_locale(locale))[weekday]).capitalize()


def fmt_day(day: date, locale: str = "en") -> str:
    """A calendar date without a time: 'Thu, 24 Dec 2026'."""
    return format_date(day, "EEE, d MMM y", locale=_locale(locale))


def fmt_day_short(day: date, locale: str = "en") -> str:
    """A column heading: 'Thu 24 Dec'."""
    return format_date(day, "EEE d MMM", locale=_locale(locale))


def fmt_day_long(day: date, locale: str = "en") -> str:
    """A day on its own: 'Thursday, 24 December 2026'."""
    return format_date(day, "EEEE, d MMMM y", locale=_locale(locale))


def fmt_day_range(first: date, last: date, locale: str = "en") -> str:
    """A week: '21 Dec – 27 Dec 2026'."""
    return f"{format_date(first, 'd MMM', locale=_locale(locale))} – {format_date(last, 'd MMM y', locale=_locale(locale))}"


def fmt_clock(at: time, locale: str = "en") -> str:
    """A wall-clock time without a date ('09:00'), as on the hours of a calendar."""
    return format_time(at, "HH:mm", locale=_locale(locale))


def timezone_label(tz: str, locale: str = "en") -> str:
    """'Central European Time (Europe/Berlin)'."""
    name = get_timezone_name(ZoneInfo(tz), "long", locale=_locale(locale))
    return f"{name} ({tz})"


def fmt_money(amount_minor: int, currency: str, locale: str = "en") -> str:
    major = Decimal(amount_minor).scaleb(-get_currency_precision(currency))  # no float: exact for any amount
    return format_currency(major, currency, locale=_locale(locale))


def fmt_period(minutes: int, locale: str = "en") -> str:
    """A policy period in its largest whole unit: '24 hours', '2 days', '90 minutes'."""
    minutes = max(0, int(minutes))
    if minutes and minutes % 1440 == 0 and minutes >= 2880:
        return format_unit(minutes // 1440, "duration-day", length="long", locale=_locale(locale))
    if minutes and minutes % 60 == 0:
        return format_unit(minutes // 60, "duration-hour", length="long", locale=_locale(locale))
    return format_unit(minutes, "duration-minute", length="long", locale=_locale(locale))


def fmt_time_left(seconds: float, locale: str = "en") -> str:
    """How long is left, as an email says it: whole hours from two hours up ('23 hours'),
    else minutes ('45 minutes'). The sweeper runs every few minutes, so the exact figure
    (23 hours 57 minutes) would be noise."""
    minutes = max(0, round(seconds / 60))
    if minutes >= 120:
        return format_unit(round(minutes / 60), "duration-hour", length="long", locale=_locale(locale))
    return format_unit(minutes, "duration-minute", length="long", locale=_locale(locale))


def fmt_duration(seconds: int) -> str:
    """'1 d 3 h', '5 h 12 min', '4 min' — compact countdowns."""
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def fmt_short_datetime(moment: datetime, tz: str, locale: str = "en") -> str:
    """A moment within the coming weeks, short, in the organization's timezone: 'Tue 8 Dec, 10:00'."""
    return format_datetime(localize(moment, tz), "EEE d MMM, HH:mm", locale=_locale(locale))
