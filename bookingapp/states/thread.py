"""A booking's conversation as pages show it (manage page and order page): who wrote,
when (in the organization's timezone), what, and the time a customer suggested."""

from __future__ import annotations

from dataclasses import dataclass

from bookingapp.domain.formatting import fmt_datetime
from bookingapp.services.conversations import ThreadEntry


@dataclass
class MessageLine:
    who: str
    when: str
    body: str
    side: str  # customer | provider: the page aligns and colours by it
    suggested: str  # the time the customer asked for, formatted, or ""


def message_lines(entries: list[ThreadEntry], tz: str, lang: str, *, you: str = "", you_label: str = "") -> list[MessageLine]:
    """Oldest first. `you` names the side reading the page, shown as `you_label` ("You")."""
    return [
        MessageLine(who=you_label if you and e.message.author == you else e.author_name,
                    when=fmt_datetime(e.message.created_at, tz, lang), body=e.message.body, side=e.message.author,
                    suggested=fmt_datetime(e.message.suggested_starts_at, tz, lang) if e.message.suggested_starts_at else "")
        for e in entries
    ]
