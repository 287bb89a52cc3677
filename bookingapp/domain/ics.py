"""Calendar files (.ics): the booking's file in the customer's emails (added, moved,
cancelled) and a staff member's subscription feed of many events.

Written directly (RFC 5545: CRLF lines folded at 75 octets, TEXT values escaped, times in
UTC) because the event shape is fixed and the file sits inside every booking's transaction,
where building it through a general iCalendar object model cost more than the rest of
the email. tests/unit/test_ics.py reads the files back with the icalendar library and
checks the rules of the format line by line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bookingapp.domain.booking_states import Status

_LIMIT = 75  # octets per line, CRLF not counted
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f]")  # what a TEXT value cannot hold (tab stays)
PRODID = "-//Bookings//EN"

# A booking that still waits for someone (an answer, a payment, a pick among new dates) may
# not happen as it stands: calendars show it as tentative.
_WAITING = {Status.AWAITING_EMAIL, Status.REQUESTED, Status.RESCHEDULE_PROPOSED, Status.PENDING_PAYMENT,
            Status.REBOOKING_REQUESTED}


def event_status(booking_status: str) -> str:
    return "TENTATIVE" if booking_status in _WAITING else "CONFIRMED"


@dataclass(frozen=True)
class Organizer:
    name: str
    email: str


@dataclass(frozen=True)
class Event:
    """One VEVENT. `description` is paragraphs, each escaped on its own and joined with
    line breaks, so a break at the end of one never merges with the next."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime
    stamp: datetime
    sequence: int = 0
    status: str = ""  # CONFIRMED | TENTATIVE | CANCELLED
    location: str = ""
    description: tuple[str, ...] = ()
    url: str = ""
    organizer: Organizer | None = None


def calendar(events: Iterable[Event], *, method: str = "", name: str = "", refresh: timedelta | None = None) -> str:
    """A whole calendar. `method` for email (iTIP: PUBLISH, CANCEL); a subscription feed
    has none and gets its `name` and how often clients should fetch it again (`refresh`)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method}")
    if name:
        # NAME is RFC 7986; X-WR-CALNAME is what Google, Apple and Outlook read.
        lines += [f"NAME:{_text(name)}", f"X-WR-CALNAME:{_text(name)}"]
    if refresh is not None:
        lines += [f"REFRESH-INTERVAL;VALUE=DURATION:{_duration(refresh)}", f"X-PUBLISHED-TTL:{_duration(refresh)}"]
    for event in events:
        lines += _event_lines(event)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def booking_ics(*, uid: str, summary: str, starts_at: datetime, ends_at: datetime, location: str,
                manage_url: str, organizer_name: str, stamp: datetime, sequence: int = 0, status: str = "",
                organizer_email: str = "", manage_label: str = "View or manage your booking") -> str:
    """The customer's file: the booking as it stands. Same UID, higher SEQUENCE: calendar
    apps move the entry on a date change instead of adding one."""
    return calendar([_customer_event(uid=uid, summary=summary, starts_at=starts_at, ends_at=ends_at, location=location,
                                     manage_url=manage_url, organizer_name=organizer_name, organizer_email=organizer_email,
                                     stamp=stamp, sequence=sequence, status=status, manage_label=manage_label)], method="PUBLISH")


def cancellation_ics(*, uid: str, summary: str, starts_at: datetime, ends_at: datetime, location: str,
                     manage_url: str, organizer_name: str, stamp: datetime, sequence: int, organizer_email: str = "",
                     manage_label: str = "View or manage your booking") -> str:
    """The file that takes the booking out of the customer's calendar (iTIP CANCEL: the
    booking's UID, a SEQUENCE above every earlier file's, STATUS:CANCELLED)."""
    return calendar([_customer_event(uid=uid, summary=summary, starts_at=starts_at, ends_at=ends_at, location=location,
                                     manage_url=manage_url, organizer_name=organizer_name, organizer_email=organizer_email,
                                     stamp=stamp, sequence=sequence, status="CANCELLED", manage_label=manage_label)], method="CANCEL")


def _customer_event(*, uid: str, summary: str, starts_at: datetime, ends_at: datetime, location: str, manage_url: str,
                    organizer_name: str, organizer_email: str, stamp: datetime, sequence: int, status: str,
                    manage_label: str) -> Event:
    """`manage_label` in the customer's language ("Rezerwacja: podgląd i zmiany")."""
    return Event(uid=uid, summary=summary, starts_at=starts_at, ends_at=ends_at, stamp=stamp, sequence=sequence,
                 status=status, location=location,
                 description=(organizer_name, f"{manage_label}: {manage_url}"), url=manage_url,
                 organizer=Organizer(organizer_name, organizer_email) if organizer_email else None)


def _event_lines(event: Event) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{_text(event.uid)}",
        f"DTSTAMP:{_utc(event.stamp)}",
        f"DTSTART:{_utc(event.starts_at)}",
    ]
    if event.ends_at > event.starts_at:  # without DTEND the event takes no time (RFC 5545 3.6.1)
        lines.append(f"DTEND:{_utc(event.ends_at)}")
    lines += [f"SEQUENCE:{max(0, int(event.sequence))}", f"SUMMARY:{_text(event.summary)}"]
    if event.status:
        lines.append(f"STATUS:{event.status}")
    if event.location:
        lines.append(f"LOCATION:{_text(event.location)}")
    if event.description:
        lines.append("DESCRIPTION:" + "\\n".join(_text(part) for part in event.description))
    if event.url:
        lines.append(f"URL:{_uri(event.url)}")
    if event.organizer is not None:
        lines.append(f"ORGANIZER;CN={_param(event.organizer.name)}:mailto:{_uri(event.organizer.email)}")
    lines.append("END:VEVENT")
    return lines


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return _CONTROL.sub("", value)


def _param(value: str) -> str:
    """A parameter value (RFC 5545 3.2): quoted, as a name may hold , ; or :, and without
    the double quotes and control characters a quoted value cannot hold."""
    return '"' + "".join(ch for ch in value if ch >= " " and ch not in '"\x7f') + '"'


def _uri(value: str) -> str:
    return "".join(ch for ch in value if ch > " " and ch != "\x7f")


def _utc(moment: datetime) -> str:
    """Stored times are UTC; a naive one is taken as such, never as floating local time."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _duration(span: timedelta) -> str:
    return f"PT{max(1, int(span.total_seconds() // 60))}M"  # "PT90M" is a valid dur-time


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on lines that start with a space, never inside a character."""
    data = line.encode()
    if len(data) <= _LIMIT:
        return line
    parts, start, limit = [], 0, _LIMIT
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, _LIMIT - 1  # the leading space takes one octet
    parts.append(data[start:].decode())
    return "\r\n ".join(parts)
