"""Pure rules for staff changing and cancelling class sessions (issue 22): the business's
list of cancellation reasons, the reason a cancellation records, which sessions "this and
the rest of the series" means, and whether a change is one participants must be told of.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.i18n_marks import N_

MAX_REASONS = 20
MAX_REASON_LENGTH = 120
MAX_NOTE_LENGTH = 500


class Scope(StrEnum):
    THIS = "this"
    SERIES = "series"  # this session and every later one of its weekly set


class CancelledBy(StrEnum):
    CUSTOMER = "customer"
    STAFF = "staff"  # staff removed one participant, or cancelled an appointment or request
    STUDIO = "studio"  # the business cancelled the whole session
    AUTOMATIC = "automatic"  # nobody acted in time: not paid by the deadline, a proposal unanswered


# Who cancelled a booking, read from the activity log line its cancellation wrote. Every
# way a booking reaches the status "cancelled" (domain/booking_states.py) writes one of
# these: the customer cancelling (a class place or an appointment), asking for the refund
# instead of waiting or of a new date; staff removing a participant or cancelling a
# booking; the business cancelling a whole session; the sweeper when nobody paid or
# answered in time. "booking.expired" also ends requests that were never confirmed (status
# "expired", not "cancelled"): only a booking whose status is "cancelled" counts.
# Rejected and expired requests are not cancellations: they never held a booked time.
CANCEL_ACTIONS: dict[str, CancelledBy] = {
    "class.cancelled_by_customer": CancelledBy.CUSTOMER,
    "booking.cancelled_by_customer": CancelledBy.CUSTOMER,
    "booking.refund_requested": CancelledBy.CUSTOMER,
    "booking.rebooking_refused": CancelledBy.CUSTOMER,
    "class.removed_by_staff": CancelledBy.STAFF,
    "booking.cancelled_by_provider": CancelledBy.STAFF,
    "class.cancelled_by_studio": CancelledBy.STUDIO,
    "booking.cancelled_unpaid": CancelledBy.AUTOMATIC,
    "booking.proposal_expired": CancelledBy.AUTOMATIC,
    "booking.rebooking_expired": CancelledBy.AUTOMATIC,
    "booking.expired": CancelledBy.AUTOMATIC,
}

# What a customer's cancellation records when they wrote nothing (services/manage_booking.py):
# the reports read it as no reason given.
EMPTY_CUSTOMER_REASON = "Cancelled by the customer"
# The reasons the app writes itself (payment deadline, rebooking): catalog texts, shown translated.
APP_REASONS = (N_("Not paid by the payment deadline"), N_("No new date was chosen in time"),
               N_("The customer took the refund instead of a new date"))


def clean_reasons(reasons: list[str]) -> list[str]:
    """The list as staff typed it: blanks dropped, spaces trimmed, duplicates (ignoring
    case) kept once, in their order. Too many or too long is refused, nothing cut."""
    seen: set[str] = set()
    out: list[str] = []
    for raw in reasons:
        text = " ".join(str(raw or "").split())
        if not text or text.casefold() in seen:
            continue
        if len(text) > MAX_REASON_LENGTH:
            raise ValidationFailed("Use at most {max} characters for each reason.", field="reasons", max=MAX_REASON_LENGTH)
        seen.add(text.casefold())
        out.append(text)
    if len(out) > MAX_REASONS:
        raise ValidationFailed("At most {max} reasons.", field="reasons", max=MAX_REASONS)
    return out


def cancellation_reason(*, choice: str, note: str, allowed: list[str]) -> str:
    """What the cancellation records and the emails say: the reason chosen from the
    business's list, the free text, or both ("Teacher ill: back next week")."""
    picked = " ".join((choice or "").split())
    text = (note or "").strip()
    if picked and picked not in allowed:
        raise ValidationFailed("Choose a reason from the list.", field="reason")
    if len(text) > MAX_NOTE_LENGTH:
        raise ValidationFailed("Use at most {max} characters for the note.", field="note", max=MAX_NOTE_LENGTH)
    if not picked and not text:
        raise ValidationFailed("Choose a reason or write one.", field="reason")
    return f"{picked}: {text}" if picked and text else picked or text


@dataclass(frozen=True)
class SessionSlot:
    """What the series rule needs of a session."""

    id: int
    starts_at: datetime
    series_key: str | None
    cancelled: bool


def sessions_to_cancel(this: SessionSlot, others: list[SessionSlot], scope: Scope, now: datetime) -> list[int]:
    """The ids a cancellation acts on, in start order: this session, and with `SERIES`
    every later session of the same weekly set that is neither cancelled nor started.
    A session without a series key has no rest."""
    chosen = [this] if not this.cancelled and this.starts_at > now else []
    if scope == Scope.SERIES and this.series_key:
        chosen += [s for s in others if s.series_key == this.series_key and s.id != this.id and s.starts_at > this.starts_at
                   and s.starts_at > now and not s.cancelled]
    return [s.id for s in sorted(chosen, key=lambda s: (s.starts_at, s.id))]


def participants_are_told(*, old_start: datetime, new_start: datetime, old_place: str, new_place: str) -> bool:
    """A change of time or place reaches every participant (with a new calendar file);
    capacity, staff or credits for later bookings do not change their plans."""
    return old_start != new_start or (old_place or "").strip() != (new_place or "").strip()
