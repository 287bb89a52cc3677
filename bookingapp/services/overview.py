"""Dashboard → Home: the business at a glance for its staff.

Today (in the organization's timezone): the next bookings and class sessions still to come,
the requests whose answer is due soonest, the bookings waiting for payment, the open
waitlist offers. Each list is its first few rows (LIMIT) and a COUNT of all of them, both
done by the database on the indexes the orders and the inbox already use.

This week (Monday to Sunday, local): each active team member's booked hours against the
hours they are open. Booked: their appointments and requests that hold the time (confirmed,
waiting for payment, rebooking asked, done, no-show), and the class sessions they teach
that have a place booked (a session counts once, however many places), summed per person
in the database. Open: their weekly hours with date overrides, minus time off, by the same
rule and the same reads the booking page offers times by (`free_times.hours_calendars`,
`domain.availability.open_seconds`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bookingapp.domain.availability import open_seconds
from bookingapp.domain.booking_states import ACTIVE, Status
from bookingapp.domain.day_range import local_midnight
from bookingapp.domain.errors import NotFound
from bookingapp.domain.formatting import fmt_number, fmt_percent
from bookingapp.domain.hours import day_of
from bookingapp.domain.waitlist_rules import EntryStatus
from bookingapp.models import (
    Booking,
    ClassSession,
    Customer,
    Organization,
    Service,
    StaffUser,
    WaitlistEntry,
    utcnow,
)
from bookingapp.services.actors import Actor
from bookingapp.services.free_times import hours_calendars

T = TypeVar("T")
SHOWN = 5  # rows of each list on the home page

# On today's list: bookings whose time is taken (a request still waiting is in its own list).
TODAY = (Status.CONFIRMED, Status.PENDING_PAYMENT, Status.REBOOKING_REQUESTED)
# Booked hours: the time is given to the customer, or was.
BOOKED = (*TODAY, Status.COMPLETED, Status.NO_SHOW)


@dataclass(frozen=True)
class TodayItem:
    starts_at: datetime
    ends_at: datetime
    service: str
    customer: str = ""  # a booking's customer; empty for a class session
    alert: str = ""  # the booking's red flag; for a session, the first flagged place's
    reference: str = ""  # a booking's order number
    session_id: int | None = None  # a class session
    places: int = 0  # a session's booked places
    capacity: int = 0


@dataclass(frozen=True)
class RequestItem:
    reference: str
    customer: str
    service: str
    starts_at: datetime
    respond_by: datetime | None
    alert: str


@dataclass(frozen=True)
class UnpaidItem:
    reference: str
    customer: str
    service: str
    starts_at: datetime
    payment_deadline: datetime | None
    price_minor: int
    currency: str
    alert: str


@dataclass(frozen=True)
class OfferItem:
    session_id: int
    service: str
    customer: str
    starts_at: datetime
    offer_expires_at: datetime | None


@dataclass
class Listing(Generic[T]):
    items: list[T]
    count: int  # all of them, not only those shown


@dataclass(frozen=True)
class StaffHours:
    staff_id: int
    name: str
    booked_minutes: int
    available_minutes: int

    @property
    def booked_share(self) -> Decimal | None:
        """Booked of available, in percent to one decimal; None when they are not open at all."""
        if self.available_minutes <= 0:
            return None
        return (Decimal(self.booked_minutes * 100) / self.available_minutes).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class Overview:
    timezone: str
    today: date
    week_first: date
    week_last: date
    next_today: Listing[TodayItem]
    requests: Listing[RequestItem]
    unpaid: Listing[UnpaidItem]
    offers: Listing[OfferItem]
    staff_hours: list[StaffHours] = field(default_factory=list)


def _count(session: Session, table, *conditions) -> int:
    """How many rows match, counted on the table alone (the joins only name what is shown)."""
    return int(session.exec(select(sa.func.count()).select_from(table).where(*conditions)).one())


def _minutes(seconds) -> int:
    return int(seconds or 0) // 60


def _epoch(column):
    return sa.cast(sa.extract("epoch", column), sa.Integer)


def overview(session: Session, *, actor: Actor, now: datetime | None = None) -> Overview:
    org = session.get(Organization, actor.organization_id) if actor.organization_id else None
    if org is None or not actor.is_staff:
        raise NotFound()
    now = now or utcnow()
    today = day_of(now, org.timezone)
    monday = today - timedelta(days=today.weekday())
    return Overview(
        timezone=org.timezone, today=today, week_first=monday, week_last=monday + timedelta(days=6),
        next_today=_next_today(session, org, today, now),
        requests=_requests(session, org),
        unpaid=_unpaid(session, org),
        offers=_offers(session, org, now),
        staff_hours=_staff_hours(session, org, monday),
    )


def _next_today(session: Session, org: Organization, today: date, now: datetime) -> Listing[TodayItem]:
    """What is still to come today: bookings and class sessions that have not ended, by start."""
    start, end = local_midnight(today, org.timezone), local_midnight(today + timedelta(days=1), org.timezone)
    booking_rows = (Booking.organization_id == org.id, col(Booking.status).in_(TODAY), col(Booking.session_id).is_(None),
                    Booking.starts_at >= start, Booking.starts_at < end, Booking.ends_at > now)
    bookings = (
        select(Booking.starts_at, Booking.ends_at, Service.name, Customer.name, Booking.alert_message, Booking.reference)
        .join(Service, col(Service.id) == Booking.service_id)
        .join(Customer, col(Customer.id) == Booking.customer_id)
        .where(*booking_rows)
    )
    places = (select(sa.func.coalesce(sa.func.sum(Booking.party_size), 0))
              .where(Booking.session_id == ClassSession.id, col(Booking.status).in_(ACTIVE))
              .correlate(ClassSession).scalar_subquery())
    flagged = (select(sa.func.min(Booking.alert_message))
               .where(Booking.session_id == ClassSession.id, col(Booking.status).in_(ACTIVE),
                      col(Booking.alert_message).is_not(None), Booking.alert_message != "")
               .correlate(ClassSession).scalar_subquery())
    session_rows = (ClassSession.organization_id == org.id, ClassSession.cancelled == False,  # noqa: E712
                    ClassSession.starts_at >= start, ClassSession.starts_at < end, ClassSession.ends_at > now)
    sessions = (
        select(ClassSession.starts_at, ClassSession.ends_at, Service.name, ClassSession.id, ClassSession.capacity,
               places, flagged)
        .join(Service, col(Service.id) == ClassSession.service_id)
        .where(*session_rows)
    )
    items = [TodayItem(s, e, service, customer, alert or "", reference)
             for s, e, service, customer, alert, reference in session.exec(
                 bookings.order_by(col(Booking.starts_at), col(Booking.id)).limit(SHOWN))]
    items += [TodayItem(s, e, service, alert=alert or "", session_id=session_id, places=int(taken or 0), capacity=capacity)
              for s, e, service, session_id, capacity, taken, alert in session.exec(
                  sessions.order_by(col(ClassSession.starts_at), col(ClassSession.id)).limit(SHOWN))]
    items.sort(key=lambda item: (item.starts_at, item.session_id or 0))
    return Listing(items[:SHOWN], _count(session, Booking, *booking_rows) + _count(session, ClassSession, *session_rows))


def _requested(org: Organization) -> tuple:
    return (Booking.organization_id == org.id, Booking.status == Status.REQUESTED)


def _unpaid_rows(org: Organization) -> tuple:
    return (Booking.organization_id == org.id, Booking.status == Status.PENDING_PAYMENT)


def _open_offers(org: Organization, now: datetime) -> tuple:
    return (WaitlistEntry.organization_id == org.id, WaitlistEntry.status == EntryStatus.OFFERED,
            col(WaitlistEntry.offer_expires_at).is_(None) | (col(WaitlistEntry.offer_expires_at) > now))


def _requests(session: Session, org: Organization) -> Listing[RequestItem]:
    """Requests waiting for an answer, the one due soonest first (as the inbox orders them)."""
    stmt = (
        select(Booking.reference, Customer.name, Service.name, Booking.starts_at, Booking.respond_by, Booking.alert_message)
        .join(Service, col(Service.id) == Booking.service_id)
        .join(Customer, col(Customer.id) == Booking.customer_id)
        .where(*_requested(org))
    )
    rows = session.exec(stmt.order_by(col(Booking.respond_by).is_(None), col(Booking.respond_by), col(Booking.id)).limit(SHOWN))
    return Listing([RequestItem(ref, customer, service, s, due, alert or "") for ref, customer, service, s, due, alert in rows],
                   _count(session, Booking, *_requested(org)))


def _unpaid(session: Session, org: Organization) -> Listing[UnpaidItem]:
    """Prepaid bookings waiting for payment, the deadline soonest first (then the start)."""
    stmt = (
        select(Booking.reference, Customer.name, Service.name, Booking.starts_at, Booking.payment_deadline,
               Booking.price_minor, Booking.currency, Booking.alert_message)
        .join(Service, col(Service.id) == Booking.service_id)
        .join(Customer, col(Customer.id) == Booking.customer_id)
        .where(*_unpaid_rows(org))
    )
    rows = session.exec(stmt.order_by(col(Booking.payment_deadline).is_(None), col(Booking.payment_deadline),
                                      col(Booking.starts_at), col(Booking.id)).limit(SHOWN))
    return Listing([UnpaidItem(ref, customer, service, s, due, price, currency, alert or "")
                    for ref, customer, service, s, due, price, currency, alert in rows],
                   _count(session, Booking, *_unpaid_rows(org)))


def _offers(session: Session, org: Organization, now: datetime) -> Listing[OfferItem]:
    """Waitlist places offered and not yet claimed, the offer ending soonest first."""
    stmt = (
        select(WaitlistEntry.session_id, Service.name, Customer.name, ClassSession.starts_at, WaitlistEntry.offer_expires_at)
        .join(ClassSession, col(ClassSession.id) == WaitlistEntry.session_id)
        .join(Service, col(Service.id) == ClassSession.service_id)
        .join(Customer, col(Customer.id) == WaitlistEntry.customer_id)
        .where(*_open_offers(org, now))
    )
    rows = session.exec(stmt.order_by(col(WaitlistEntry.offer_expires_at).is_(None), col(WaitlistEntry.offer_expires_at),
                                      col(WaitlistEntry.id)).limit(SHOWN))
    return Listing([OfferItem(session_id, service, customer, s, until) for session_id, service, customer, s, until in rows],
                   _count(session, WaitlistEntry, *_open_offers(org, now)))


def _staff_hours(session: Session, org: Organization, monday: date) -> list[StaffHours]:
    sunday = monday + timedelta(days=6)
    start, end = local_midnight(monday, org.timezone), local_midnight(sunday + timedelta(days=1), org.timezone)
    people = session.exec(select(StaffUser.id, StaffUser.name).where(StaffUser.organization_id == org.id,
                                                                       StaffUser.active == True)  # noqa: E712
                          .order_by(col(StaffUser.name), col(StaffUser.id))).all()
    ids = [staff_id for staff_id, _ in people]
    if not ids:
        return []
    length = _epoch(Booking.ends_at) - _epoch(Booking.starts_at)
    booked: dict[int, int] = {}
    for staff_id, seconds in session.exec(
        select(Booking.staff_user_id, sa.func.sum(length))
        .where(Booking.organization_id == org.id, col(Booking.status).in_(BOOKED), col(Booking.session_id).is_(None),
               col(Booking.staff_user_id).in_(ids), Booking.starts_at >= start, Booking.starts_at < end)
        .group_by(Booking.staff_user_id)
    ):
        booked[staff_id] = booked.get(staff_id, 0) + int(seconds or 0)
    has_place = (select(Booking.id).where(Booking.session_id == ClassSession.id, col(Booking.status).in_(BOOKED))
                 .correlate(ClassSession).exists())
    for staff_id, seconds in session.exec(
        select(ClassSession.staff_user_id, sa.func.sum(_epoch(ClassSession.ends_at) - _epoch(ClassSession.starts_at)))
        .where(ClassSession.organization_id == org.id, ClassSession.cancelled == False,  # noqa: E712
               col(ClassSession.staff_user_id).in_(ids), ClassSession.starts_at >= start, ClassSession.starts_at < end,
               has_place)
        .group_by(ClassSession.staff_user_id)
    ):
        booked[staff_id] = booked.get(staff_id, 0) + int(seconds or 0)
    calendars = hours_calendars(session, org=org, first=monday, last=sunday, staff_ids=ids)
    available = open_seconds(calendars.values(), tz=org.timezone,
                             days=[monday + timedelta(days=n) for n in range(7)])
    return [StaffHours(staff_id, name, _minutes(booked.get(staff_id)), _minutes(available.get(staff_id)))
            for staff_id, name in people]


# The staff-hours table's columns (translated where shown) and the chart's points.
HEADER = ["Team member", "Booked hours", "Available hours", "Booked share"]
NAME_ON_CHART = 14  # characters of a name beside a bar at 375 px


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), ROUND_HALF_UP)


def hours_table(rows: list[StaffHours], *, locale: str) -> list[list[str]]:
    """The table's cells: name, booked and available hours, booked share ("–" when not open)."""
    return [[r.name, fmt_number(_hours(r.booked_minutes), locale), fmt_number(_hours(r.available_minutes), locale),
             fmt_percent(r.booked_share, locale) if r.booked_share is not None else "–"] for r in rows]


def short_name(name: str) -> str:
    return name if len(name) <= NAME_ON_CHART else name[: NAME_ON_CHART - 1].rstrip() + "…"


def hours_points(rows: list[StaffHours]) -> list[dict[str, str | float]]:
    return [{"name": short_name(r.name), "booked": float(_hours(r.booked_minutes)),
             "available": float(_hours(r.available_minutes))} for r in rows]
