"""The demo's past (issue 24): about ten weeks before today, so every report opens on a chart.

New customers of their own (the demo's first four keep their counts, visits and flags) book
class places and appointments and send requests, each at a past moment; the business answers,
cancels and marks attendance later on. Everything goes through the services the screens
call, given that past moment as `now`; `_dated` then dates the rows each call wrote (bookings,
payments and their operations, credit rows, log lines, emails) at that moment, since the
tables stamp their rows with the clock. Emails about the past count as sent then: loading the
demo mails nobody about a class ten weeks ago.

Only past times: every booking starts before today (in the business's zone) and every one is
settled (answered, paid, marked), so nothing reaches the Inbox, the orders' upcoming list or
today's lists. A fixed random seed and dates relative to today make it the same each day.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bookingapp.domain.attendance import Attendance
from bookingapp.domain.booking_states import Action
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    ActivityLog,
    Booking,
    BookingMessage,
    ClassSession,
    CreditLedger,
    Customer,
    Organization,
    OutboxEmail,
    Payment,
    PaymentOperation,
    Proposal,
    Service,
    StaffUser,
)
from bookingapp.services import attendance, credits
from bookingapp.services.accounts import actor_for
from bookingapp.services.actors import Actor

WEEKS = 10
SEED = 24
PEOPLE = (("Lena Hoffmann", "lena.hoffmann@example.net"), ("Jonas Weber", "jonas.weber@example.net"),
          ("Mia Schröder", "mia.schroeder@example.net"), ("Noah Becker", "noah.becker@example.net"),
          ("Emma Wagner", "emma.wagner@example.net"), ("Paul Fischer", "paul.fischer@example.net"),
          ("Hanna Koch", "hanna.koch@example.net"), ("Felix Richter", "felix.richter@example.net"),
          ("Clara Neumann", "clara.neumann@example.net"), ("Ben Schwarz", "ben.schwarz@example.net"))
# The weekly class times (weekday, local time), each filled about this much.
CLASS_SLOTS = ((0, time(18, 30), 0.85), (2, time(7, 0), 0.45), (5, time(9, 0), 0.7))
CLASS_NOTES = ("Feeling unwell today", "Work came up, sorry", "Train strike")  # a class place asks for one
CUSTOMER_NOTES = (*CLASS_NOTES, "")

_DATED = (Customer, Booking, Payment, PaymentOperation, CreditLedger, ActivityLog, OutboxEmail, BookingMessage, Proposal)


@contextmanager
def _dated(session: Session, when: datetime) -> Iterator[None]:
    """Date the rows written inside at `when` (the services stamp them with the clock)."""
    session.flush()
    last = {model: session.exec(select(sa.func.max(model.id))).one() or 0 for model in _DATED}
    yield
    session.flush()
    for model, top in last.items():
        values = {"created_at": when}
        if hasattr(model, "updated_at"):
            values["updated_at"] = when
        if model is OutboxEmail:  # sent back then, once, as the sweeper would have
            values.update(status="sent", sent_at=when, attempts=1)
        session.execute(sa.update(model).where(col(model.id) > top).values(**values))
    session.expire_all()


def build_history(session: Session, *, org: Organization, owner: StaffUser, coach: StaffUser, services: dict[str, Service],
                  now: datetime) -> None:
    from bookingapp.integrations.gateways import get_gateway

    rng = random.Random(SEED)
    tz = ZoneInfo(org.timezone)
    today = now.astimezone(tz).date()
    start = today - timedelta(weeks=WEEKS)
    staff, gateway = actor_for(owner), get_gateway()
    visa = CardInput("4242424242424242", 12, now.year + 4, "123")
    people = _customers(session, org, staff, datetime.combine(start - timedelta(days=7), time(10), tz))
    _classes(session, rng, org=org, staff=staff, coach=coach, yoga=services["yoga"], people=people, start=start,
             today=today, tz=tz)
    _appointments(session, rng, org=org, staff=staff, services=services, people=people, start=start, today=today, tz=tz,
                  gateway=gateway, card=visa)
    _requests(session, rng, org=org, staff=staff, tasting=services["tasting"], people=people, start=start, today=today,
              tz=tz, gateway=gateway, card=visa)


def _customers(session: Session, org: Organization, staff: Actor, when: datetime) -> list[Customer]:
    """The history's own customers, each with a class card bought at the desk."""
    from bookingapp.services.booking_common import customer_for

    people = []
    with _dated(session, when):
        for name, email in PEOPLE:
            customer = customer_for(session, org, email=email, name=name, phone="")
            credits.grant(session, actor=staff, customer_id=customer.id, delta=40, reason="Class card bought at the desk",
                          kind="purchase")
            people.append(customer)
    return people


