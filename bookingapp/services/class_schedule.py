"""The class schedule: create sessions (one, or weekly until a date), change capacity and
online booking, the staff week view, participants (add a member or a guest), the
portal's public schedule, and a customer's recurring booking.

Places themselves are booked and cancelled in `class_bookings`, which holds the lock
discipline; everything here that takes a place goes through `book_seat`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import ACTIVE
from bookingapp.domain.class_rules import (
    MAX_OCCURRENCES,
    BrowseWeek,
    browse_week,
    free_cancellation_open_until,
    free_places,
    weekly_starts,
)
from bookingapp.domain.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.user_input import (
    Day,
    FormFields,
    Id,
    Line,
    LinkToken,
    Moment,
    Search,
    Text,
    user_input,
    whole_number,
)
from bookingapp.models import (
    Booking,
    ClassSession,
    Customer,
    Organization,
    RecurringSeries,
    Service,
    StaffUser,
    WaitlistEntry,
)
from bookingapp.services import class_bookings, credits, customers
from bookingapp.services.accounts import clean_text, normalize_email
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import customer_for

MAX_CAPACITY = 500
MAX_CREDIT_COST = 100
MAX_WINDOW_MINUTES = 30 * 24 * 60


class RecurringNotOffered(DomainError):
    message = "Recurring bookings are not offered for this class."


# --- creating and changing sessions ----------------------------------------------------


@dataclass(frozen=True)
class NewSessions:
    """What the staff form sends; `repeat_until` set means weekly until that (local) day."""

    service_id: Id
    starts_at: Moment
    duration_minutes: int
    capacity: int
    credit_cost: int
    free_cancellation_minutes: int
    location: Line = ""
    staff_user_id: Id | None = None
    online_booking: bool | None = None  # None: the service's setting
    repeat_until: Day | None = None


def _whole(value: object, *, field: str, low: int, high: int, message: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValidationFailed(message, field=field, min=low, max=high)
    return value


def class_service(session: Session, actor: Actor, service_id: int | None) -> Service:
    service = get_owned(session, Service, service_id, actor)
    if service.kind != "class":
        raise NotFound()
    return service


def _form_int(form: dict, key: str, field: str, *, label: str = "", message: str = "Enter {label} as a whole number.") -> int:
    raw = str(form.get(key, "") or "").strip()
    try:
        return int(raw)
    except ValueError:
        raise ValidationFailed(message, field=field, label=label) from None


def parse_local(text: str, tz: str, *, field: str = "starts_at") -> datetime:
    """A `datetime-local` input ("2026-03-17T18:00"), read in the organization's timezone."""
    try:
        naive = datetime.fromisoformat((text or "").strip())
    except ValueError:
        raise ValidationFailed("Choose the date and time of the class.", field=field) from None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)


@user_input
def new_sessions_from_form(session: Session, *, actor: Actor, form: FormFields) -> NewSessions:
    """Read the staff form's fields (times in the organization's timezone); the values
    themselves are checked by `create_sessions`."""
    org = session.get(Organization, actor.organization_id)
    until = None
    if form.get("repeat") == "weekly":
        try:
            until = date.fromisoformat(str(form.get("repeat_until", "")).strip())
        except ValueError:
            raise ValidationFailed("Choose the day of the last weekly class.", field="repeat_until") from None
    staff_raw = str(form.get("staff_user_id", "") or "").strip()
    return NewSessions(
        service_id=_form_int(form, "service_id", "service_id", message=N_("Choose a class.")),  # a menu, not a typed number
        starts_at=parse_local(str(form.get("starts_at", "")), org.timezone),
        duration_minutes=_form_int(form, "duration", "duration", label="the duration"),
        capacity=_form_int(form, "capacity", "capacity", label="the capacity"),
        credit_cost=_form_int(form, "credit_cost", "credit_cost", label="the credit cost"),
        free_cancellation_minutes=_form_int(form, "window_hours", "window", label="the free-cancellation window") * 60,
        location=str(form.get("location", "") or ""),
        staff_user_id=whole_number(staff_raw),
        online_booking=form.get("online_booking") in ("on", "true", True),
        repeat_until=until,
    )


