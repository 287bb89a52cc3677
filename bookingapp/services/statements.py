"""The monthly statement of an organization: what it was paid, what it refunded and what
the platform retained, month by month in the organization's timezone, with a CSV export.

Each line is one payment operation: a capture (gross) or a refund (refund, and the
platform commission retained at that refund, dated with it). Net = gross - refunds -
commission, so a provider cancellation with commission leaves a negative net.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Annotated
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision
from sqlmodel import Session, col, select

from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.domain.user_input import Internal, Line, user_input
from bookingapp.models import Booking, Customer, Organization, Payment, PaymentOperation
from bookingapp.services.actors import Actor

KINDS = {"capture": "payment", "refund": "refund"}


class NetAmounts:
    """What stays with the business: gross less refunds and the commission retained. One
    rule for the statement and the revenue report, which must agree to the cent."""

    gross_minor: int
    refund_minor: int
    commission_minor: int

    @property
    def net_minor(self) -> int:
        return self.gross_minor - self.refund_minor - self.commission_minor


@dataclass(frozen=True)
class StatementLine(NetAmounts):
    at: datetime  # UTC
    reference: str
    customer: str
    kind: str  # payment | refund
    currency: str
    gross_minor: int = 0
    refund_minor: int = 0
    commission_minor: int = 0


@dataclass
class StatementTotals(NetAmounts):
    currency: str
    gross_minor: int = 0
    refund_minor: int = 0
    commission_minor: int = 0


@dataclass
class Statement:
    organization: Organization
    year: int
    month: int
    lines: list[StatementLine]
    totals: list[StatementTotals] = field(default_factory=list)  # one per currency, the organization's first


@user_input
def parse_month(text: Line) -> tuple[int, int]:
    """'2026-11' from an address or a picker."""
    try:
        year, month = (int(part) for part in (text or "").strip().split("-"))
        date(year, month, 1)
    except ValueError:
        raise ValidationFailed("Choose a month such as 2026-11.", field="month") from None
    if not 2000 <= year <= 2100:
        raise ValidationFailed("Choose a month such as 2026-11.", field="month")
    return year, month


def month_bounds(year: int, month: int, tz: str) -> tuple[datetime, datetime]:
    """First instant of the month and of the next one, in the timezone, as UTC."""
    zone = ZoneInfo(tz)
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (datetime.combine(date(year, month, 1), time(0), zone).astimezone(UTC),
            datetime.combine(following, time(0), zone).astimezone(UTC))


def monthly_statement(session: Session, *, actor: Actor, year: int, month: int) -> Statement:
    org = session.get(Organization, actor.organization_id) if actor.organization_id else None
    if org is None or not actor.is_staff:
        raise NotFound()
    try:
        start, end = month_bounds(year, month, org.timezone)
    except ValueError:
        raise ValidationFailed("Choose a month such as 2026-11.", field="month") from None
    stmt = (
        select(PaymentOperation, Payment, Booking, Customer)
        .join(Payment, col(Payment.id) == PaymentOperation.payment_id)
        .join(Booking, col(Booking.id) == Payment.booking_id)
        .join(Customer, col(Customer.id) == Booking.customer_id)
        .where(Payment.organization_id == org.id, col(PaymentOperation.kind).in_(KINDS),
               PaymentOperation.status == "succeeded",
               PaymentOperation.created_at >= start, PaymentOperation.created_at < end)
        .order_by(col(PaymentOperation.created_at), col(PaymentOperation.id))
    )
    lines = []
    for op, payment, booking, customer in session.exec(stmt):
        refund = op.kind == "refund"
        lines.append(StatementLine(
            at=op.created_at, reference=booking.reference, customer=customer.name, kind=KINDS[op.kind],
            currency=payment.currency, gross_minor=0 if refund else op.amount_minor,
            refund_minor=op.amount_minor if refund else 0, commission_minor=op.commission_minor if refund else 0,
        ))
    totals: dict[str, StatementTotals] = {org.currency: StatementTotals(org.currency)}
    for line in lines:
        total = totals.setdefault(line.currency, StatementTotals(line.currency))
        total.gross_minor += line.gross_minor
        total.refund_minor += line.refund_minor
        total.commission_minor += line.commission_minor
    return Statement(organization=org, year=year, month=month, lines=lines, totals=list(totals.values()))


# --- CSV --------------------------------------------------------------------------------

HEADER = ["Date", "Order number", "Customer", "Kind", "Gross", "Refund", "Commission retained", "Net", "Currency"]


def major(amount_minor: int, currency: str) -> str:
    """12345 EUR -> '123.45': exact, a plain number a spreadsheet reads as one."""
    places = get_currency_precision(currency)
    return f"{Decimal(amount_minor).scaleb(-places):.{places}f}"


def _text(cell: str) -> str:
    """A spreadsheet runs a cell starting with = + - @ (or a tab or carriage return) as a
    formula: a customer named "=HYPERLINK(...)" must stay text."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


@user_input
def statement_filename(statement: Annotated[Statement, Internal()]) -> str:
    return f"statement-{statement.organization.slug}-{statement.year:04d}-{statement.month:02d}.csv"


@user_input
def statement_csv(statement: Annotated[Statement, Internal()]) -> str:
    """Header, one row per operation, one totals row per currency.

    This file is meant for spreadsheets and bookkeeping, not for reading, so it does not use
    the formatting helpers on purpose: dates are ISO 8601 ("2026-12-05 14:30"), local to the
    organization (the timezone is named in the header), and amounts are decimal major units
    with a period ("45.00") beside a currency code column, so that every spreadsheet in any
    language sorts and sums them. The statement page shows the same figures via the helpers."""
    tz = ZoneInfo(statement.organization.timezone)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f"Date ({statement.organization.timezone})", *HEADER[1:]])
    for line in statement.lines:
        writer.writerow([
            line.at.astimezone(tz).strftime("%Y-%m-%d %H:%M"), _text(line.reference), _text(line.customer), line.kind,
            major(line.gross_minor, line.currency), major(line.refund_minor, line.currency),
            major(line.commission_minor, line.currency), major(line.net_minor, line.currency), line.currency,
        ])
    for total in statement.totals:
        writer.writerow([
            "Total", "", "", "", major(total.gross_minor, total.currency), major(total.refund_minor, total.currency),
            major(total.commission_minor, total.currency), major(total.net_minor, total.currency), total.currency,
        ])
    return out.getvalue()
