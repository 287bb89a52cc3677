"""Dashboard → Availability: the weekly hours of each team member, different hours on
one date (date overrides) and time off.

These functions only WRITE the hours; the slot engine (`domain/availability.py`,
`services/appointments.py`) reads the same tables to offer times to customers.

Who may change what: a staff member their own hours and time off; the owner anyone's in
the organization, and time off for the whole business (`staff_user_id=None`).

Time off is saved even over bookings that are already made (a holiday is a fact, not a
wish): the result lists those bookings so the provider can move each one through the
rebooking flow (`services/rebooking.request_rebooking`, on the order's page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_
from sqlmodel import Session, col, delete, select

from bookingapp.domain.booking_states import ACTIVE
from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.domain.hours import Interval, TimeRanges, WeekdayNumber, merged
from bookingapp.domain.user_input import Day, Id, Line, Moment, user_input
from bookingapp.models import (
    AvailabilityRule,
    Booking,
    Customer,
    DateOverride,
    Organization,
    Service,
    StaffUser,
    TimeOff,
    utcnow,
)
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned

DayIntervals = Annotated[list[Interval], TimeRanges()]
Weekday = Annotated[int, WeekdayNumber()]
MAX_TIME_OFF = timedelta(days=366)
MAX_CONFLICTS = 200
PAST_OVERRIDES_SHOWN = 10


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    role: str


@dataclass(frozen=True)
class WeeklyHours:
    staff_user_id: int
    staff_name: str
    days: list[list[Interval]]  # 7 lists, Monday first; an empty list: closed

    @property
    def empty(self) -> bool:
        return not any(self.days)


@dataclass(frozen=True)
class DayOverride:
    day: date
    intervals: list[Interval]  # empty: closed all day
    past: bool


@dataclass(frozen=True)
class TimeOffEntry:
    id: int
    staff_user_id: int | None  # None: the whole business
    staff_name: str
    starts_at: datetime
    ends_at: datetime
    reason: str


@dataclass(frozen=True)
class Conflict:
    """An active booking inside new time off, to be moved through the rebooking flow."""

    booking_id: int
    reference: str
    customer_name: str
    service_name: str
    starts_at: datetime
    ends_at: datetime
    status: str


@dataclass(frozen=True)
class TimeOffAdded:
    entry: TimeOffEntry
    conflicts: list[Conflict]


def _is_owner(actor: Actor) -> bool:
    return actor.is_staff and actor.role == "owner"


def _person(session: Session, actor: Actor, staff_user_id: int | None, *, lock: bool = False) -> StaffUser:
    """The team member whose hours are read or changed: one's own, or anyone's for the owner."""
    if not actor.is_staff:
        raise PermissionDenied()
    person = get_owned(session, StaffUser, staff_user_id, actor, lock=lock)
    if person.id != actor.id and not _is_owner(actor):
        raise PermissionDenied()
    return person


def _today(session: Session, actor: Actor, now: datetime) -> date:
    org = session.get(Organization, actor.organization_id)
    return now.astimezone(ZoneInfo(org.timezone)).date()


# --- team ------------------------------------------------------------------------------


@user_input
def team_members(session: Session, *, actor: Actor) -> list[Member]:
    """Whose hours this actor may edit: the owner everyone active, a staff member themselves."""
    if not actor.is_staff:
        raise PermissionDenied()
    if not _is_owner(actor):
        me = get_owned(session, StaffUser, actor.id, actor)
        return [Member(me.id, me.name, me.role)]
    rows = session.exec(select(StaffUser).where(StaffUser.organization_id == actor.organization_id,
                                                col(StaffUser.active).is_(True)).order_by(StaffUser.name, StaffUser.id))
    return [Member(u.id, u.name, u.role) for u in rows]


# --- weekly hours ------------------------------------------------------------------------


@user_input
def weekly_hours(session: Session, *, actor: Actor, staff_user_id: Id) -> WeeklyHours:
    person = _person(session, actor, staff_user_id)
    rows = session.exec(select(AvailabilityRule).where(AvailabilityRule.organization_id == actor.organization_id,
                                                       AvailabilityRule.staff_user_id == person.id))
    days: list[list[Interval]] = [[] for _ in range(7)]
    for rule in rows:
        if 0 <= rule.weekday <= 6:
            days[rule.weekday].append(Interval(rule.start_time, rule.end_time))
    # Rows from before hours were checked may overlap (0007 moved each service's hours to
    # its person): their union is what customers can book, and what a save keeps.
    return WeeklyHours(person.id, person.name, [merged(day) for day in days])


@user_input
def set_day_hours(session: Session, *, actor: Actor, staff_user_id: Id, weekday: Weekday,
                  intervals: DayIntervals) -> list[Interval]:
    """Replace one weekday's intervals (already parsed and checked by `TimeRanges`)."""
    person = _person(session, actor, staff_user_id, lock=True)
    session.exec(delete(AvailabilityRule).where(AvailabilityRule.organization_id == actor.organization_id,
                                                AvailabilityRule.staff_user_id == person.id,
                                                AvailabilityRule.weekday == weekday))
    session.add_all([AvailabilityRule(organization_id=actor.organization_id, staff_user_id=person.id, service_id=None,
                                      weekday=weekday, start_time=i.start, end_time=i.end) for i in intervals])
    session.flush()
    log_action(session, actor=actor, action="availability.hours_set", organization_id=actor.organization_id,
               data={"staff_user_id": person.id, "weekday": weekday, "intervals": [i.label() for i in intervals]})
    return list(intervals)


