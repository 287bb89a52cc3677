"""Issue 23, "one way to format": dates, times, numbers and money shown to people come only
from bookingapp/domain/formatting.py. Anything else that turns a date into text is a machine
format (an HTML input value, a URL parameter, an iCalendar stamp, a spreadsheet column) and is
listed here with its reason, so a new hand-written pattern fails this test."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "bookingapp"

# strftime, f"{x:%H:%M}", "%d.%m", f"{x:.2f}", and Babel's formatting modules.
PATTERN = re.compile(r"strftime\(|\{[^{}]*:%[A-Za-z][^{}]*\}|%d\.%m|:\.\d+f\}|from babel\.(?:dates|units|lists) import"
                     r"|from babel\.numbers import [^\n]*format_")

MACHINE_FORMATS = {
    "domain/ics.py": (1, "iCalendar UTC stamps (RFC 5545)"),
    "domain/hours.py": (6, "datetime-local input values; HH:MM in validation messages, the same in en, de and pl"),
    "states/agenda_slot.py": (2, "datetime-local input values"),
    "states/session_admin.py": (1, "a datetime-local input value"),
    "states/availability.py": (2, "<input type=time> values"),
    "states/availability_week.py": (2, "<input type=time> values"),
    "states/order_actions.py": (1, "<input type=time> values of the proposed dates"),
    "states/statement.py": (2, "the month as a URL parameter (?month=2026-12)"),
    "states/agenda_view.py": (1, "a CSS percentage"),
    "services/statements.py": (1, "the CSV's date column, ISO 8601 for spreadsheets (see export_csv)"),
}


def _matches() -> Counter:
    found: Counter = Counter()
    for path in ROOT.rglob("*.py"):
        name = path.relative_to(ROOT).as_posix()
        if name == "domain/formatting.py":
            continue
        found[name] += len(PATTERN.findall(path.read_text(encoding="utf-8")))
    return +found


def test_dates_numbers_and_money_for_people_come_only_from_the_formatting_helpers():
    expected = {name: count for name, (count, _reason) in MACHINE_FORMATS.items()}

    assert dict(_matches()) == expected
