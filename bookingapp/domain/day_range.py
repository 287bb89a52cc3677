"""A range of local days, as the reports take it: checked once, and its edges in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bookingapp.domain.errors import ValidationFailed


def parse_day(text: str, field_name: str) -> date:
    """'2026-11-30' from a date picker or an address."""
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationFailed("Choose a date such as 2026-11-30.", field=field_name) from None


def check_day_range(first: date | None, last: date | None, *, max_days: int) -> None:
    """Both days given, in order, and at most `max_days` apart (inclusive count)."""
    if first is None or last is None:
        raise ValidationFailed("Choose the first and the last day.", field="first")
    if last < first:
        raise ValidationFailed("The last day comes before the first.", field="last")
    if (last - first).days >= max_days:
        raise ValidationFailed("Choose at most {max} days.", field="last", max=max_days)


def local_midnight(day: date, tz: str) -> datetime:
    """The start of a local day, in UTC (a DST day starts at its own offset)."""
    return datetime.combine(day, datetime.min.time(), ZoneInfo(tz)).astimezone(UTC)
