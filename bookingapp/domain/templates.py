"""Email templates with `[VARIABLE]` tags.

No template engine runs over provider-written text: a template is plain text with tags
from a fixed registry. Values are substituted into the plain-text version as they are
and into the HTML version escaped, so a customer named `<script>` stays text. Unknown
tags stay visible when rendering and are refused when a template is saved.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from bookingapp.domain.errors import UnknownVariable
from bookingapp.domain.formatting import fmt_datetime, fmt_day, fmt_money, fmt_time_left, utc
from bookingapp.domain.i18n_marks import N_

TAG = re.compile(r"\[([A-Z][A-Z0-9_]*)\]")
# Matched in escaped text: a link ends at whitespace or an escaped <, >, " or ', and
# sentence punctuation right after it ("…/m/abc123.") is not part of the link.
URL = re.compile(r"https?://(?:(?!&(?:lt|gt|quot|#x27);)[^\s<>\"'])+")
_TRAILING = ".,;:!?)"


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
        Variable("ORDER_URL", "Link to the booking's page in the dashboard", "https://example.com/dashboard/orders/B7K3M9Q2"),
        Variable("AMOUNT", "An amount of money, such as a refund", "€120.00"),
        Variable("PREVIOUS_DATE", "Date and time before the change", "Mon, 23 Nov 2026, 10:00 CET"),
        Variable("PREVIOUS_LOCATION", "Location before the change", "Studio A"),
        Variable("SIGN_IN_URL", "One-time sign-in link", "https://example.com/account/signin?token=xyz"),
        Variable("COMMISSION", "Platform commission retained from the provider", "€28.56"),
        Variable("CREDITS", "Credits a class booking cost", "2"),
        Variable("CREDITS_REFUNDED", "Credits returned to the customer's balance (0 when cancelled too late)", "2"),
        Variable("CREDIT_BALANCE", "The customer's credit balance after the change", "8"),
        Variable("WAITLIST_POSITION", "The customer's position on the waitlist", "2"),
        Variable("INVITATION_URL", "One-time link to join the team and set a password", "https://example.com/join/xyz"),
        Variable("INVITED_BY", "Name of the person who sent the invitation", "Robin Owner"),
        Variable("ACTION", "What the staff member did", N_("Request rejected")),
        Variable("TIME_LEFT", "How long is left to answer the request", "24 hours"),
        Variable("SUGGESTED_TIME", "A time the customer suggests instead (or -)", "Sat, 28 Nov 2026, 16:00 CET"),
        Variable("PAYMENT_DEADLINE", "Date and time by which an unpaid booking must be paid", "Mon, 23 Nov 2026, 18:00 CET"),
        Variable("CONFIRM_URL", "The link that confirms a booking made from an address not yet confirmed",
                 "https://example.com/b/lindenhof/confirm/xyz"),
        Variable("PACK_NAME", "The credit pack bought", "10 classes"),
        Variable("EXPIRES_ON", "When the credits of a pack expire", "Mon, 22 Feb 2027"),
        Variable("CREDITS_URL", "The customer's page to see their credits and buy a pack",
                 "https://example.com/b/lindenhof/credits"),
        Variable("CUSTOMER_ALERT", "The customer's flag with its alert message, empty when not flagged (staff emails only; "
                 "put first when the template leaves it out)", "\u2691 Flagged customer: Paid late twice, ask for prepayment."),
    ]
}


class Localized(str):
    """A value written for one reader that can be written again for another: a booking's
    date or price is formatted for the customer, and the staff email about the same booking
    gets it in the business's language (`localize_values`). As a str it reads as the first."""

    render: Callable[[str], str]

    def __new__(cls, render: Callable[[str], str], locale: str) -> Localized:
        value = super().__new__(cls, render(locale))
        value.render = render
        return value


def localize_values(values: dict[str, str], locale: str) -> dict[str, str]:
    """The values as plain text, each Localized one in the reader's language."""
    return {name: value.render(locale) if isinstance(value, Localized) else value for name, value in values.items()}


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
    """Escape the template and every value, then make links clickable.

    Links are found after substitution, so a link built from a tag and the text around
    it ("[BOOKING_CONTROL_URL]?slot=1") is linked whole, as the text version reads.
    """
    # Tags hold only [A-Z0-9_], which escaping leaves as they are.
    escaped = TAG.sub(lambda m: html.escape(values.get(m.group(1), m.group(0))), html.escape(template))
    body = URL.sub(_link, escaped).replace("\n", "<br>\n")
    return f'<div style="font-family:system-ui,sans-serif;line-height:1.5">{body}</div>'


def _link(match: re.Match) -> str:
    url = match.group(0)
    target = url.rstrip(_TRAILING)
    return f'<a href="{target}">{target}</a>{url[len(target):]}'


_SAMPLE_ZONE = "Europe/Berlin"


def _formatted_samples(locale: str) -> dict[str, str]:
    """Sample dates, money and periods as the real emails show them, in the previewed language
    (a German preview read "jetzt am Tue, 24 Nov 2026", issue 23)."""
    def when(*moment: int) -> str:
        return fmt_datetime(utc(*moment), _SAMPLE_ZONE, locale)

    price = fmt_money(12000, "EUR", locale)
    return {
        "BOOKING_DATE": when(2026, 11, 24, 13, 30), "RESPOND_BY": when(2026, 11, 26, 13, 30),
        "PREVIOUS_DATE": when(2026, 11, 23, 9, 0), "SUGGESTED_TIME": when(2026, 11, 28, 15, 0),
        "PAYMENT_DEADLINE": when(2026, 11, 23, 17, 0),
        "PROPOSED_SLOTS": f"{when(2026, 11, 25, 9, 0)}: https://example.com/m/abc123?slot=1",
        "PRICE": price, "HOLD_AMOUNT": price, "AMOUNT": price, "COMMISSION": fmt_money(2856, "EUR", locale),
        "TIME_LEFT": fmt_time_left(24 * 3600, locale),
        "EXPIRES_ON": fmt_day(utc(2027, 2, 22).date(), locale),
    }


def sample_values(locale: str = "en") -> dict[str, str]:
    return {name: var.sample for name, var in VARIABLES.items()} | _formatted_samples(locale)
