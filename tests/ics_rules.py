"""A validator for the calendar files the app writes: the rules of RFC 5545 (and, for
files sent by email, RFC 5546) that calendar apps trip over, checked on the raw text,
then read back with the icalendar library as a calendar app would.

`valid_calendar(text)` returns the parsed `icalendar.Calendar` or fails with every rule
the text breaks.
"""

from __future__ import annotations

import re

from icalendar import Calendar

# name *(";" param) ":" value, where a param value may be quoted (and then hold ; : ,)
CONTENT_LINE = re.compile(r'(?P<name>[A-Za-z0-9-]+)(?P<params>(;[A-Za-z0-9-]+=("[^"\x00-\x1f]*"|[^";:,\x00-\x1f]*))*):(?P<value>.*)')
UTC_TIME = re.compile(r"\d{8}T\d{6}Z")
TEXT_PROPERTIES = {"SUMMARY", "DESCRIPTION", "LOCATION", "NAME", "X-WR-CALNAME", "COMMENT"}
ONCE_IN_CALENDAR = {"VERSION", "PRODID", "METHOD", "CALSCALE", "NAME", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"}
ONCE_IN_EVENT = {"UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION", "STATUS",
                 "SEQUENCE", "URL", "ORGANIZER", "LAST-MODIFIED", "CLASS", "TRANSP"}
EVENT_STATUSES = {"TENTATIVE", "CONFIRMED", "CANCELLED"}


def problems(text: str) -> list[str]:
    found: list[str] = []
    if not text.endswith("\r\n"):
        found.append("the file does not end with CRLF")
    if "\n" in text.replace("\r\n", "") or "\r" in text.replace("\r\n", ""):
        found.append("a line ends in a bare LF or CR")
    physical = text.split("\r\n")[:-1]
    for number, line in enumerate(physical, 1):
        if len(line.encode()) > 75:
            found.append(f"line {number} has {len(line.encode())} octets (max 75)")
        if any(ch < " " and ch != "\t" for ch in line):
            found.append(f"line {number} holds a control character")
    logical: list[str] = []
    for line in physical:
        if line[:1] in (" ", "\t"):
            if not logical:
                found.append("the file starts with a continuation line")
                continue
            logical[-1] += line[1:]
        else:
            logical.append(line)

    stack: list[tuple[str, dict[str, list[str]]]] = []
    events: list[dict[str, list[str]]] = []
    calendars: list[dict[str, list[str]]] = []
    for line in logical:
        match = CONTENT_LINE.fullmatch(line)
        if match is None:
            found.append(f"not a content line: {line[:80]!r}")
            continue
        name, value = match["name"].upper(), match["value"]
        if name == "BEGIN":
            stack.append((value, {}))
            continue
        if name == "END":
            if not stack or stack[-1][0] != value:
                found.append(f"END:{value} does not close {stack[-1][0] if stack else 'anything'}")
                continue
            kind, props = stack.pop()
            (calendars if kind == "VCALENDAR" else events if kind == "VEVENT" else []).append(props)
            continue
        if not stack:
            found.append(f"{name} outside any component")
            continue
        stack[-1][1].setdefault(name, []).append(value)
        if name in TEXT_PROPERTIES and _unescaped(value):
            found.append(f"{name} has an unescaped , or ; or a bad escape: {value[:80]!r}")
    if stack:
        found.append(f"{[kind for kind, _ in stack]} never closed")
    if len(calendars) != 1:
        found.append(f"{len(calendars)} VCALENDAR components (expected 1)")
        return found
    [cal] = calendars
    for name in ONCE_IN_CALENDAR:
        if len(cal.get(name, [])) > 1:
            found.append(f"VCALENDAR has {name} more than once")
    if cal.get("VERSION") != ["2.0"]:
        found.append("VERSION is not 2.0")
    if not cal.get("PRODID"):
        found.append("no PRODID")
    method = (cal.get("METHOD") or [""])[0]
    uids = [event.get("UID", [""])[0] for event in events]
    if len(set(uids)) != len(uids):
        found.append("two events share a UID")
    for event in events:
        uid = event.get("UID", ["?"])[0]
        for name in ("UID", "DTSTAMP", "DTSTART"):
            if len(event.get(name, [])) != 1:
                found.append(f"event {uid}: {name} missing")
        for name in ONCE_IN_EVENT:
            if len(event.get(name, [])) > 1:
                found.append(f"event {uid}: {name} more than once")
        if "DTEND" in event and "DURATION" in event:
            found.append(f"event {uid}: both DTEND and DURATION")
        for name in ("DTSTAMP", "DTSTART", "DTEND", "LAST-MODIFIED"):
            for value in event.get(name, []):
                if not UTC_TIME.fullmatch(value):
                    found.append(f"event {uid}: {name} {value!r} is not a UTC date-time")
        if "DTEND" in event and "DTSTART" in event and event["DTEND"][0] <= event["DTSTART"][0]:
            found.append(f"event {uid}: DTEND is not after DTSTART")
        for value in event.get("SEQUENCE", []):
            if not value.isdigit():
                found.append(f"event {uid}: SEQUENCE {value!r} is not a whole number")
        for value in event.get("STATUS", []):
            if value not in EVENT_STATUSES:
                found.append(f"event {uid}: STATUS {value!r} is not an event status")
        if method in ("PUBLISH", "CANCEL") and not event.get("ORGANIZER"):
            found.append(f"event {uid}: METHOD:{method} needs an ORGANIZER (RFC 5546)")
        if method == "CANCEL" and (event.get("STATUS") != ["CANCELLED"] or not event.get("SEQUENCE")):
            found.append(f"event {uid}: a CANCEL needs STATUS:CANCELLED and a SEQUENCE (RFC 5546 3.2.5)")
    if not found:
        parsed = Calendar.from_ical(text)
        for component in parsed.walk():
            found += [f"icalendar: {component.name} {name}: {error}" for name, error in component.errors]
    return found


def _unescaped(value: str) -> bool:
    """A TEXT value with a bare , or ; or a backslash not starting \\\\ \\; \\, \\n."""
    i = 0
    while i < len(value):
        if value[i] == "\\":
            if value[i + 1:i + 2] not in ("\\", ";", ",", "n", "N"):
                return True
            i += 2
            continue
        if value[i] in ",;":
            return True
        i += 1
    return False


def valid_calendar(text: str) -> Calendar:
    found = problems(text)
    assert not found, "invalid calendar:\n" + "\n".join(found)
    return Calendar.from_ical(text)
