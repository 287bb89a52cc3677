"""The booking's calendar file: calendar apps read what the booking says, in UTC, with the
manage link; read back here with the icalendar library, as a calendar app would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from bookingapp.domain.ics import booking_ics

START = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def _ics(**kw) -> str:
    base = dict(uid="AB12CD@bookings", summary="Yoga (Studio Lindenhof)", starts_at=START, ends_at=START + timedelta(hours=1),
                location="Weinbergweg 3, Berlin", manage_url="https://book.example.com/m/" + "x" * 43,
                organizer_name="Studio Lindenhof", stamp=datetime(2026, 11, 24, 8, 0, tzinfo=UTC), sequence=2)
    base.update(kw)
    return booking_ics(**base)


def _event(ics: str):
    [event] = Calendar.from_ical(ics).walk("VEVENT")
    return event


def test_the_event_carries_the_booking_in_utc_with_its_manage_link():
    event = _event(_ics())
    assert str(event["uid"]) == "AB12CD@bookings" and int(event["sequence"]) == 2
    assert event.decoded("dtstart") == START and event.decoded("dtend") == START + timedelta(hours=1)
    assert str(event["location"]) == "Weinbergweg 3, Berlin"
    assert str(event["url"]) == "https://book.example.com/m/" + "x" * 43
    assert str(event["description"]).endswith("View or manage your booking: https://book.example.com/m/" + "x" * 43)


def test_a_time_in_another_zone_is_written_as_the_same_moment_in_utc():
    berlin = timezone(timedelta(hours=1))
    event = _event(_ics(starts_at=datetime(2026, 12, 1, 10, 30, tzinfo=berlin)))
    assert event.decoded("dtstart") == START
    assert "DTSTART:20261201T093000Z\r\n" in _ics(starts_at=datetime(2026, 12, 1, 10, 30, tzinfo=berlin))


def test_no_location_means_no_location_line():
    assert "LOCATION" not in _ics(location="")


def test_lines_end_in_crlf_and_fit_75_octets_even_with_long_unicode_text():
    ics = _ics(summary="Keramik für Anfänger · " * 12, location="Ünterstraße 1; Hof, 2. Stock " * 5)
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)


@settings(max_examples=200, deadline=None)
@given(summary=text, location=text, organizer=text)
@example(summary="a,b;c\\d", location="", organizer="Studio\r")  # a name ending in CR once merged with the line break after it
def test_any_text_reads_back_as_written(summary, location, organizer):
    """Escaping and folding lose nothing: commas, semicolons, backslashes, line breaks,
    multi-byte characters at a fold; control characters other than line breaks are dropped."""
    def shown(value: str) -> str:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n")

    event = _event(_ics(summary=summary, location=location, organizer_name=organizer))
    assert str(event["summary"]) == shown(summary)
    assert str(event.get("location", "")) == shown(location)
    assert str(event["description"]) == shown(organizer) + "\nView or manage your booking: https://book.example.com/m/" + "x" * 43
