"""Times and money as people read them: in the organization's timezone and locale."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bookingapp.domain.formatting import (
    datetime_shown,
    fmt_clock,
    fmt_clock_range,
    fmt_date,
    fmt_datetime,
    fmt_datetime_range,
    fmt_day,
    fmt_day_clock,
    fmt_day_long,
    fmt_day_range,
    fmt_day_short,
    fmt_duration,
    fmt_minutes,
    fmt_money,
    fmt_month,
    fmt_number,
    fmt_percent,
    fmt_period,
    fmt_short_datetime,
    fmt_time,
    fmt_time_left,
    fmt_time_range,
    localize,
    money_shown,
    timezone_label,
    timezone_name,
    utc,
    weekday_name,
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
    # German writes the day as an ordinal, with a period: "5. Dez." (issue 23).
    assert fmt_datetime(utc(2026, 3, 29, 12, 0), BERLIN, "de") == "So., 29. März 2026, 14:00 CEST"
    assert fmt_date(utc(2026, 12, 1, 12, 0), BERLIN, "de") == "Di., 1. Dez. 2026"


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


@pytest.mark.parametrize(("seconds", "expected"), [(-5, "0 min"), (59, "0 min"), (240, "4 min"), (5 * 3600 + 12 * 60, "5 hr 12 min"), (86400 + 3 * 3600 + 59, "1 day 3 hr")])
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


# --- One way to format (issue 23): every helper in en, de and pl, from CLDR skeletons ---

DEC_5 = utc(2026, 12, 5, 13, 30)  # a Saturday, 14:30 in Berlin and Warsaw


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "Sat, 5 Dec 2026, 14:30 CET"),
    ("de", "Sa., 5. Dez. 2026, 14:30 CET"),
    ("pl", "sob., 5 gru 2026, 14:30 CET"),
])
def test_datetime_in_each_language_names_the_timezone(locale, expected):
    assert fmt_datetime(DEC_5, BERLIN, locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", ("Sun, 25 Oct 2026, 02:30 CEST", "Sun, 25 Oct 2026, 02:30 CET")),
    ("de", ("So., 25. Okt. 2026, 02:30 CEST", "So., 25. Okt. 2026, 02:30 CET")),
    ("pl", ("niedz., 25 paź 2026, 02:30 CEST", "niedz., 25 paź 2026, 02:30 CET")),
])
def test_fall_back_day_tells_the_two_0230s_apart_in_each_language(locale, expected):
    assert (fmt_datetime(utc(2026, 10, 25, 0, 30), BERLIN, locale), fmt_datetime(utc(2026, 10, 25, 1, 30), BERLIN, locale)) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "Sat, 5 Dec 2026"), ("de", "Sa., 5. Dez. 2026"), ("pl", "sob., 5 gru 2026")])
def test_date_and_day_in_each_language(locale, expected):
    assert fmt_date(DEC_5, BERLIN, locale) == expected
    assert fmt_day(date(2026, 12, 5), locale) == expected


@pytest.mark.parametrize("locale", ["en", "de", "pl"])
def test_noon_and_midnight_are_12_00_and_00_00_in_every_language(locale):
    assert fmt_time(utc(2026, 12, 5, 11, 0), BERLIN, locale) == "12:00"
    assert fmt_time(utc(2026, 12, 4, 23, 0), BERLIN, locale) == "00:00"
    assert (fmt_clock(time(12, 0), locale), fmt_clock(time(0, 0), locale)) == ("12:00", "00:00")
    assert fmt_clock_range(time(0, 0), time(12, 0), locale) == "00:00–12:00"


def test_midnight_belongs_to_the_day_it_starts():
    assert fmt_datetime(utc(2026, 12, 4, 23, 0), BERLIN, "de") == "Sa., 5. Dez. 2026, 00:00 CET"


@pytest.mark.parametrize(("locale", "short", "long"), [
    ("en", "Tue 8 Dec", "Tuesday, 8 December 2026"),
    ("de", "Di., 8. Dez.", "Dienstag, 8. Dezember 2026"),
    ("pl", "wt., 8 gru", "wtorek, 8 grudnia 2026"),
])
def test_short_and_long_days_in_each_language(locale, short, long):
    assert fmt_day_short(date(2026, 12, 8), locale) == short
    assert fmt_day_long(date(2026, 12, 8), locale) == long


@pytest.mark.parametrize(("locale", "expected"), [("en", "Tue 8 Dec, 10:00"), ("de", "Di., 8. Dez., 10:00"), ("pl", "wt., 8 gru, 10:00")])
def test_short_datetime_in_each_language(locale, expected):
    assert fmt_short_datetime(utc(2026, 12, 8, 9, 0), BERLIN, locale) == expected


@pytest.mark.parametrize(("locale", "week", "across_years"), [
    ("en", "21–27 Dec 2026", "28 Dec 2026\u2009–\u20093 Jan 2027"),  # CLDR puts thin spaces around the dash
    ("de", "21.–27. Dez. 2026", "28. Dez. 2026\u2009–\u20093. Jan. 2027"),
    ("pl", "21–27 gru 2026", "28 gru 2026–3 sty 2027"),
])
def test_day_ranges_follow_cldr_interval_formats(locale, week, across_years):
    assert fmt_day_range(date(2026, 12, 21), date(2026, 12, 27), locale) == week
    assert fmt_day_range(date(2026, 12, 28), date(2027, 1, 3), locale) == across_years


@pytest.mark.parametrize(("locale", "monday", "sunday", "month"), [
    ("en", "Monday", "Sunday", "December 2026"),
    ("de", "Montag", "Sonntag", "Dezember 2026"),
    ("pl", "Poniedziałek", "Niedziela", "Grudzień 2026"),
])
def test_weekday_and_month_names_in_each_language(locale, monday, sunday, month):
    assert (weekday_name(0, locale), weekday_name(6, locale)) == (monday, sunday)
    assert fmt_month(date(2026, 12, 1), locale) == month


@pytest.mark.parametrize(("locale", "name"), [
    ("en", "Central European Time"), ("de", "Mitteleuropäische Zeit"), ("pl", "czas środkowoeuropejski"),
])
def test_timezone_name_stands_alone_in_each_language(locale, name):
    assert timezone_name("Europe/Warsaw", locale) == name
    assert timezone_label("Europe/Warsaw", locale) == f"{name} (Europe/Warsaw)"


@pytest.mark.parametrize(("locale", "eur", "pln", "number"), [
    ("en", "€1,234.50", "PLN1,234.50", "1,234.5"),
    ("de", "1.234,50\xa0€", "1.234,50\xa0PLN", "1.234,5"),
    ("pl", "1\xa0234,50\xa0€", "1\xa0234,50\xa0zł", "1\xa0234,5"),
])
def test_money_and_numbers_in_each_language(locale, eur, pln, number):
    assert (fmt_money(123450, "EUR", locale), fmt_money(123450, "PLN", locale), fmt_number(1234.5, locale)) == (eur, pln, number)


@pytest.mark.parametrize(("locale", "thirty", "day_hours", "hours_minutes", "minutes"), [
    ("en", "30 min", "1 day 3 hr", "5 hr 12 min", "4 min"),
    ("de", "30 Min.", "1 Tg., 3 Std.", "5 Std., 12 Min.", "4 Min."),
    ("pl", "30 min", "1 dzień i 3 godz.", "5 godz. i 12 min", "4 min"),
])
def test_durations_come_from_cldr_units_in_each_language(locale, thirty, day_hours, hours_minutes, minutes):
    assert fmt_minutes(30, locale) == thirty
    assert fmt_duration(86400 + 3 * 3600, locale) == day_hours
    assert fmt_duration(5 * 3600 + 12 * 60, locale) == hours_minutes
    assert fmt_duration(240, locale) == minutes


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", ("2 days", "24 hours", "90 minutes", "1 minute")),
    ("de", ("2 Tage", "24 Stunden", "90 Minuten", "1 Minute")),
    ("pl", ("2 dni", "24 godziny", "90 minut", "1 minuta")),
])
def test_periods_in_each_language(locale, expected):
    assert tuple(fmt_period(m, locale) for m in (2880, 1440, 90, 1)) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", ("23 hours", "45 minutes")), ("de", ("23 Stunden", "45 Minuten")), ("pl", ("23 godziny", "45 minut"))])
def test_time_left_in_each_language(locale, expected):
    assert (fmt_time_left(23 * 3600, locale), fmt_time_left(45 * 60, locale)) == expected


@pytest.mark.parametrize("locale", ["de_DE", "de-DE", "DE"])
def test_regional_locale_codes_read_their_language(locale):
    assert fmt_day(date(2026, 12, 5), locale) == "Sa., 5. Dez. 2026"


@pytest.mark.parametrize(("locale", "expected"), [("en", ("23.8%", "0%")), ("de", ("23,8\xa0%", "0\xa0%")), ("pl", ("23,8%", "0%"))])
def test_percentages_in_each_language(locale, expected):
    assert (fmt_percent("23.8", locale), fmt_percent("0", locale)) == expected


@pytest.mark.parametrize(("locale", "same_day", "two_days"), [
    ("en", "Tue, 8 Dec 2026, 10:00–11:30 CET", "Tue, 8 Dec 2026, 10:00 CET – Thu, 10 Dec 2026, 09:00 CET"),
    ("de", "Di., 8. Dez. 2026, 10:00–11:30 CET", "Di., 8. Dez. 2026, 10:00 CET – Do., 10. Dez. 2026, 09:00 CET"),
    ("pl", "wt., 8 gru 2026, 10:00–11:30 CET", "wt., 8 gru 2026, 10:00 CET – czw., 10 gru 2026, 09:00 CET"),
])
def test_datetime_ranges_name_the_day_once_when_they_stay_in_it(locale, same_day, two_days):
    assert fmt_datetime_range(utc(2026, 12, 8, 9), utc(2026, 12, 8, 10, 30), BERLIN, locale) == same_day
    assert fmt_datetime_range(utc(2026, 12, 8, 9), utc(2026, 12, 10, 8), BERLIN, locale) == two_days
    assert fmt_time_range(utc(2026, 12, 8, 9), utc(2026, 12, 8, 10, 30), BERLIN, locale) == "10:00–11:30"


def test_a_range_across_the_clock_change_names_each_end_with_its_zone():
    assert fmt_datetime_range(utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30), BERLIN, "de") == \
        "So., 25. Okt. 2026, 02:30 CEST – So., 25. Okt. 2026, 02:30 CET"


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "Tuesday, 8 December 2026, 00:00"), ("de", "Dienstag, 8. Dezember 2026, 00:00"), ("pl", "wtorek, 8 grudnia 2026, 00:00"),
])
def test_a_wall_clock_slot_reads_day_then_time(locale, expected):
    assert fmt_day_clock(date(2026, 12, 8), time(0, 0), locale) == expected


def test_amounts_and_dates_in_error_messages_are_formatted_for_whoever_reads_them():
    from bookingapp.domain.errors import ValidationFailed

    error = ValidationFailed("At most {remaining}, before {when}.", remaining=money_shown(12050, "EUR"),
                             when=datetime_shown(DEC_5, BERLIN))

    assert str(error) == "At most €120.50, before Sat, 5 Dec 2026, 14:30 CET."  # logs read English
    assert error.render(locale="de") == "At most 120,50\xa0€, before Sa., 5. Dez. 2026, 14:30 CET."
    assert error.render(locale="pl") == "At most 120,50\xa0€, before sob., 5 gru 2026, 14:30 CET."