@user_input
def fill_closed_days(session: Session, *, actor: Actor, staff_user_id: Id, intervals: DayIntervals) -> list[int]:
    """Give every closed weekday these intervals (a new person sets one day, then the
    week); days that already have hours keep them. Returns the weekdays filled."""
    if not intervals:
        raise ValidationFailed("Add the hours to copy first.", field="intervals")
    person = _person(session, actor, staff_user_id, lock=True)
    open_days = set(session.exec(select(AvailabilityRule.weekday).where(
        AvailabilityRule.organization_id == actor.organization_id, AvailabilityRule.staff_user_id == person.id)))
    closed = [weekday for weekday in range(7) if weekday not in open_days]
    session.add_all([AvailabilityRule(organization_id=actor.organization_id, staff_user_id=person.id, service_id=None,
                                      weekday=weekday, start_time=i.start, end_time=i.end)
                     for weekday in closed for i in intervals])
    session.flush()
    if closed:
        log_action(session, actor=actor, action="availability.hours_set", organization_id=actor.organization_id,
                   data={"staff_user_id": person.id, "weekdays": closed, "intervals": [i.label() for i in intervals]})
    return closed


# --- date overrides ----------------------------------------------------------------------


def _override_rows(session: Session, actor: Actor, person: StaffUser, day: date | None = None):
    stmt = select(DateOverride).where(DateOverride.organization_id == actor.organization_id,
                                      DateOverride.staff_user_id == person.id)
    if day is not None:
        stmt = stmt.where(DateOverride.day == day)
    return list(session.exec(stmt))


@user_input
def date_overrides(session: Session, *, actor: Actor, staff_user_id: Id, now: datetime | None = None) -> list[DayOverride]:
    """Coming dates first (soonest first), then the last few past ones (latest first)."""
    person = _person(session, actor, staff_user_id)
    today = _today(session, actor, now or utcnow())
    by_day: dict[date, list[Interval]] = {}
    for row in _override_rows(session, actor, person):
        intervals = by_day.setdefault(row.day, [])
        if row.start_time is not None and row.end_time is not None:
            intervals.append(Interval(row.start_time, row.end_time))
    coming = [DayOverride(d, merged(by_day[d]), False) for d in sorted(by_day) if d >= today]
    past = [DayOverride(d, merged(by_day[d]), True) for d in sorted(by_day, reverse=True) if d < today]
    return coming + past[:PAST_OVERRIDES_SHOWN]


@user_input
def set_date_override(session: Session, *, actor: Actor, staff_user_id: Id, day: Day, intervals: DayIntervals,
                      now: datetime | None = None) -> DayOverride:
    """Different hours on one date (no intervals: closed that day), replacing any earlier
    override of that date."""
    person = _person(session, actor, staff_user_id, lock=True)
    if day is None:
        raise ValidationFailed("Choose a date.", field="day")
    if day < _today(session, actor, now or utcnow()):
        raise ValidationFailed("Choose today or a later date: past days cannot change.", field="day")
    for row in _override_rows(session, actor, person, day):
        session.delete(row)
    session.flush()
    rows = [DateOverride(organization_id=actor.organization_id, staff_user_id=person.id, day=day,
                         start_time=i.start, end_time=i.end) for i in intervals]
    session.add_all(rows or [DateOverride(organization_id=actor.organization_id, staff_user_id=person.id, day=day)])
    session.flush()
    log_action(session, actor=actor, action="availability.override_set", organization_id=actor.organization_id,
               data={"staff_user_id": person.id, "day": day.isoformat(), "intervals": [i.label() for i in intervals]})
    return DayOverride(day, list(intervals), False)


@user_input
def remove_date_override(session: Session, *, actor: Actor, staff_user_id: Id, day: Day) -> None:
    """That date follows the weekly hours again."""
    person = _person(session, actor, staff_user_id, lock=True)
    rows = _override_rows(session, actor, person, day) if day is not None else []
    if not rows:
        raise NotFound()
    for row in rows:
        session.delete(row)
    session.flush()
    log_action(session, actor=actor, action="availability.override_removed", organization_id=actor.organization_id,
               data={"staff_user_id": person.id, "day": day.isoformat()})


# --- time off -----------------------------------------------------------------------------


def _entry(row: TimeOff, names: dict[int, str]) -> TimeOffEntry:
    return TimeOffEntry(row.id, row.staff_user_id, names.get(row.staff_user_id, "") if row.staff_user_id else "",
                        row.starts_at, row.ends_at, row.reason)


