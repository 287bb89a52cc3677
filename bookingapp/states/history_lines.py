"""One history line of an order (issue 21, item 11): the action's text, the date a customer
picked where there was a choice, and who acted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bookingapp.domain.formatting import fmt_datetime
from bookingapp.models import ActivityLog
from bookingapp.services.activity import ACTION_TEXTS

# Log codes whose data names the date chosen, and under which key.
PICKED_DATE = {"booking.rebooking_picked": "to", "booking.slot_picked": "starts_at"}


def history_text(entry: ActivityLog, tz: str, lang: str, translate: Callable[[str], str]) -> str:
    text = translate(ACTION_TEXTS.get(entry.action, entry.action))
    picked = (entry.data or {}).get(PICKED_DATE.get(entry.action, ""))
    if picked:
        text += ": " + fmt_datetime(datetime.fromisoformat(picked), tz, lang)
    return text + (f" ({entry.actor_name})" if entry.actor_name else "")
