"""The rules of flags and verified email (issue 21): flagged since, the history's action,
the alert staff see for one booking, when a booking waits for its address, how long, and
where a held booking may go."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookingapp.domain.address_check import confirm_by, must_confirm_address, still_open
from bookingapp.domain.booking_states import (
    ACTIVE,
    AFTER_EMAIL_CONFIRMED,
    Action,
    Status,
    allowed_actions,
    next_status,
)
from bookingapp.domain.errors import InvalidTransition
from bookingapp.domain.flags import flag_action, flagged_since, shown_alert
from bookingapp.domain.ics import event_status

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
EARLIER = NOW - timedelta(days=30)


def test_flagged_since_is_the_first_flagging():
    assert flagged_since(None, old=None, new="Owes money", now=NOW) == NOW
    assert flagged_since(EARLIER, old="Owes money", new="Owes 40 EUR", now=NOW) == EARLIER  # an edit keeps it
    assert flagged_since(EARLIER, old="Owes money", new=None, now=NOW) is None  # clearing ends it
    assert flagged_since(None, old=None, new="Again", now=NOW) == NOW  # flagging after a clear starts anew
    # A flag from before the time was kept (no date): an edit dates it now rather than never.
    assert flagged_since(None, old="Owes money", new="Owes 40 EUR", now=NOW) == NOW


def test_the_history_names_each_change():
    assert flag_action(old=None, new="x") == "customer.flagged"
    assert flag_action(old="x", new="y") == "customer.flag_changed"
    assert flag_action(old="x", new=None) == "customer.unflagged"


@pytest.mark.parametrize(("own", "booking", "customer", "shown"), [
    (False, None, None, ""),
    (False, None, "Customer flag", "Customer flag"),  # flagged after the booking was made
    (False, "Copied", "Customer flag", "Copied"),
    (True, "Own", "Customer flag", "Own"),
    (True, None, "Customer flag", ""),  # staff cleared it for this booking on purpose
])
def test_the_alert_staff_see_for_a_booking(own, booking, customer, shown):
    assert shown_alert(own_alert=own, booking_alert=booking, customer_alert=customer) == shown


@pytest.mark.parametrize(("accounts", "asks", "verified", "held"), [
    ("verify_email", True, False, True),
    ("password", True, False, True),
    ("verify_email", True, True, False),
    ("verify_email", False, False, False),
    ("none", True, False, False),  # without accounts there is nothing to verify against
])
def test_when_a_booking_waits_for_its_address(accounts, asks, verified, held):
    assert must_confirm_address(customer_accounts=accounts, confirm_booking_emails=asks, email_verified=verified) is held


@given(window=st.integers(min_value=1, max_value=24 * 14), lead=st.integers(min_value=1, max_value=60 * 24 * 60))
def test_a_held_booking_lapses_with_the_window_and_never_after_its_start(window, lead):
    starts_at = NOW + timedelta(minutes=lead)
    deadline = confirm_by(now=NOW, response_window_hours=window, starts_at=starts_at)
    assert NOW < deadline <= starts_at
    assert deadline <= NOW + timedelta(hours=window)
    assert still_open(deadline, NOW) and not still_open(deadline, deadline)
    assert not still_open(None, NOW)


def test_a_held_booking_holds_its_time_and_goes_on_to_the_status_it_was_booked_with():
    assert Status.AWAITING_EMAIL in ACTIVE
    for held in AFTER_EMAIL_CONFIRMED:
        assert next_status(Status.AWAITING_EMAIL, Action.CONFIRM_EMAIL, held) == held
    assert next_status(Status.AWAITING_EMAIL, Action.EXPIRE) == Status.EXPIRED
    assert allowed_actions(Status.AWAITING_EMAIL) == {Action.CONFIRM_EMAIL, Action.EXPIRE}


@pytest.mark.parametrize("held", [None, "cancelled", "rebooking_requested", "bogus"])
def test_a_held_booking_cannot_become_anything_else(held):
    with pytest.raises(InvalidTransition):
        next_status(Status.AWAITING_EMAIL, Action.CONFIRM_EMAIL, held)


@pytest.mark.parametrize("action", [Action.CONFIRM, Action.REJECT, Action.PROPOSE_RESCHEDULE, Action.PAY, Action.CANCEL])
def test_staff_and_payments_cannot_act_on_a_held_booking(action):
    with pytest.raises(InvalidTransition):
        next_status(Status.AWAITING_EMAIL, action, "requested")


def test_a_held_booking_is_tentative_in_the_staff_calendar():
    assert event_status(Status.AWAITING_EMAIL) == "TENTATIVE"


def test_only_a_held_booking_confirms_an_email():
    with pytest.raises(InvalidTransition):
        next_status(Status.REQUESTED, Action.CONFIRM_EMAIL, "requested")
