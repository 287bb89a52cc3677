"""Customers: the list and search, the profile, and the alert message that flags a customer.

Flag rules (issue 9): setting an alert message flags the customer, and every *future*
active booking that had no alert, or still had the customer's previous alert, takes the
new message. A booking with its own alert keeps it: one staff wrote on its order page
(`set_booking_alert`, `Booking.own_alert`, even an empty one), or an older one that differs.
Clearing works the same way in reverse. Past and ended bookings are history and never
change. New bookings copy the flag via `booking_common.alert_for`.

"Flagged since" (`Customer.flagged_at`) is the first flagging: editing the message keeps
it, clearing ends it. Every change is in the customer's history (`flag_history`): who,
when, the message before and after (issue 21).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from sqlalchemy import and_, func, or_, update
from sqlmodel import Session, col, select

from bookingapp import search_index
from bookingapp.domain.booking_states import ACTIVE
from bookingapp.domain.errors import DomainError, NotFound, PermissionDenied
from bookingapp.domain.flags import flag_action, flagged_since
from bookingapp.domain.user_input import Choice, Id, LinkToken, Search, Text, user_input
from bookingapp.models import ActivityLog, Booking, CreditLedger, Customer, Organization, Service
from bookingapp.services import attendance, credits
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned

ALERT_MAX = 500
PER_PAGE = 25
SEARCH_MAX = 100
CANDIDATES = 200  # search-as-you-type sorts at most this many matches (see search_customers)


class FlaggingNeedsAccounts(DomainError):
    # Without verified emails or passwords anyone can book under any name with a fresh
    # address, so a flag would give a false sense of safety.
    message = ("Flagging needs customer accounts: turn on email verification or passwords "
               "under Settings → Customer accounts first.")


class ConfirmationNeedsAccounts(DomainError):
    message = "Choose verified email or passwords first: without customer accounts there is no address to confirm."


def flagging_allowed(org: Organization) -> bool:
    return org.customer_accounts in ("verify_email", "password")


def _staff_only(actor: Actor) -> None:
    if not actor.is_staff:
        raise PermissionDenied()


# --- list and search -----------------------------------------------------------------


@dataclass(frozen=True)
class CustomerHit:
    """One customer as lists and pickers show it, with the flag."""

    id: int
    name: str
    email: str
    phone: str
    alert: str


@dataclass(frozen=True)
class CustomerPage:
    rows: list[CustomerHit]
    total: int
    page: int
    pages: int


def hit_of(c: Customer) -> CustomerHit:
    return CustomerHit(c.id, c.name, c.email or "", c.phone or "", c.alert_message or "")


def _like(needle: str) -> str:
    escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matching(org_id: int, query: str, dialect: str = "sqlite"):
    """Customers of the organization whose name or email contains the text, ignoring case,
    or whose phone number contains the digits of a text that reads as a phone number
    ("170 123", "+49-170"): phones are compared by their digits, whatever the format.

    Three characters or more go through the trigram index (bookingapp/search_index.py):
    SQLite's FTS5 table, PostgreSQL's pg_trgm indexes (which serve ILIKE). Shorter texts
    scan: SQLite's LIKE already ignores (ASCII) case and a bare column lets the covering
    (organization, name, email) index answer without reading rows; PostgreSQL needs
    ILIKE for the same meaning.
    """
    text = (query or "").strip()[:SEARCH_MAX]
    digits = search_index.phone_digits(text)
    if dialect == "sqlite" and len(text) >= search_index.MIN_LENGTH:
        # likely(): without statistics SQLite takes "organization = ?" as the selective
        # term and walks every customer of it, testing each against the index's matches;
        # the hint makes it look the matches up by id instead.
        return and_(func.likely(Customer.organization_id == org_id),
                    search_index.sqlite_matches(col(Customer.id), text, digits))
    conditions = [Customer.organization_id == org_id]
    if text:
        like = _like(text)
        contains = (lambda column: column.ilike(like, escape="\\")) if dialect == "postgresql" else (
            lambda column: column.like(like, escape="\\"))
        found = [contains(Customer.name), contains(Customer.email)]
        if digits and dialect == "postgresql":
            found.append(search_index.postgresql_phone_contains(digits))
        conditions.append(or_(*found))
    return and_(*conditions)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


@user_input
def search_customers(session: Session, *, actor: Actor, query: Search, limit: int = 10) -> list[CustomerHit]:
    """Search-as-you-type for staff pickers (adding a booking or a class participant).

    Fewer than two characters find nothing: one letter matches half the customer base.
    """
    _staff_only(actor)
    if len((query or "").strip()) < 2:
        return []
    # The first CANDIDATES matches the index finds, then the first by name among them. Sorting
    # every match instead costs what the text matches: PostgreSQL, guessing a fragment
    # common, walked the name index filtering row by row and took 75-85 ms at 100,000
    # customers for "zoe" (bench/customer_search_bench.py). A text that broad gets more
    # precise as staff type on; the list is the same on both engines.
    candidates = select(Customer.id).where(matching(actor.organization_id, query, _dialect(session))).limit(CANDIDATES)
    rows = session.exec(select(Customer).where(col(Customer.id).in_(candidates))
                        .order_by(Customer.name, Customer.id).limit(max(1, min(limit, 50))))
    return [hit_of(c) for c in rows]


@user_input
def list_customers(session: Session, *, actor: Actor, query: Search = "", page: int = 1,
                   per_page: int = PER_PAGE) -> CustomerPage:
    """One page of customers by name; the (organization, name) index serves the order."""
    _staff_only(actor)
    where = matching(actor.organization_id, query, _dialect(session))
    total = session.exec(select(func.count()).select_from(Customer).where(where)).one()
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = session.exec(select(Customer).where(where).order_by(Customer.name, Customer.id)
                        .offset((page - 1) * per_page).limit(per_page))
    return CustomerPage([hit_of(c) for c in rows], total, page, pages)


FLAG_ACTIONS = ("customer.flagged", "customer.flag_changed", "customer.unflagged")


@dataclass(frozen=True)
class FlagChange:
    """One line of the customer's flag history."""

    at: datetime
    action: str
    by: str  # the staff member's name as it was then
    previous: str
    message: str


