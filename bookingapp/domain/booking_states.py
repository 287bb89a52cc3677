"""Booking statuses and the transitions between them (ARCHITECTURE.md, "Booking states").

A transition not in the table raises `InvalidTransition`; services never set a status
any other way.
"""

from __future__ import annotations

from enum import StrEnum

from bookingapp.domain.errors import InvalidTransition


class Status(StrEnum):
    # A portal booking from an address never confirmed, where the business asks for
    # confirmed addresses (issue 21): it holds its time but the business has not heard of
    # it yet; the customer's link moves it on to the status it was booked with.
    AWAITING_EMAIL = "awaiting_email"
    REQUESTED = "requested"
    RESCHEDULE_PROPOSED = "reschedule_proposed"
    PENDING_PAYMENT = "pending_payment"
    CONFIRMED = "confirmed"
    REBOOKING_REQUESTED = "rebooking_requested"
    COMPLETED = "completed"
    NO_SHOW = "no_show"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class Action(StrEnum):
    CONFIRM_EMAIL = "confirm_email"
    CONFIRM = "confirm"
    PROPOSE_RESCHEDULE = "propose_reschedule"
    REJECT = "reject"
    EXPIRE = "expire"
    PICK_SLOT = "pick_slot"
    REQUEST_REFUND = "request_refund"
    CANCEL = "cancel"
    PAY = "pay"
    RESCHEDULE = "reschedule"
    REQUEST_REBOOKING = "request_rebooking"
    # Rebookings (issue 7): the provider answers a customer's request for a rebooking with
    # dates, or declines it; a customer-initiated rebooking nobody settled in time keeps
    # the original date.
    PROPOSE_REBOOKING = "propose_rebooking"
    DECLINE_REBOOKING = "decline_rebooking"
    KEEP_DATE = "keep_date"
    # The provider takes back an open proposal (issue 21): a request waits for an answer
    # again, a rebooking keeps its original date.
    WITHDRAW_PROPOSAL = "withdraw_proposal"
    COMPLETE = "complete"
    MARK_NO_SHOW = "mark_no_show"


S, A = Status, Action

TRANSITIONS: dict[tuple[Status, Action], Status] = {
    # Never confirmed in time: the hold lapses like an unanswered request and frees its time.
    (S.AWAITING_EMAIL, A.EXPIRE): S.EXPIRED,
    (S.REQUESTED, A.CONFIRM): S.CONFIRMED,
    (S.REQUESTED, A.PROPOSE_RESCHEDULE): S.RESCHEDULE_PROPOSED,
    (S.REQUESTED, A.REJECT): S.REJECTED,
    (S.REQUESTED, A.EXPIRE): S.EXPIRED,
    (S.REQUESTED, A.REQUEST_REFUND): S.CANCELLED,
    (S.RESCHEDULE_PROPOSED, A.PICK_SLOT): S.CONFIRMED,
    (S.RESCHEDULE_PROPOSED, A.REQUEST_REFUND): S.CANCELLED,
    (S.RESCHEDULE_PROPOSED, A.EXPIRE): S.CANCELLED,
    (S.RESCHEDULE_PROPOSED, A.REJECT): S.REJECTED,
    # The customer answered the proposal with a message (issue 21): the provider proposes
    # again, or confirms the time the customer suggested.
    (S.RESCHEDULE_PROPOSED, A.PROPOSE_RESCHEDULE): S.RESCHEDULE_PROPOSED,
    (S.RESCHEDULE_PROPOSED, A.CONFIRM): S.CONFIRMED,
    (S.RESCHEDULE_PROPOSED, A.WITHDRAW_PROPOSAL): S.REQUESTED,
    (S.PENDING_PAYMENT, A.PAY): S.CONFIRMED,
    (S.PENDING_PAYMENT, A.CANCEL): S.CANCELLED,
    (S.PENDING_PAYMENT, A.RESCHEDULE): S.PENDING_PAYMENT,
    (S.CONFIRMED, A.PAY): S.CONFIRMED,
    (S.CONFIRMED, A.CANCEL): S.CANCELLED,
    (S.CONFIRMED, A.RESCHEDULE): S.CONFIRMED,
    (S.CONFIRMED, A.REQUEST_REBOOKING): S.REBOOKING_REQUESTED,
    (S.CONFIRMED, A.COMPLETE): S.COMPLETED,
    (S.CONFIRMED, A.MARK_NO_SHOW): S.NO_SHOW,
    (S.REBOOKING_REQUESTED, A.PICK_SLOT): S.CONFIRMED,
    (S.REBOOKING_REQUESTED, A.REQUEST_REFUND): S.CANCELLED,
    (S.REBOOKING_REQUESTED, A.CANCEL): S.CANCELLED,
    (S.REBOOKING_REQUESTED, A.PROPOSE_REBOOKING): S.REBOOKING_REQUESTED,
    (S.REBOOKING_REQUESTED, A.DECLINE_REBOOKING): S.CONFIRMED,
    (S.REBOOKING_REQUESTED, A.KEEP_DATE): S.CONFIRMED,
    (S.REBOOKING_REQUESTED, A.WITHDRAW_PROPOSAL): S.CONFIRMED,
    # The provider asked to move the date and the customer never answered: the original
    # date is gone, so the booking ends (with a refund, as when the provider cancels).
    (S.REBOOKING_REQUESTED, A.EXPIRE): S.CANCELLED,
}

