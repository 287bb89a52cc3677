"""A customer's classes: upcoming places, weekly series, waitlist places, the credit
balance with its ledger, and cancelling a whole series at once.

A customer actor sees only their own (any other customer id is `NotFound`, like another
organization's); staff of the organization may look at any of their customers.

Cancelling a series cancels each of its upcoming places through `class_bookings.cancel_seat`,
all in the caller's one transaction: the per-place rules stay those of a single
cancellation (credits back only inside each class's free-cancellation window, a class
already started cannot be cancelled by the customer), each place gets the cancellation
email a single cancellation sends (with its `.ics` carrying METHOD:CANCEL), and each freed
place goes to that class's waitlist. One refusal rolls back the whole series.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import Session, col, select

from bookingapp import routes
from bookingapp.domain.booking_states import ACTIVE
from bookingapp.domain.class_rules import cancel_outcome
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.localized_text import service_name_texts
from bookingapp.domain.user_input import Id, Paragraph, user_input
from bookingapp.models import (
    Booking,
    ClassSession,
    CreditLedger,
    Customer,
    RecurringSeries,
    Service,
)
from bookingapp.services import class_bookings, credits, manage_links, waitlist
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned

PLACES_LIMIT = 100
LEDGER_LIMIT = 100


class NothingToCancel(DomainError):
    message = "This series has no upcoming classes left to cancel."


@dataclass(frozen=True)
class ClassPlace:
    booking_id: int
    reference: str
    service_name: str
    starts_at: datetime
    ends_at: datetime
    location: str
    credits_spent: int
    series_id: int | None
    manage_path: str  # "" when the booking has no working manage link


@dataclass(frozen=True)
class SeriesSummary:
    series_id: int
    service_name: str
    weekday: int  # 0 = Monday, in the organization's timezone
    start_time: time  # local wall-clock time
    until: date
    upcoming: int  # places of the series still to come (active)
    next_starts_at: datetime


@dataclass(frozen=True)
class WaitlistPlace:
    entry_id: int
    service_name: str
    starts_at: datetime
    position: int  # as shown to the customer: 1 = next
    status: str  # waiting | offered
    offer_expires_at: datetime | None


@dataclass
class MyClasses:
    customer: Customer
    places: list[ClassPlace]
    series: list[SeriesSummary]
    waitlist: list[WaitlistPlace]
    balance: int
    ledger: list[CreditLedger]  # newest first
    offers_classes: bool = True  # the business has a class service (a page may leave the panel out otherwise)


def _customer(session: Session, actor: Actor, customer_id: int | None) -> Customer:
    customer = get_owned(session, Customer, customer_id, actor)
    if actor.kind == "customer" and actor.id != customer.id:
        raise NotFound()
    if actor.kind not in ("customer", "staff"):
        raise NotFound()
    return customer


def _upcoming_places(session: Session, customer: Customer, now: datetime, series_id: int | None = None,
                     *, lock: bool = False) -> list[tuple[Booking, Service]]:
    stmt = (select(Booking, Service).join(Service, col(Service.id) == Booking.service_id)
            .where(Booking.customer_id == customer.id, Booking.organization_id == customer.organization_id,
                   col(Booking.session_id).is_not(None), col(Booking.status).in_(ACTIVE), Booking.starts_at > now)
            .order_by(col(Booking.starts_at), col(Booking.id)).limit(PLACES_LIMIT))
    if series_id is not None:
        stmt = stmt.where(Booking.series_id == series_id)
    return list(session.exec(stmt).all())


def _manage_path(booking: Booking, now: datetime) -> str:
    works = booking.manage_token_nonce and not (booking.manage_token_expires_at and booking.manage_token_expires_at < now)
    return routes.manage(manage_links.token_of(booking)) if works else ""


@user_input
def my_classes(session: Session, *, actor: Actor, customer_id: Id, now: datetime) -> MyClasses:
    """The "Your classes" panel: upcoming class places (soonest first), the series with
    places still to come, queued waitlist places with their position, and credits."""
    customer = _customer(session, actor, customer_id)
    rows = _upcoming_places(session, customer, now)
    places = [ClassPlace(b.id, b.reference, service_name_texts(s), b.starts_at, b.ends_at, b.location or s.location or "",
                         b.credits_spent, b.series_id, _manage_path(b, now)) for b, s in rows]

    by_series: dict[int, list[ClassPlace]] = {}
    for place in places:
        if place.series_id is not None:
            by_series.setdefault(place.series_id, []).append(place)
    series = []
    if by_series:
        for row, service in session.exec(select(RecurringSeries, Service)
                                      .join(Service, col(Service.id) == RecurringSeries.service_id)
                                      .where(col(RecurringSeries.id).in_(list(by_series)),
                                             RecurringSeries.customer_id == customer.id)
                                      .order_by(col(RecurringSeries.id))):
            mine = by_series[row.id]
            series.append(SeriesSummary(row.id, service_name_texts(service), row.weekday, row.start_time, row.until, len(mine), mine[0].starts_at))

    queued = waitlist.entries_of(session, customer_id=customer.id)
    waiting = []
    if queued:
        found = session.exec(select(ClassSession, Service).join(Service, col(Service.id) == ClassSession.service_id)
                             .where(col(ClassSession.id).in_(list(queued)), ClassSession.starts_at > now))
        for class_session, service in found:
            entry, shown = queued[class_session.id]
            waiting.append(WaitlistPlace(entry.id, service_name_texts(service), class_session.starts_at, shown, entry.status, entry.offer_expires_at))
        waiting.sort(key=lambda w: (w.starts_at, w.entry_id))

    offers = session.exec(select(Service.id).where(Service.organization_id == customer.organization_id,
                                                   Service.kind == "class")).first() is not None
    return MyClasses(customer, places, series, waiting, credits.balance(session, customer.id),
                     credits.history(session, customer.id, limit=LEDGER_LIMIT), offers)


# --- cancelling a series ------------------------------------------------------------------


@dataclass(frozen=True)
class OccurrenceOutcome:
    """One upcoming place of a series, and what cancelling it does (or did) with its credits."""

    booking_id: int
    reference: str
    starts_at: datetime
    credits_spent: int
    refunded_credits: int
    free: bool  # inside the free-cancellation window: the credits come back
    deadline: datetime | None


@dataclass
class SeriesCancellation:
    series_id: int
    service_name: str
    occurrences: list[OccurrenceOutcome]
    balance: int = 0  # after the cancellation (the preview: now)

    @property
    def refunded_credits(self) -> int:
        return sum(o.refunded_credits for o in self.occurrences)

    @property
    def lost_credits(self) -> int:
        return sum(o.credits_spent - o.refunded_credits for o in self.occurrences)


def _series(session: Session, actor: Actor, series_id: int | None) -> tuple[RecurringSeries, Customer, Service]:
    row = get_owned(session, RecurringSeries, series_id, actor)
    customer = _customer(session, actor, row.customer_id)
    return row, customer, session.get(Service, row.service_id)


@user_input
def series_cancel_preview(session: Session, *, actor: Actor, series_id: Id, now: datetime) -> SeriesCancellation:
    """Each upcoming place of the series, with whether its credits would come back now."""
    row, customer, service = _series(session, actor, series_id)
    occurrences = []
    for booking, _ in _upcoming_places(session, customer, now, row.id):
        class_session = session.get(ClassSession, booking.session_id)
        outcome = cancel_outcome(starts_at=class_session.starts_at, window_minutes=class_session.free_cancellation_minutes,
                                 credits_spent=booking.credits_spent, now=now)
        occurrences.append(OccurrenceOutcome(booking.id, booking.reference, booking.starts_at, booking.credits_spent,
                                             outcome.refunded_credits, outcome.free, outcome.deadline))
    return SeriesCancellation(row.id, service_name_texts(service), occurrences, credits.balance(session, customer.id))


@user_input
def cancel_series(session: Session, *, actor: Actor, series_id: Id, reason: Paragraph, now: datetime) -> SeriesCancellation:
    """Cancel every upcoming place of the series in this one transaction (see the module doc).
    The reason is asked as for one place, and each place's email carries it."""
    text = clean_text(reason, field="reason", label="a reason", max_length=500)
    row, customer, service = _series(session, actor, series_id)
    places = _upcoming_places(session, customer, now, row.id)
    if not places:
        raise NothingToCancel()
    done = []
    # Soonest first: the same order every time, so two cancellations lock sessions alike.
    for booking, _ in places:
        outcome = class_bookings.cancel_seat(session, booking_id=booking.id, actor=actor, reason=text, now=now)
        done.append(OccurrenceOutcome(booking.id, booking.reference, booking.starts_at, booking.credits_spent,
                                      outcome.refunded_credits, outcome.free, outcome.deadline))
    result = SeriesCancellation(row.id, service_name_texts(service), done, credits.balance(session, customer.id))
    log_action(session, actor=actor, action="class.series_cancelled", organization_id=row.organization_id,
               customer_id=customer.id, data={"series_id": row.id, "cancelled": len(done),
                                              "refunded_credits": result.refunded_credits})
    return result