def _flag_changes(session: Session, customer: Customer, limit: int = 50) -> list[FlagChange]:
    """The customer's flag changes, newest first: who, when, the message before and after."""
    rows = session.exec(select(ActivityLog).where(ActivityLog.customer_id == customer.id,
                                                  ActivityLog.organization_id == customer.organization_id,
                                                  col(ActivityLog.action).in_(FLAG_ACTIONS))
                        .order_by(col(ActivityLog.id).desc()).limit(limit))
    return [FlagChange(e.created_at, e.action, e.actor_name, str(e.data.get("previous", "")), str(e.data.get("message", "")))
            for e in rows]


# --- profile -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProfileBooking:
    reference: str
    service_name: str
    starts_at: datetime
    status: str
    alert: str
    attendance: str = ""  # attended | no_show | "" (issue 24)


@dataclass
class CustomerProfile:
    customer: Customer
    org: Organization
    upcoming: list[ProfileBooking]
    past: list[ProfileBooking]
    credit_balance: int
    credit_history: list[CreditLedger] = field(default_factory=list)
    flag_history: list[FlagChange] = field(default_factory=list)
    no_shows: int = 0  # bookings marked no-show (issue 24)

    @property
    def flagging_allowed(self) -> bool:
        return flagging_allowed(self.org)


