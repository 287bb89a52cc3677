"""Calendar files (.ics) for confirmed bookings; the manage link rides along."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event


def booking_ics(*, uid: str, summary: str, starts_at: datetime, ends_at: datetime, location: str,
                manage_url: str, organizer_name: str, stamp: datetime, sequence: int = 0) -> str:
    cal = Calendar()
    cal.add("prodid", "-//Bookings//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", starts_at)
    event.add("dtend", ends_at)
    event.add("dtstamp", stamp)
    # Same UID, higher SEQUENCE: calendar apps move the entry on a date change.
    event.add("sequence", sequence)
    if location:
        event.add("location", location)
    event.add("description", f"{organizer_name}\nView or manage your booking: {manage_url}")
    event.add("url", manage_url)
    cal.add_component(event)
    return cal.to_ical().decode()
