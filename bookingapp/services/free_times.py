"""Reading what the availability engine needs for a service over a period.

Who gives the service: its `ServiceStaff` rows whose member is active; a service without
any row falls back to `Service.staff_user_id`, then to the organization's first owner
(where migration 0007 put the hours of a service that had no staff member). Then four
queries for the whole period, whatever the number of days or staff: weekly hours, date
overrides, time off, bookings (with the times open proposals hold, `proposal_holds`).
`domain.availability.Engine` does the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bookingapp.domain.availability import BookingRules, Engine, StaffCalendar
from bookingapp.domain.booking_states import ACTIVE
from bookingapp.models import (
    AvailabilityRule,
    Booking,
    DateOverride,
    Organization,
    ProposedSlot,
    Service,
    ServiceStaff,
    StaffUser,
    TimeOff,
)
from bookingapp.services import proposal_holds
from bookingapp.services.booking_common import longest_booking

# The grid of start times: every half hour, or every `duration` for shorter services.
MAX_STEP = timedelta(minutes=30)


@dataclass(frozen=True)
class StaffOption:
    id: int
    name: str


def rules_of(service: Service) -> BookingRules:
    duration = timedelta(minutes=service.duration_minutes)
    return BookingRules(
        duration=duration, step=min(duration, MAX_STEP),
        buffer_before=timedelta(minutes=service.buffer_before_minutes or 0),
        buffer_after=timedelta(minutes=service.buffer_after_minutes or 0),
        min_notice=timedelta(minutes=service.min_notice_minutes if service.min_notice_minutes is not None else 60),
        horizon=timedelta(days=service.horizon_days if service.horizon_days is not None else 90),
    )


# Staff at the front desk book from now on (a walk-in needs no notice) and up to a year ahead.
STAFF_HORIZON = timedelta(days=366)


def staff_rules(service: Service, *, step: timedelta | None = None) -> BookingRules:
    """The service's rules as staff book it: no minimum notice, a year ahead; `step` one
    minute tells whether any typed time is free, not only the grid's."""
    rules = replace(rules_of(service), min_notice=timedelta(0), horizon=STAFF_HORIZON)
    return replace(rules, step=step) if step else rules


def members(session: Session, service: Service) -> list[int]:
    """Ids of the active staff who give the service, lowest first."""
    rows = session.exec(
        select(ServiceStaff.staff_user_id, StaffUser.active)
        .join(StaffUser, col(StaffUser.id) == ServiceStaff.staff_user_id)
        .where(ServiceStaff.service_id == service.id, StaffUser.organization_id == service.organization_id)
    ).all()
    if rows:
        return sorted(staff_id for staff_id, active in rows if active)
    fallback = session.exec(
        select(StaffUser.id, StaffUser.active, StaffUser.role).where(
            StaffUser.organization_id == service.organization_id,
            (col(StaffUser.id) == service.staff_user_id) | (StaffUser.role == "owner"),
        ).order_by(col(StaffUser.id))
    ).all()
    own = [staff_id for staff_id, active, _ in fallback if staff_id == service.staff_user_id and active]
    owners = [staff_id for staff_id, active, role in fallback if role == "owner" and active]
    return own[:1] or owners[:1]


def staff_options(session: Session, service: Service) -> list[StaffOption]:
    """Whom a customer can pick for the service (by name); one or none means no choice."""
    ids = members(session, service)
    if not ids:
        return []
    rows = session.exec(select(StaffUser.id, StaffUser.name).where(col(StaffUser.id).in_(ids))).all()
    return sorted((StaffOption(i, n) for i, n in rows), key=lambda o: (o.name.casefold(), o.id))


def local_bounds(first: date, last: date, tz: str) -> tuple[datetime, datetime]:
    """UTC start of `first` and end of `last` in the timezone."""
    zone = ZoneInfo(tz)
    start = datetime.combine(first, time(0), zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), zone).astimezone(UTC)
    return start, end


def _epoch(column):
    """A UTC column as whole seconds since 1970, computed by the database: a month of
    bookings then arrives as integers, without parsing a datetime per row."""
    return sa.cast(sa.extract("epoch", column), sa.Integer)


@dataclass
class Loaded:
    engine: Engine
    staff_ids: list[int]
    # (staff id, start in epoch seconds) of the bookings read, for "fewest bookings that day".
    bookings: list[tuple[int | None, int]]


