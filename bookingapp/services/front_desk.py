"""The front desk (issue 20): staff book for a customer who phones or walks in, for every
kind of service, from the dashboard's "New booking" page.

`book` is one action in one transaction:

- the customer: one of the organization's (found by name, email or phone, their flag
  shown before they are chosen), or a new one from a name and, where they have them, an
  email address and a phone number. A new address that is already a customer's is
  refused: staff pick that customer and see their flag;
- the time. An appointment at any minute staff choose: inside the person's hours and
  free it is booked as the portal books it; outside the hours, in time off or inside a
  buffer only once staff confirmed the warning (`outside_hours`); on top of another
  booking or a class the person teaches never. A request at the date and time agreed,
  confirmed at once (staff are the provider answering it). A class: one of its sessions,
  through `class_seats.book_seat`;
- the payment: a card charged now (idempotent per form submission), a payment link (the
  booking waits as pending_payment and the customer pays from the manage page), on site
  (confirmed and unpaid), or, for classes, the customer's credits.

Locks as the portal takes them: the service row, then the people's rows in id order
(`appointments.lock_staff`), so two front desks, or a front desk and a customer, never
book one person twice. A refusal writes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from sqlalchemy import func
from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import ACTIVE, Status
from bookingapp.domain.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from bookingapp.domain.hours import local_input_value, parse_local_moment
from bookingapp.domain.user_input import (
    CardText,
    Choice,
    Email,
    Id,
    Line,
    LinkToken,
    Moment,
    Paragraph,
    is_row_id,
    user_input,
    whole_number,
)
from bookingapp.integrations.payments import CardInput, PaymentGateway, card_problem
from bookingapp.models import (
    Booking,
    ClassSession,
    Customer,
    Organization,
    Payment,
    Service,
    StaffUser,
    TimeOff,
    utcnow,
)
from bookingapp.services import (
    appointments,
    class_seats,
    customers,
    free_times,
    payments,
    proposal_holds,
    requests,
)
from bookingapp.services.accounts import clean_text, normalize_email
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import (
    acting_staff_email,
    announce_booking,
    longest_booking,
    place_booking,
    provider_email,
)

PAYMENTS = ("card", "link", "venue", "credits")
CLASS_PAYMENTS = ("credits", "venue")
# Any minute staff type is a possible start, not only the portal's grid of times.
ONE_MINUTE = timedelta(minutes=1)
SESSIONS_AHEAD = timedelta(days=120)
MAX_SESSIONS = 60


class OutsideHours(DomainError):
    """A warning: the page asks staff to confirm ("Book outside the hours") and sends again."""

    message = ("{name} is not working at this time: it is outside their hours, in their time off or too close to "
               "another booking. Tick “Book outside the hours” to book it anyway.")
    field = "outside_hours"


class TimeOffThen(DomainError):
    message = "{name} is off at this time. Tick “Book outside the hours” to book it anyway."
    field = "outside_hours"


class StaffBusy(DomainError):
    message = "{name} already has a booking at this time. Choose another time or another person."
    field = "starts_at"


class EveryoneBusy(DomainError):
    message = "Everyone who gives this service already has a booking at this time. Choose another time."
    field = "starts_at"


class EmailNeeded(ValidationFailed):
    def __init__(self, reason: str) -> None:
        super().__init__(reason, field="customer")


class ServiceArchived(DomainError):
    message = "This service is archived. Restore it under Services to book it."


@dataclass(frozen=True)
class FrontDeskBooking:
    """The new-booking form. The customer: `customer_id`, or a new one from `new_name` (and
    `new_email`, `new_phone`). The time: `starts_at` (UTC) or `at_local` as typed
    ("2026-12-24T09:00", the business's timezone); for a class `class_session_id`."""

    service_id: Id
    payment: Annotated[str, Choice(PAYMENTS, message="Choose how the customer pays.", field="payment")] = "venue"
    customer_id: Id | None = None
    new_name: Line = ""
    new_email: Email = ""
    new_phone: Line = ""
    starts_at: Moment | None = None
    at_local: Line = ""
    class_session_id: Id | None = None
    staff_user_id: Id | None = None  # appointments: None is whoever is free
    outside_hours: bool = False  # staff saw the warning and book all the same
    party_size: int = 1
    note: Paragraph = ""
    card: CardInput | CardText | None = None
    # Random per form shown: the same submission sent again (a double click, a retry after a
    # worker died between the charge and the commit) finds the same payment, not a second.
    submission: LinkToken = ""


def _staff_only(actor: Actor) -> None:
    if not actor.is_staff:
        raise PermissionDenied()


# --- what the page offers ------------------------------------------------------------------


@user_input
def bookable_services(session: Session, *, actor: Actor) -> list[Service]:
    """Every service staff can book, by kind and name (online booking switched off included)."""
    _staff_only(actor)
    return list(session.exec(select(Service).where(Service.organization_id == actor.organization_id,
                                                   Service.active == True)  # noqa: E712
                             .order_by(col(Service.kind), col(Service.name), col(Service.id))))


@user_input
def service_staff(session: Session, *, actor: Actor, service_id: Id) -> list[free_times.StaffOption]:
    """Who gives the service (by name)."""
    _staff_only(actor)
    return free_times.staff_options(session, get_owned(session, Service, service_id, actor))


@user_input
def month(session: Session, *, actor: Actor, service_id: Id, year: int, month_number: int,
          staff_user_id: Id | None = None, now: datetime | None = None) -> list[appointments.DayAvailability]:
    """An appointment service's free times for a month, as staff book them: from now on, a
    year ahead, of the person picked or of anyone."""
    _staff_only(actor)
    service = get_owned(session, Service, service_id, actor)
    if service.kind != "appointment":
        raise NotFound()
    return appointments.month(session, service=service, year=year, month_number=month_number, now=now,
                              staff_user_id=staff_user_id, for_staff=True)


@dataclass(frozen=True)
class SessionOption:
    id: int
    starts_at: datetime
    ends_at: datetime
    booked: int
    capacity: int
    staff_name: str
    location: str


@user_input
def upcoming_sessions(session: Session, *, actor: Actor, service_id: Id, now: datetime | None = None) -> list[SessionOption]:
    """A class's sessions that have not started, with how full they are."""
    _staff_only(actor)
    now = now or utcnow()
    service = get_owned(session, Service, service_id, actor)
    rows = list(session.exec(select(ClassSession).where(
        ClassSession.service_id == service.id, ClassSession.organization_id == actor.organization_id,
        ClassSession.cancelled == False, ClassSession.starts_at > now,  # noqa: E712
        ClassSession.starts_at < now + SESSIONS_AHEAD).order_by(col(ClassSession.starts_at), col(ClassSession.id)).limit(MAX_SESSIONS)))
    ids = [r.id for r in rows]
    booked = dict(session.exec(select(Booking.session_id, func.sum(Booking.party_size)).where(
        col(Booking.session_id).in_(ids), col(Booking.status).in_(ACTIVE)).group_by(Booking.session_id)).all()) if ids else {}
    people = {r.staff_user_id for r in rows if r.staff_user_id}
    names = dict(session.exec(select(StaffUser.id, StaffUser.name).where(col(StaffUser.id).in_(people))).all()) if people else {}
    return [SessionOption(r.id, r.starts_at, r.ends_at, int(booked.get(r.id) or 0), r.capacity, names.get(r.staff_user_id, ""),
                          r.location or "") for r in rows]


@dataclass(frozen=True)
class Prefill:
    """What the page's address asks for (`routes.new_booking`), kept where it is the
    organization's and makes sense; anything else is left out, as if not asked."""

    service_id: int | None = None
    staff_user_id: int | None = None
    at_local: str = ""  # "2026-12-24T09:00" in the business's timezone
    customer: customers.CustomerHit | None = None
    class_session_id: int | None = None


def _owned(session: Session, model, raw: str, actor: Actor):
    row_id = whole_number(raw)
    if row_id is None or not is_row_id(row_id):
        return None
    row = session.get(model, row_id)
    return row if row is not None and row.organization_id == actor.organization_id else None


@user_input
def prefill(session: Session, *, actor: Actor, service: Line = "", staff: Line = "", at: Line = "", customer: Line = "",
            class_session: Line = "") -> Prefill:
    """The new-booking page's address read: a class session names its class; a time that is
    not a valid local date and time is dropped (the page then asks for one)."""
    _staff_only(actor)
    org = session.get(Organization, actor.organization_id)
    chosen_session = _owned(session, ClassSession, class_session, actor)
    chosen_service = _owned(session, Service, service, actor)
    if chosen_session is not None and (chosen_service is None or chosen_service.id != chosen_session.service_id):
        chosen_service = session.get(Service, chosen_session.service_id)
    if chosen_service is not None and not chosen_service.active and chosen_service.kind != "class":
        chosen_service = None
    person = _owned(session, StaffUser, staff, actor)
    who = _owned(session, Customer, customer, actor)
    try:
        local = local_input_value(parse_local_moment(at, org.timezone, field="at"), org.timezone) if at else ""
    except ValidationFailed:
        local = ""
    return Prefill(chosen_service.id if chosen_service else None, person.id if person else None, local,
                   customers.hit_of(who) if who else None,
                   chosen_session.id if chosen_session is not None and chosen_service is not None else None)


# --- booking ------------------------------------------------------------------------------


@user_input
def book(session: Session, *, actor: Actor, form: FrontDeskBooking, gateway: PaymentGateway | None = None,
         now: datetime | None = None) -> Booking:
    """Book for the customer as the module says; returns the booking (its order page shows it)."""
    now = now or utcnow()
    _staff_only(actor)
    # The service row lock first: the same order as the portal's booking of a time.
    service = get_owned(session, Service, form.service_id, actor, lock=True)
    if not service.active and service.kind != "class":  # staff may still fill an archived class's sessions
        raise ServiceArchived()
    org = session.get(Organization, service.organization_id)
    payment = _payment_of(form, service)
    if payment == "card" and isinstance(form.card, CardInput) and (problem := card_problem(form.card, now)):
        raise ValidationFailed(problem, field="card")
    key = _card_key(form, service) if payment == "card" else None
    if key and (made := _made_by(session, key)):
        return made
    note = clean_text(form.note, field="note", label="a note", max_length=2000, required=False)
    customer = _customer(session, actor, org, form)
    _needs_email(service, payment, customer)
    if service.kind == "class":
        booking = _class_place(session, actor, service, customer, form, payment, note, now)
    else:
        booking = _timed(session, actor, service, org, customer, form, payment, note, now)
        if key:
            hold = payments.authorize_hold(session, actor=actor, booking=booking, card=form.card, gateway=gateway, key=key)
            payments.capture(session, actor=actor, payment=hold, gateway=gateway)
        tell_provider = provider_email(session, org, service, booking) != acting_staff_email(session, actor)
        announce_booking(session, booking, now, tell_provider=tell_provider)
    return booking


def _payment_of(form: FrontDeskBooking, service: Service) -> str:
    if service.kind == "class":
        if form.payment not in CLASS_PAYMENTS:
            raise ValidationFailed("A class is paid with credits or on site.", field="payment")
        return form.payment
    if form.payment not in ("card", "link", "venue"):
        raise ValidationFailed("Choose how the customer pays.", field="payment")
    if service.price_minor <= 0:
        return "venue"  # nothing to pay
    if form.payment == "card" and form.card is None:
        raise ValidationFailed("Enter the card details.", field="card")
    return form.payment


def _card_key(form: FrontDeskBooking, service: Service) -> str | None:
    """The charge's idempotency key for this submission of these answers (the gateway
    refuses a key reused with another amount, as Stripe does)."""
    if not form.submission:
        return None
    answers = "|".join(str(part) for part in (form.submission, service.id, form.customer_id, form.new_email, form.starts_at,
                                              form.at_local, form.staff_user_id, form.party_size))
    return f"frontdesk-{hashlib.sha256(answers.encode()).hexdigest()[:40]}"


def _made_by(session: Session, key: str) -> Booking | None:
    payment = session.exec(select(Payment).where(Payment.idempotency_key == key)).first()
    return session.get(Booking, payment.booking_id) if payment else None


def _customer(session: Session, actor: Actor, org: Organization, form: FrontDeskBooking) -> Customer:
    if form.customer_id is not None:
        return get_owned(session, Customer, form.customer_id, actor)
    if not (form.new_name or "").strip():
        raise ValidationFailed("Choose a customer, or add a new one with their name.", field="customer")
    name = clean_text(form.new_name, field="new_name", label="the customer's name", max_length=120)
    email = normalize_email(form.new_email, field="new_email") if (form.new_email or "").strip() else None
    phone = clean_text(form.new_phone, field="new_phone", label="a phone number", max_length=40, required=False) or None
    if email is not None:
        existing = session.exec(select(Customer).where(Customer.organization_id == org.id, Customer.email == email)).first()
        if existing is not None:
            raise ValidationFailed("{name} already has this email address: find them in the search above.", field="new_email",
                                   name=existing.name)
    customer = Customer(organization_id=org.id, name=name, email=email, phone=phone)
    session.add(customer)
    session.flush()
    log_action(session, actor=actor, action="customer.created_by_staff", organization_id=org.id, customer_id=customer.id)
    return customer


def _needs_email(service: Service, payment: str, customer: Customer) -> None:
    if customer.email:
        return
    if service.kind == "request":
        raise EmailNeeded("This customer has no email address, and a request needs one: the customer answers "
                          "changes by email. Add the customer with an email address.")
    if payment == "link":
        raise EmailNeeded("This customer has no email address, and the payment link goes by email. "
                          "Choose another way to pay.")


def _start(org: Organization, form: FrontDeskBooking, now: datetime) -> datetime:
    if form.starts_at is not None:
        if form.starts_at.tzinfo is None:
            raise ValidationFailed("Choose a date and a time.", field="starts_at")
        start = form.starts_at.astimezone(UTC)
    else:
        start = parse_local_moment(form.at_local, org.timezone, field="starts_at")
    if start < now:
        raise ValidationFailed("This time has passed. Choose a time from now on.", field="starts_at")
    return start.replace(second=0, microsecond=0)


def _party(service: Service, form: FrontDeskBooking) -> tuple[int, bool]:
    """The party and whether it is a group booking, within the service's limits."""
    group = not service.allows_private  # a service booked only as a group
    requests.check_party(service, party_size=form.party_size, group=group)
    return form.party_size, group


def _timed(session: Session, actor: Actor, service: Service, org: Organization, customer: Customer,
           form: FrontDeskBooking, payment: str, note: str, now: datetime) -> Booking:
    """An appointment or a request at the time staff chose."""
    start = _start(org, form, now)
    party, group = _party(service, form)
    end = start + timedelta(minutes=service.duration_minutes)
    if service.kind == "appointment":
        staff_id, outside = _appointment_person(session, service, org, form, start, end, now)
    else:
        staff_id, outside = _request_person(session, service, org, form, start, end, now)
    status = Status.PENDING_PAYMENT if payment == "link" else Status.CONFIRMED
    booking, _token = place_booking(session, actor=actor, service=service, customer=customer, starts_at=start,
                                    staff_user_id=staff_id, status=status, now=now, party_size=party, note=note,
                                    group_booking=group)
    log_action(session, actor=actor, action="booking.booked_by_staff", organization_id=org.id, booking_id=booking.id,
               customer_id=customer.id, data={"starts_at": start.isoformat(), "payment": payment, "outside_hours": outside})
    return booking


def _appointment_person(session: Session, service: Service, org: Organization, form: FrontDeskBooking,
                        start: datetime, end: datetime, now: datetime) -> tuple[int, bool]:
    """(who takes it, whether staff overrode the hours): the person picked or, of everyone
    who gives the service, the one free with the fewest bookings that day."""
    team = free_times.members(session, service)
    if form.staff_user_id is not None:
        if form.staff_user_id not in team:
            raise ValidationFailed("Choose someone who gives this service.", field="staff")
        team = [form.staff_user_id]
    if not team:
        raise ValidationFailed("Nobody gives this service yet: add a team member to it under Services.", field="staff")
    appointments.lock_staff(session, team)
    busy = _busy_people(session, org.id, team, start, end, now)
    free = appointments.free_staff_at(session, service=service, org=org, start=start, now=now, team=team,
                                      rules=free_times.staff_rules(service, step=ONE_MINUTE))
    free = [staff_id for staff_id in free if staff_id not in busy]
    if free:
        return free[0], False
    open_to_it = [staff_id for staff_id in team if staff_id not in busy]
    if not open_to_it:
        if len(team) == 1:
            raise StaffBusy(name=_name(session, team[0]))
        raise EveryoneBusy()
    if not form.outside_hours:
        raise OutsideHours(name=_name(session, open_to_it[0]))
    return open_to_it[0], True


def _request_person(session: Session, service: Service, org: Organization, form: FrontDeskBooking,
                    start: datetime, end: datetime, now: datetime) -> tuple[int | None, bool]:
    """A request goes to the person picked (if they give it) or the service's staff member;
    requests have no hours, so only their time off asks for the override."""
    team = free_times.members(session, service)
    if form.staff_user_id is not None and form.staff_user_id not in team:
        raise ValidationFailed("Choose someone who gives this service.", field="staff")
    staff_id = form.staff_user_id or (service.staff_user_id if service.staff_user_id in team else next(iter(team), None))
    if staff_id is None:
        return None, False
    appointments.lock_staff(session, [staff_id])
    if _busy_people(session, org.id, [staff_id], start, end, now):
        raise StaffBusy(name=_name(session, staff_id))
    off = session.exec(select(TimeOff.id).where(
        TimeOff.organization_id == org.id, TimeOff.starts_at < end, TimeOff.ends_at > start,
        col(TimeOff.staff_user_id).is_(None) | (TimeOff.staff_user_id == staff_id))).first()
    if off is not None and not form.outside_hours:
        raise TimeOffThen(name=_name(session, staff_id))
    return staff_id, off is not None


def _busy_people(session: Session, org_id: int, staff_ids: list[int], start: datetime, end: datetime,
                 now: datetime) -> set[int]:
    """Who of them has an active booking, teaches a class session, or has a time held by an
    open proposal (`proposal_holds`) overlapping start..end: never booked twice, whatever
    staff confirm."""
    booked = session.exec(select(Booking.staff_user_id).where(
        Booking.organization_id == org_id, col(Booking.staff_user_id).in_(staff_ids), col(Booking.status).in_(ACTIVE),
        Booking.starts_at < end, Booking.ends_at > start,
        # The lower bound keeps the read on the (organization, start) index.
        Booking.starts_at > start - longest_booking(session, org_id))).all()
    teaching = session.exec(select(ClassSession.staff_user_id).where(
        ClassSession.organization_id == org_id, col(ClassSession.staff_user_id).in_(staff_ids),
        ClassSession.cancelled == False, ClassSession.starts_at < end, ClassSession.ends_at > start)).all()  # noqa: E712
    held = proposal_holds.held_staff(session, organization_id=org_id, staff_ids=staff_ids, start=start, end=end, now=now)
    return {staff_id for staff_id in (*booked, *teaching, *held) if staff_id is not None}


def _name(session: Session, staff_id: int) -> str:
    staff = session.get(StaffUser, staff_id)
    return staff.name if staff else ""


def _class_place(session: Session, actor: Actor, service: Service, customer: Customer, form: FrontDeskBooking,
                 payment: str, note: str, now: datetime) -> Booking:
    if form.class_session_id is None:
        raise ValidationFailed("Choose a session of the class.", field="session")
    class_session = get_owned(session, ClassSession, form.class_session_id, actor)
    if class_session.service_id != service.id:
        raise NotFound()
    return class_seats.book_seat(session, class_session_id=class_session.id, customer=customer, actor=actor, now=now,
                                 source="staff", use_credits=payment == "credits", party_size=form.party_size, note=note)
