"""Places in class sessions: how many are left, and booking one (paying with credits).

Capacity is never exceeded: every booking and every cancellation first locks the
ClassSession row (`locked_session`: SELECT … FOR UPDATE on PostgreSQL; on SQLite every
writer already holds the database's write lock from BEGIN IMMEDIATE), then counts the
places taken. Of several customers, staff and waitlist claims racing for the last place,
exactly one wins.

Both class_bookings.py (which also cancels) and waitlist.py (whose claims book through
`book_seat(source="waitlist")`) build on this module; it imports neither.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import ACTIVE, Status
from bookingapp.domain.class_rules import (
    AlreadyBooked,
    NotEnoughCredits,
    OnlineBookingClosed,
    PlaceHeldForWaitlist,
    SessionCancelled,
    SessionFull,
    SessionStarted,
)
from bookingapp.domain.class_rules import free_places as _free_places
from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.models import Booking, ClassSession, Customer, Service, WaitlistEntry
from bookingapp.services import booking_common, credits, manage_links, proposal_holds
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor
from bookingapp.services.booking_common import booking_context, email_confirmation

SOURCES = ("online", "staff", "waitlist")


def taken_places(session: Session, class_session_id: int) -> int:
    total = session.exec(select(func.coalesce(func.sum(Booking.party_size), 0)).where(
        Booking.session_id == class_session_id, col(Booking.status).in_(ACTIVE))).one()
    return int(total)


def free_places(session: Session, class_session: ClassSession) -> int:
    return _free_places(class_session.capacity, taken_places(session, class_session.id))


class PlaceHeldForProposal(SessionFull):
    message = "The free places are offered to other customers for now. Please choose another session."


def bookable_places(session: Session, class_session: ClassSession, customer_id: int | None, now: datetime) -> int:
    """Free places this customer could book now: free, minus those promised to others
    (waitlist offers, and open rebooking proposals: `proposal_holds`)."""
    return (free_places(session, class_session) - _held_by_offers(session, class_session.id, customer_id, now)
            - proposal_holds.held_places(session, class_session_id=class_session.id, now=now))


def _held_by_offers(session: Session, class_session_id: int, customer_id: int | None, now: datetime) -> int:
    """Places offered to people on the waitlist (other than this customer) and not yet
    expired: the offer email promises the place until its deadline, so nobody else may
    take it meanwhile, not even staff."""
    held = session.exec(select(func.coalesce(func.sum(WaitlistEntry.party_size), 0)).where(
        WaitlistEntry.session_id == class_session_id, WaitlistEntry.status == "offered",
        WaitlistEntry.customer_id != (customer_id or 0), col(WaitlistEntry.offer_expires_at) > now)).one()
    return int(held)


def locked_session(session: Session, class_session_id: int, actor: Actor) -> ClassSession:
    # populate_existing: the locked, current row, not what the identity map held before
    row = session.get(ClassSession, class_session_id, with_for_update=True, populate_existing=True)
    if row is None or row.organization_id != actor.organization_id:
        raise NotFound()
    return row


def _full_before_lock(session: Session, *, class_session_id: int, customer: Customer, source: str, party_size: int,
                      now: datetime) -> bool:
    """True when the session is already full for this booking, read without the lock.

    In a burst on the last places, every attempt after the last one sold queued on the
    row lock only to hear "full" (bench/burst_bench.py: most of its time to answer was
    that wait). Places are only taken under the lock, so seats counted from committed
    rows that already fill the capacity stay full until a cancellation commits: "full"
    is a true answer at the moment of the read, as if the customer had come a moment
    earlier. Anything else (room left, or an answer that would come before "full":
    cancelled, started, closed, already booked) goes on to the lock, which decides.
    """
    row = session.get(ClassSession, class_session_id)
    if row is None or row.organization_id != customer.organization_id or row.cancelled or now >= row.starts_at:
        return False
    if source == "online":
        service = session.get(Service, row.service_id)
        if not (row.online_booking and service.active):
            return False
    if taken_places(session, row.id) + party_size <= row.capacity:
        return False
    already = session.exec(select(Booking.id).where(
        Booking.session_id == row.id, Booking.customer_id == customer.id, col(Booking.status).in_(ACTIVE))).first()
    return already is None


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
              party_size: int = 1, note: str = "") -> Booking:
    """Book `party_size` places for the customer, paying `credit_cost` per place from their
    credits. Online bookings need the session's online booking on; staff may add anyone
    (and may book without taking credits: `use_credits=False`, e.g. a guest paying on site).
    Raises SessionFull, NotEnoughCredits, OnlineBookingClosed, SessionStarted, AlreadyBooked,
    SessionCancelled — and then nothing is written."""
    _check_actor_for(actor, customer, source)
    if not use_credits and not (actor.is_staff or source == "waitlist"):  # waitlist: the business lets guests pay on site
        raise PermissionDenied()
    if party_size < 1:
        raise ValidationFailed("Book at least one place.", field="party_size")
    if _full_before_lock(session, class_session_id=class_session_id, customer=customer, source=source,
                         party_size=party_size, now=now):
        raise SessionFull()
    class_session = locked_session(session, class_session_id, actor)
    if class_session.cancelled:
        raise SessionCancelled()
    if now >= class_session.starts_at:
        raise SessionStarted()
    service = session.get(Service, class_session.service_id)
    if source == "online" and not (class_session.online_booking and service.active):  # archived: a stale page may still ask
        raise OnlineBookingClosed()
    already = session.exec(select(Booking.id).where(
        Booking.session_id == class_session.id, Booking.customer_id == customer.id, col(Booking.status).in_(ACTIVE))).first()
    if already is not None:
        raise AlreadyBooked()
    free = free_places(session, class_session)
    if free < party_size:
        raise SessionFull()
    offered = _held_by_offers(session, class_session.id, customer.id, now)
    if free - offered < party_size:
        raise PlaceHeldForWaitlist()
    if free - offered - proposal_holds.held_places(session, class_session_id=class_session.id, now=now) < party_size:
        raise PlaceHeldForProposal()
    cost = class_session.credit_cost * party_size if use_credits else 0
    balance = credits.locked_balance(session, customer, now) if cost else None
    if balance is not None and balance < cost:
        raise NotEnoughCredits(balance=balance, cost=cost)

    booking = Booking(
        organization_id=class_session.organization_id, reference=booking_common.new_reference(), customer_id=customer.id,
        service_id=service.id, session_id=class_session.id, staff_user_id=class_session.staff_user_id, series_id=series_id,
        starts_at=class_session.starts_at, ends_at=class_session.ends_at, party_size=party_size,
        group_booking=party_size > 1, note=note, status=Status.CONFIRMED, location=class_session.location,
        alert_message=booking_common.alert_for(customer),
        price_minor=0, currency=service.currency, credits_spent=cost, created_at=now, updated_at=now,
        cutoff_minutes=service.cutoff_minutes, customer_cancellation=service.customer_cancellation,  # frozen terms
    )
    manage_links.issue(booking)
    session.add(booking)
    session.flush()
    credits.debit(session, customer=customer, booking=booking, cost=cost, reason=f"{service.name} · {booking.reference}",
                  balance_now=balance, now=now)
    log_action(session, actor=actor, action="class.booked", organization_id=booking.organization_id, booking_id=booking.id,
               customer_id=customer.id, data={"session_id": class_session.id, "source": source, "credits": cost})
    ctx = booking_context(session, booking)
    left = credits.balance(session, customer.id) if balance is None else balance - cost
    email_confirmation(session, ctx, now, key="class_booked", extra={"CREDITS": str(cost), "CREDIT_BALANCE": str(left)})
    return booking
