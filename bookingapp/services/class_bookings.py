"""Class bookings for customers and staff alike: book a place (class_seats.py), cancel
one, and what a cancellation would do with the credits.

Cancelling locks the ClassSession row first, as booking does (class_seats.py says why).
A freed place goes to the waitlist (services/waitlist.py, `place_freed`); the waitlist
itself books through class_seats, so it never imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bookingapp.domain.attendance import check_removable
from bookingapp.domain.booking_states import ACTIVE, Action
from bookingapp.domain.class_rules import (
    AlreadyBooked,
    CancelOutcome,
    NotEnoughCredits,
    OnlineBookingClosed,
    SessionCancelled,
    SessionFull,
    SessionStarted,
    cancel_outcome,
)
from bookingapp.domain.errors import NotFound, PermissionDenied
from bookingapp.domain.user_input import Id, LinkToken, Paragraph, user_input
from bookingapp.models import Booking, ClassSession, Organization
from bookingapp.services import credits, manage_links, waitlist
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import (
    booking_context,
    cancellation_file,
    customer_actor,
    transition,
)
from bookingapp.services.class_seats import (
    book_seat,
    bookable_places,
    free_places,
    locked_session,
    taken_places,
)
from bookingapp.services.notifications import queue_email

# Booking a place and counting places live in class_seats.py (the waitlist builds on them);
# for everyone else they stay part of this module's interface.
__all__ = [
    "AlreadyBooked", "CancelOutcome", "NotEnoughCredits", "OnlineBookingClosed", "SessionCancelled", "SessionFull",
    "SessionStarted", "book_seat", "bookable_places", "cancel_seat", "cancel_seat_by_token", "cancellation_preview", "free_places",
    "manage_info", "notify_place_freed", "taken_places",
]


def _class_booking(session: Session, booking_id: int | None, actor: Actor, *, lock: bool) -> tuple[Booking, ClassSession]:
    booking = get_owned(session, Booking, booking_id, actor)
    if booking.session_id is None or (actor.kind == "customer" and booking.customer_id != actor.id):
        raise NotFound()
    class_session = locked_session(session, booking.session_id, actor) if lock else session.get(ClassSession, booking.session_id)
    session.refresh(booking)
    return booking, class_session


@user_input
def cancellation_preview(session: Session, *, now: datetime, booking_id: Id | None = None, actor: Actor | None = None,
                         token: LinkToken | None = None) -> CancelOutcome:
    """What cancelling now would do with the credits, for the confirmation dialog.
    Staff and signed-in customers pass `booking_id` and `actor`; the manage page its `token`."""
    if token is not None:
        booking = manage_links.booking_for(session, token, now=now)
        actor = customer_actor(session, booking)
        booking_id = booking.id
    if actor is None:
        raise PermissionDenied()
    booking, class_session = _class_booking(session, booking_id, actor, lock=False)
    return cancel_outcome(starts_at=class_session.starts_at, window_minutes=class_session.free_cancellation_minutes,
                          credits_spent=booking.credits_spent, now=now)


@user_input
def cancel_seat(session: Session, *, booking_id: Id, actor: Actor, reason: Paragraph, now: datetime) -> CancelOutcome:
    """Cancel a class booking (the customer) or remove the participant (staff), with a reason.
    Credits come back only inside the free-cancellation window; customers cannot cancel
    once the class has started. The freed place goes to the waitlist."""
    text = clean_text(reason, field="reason", label="a reason", max_length=500)
    booking, class_session = _class_booking(session, booking_id, actor, lock=True)
    if not actor.is_staff and now >= class_session.starts_at:
        raise SessionStarted()
    check_removable(booking.attendance)
    transition(session, booking, Action.CANCEL, now)  # raises when no longer active
    outcome = cancel_outcome(starts_at=class_session.starts_at, window_minutes=class_session.free_cancellation_minutes,
                             credits_spent=booking.credits_spent, now=now)
    credits.refund(session, booking=booking, credits=outcome.refunded_credits, reason=f"Cancelled · {booking.reference}",
                   staff_user_id=actor.id if actor.is_staff else None, now=now)
    booking.cancel_reason = text
    session.add(booking)
    by_staff = actor.is_staff
    log_action(session, actor=actor, action="class.removed_by_staff" if by_staff else "class.cancelled_by_customer",
               organization_id=booking.organization_id, booking_id=booking.id, customer_id=booking.customer_id,
               data={"session_id": class_session.id, "reason": text, "free": outcome.free,
                     "refunded_credits": outcome.refunded_credits})
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="class_removed_by_staff" if by_staff else "class_cancelled",
                to=ctx.customer.email, booking_id=booking.id, locale=ctx.customer.locale,
                values={**ctx.values, "REASON": text, "CREDITS_REFUNDED": str(outcome.refunded_credits),
                        "CREDIT_BALANCE": str(credits.balance(session, booking.customer_id))},
                attachments=[cancellation_file(ctx)])
    notify_place_freed(session, class_session, now)
    return outcome


@user_input
def cancel_seat_by_token(session: Session, *, token: LinkToken, reason: Paragraph, now: datetime) -> CancelOutcome:
    """The manage page's cancel: the link is the customer's proof of identity."""
    booking = manage_links.booking_for(session, token, now=now)
    return cancel_seat(session, booking_id=booking.id, actor=customer_actor(session, booking), reason=reason, now=now)


@dataclass(frozen=True)
class ManageInfo:
    """What the manage page says about a class booking: can it still be cancelled online,
    and what would cancelling now do with the credits."""

    can_cancel: bool
    outcome: CancelOutcome


@user_input
def manage_info(session: Session, *, token: LinkToken, now: datetime) -> ManageInfo:
    booking = manage_links.booking_for(session, token, now=now)
    if booking.session_id is None:
        raise NotFound()
    outcome = cancellation_preview(session, token=token, now=now)
    return ManageInfo(booking.status in ACTIVE and now < booking.starts_at, outcome)


def notify_place_freed(session: Session, class_session: ClassSession, now: datetime) -> None:
    """Tell the waitlist a place is free (after a cancellation or a capacity raise)."""
    waitlist.place_freed(session, class_session, now)


def org_of(session: Session, class_session: ClassSession) -> Organization:
    return session.get(Organization, class_session.organization_id)
