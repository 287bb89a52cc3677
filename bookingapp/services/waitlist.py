"""The waitlist of a full class session: join, staff add, leave, offers, claims, expiry.

- Customers join only a full session that has not started; staff may add anyone (also to
  staff-only sessions). Positions are numbered in joining order; the position shown is
  the people still ahead plus one (domain/waitlist_rules.py).
- When a place frees up (`place_freed`, called by class_bookings after a cancellation or
  a capacity raise, and here after a leave or an expired offer), the first people waiting
  get an offer by email: one open offer per free place. An offer lasts the organization's
  setting, shorter close to the start.
- A claim books through `class_seats.book_seat(source="waitlist")`, so capacity and
  credits are checked under the session's row lock like any booking. A claim that finds
  the place taken (someone booked directly meanwhile) puts the customer back at their
  place in the queue: they are first when the next place frees up.
- The sweeper (`expire_offers`) ends lapsed offers and passes them on, and closes the
  waitlist of sessions that started.

Links: each customer email carries the entry's link `/b/<org>/waitlist/<token>`: a random
256-bit token of which only the SHA-256 is stored. The token cannot be recovered, so an
offer issues a new one (the email says it replaces the earlier link).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bookingapp import routes
from bookingapp.domain.booking_states import ACTIVE
from bookingapp.domain.class_rules import (
    AlreadyBooked,
    OnlineBookingClosed,
    SessionCancelled,
    SessionFull,
)
from bookingapp.domain.errors import NotFound, PermissionDenied
from bookingapp.domain.formatting import fmt_datetime
from bookingapp.domain.localized_text import PerLanguage
from bookingapp.domain.user_input import Id, LinkToken, user_input
from bookingapp.domain.waitlist_rules import (
    IN_QUEUE,
    AlreadyOnWaitlist,
    EntryStatus,
    NoOpenOffer,
    NotFull,
    OfferExpired,
    WaitlistClosed,
    can_take_offer,
    is_open,
    next_position,
    offer_expires_at,
    offers_to_make,
    shown_position,
)
from bookingapp.models import (
    Booking,
    ClassSession,
    Customer,
    Organization,
    Service,
    WaitlistEntry,
    utcnow,
)
from bookingapp.services import class_seats, credits
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.notifications import queue_email
from bookingapp.settings import get_settings

S = EntryStatus
_QUEUED = [str(s) for s in IN_QUEUE]


@dataclass(frozen=True)
class Joined:
    entry: WaitlistEntry
    position: int
    token: str  # the link's token, for the email and for tests; never stored


@dataclass(frozen=True)
class ClaimOutcome:
    """`booking` when the place was claimed; None when it was taken a moment earlier
    and the customer is back in the queue at `position`."""

    booking: Booking | None
    position: int = 0


@dataclass(frozen=True)
class QueueLine:
    entry: WaitlistEntry
    customer: Customer
    position: int  # shown position while in the queue, 0 otherwise


@dataclass(frozen=True)
class EntryView:
    """Everything the customer's waitlist page shows."""

    entry: WaitlistEntry
    class_session: ClassSession
    service: Service
    org: Organization
    customer: Customer
    position: int
    balance: int
    cost: int


# --- tokens and lookups ---------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _issue_token(entry: WaitlistEntry) -> str:
    token = secrets.token_urlsafe(32)  # 256 bits
    entry.offer_token_hash = _hash(token)
    return token


def _entry_for_token(session: Session, token: str, *, lock: bool = False) -> WaitlistEntry:
    if not token or len(token) > 100:
        raise NotFound()
    stmt = select(WaitlistEntry).where(WaitlistEntry.offer_token_hash == _hash(token))
    if lock:
        stmt = stmt.with_for_update()
    entry = session.exec(stmt).first()
    if entry is None:
        raise NotFound()
    return entry


def _locked_session(session: Session, class_session_id: int, organization_id: int) -> ClassSession:
    row = session.get(ClassSession, class_session_id, with_for_update=True)
    if row is None or row.organization_id != organization_id:
        raise NotFound()
    session.refresh(row)
    return row