def _local(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tz)


def _day_before(class_session: ClassSession, rng: random.Random, tz: ZoneInfo, *, days: int) -> datetime:
    """A daytime moment `days` before the session's day (nobody cancels at 3 in the night)."""
    day = class_session.starts_at.astimezone(tz).date() - timedelta(days=days)
    return _local(day, time(rng.randint(8, 20), rng.choice((0, 10, 25, 40))), tz)


def _daytime(after: datetime, rng: random.Random, tz: ZoneInfo) -> datetime:
    """A daytime moment on the day after `after`."""
    day = after.astimezone(tz).date() + timedelta(days=1)
    return _local(day, time(rng.randint(8, 19), rng.choice((0, 10, 25, 40))), tz)


def _mark(session: Session, rng: random.Random, staff: Actor, booking: Booking, when: datetime, no_show: float) -> None:
    mark = Attendance.NO_SHOW if rng.random() < no_show else Attendance.ATTENDED
    with _dated(session, when):
        attendance.mark(session, actor=staff, booking_id=booking.id, attendance=mark, now=when)


def _classes(session: Session, rng: random.Random, *, org: Organization, staff: Actor, coach: StaffUser, yoga: Service,
             people: list[Customer], start: date, today: date, tz: ZoneInfo) -> None:
    """Three weekly classes, fuller or emptier by slot; a few places cancelled by the
    customer or removed by staff, two sessions cancelled by the business, the rest marked."""
    from bookingapp.services import class_bookings, class_schedule, class_seats, session_changes

    created = _local(start - timedelta(days=3), time(9), tz)
    sessions: list[ClassSession] = []
    for weekday, at, _ in CLASS_SLOTS:
        first = start + timedelta(days=(weekday - start.weekday()) % 7)
        last = today - timedelta(days=1)
        with _dated(session, created):
            sessions += class_schedule.create_sessions(session, actor=staff, now=created, new=class_schedule.NewSessions(
                service_id=yoga.id, starts_at=_local(first, at, tz), duration_minutes=60, capacity=8, credit_cost=1,
                free_cancellation_minutes=12 * 60, location="Studio 1", staff_user_id=coach.id, repeat_until=last))
    sessions = [s for s in sessions if s.starts_at.astimezone(tz).date() < today]
    sessions.sort(key=lambda s: s.starts_at)
    fill = {(weekday, at): share for weekday, at, share in CLASS_SLOTS}
    cancelled_sessions = {sessions[len(sessions) // 3].id: "Teacher ill", sessions[2 * len(sessions) // 3].id: "Too few participants"}
    for class_session in sessions:
        local = class_session.starts_at.astimezone(tz)
        share = fill[(local.weekday(), local.time())]
        wanted = max(1, min(8, round(8 * share + rng.uniform(-2, 2))))
        places = []
        for customer in rng.sample(people, wanted):
            booked_at = class_session.starts_at - timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 10))
            actor = Actor("customer", org.id, customer.id, customer.name)
            with _dated(session, booked_at):
                places.append(class_seats.book_seat(session, class_session_id=class_session.id, customer=customer, actor=actor,
                                                    now=booked_at))
        if class_session.id in cancelled_sessions:
            when = _day_before(class_session, rng, tz, days=1)
            with _dated(session, when):
                session_changes.cancel_sessions(session, actor=staff, class_session_id=class_session.id, scope="this",
                                                reason=cancelled_sessions[class_session.id], note="", now=when)
            continue
        for booking in places:
            roll = rng.random()
            if roll < 0.1:  # the customer cancels, mostly in time
                when = _day_before(class_session, rng, tz, days=rng.choice((1, 1, 2)))
                customer = session.get(Customer, booking.customer_id)
                with _dated(session, when):
                    class_bookings.cancel_seat(session, booking_id=booking.id, reason=rng.choice(CLASS_NOTES),
                                               actor=Actor("customer", org.id, customer.id, customer.name), now=when)
            elif roll < 0.13:  # staff take someone off the list
                when = _day_before(class_session, rng, tz, days=1)
                with _dated(session, when):
                    class_bookings.cancel_seat(session, booking_id=booking.id, reason="Room not available", actor=staff,
                                               now=when)
            else:
                _mark(session, rng, staff, booking, class_session.starts_at + timedelta(minutes=70), no_show=0.08)