@user_input
def profile(session: Session, *, actor: Actor, customer_id: Id, now: datetime, limit: int = 50) -> CustomerProfile:
    _staff_only(actor)
    customer = get_owned(session, Customer, customer_id, actor)
    org = session.get(Organization, customer.organization_id)

    def bookings(upcoming: bool) -> list[ProfileBooking]:
        # Upcoming is what still holds a place; a cancelled (or otherwise ended) booking of a
        # future date is history, listed with the past ones (issue 22).
        still_on = col(Booking.status).in_(ACTIVE)
        when = (col(Booking.starts_at) > now) & still_on if upcoming else (col(Booking.starts_at) <= now) | ~still_on
        order = col(Booking.starts_at).asc() if upcoming else col(Booking.starts_at).desc()
        rows = session.exec(select(Booking, Service.name).join(Service, Service.id == Booking.service_id)
                            .where(Booking.customer_id == customer.id, when).order_by(order).limit(limit))
        return [ProfileBooking(b.reference, name, b.starts_at, b.status, b.alert_message or "", b.attendance or "") for b, name in rows]

    return CustomerProfile(customer, org, bookings(True), bookings(False), credits.balance(session, customer.id),
                           credits.history(session, customer.id, limit=20), _flag_changes(session, customer),
                           attendance.no_show_counts(session, org.id, [customer.id]).get(customer.id, 0))


# --- the flag ------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertChange:
    customer: Customer
    bookings_updated: int


@user_input
def set_alert(session: Session, *, actor: Actor, customer_id: Id, message: Annotated[str, Text(5000, multiline=True, field="alert_message")], now: datetime) -> AlertChange:
    """Flag the customer with `message`, or unflag them when it is empty; see the module doc."""
    _staff_only(actor)
    new = clean_text(message, field="alert_message", label="the alert message", max_length=ALERT_MAX, required=False) or None
    customer = get_owned(session, Customer, customer_id, actor, lock=True)
    org = session.get(Organization, customer.organization_id)
    # Clearing is always allowed: a flag set before the setting was switched off must
    # still be removable.
    if new is not None and not flagging_allowed(org):
        raise FlaggingNeedsAccounts()
    old = customer.alert_message or None
    if new == old:
        return AlertChange(customer, 0)

    # Bookings without an alert take a new one; when clearing they have nothing to lose.
    follows_customer = [Booking.alert_message == old] if old is not None else []
    if new is not None:
        follows_customer += [col(Booking.alert_message).is_(None), Booking.alert_message == ""]
    result = session.exec(
        update(Booking)
        .where(Booking.customer_id == customer.id, Booking.organization_id == customer.organization_id,
               col(Booking.starts_at) > now, col(Booking.status).in_(ACTIVE), col(Booking.own_alert).is_(False),
               or_(*follows_customer))
        .values(alert_message=new)
        .execution_options(synchronize_session="fetch")
    )
    customer.alert_message = new
    customer.flagged_at = flagged_since(customer.flagged_at, old=old, new=new, now=now)
    session.add(customer)
    log_action(session, actor=actor, action=flag_action(old=old, new=new),
               organization_id=customer.organization_id, customer_id=customer.id,
               data={"message": new or "", "previous": old or "", "bookings_updated": result.rowcount})
    session.flush()
    return AlertChange(customer, result.rowcount)



# --- one booking's own alert (the order page) -------------------------------------------


class BookingAlertClosed(DomainError):
    message = "This booking has ended: its alert is part of its history and stays as it was."


@dataclass(frozen=True)
class BookingAlert:
    booking: Booking
    customer_alert: str  # the customer's flag now, for "follow the customer's flag"


@user_input
def set_booking_alert(session: Session, *, actor: Actor, booking_id: Id,
                      message: Annotated[str, Text(5000, multiline=True, field="booking_alert")], now: datetime) -> BookingAlert:
    """Give one booking an alert of its own (or none: an empty message), which the
    customer's flag then leaves alone (see the module doc)."""
    _staff_only(actor)
    new = clean_text(message, field="booking_alert", label="the alert message", max_length=ALERT_MAX, required=False) or None
    booking = get_owned(session, Booking, booking_id, actor, lock=True)
    customer = session.get(Customer, booking.customer_id)
    _alert_editable(booking, now)
    if new is not None and not flagging_allowed(session.get(Organization, booking.organization_id)):
        raise FlaggingNeedsAccounts()
    old = booking.alert_message or None
    if new == old and booking.own_alert:
        return BookingAlert(booking, customer.alert_message or "")
    booking.alert_message, booking.own_alert = new, True
    session.add(booking)
    log_action(session, actor=actor, action="booking.alert_changed", organization_id=booking.organization_id,
               booking_id=booking.id, customer_id=booking.customer_id, data={"message": new or "", "previous": old or ""})
    session.flush()
    return BookingAlert(booking, customer.alert_message or "")


