"""Until when customers may cancel or move their own booking, and why the buttons go away."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookingapp.domain.booking_states import Status
from bookingapp.domain.change_policy import (
    CHANGEABLE,
    change_deadline,
    change_rights,
    promise_at_booking,
)

STARTS = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DAY = 24 * 60
DEADLINE = STARTS - timedelta(days=1)


def _rights(status="confirmed", kind="appointment", starts_at=STARTS, cutoff_minutes=DAY,
            customer_cancellation="allowed_until_cutoff", now=DEADLINE - timedelta(hours=5)):
    return change_rights(status=status, kind=kind, starts_at=starts_at, cutoff_minutes=cutoff_minutes,
                         customer_cancellation=customer_cancellation, now=now)


def test_the_deadline_is_the_start_minus_the_cutoff():
    assert change_deadline(STARTS, DAY) == DEADLINE
    assert change_deadline(STARTS, 90) == STARTS - timedelta(minutes=90)
    assert change_deadline(STARTS, 0) == STARTS


def test_a_negative_cutoff_counts_as_none():
    assert change_deadline(STARTS, -60) == STARTS
    assert not _rights(cutoff_minutes=-60, now=STARTS).can_cancel


def test_one_second_before_the_deadline_everything_is_allowed():
    rights = _rights(now=DEADLINE - timedelta(seconds=1))
    assert (rights.can_cancel, rights.can_reschedule, rights.reason) == (True, True, "")
    assert rights.deadline == DEADLINE


@pytest.mark.parametrize("now", [
    DEADLINE,
    DEADLINE + timedelta(seconds=1),
    STARTS,
    STARTS + timedelta(days=3),
], ids=["exactly-at-deadline", "one-second-after", "at-start", "after-the-visit"])
def test_at_or_after_the_deadline_nothing_is_allowed(now):
    rights = _rights(now=now)
    assert (rights.can_cancel, rights.can_reschedule, rights.reason) == (False, False, "cutoff")
    assert rights.deadline == DEADLINE


def test_a_zero_cutoff_allows_changes_until_the_start():
    assert _rights(cutoff_minutes=0, now=STARTS - timedelta(seconds=1)).can_cancel
    assert _rights(cutoff_minutes=0, now=STARTS).reason == "cutoff"


@pytest.mark.parametrize("status", ["confirmed", "pending_payment"])
def test_confirmed_and_pending_payment_bookings_can_be_changed(status):
    rights = _rights(status=status)
    assert rights.can_cancel and rights.can_reschedule and rights.reason == ""


@pytest.mark.parametrize("status", sorted(set(Status) - {Status.CONFIRMED, Status.PENDING_PAYMENT}))
def test_every_other_status_cannot_be_changed(status):
    rights = _rights(status=str(status))
    assert (rights.can_cancel, rights.can_reschedule, rights.reason) == (False, False, "status")


def test_only_confirmed_and_pending_payment_are_changeable():
    assert {Status.CONFIRMED, Status.PENDING_PAYMENT} == CHANGEABLE


def test_an_unknown_status_cannot_be_changed():
    assert _rights(status="something-else").reason == "status"


def test_status_is_reported_before_the_cutoff():
    # A cancelled booking after its deadline: the page says "cancelled", not "too late".
    assert _rights(status="cancelled", now=STARTS).reason == "status"


def test_rebooking_request_only_blocks_cancel_and_self_service_reschedule():
    # The customer may only ask; the provider proposes the new dates (issue 7).
    rights = _rights(customer_cancellation="rebooking_request_only")
    assert (rights.can_cancel, rights.can_reschedule, rights.reason) == (False, False, "policy")


def test_rebooking_request_only_after_the_cutoff_reports_the_cutoff():
    rights = _rights(customer_cancellation="rebooking_request_only", now=DEADLINE)
    assert (rights.can_cancel, rights.can_reschedule, rights.reason) == (False, False, "cutoff")


def test_request_services_can_be_cancelled_but_not_rescheduled():
    rights = _rights(kind="request")
    assert (rights.can_cancel, rights.can_reschedule, rights.reason) == (True, False, "kind")


def test_request_service_with_rebooking_request_only_names_the_policy():
    rights = _rights(kind="request", customer_cancellation="rebooking_request_only")
    assert (rights.can_cancel, rights.can_reschedule, rights.reason) == (False, False, "policy")


@pytest.mark.parametrize("kind", ["class", "request"])
def test_only_appointments_can_be_rescheduled(kind):
    assert not _rights(kind=kind).can_reschedule


@given(
    offset=st.integers(min_value=-10 * 24 * 3600, max_value=10 * 24 * 3600),
    cutoff_minutes=st.integers(min_value=0, max_value=14 * 24 * 60),
    status=st.sampled_from(["confirmed", "pending_payment"]),
)
def test_can_change_iff_now_is_before_start_minus_cutoff(offset, cutoff_minutes, status):
    now = STARTS + timedelta(seconds=offset)
    rights = _rights(status=status, cutoff_minutes=cutoff_minutes, now=now)
    allowed = now < STARTS - timedelta(minutes=cutoff_minutes)
    assert rights.can_cancel is allowed and rights.can_reschedule is allowed
    assert rights.reason == ("" if allowed else "cutoff")
    assert rights.deadline == STARTS - timedelta(minutes=cutoff_minutes)


@given(
    status=st.sampled_from([str(s) for s in Status]),
    kind=st.sampled_from(["appointment", "request", "class"]),
    cancellation=st.sampled_from(["allowed_until_cutoff", "rebooking_request_only"]),
    offset=st.integers(min_value=-3 * 24 * 3600, max_value=3 * 24 * 3600),
)
def test_reason_is_empty_exactly_when_both_actions_are_allowed(status, kind, cancellation, offset):
    rights = _rights(status=status, kind=kind, customer_cancellation=cancellation, now=STARTS + timedelta(seconds=offset))
    assert rights.reason in {"", "cutoff", "status", "policy", "kind"}
    assert (rights.reason == "") == (rights.can_cancel and rights.can_reschedule)
    if rights.can_cancel or rights.can_reschedule:
        assert status in CHANGEABLE and STARTS + timedelta(seconds=offset) < DEADLINE


# --- what the booking form promises (issue 21, item 6) ---------------------------------


@pytest.mark.parametrize("hours_ahead, policy, expected", [
    (48, "allowed_until_cutoff", "change"),
    (24.01, "allowed_until_cutoff", "change"),
    (24, "allowed_until_cutoff", "closed"),  # the cutoff is already reached at booking
    (2, "allowed_until_cutoff", "closed"),
    (48, "rebooking_request_only", "request_only"),  # never a promise to cancel
    (2, "rebooking_request_only", "closed"),
])
def test_the_booking_form_promises_only_what_the_manage_page_will_allow(hours_ahead, policy, expected):
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    start = now + timedelta(hours=hours_ahead)
    promise = promise_at_booking(starts_at=start, cutoff_minutes=24 * 60, customer_cancellation=policy, now=now)
    assert promise == expected
    rights = change_rights(status="confirmed", kind="appointment", starts_at=start, cutoff_minutes=24 * 60,
                           customer_cancellation=policy, now=now)
    assert rights.can_cancel == (promise == "change")  # what the form says is what the booking gets
