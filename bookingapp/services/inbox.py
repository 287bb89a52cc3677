"""What the provider's inbox shows: requests waiting for an answer, soonest deadline
first, and proposals waiting for the customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import Status
from bookingapp.domain.user_input import Internal, user_input
from bookingapp.models import (
    ActivityLog,
    Booking,
    BookingMessage,
    Customer,
    Payment,
    Proposal,
    Service,
)
from bookingapp.services import conversations
from bookingapp.services.actors import Actor


@dataclass(frozen=True)
class InboxItem:
    booking: Booking
    customer: Customer
    service: Service
    payment: Payment | None
    proposal: Proposal | None
    history: list[ActivityLog]
    # The customer's answer to the open proposal with a time of their own (issue 21).
    suggestion: BookingMessage | None = None


def waiting(session: Session, *, actor: Actor, statuses: tuple[str, ...], limit: int = 50) -> list[InboxItem]:
    rows = session.exec(
        select(Booking, Customer, Service)
        .join(Customer, Customer.id == Booking.customer_id)
        .join(Service, Service.id == Booking.service_id)
        .where(Booking.organization_id == actor.organization_id, col(Booking.status).in_(statuses))
        .order_by(col(Booking.respond_by).asc(), col(Booking.id).asc())
        .limit(limit)
    ).all()
    ids = [b.id for b, _, _ in rows]
    pays = {p.booking_id: p for p in session.exec(select(Payment).where(col(Payment.booking_id).in_(ids)).order_by(Payment.id))}
    props = {p.booking_id: p for p in session.exec(select(Proposal).where(col(Proposal.booking_id).in_(ids), Proposal.status == "open"))}
    history: dict[int, list[ActivityLog]] = {}
    for entry in session.exec(select(ActivityLog).where(col(ActivityLog.booking_id).in_(ids))
                              .order_by(col(ActivityLog.created_at).desc(), col(ActivityLog.id).desc())):
        history.setdefault(entry.booking_id, []).append(entry)
    suggestions = {b.id: conversations.latest_suggestion(session, b, since=props[b.id].created_at)
                   for b, _, _ in rows if b.id in props and b.customer_reply}
    return [InboxItem(b, c, s, pays.get(b.id), props.get(b.id), history.get(b.id, []), suggestions.get(b.id)) for b, c, s in rows]


def requests_waiting(session: Session, *, actor: Actor, limit: int = 50) -> list[InboxItem]:
    return waiting(session, actor=actor, statuses=(Status.REQUESTED,), limit=limit)


def proposals_waiting(session: Session, *, actor: Actor, limit: int = 50) -> list[InboxItem]:
    return waiting(session, actor=actor, statuses=(Status.RESCHEDULE_PROPOSED,), limit=limit)


@user_input
def is_urgent(respond_by: Annotated[datetime | None, Internal()], now: datetime) -> bool:
    return respond_by is not None and (respond_by - now).total_seconds() < 6 * 3600
