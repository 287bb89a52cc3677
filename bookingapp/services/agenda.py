"""The agenda (the dashboard calendar): bookings and class sessions day by day, in the
organization's timezone, with the red flag where a flagged customer is involved."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bookingapp import routes
from bookingapp.domain.booking_states import ACTIVE, Status
from bookingapp.domain.errors import PermissionDenied
from bookingapp.domain.user_input import Day, user_input
from bookingapp.models import Booking, ClassSession, Customer, Organization, Service
from bookingapp.services.actors import Actor

# Past bookings stay on the calendar with how they ended; cancelled ones free the time.
SHOWN = tuple(ACTIVE | {Status.COMPLETED, Status.NO_SHOW})


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # booking | session
    starts_at: datetime
    ends_at: datetime
    title: str
    detail: str
    status: str
    alert: str
    href: str


@dataclass
class AgendaDay:
    day: date
    items: list[AgendaItem] = field(default_factory=list)


@user_input
def week_start(day: Day) -> date:
    return day - timedelta(days=day.weekday())


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


@user_input
def agenda(session: Session, *, actor: Actor, first_day: Day, days: int) -> tuple[Organization, list[AgendaDay]]:
    """`days` consecutive local days from `first_day` (1 = day view, 7 = week view)."""
    if not actor.is_staff:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id)
    tz = ZoneInfo(org.timezone)
    start, end = _local_midnight(first_day, tz), _local_midnight(first_day + timedelta(days=days), tz)
    items = _bookings(session, org.id, start, end) + _sessions(session, org.id, start, end)
    by_day = {first_day + timedelta(days=i): AgendaDay(first_day + timedelta(days=i)) for i in range(days)}
    for item in sorted(items, key=lambda i: (i.starts_at, i.title)):
        by_day[item.starts_at.astimezone(tz).date()].items.append(item)
    return org, list(by_day.values())


def _bookings(session: Session, org_id: int, start: datetime, end: datetime) -> list[AgendaItem]:
    rows = session.exec(
        select(Booking, Customer, Service.name)
        .join(Customer, Customer.id == Booking.customer_id).join(Service, Service.id == Booking.service_id)
        .where(Booking.organization_id == org_id, col(Booking.session_id).is_(None), col(Booking.status).in_(SHOWN),
               col(Booking.starts_at) >= start, col(Booking.starts_at) < end))
    return [AgendaItem("booking", b.starts_at, b.ends_at, c.name, service, b.status,
                       b.alert_message or c.alert_message or "", routes.order(b.reference)) for b, c, service in rows]


def _sessions(session: Session, org_id: int, start: datetime, end: datetime) -> list[AgendaItem]:
    sessions = list(session.exec(
        select(ClassSession, Service.name).join(Service, Service.id == ClassSession.service_id)
        .where(ClassSession.organization_id == org_id, ClassSession.cancelled == False,  # noqa: E712 (SQL)
               col(ClassSession.starts_at) >= start, col(ClassSession.starts_at) < end)))
    if not sessions:
        return []
    ids = [cs.id for cs, _ in sessions]
    booked = dict(session.exec(select(Booking.session_id, func.sum(Booking.party_size)).where(
        col(Booking.session_id).in_(ids), col(Booking.status).in_(ACTIVE)).group_by(Booking.session_id)).all())
    alerts: dict[int, list[str]] = {}
    for session_id, name, booking_alert, customer_alert in session.exec(
            select(Booking.session_id, Customer.name, Booking.alert_message, Customer.alert_message)
            .join(Customer, Customer.id == Booking.customer_id)
            .where(col(Booking.session_id).in_(ids), col(Booking.status).in_(ACTIVE))):
        if booking_alert or customer_alert:
            alerts.setdefault(session_id, []).append(f"{name}: {booking_alert or customer_alert}")
    return [AgendaItem("session", cs.starts_at, cs.ends_at, name, f"{int(booked.get(cs.id) or 0)}/{cs.capacity}",
                       "session", " · ".join(alerts.get(cs.id, [])), routes.schedule_session(cs.id))
            for cs, name in sessions]