def _free_slot(session: Session, service: Service, day: date, now: datetime, tz: ZoneInfo, rng: random.Random) -> datetime | None:
    from bookingapp.services import appointments

    for entry in appointments.month(session, service=service, year=day.year, month_number=day.month, now=now):
        if entry.day == day and entry.slots:
            return rng.choice(entry.slots)
    return None


def _appointments(session: Session, rng: random.Random, *, org: Organization, staff: Actor, services: dict[str, Service],
                  people: list[Customer], start: date, today: date, tz: ZoneInfo, gateway, card: CardInput) -> None:
    """About four appointments a week, most paid online; some cancelled by the customer
    (refunded by staff, the commission retained) or by the business, the rest marked."""
    from bookingapp.services import appointments, manage_booking, rebooking

    kinds = (("consult", 0.45), ("massage", 0.3), ("portrait", 0.25))
    day, count = start, 0
    while day < today - timedelta(days=1):
        day += timedelta(days=rng.choice((1, 1, 2, 2, 3)))
        if day >= today:
            break
        name = rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0]
        service = services[name]
        booked_at = _local(day - timedelta(days=rng.randint(3, 9)), time(rng.randint(8, 21), rng.choice((5, 20, 40))), tz)
        starts_at = _free_slot(session, service, day, booked_at.astimezone(ZoneInfo("UTC")), tz, rng)
        if starts_at is None:
            continue
        customer = rng.choice(people)
        pays = service.prepayment == "required" or rng.random() < 0.75
        with _dated(session, booked_at):
            booking, token = appointments.book(session, service_id=service.id, starts_at=starts_at, name=customer.name,
                                               email=customer.email, card=card if pays else None, gateway=gateway,
                                               now=booked_at)
        count += 1  # every eighth cancelled by the customer, every eighth by the business, in every month
        roll = {3: 0.05, 7: 0.12}.get(count % 8, 0.2 + rng.random())
        if roll < 0.1 and service.customer_cancellation != "rebooking_request_only":
            when = _daytime(booked_at, rng, tz)
            if when > booking.starts_at - timedelta(minutes=booking.cutoff_minutes or 0, hours=1):
                when = booked_at + timedelta(minutes=50)  # the next day would be too late to cancel online
            with _dated(session, when):
                manage_booking.cancel(session, token=token, gateway=gateway, reason=rng.choice(CUSTOMER_NOTES), now=when)
            if pays:  # the provider refunds what was paid; the platform's commission stays retained
                when = _daytime(when, rng, tz)
                with _dated(session, when):
                    manage_booking.refund_cancelled(session, actor=staff, booking_id=booking.id, quoted_refunded_minor=0,
                                                    gateway=gateway, now=when)
        elif roll < 0.16:
            when = _daytime(booked_at, rng, tz)
            with _dated(session, when):
                rebooking.cancel_by_provider(session, actor=staff, booking_id=booking.id, quoted_refunded_minor=0,
                                             reason=rng.choice(("Room not available", "Teacher ill")), gateway=gateway,
                                             now=when)
        else:
            booking = session.get(Booking, booking.id)
            _mark(session, rng, staff, booking, booking.ends_at + timedelta(minutes=30), no_show=0.12)


