"""Dates, times, periods, numbers and money for people: one set of helpers on Babel/CLDR.

Every date or time shown to a person (screens, emails, `.ics` descriptions, CSV columns meant
for reading, template previews) comes from here, in the reader's locale and the business's
timezone. The shapes are CLDR skeletons, not hand-written patterns, so each language gets its
own order and punctuation: `yMMMEd` is "Sat, 5 Dec 2026", "Sa., 5. Dez. 2026", "sob., 5 gru 2026".

Which CLDR data a language reads from:
- dates and times: English uses en_GB (day before month, 24-hour clock), as the app always did;
- numbers, money and units: English uses plain "en", so "$45.00" stays "$45.00" (en_GB would
  say "US$45.00") and "30 min" stays "30 min" (en_GB says "30 mins").

Machine formats (input values, URL parameters, iCalendar stamps, the statement CSV's ISO dates
for spreadsheets) are the only other date-to-text code: tests/unit/test_one_way_to_format.py
lists each with its reason and fails on any new hand-written pattern.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    get_datetime_format,
    get_day_names,
    get_timezone_name,
)
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_precision
from babel.units import format_unit

SUPPORTED_LOCALES = ("en", "de", "pl")
_DATE_LOCALES = {"en": "en_GB", "de": "de_DE", "pl": "pl_PL"}  # CLDR data for dates and times
_NUMBER_LOCALES = {"en": "en", "de": "de_DE", "pl": "pl_PL"}  # CLDR data for numbers, money, units

# CLDR skeletons: which fields to show; the locale decides order, widths and punctuation.
DAY = "yMMMEd"  # Sat, 5 Dec 2026
DAY_SHORT = "MMMEd"  # Sat 5 Dec
CLOCK = "Hm"  # 14:30, 00:00 (24-hour in all three languages)
RANGE = "yMMMd"  # 21–27 Dec 2026


def _language(locale: str | None) -> str:
    """'de', 'de_DE' and 'de-DE' all read German; anything else reads English."""
    lang = (locale or "").replace("-", "_").split("_")[0].lower()
    return lang if lang in SUPPORTED_LOCALES else "en"


def _locale(locale: str | None) -> str:
    return _DATE_LOCALES[_language(locale)]


def _numbers(locale: str | None) -> str:
    return _NUMBER_LOCALES[_language(locale)]


def localize(moment: datetime, tz: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(ZoneInfo(tz))


def _date_and_time(day_text: str, clock_text: str, locale: str) -> str:
    """Join a date and a time the way the language does ('{1}, {0}' in en, de and pl)."""
    return str(get_datetime_format("medium", locale=_locale(locale))).replace("{1}", day_text).replace("{0}", clock_text)


def fmt_datetime(moment: datetime, tz: str, locale: str = "en") -> str:
    """'Tue, 24 Nov 2026, 14:30 CET' — always with the timezone named ('Di., 24. Nov. 2026, 14:30 CET')."""
    local = localize(moment, tz)
    text = _date_and_time(format_skeleton(DAY, local, locale=_locale(locale)), format_skeleton(CLOCK, local, locale=_locale(locale)), locale)
    return f"{text} {local.tzname()}"


def fmt_datetime_range(start: datetime, end: datetime, tz: str, locale: str = "en") -> str:
    """A session or an absence: 'Tue, 8 Dec 2026, 10:00–11:30 CET' within one local day,
    else both ends in full: 'Tue, 8 Dec 2026, 10:00 CET – Thu, 10 Dec 2026, 09:00 CET'."""
    first, last = localize(start, tz), localize(end, tz)
    if first.date() != last.date() or first.tzname() != last.tzname():  # a clock change in between: each end with its zone
        return f"{fmt_datetime(start, tz, locale)} – {fmt_datetime(end, tz, locale)}"
    day = format_skeleton(DAY, first, locale=_locale(locale))
    return f"{_date_and_time(day, fmt_clock_range(first.time(), last.time(), locale), locale)} {first.tzname()}"


def fmt_time_range(start: datetime, end: datetime, tz: str, locale: str = "en") -> str:
    """'10:00–11:30', local to the business."""
    return fmt_clock_range(localize(start, tz).time(), localize(end, tz).time(), locale)


def fmt_day_clock(day: date, at: time, locale: str = "en") -> str:
    """A wall-clock moment with no timezone to name (a slot on the agenda): 'Tuesday, 8 December 2026, 10:00'."""
    return _date_and_time(fmt_day_long(day, locale), fmt_clock(at, locale), locale)


def fmt_date(moment: datetime, tz: str, locale: str = "en") -> str:
    """The local date of a moment: 'Tue, 24 Nov 2026'."""
    return format_skeleton(DAY, localize(moment, tz), locale=_locale(locale))


def fmt_time(moment: datetime, tz: str, locale: str = "en") -> str:
    """The local wall-clock time of a moment: '14:30'."""
    return format_skeleton(CLOCK, localize(moment, tz), locale=_locale(locale))


def weekday_name(weekday: int, locale: str = "en") -> str:
    """'Monday' for 0 … 'Sunday' for 6, in the visitor's language ('Montag', 'Poniedziałek'), as a heading."""
    return str(get_day_names("wide", context="stand-alone", locale=_locale(locale))[weekday]).capitalize()


