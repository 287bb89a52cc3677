"""Reports → Customers: one row per customer with the alert message, how many bookings they
have, their last visit and their credit balance; as a table and as CSV.

- bookings count: every booking except the ones that never happened for the provider
  (rejected, expired, cancelled);
- last visit: the start of the latest booking in the past that took place (confirmed or
  completed; a no-show is not a visit);
- credit balance: the sum of the customer's credit ledger;
- no-shows: bookings staff marked no-show (issue 24), which are not visits either.
Each figure is one grouped query, so the report costs the same for 10 or 10 000 customers
on a page.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from sqlalchemy import func
from sqlmodel import Session, col, select

from bookingapp.domain.attendance import Attendance
from bookingapp.domain.booking_states import Status
from bookingapp.domain.errors import PermissionDenied
from bookingapp.domain.formatting import fmt_datetime
from bookingapp.domain.user_input import Internal, Search, user_input
from bookingapp.models import Booking, CreditLedger, Customer, Organization
from bookingapp.services import attendance
from bookingapp.services.actors import Actor
from bookingapp.services.customers import matching

NOT_COUNTED = (Status.REJECTED, Status.EXPIRED, Status.CANCELLED)
VISITED = (Status.CONFIRMED, Status.COMPLETED)
REPORT_MAX = 10_000
CSV_HEADER = ["Name", "Email", "Phone", "Alert message", "Bookings", "Last visit", "Credit balance", "No-shows"]


@dataclass(frozen=True)
class CustomerReportRow:
    customer_id: int
    name: str
    email: str
    phone: str
    alert: str
    bookings: int
    last_visit: datetime | None
    credit_balance: int
    no_shows: int = 0


@user_input
def customers_report(session: Session, *, actor: Actor, now: datetime, query: Search = "",
                     limit: int = REPORT_MAX) -> list[CustomerReportRow]:
    if not actor.is_staff:
        raise PermissionDenied()
    people = list(session.exec(select(Customer).where(matching(actor.organization_id, query, session.get_bind().dialect.name))
                               .order_by(Customer.name, Customer.id).limit(limit)))
    if not people:
        return []
    ids = [c.id for c in people]
    counts = dict(session.exec(
        select(Booking.customer_id, func.count(Booking.id))
        .where(col(Booking.customer_id).in_(ids), col(Booking.status).not_in(NOT_COUNTED))
        .group_by(Booking.customer_id)).all())
    visits = dict(session.exec(
        select(Booking.customer_id, func.max(Booking.starts_at))
        .where(col(Booking.customer_id).in_(ids), col(Booking.status).in_(VISITED), col(Booking.starts_at) <= now,
               col(Booking.attendance).is_(None) | (Booking.attendance != Attendance.NO_SHOW.value))
        .group_by(Booking.customer_id)).all())
    balances = dict(session.exec(
        select(CreditLedger.customer_id, func.sum(CreditLedger.delta))
        .where(col(CreditLedger.customer_id).in_(ids)).group_by(CreditLedger.customer_id)).all())
    no_shows = attendance.no_show_counts(session, actor.organization_id, ids)
    return [CustomerReportRow(c.id, c.name, c.email or "", c.phone or "", c.alert_message or "", int(counts.get(c.id, 0)),
                              _aware(visits.get(c.id)), int(balances.get(c.id) or 0), no_shows.get(c.id, 0)) for c in people]


def _aware(moment: datetime | None) -> datetime | None:
    # func.max() bypasses the column type, so SQLite hands back a naive UTC value.
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def safe_cell(text: str) -> str:
    """Stop spreadsheet formula injection: a text cell starting with = + - @ (or a tab/CR
    that some programs strip first) is prefixed with an apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@user_input
def customers_csv(rows: Annotated[list[CustomerReportRow], Internal()], org: Organization, *,
                  locale: Annotated[str, Internal()] = "") -> str:
    """The customers table as the page shows it, for reading: "Last visit" comes from the
    formatting helpers in the reader's language (`locale`, else the business's) and the
    business's timezone, with the zone named ("Sat, 5 Dec 2026, 14:30 CET"). Counts and credit
    balances are plain integers, which any spreadsheet reads."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow([safe_cell(r.name), safe_cell(r.email), safe_cell(r.phone), safe_cell(r.alert), r.bookings,
                         fmt_datetime(r.last_visit, org.timezone, locale or org.locale) if r.last_visit else "", r.credit_balance, r.no_shows])
    return out.getvalue()