def _requests(session: Session, rng: random.Random, *, org: Organization, staff: Actor, tasting: Service,
              people: list[Customer], start: date, today: date, tz: ZoneInfo, gateway, card: CardInput) -> None:
    """Tasting requests answered hours later (a few after the deadline), one rejected,
    one left without an answer until it expired, one whose proposed times nobody picked."""
    from bookingapp.services import requests

    plan = ("confirm", "confirm", "confirm", "late", "confirm", "reject", "confirm", "expire", "confirm", "late",
            "confirm", "propose", "confirm", "confirm")
    step = (WEEKS * 7 - 12) / len(plan)
    for n, what in enumerate(plan):
        asked = _local(start + timedelta(days=int(n * step)), time(rng.randint(9, 21), rng.choice((0, 15, 45))), tz)
        customer = people[n % len(people)]
        party = rng.randint(2, 6)
        starts_at = _local(asked.astimezone(tz).date() + timedelta(days=rng.randint(6, 10)), time(18), tz)
        form = requests.RequestForm(service_id=tasting.id, starts_at=starts_at, party_size=party, group=party > 2,
                                    name=customer.name, email=customer.email, phone="", note="", card=card)
        with _dated(session, asked):
            booking, _ = requests.create_request(session, form=form, gateway=gateway, now=asked)
        respond_by = session.get(Booking, booking.id).respond_by
        if what == "expire":
            with _dated(session, respond_by):
                _expire_request(session, booking.id, respond_by, gateway)
            continue
        if what == "late":
            when = respond_by + timedelta(hours=rng.uniform(2, 8))
        else:  # a few hours later, or the next day when that would be at night
            when = asked + timedelta(hours=rng.uniform(1.5, 6))
            if not 8 <= when.astimezone(tz).hour < 22:
                when = _daytime(asked, rng, tz)
        with _dated(session, when):
            if what == "reject":
                requests.reject_request(session, actor=staff, booking_id=booking.id, reason="party_size", gateway=gateway,
                                        now=when)
            elif what == "propose":
                slots = [starts_at + timedelta(days=d) for d in (1, 2)]
                requests.propose_reschedule(session, actor=staff, booking_id=booking.id, slots=slots, now=when,
                                            message="That evening the cellar is booked: would one of these suit you?")
            else:
                requests.confirm_request(session, actor=staff, booking_id=booking.id, gateway=gateway, now=when,
                                         address="Weinbergweg 3, vineyard gate")
        if what == "propose":
            proposal = session.exec(select(Proposal).where(Proposal.booking_id == booking.id, Proposal.status == "open")).one()
            with _dated(session, proposal.expires_at):
                _expire_proposal(session, proposal.id, proposal.expires_at, gateway)
        elif what != "reject":
            booking = session.get(Booking, booking.id)
            _mark(session, rng, staff, booking, booking.ends_at + timedelta(minutes=30), no_show=0.05)


def _expire_request(session: Session, booking_id: int, now: datetime, gateway) -> None:
    """What `requests.expire_overdue_requests` does to one request, at `now`."""
    from bookingapp.services import requests
    from bookingapp.services.activity import log_action
    from bookingapp.services.booking_common import transition

    booking = session.get(Booking, booking_id)
    transition(session, booking, Action.EXPIRE, now)
    system = Actor.system(booking.organization_id)
    requests._release(session, system, booking, gateway)
    log_action(session, actor=system, action="booking.expired", organization_id=booking.organization_id, booking_id=booking.id)
    requests._tell_both_expired(session, booking)


def _expire_proposal(session: Session, proposal_id: int, now: datetime, gateway) -> None:
    """What `requests.expire_proposals` does to one unanswered proposal, at `now`."""
    from bookingapp.services import requests
    from bookingapp.services.activity import log_action
    from bookingapp.services.booking_common import booking_context, transition
    from bookingapp.services.notifications import queue_email

    proposal = session.get(Proposal, proposal_id)
    booking = session.get(Booking, proposal.booking_id)
    transition(session, booking, Action.EXPIRE, now)
    proposal.status, proposal.decided_at = "expired", now
    session.add(proposal)
    system = Actor.system(booking.organization_id)
    requests._release(session, system, booking, gateway)
    log_action(session, actor=system, action="booking.proposal_expired", organization_id=booking.organization_id,
               booking_id=booking.id)
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="proposal_expired", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, values=ctx.values)