# Bookings in these states hold a place (a slot, a seat, a date on a calendar).
ACTIVE = frozenset(
    {S.AWAITING_EMAIL, S.REQUESTED, S.RESCHEDULE_PROPOSED, S.PENDING_PAYMENT, S.CONFIRMED, S.REBOOKING_REQUESTED}
)
FINAL = frozenset({S.COMPLETED, S.NO_SHOW, S.REJECTED, S.EXPIRED, S.CANCELLED})

LABELS: dict[Status, str] = {
    S.AWAITING_EMAIL: "Waiting for email confirmation",
    S.REQUESTED: "Waiting for the provider",
    S.RESCHEDULE_PROPOSED: "New times proposed",
    S.PENDING_PAYMENT: "Payment required",
    S.CONFIRMED: "Confirmed",
    S.REBOOKING_REQUESTED: "Rebooking requested",
    S.COMPLETED: "Completed",
    S.NO_SHOW: "No-show",
    S.REJECTED: "Rejected",
    S.EXPIRED: "Expired",
    S.CANCELLED: "Cancelled",
}

# The provider's own screens speak to the provider: a request waits for *their* answer.
STAFF_LABELS: dict[Status, str] = {**LABELS, S.REQUESTED: "Waiting for your answer"}


# What a booking held for its email confirmation becomes once confirmed: the status its
# flow gave it (Booking.held_status). Only the statuses a new booking starts in.
AFTER_EMAIL_CONFIRMED = frozenset({S.REQUESTED, S.PENDING_PAYMENT, S.CONFIRMED})


def next_status(current: str, action: Action, held_status: str | None = None) -> Status:
    """The status after `action`; confirming an email goes to the held booking's own
    `held_status`, which must be one a new booking starts in."""
    if current == S.AWAITING_EMAIL and action == A.CONFIRM_EMAIL:
        if held_status in AFTER_EMAIL_CONFIRMED:
            return Status(held_status)
        raise InvalidTransition(status=LABELS[S.AWAITING_EMAIL].lower())
    try:
        return TRANSITIONS[(Status(current), action)]
    except (KeyError, ValueError):
        label = LABELS.get(current, current)  # StrEnum keys match plain strings
        raise InvalidTransition(status=label.lower()) from None


def allowed_actions(current: str) -> set[Action]:
    actions = {action for (status, action) in TRANSITIONS if status == current}
    return actions | {A.CONFIRM_EMAIL} if current == S.AWAITING_EMAIL else actions
