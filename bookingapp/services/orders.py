"""The provider's orders: every booking of the organization, filtered, searched and paged,
and one order's page with its customer, payments, emails and history.

Built to stay fast with 100,000 bookings (bench/orders_bench.py): every view walks an
index in its own sort order and stops after one page, pages are keyset cursors (a deep
page costs what the first one does), and the total is counted only up to COUNT_CAP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, func, literal
from sqlmodel import Session, col, or_, select

from bookingapp.domain.booking_states import ACTIVE, Status
from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.domain.user_input import (
    Choice,
    Day,
    Id,
    Line,
    LinkToken,
    Query,
    is_row_id,
    user_input,
    whole_number,
)
from bookingapp.models import (
    ActivityLog,
    Booking,
    Customer,
    Organization,
    OutboxEmail,
    Payment,
    PaymentOperation,
    Service,
    StaffUser,
    utcnow,
)
from bookingapp.services import conversations, payments
from bookingapp.services.activity import booking_history
from bookingapp.services.actors import Actor
from bookingapp.services.booking_common import longest_booking
from bookingapp.services.customers import matching as customer_matching
from bookingapp.services.sql_hints import likely as _likely

PAGE_SIZE = 50
PRESETS = ("upcoming", "refund", "past", "all")
STATUSES = tuple(s.value for s in Status)
FILTERS = PRESETS  # the presets, under their old name
SHOW_CHOICES = PRESETS + STATUSES
# Counting every match of a broad filter would read the whole table; past this many
# the page says "1,000+" instead.
COUNT_CAP = 1000
SEARCH_MAX = 100
OrderSearch = Annotated[str, Query(SEARCH_MAX)]
Show = Annotated[str, Choice(SHOW_CHOICES, fallback="upcoming")]


@dataclass(frozen=True)
class OrderFilter:
    show: Show = "upcoming"  # a preset or one booking status
    service_id: Id | None = None
    date_from: Day | None = None  # booking dates, in the organization's timezone
    date_to: Day | None = None
    search: OrderSearch = ""


def _date(text: str, field: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed("Enter the date as YYYY-MM-DD, for example 2026-11-24.", field=field) from None


@user_input
def parse_filter(*, show: Show = "upcoming", service: Line = "", date_from: Line = "", date_to: Line = "",
                 search: OrderSearch = "") -> OrderFilter:
    """The filter from what the page or its address says; bad input raises with the field it
    belongs to, but an unknown view (an edited `?show=`) is ignored for the upcoming orders."""
    service_id = None
    if (service or "").strip():
        service_id = whole_number(service)
        if service_id is None:
            raise ValidationFailed("Choose a service from the list.", field="service")
    start, end = _date(date_from, "from"), _date(date_to, "to")
    if start and end and end < start:
        raise ValidationFailed("The “to” date is before the “from” date.", field="to")
    return OrderFilter(show=show, service_id=service_id, date_from=start, date_to=end, search=search)


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: its sort key and the booking id that breaks ties."""

    key: datetime
    id: int

    def encode(self) -> str:
        micros = round((self.key - datetime(1970, 1, 1, tzinfo=UTC)) / timedelta(microseconds=1))
        return f"{micros}.{self.id}"

    @classmethod
    def decode(cls, text: str) -> Cursor:
        micros, _, id_ = (text or "").partition(".")
        try:
            return cls(datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(micros)), int(id_))
        except (ValueError, OverflowError):
            raise ValidationFailed("This page link is broken. Start again from the first page.", field="page") from None


@dataclass
class OrderRow:
    booking: Booking
    customer: Customer
    service: Service
    paid: bool = False  # money taken or held for it (a payment captured, refunded or on hold)

    @property
    def unpaid_on_site(self) -> bool:
        """Confirmed with a price and nothing paid: the customer pays at the venue (the front
        desk's "pay at the venue", or an online booking left to pay later)."""
        b = self.booking
        return b.status == Status.CONFIRMED and b.price_minor > 0 and not b.credits_spent and not self.paid


PAID_STATUSES = ("authorized", "captured", "partially_refunded", "refunded")


@dataclass
class OrderPage:
    rows: list[OrderRow]
    total: int  # at most COUNT_CAP; `more` says there are more than that
    more: bool
    next_cursor: str  # "" when this is the last page
    prev_cursor: str  # "" when this is the first page


def _day_start(day: date, tz: ZoneInfo) -> datetime:
    # Local midnight as a UTC instant: a day is 23 or 25 hours long across a DST change.
    return datetime.combine(day, time(0), tz).astimezone(UTC)