@user_input
def create_sessions(session: Session, *, actor: Actor, new: NewSessions, now: datetime) -> list[ClassSession]:
    if not actor.is_staff:
        raise PermissionDenied()
    service = class_service(session, actor, new.service_id)
    org = session.get(Organization, actor.organization_id)
    if new.starts_at is None or new.starts_at.tzinfo is None:
        raise ValidationFailed("Choose the date and time of the class.", field="starts_at")
    if new.starts_at <= now:
        raise ValidationFailed("Choose a start in the future.", field="starts_at")
    duration = _whole(new.duration_minutes, field="duration", low=5, high=24 * 60,
                      message="Enter a duration between {min} and {max} minutes.")
    capacity = _whole(new.capacity, field="capacity", low=1, high=MAX_CAPACITY,
                      message="Enter a capacity between {min} and {max} places.")
    cost = _whole(new.credit_cost, field="credit_cost", low=0, high=MAX_CREDIT_COST,
                  message="Enter a credit cost between {min} and {max}.")
    window = _whole(new.free_cancellation_minutes, field="window", low=0, high=MAX_WINDOW_MINUTES,
                    message="Enter a free-cancellation window between 0 and 720 hours.")
    location = clean_text(new.location, field="location", label="a location", max_length=200, required=False)
    if new.staff_user_id is not None:
        get_owned(session, StaffUser, new.staff_user_id, actor)
    if new.repeat_until is None:
        starts = [new.starts_at]
    else:
        if new.repeat_until <= new.starts_at.astimezone(ZoneInfo(org.timezone)).date():
            raise ValidationFailed("Repeat until a day after the first class.", field="repeat_until")
        starts = weekly_starts(new.starts_at, new.repeat_until, org.timezone)
        if len(starts) > MAX_OCCURRENCES:
            raise ValidationFailed("At most {max} weekly classes at once: choose an earlier end date.",
                                   field="repeat_until", max=MAX_OCCURRENCES)
    online = service.online_booking if new.online_booking is None else bool(new.online_booking)
    # A weekly set shares one key, so staff can later change or cancel "this and the rest".
    series_key = uuid.uuid4().hex if len(starts) > 1 else None
    rows = [
        ClassSession(organization_id=org.id, service_id=service.id, staff_user_id=new.staff_user_id or service.staff_user_id,
                     starts_at=start, ends_at=start + timedelta(minutes=duration), capacity=capacity,
                     location=location or service.location, credit_cost=cost, free_cancellation_minutes=window,
                     online_booking=online, series_key=series_key)
        for start in starts
    ]
    session.add_all(rows)
    session.flush()
    log_action(session, actor=actor, action="class.sessions_created", organization_id=org.id,
               data={"service_id": service.id, "count": len(rows), "first": starts[0].isoformat(),
                     "session_ids": [r.id for r in rows]})
    return rows


@user_input
def update_session(session: Session, *, actor: Actor, class_session_id: Id, capacity: int, online_booking: bool,
                   now: datetime) -> ClassSession:
    """Change capacity and online booking. Capacity never drops below the places booked;
    raising it offers the new places to the waitlist."""
    if not actor.is_staff:
        raise PermissionDenied()
    row = get_owned(session, ClassSession, class_session_id, actor, lock=True)
    session.refresh(row)
    capacity = _whole(capacity, field="capacity", low=1, high=MAX_CAPACITY, message="Enter a capacity between {min} and {max} places.")
    taken = class_bookings.taken_places(session, row.id)
    if capacity < taken:
        raise ValidationFailed("{taken} places are booked: the capacity cannot be lower.", field="capacity", taken=taken)
    before = (row.capacity, row.online_booking)
    raised = capacity > row.capacity
    row.capacity, row.online_booking = capacity, bool(online_booking)
    session.add(row)
    session.flush()
    log_action(session, actor=actor, action="class.session_changed", organization_id=row.organization_id,
               data={"session_id": row.id, "capacity": [before[0], capacity], "online_booking": [before[1], row.online_booking]})
    if raised:
        class_bookings.notify_place_freed(session, row, now)
    return row


