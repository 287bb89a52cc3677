"""Calendar files: the customer's booking (added, moved, cancelled) and a staff member's
feed of many events. Calendar apps read what the booking says, in UTC, with the manage
link; each file is checked against the rules of the format (tests/ics_rules.py) and read
back with the icalendar library, as a calendar app would."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from bookingapp.domain.ics import Event, booking_ics, calendar, cancellation_ics, event_status
from tests.ics_rules import problems, valid_calendar

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


# --- the rules of the format, checked line by line (tests/ics_rules.py) ---------------------


def test_the_customers_file_is_valid_and_names_its_organizer():
    cal = valid_calendar(_ics(organizer_email="bookings@example.com", status="TENTATIVE"))
    assert str(cal["method"]) == "PUBLISH"
    event = cal.walk("VEVENT")[0]
    assert str(event["organizer"]) == "mailto:bookings@example.com"
    assert event["organizer"].params["CN"] == "Studio Lindenhof"
    assert str(event["status"]) == "TENTATIVE"


def test_a_cancellation_takes_the_same_uid_out_with_a_higher_sequence():
    ics = cancellation_ics(uid="AB12CD@bookings", summary="Yoga (Studio Lindenhof)", starts_at=START,
                           ends_at=START + timedelta(hours=1), location="Weinbergweg 3, Berlin",
                           manage_url="https://book.example.com/m/" + "x" * 43, organizer_name="Studio; Lindenhof, \"Berlin\"",
                           organizer_email="bookings@example.com", stamp=datetime(2026, 11, 25, 8, 0, tzinfo=UTC), sequence=3)
    cal = valid_calendar(ics)
    [event] = cal.walk("VEVENT")
    assert str(cal["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == "AB12CD@bookings" and int(event["sequence"]) == 3
    assert event["organizer"].params["CN"] == "Studio; Lindenhof, Berlin"  # quoted; its double quotes dropped


def _feed_event(n: int, **kw) -> Event:
    base = dict(uid=f"REF{n:05d}@bookings", summary=f"Massage · Kund·in Nummer {n}", starts_at=START + timedelta(hours=n),
                ends_at=START + timedelta(hours=n, minutes=45), stamp=START - timedelta(days=1), sequence=n % 4,
                status="CONFIRMED" if n % 2 else "TENTATIVE", location="Studio 3",
                description=("Alert: pays late, asks for discounts; ask for prepayment", "Note: first visit\nback pain",
                             "Order: https://book.example.com/dashboard/orders/REF" + str(n)),
                url=f"https://book.example.com/dashboard/orders/REF{n:05d}")
    base.update(kw)
    return Event(**base)


def test_a_feed_holds_many_events_with_its_name_and_refresh_hint_and_no_method():
    ics = calendar([_feed_event(n) for n in range(40)], name="Studio Lindenhof · Dana Demo", refresh=timedelta(minutes=15))
    cal = valid_calendar(ics)
    assert "method" not in cal
    assert str(cal["x-wr-calname"]) == "Studio Lindenhof · Dana Demo" and str(cal["name"]) == "Studio Lindenhof · Dana Demo"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n" in ics and "X-PUBLISHED-TTL:PT15M\r\n" in ics
    events = cal.walk("VEVENT")
    assert [str(e["uid"]) for e in events] == [f"REF{n:05d}@bookings" for n in range(40)]
    assert events[7].decoded("dtstart") == START + timedelta(hours=7)
    assert str(events[7]["description"]) == ("Alert: pays late, asks for discounts; ask for prepayment\nNote: first visit\nback pain\n"
                                             "Order: https://book.example.com/dashboard/orders/REF7")
    assert {str(e["status"]) for e in events} == {"CONFIRMED", "TENTATIVE"}


def test_an_event_without_length_has_no_end():
    ics = calendar([_feed_event(1, ends_at=START + timedelta(hours=1))])
    assert "DTEND" not in ics and valid_calendar(ics)


def test_bookings_waiting_for_someone_are_tentative():
    assert [event_status(s) for s in ("requested", "reschedule_proposed", "pending_payment", "rebooking_requested")] == ["TENTATIVE"] * 4
    assert [event_status(s) for s in ("confirmed", "completed", "no_show")] == ["CONFIRMED"] * 3


@settings(max_examples=100, deadline=None)
@given(summary=text, parts=st.lists(text, max_size=4), location=text)
def test_any_text_in_a_feed_stays_valid_and_reads_back(summary, parts, location):
    ics = calendar([_feed_event(1, summary=summary, description=tuple(parts), location=location), _feed_event(2)], name=summary)
    cal = valid_calendar(ics)
    first = cal.walk("VEVENT")[0]
    shown = lambda value: "".join(ch for ch in value.replace("\r\n", "\n").replace("\r", "\n") if ch >= " " or ch in "\t\n")  # noqa: E731
    assert str(first["summary"]) == shown(summary)
    assert str(first.get("description", "")) == "\n".join(shown(p) for p in parts)


@pytest.mark.parametrize(("broken", "rule"), [
    (lambda ics: ics.replace("\r\n", "\n"), "bare LF"),
    (lambda ics: ics.replace("SUMMARY:Yoga (Studio Lindenhof)", "SUMMARY:" + "Yoga " * 20), "octets"),
    (lambda ics: ics.replace("SUMMARY:Yoga (Studio Lindenhof)", "SUMMARY:Yoga, Studio"), "unescaped"),
    (lambda ics: "".join(line + "\r\n" for line in ics.split("\r\n")[:-1] if not line.startswith("DTSTAMP")), "DTSTAMP missing"),
    (lambda ics: ics.replace("DTEND:20261201T103000Z", "DTEND:20261201T093000Z"), "DTEND is not after"),
    (lambda ics: ics.replace("METHOD:PUBLISH", "METHOD:CANCEL"), "CANCEL needs"),
    (lambda ics: ics.replace("END:VEVENT\r\n", ""), "never closed"),
])
def test_the_validator_catches_what_calendar_apps_trip_over(broken, rule):
    ics = _ics(organizer_email="bookings@example.com")
    assert problems(ics) == []
    assert any(rule in problem for problem in problems(broken(ics))), problems(broken(ics))
