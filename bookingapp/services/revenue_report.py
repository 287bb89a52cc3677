"""Reports → Bookings and revenue: paid bookings, gross, refunded, commission retained and
net, by week or by month in the organization's timezone, with filters for service and staff.

It counts what the monthly statement counts (`services/statements.py`), the same way: each
succeeded payment operation, dated when it happened. A capture is gross; a refund is a
refund plus the platform commission retained at that refund; net = gross - refunded -
commission. So the months of this report agree to the cent with the statement's months.
"Bookings" are the bookings with a payment captured in the period.

One aggregate query, grouped by period and currency: the periods' edges (local midnights,
as UTC) are computed here, a few dozen at most, and the database puts each operation in
its period with a CASE over them, which reads the same on SQLite and PostgreSQL. The range
is found through the index on `paymentoperation.created_at`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated

import sqlalchemy as sa
from babel.numbers import get_currency_precision
from sqlmodel import Session, col, select

from bookingapp.domain.formatting import fmt_money, fmt_number
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.report_csv import table_csv
from bookingapp.domain.user_input import Choice, Day, Id, Internal, user_input
from bookingapp.models import Booking, ClassSession, Organization, Payment, PaymentOperation
from bookingapp.services.actors import Actor
from bookingapp.services.report_scope import (
    Grouping,
    next_period,
    period_index,
    period_label,
    periods,
    staff_organization,
    utc_range,
)
from bookingapp.services.statements import NetAmounts


@dataclass(frozen=True)
class RevenueRow(NetAmounts):
    first: date  # the period's first local day (a Monday, or the 1st of a month)
    last: date  # its last local day
    currency: str
    bookings: int = 0
    gross_minor: int = 0
    refund_minor: int = 0
    commission_minor: int = 0


@dataclass
class RevenueTotals(NetAmounts):
    currency: str
    bookings: int = 0
    gross_minor: int = 0
    refund_minor: int = 0
    commission_minor: int = 0


@dataclass
class RevenueReport:
    organization: Organization
    first: date
    last: date
    grouping: Grouping
    rows: list[RevenueRow]  # every period in the organization's currency, other currencies where they have money
    totals: list[RevenueTotals] = field(default_factory=list)  # one per currency, the organization's first

    @property
    def empty(self) -> bool:
        return not any(r.bookings or r.gross_minor or r.refund_minor or r.commission_minor for r in self.rows)


@user_input
def revenue_report(session: Session, *, actor: Actor, first: Day, last: Day,
                   grouping: Annotated[Grouping, Choice(Grouping, fallback=Grouping.MONTH)] = Grouping.MONTH,
                   service_id: Id | None = None, staff_id: Id | None = None) -> RevenueReport:
    org = staff_organization(session, actor)
    range_start, range_end = utc_range(org, first, last)
    starts = periods(first, last, grouping)
    at = col(PaymentOperation.created_at)
    period = period_index(at, starts, org.timezone).label("period")
    capture, refund = PaymentOperation.kind == "capture", PaymentOperation.kind == "refund"
    stmt = (
        select(period, Payment.currency,
               sa.func.count(sa.distinct(sa.case((capture, Payment.booking_id)))),
               sa.func.sum(sa.case((capture, PaymentOperation.amount_minor), else_=0)),
               sa.func.sum(sa.case((refund, PaymentOperation.amount_minor), else_=0)),
               sa.func.sum(sa.case((refund, PaymentOperation.commission_minor), else_=0)))
        .select_from(PaymentOperation)
        .join(Payment, col(Payment.id) == PaymentOperation.payment_id)
        .where(Payment.organization_id == org.id, col(PaymentOperation.kind).in_(("capture", "refund")),
               PaymentOperation.status == "succeeded", at >= range_start, at < range_end)
        .group_by(sa.literal_column("period"), Payment.currency)
    )
    if service_id is not None or staff_id is not None:
        stmt = stmt.join(Booking, col(Booking.id) == Payment.booking_id)
    if service_id is not None:
        stmt = stmt.where(Booking.service_id == service_id)
    if staff_id is not None:
        # A class place is the session's staff member's; an appointment its own.
        stmt = stmt.outerjoin(ClassSession, col(ClassSession.id) == Booking.session_id).where(
            sa.func.coalesce(Booking.staff_user_id, ClassSession.staff_user_id) == staff_id)
    found = {(int(p), currency): (int(n or 0), int(g or 0), int(r or 0), int(c or 0))
             for p, currency, n, g, r, c in session.exec(stmt)}
    currencies = [org.currency, *sorted({currency for _, currency in found} - {org.currency})]
    rows = []
    for index, start in enumerate(starts):
        end = next_period(start, grouping) - timedelta(days=1)
        for currency in currencies:
            figures = found.get((index, currency))
            if figures is None and currency != org.currency:
                continue
            rows.append(RevenueRow(start, end, currency, *(figures or (0, 0, 0, 0))))
    totals = []
    for currency in currencies:
        mine = [r for r in rows if r.currency == currency]
        totals.append(RevenueTotals(currency, sum(r.bookings for r in mine), sum(r.gross_minor for r in mine),
                                    sum(r.refund_minor for r in mine), sum(r.commission_minor for r in mine)))
    return RevenueReport(org, first, last, grouping, rows, totals)


# --- the table the page shows, the chart's figures and the CSV ------------------------------

HEADER = ["Period", "Bookings", "Gross", "Refunded", "Commission retained", "Net"]


@user_input
def report_table(report: Annotated[RevenueReport, Internal()], *, locale: Annotated[str, Internal()],
                 translate=lambda text: text) -> tuple[list[list[str]], list[list[str]]]:
    """The rows and the totals rows as the page shows them, cell by cell; the CSV is these cells."""
    def money(amount: int, currency: str) -> str:
        return fmt_money(amount, currency, locale)

    rows = [[period_label(r, report.grouping, locale), fmt_number(r.bookings, locale), money(r.gross_minor, r.currency),
             money(r.refund_minor, r.currency), money(r.commission_minor, r.currency), money(r.net_minor, r.currency)]
            for r in report.rows]
    totals = [[translate(N_("Total")), fmt_number(t.bookings, locale), money(t.gross_minor, t.currency),
               money(t.refund_minor, t.currency), money(t.commission_minor, t.currency), money(t.net_minor, t.currency)]
              for t in report.totals]
    return rows, totals


def _major(amount_minor: int, currency: str) -> float:
    return float(Decimal(amount_minor).scaleb(-get_currency_precision(currency)))


@user_input
def chart_points(report: Annotated[RevenueReport, Internal()], *, locale: Annotated[str, Internal()]) -> list[dict]:
    """One bar group per period in the organization's currency (the chart's axis is in it)."""
    currency = report.organization.currency
    return [{"period": period_label(r, report.grouping, locale), "gross": _major(r.gross_minor, currency),
             "refunded": _major(r.refund_minor + r.commission_minor, currency), "net": _major(r.net_minor, currency)}
            for r in report.rows if r.currency == currency]


@user_input
def revenue_csv(table: Annotated[tuple[list[list[str]], list[list[str]]], Internal()], translate=lambda text: text) -> str:
    """Exactly the table the page shows (`report_table`), under the same headings."""
    rows, totals = table
    return table_csv(HEADER, [*rows, *totals], translate)


@user_input
def revenue_filename(report: Annotated[RevenueReport, Internal()]) -> str:
    return f"revenue-{report.organization.slug}-{report.first.isoformat()}-{report.last.isoformat()}-{report.grouping.value}.csv"