def _view(session: Session, org_id: int, show: str, now: datetime) -> tuple[list[ColumnElement[bool]], ColumnElement, bool]:
    """Conditions, sort column and direction (ascending?) of one view."""
    if show == "upcoming":
        # The start bound lets the (organization, start) index skip the past; the end
        # condition keeps a booking under way until it ends.
        return ([col(Booking.status).in_(ACTIVE), Booking.ends_at >= now,
                 Booking.starts_at >= now - longest_booking(session, org_id)], col(Booking.starts_at), True)
    if show == "refund":
        return [Booking.refund_decision == "pending"], col(Booking.updated_at), False
    if show == "past":
        return [or_(Booking.ends_at < now, ~col(Booking.status).in_(ACTIVE))], col(Booking.starts_at), False
    if show == "all":
        return [], col(Booking.starts_at), False
    # One status: what still needs acting on comes soonest first, the rest latest first.
    return [Booking.status == show], col(Booking.starts_at), show in ACTIVE


# A search matching at most this many bookings is looked up by id (through the customer
# and order-number indexes), then sorted; a broader one is common enough that walking the
# view's own index finds a page of matches at once.
NARROW_SEARCH = 2000


def _search(session: Session, org_id: int, needle: str) -> ColumnElement[bool] | list[int]:
    """Customer name or email containing the text (an address with "@" after its first
    character: the emails starting with it), or an order number starting with it:
    the ids of the matching bookings when there are few, else a condition."""
    lowered = needle.lower()
    if "@" in lowered[1:]:
        # An address, typed from its start (names hold no "@"): a range on the (organization,
        # email) index instead of scanning every customer. Addresses are stored lowercased.
        matches = _starts_with(session, col(Customer.email), lowered)
        customers = select(Customer.id).where(Customer.organization_id == org_id, matches)
    else:
        customers = select(Customer.id).where(customer_matching(org_id, needle, session.get_bind().dialect.name))
    reference = needle.upper().lstrip("#")
    by_reference = _starts_with(session, col(Booking.reference), reference)
    customer_ids = session.exec(customers.limit(NARROW_SEARCH + 1)).all()
    ids: set[int] = set()
    if len(customer_ids) <= NARROW_SEARCH:
        ids.update(session.exec(select(Booking.id).where(col(Booking.customer_id).in_(customer_ids)).limit(NARROW_SEARCH + 1)))
        # Order numbers are unique across organizations; the tenant is checked with the other conditions.
        ids.update(session.exec(select(Booking.id).where(by_reference).limit(NARROW_SEARCH + 1)))
    if len(customer_ids) > NARROW_SEARCH or len(ids) > NARROW_SEARCH:
        return or_(col(Booking.customer_id).in_(customers), by_reference)
    return sorted(ids)


def _starts_with(session: Session, column: ColumnElement, prefix: str) -> ColumnElement[bool]:
    """`column` starts with `prefix`, served by the column's index on each engine. SQLite
    cannot use an index for LIKE (case-insensitive by default), so it gets a range, exact
    under its byte-order collation. PostgreSQL gets LIKE 'prefix%': exact under any
    collation, and index-served under a C or C.UTF-8 one (the test clusters', and Debian's
    default where no other locale is installed)."""
    if session.get_bind().dialect.name == "sqlite":
        return and_(column >= prefix, column < prefix + "\U0010ffff")
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(escaped + "%", escape="\\")


def _after(sort: ColumnElement, ascending: bool, cursor: Cursor) -> ColumnElement[bool]:
    """Rows strictly after the cursor in the view's order (the first term bounds the index range)."""
    if ascending:
        return and_(sort >= cursor.key, or_(sort > cursor.key, col(Booking.id) > cursor.id))
    return and_(sort <= cursor.key, or_(sort < cursor.key, col(Booking.id) < cursor.id))