# --- what staff see -----------------------------------------------------------------------


@dataclass
class SessionSummary:
    session: ClassSession
    service_name: str
    staff_name: str
    booked: int
    flagged: bool  # a flagged customer (alert message) is booked


def _summaries(session: Session, rows: list[ClassSession]) -> list[SessionSummary]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    booked = dict(session.exec(select(Booking.session_id, func.sum(Booking.party_size)).where(
        col(Booking.session_id).in_(ids), col(Booking.status).in_(ACTIVE)).group_by(Booking.session_id)).all())
    flagged = set(session.exec(select(Booking.session_id).join(Customer, Customer.id == Booking.customer_id).where(
        col(Booking.session_id).in_(ids), col(Booking.status).in_(ACTIVE),
        (col(Customer.alert_message).is_not(None)) & (Customer.alert_message != ""))).all())
    services = {s.id: s.name for s in session.exec(select(Service).where(col(Service.id).in_({r.service_id for r in rows})))}
    staff_ids = {r.staff_user_id for r in rows if r.staff_user_id}
    staff = {u.id: u.name for u in session.exec(select(StaffUser).where(col(StaffUser.id).in_(staff_ids)))} if staff_ids else {}
    return [SessionSummary(r, services.get(r.service_id, ""), staff.get(r.staff_user_id, ""), int(booked.get(r.id) or 0),
                           r.id in flagged) for r in rows]


@user_input
def week_start_of(day: Day) -> date:
    return day - timedelta(days=day.weekday())


@user_input
def week(session: Session, *, actor: Actor, monday: Day) -> list[SessionSummary]:
    """The sessions of the (local) week starting on `monday`, in start order."""
    org = session.get(Organization, actor.organization_id)
    zone = ZoneInfo(org.timezone)
    start = datetime.combine(monday, datetime.min.time(), zone).astimezone(UTC)
    end = datetime.combine(monday + timedelta(days=7), datetime.min.time(), zone).astimezone(UTC)
    rows = list(session.exec(select(ClassSession).where(
        ClassSession.organization_id == org.id, ClassSession.starts_at >= start, ClassSession.starts_at < end)
        .order_by(ClassSession.starts_at, ClassSession.id)))
    return _summaries(session, rows)


def staff_members(session: Session, *, actor: Actor) -> list[StaffUser]:
    """Who can teach a class: the active members (a deactivated one is offered to nobody)."""
    return list(session.exec(select(StaffUser).where(StaffUser.organization_id == actor.organization_id,
                                                     StaffUser.active == True).order_by(StaffUser.name)))  # noqa: E712


@user_input
def find_customers(session: Session, *, actor: Actor, query: Search, limit: int = 8) -> list[Customer]:
    """Search-as-you-type for "add a member": name or email containing the text."""
    text = (query or "").strip()
    if len(text) < 2 or not actor.is_staff:
        return []
    return list(session.exec(select(Customer).where(customers.matching(actor.organization_id, text, session.get_bind().dialect.name))
                             .order_by(Customer.name).limit(limit)))


def set_allow_recurring(session: Session, *, actor: Actor, allowed: bool) -> Organization:
    """The organization's switch for customers' "every week until …" bookings (the owner's)."""
    if not actor.is_owner:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id, with_for_update=True)
    org.allow_recurring = bool(allowed)
    session.add(org)
    log_action(session, actor=actor, action="class.recurring_setting_changed", organization_id=org.id,
               data={"allow_recurring": org.allow_recurring})
    return org


