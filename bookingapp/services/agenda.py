"""The agenda (the dashboard calendar): bookings, class sessions and time off day by day,
in the organization's timezone, each on the calendar of the staff member it belongs to,
with the red flag where a flagged customer is involved and the team's opening hours.

Whose calendar a row is on: its own staff member, else its service's (requests and older
rows name nobody); a booking or session of nobody sits in a "not assigned" column. Time
off without a staff member is everyone's. Where the time grid places them is
`domain/calendar_grid.py`'s business; this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bookingapp import routes
from bookingapp.domain.availability import merge_intervals
from bookingapp.domain.booking_states import ACTIVE, Status
from bookingapp.domain.errors import PermissionDenied
from bookingapp.domain.user_input import Day, Id, user_input
from bookingapp.models import (
    AvailabilityRule,
    Booking,
    ClassSession,
    Customer,
    DateOverride,
    Organization,
    Service,
    StaffUser,
    TimeOff,
)
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import longest_booking

# Past bookings stay on the calendar with how they ended; cancelled ones free the time.
SHOWN = tuple(ACTIVE | {Status.COMPLETED, Status.NO_SHOW})
MAX_DAYS = 31
# A class session longer than this is not a class: it bounds the index range from below.
LONGEST_SESSION = timedelta(days=1)


@dataclass(frozen=True)
class AgendaItem:
    kind: str  # booking | session | time_off
    starts_at: datetime
    ends_at: datetime
    title: str  # the customer, the class, or the time off's reason
    detail: str  # the service, or a session's places booked ("5/12")
    status: str  # the booking's status, "session" or "time_off"
    alert: str
    href: str
    # Whose calendar: None is nobody's for a booking or session, everyone's for time off.
    staff_user_id: int | None = None
    booked: int = 0  # sessions: places taken, of `capacity`
    capacity: int = 0
    booking_id: int = 0  # bookings: for the attendance buttons (issue 24)
    attendance: str = ""


@dataclass
class AgendaDay:
    day: date
    items: list[AgendaItem] = field(default_factory=list)


@dataclass(frozen=True)
class StaffColumn:
    id: int | None  # None: bookings and sessions nobody is assigned to
    name: str


@dataclass
class Agenda:
    timezone: str
    days: list[AgendaDay]
    staff: list[StaffColumn]  # the day view's columns: the team (or the one chosen)
    team: list[StaffColumn]  # every active member, for pickers
    # Opening hours of each shown member per day (local wall-clock); a missing key: closed.
    hours: dict[tuple[int, date], list[tuple[time, time]]] = field(default_factory=dict)


@user_input
def week_start(day: Day) -> date:
    return day - timedelta(days=day.weekday())


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


@user_input
def agenda(session: Session, *, actor: Actor, first_day: Day, days: int, staff_user_id: Id | None = None) -> Agenda:
    """`days` consecutive local days from `first_day` (1 = day view, 7 = week view), of
    everyone or of one staff member. An item is on every day it touches."""
    if not actor.is_staff:
        raise PermissionDenied()
    chosen = get_owned(session, StaffUser, staff_user_id, actor).id if staff_user_id is not None else None
    org = session.get(Organization, actor.organization_id)
    tz = ZoneInfo(org.timezone)
    days = max(1, min(int(days), MAX_DAYS))
    last_day = first_day + timedelta(days=days - 1)
    start, end = _local_midnight(first_day, tz), _local_midnight(last_day + timedelta(days=1), tz)
    items = (_bookings(session, org.id, start, end, chosen) + _sessions(session, org.id, start, end, chosen)
             + _time_off(session, org.id, start, end, chosen))
    by_day = {first_day + timedelta(days=i): AgendaDay(first_day + timedelta(days=i)) for i in range(days)}
    for item in sorted(items, key=lambda i: (i.starts_at, i.title)):
        day = max(item.starts_at.astimezone(tz).date(), first_day)
        while day in by_day and _local_midnight(day, tz) < max(item.ends_at, item.starts_at + timedelta(seconds=1)):
            by_day[day].items.append(item)
            day += timedelta(days=1)
    team = _team(session, org.id)
    staff = [m for m in team if m.id == chosen] if chosen is not None else list(team)
    shown = {m.id for m in staff}
    missing = {i.staff_user_id for i in items if i.kind != "time_off" and i.staff_user_id not in shown}
    if missing - {None}:  # a deactivated member's rows still show, in their own column
        staff += _names(session, org.id, missing - {None})
    if None in missing:
        staff.append(StaffColumn(None, ""))
    hours = _hours(session, org.id, [m.id for m in staff if m.id is not None], first_day, last_day)
    return Agenda(org.timezone, list(by_day.values()), staff, team, hours)


def _whose(own, service_staff):
    return func.coalesce(own, service_staff)


def _bookings(session: Session, org_id: int, start: datetime, end: datetime, chosen: int | None) -> list[AgendaItem]:
    whose = _whose(Booking.staff_user_id, Service.staff_user_id)
    # The lower bound on starts_at keeps the read on (organization_id, starts_at).
    stmt = (
        select(Booking.reference, Booking.starts_at, Booking.ends_at, Booking.status, Booking.alert_message,
               Customer.name, Customer.alert_message, Service.name, whose, Booking.id, Booking.attendance)
        .join(Customer, col(Customer.id) == Booking.customer_id).join(Service, col(Service.id) == Booking.service_id)
        .where(Booking.organization_id == org_id, col(Booking.session_id).is_(None), col(Booking.status).in_(SHOWN),
               Booking.starts_at < end, Booking.starts_at > start - longest_booking(session, org_id),
               Booking.ends_at > start)
    )
    if chosen is not None:
        stmt = stmt.where(whose == chosen)
    return [AgendaItem("booking", starts_at, ends_at, customer, service, status, booking_alert or customer_alert or "",
                       routes.order(reference), staff_id, booking_id=booking_id, attendance=attendance or "")
            for reference, starts_at, ends_at, status, booking_alert, customer, customer_alert, service, staff_id, booking_id,
            attendance in session.exec(stmt)]


def _sessions(session: Session, org_id: int, start: datetime, end: datetime, chosen: int | None) -> list[AgendaItem]:
    whose = _whose(ClassSession.staff_user_id, Service.staff_user_id)
    stmt = (
        select(ClassSession.id, ClassSession.starts_at, ClassSession.ends_at, ClassSession.capacity, Service.name, whose)
        .join(Service, col(Service.id) == ClassSession.service_id)
        .where(ClassSession.organization_id == org_id, col(ClassSession.cancelled).is_(False),
               ClassSession.starts_at < end, ClassSession.starts_at > start - LONGEST_SESSION,
               ClassSession.ends_at > start)
    )
    if chosen is not None:
        stmt = stmt.where(whose == chosen)
    sessions = list(session.exec(stmt))
    if not sessions:
        return []
    ids = [row[0] for row in sessions]
    booked: dict[int, int] = {}
    flagged: dict[int, list[tuple[str, int, str]]] = {}
    # One read of the places, counts and flags together. The status is checked here, not in
    # SQL: with it in the query SQLite reads every active booking through the status index
    # instead of the few places of these sessions.
    active = {str(status) for status in ACTIVE}
    for session_id, booking_id, status, party, name, booking_alert, customer_alert in session.exec(
            select(Booking.session_id, Booking.id, Booking.status, Booking.party_size, Customer.name,
                   Booking.alert_message, Customer.alert_message)
            .join(Customer, col(Customer.id) == Booking.customer_id)
            .where(col(Booking.session_id).in_(ids))):
        if status not in active:
            continue
        booked[session_id] = booked.get(session_id, 0) + (party or 0)
        if booking_alert or customer_alert:
            flagged.setdefault(session_id, []).append((name, booking_id, booking_alert or customer_alert))
    alerts = {i: [f"{name}: {alert}" for name, _, alert in sorted(rows)] for i, rows in flagged.items()}
    result = []
    for session_id, starts_at, ends_at, capacity, name, staff_id in sessions:
        taken = int(booked.get(session_id) or 0)
        result.append(AgendaItem("session", starts_at, ends_at, name, f"{taken}/{capacity}", "session",
                                 " · ".join(alerts.get(session_id, [])), routes.schedule_session(session_id), staff_id,
                                 taken, capacity))
    return result


def _time_off(session: Session, org_id: int, start: datetime, end: datetime, chosen: int | None) -> list[AgendaItem]:
    stmt = select(TimeOff).where(TimeOff.organization_id == org_id, TimeOff.starts_at < end, TimeOff.ends_at > start)
    if chosen is not None:
        stmt = stmt.where(col(TimeOff.staff_user_id).is_(None) | (TimeOff.staff_user_id == chosen))
    return [AgendaItem("time_off", row.starts_at, row.ends_at, row.reason, "", "time_off", "", routes.AVAILABILITY,
                       row.staff_user_id)
            for row in session.exec(stmt.order_by(TimeOff.starts_at, TimeOff.id))]


def _team(session: Session, org_id: int) -> list[StaffColumn]:
    rows = session.exec(select(StaffUser.id, StaffUser.name).where(
        StaffUser.organization_id == org_id, col(StaffUser.active).is_(True)).order_by(StaffUser.name, StaffUser.id))
    return [StaffColumn(staff_id, name) for staff_id, name in rows]


def _names(session: Session, org_id: int, ids: set[int]) -> list[StaffColumn]:
    rows = session.exec(select(StaffUser.id, StaffUser.name).where(
        StaffUser.organization_id == org_id, col(StaffUser.id).in_(ids)).order_by(StaffUser.name, StaffUser.id))
    return [StaffColumn(staff_id, name) for staff_id, name in rows]


def _hours(session: Session, org_id: int, staff_ids: list[int], first: date, last: date
           ) -> dict[tuple[int, date], list[tuple[time, time]]]:
    """Each member's hours per day: a date override replaces the weekday's, one without
    times closes the day (as the slot engine reads them)."""
    if not staff_ids:
        return {}
    weekly: dict[tuple[int, int], list[tuple[time, time]]] = {}
    for staff_id, weekday, s, e in session.exec(
            select(AvailabilityRule.staff_user_id, AvailabilityRule.weekday, AvailabilityRule.start_time,
                   AvailabilityRule.end_time)
            .where(AvailabilityRule.organization_id == org_id, col(AvailabilityRule.staff_user_id).in_(staff_ids))):
        weekly.setdefault((staff_id, weekday), []).append((s, e))
    overrides: dict[tuple[int, date], list[tuple[time, time]]] = {}
    closed: set[tuple[int, date]] = set()
    for staff_id, day, s, e in session.exec(
            select(DateOverride.staff_user_id, DateOverride.day, DateOverride.start_time, DateOverride.end_time)
            .where(DateOverride.organization_id == org_id, col(DateOverride.staff_user_id).in_(staff_ids),
                   DateOverride.day >= first, DateOverride.day <= last)):
        if s is None or e is None:
            closed.add((staff_id, day))
        overrides.setdefault((staff_id, day), []).extend([(s, e)] if s is not None and e is not None else [])
    hours = {}
    for staff_id in staff_ids:
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            if (staff_id, day) in closed:
                continue
            if merged := merge_intervals(overrides.get((staff_id, day), weekly.get((staff_id, day.weekday()), []))):
                hours[(staff_id, day)] = merged
    return hours