@user_input
def list_orders(session: Session, *, actor: Actor, filter: OrderFilter | None = None, after: LinkToken = "", before: LinkToken = "",
                now: datetime | None = None, limit: int = PAGE_SIZE) -> OrderPage:
    """One page of the organization's orders: the first, the one `after` a cursor or the one `before` it."""
    f = filter or OrderFilter()
    now = now or utcnow()
    org = session.get(Organization, actor.organization_id)
    if org is None:
        raise NotFound()
    conditions, sort, ascending = _view(session, org.id, f.show, now)
    conditions.append(Booking.organization_id == org.id)
    if f.service_id is not None:
        service = session.get(Service, f.service_id) if is_row_id(f.service_id) else None
        if service is None or service.organization_id != org.id:
            raise ValidationFailed("Choose a service from the list.", field="service")
        conditions.append(Booking.service_id == f.service_id)
    tz = ZoneInfo(org.timezone)
    if f.date_from:
        conditions.append(Booking.starts_at >= _day_start(f.date_from, tz))
    if f.date_to:
        conditions.append(Booking.starts_at < _day_start(f.date_to + timedelta(days=1), tz))
    narrow = _search(session, org.id, f.search) if f.search else None
    if isinstance(narrow, ColumnElement):
        conditions.append(narrow)
        narrow = None

    backwards = bool(before) and not after
    cursor = Cursor.decode(after or before) if (after or before) else None
    walk_ascending = ascending != backwards  # a previous page is read in reverse, then turned round
    if narrow is not None:
        # Few matches: take their sort keys by id and page in memory (no index walk at all).
        keyed = list(session.exec(select(Booking.id, sort).where(col(Booking.id).in_(narrow), *map(_likely, conditions))))
        counted = len(keyed)
        keyed.sort(key=lambda row: (row[1], row[0]), reverse=not walk_ascending)
        if cursor:
            mark = (cursor.key, cursor.id)
            keyed = [row for row in keyed if ((row[1], row[0]) > mark) == walk_ascending and (row[1], row[0]) != mark]
        keyed = keyed[:limit + 1]
    else:
        counted = session.exec(select(func.count()).select_from(
            select(literal(1)).select_from(Booking).where(*conditions).limit(COUNT_CAP + 1).subquery())).one()
        if cursor:
            conditions.append(_after(sort, walk_ascending, cursor))
        order = (sort.asc(), col(Booking.id).asc()) if walk_ascending else (sort.desc(), col(Booking.id).desc())
        keyed = list(session.exec(select(Booking.id, sort).where(*conditions).order_by(*order).limit(limit + 1)))
    further = len(keyed) > limit
    keyed = keyed[:limit]
    if backwards:
        keyed.reverse()
        has_next, has_prev = True, further
    else:
        has_next, has_prev = further, cursor is not None
    return OrderPage(
        rows=_rows(session, [id_ for id_, _ in keyed]),
        total=min(counted, COUNT_CAP),
        more=counted > COUNT_CAP,
        next_cursor=Cursor(keyed[-1][1], keyed[-1][0]).encode() if keyed and has_next else "",
        prev_cursor=Cursor(keyed[0][1], keyed[0][0]).encode() if keyed and has_prev else "",
    )


def _rows(session: Session, ids: list[int]) -> list[OrderRow]:
    """The bookings of one page with their customer and service, in the page's order."""
    if not ids:
        return []
    stmt = (
        select(Booking, Customer, Service)
        .join(Customer, col(Customer.id) == Booking.customer_id)
        .join(Service, col(Service.id) == Booking.service_id)
        .where(col(Booking.id).in_(ids))
    )
    paid = set(session.exec(select(Payment.booking_id).where(col(Payment.booking_id).in_(ids),
                                                             col(Payment.status).in_(PAID_STATUSES))))
    found = {b.id: OrderRow(b, c, s, b.id in paid) for b, c, s in session.exec(stmt)}
    return [found[id_] for id_ in ids]


def services_of(session: Session, *, actor: Actor) -> list[Service]:
    """The services to filter by, retired ones included (their orders still exist)."""
    return list(session.exec(select(Service).where(Service.organization_id == actor.organization_id).order_by(col(Service.name))))


@dataclass
class PaymentRecord:
    payment: Payment
    operations: list[PaymentOperation]  # oldest first, as they happened


@dataclass
class OrderDetail:
    booking: Booking
    org: Organization
    customer: Customer
    service: Service
    staff: StaffUser | None
    payment: Payment | None
    history: list[ActivityLog]
    payments: list[PaymentRecord]
    emails: list[OutboxEmail]  # newest first
    messages: list[conversations.ThreadEntry]  # oldest first


@user_input
def order_detail(session: Session, *, actor: Actor, reference: LinkToken) -> OrderDetail:
    booking = session.exec(
        select(Booking).where(Booking.reference == reference.strip().upper(), Booking.organization_id == actor.organization_id)
    ).first()
    if booking is None:
        raise NotFound()
    all_payments = list(session.exec(select(Payment).where(Payment.booking_id == booking.id).order_by(col(Payment.id))))
    operations = list(session.exec(
        select(PaymentOperation).where(col(PaymentOperation.payment_id).in_([p.id for p in all_payments]))
        .order_by(col(PaymentOperation.created_at), col(PaymentOperation.id))
    )) if all_payments else []
    emails = session.exec(
        select(OutboxEmail).where(OutboxEmail.booking_id == booking.id, OutboxEmail.organization_id == booking.organization_id)
        .order_by(col(OutboxEmail.created_at).desc(), col(OutboxEmail.id).desc())
    )
    return OrderDetail(
        booking=booking,
        org=session.get(Organization, booking.organization_id),
        customer=session.get(Customer, booking.customer_id),
        service=session.get(Service, booking.service_id),
        staff=session.get(StaffUser, booking.staff_user_id) if booking.staff_user_id else None,
        payment=payments.active_hold(session, booking.id),
        history=booking_history(session, booking_id=booking.id, organization_id=booking.organization_id),
        payments=[PaymentRecord(p, [o for o in operations if o.payment_id == p.id]) for p in all_payments],
        emails=list(emails),
        messages=conversations.thread(session, booking),
    )
