"""Email templates with `[VARIABLE]` tags.

No template engine runs over provider-written text: a template is plain text with tags
from a fixed registry. Values are substituted into the plain-text version as they are
and into the HTML version escaped, so a customer named `<script>` stays text. Unknown
tags stay visible when rendering and are refused when a template is saved.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bookingapp.domain.errors import UnknownVariable

TAG = re.compile(r"\[([A-Z][A-Z0-9_]*)\]")
URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class Variable:
    identifier: str
    description: str
    sample: str


VARIABLES: dict[str, Variable] = {
    v.identifier: v
    for v in [
        Variable("ORGANIZATION_NAME", "Your business name", "Studio Lindenhof"),
        Variable("CUSTOMER_NAME", "The customer's name", "Alex Example"),
        Variable("CUSTOMER_EMAIL", "The customer's email address", "alex@example.com"),
        Variable("SERVICE_NAME", "The booked service", "Private tasting"),
        Variable("BOOKING_REFERENCE", "The order number", "B7K3M9Q2"),
        Variable("BOOKING_DATE", "Date and time of the booking, with timezone", "Tue, 24 Nov 2026, 14:30 CET"),
        Variable("BOOKING_STATUS", "The booking's status", "Confirmed"),
        Variable("PARTY_SIZE", "How many people", "2"),
        Variable("LOCATION", "Where it takes place", "Lindenstraße 5, Berlin"),
        Variable("PRICE", "Price of the booking", "€120.00"),
        Variable("BOOKING_CONTROL_URL", "The customer's link to view and manage the booking", "https://example.com/m/abc123"),
        Variable("INBOX_URL", "Link to this booking in the provider's inbox", "https://example.com/dashboard/inbox?booking=B7K3M9Q2"),
        Variable("RESPOND_BY", "Deadline for the provider's answer", "Thu, 26 Nov 2026, 14:30 CET"),
        Variable("MESSAGE", "A message written by the provider or customer", "See you soon!"),
        Variable("REASON", "The reason given", "The room is not available"),
        Variable("PROPOSED_SLOTS", "The alternative times, each with its link", "Wed, 25 Nov 2026, 10:00 CET: https://example.com/m/abc123?slot=1"),
        Variable("HOLD_AMOUNT", "Amount on hold on the customer's card", "€120.00"),
        Variable("STAFF_NAME", "Name of the staff member", "Sam Provider"),
        Variable("SIGN_IN_URL", "One-time sign-in link", "https://example.com/account/signin?token=xyz"),
    ]
}


def tags_in(text: str) -> set[str]:
    return set(TAG.findall(text))


def validate_template(*texts: str, allowed: set[str] | None = None) -> None:
    """Refuse a template that uses a tag we cannot fill."""
    known = allowed if allowed is not None else set(VARIABLES)
    unknown = sorted(set().union(*(tags_in(t) for t in texts)) - known)
    if unknown:
        raise UnknownVariable(names=", ".join(f"[{name}]" for name in unknown))


def render_text(template: str, values: dict[str, str]) -> str:
    return TAG.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def render_html(template: str, values: dict[str, str]) -> str:
    """Escape the template and every value, then make links clickable."""

    def piece(text: str) -> str:
        escaped = html.escape(text)
        return URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)

    parts: list[str] = []
    last = 0
    for match in TAG.finditer(template):
        parts.append(piece(template[last : match.start()]))
        parts.append(piece(values.get(match.group(1), match.group(0))))
        last = match.end()
    parts.append(piece(template[last:]))
    body = "".join(parts).replace("\n", "<br>\n")
    return f'<div style="font-family:system-ui,sans-serif;line-height:1.5">{body}</div>'


def sample_values() -> dict[str, str]:
    return {name: var.sample for name, var in VARIABLES.items()}