def weekday_short_names(locale: str = "en") -> list[str]:
    """Monday first, as a calendar's column heads: 'Mon' … 'Sun', 'Mo.' … 'So.', 'pon.' … 'niedz.'."""
    names = get_day_names("abbreviated", context="format", locale=_locale(locale))
    return [str(names[i]) for i in range(7)]


def fmt_day(day: date, locale: str = "en") -> str:
    """A calendar date without a time: 'Thu, 24 Dec 2026'."""
    return format_skeleton(DAY, day, locale=_locale(locale))


def fmt_day_short(day: date, locale: str = "en") -> str:
    """A column heading: 'Thu 24 Dec' ('Do., 24. Dez.')."""
    return format_skeleton(DAY_SHORT, day, locale=_locale(locale))


def fmt_day_long(day: date, locale: str = "en") -> str:
    """A day on its own: 'Thursday, 24 December 2026' (CLDR full date)."""
    return format_date(day, "full", locale=_locale(locale))


def fmt_month(day: date, locale: str = "en") -> str:
    """A month as a calendar's title: 'December 2026', 'Dezember 2026', 'Grudzień 2026'."""
    text = format_skeleton("yMMMM", day, locale=_locale(locale))  # stand-alone month: pl 'grudzień', not 'grudnia'
    return text[:1].upper() + text[1:]


def fmt_day_range(first: date, last: date, locale: str = "en") -> str:
    """A week: '21–27 Dec 2026', '28 Dec 2026 – 3 Jan 2027' (CLDR interval formats)."""
    return format_interval(first, last, RANGE, locale=_locale(locale))


def fmt_clock(at: time, locale: str = "en") -> str:
    """A wall-clock time without a date ('09:00'), as on the hours of a calendar."""
    return format_skeleton(CLOCK, at, locale=_locale(locale))


def fmt_clock_range(start: time, end: time, locale: str = "en") -> str:
    """Opening hours: '09:00–17:00'."""
    return f"{fmt_clock(start, locale)}–{fmt_clock(end, locale)}"


def timezone_name(tz: str, locale: str = "en") -> str:
    """'Central European Time', 'Mitteleuropäische Zeit', 'czas środkowoeuropejski'.

    A name to stand alone ('Time zone: …'): glued into a sentence it takes the wrong case in
    German ('Zeiten in Mitteleuropäische Zeit')."""
    return str(get_timezone_name(ZoneInfo(tz), "long", locale=_locale(locale)))


def timezone_label(tz: str, locale: str = "en") -> str:
    """'Central European Time (Europe/Berlin)'. Shown after a 'Time zone:' label, never inside a sentence."""
    return f"{timezone_name(tz, locale)} ({tz})"


def fmt_number(value: int | float | Decimal, locale: str = "en") -> str:
    """'1,234.5', '1.234,5', '1 234,5'."""
    return format_decimal(value, locale=_numbers(locale))


def fmt_percent(percent: str | int | Decimal, locale: str = "en") -> str:
    """A percentage as stored ('23.8', meaning 23.8 %): '23.8%', '23,8 %', '23,8%'. Decimals kept as given."""
    return format_percent(Decimal(str(percent or 0)) / 100, locale=_numbers(locale), decimal_quantization=False)


def fmt_money(amount_minor: int, currency: str, locale: str = "en") -> str:
    major = Decimal(amount_minor).scaleb(-get_currency_precision(currency))  # no float: exact for any amount
    return format_currency(major, currency, locale=_numbers(locale))