def class_services(session: Session, *, actor: Actor) -> list[Service]:
    return list(session.exec(select(Service).where(Service.organization_id == actor.organization_id, Service.kind == "class",
                                                   Service.active == True).order_by(Service.name)))  # noqa: E712


@dataclass
class Participant:
    booking: Booking
    customer: Customer
    balance: int


@dataclass
class SessionDetail:
    summary: SessionSummary
    participants: list[Participant]
    cancelled: list[Participant] = field(default_factory=list)


@user_input
def session_detail(session: Session, *, actor: Actor, class_session_id: Id) -> SessionDetail:
    if not actor.is_staff:
        raise PermissionDenied()
    row = get_owned(session, ClassSession, class_session_id, actor)
    found = session.exec(select(Booking, Customer).join(Customer, Customer.id == Booking.customer_id)
                         .where(Booking.session_id == row.id).order_by(Booking.created_at, Booking.id)).all()
    active, gone = [], []
    for booking, customer in found:
        person = Participant(booking, customer, credits.balance(session, customer.id))
        (active if booking.status in ACTIVE else gone).append(person)
    return SessionDetail(_summaries(session, [row])[0], active, gone)


@user_input
def add_member(session: Session, *, actor: Actor, class_session_id: Id, customer_id: Id, use_credits: bool,
               now: datetime) -> Booking:
    """Staff add an existing customer; `use_credits` takes the class's credits from their balance."""
    if not actor.is_staff:
        raise PermissionDenied()
    customer = get_owned(session, Customer, customer_id, actor)
    return class_bookings.book_seat(session, class_session_id=class_session_id, customer=customer, actor=actor, now=now,
                                    source="staff", use_credits=use_credits)


@user_input
def add_guest(session: Session, *, actor: Actor, class_session_id: Id, name: Annotated[str, Text(200, field="guest_name")],
              email: Annotated[str, Text(320, field="guest_email")], now: datetime) -> Booking:
    """Staff add someone new by name and email: they become a customer (or the existing
    customer with that email is used) and are booked without credits (they pay on site)."""
    if not actor.is_staff:
        raise PermissionDenied()
    person = clean_text(name, field="guest_name", label="the guest's name", max_length=120)
    address = normalize_email(email, field="guest_email")
    class_session = get_owned(session, ClassSession, class_session_id, actor)
    org = session.get(Organization, class_session.organization_id)
    customer = customer_for(session, org, email=address, name=person, phone="")
    return class_bookings.book_seat(session, class_session_id=class_session.id, customer=customer, actor=actor, now=now,
                                    source="staff", use_credits=False)


@user_input
def customer_class_bookings(session: Session, *, actor: Actor, customer_id: Id) -> list[tuple[Booking, ClassSession, str]]:
    """A customer's class bookings (newest class first) with their session and service name."""
    customer = get_owned(session, Customer, customer_id, actor)
    if actor.kind == "customer" and actor.id != customer.id:
        raise NotFound()
    found = session.exec(select(Booking, ClassSession, Service.name).join(ClassSession, ClassSession.id == Booking.session_id)
                         .join(Service, Service.id == Booking.service_id).where(Booking.customer_id == customer.id)
                         .order_by(col(ClassSession.starts_at).desc()).limit(100)).all()
    return [(b, cs, name) for b, cs, name in found]


# --- what customers see and do ----------------------------------------------------------


@dataclass
class PublicSession:
    session: ClassSession
    service: Service
    free: int
    booked_by_you: bool
    free_cancel_until: datetime | None = None  # None: free cancellation has already ended


def _open_rows(session: Session, *, org: Organization, now: datetime, start: datetime, end: datetime,
               service_slug: str) -> list[tuple[ClassSession, Service]]:
    """The sessions open for online booking from `start` to `end`, each within its class's horizon."""
    query = select(ClassSession, Service).join(Service, Service.id == ClassSession.service_id).where(
        ClassSession.organization_id == org.id, ClassSession.online_booking == True, ClassSession.cancelled == False,  # noqa: E712
        Service.active == True, ClassSession.starts_at > start, ClassSession.starts_at < end)  # noqa: E712
    if service_slug:
        query = query.where(Service.slug == service_slug)
    return [(cs, svc) for cs, svc in session.exec(query.order_by(ClassSession.starts_at, ClassSession.id)).all()
            if cs.starts_at < now + timedelta(days=svc.horizon_days)]