def position(session: Session, entry: WaitlistEntry) -> int:
    """The position the customer sees; 0 when the entry is no longer in the queue."""
    if entry.status not in IN_QUEUE:
        return 0
    ahead = session.exec(select(func.count()).select_from(WaitlistEntry).where(
        WaitlistEntry.session_id == entry.session_id, col(WaitlistEntry.status).in_(_QUEUED),
        WaitlistEntry.position < entry.position)).one()
    return shown_position(ahead=int(ahead))


def _queued_entry(session: Session, class_session_id: int, customer_id: int) -> WaitlistEntry | None:
    return session.exec(select(WaitlistEntry).where(
        WaitlistEntry.session_id == class_session_id, WaitlistEntry.customer_id == customer_id,
        col(WaitlistEntry.status).in_(_QUEUED))).first()


def _is_booked(session: Session, class_session_id: int, customer_id: int) -> bool:
    return session.exec(select(Booking.id).where(
        Booking.session_id == class_session_id, Booking.customer_id == customer_id,
        col(Booking.status).in_(ACTIVE))).first() is not None


# --- joining and leaving --------------------------------------------------------------


@user_input
def join(session: Session, *, class_session_id: Id, customer: Customer, actor: Actor, now: datetime) -> Joined:
    """The customer joins the waitlist of a full session (customers only online-bookable ones)."""
    if actor.kind == "customer" and actor.id != customer.id:
        raise PermissionDenied()
    if customer.organization_id != actor.organization_id:
        raise NotFound()
    class_session = _locked_session(session, class_session_id, actor.organization_id)
    if class_session.cancelled:
        raise SessionCancelled()
    if not is_open(starts_at=class_session.starts_at, cancelled=False, now=now):
        raise WaitlistClosed()
    if not actor.is_staff and not class_session.online_booking:
        raise OnlineBookingClosed()
    if _is_booked(session, class_session.id, customer.id):
        raise AlreadyBooked()
    if _queued_entry(session, class_session.id, customer.id) is not None:
        raise AlreadyOnWaitlist()
    if class_seats.bookable_places(session, class_session, customer.id, now) > 0:
        raise NotFull()
    existing = list(session.exec(select(WaitlistEntry.position).where(WaitlistEntry.session_id == class_session.id)))
    entry = WaitlistEntry(organization_id=class_session.organization_id, session_id=class_session.id,
                          customer_id=customer.id, position=next_position(existing), status=S.WAITING,
                          added_by_staff_id=actor.id if actor.is_staff else None, created_at=now)
    token = _issue_token(entry)
    session.add(entry)
    session.flush()
    shown = position(session, entry)
    log_action(session, actor=actor, action="waitlist.added_by_staff" if actor.is_staff else "waitlist.joined",
               organization_id=entry.organization_id, customer_id=customer.id,
               data={"session_id": class_session.id, "position": shown})
    _email(session, "waitlist_joined", entry, class_session, customer, token, shown=shown)
    return Joined(entry, shown, token)


@user_input
def add(session: Session, *, class_session_id: Id, customer_id: Id, actor: Actor, now: datetime) -> Joined:
    """Staff put a customer of their organization on the waitlist of a full session."""
    if not actor.is_staff:
        raise PermissionDenied()
    customer = get_owned(session, Customer, customer_id, actor)
    return join(session, class_session_id=class_session_id, customer=customer, actor=actor, now=now)


@user_input
def leave(session: Session, *, now: datetime, token: LinkToken | None = None, entry_id: Id | None = None,
          actor: Actor | None = None) -> WaitlistEntry:
    """Leave with one click: by the email link's `token`, or by `entry_id` for a signed-in
    customer (their own entry) or staff (removing someone). An open offer passes on."""
    if token is not None:
        entry = _entry_for_token(session, token)
        customer = session.get(Customer, entry.customer_id)
        actor = Actor("customer", entry.organization_id, customer.id, customer.name)
    elif actor is not None:
        entry = get_owned(session, WaitlistEntry, entry_id, actor)
        if actor.kind == "customer" and entry.customer_id != actor.id:
            raise NotFound()
    else:
        raise PermissionDenied()
    class_session = _locked_session(session, entry.session_id, entry.organization_id)
    session.refresh(entry)
    if entry.status not in IN_QUEUE:
        raise NoOpenOffer("You are no longer on this waitlist.")
    was_offered = entry.status == S.OFFERED
    entry.status, entry.offer_expires_at = S.LEFT, None
    session.add(entry)
    log_action(session, actor=actor, action="waitlist.removed_by_staff" if actor.is_staff else "waitlist.left",
               organization_id=entry.organization_id, customer_id=entry.customer_id,
               data={"session_id": class_session.id, "had_offer": was_offered})
    if was_offered:
        place_freed(session, class_session, now)
    return entry