def _unit(value: int, unit: str, length: str, locale: str) -> str:
    return format_unit(value, f"duration-{unit}", length=length, locale=_numbers(locale))


def fmt_minutes(minutes: int, locale: str = "en") -> str:
    """A service's length: '30 min', '30 Min.', '30 min'."""
    return _unit(max(0, int(minutes)), "minute", "short", locale)


def fmt_period(minutes: int, locale: str = "en") -> str:
    """A policy period in its largest whole unit: '24 hours', '2 days', '90 minutes'."""
    minutes = max(0, int(minutes))
    if minutes and minutes % 1440 == 0 and minutes >= 2880:
        return _unit(minutes // 1440, "day", "long", locale)
    if minutes and minutes % 60 == 0:
        return _unit(minutes // 60, "hour", "long", locale)
    return _unit(minutes, "minute", "long", locale)


def fmt_time_left(seconds: float, locale: str = "en") -> str:
    """How long is left, as an email says it: whole hours from two hours up ('23 hours'),
    else minutes ('45 minutes'). The sweeper runs every few minutes, so the exact figure
    (23 hours 57 minutes) would be noise."""
    minutes = max(0, round(seconds / 60))
    if minutes >= 120:
        return _unit(round(minutes / 60), "hour", "long", locale)
    return _unit(minutes, "minute", "long", locale)


def fmt_duration(seconds: int, locale: str = "en") -> str:
    """Compact countdowns in CLDR short units: '1 day 3 hr', '5 hr 12 min', '4 min';
    German '5 Std., 12 Min.', Polish '5 godz. i 12 min'."""
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        parts = [_unit(days, "day", "short", locale), _unit(hours, "hour", "short", locale)]
    elif hours:
        parts = [_unit(hours, "hour", "short", locale), _unit(minutes, "minute", "short", locale)]
    else:
        return _unit(minutes, "minute", "short", locale)
    return format_list(parts, style="unit-narrow", locale=_numbers(locale))


class Shown:
    """A date or an amount inside an error message, formatted when the message is shown, in the
    reader's language (`DomainError.render`), not when a service raises it: the service does not
    know who reads. `str()` gives English, for logs."""

    def __init__(self, render: Callable[[str], str]) -> None:
        self.render = render

    def __str__(self) -> str:
        return self.render("en")

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"Shown({self})"


def money_shown(amount_minor: int, currency: str) -> Shown:
    return Shown(lambda locale: fmt_money(amount_minor, currency, locale))


def datetime_shown(moment: datetime, tz: str) -> Shown:
    return Shown(lambda locale: fmt_datetime(moment, tz, locale))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def fmt_short_datetime(moment: datetime, tz: str, locale: str = "en") -> str:
    """A moment within the coming weeks, short, in the organization's timezone: 'Tue 8 Dec, 10:00'."""
    local = localize(moment, tz)
    return _date_and_time(format_skeleton(DAY_SHORT, local, locale=_locale(locale)), format_skeleton(CLOCK, local, locale=_locale(locale)), locale)


# --- The pseudo-locale ("⟦Sign in⟧", bookingapp.i18n) -------------------------------------------
# With BOOKINGAPP_PSEUDO_LOCALE=1 the language "xx" shows every helper's text in English between
# the same marks as the catalog's, so tests/e2e/test_pseudo_locale.py can tell a formatted date
# from one typed past the helpers. The outermost helper marks; the helpers it calls get "en".
PSEUDO = "xx"
_PSEUDO_ON = os.environ.get("BOOKINGAPP_PSEUDO_LOCALE") == "1"


def _marked(helper):
    signature = inspect.signature(helper)

    @functools.wraps(helper)
    def wrapper(*args, **kwargs):
        bound = signature.bind(*args, **kwargs)
        if not (_PSEUDO_ON and bound.arguments.get("locale") == PSEUDO):
            return helper(*args, **kwargs)
        bound.arguments["locale"] = "en"
        result = helper(*bound.args, **bound.kwargs)
        return [f"⟦{item}⟧" for item in result] if isinstance(result, list) else f"⟦{result}⟧"
    return wrapper


for _name, _helper in list(globals().items()) if _PSEUDO_ON else ():  # nothing to wrap in production
    if (_name.startswith("fmt_") or _name in ("weekday_name", "weekday_short_names", "timezone_name", "timezone_label")) \
            and callable(_helper) and "locale" in inspect.signature(_helper).parameters:
        globals()[_name] = _marked(_helper)
