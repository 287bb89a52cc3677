"""Places in class sessions: book one (paying with credits), cancel one, and what a
cancellation would do with the credits — for customers and staff alike.

Capacity is never exceeded: every booking and every cancellation first locks the
ClassSession row (SELECT … FOR UPDATE on PostgreSQL; on SQLite every writer already holds
the database's write lock from BEGIN IMMEDIATE), then counts the places taken. Of several
customers, staff and waitlist claims racing for the last place, exactly one wins.

The waitlist (services/waitlist.py) builds on `book_seat(source="waitlist")` and is
told through `place_freed` whenever a place becomes free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import ACTIVE, Action, Status
from bookingapp.domain.class_rules import (
    AlreadyBooked,
    CancelOutcome,
    NotEnoughCredits,
    OnlineBookingClosed,
    PlaceHeldForWaitlist,
    SessionCancelled,
    SessionFull,
    SessionStarted,
    cancel_outcome,
)
from bookingapp.domain.class_rules import free_places as _free_places
from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.domain.user_input import Id, LinkToken, Paragraph, user_input
from bookingapp.models import Booking, ClassSession, Customer, Organization, Service, WaitlistEntry
from bookingapp.services import booking_common, credits, manage_links
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import (
    booking_context,
    customer_actor,
    email_confirmation,
    transition,
)
from bookingapp.services.notifications import queue_email

SOURCES = ("online", "staff", "waitlist")

__all__ = [
    "AlreadyBooked", "CancelOutcome", "NotEnoughCredits", "OnlineBookingClosed", "SessionCancelled", "SessionFull",
    "SessionStarted", "book_seat", "bookable_places", "cancel_seat", "cancel_seat_by_token", "cancellation_preview", "free_places",
    "manage_info", "notify_place_freed", "taken_places",
]


def taken_places(session: Session, class_session_id: int) -> int:
    total = session.exec(select(func.coalesce(func.sum(Booking.party_size), 0)).where(
        Booking.session_id == class_session_id, col(Booking.status).in_(ACTIVE))).one()
    return int(total)


def free_places(session: Session, class_session: ClassSession) -> int:
    return _free_places(class_session.capacity, taken_places(session, class_session.id))


def bookable_places(session: Session, class_session: ClassSession, customer_id: int | None, now: datetime) -> int:
    """Free places this customer could book now: free, minus those promised to others."""
    return free_places(session, class_session) - _held_by_offers(session, class_session.id, customer_id, now)


def _held_by_offers(session: Session, class_session_id: int, customer_id: int | None, now: datetime) -> int:
    """Places offered to people on the waitlist (other than this customer) and not yet
    expired: the offer email promises the place until its deadline, so nobody else may
    take it meanwhile, not even staff."""
    held = session.exec(select(func.coalesce(func.sum(WaitlistEntry.party_size), 0)).where(
        WaitlistEntry.session_id == class_session_id, WaitlistEntry.status == "offered",
        WaitlistEntry.customer_id != (customer_id or 0), col(WaitlistEntry.offer_expires_at) > now)).one()
    return int(held)


def _locked_session(session: Session, class_session_id: int, actor: Actor) -> ClassSession:
    # populate_existing: the locked, current row, not what the identity map held before
    row = session.get(ClassSession, class_session_id, with_for_update=True, populate_existing=True)
    if row is None or row.organization_id != actor.organization_id:
        raise NotFound()
    return row


def _check_actor_for(actor: Actor, customer: Customer, source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}")
    if customer.organization_id != actor.organization_id:
        raise NotFound()
    if source == "staff" and not actor.is_staff:
        raise PermissionDenied()
    if actor.kind == "customer" and actor.id != customer.id:
        raise PermissionDenied()


def book_seat(session: Session, *, class_session_id: int, customer: Customer, actor: Actor, now: datetime,
              source: str = "online", series_id: int | None = None, use_credits: bool = True,
              party_size: int = 1) -> Booking:
    """Book `party_size` places for the customer, paying `credit_cost` per place from their
    credits. Online bookings need the session's online booking on; staff may add anyone
    (and may book without taking credits: `use_credits=False`, e.g. a guest paying on site).
    Raises SessionFull, NotEnoughCredits, OnlineBookingClosed, SessionStarted, AlreadyBooked,
    SessionCancelled — and then nothing is written."""
    _check_actor_for(actor, customer, source)
    if not use_credits and not actor.is_staff:
        raise PermissionDenied()
    if party_size < 1:
        raise ValidationFailed("Book at least one place.", field="party_size")
    class_session = _locked_session(session, class_session_id, actor)
    if class_session.cancelled:
        raise SessionCancelled()
    if now >= class_session.starts_at:
        raise SessionStarted()
    if source == "online" and not class_session.online_booking:
        raise OnlineBookingClosed()
    already = session.exec(select(Booking.id).where(
        Booking.session_id == class_session.id, Booking.customer_id == customer.id, col(Booking.status).in_(ACTIVE))).first()
    if already is not None:
        raise AlreadyBooked()
    free = free_places(session, class_session)
    if free < party_size:
        raise SessionFull()
    if free - _held_by_offers(session, class_session.id, customer.id, now) < party_size:
        raise PlaceHeldForWaitlist()
    cost = class_session.credit_cost * party_size if use_credits else 0
    balance = credits.locked_balance(session, customer) if cost else None
    if balance is not None and balance < cost:
        raise NotEnoughCredits(balance=balance, cost=cost)

    service = session.get(Service, class_session.service_id)
    booking = Booking(
        organization_id=class_session.organization_id, reference=booking_common.new_reference(), customer_id=customer.id,
        service_id=service.id, session_id=class_session.id, staff_user_id=class_session.staff_user_id, series_id=series_id,
        starts_at=class_session.starts_at, ends_at=class_session.ends_at, party_size=party_size,
        group_booking=party_size > 1, status=Status.CONFIRMED, location=class_session.location,
        alert_message=booking_common.alert_for(customer),
        price_minor=0, currency=service.currency, credits_spent=cost, created_at=now, updated_at=now,
    )
    manage_links.issue(booking)
    session.add(booking)
    session.flush()
    credits.debit(session, customer=customer, booking=booking, cost=cost, reason=f"{service.name} · {booking.reference}",
                  balance_now=balance)
    log_action(session, actor=actor, action="class.booked", organization_id=booking.organization_id, booking_id=booking.id,
               customer_id=customer.id, data={"session_id": class_session.id, "source": source, "credits": cost})
    ctx = booking_context(session, booking)
    left = credits.balance(session, customer.id) if balance is None else balance - cost
    email_confirmation(session, ctx, now, key="class_booked", extra={"CREDITS": str(cost), "CREDIT_BALANCE": str(left)})
    return booking


def _class_booking(session: Session, booking_id: int | None, actor: Actor, *, lock: bool) -> tuple[Booking, ClassSession]:
    booking = get_owned(session, Booking, booking_id, actor)
    if booking.session_id is None or (actor.kind == "customer" and booking.customer_id != actor.id):
        raise NotFound()
    class_session = _locked_session(session, booking.session_id, actor) if lock else session.get(ClassSession, booking.session_id)
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
    transition(session, booking, Action.CANCEL, now)  # raises when no longer active
    outcome = cancel_outcome(starts_at=class_session.starts_at, window_minutes=class_session.free_cancellation_minutes,
                             credits_spent=booking.credits_spent, now=now)
    credits.refund(session, booking=booking, credits=outcome.refunded_credits, reason=f"Cancelled · {booking.reference}",
                   staff_user_id=actor.id if actor.is_staff else None)
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
                        "CREDIT_BALANCE": str(credits.balance(session, booking.customer_id))})
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
    """Tell the waitlist a place is free (after a cancellation or a capacity raise).
    Imported late: the waitlist module builds on this one."""
    try:
        from bookingapp.services import waitlist
    except ImportError:
        return
    hook = getattr(waitlist, "place_freed", None)
    if hook is not None:
        hook(session, class_session, now)


def org_of(session: Session, class_session: ClassSession) -> Organization:
    return session.get(Organization, class_session.organization_id)