# --- offers ---------------------------------------------------------------------------


def place_freed(session: Session, class_session: ClassSession, now: datetime) -> list[WaitlistEntry]:
    """Offer the free places to the first people waiting, one open offer per free place.
    The caller holds the session's row lock (class_bookings does; so do the callers here)."""
    if not is_open(starts_at=class_session.starts_at, cancelled=class_session.cancelled, now=now):
        return []
    offered: list[WaitlistEntry] = []
    passed_over: list[int] = []  # cannot pay: they keep their place, the offer goes on
    pay_on_site = session.get(Organization, class_session.organization_id).waitlist_pay_on_site
    free = class_seats.free_places(session, class_session)
    while True:
        open_offers = session.exec(select(func.count()).select_from(WaitlistEntry).where(
            WaitlistEntry.session_id == class_session.id, WaitlistEntry.status == S.OFFERED,
            col(WaitlistEntry.offer_expires_at) > now)).one()
        entry = session.exec(select(WaitlistEntry).where(
            WaitlistEntry.session_id == class_session.id, WaitlistEntry.status == S.WAITING,
            col(WaitlistEntry.id).not_in(passed_over)).order_by(col(WaitlistEntry.position))).first()
        if offers_to_make(free_places=free, open_offers=int(open_offers), waiting=int(entry is not None)) < 1:
            return offered
        if _is_booked(session, class_session.id, entry.customer_id):
            # Booked directly since joining: they no longer wait for a place.
            entry.status = S.LEFT
            session.add(entry)
            continue
        balance = credits.balance(session, entry.customer_id)
        if not can_take_offer(balance=balance, cost=class_session.credit_cost * entry.party_size, pay_on_site=pay_on_site):
            passed_over.append(entry.id)
            log_action(session, actor=Actor.system(entry.organization_id), action="waitlist.passed_over",
                       organization_id=entry.organization_id, customer_id=entry.customer_id,
                       data={"session_id": class_session.id, "balance": balance, "cost": class_session.credit_cost})
            continue
        _offer(session, entry, class_session, now)
        session.flush()
        offered.append(entry)


def _offer(session: Session, entry: WaitlistEntry, class_session: ClassSession, now: datetime) -> None:
    service = session.get(Service, class_session.service_id)  # its hold time is set in the services editor
    entry.status = S.OFFERED
    entry.offer_expires_at = offer_expires_at(now=now, starts_at=class_session.starts_at,
                                              offer_minutes=service.waitlist_offer_minutes)
    token = _issue_token(entry)
    session.add(entry)
    system = Actor.system(entry.organization_id)
    log_action(session, actor=system, action="waitlist.offered", organization_id=entry.organization_id,
               customer_id=entry.customer_id,
               data={"session_id": class_session.id, "offer_expires_at": entry.offer_expires_at.isoformat()})
    customer = session.get(Customer, entry.customer_id)
    # Someone who will pay at the class must not read that credits are taken.
    key = "waitlist_offer_pay_on_site" if pays_on_site(session, entry, class_session) else "waitlist_offer"
    _email(session, key, entry, class_session, customer, token, shown=position(session, entry))


