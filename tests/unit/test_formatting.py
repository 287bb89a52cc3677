"""Times and money as people read them: in the organization's timezone and locale."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bookingapp.domain.formatting import (
    fmt_date,
    fmt_datetime,
    fmt_duration,
    fmt_money,
    fmt_time,
    fmt_time_left,
    localize,
    timezone_label,
    utc,
)

BERLIN = "Europe/Berlin"


def test_datetime_always_names_the_timezone():
    assert fmt_datetime(utc(2026, 11, 24, 13, 30), BERLIN) == "Tue, 24 Nov 2026, 14:30 CET"
    assert fmt_datetime(utc(2026, 7, 1, 12, 0), BERLIN) == "Wed, 1 Jul 2026, 14:00 CEST"


def test_spring_forward_day_in_berlin_shows_cet_then_cest():
    # 2026-03-29: clocks jump from 02:00 CET to 03:00 CEST (01:00 UTC).
    assert fmt_datetime(utc(2026, 3, 29, 0, 30), BERLIN) == "Sun, 29 Mar 2026, 01:30 CET"
    assert fmt_datetime(utc(2026, 3, 29, 1, 30), BERLIN) == "Sun, 29 Mar 2026, 03:30 CEST"


def test_fall_back_day_in_berlin_shows_the_repeated_hour_with_its_zone():
    # 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 happens twice.
    assert fmt_datetime(utc(2026, 10, 25, 0, 30), BERLIN) == "Sun, 25 Oct 2026, 02:30 CEST"
    assert fmt_datetime(utc(2026, 10, 25, 1, 30), BERLIN) == "Sun, 25 Oct 2026, 02:30 CET"


@pytest.mark.parametrize("moment", [utc(2026, 3, 29, 0, 59), utc(2026, 3, 29, 1, 0), utc(2026, 10, 25, 0, 59), utc(2026, 10, 25, 1, 0)])
def test_localizing_across_a_dst_change_round_trips_to_the_same_utc_instant(moment):
    # Compare in UTC: Python's == across zones is always False for an ambiguous wall time.
    back = localize(moment, BERLIN).astimezone(UTC)

    assert back.replace(tzinfo=None) == moment.replace(tzinfo=None)


def test_the_repeated_fall_back_hour_keeps_both_instants_apart():
    first, second = localize(utc(2026, 10, 25, 0, 30), BERLIN), localize(utc(2026, 10, 25, 1, 30), BERLIN)

    assert first.replace(tzinfo=None) == second.replace(tzinfo=None)  # same wall clock, 02:30
    assert (first.tzname(), second.tzname()) == ("CEST", "CET")
    assert second.timestamp() - first.timestamp() == 3600


def test_an_hour_after_spring_forward_is_two_wall_clock_hours_later():
    before = utc(2026, 3, 29, 0, 30)

    assert fmt_time(before, BERLIN) == "01:30"
    assert fmt_time(before + timedelta(hours=1), BERLIN) == "03:30"


def test_german_locale_formats_days_and_months_in_german():
    assert fmt_datetime(utc(2026, 3, 29, 12, 0), BERLIN, "de") == "So., 29 März 2026, 14:00 CEST"
    assert fmt_date(utc(2026, 12, 1, 12, 0), BERLIN, "de") == "Di., 1 Dez. 2026"


def test_unsupported_locale_falls_back_to_english():
    assert fmt_date(utc(2026, 11, 24, 12), BERLIN, "xx") == "Tue, 24 Nov 2026"


def test_date_is_the_local_date_not_the_utc_date():
    assert fmt_date(utc(2026, 11, 24, 23, 30), BERLIN) == "Wed, 25 Nov 2026"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        fmt_datetime(datetime(2026, 11, 24, 12, 0), BERLIN)


def test_timezone_label_names_zone_and_id():
    assert timezone_label(BERLIN) == "Central European Time (Europe/Berlin)"
    assert timezone_label(BERLIN, "de") == "Mitteleuropäische Zeit (Europe/Berlin)"


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        (12050, "EUR", "en", "€120.50"),
        (12050, "EUR", "de", "120,50\xa0€"),
        (1200, "JPY", "en", "¥1,200"),
        (1200, "JPY", "de", "1.200\xa0¥"),
        (5, "EUR", "en", "€0.05"),
    ],
)
def test_money_is_formatted_in_currency_and_locale(amount, currency, locale, expected):
    assert fmt_money(amount, currency, locale) == expected


def test_money_formatting_is_exact_for_amounts_a_float_cannot_hold():
    assert fmt_money(9007199254740993, "EUR") == "€90,071,992,547,409.93"


@pytest.mark.parametrize(("seconds", "expected"), [(-5, "0 min"), (59, "0 min"), (240, "4 min"), (5 * 3600 + 12 * 60, "5 h 12 min"), (86400 + 3 * 3600 + 59, "1 d 3 h")])
def test_durations_are_compact(seconds, expected):
    assert fmt_duration(seconds) == expected


@pytest.mark.parametrize(("seconds", "locale", "expected"), [
    (24 * 3600, "en", "24 hours"),
    (23 * 3600 - 170, "en", "23 hours"),  # the sweeper came a few minutes late
    (6 * 3600, "de", "6 Stunden"),
    (45 * 60, "en", "45 minutes"),
    (-30, "en", "0 minutes"),
])
def test_time_left_is_said_in_whole_hours_or_minutes(seconds, locale, expected):
    assert fmt_time_left(seconds, locale) == expected
