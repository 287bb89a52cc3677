"""Calendar files (.ics) for confirmed bookings; the manage link rides along.

Written directly (RFC 5545: CRLF lines folded at 75 octets, TEXT values escaped, times in
UTC) because it is one fixed event shape and sits inside every booking's transaction,
where building it through a general iCalendar object model cost more than the rest of
the email. tests/unit/test_ics.py reads the files back with the icalendar library.
"""

from __future__ import annotations

from datetime import UTC, datetime

_LIMIT = 75  # octets per line, CRLF not counted


def booking_ics(*, uid: str, summary: str, starts_at: datetime, ends_at: datetime, location: str,
                manage_url: str, organizer_name: str, stamp: datetime, sequence: int = 0) -> str:
    # Escaped apart, so a line break at the end of the name cannot merge with the one after it.
    description = _text(organizer_name) + "\\n" + _text(f"View or manage your booking: {manage_url}")
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Bookings//EN", "METHOD:PUBLISH", "BEGIN:VEVENT",
        f"UID:{_text(uid)}",
        f"SUMMARY:{_text(summary)}",
        f"DTSTART:{_utc(starts_at)}",
        f"DTEND:{_utc(ends_at)}",
        f"DTSTAMP:{_utc(stamp)}",
        # Same UID, higher SEQUENCE: calendar apps move the entry on a date change.
        f"SEQUENCE:{int(sequence)}",
    ]
    if location:
        lines.append(f"LOCATION:{_text(location)}")
    lines += [
        f"DESCRIPTION:{description}",
        f"URL:{_uri(manage_url)}",
        "END:VEVENT", "END:VCALENDAR",
    ]
    return "".join(_fold(line) + "\r\n" for line in lines)


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \\n."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(ch for ch in value if ch >= " " or ch == "\t")


def _uri(value: str) -> str:
    return "".join(ch for ch in value if ch > " ")


def _utc(moment: datetime) -> str:
    """Stored times are UTC; a naive one is taken as such, never as floating local time."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on lines that start with a space, never inside a character."""
    if len(line) <= _LIMIT and line.isascii():
        return line
    parts, current, size = [], [], 0
    for ch in line:
        width = len(ch.encode())
        if size + width > (_LIMIT if not parts else _LIMIT - 1):
            parts.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)
