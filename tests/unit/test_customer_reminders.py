"""The rule of the customer's reminder: confirmed bookings only, from the lead time until
the start, once per date, never when turned off or when the business sends none."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bookingapp.domain.booking_states import ACTIVE, FINAL, Status
from bookingapp.domain.customer_reminders import (
    can_switch,
    inside_window,
    reminder_due,
    window_opens,
)

START = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
DAY = 24 * 60
SECOND = timedelta(seconds=1)


def due(now: datetime, *, status: str = Status.CONFIRMED, lead: int = DAY, sent_at: datetime | None = None,
        off: bool = False) -> bool:
    return reminder_due(status=status, starts_at=START, lead_minutes=lead, sent_at=sent_at, turned_off=off, now=now)


def test_due_from_the_lead_time_until_the_start():
    opens = START - timedelta(hours=24)
    assert window_opens(START, DAY) == opens
    assert not due(opens - SECOND)
    assert due(opens) and due(START - SECOND)
    assert not due(START)


def test_a_lead_of_zero_sends_none():
    assert window_opens(START, 0) is None
    assert not inside_window(START, 0, START - SECOND)
    assert not due(START - SECOND, lead=0)


@pytest.mark.parametrize("status", sorted(set(Status) - {Status.CONFIRMED}))
def test_only_a_confirmed_booking_is_reminded(status):
    assert not due(START - timedelta(hours=1), status=status)


def test_turned_off_sends_none():
    assert not due(START - timedelta(hours=1), off=True)


def test_once_per_date_a_reminder_sent_for_an_earlier_window_does_not_count():
    opens = START - timedelta(hours=24)
    assert not due(START - timedelta(hours=1), sent_at=opens)  # sent (or confirmed) inside this window
    assert due(START - timedelta(hours=1), sent_at=opens - SECOND)  # sent for an earlier date


def test_the_switch_is_offered_for_active_bookings_that_have_not_started():
    assert all(can_switch(status, START, START - SECOND) for status in ACTIVE)
    assert not any(can_switch(status, START, START - SECOND) for status in FINAL)
    assert not can_switch(Status.CONFIRMED, START, START)
