"""Booking statuses change only along the table in ARCHITECTURE.md."""

from __future__ import annotations

import itertools

import pytest

from bookingapp.domain.booking_states import (
    ACTIVE,
    FINAL,
    LABELS,
    TRANSITIONS,
    Action,
    Status,
    allowed_actions,
    next_status,
)
from bookingapp.domain.errors import InvalidTransition

S, A = Status, Action

# ARCHITECTURE.md, "Booking states", written out independently of the code's table.
DOCUMENTED = {
    (S.REQUESTED, A.CONFIRM): S.CONFIRMED,
    (S.CONFIRMED, A.COMPLETE): S.COMPLETED,
    (S.CONFIRMED, A.MARK_NO_SHOW): S.NO_SHOW,
    (S.REQUESTED, A.PROPOSE_RESCHEDULE): S.RESCHEDULE_PROPOSED,
    (S.RESCHEDULE_PROPOSED, A.PICK_SLOT): S.CONFIRMED,
    (S.RESCHEDULE_PROPOSED, A.REQUEST_REFUND): S.CANCELLED,
    (S.RESCHEDULE_PROPOSED, A.EXPIRE): S.CANCELLED,
    (S.REQUESTED, A.REJECT): S.REJECTED,
    (S.REQUESTED, A.EXPIRE): S.EXPIRED,
    (S.CONFIRMED, A.CANCEL): S.CANCELLED,
    (S.CONFIRMED, A.REQUEST_REBOOKING): S.REBOOKING_REQUESTED,
    (S.REBOOKING_REQUESTED, A.PICK_SLOT): S.CONFIRMED,
    (S.PENDING_PAYMENT, A.PAY): S.CONFIRMED,  # prepaid appointments and classes
}


@pytest.mark.parametrize(("start", "action", "end"), [(s, a, e) for (s, a), e in DOCUMENTED.items()])
def test_every_documented_transition_works(start, action, end):
    assert next_status(start, action) == end


@pytest.mark.parametrize(("start", "action", "end"), [(s, a, e) for (s, a), e in TRANSITIONS.items()])
def test_every_transition_in_the_table_works_from_a_plain_string(start, action, end):
    # Statuses come out of the database as plain strings.
    assert next_status(str(start.value), action) == end
    assert action in allowed_actions(str(start.value))


def test_the_code_table_contains_every_documented_transition():
    assert DOCUMENTED.items() <= TRANSITIONS.items()


NOT_IN_TABLE = [(s, a) for s, a in itertools.product(Status, Action) if (s, a) not in TRANSITIONS]


@pytest.mark.parametrize(("start", "action"), NOT_IN_TABLE)
def test_transitions_not_in_the_table_raise(start, action):
    with pytest.raises(InvalidTransition) as caught:
        next_status(start, action)

    assert str(caught.value) == f"This booking is {LABELS[start].lower()} now, so this action is no longer possible."


def test_invalid_transition_message_names_the_current_status():
    with pytest.raises(InvalidTransition, match="This booking is cancelled now"):
        next_status("cancelled", A.CONFIRM)


def test_an_unknown_status_raises_invalid_transition_not_a_crash():
    with pytest.raises(InvalidTransition, match="bogus"):
        next_status("bogus", A.CONFIRM)


@pytest.mark.parametrize("final", sorted(FINAL))
def test_final_states_allow_nothing(final):
    assert allowed_actions(final) == set()
    for action in Action:
        with pytest.raises(InvalidTransition):
            next_status(final, action)


def test_every_status_is_either_active_or_final_and_has_a_label():
    assert set(Status) == ACTIVE | FINAL
    assert not ACTIVE & FINAL
    assert set(LABELS) == set(Status)


def test_active_states_each_allow_something():
    for status in ACTIVE:
        assert allowed_actions(status), status


# Rebookings (issue 7), written out from the issue independently of the code's table.
REBOOKING = {
    (S.CONFIRMED, A.REQUEST_REBOOKING): S.REBOOKING_REQUESTED,  # provider's dates, or the customer's own request
    (S.REBOOKING_REQUESTED, A.PROPOSE_REBOOKING): S.REBOOKING_REQUESTED,  # provider answers the customer's request with dates
    (S.REBOOKING_REQUESTED, A.DECLINE_REBOOKING): S.CONFIRMED,  # provider declines: the date stays
    (S.REBOOKING_REQUESTED, A.PICK_SLOT): S.CONFIRMED,
    (S.REBOOKING_REQUESTED, A.REQUEST_REFUND): S.CANCELLED,  # the customer takes the refund
    (S.REBOOKING_REQUESTED, A.CANCEL): S.CANCELLED,  # the provider cancels
    (S.REBOOKING_REQUESTED, A.EXPIRE): S.CANCELLED,  # the provider's date is gone and nobody picked another
    (S.REBOOKING_REQUESTED, A.KEEP_DATE): S.CONFIRMED,  # the customer's request was not settled in time
}


@pytest.mark.parametrize(("start", "action", "end"), [(s, a, e) for (s, a), e in REBOOKING.items()])
def test_rebooking_transitions(start, action, end):
    assert next_status(start, action) == end


@pytest.mark.parametrize("start", [S.REQUESTED, S.RESCHEDULE_PROPOSED, S.PENDING_PAYMENT, S.CANCELLED, S.COMPLETED])
def test_only_a_confirmed_booking_can_be_rebooked(start):
    with pytest.raises(InvalidTransition):
        next_status(start, A.REQUEST_REBOOKING)


@pytest.mark.parametrize("action", [A.PROPOSE_REBOOKING, A.DECLINE_REBOOKING, A.KEEP_DATE])
def test_answers_to_a_rebooking_need_a_rebooking(action):
    with pytest.raises(InvalidTransition, match="confirmed"):
        next_status(S.CONFIRMED, action)


# Issue 21: the provider withdraws an open proposal.
@pytest.mark.parametrize(("start", "end"), [(S.RESCHEDULE_PROPOSED, S.REQUESTED), (S.REBOOKING_REQUESTED, S.CONFIRMED)])
def test_withdrawing_a_proposal_goes_back_to_before_it(start, end):
    assert next_status(start, A.WITHDRAW_PROPOSAL) == end


@pytest.mark.parametrize("start", [S.REQUESTED, S.CONFIRMED, S.CANCELLED, S.PENDING_PAYMENT])
def test_only_an_open_proposal_can_be_withdrawn(start):
    with pytest.raises(InvalidTransition):
        next_status(start, A.WITHDRAW_PROPOSAL)