@user_input
def claim(session: Session, *, token: LinkToken, now: datetime) -> ClaimOutcome:
    """Take the offered place: book it (credits debited) and close the entry.

    Raises OfferExpired, NoOpenOffer, NotEnoughCredits, AlreadyBooked, SessionStarted — and
    then nothing changes. When the place was taken meanwhile, the customer goes back to
    their place in the queue and the outcome says so."""
    entry = _entry_for_token(session, token)
    class_session = _locked_session(session, entry.session_id, entry.organization_id)
    session.refresh(entry)  # current, now that the session's lock serializes claims
    if entry.status == S.EXPIRED or (entry.status == S.OFFERED and entry.offer_expires_at <= now):
        raise OfferExpired()
    if entry.status == S.CLAIMED:
        raise NoOpenOffer("You already claimed this place.")
    if entry.status == S.LEFT:
        raise NoOpenOffer("You left this waitlist.")
    if entry.status == S.WAITING:
        raise NoOpenOffer("No place is offered to you yet: you are number {position} on the waitlist.",
                          position=position(session, entry))
    customer = session.get(Customer, entry.customer_id)
    actor = Actor("customer", entry.organization_id, customer.id, customer.name)
    on_site = pays_on_site(session, entry, class_session)
    try:
        with session.begin_nested():
            booking = class_seats.book_seat(session, class_session_id=class_session.id, customer=customer,
                                            actor=actor, now=now, source="waitlist", use_credits=not on_site)
    except SessionFull:
        entry.status, entry.offer_expires_at = S.WAITING, None
        session.add(entry)
        session.flush()
        log_action(session, actor=actor, action="waitlist.place_taken", organization_id=entry.organization_id,
                   customer_id=customer.id, data={"session_id": class_session.id})
        return ClaimOutcome(None, position(session, entry))
    entry.status, entry.offer_expires_at = S.CLAIMED, None
    session.add(entry)
    log_action(session, actor=actor, action="waitlist.claimed", organization_id=entry.organization_id,
               booking_id=booking.id, customer_id=customer.id, data={"session_id": class_session.id, "pay_on_site": on_site})
    return ClaimOutcome(booking)


def pays_on_site(session: Session, entry: WaitlistEntry, class_session: ClassSession) -> bool:
    """A claim without credits, paid at the class: only where the business allows it, and
    only for someone whose credits do not cover the place (whoever can pay, pays)."""
    org = session.get(Organization, entry.organization_id)
    cost = class_session.credit_cost * entry.party_size
    return bool(org.waitlist_pay_on_site) and cost > 0 and credits.balance(session, entry.customer_id) < cost


# --- the sweeper ----------------------------------------------------------------------


def expire_offers(*, engine=None, now: datetime | None = None) -> int:
    """End offers whose time ran out (passing each on to the next person) and close the
    waitlists of sessions that started. Each entry is claimed with a conditional UPDATE,
    so of two sweepers only one acts on it."""
    from bookingapp.db import read_only, unit_of_work

    now = now or utcnow()
    with read_only(engine) as session:
        due = list(session.exec(
            select(WaitlistEntry.id).join(ClassSession, ClassSession.id == WaitlistEntry.session_id).where(
                col(WaitlistEntry.status).in_(_QUEUED),
                (col(WaitlistEntry.offer_expires_at) <= now) | (ClassSession.starts_at <= now) | col(ClassSession.cancelled))
            .order_by(col(WaitlistEntry.id))))
    done = 0
    for entry_id in due:
        with unit_of_work(engine) as session:
            entry = session.get(WaitlistEntry, entry_id)
            class_session = _locked_session(session, entry.session_id, entry.organization_id)
            closing = not is_open(starts_at=class_session.starts_at, cancelled=class_session.cancelled, now=now)
            guard = (col(WaitlistEntry.status).in_(_QUEUED) if closing
                     else (WaitlistEntry.status == S.OFFERED) & (col(WaitlistEntry.offer_expires_at) <= now))
            ended = session.exec(update(WaitlistEntry).where(WaitlistEntry.id == entry_id, guard)
                                 .values(status=S.EXPIRED, offer_expires_at=None))
            if ended.rowcount != 1:
                continue  # another sweeper, a claim or a leave acted on it a moment ago
            session.refresh(entry)
            log_action(session, actor=Actor.system(entry.organization_id),
                       action="waitlist.closed" if closing else "waitlist.offer_expired",
                       organization_id=entry.organization_id, customer_id=entry.customer_id,
                       data={"session_id": class_session.id})
            if not closing:
                # Told once (the conditional UPDATE above made this sweeper the only one):
                # the offer is gone, so nobody waits for a place they no longer have.
                customer = session.get(Customer, entry.customer_id)
                # The offer's link keeps saying it expired; the email links to the class instead.
                _email(session, "waitlist_offer_lapsed", entry, class_session, customer, "", shown=0, to_class=True)
                place_freed(session, class_session, now)
        done += 1
    return done