def hours_calendars(session: Session, *, org: Organization, first: date, last: date,
                    staff_ids: list[int]) -> dict[int, StaffCalendar]:
    """These staff members' hours over the local days first..last, without their bookings:
    weekly hours, date overrides (a row without times closes the day) and time off (theirs
    and everyone's). Three queries, whatever the number of days or staff."""
    start, end = local_bounds(first, last, org.timezone)
    calendars = {i: StaffCalendar(i, {}, {}, [], []) for i in staff_ids}
    if not staff_ids:
        return calendars
    for staff_id, weekday, s, e in session.exec(
        select(AvailabilityRule.staff_user_id, AvailabilityRule.weekday, AvailabilityRule.start_time, AvailabilityRule.end_time)
        .where(AvailabilityRule.organization_id == org.id, col(AvailabilityRule.staff_user_id).in_(staff_ids))
    ):
        calendars[staff_id].weekly.setdefault(weekday, []).append((s, e))
    closed: set[tuple[int, date]] = set()
    for staff_id, day, s, e in session.exec(
        select(DateOverride.staff_user_id, DateOverride.day, DateOverride.start_time, DateOverride.end_time)
        .where(DateOverride.organization_id == org.id, col(DateOverride.staff_user_id).in_(staff_ids),
               DateOverride.day >= first, DateOverride.day <= last)
    ):
        spans = calendars[staff_id].overrides.setdefault(day, [])
        if s is None or e is None:
            closed.add((staff_id, day))
        else:
            spans.append((s, e))
    for staff_id, day in closed:  # a row without times closes the day, whatever else is there
        calendars[staff_id].overrides[day] = []
    for staff_id, s, e in session.exec(
        select(TimeOff.staff_user_id, _epoch(TimeOff.starts_at), _epoch(TimeOff.ends_at)).where(
            TimeOff.organization_id == org.id, TimeOff.starts_at < end, TimeOff.ends_at > start,
            col(TimeOff.staff_user_id).is_(None) | col(TimeOff.staff_user_id).in_(staff_ids))
    ):
        for calendar in ([calendars[staff_id]] if staff_id is not None else calendars.values()):
            calendar.time_off.append((s, e))
    return calendars


def load(session: Session, *, service: Service, org: Organization, first: date, last: date, now: datetime,
         staff_ids: list[int], ignore: int | None = None, rules: BookingRules | None = None) -> Loaded:
    """An engine for these staff members over the local days first..last: four queries.
    `rules`: the service's own (`rules_of`) unless given (`staff_rules`)."""
    rules = rules or rules_of(service)
    start, end = local_bounds(first, last, org.timezone)
    pad = rules.buffer_before + rules.buffer_after
    if not staff_ids:
        return Loaded(Engine([], tz=org.timezone, rules=rules, now=now), [], [])
    calendars = hours_calendars(session, org=org, first=first, last=last, staff_ids=staff_ids)
    # Bookings of these people (any service); old rows without a staff member block the
    # service's whole team. The lower bound on starts_at keeps the read on the index. The
    # times open proposals hold (`proposal_holds`) come in the same read, marked 1, and
    # block like bookings, so the count of queries stays the same however many there are.
    owners = col(Booking.staff_user_id).in_(staff_ids) | (col(Booking.staff_user_id).is_(None) & (Booking.service_id == service.id))
    booked = select(Booking.staff_user_id, _epoch(Booking.starts_at), _epoch(Booking.ends_at), sa.literal(0)).where(
        Booking.organization_id == org.id, col(Booking.status).in_(ACTIVE), owners,
        Booking.starts_at < end + pad, Booking.starts_at > start - pad - longest_booking(session, org.id),
        Booking.ends_at > start - pad, Booking.id != (ignore or 0))
    held = proposal_holds.held_times(org.id, now, _epoch, _epoch).add_columns(sa.literal(1)).where(
        owners, ProposedSlot.starts_at < end + pad, ProposedSlot.ends_at > start - pad, Booking.id != (ignore or 0))
    read: list[tuple[int | None, int]] = []
    for staff_id, s, e, is_hold in session.exec(sa.union_all(booked, held)):
        if not is_hold:
            read.append((staff_id, s))
        for calendar in ([calendars[staff_id]] if staff_id is not None else calendars.values()):
            calendar.bookings.append((s, e))
    return Loaded(Engine(calendars.values(), tz=org.timezone, rules=rules, now=now), staff_ids, read)
