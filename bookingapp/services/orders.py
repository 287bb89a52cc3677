"""The provider's orders: every booking of the organization, searchable, and one
order's page with its customer, payment and history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, or_, select

from bookingapp.domain.booking_states import ACTIVE
from bookingapp.domain.errors import NotFound
from bookingapp.models import (
    ActivityLog,
    Booking,
    Customer,
    Organization,
    Payment,
    Service,
    StaffUser,
    utcnow,
)
from bookingapp.services import payments
from bookingapp.services.activity import booking_history
from bookingapp.services.actors import Actor

PAGE_SIZE = 50
FILTERS = ("upcoming", "refund", "past", "all")


@dataclass
class OrderRow:
    booking: Booking
    customer: Customer
    service: Service


def list_orders(session: Session, *, actor: Actor, show: str = "upcoming", search: str = "", now: datetime | None = None,
                limit: int = PAGE_SIZE) -> list[OrderRow]:
    now = now or utcnow()
    stmt = (
        select(Booking, Customer, Service)
        .join(Customer, col(Customer.id) == Booking.customer_id)
        .join(Service, col(Service.id) == Booking.service_id)
        .where(Booking.organization_id == actor.organization_id)
    )
    if show == "upcoming":
        stmt = stmt.where(col(Booking.status).in_(ACTIVE), Booking.ends_at >= now).order_by(col(Booking.starts_at))
    elif show == "refund":
        stmt = stmt.where(Booking.refund_decision == "pending").order_by(col(Booking.updated_at).desc())
    elif show == "past":
        stmt = stmt.where(or_(Booking.ends_at < now, ~col(Booking.status).in_(ACTIVE))).order_by(col(Booking.starts_at).desc())
    else:
        stmt = stmt.order_by(col(Booking.created_at).desc())
    needle = search.strip().lower()[:100]
    if needle:
        like = f"%{needle}%"
        stmt = stmt.where(or_(col(Customer.name).ilike(like), col(Customer.email).ilike(like), col(Booking.reference).ilike(like)))
    return [OrderRow(b, c, s) for b, c, s in session.exec(stmt.limit(limit))]


@dataclass
class OrderDetail:
    booking: Booking
    org: Organization
    customer: Customer
    service: Service
    staff: StaffUser | None
    payment: Payment | None
    history: list[ActivityLog]


def order_detail(session: Session, *, actor: Actor, reference: str) -> OrderDetail:
    booking = session.exec(
        select(Booking).where(Booking.reference == reference.strip().upper(), Booking.organization_id == actor.organization_id)
    ).first()
    if booking is None:
        raise NotFound()
    return OrderDetail(
        booking=booking,
        org=session.get(Organization, booking.organization_id),
        customer=session.get(Customer, booking.customer_id),
        service=session.get(Service, booking.service_id),
        staff=session.get(StaffUser, booking.staff_user_id) if booking.staff_user_id else None,
        payment=payments.active_hold(session, booking.id),
        history=booking_history(session, booking_id=booking.id, organization_id=booking.organization_id),
    )