def set_pay_on_site(session: Session, *, actor: Actor, allowed: bool, now: datetime) -> Organization:
    """The owner's choice for waitlist offers: skip whoever cannot pay with credits (off),
    or let them claim and pay on site (on). Turning it on offers waiting places at once
    to people who were passed over."""
    if not actor.is_owner:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id, with_for_update=True)
    org.waitlist_pay_on_site = bool(allowed)
    session.add(org)
    log_action(session, actor=actor, action="waitlist.pay_on_site_changed", organization_id=org.id,
               data={"waitlist_pay_on_site": org.waitlist_pay_on_site})
    if org.waitlist_pay_on_site:
        waiting = session.exec(select(WaitlistEntry.session_id).join(ClassSession, ClassSession.id == WaitlistEntry.session_id)
                               .where(WaitlistEntry.organization_id == org.id, WaitlistEntry.status == S.WAITING,
                                      ClassSession.starts_at > now).distinct())
        for class_session_id in sorted(set(waiting)):
            place_freed(session, _locked_session(session, class_session_id, org.id), now)
    return org


# --- what pages show ------------------------------------------------------------------


@user_input
def entry_view(session: Session, *, token: LinkToken, org_slug: LinkToken) -> EntryView:
    """The customer's waitlist page, opened by the link in their email."""
    entry = _entry_for_token(session, token)
    org = session.get(Organization, entry.organization_id)
    if org.slug != org_slug:
        raise NotFound()
    class_session = session.get(ClassSession, entry.session_id)
    customer = session.get(Customer, entry.customer_id)
    return EntryView(entry, class_session, session.get(Service, class_session.service_id), org, customer,
                     position(session, entry), credits.balance(session, customer.id), class_session.credit_cost)


@user_input
def queue(session: Session, *, class_session_id: Id, actor: Actor) -> list[QueueLine]:
    """The staff view: everyone who ever joined, in joining order."""
    if not actor.is_staff:
        raise PermissionDenied()
    get_owned(session, ClassSession, class_session_id, actor)
    rows = session.exec(select(WaitlistEntry, Customer).join(Customer, Customer.id == WaitlistEntry.customer_id)
                        .where(WaitlistEntry.session_id == class_session_id).order_by(col(WaitlistEntry.position)))
    lines, ahead = [], 0
    for entry, customer in rows:
        shown = 0
        if entry.status in IN_QUEUE:
            ahead += 1
            shown = ahead
        lines.append(QueueLine(entry, customer, shown))
    return lines


@user_input
def entries_of(session: Session, *, customer_id: Id) -> dict[int, tuple[WaitlistEntry, int]]:
    """A customer's queued entries by session id, with their shown positions (for the class
    schedule's "Join the waitlist" / "Leave the waitlist")."""
    entries = session.exec(select(WaitlistEntry).where(
        WaitlistEntry.customer_id == customer_id, col(WaitlistEntry.status).in_(_QUEUED)))
    return {e.session_id: (e, position(session, e)) for e in entries}


# --- email ----------------------------------------------------------------------------


def _email(session: Session, key: str, entry: WaitlistEntry, class_session: ClassSession, customer: Customer,
           token: str, *, shown: int, to_class: bool = False) -> None:
    org = session.get(Organization, entry.organization_id)
    service = session.get(Service, class_session.service_id)
    locale = customer.locale or org.locale
    base = get_settings().public_base_url.rstrip("/")
    values = {
        "CUSTOMER_NAME": customer.name,
        "CUSTOMER_EMAIL": customer.email or "-",
        "SERVICE_NAME": PerLanguage(service.name, service.translations, "name"),
        "BOOKING_DATE": fmt_datetime(class_session.starts_at, org.timezone, locale),
        "LOCATION": class_session.location or service.location or "-",
        "WAITLIST_POSITION": str(shown),
        "BOOKING_CONTROL_URL": base + (routes.portal_classes(org.slug, service.slug) if to_class
                                       else routes.portal_waitlist(org.slug, token)),
        "CREDITS": str(class_session.credit_cost),
        "RESPOND_BY": fmt_datetime(entry.offer_expires_at, org.timezone, locale) if entry.offer_expires_at else "-",
    }
    queue_email(session, org=org, key=key, to=customer.email, locale=customer.locale, values=values)