def public_schedule(session: Session, *, org: Organization, now: datetime, customer: Customer | None = None,
                    days: int = 28, start: datetime | None = None, end: datetime | None = None,
                    service_slug: str = "") -> list[PublicSession]:
    """Upcoming sessions open for online booking, with their free places: the next `days`,
    or from `start` to `end`; never past their class's booking horizon (`horizon_days`)."""
    start = max(now, start or now)
    end = end or now + timedelta(days=days)
    rows = _open_rows(session, org=org, now=now, start=start, end=end, service_slug=service_slug)
    if not rows:
        return []
    ids = [cs.id for cs, _ in rows]
    taken = dict(session.exec(select(Booking.session_id, func.sum(Booking.party_size)).where(
        col(Booking.session_id).in_(ids), col(Booking.status).in_(ACTIVE)).group_by(Booking.session_id)).all())
    # Places offered to someone on a waitlist are promised until the offer ends.
    held = dict(session.exec(select(WaitlistEntry.session_id, func.sum(WaitlistEntry.party_size)).where(
        col(WaitlistEntry.session_id).in_(ids), WaitlistEntry.status == "offered", col(WaitlistEntry.offer_expires_at) > now,
        WaitlistEntry.customer_id != (customer.id if customer else 0)).group_by(WaitlistEntry.session_id)).all())
    mine = set()
    if customer is not None:
        mine = set(session.exec(select(Booking.session_id).where(
            col(Booking.session_id).in_(ids), Booking.customer_id == customer.id, col(Booking.status).in_(ACTIVE))).all())
    return [PublicSession(cs, svc, free_places(cs.capacity, int(taken.get(cs.id) or 0) + int(held.get(cs.id) or 0)), cs.id in mine,
                          free_cancellation_open_until(cs.starts_at, cs.free_cancellation_minutes, now))
            for cs, svc in rows]


@dataclass
class PublicWeek:
    week: BrowseWeek
    sessions: list[PublicSession]
    services: list[Service]  # the classes to filter by
    # The first day of the week holding the next class after an empty week; None when this
    # week has classes or nothing more is scheduled ("No more classes are scheduled yet.").
    next_classes: date | None = None


@user_input
def public_week(session: Session, *, org: Organization, now: datetime, customer: Customer | None = None,
                wanted: Day | None = None, service_slug: LinkToken = "") -> PublicWeek:
    """The portal's class list, one week at a time (`wanted` picks it; this week by
    default), up to the booking horizon of the class shown, or the farthest one of all."""
    services = list(session.exec(select(Service).where(
        Service.organization_id == org.id, Service.kind == "class", Service.active == True,  # noqa: E712
        Service.online_booking == True).order_by(col(Service.position), col(Service.name), col(Service.id))))  # noqa: E712
    shown = [s for s in services if s.slug == service_slug] if service_slug else services
    horizon = max((s.horizon_days for s in shown), default=1)
    # Browsing ends at the week of the last class that can be booked, not at the horizon.
    starts = [cs.starts_at for cs, _ in _open_rows(session, org=org, now=now, start=now, end=now + timedelta(days=horizon),
                                                    service_slug=service_slug)]
    week = browse_week(now=now, tz=org.timezone, wanted=wanted, horizon_days=horizon, latest=starts[-1] if starts else now)
    found = public_schedule(session, org=org, now=now, customer=customer, start=week.start, end=week.end,
                            service_slug=service_slug)
    later = next((start for start in starts if start >= week.end), None)
    jump = None
    if not found and later is not None:
        jump = browse_week(now=now, tz=org.timezone, wanted=later.astimezone(ZoneInfo(org.timezone)).date(),
                           horizon_days=horizon, latest=starts[-1]).first
    return PublicWeek(week, found, services, jump)


