"""Appointment services: instant booking into free times (toward issue 6).

The free times come from `domain.availability` (rows read by `services.free_times`): the
union over everyone who gives the service, or the times of the one person the customer
picked. Booking re-checks the chosen time inside the transaction after locking the
service row and then the rows of the staff members concerned (in id order), so two
customers racing for one slot can never both get it, not even through two services
that share a person (SQLite serializes writers with BEGIN IMMEDIATE; PostgreSQL waits
on the row locks).
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bookingapp.domain.availability import BookingRules, dots, to_datetimes
from bookingapp.domain.booking_states import Action, Status
from bookingapp.domain.business_rules import LOCALES
from bookingapp.domain.errors import DomainError, NotFound, ValidationFailed
from bookingapp.domain.user_input import CardText, Choice, Email, Id, Line, Moment, user_input
from bookingapp.integrations.payments import CardInput, PaymentGateway
from bookingapp.models import Booking, Organization, Service, StaffUser, utcnow
from bookingapp.services import address_checks, free_times, payments
from bookingapp.services.accounts import clean_text, normalize_email
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor
from bookingapp.services.booking_common import (
    announce_booking,
    customer_for,
    place_booking,
    transition,
)


class SlotUnavailable(DomainError):
    message = "This time was just taken or is no longer available. Please choose another."


@dataclass(frozen=True)
class DayAvailability:
    day: date
    dots: int
    slots: list[datetime]


def _team(session: Session, service: Service, staff_user_id: int | None) -> list[int]:
    """Whose times count: the one picked (if they give the service), or everyone."""
    team = free_times.members(session, service)
    if staff_user_id is None:
        return team
    return [staff_user_id] if staff_user_id in team else []


@user_input
def month(session: Session, *, service: Service, year: int, month_number: int, now: datetime | None = None,
          ignore: Id | None = None, staff_user_id: Id | None = None, for_staff: bool = False) -> list[DayAvailability]:
    """Every day of a month with its dots and free times: the times of the staff member
    picked, or with `staff_user_id` None of anyone who gives the service. A handful of
    queries for the whole month, whatever the number of staff. `for_staff`: as the front
    desk books (from now on, a year ahead: `free_times.staff_rules`)."""
    now = now or utcnow()
    org = session.get(Organization, service.organization_id)
    days = [date(year, month_number, d) for d in range(1, calendar.monthrange(year, month_number)[1] + 1)]
    loaded = free_times.load(session, service=service, org=org, first=days[0], last=days[-1], now=now,
                             staff_ids=_team(session, service, staff_user_id), ignore=ignore,
                             rules=free_times.staff_rules(service) if for_staff else None)
    result = []
    for day in days:
        slots, possible = loaded.engine.free_starts(day)
        result.append(DayAvailability(day, dots(len(slots), possible), to_datetimes(slots)))
    return result


def lock_staff(session: Session, staff_ids: list[int]) -> None:
    """Lock the people's rows in id order: two bookings of one person, through two services
    or two front desks, serialize here (after the service row; always in this order)."""
    if staff_ids:
        session.exec(select(StaffUser.id).where(col(StaffUser.id).in_(staff_ids)).order_by(col(StaffUser.id)).with_for_update()).all()


def free_staff_at(session: Session, *, service: Service, org: Organization, start: datetime, now: datetime,
                  team: list[int], ignore: int | None = None, rules: BookingRules | None = None) -> list[int]:
    """Who of `team` is free at `start` (UTC) under the rules (the service's by default):
    those with the fewest bookings that local day first, then the lowest id (so the choice
    is the same every time)."""
    local_day = start.astimezone(ZoneInfo(org.timezone)).date()
    loaded = free_times.load(session, service=service, org=org, first=local_day, last=local_day, now=now,
                             staff_ids=team, ignore=ignore, rules=rules)
    free, _ = loaded.engine.day(local_day)
    second = int(start.timestamp())
    candidates = [staff_id for staff_id, slots in free.items() if second in slots and start.microsecond == 0]
    day_start, day_end = (int(m.timestamp()) for m in free_times.local_bounds(local_day, local_day, org.timezone))
    that_day = Counter(staff_id for staff_id, when in loaded.bookings if day_start <= when < day_end)
    return sorted(candidates, key=lambda staff_id: (that_day[staff_id], staff_id))


def _free_staff(session: Session, *, service: Service, org: Organization, start: datetime, now: datetime,
                ignore: int | None, staff_user_id: int | None) -> int:
    """The staff member who takes a booking at `start` (UTC), else SlotUnavailable: the one
    picked, or of those free the one with the fewest bookings that local day."""
    team = _team(session, service, staff_user_id)
    lock_staff(session, team)
    candidates = free_staff_at(session, service=service, org=org, start=start, now=now, team=team, ignore=ignore)
    if not candidates:
        raise SlotUnavailable()
    return candidates[0]


def ensure_free(session: Session, *, service: Service, org: Organization, starts_at: datetime, now: datetime,
                ignore: int | None = None, staff_user_id: int | None = None) -> datetime:
    """The start (UTC) if it is one of the service's free times right now (of the staff
    member given, or of anyone), else SlotUnavailable. Callers hold the service row lock,
    and this locks the staff rows, so the answer stays true until they commit."""
    start = starts_at.astimezone(UTC)
    _free_staff(session, service=service, org=org, start=start, now=now, ignore=ignore, staff_user_id=staff_user_id)
    return start


def staff_options(session: Session, *, service: Service) -> list[free_times.StaffOption]:
    """The people a customer may pick for the service (none or one: nothing to pick)."""
    return free_times.staff_options(session, service)


@user_input
def book(session: Session, *, service_id: Id, starts_at: Moment, name: Line, email: Email, phone: Line = "",
         card: CardInput | CardText | None = None, gateway: PaymentGateway | None = None,
         now: datetime | None = None, staff_user_id: Id | None = None,
         locale: Annotated[str | None, Choice(LOCALES)] = None) -> tuple[Booking, str]:
    """Book a free time, paying now when a card is given. Unpaid, prepayment 'required'
    leaves the booking pending payment; a declined card books nothing. `staff_user_id`:
    the person the customer picked; None gives the booking to whoever is free. `locale`:
    the portal's language, which the customer's emails then use."""
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
    if staff_user_id is not None and staff_user_id not in free_times.members(session, service):
        raise NotFound()
    start = starts_at.astimezone(UTC)
    staff_id = _free_staff(session, service=service, org=org, start=start, now=now, ignore=None, staff_user_id=staff_user_id)
    customer = customer_for(session, org, email=address, name=person, phone=phone, locale=locale)
    actor = Actor("customer", org.id, customer.id, customer.name)
    status = Status.PENDING_PAYMENT if service.prepayment == "required" and service.price_minor > 0 else Status.CONFIRMED
    booking, token = place_booking(session, actor=actor, service=service, customer=customer, starts_at=start,
                                   staff_user_id=staff_id, status=status, now=now)
    log_action(session, actor=actor, action="booking.booked",
               organization_id=org.id, booking_id=booking.id, customer_id=customer.id, data={"starts_at": start.isoformat()})
    paying = card is not None and booking.price_minor > 0 and service.prepayment != "none"
    if address_checks.must_confirm(org, customer):
        # Held for the address: the card is only put on hold, and charged once confirmed.
        if paying:
            payments.authorize_hold(session, actor=actor, booking=booking, card=card, gateway=gateway)
        address_checks.hold(session, booking=booking, org=org, customer=customer, now=now)
        return booking, token
    if paying:
        payments.charge(session, actor=actor, booking=booking, card=card, gateway=gateway)
        if booking.status == Status.PENDING_PAYMENT:
            transition(session, booking, Action.PAY, now)
    announce_booking(session, booking, now)
    return booking, token
