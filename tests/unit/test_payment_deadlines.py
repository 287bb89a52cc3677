"""The payment deadline of an unpaid prepaid booking and its reminder (issue 21, item 8)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookingapp.domain.payment_deadlines import (
    deadline_passed,
    payment_deadline,
    reminder_at,
    reminder_due,
)

BOOKED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_the_deadline_is_the_window_after_booking_but_never_after_the_start():
    far = BOOKED + timedelta(days=5)
    assert payment_deadline(booked_at=BOOKED, starts_at=far, hours=24) == BOOKED + timedelta(hours=24)
    soon = BOOKED + timedelta(hours=3)
    assert payment_deadline(booked_at=BOOKED, starts_at=soon, hours=24) == soon
    assert payment_deadline(booked_at=BOOKED, starts_at=far, hours=0) is None  # the business set none


@pytest.mark.parametrize("window, lead", [
    (timedelta(hours=24), timedelta(hours=6)),
    (timedelta(hours=72), timedelta(hours=6)),  # at most six hours ahead
    (timedelta(hours=8), timedelta(hours=2)),  # a quarter of the time to pay
    (timedelta(minutes=30), timedelta(minutes=10)),  # at least ten minutes
])
def test_the_reminder_comes_a_quarter_of_the_way_before_within_bounds(window, lead):
    assert reminder_at(booked_at=BOOKED, deadline=BOOKED + window) == BOOKED + window - lead


def test_the_reminder_is_due_once_between_its_time_and_the_deadline_and_only_while_unpaid():
    deadline = BOOKED + timedelta(hours=24)
    due = dict(booked_at=BOOKED, deadline=deadline, sent_at=None)
    assert not reminder_due(status="pending_payment", now=deadline - timedelta(hours=6, seconds=1), **due)
    assert reminder_due(status="pending_payment", now=deadline - timedelta(hours=6), **due)
    assert not reminder_due(status="pending_payment", now=deadline, **due)  # too late: the deadline takes over
    assert not reminder_due(status="confirmed", now=deadline - timedelta(hours=1), **due)  # paid meanwhile
    assert not reminder_due(status="pending_payment", now=deadline - timedelta(hours=1), booked_at=BOOKED,
                            deadline=deadline, sent_at=deadline - timedelta(hours=5))


def test_the_deadline_passes_once_for_a_booking_still_unpaid():
    deadline = BOOKED + timedelta(hours=24)
    assert deadline_passed(status="pending_payment", deadline=deadline, handled_at=None, now=deadline)
    assert not deadline_passed(status="pending_payment", deadline=deadline, handled_at=None, now=deadline - timedelta(seconds=1))
    assert not deadline_passed(status="pending_payment", deadline=deadline, handled_at=deadline, now=deadline)
    assert not deadline_passed(status="confirmed", deadline=deadline, handled_at=None, now=deadline)
    assert not deadline_passed(status="pending_payment", deadline=None, handled_at=None, now=deadline)


@given(st.integers(min_value=1, max_value=24 * 14), st.integers(min_value=61, max_value=60 * 24 * 30))
def test_the_reminder_is_always_between_booking_and_deadline(hours, minutes_ahead):
    deadline = payment_deadline(booked_at=BOOKED, starts_at=BOOKED + timedelta(minutes=minutes_ahead), hours=hours)
    assert BOOKED < reminder_at(booked_at=BOOKED, deadline=deadline) < deadline