def _names(session: Session, actor: Actor) -> dict[int, str]:
    rows = session.exec(select(StaffUser.id, StaffUser.name).where(StaffUser.organization_id == actor.organization_id))
    return dict(rows.all())


@user_input
def upcoming_time_off(session: Session, *, actor: Actor, staff_user_id: Id | None = None,
                      now: datetime | None = None) -> list[TimeOffEntry]:
    """Time off not over yet, soonest first: one person's and the whole business's; with no
    person, everyone's the actor may see (the owner: all; staff: their own)."""
    now = now or utcnow()
    if staff_user_id is not None:
        whose = [_person(session, actor, staff_user_id).id]
    elif _is_owner(actor):
        whose = None
    else:
        whose = [_person(session, actor, actor.id).id]
    stmt = select(TimeOff).where(TimeOff.organization_id == actor.organization_id, TimeOff.ends_at > now)
    if whose is not None:
        stmt = stmt.where(or_(col(TimeOff.staff_user_id).is_(None), col(TimeOff.staff_user_id).in_(whose)))
    names = _names(session, actor)
    return [_entry(row, names) for row in session.exec(stmt.order_by(TimeOff.starts_at, TimeOff.id).limit(200))]


@user_input
def add_time_off(session: Session, *, actor: Actor, staff_user_id: Id | None, starts_at: Moment, ends_at: Moment,
                 reason: Line = "", now: datetime | None = None) -> TimeOffAdded:
    """Time off for one person, or (owner only, `staff_user_id=None`) the whole business.
    Saved even over existing bookings, which the result lists for rebooking."""
    now = now or utcnow()
    if staff_user_id is None:
        if not _is_owner(actor):
            raise PermissionDenied()
        person = None
    else:
        person = _person(session, actor, staff_user_id)
    if starts_at is None or starts_at.tzinfo is None:
        raise ValidationFailed("Enter a date and a time.", field="starts_at")
    if ends_at is None or ends_at.tzinfo is None:
        raise ValidationFailed("Enter a date and a time.", field="ends_at")
    if ends_at <= starts_at:
        raise ValidationFailed("The end must be after the start.", field="ends_at")
    if ends_at - starts_at > MAX_TIME_OFF:
        raise ValidationFailed("Time off can last at most a year: add the rest later.", field="ends_at")
    if ends_at <= now:
        raise ValidationFailed("This time is already over: choose an end in the future.", field="ends_at")
    row = TimeOff(organization_id=actor.organization_id, staff_user_id=person.id if person else None,
                  starts_at=starts_at, ends_at=ends_at, reason=reason or "")
    session.add(row)
    session.flush()
    conflicts = _bookings_during(session, actor.organization_id, row.staff_user_id, starts_at, ends_at)
    log_action(session, actor=actor, action="availability.time_off_added", organization_id=actor.organization_id,
               data={"time_off_id": row.id, "staff_user_id": row.staff_user_id, "starts_at": starts_at.isoformat(),
                     "ends_at": ends_at.isoformat(), "reason": row.reason, "conflicts": [c.reference for c in conflicts]})
    return TimeOffAdded(_entry(row, _names(session, actor)), conflicts)


def _bookings_during(session: Session, organization_id: int, staff_user_id: int | None, starts_at: datetime,
                     ends_at: datetime) -> list[Conflict]:
    """Active bookings of that person (a booking without a person belongs to its service's),
    or of anyone for `None`, that overlap the time."""
    stmt = (
        select(Booking, Customer.name, Service.name)
        .join(Customer, col(Customer.id) == Booking.customer_id)
        .join(Service, col(Service.id) == Booking.service_id)
        .where(Booking.organization_id == organization_id,
               col(Booking.status).in_([str(s) for s in ACTIVE]),
               Booking.starts_at < ends_at, Booking.ends_at > starts_at)
    )
    if staff_user_id is not None:
        stmt = stmt.where(or_(Booking.staff_user_id == staff_user_id,
                              and_(col(Booking.staff_user_id).is_(None), Service.staff_user_id == staff_user_id)))
    rows = session.exec(stmt.order_by(Booking.starts_at, Booking.id).limit(MAX_CONFLICTS))
    return [Conflict(b.id, b.reference, customer_name, service_name, b.starts_at, b.ends_at, b.status)
            for b, customer_name, service_name in rows]


@user_input
def remove_time_off(session: Session, *, actor: Actor, time_off_id: Id) -> None:
    if not actor.is_staff:
        raise PermissionDenied()
    row = get_owned(session, TimeOff, time_off_id, actor, lock=True)
    if row.staff_user_id is None:
        if not _is_owner(actor):
            raise PermissionDenied()
    else:
        _person(session, actor, row.staff_user_id)
    log_action(session, actor=actor, action="availability.time_off_removed", organization_id=actor.organization_id,
               data={"time_off_id": row.id, "staff_user_id": row.staff_user_id, "starts_at": row.starts_at.isoformat(),
                     "ends_at": row.ends_at.isoformat()})
    session.delete(row)
    session.flush()