def recurring_allowed(org: Organization, service: Service) -> bool:
    return bool(org.allow_recurring and service.allow_recurring)


@dataclass
class Occurrence:
    starts_at: datetime
    booking: Booking | None = None
    problem: str = ""  # the domain error's message when it was not booked
    error: DomainError | None = None


@dataclass
class SeriesResult:
    series: RecurringSeries | None
    occurrences: list[Occurrence]

    @property
    def booked(self) -> list[Booking]:
        return [o.booking for o in self.occurrences if o.booking is not None]

    @property
    def skipped(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.booking is None]


class NoClassThatWeek(DomainError):
    message = "No class is scheduled at this time that week."


@user_input
def book_series(session: Session, *, actor: Actor, customer: Customer, class_session_id: Id, until: Day,
                now: datetime) -> SeriesResult:
    """Book this session and the same class every week at the same local time until `until`.
    Each occurrence is its own booking (its own credits, link and email); an occurrence that
    is full, unaffordable or not scheduled is reported with its reason, never dropped."""
    first = get_owned(session, ClassSession, class_session_id, actor)
    service = session.get(Service, first.service_id)
    org = session.get(Organization, first.organization_id)
    if not recurring_allowed(org, service):
        raise RecurringNotOffered()
    if until is None or until <= first.starts_at.astimezone(ZoneInfo(org.timezone)).date():
        raise ValidationFailed("Choose an end date after the first class.", field="until")
    starts = weekly_starts(first.starts_at, until, org.timezone)
    if len(starts) > MAX_OCCURRENCES:
        raise ValidationFailed("At most {max} weeks at once: choose an earlier end date.", field="until", max=MAX_OCCURRENCES)
    scheduled = {cs.starts_at: cs for cs in session.exec(select(ClassSession).where(
        ClassSession.service_id == service.id, col(ClassSession.starts_at).in_(starts), ClassSession.cancelled == False))}  # noqa: E712
    local = first.starts_at.astimezone(ZoneInfo(org.timezone))
    series = RecurringSeries(organization_id=org.id, customer_id=customer.id, service_id=service.id,
                             weekday=local.weekday(), start_time=local.time().replace(tzinfo=None), until=until)
    session.add(series)
    session.flush()
    result = SeriesResult(series, [])
    for start in starts:
        occurrence = Occurrence(start)
        target = scheduled.get(start)
        try:
            if target is None:
                raise NoClassThatWeek()
            # A savepoint per occurrence: one refused week leaves the others intact.
            with session.begin_nested():
                occurrence.booking = class_bookings.book_seat(
                    session, class_session_id=target.id, customer=customer, actor=actor, now=now, source="online",
                    series_id=series.id)
        except DomainError as error:
            occurrence.problem, occurrence.error = str(error), error
        result.occurrences.append(occurrence)
    if not result.booked:
        session.delete(series)
        session.flush()
        result.series = None
    else:
        log_action(session, actor=actor, action="class.series_booked", organization_id=org.id, customer_id=customer.id,
                   data={"series_id": series.id, "booked": len(result.booked), "skipped": len(result.skipped)})
    return result


@user_input
def book_for_customer(session: Session, *, customer: Customer, class_session_id: Id, until: Day | None,
                      now: datetime) -> SeriesResult:
    """The portal's "Book": one place (errors raised as they are), or with `until` the same
    class every week until that day (each week reported)."""
    actor = Actor("customer", customer.organization_id, customer.id, customer.name)
    if until is not None:
        return book_series(session, actor=actor, customer=customer, class_session_id=class_session_id, until=until, now=now)
    booking = class_bookings.book_seat(session, class_session_id=class_session_id, customer=customer, actor=actor, now=now)
    return SeriesResult(None, [Occurrence(booking.starts_at, booking)])