@user_input
def follow_customer_alert(session: Session, *, actor: Actor, booking_id: Id, now: datetime) -> BookingAlert:
    """Give up the booking's own alert: it carries the customer's flag again, and follows it."""
    _staff_only(actor)
    booking = get_owned(session, Booking, booking_id, actor, lock=True)
    customer = session.get(Customer, booking.customer_id)
    _alert_editable(booking, now)
    if not booking.own_alert:
        return BookingAlert(booking, customer.alert_message or "")
    old = booking.alert_message or None
    booking.alert_message, booking.own_alert = customer.alert_message or None, False
    session.add(booking)
    log_action(session, actor=actor, action="booking.alert_follows_customer", organization_id=booking.organization_id,
               booking_id=booking.id, customer_id=booking.customer_id,
               data={"message": booking.alert_message or "", "previous": old or ""})
    session.flush()
    return BookingAlert(booking, customer.alert_message or "")


@dataclass(frozen=True)
class BookingAlertView:
    booking_id: int
    alert: str
    own: bool
    customer_alert: str
    editable: bool
    flagging_allowed: bool


@user_input
def booking_alert_view(session: Session, *, actor: Actor, reference: LinkToken, now: datetime) -> BookingAlertView:
    """One booking's alert for its order page: its own or the customer's, and whether it may change."""
    _staff_only(actor)
    booking = session.exec(select(Booking).where(Booking.reference == reference.strip().upper(),
                                                 Booking.organization_id == actor.organization_id)).first()
    if booking is None:
        raise NotFound()
    customer = session.get(Customer, booking.customer_id)
    org = session.get(Organization, booking.organization_id)
    return BookingAlertView(booking.id, booking.alert_message or "", booking.own_alert, customer.alert_message or "",
                            alert_editable(booking, now), flagging_allowed(org))


def alert_editable(booking: Booking, now: datetime) -> bool:
    """Like the customer's flag, only bookings still to come take a new alert."""
    return booking.status in ACTIVE and booking.ends_at > now


def _alert_editable(booking: Booking, now: datetime) -> None:
    if not alert_editable(booking, now):
        raise BookingAlertClosed()


# --- the customer accounts setting that gates flagging ---------------------------------

ACCOUNT_POLICIES = ("none", "verify_email", "password")


@user_input
def set_customer_accounts(session: Session, *, actor: Actor, policy: Annotated[str, Choice(ACCOUNT_POLICIES, message="Choose how customers sign in.", field="customer_accounts")]) -> Organization:
    """How customers prove who they are: not at all, by a sign-in link to their email, or
    with a password. Flagging customers needs one of the latter two. The owner's setting."""
    if not actor.is_owner:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id, with_for_update=True)
    if org.customer_accounts != policy:
        log_action(session, actor=actor, action="organization.customer_accounts_changed", organization_id=org.id,
                   data={"from": org.customer_accounts, "to": policy})
        org.customer_accounts = policy
        session.add(org)
    return org


@user_input
def set_confirm_booking_emails(session: Session, *, actor: Actor, on: bool) -> Organization:
    """Whether a portal booking from an address never confirmed waits for the customer to
    confirm it (services/address_checks.py). Off by default: switching it on changes how
    every new customer books, so the owner chooses it. It needs customer accounts on."""
    if not actor.is_owner:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id, with_for_update=True)
    if on and org.customer_accounts == "none":
        raise ConfirmationNeedsAccounts()
    if org.confirm_booking_emails != bool(on):
        org.confirm_booking_emails = bool(on)
        session.add(org)
        log_action(session, actor=actor, action="organization.confirm_booking_emails_changed", organization_id=org.id,
                   data={"on": bool(on)})
    return org

