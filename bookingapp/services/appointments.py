"""Appointment services: instant booking into free times (toward issue 6).

The free times come from `domain.availability`; booking re-checks the chosen time inside
the transaction after locking the service row, so two customers racing for one slot
can never both get it (SQLite serializes writers with BEGIN IMMEDIATE; PostgreSQL
waits on the row lock).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bookingapp.domain.availability import Interval, OpeningHours, dots, free_slots, possible_slots
from bookingapp.domain.booking_states import ACTIVE, Action, Status
from bookingapp.domain.errors import DomainError, NotFound, ValidationFailed
from bookingapp.domain.user_input import CardText, Email, Id, Line, Moment, user_input
from bookingapp.integrations.payments import CardInput, PaymentGateway
from bookingapp.models import AvailabilityRule, Booking, Organization, Service, TimeOff, utcnow
from bookingapp.services import manage_links, payments
from bookingapp.services.accounts import clean_text, normalize_email
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor
from bookingapp.services.booking_common import (
    alert_for,
    booking_context,
    customer_for,
    email_confirmation,
    longest_booking,
    new_reference,
    provider_email,
    transition,
)
from bookingapp.services.notifications import queue_email

MIN_LEAD = timedelta(hours=1)


class SlotUnavailable(DomainError):
    message = "This time was just taken or is no longer available. Please choose another."


@dataclass(frozen=True)
class DayAvailability:
    day: date
    dots: int
    slots: list[datetime]


def _hours(session: Session, service: Service) -> list[OpeningHours]:
    rules = session.exec(select(AvailabilityRule).where(AvailabilityRule.service_id == service.id))
    return [OpeningHours(r.weekday, r.start_time, r.end_time) for r in rules]


def _busy(session: Session, service: Service, start: datetime, end: datetime, *, ignore: int | None = None) -> list[Interval]:
    """Everything that blocks the service's staff member (or the service) in a period;
    `ignore` leaves out the booking being moved, so its own time counts as free."""
    owner = Booking.staff_user_id == service.staff_user_id if service.staff_user_id else Booking.service_id == service.id
    bookings = session.exec(select(Booking.starts_at, Booking.ends_at).where(
        Booking.organization_id == service.organization_id, owner, col(Booking.status).in_(ACTIVE),
        Booking.starts_at < end, Booking.starts_at > start - longest_booking(session, service.organization_id),
        Booking.ends_at > start, Booking.id != (ignore or 0)))
    time_off = session.exec(select(TimeOff.starts_at, TimeOff.ends_at).where(
        TimeOff.organization_id == service.organization_id, TimeOff.starts_at < end, TimeOff.ends_at > start,
        (col(TimeOff.staff_user_id).is_(None)) | (TimeOff.staff_user_id == service.staff_user_id)))
    return [Interval(s, e) for s, e in [*bookings, *time_off]]


def month(session: Session, *, service: Service, year: int, month_number: int, now: datetime | None = None,
          ignore: int | None = None) -> list[DayAvailability]:
    """Every day of a month with its dots and free times, from one query for the month."""
    now = now or utcnow()
    org = session.get(Organization, service.organization_id)
    tz = ZoneInfo(org.timezone)
    days = [date(year, month_number, d) for d in range(1, calendar.monthrange(year, month_number)[1] + 1)]
    start = datetime.combine(days[0], datetime.min.time(), tz).astimezone(UTC)
    end = datetime.combine(days[-1] + timedelta(days=1), datetime.min.time(), tz).astimezone(UTC)
    hours, busy = _hours(session, service), _busy(session, service, start, end, ignore=ignore)
    duration = timedelta(minutes=service.duration_minutes)
    step = min(duration, timedelta(minutes=30))
    result = []
    for day in days:
        slots = free_slots(day, hours=hours, busy=busy, tz=org.timezone, duration=duration, step=step, now=now, lead=MIN_LEAD)
        possible = possible_slots(day, hours=hours, tz=org.timezone, duration=duration, step=step)
        result.append(DayAvailability(day, dots(len(slots), possible), slots))
    return result


def ensure_free(session: Session, *, service: Service, org: Organization, starts_at: datetime, now: datetime,
                ignore: int | None = None) -> datetime:
    """The start (UTC) if it is one of the service's free times right now, else SlotUnavailable.
    Callers hold the service row lock, so the answer stays true until they commit."""
    start = starts_at.astimezone(UTC)
    local_day = start.astimezone(ZoneInfo(org.timezone)).date()
    duration = timedelta(minutes=service.duration_minutes)
    busy = _busy(session, service, start - timedelta(days=1), start + timedelta(days=1), ignore=ignore)
    free = free_slots(local_day, hours=_hours(session, service), busy=busy, tz=org.timezone, duration=duration,
                      step=min(duration, timedelta(minutes=30)), now=now, lead=MIN_LEAD)
    if start not in free:
        raise SlotUnavailable()
    return start


@user_input
def book(session: Session, *, service_id: Id, starts_at: Moment, name: Line, email: Email, phone: Line = "",
         card: CardInput | CardText | None = None, gateway: PaymentGateway | None = None,
         now: datetime | None = None) -> tuple[Booking, str]:
    """Book a free time, paying now when a card is given. Unpaid, prepayment 'required'
    leaves the booking pending payment; a declined card books nothing."""
    now = now or utcnow()
    service = session.get(Service, service_id, with_for_update=True)
    if service is None or service.kind != "appointment" or not service.active or not service.online_booking:
        raise NotFound()
    if starts_at.tzinfo is None:
        raise ValidationFailed("Choose a time.", field="starts_at")
    person = clean_text(name, field="name", label="your name", max_length=120)
    address = normalize_email(email)
    phone = clean_text(phone, field="phone", label="a phone number", max_length=40, required=False)
    org = session.get(Organization, service.organization_id)
    start = ensure_free(session, service=service, org=org, starts_at=starts_at, now=now)
    duration = timedelta(minutes=service.duration_minutes)
    customer = customer_for(session, org, email=address, name=person, phone=phone)
    booking = Booking(
        organization_id=org.id, reference=new_reference(), customer_id=customer.id, service_id=service.id,
        staff_user_id=service.staff_user_id, starts_at=start, ends_at=start + duration,
        status=Status.PENDING_PAYMENT if service.prepayment == "required" and service.price_minor > 0 else Status.CONFIRMED,
        location=service.location, alert_message=alert_for(customer), price_minor=service.price_minor, currency=service.currency,
        cutoff_minutes=service.cutoff_minutes, customer_cancellation=service.customer_cancellation,  # frozen terms
    )
    token = manage_links.issue(booking)
    session.add(booking)
    session.flush()
    actor = Actor("customer", org.id, customer.id, customer.name)
    log_action(session, actor=actor, action="booking.booked",
               organization_id=org.id, booking_id=booking.id, customer_id=customer.id, data={"starts_at": start.isoformat()})
    if card is not None and booking.price_minor > 0 and service.prepayment != "none":
        payments.charge(session, actor=actor, booking=booking, card=card, gateway=gateway)
        if booking.status == Status.PENDING_PAYMENT:
            transition(session, booking, Action.PAY, now)
    ctx = booking_context(session, booking)
    if booking.status == Status.PENDING_PAYMENT:
        queue_email(session, org=org, key="booking_payment_required", to=customer.email, booking_id=booking.id,
                    locale=customer.locale, values=ctx.values)
    else:
        email_confirmation(session, ctx, now)
    queue_email(session, org=org, key="new_booking_instant", to=provider_email(session, org, service), booking_id=booking.id,
                values=ctx.values)
    return booking, token
