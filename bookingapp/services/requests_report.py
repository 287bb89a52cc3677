"""Reports → Requests: the requests customers made in a range of days (by when they asked,
in the organization's timezone), by week or by month, with filters for service and staff:
how many, how many the provider answered in time, what became of them, and the median time
to answer.

A request's outcome comes from the provider's first answer, recorded on the booking when
it is given (`booking_common.first_answer`): confirmed, rescheduled (other times proposed)
or rejected. A request with no answer has expired (nobody answered in time), was withdrawn
by the customer, or is still open. "Answered in time" counts every first answer, a
rejection too, given before the deadline then in force; a late answer counts as answered,
not in time. The time to answer runs from the request to that first answer.

Two queries: the counts in one aggregate (SUM(CASE ...) GROUP BY period, periods as in
`revenue_report`), and the medians in one more: the database numbers the answered requests
by their answer time within each period and over the whole range (window functions, the
same SQL on SQLite and PostgreSQL), and returns only the middle one or two of each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import Status
from bookingapp.domain.formatting import fmt_duration, fmt_number
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.report_csv import table_csv
from bookingapp.domain.user_input import Choice, Day, Id, Internal, user_input
from bookingapp.models import Booking, ClassSession, Organization, Service
from bookingapp.services.actors import Actor
from bookingapp.services.report_scope import (
    Grouping,
    next_period,
    period_index,
    periods,
    staff_organization,
    utc_range,
)
from bookingapp.services.revenue_report import period_label

OUTCOMES = ("confirmed", "rescheduled", "rejected", "expired", "withdrawn", "open")


@dataclass(frozen=True)
class RequestFigures:
    requests: int = 0
    in_time: int = 0  # first answers given before the deadline
    confirmed: int = 0
    rescheduled: int = 0
    rejected: int = 0
    expired: int = 0
    withdrawn: int = 0  # the customer took their request back before any answer
    open: int = 0
    median_seconds: int | None = None  # from the request to its first answer; None with no answer


@dataclass(frozen=True)
class RequestsRow(RequestFigures):
    first: date = date.min  # the period's first local day (a Monday, or the 1st of a month)
    last: date = date.min


@dataclass
class RequestsReport:
    organization: Organization
    first: date
    last: date
    grouping: Grouping
    rows: list[RequestsRow]
    totals: RequestFigures = field(default_factory=RequestFigures)

    @property
    def empty(self) -> bool:
        return self.totals.requests == 0


def _middle(rank, count):
    """The middle one of an odd count, the middle two of an even one (1-based ranks)."""
    return sa.or_(rank == (count + 1) // 2, rank == (count + 2) // 2)


@user_input
def requests_report(session: Session, *, actor: Actor, first: Day, last: Day,
                    grouping: Annotated[Grouping, Choice(Grouping, fallback=Grouping.MONTH)] = Grouping.MONTH,
                    service_id: Id | None = None, staff_id: Id | None = None) -> RequestsReport:
    org = staff_organization(session, actor)
    range_start, range_end = utc_range(org, first, last)
    starts = periods(first, last, grouping)
    at = col(Booking.created_at)
    period = period_index(at, starts, org.timezone)

    def scoped(stmt):
        stmt = (stmt.select_from(Booking).join(Service, col(Service.id) == Booking.service_id)
                .where(Booking.organization_id == org.id, Service.kind == "request", at >= range_start, at < range_end))
        if service_id is not None:
            stmt = stmt.where(Booking.service_id == service_id)
        if staff_id is not None:
            # A class place is the session's staff member's; a request its own.
            stmt = stmt.outerjoin(ClassSession, col(ClassSession.id) == Booking.session_id).where(
                sa.func.coalesce(Booking.staff_user_id, ClassSession.staff_user_id) == staff_id)
        return stmt

    answer, unanswered = col(Booking.answer), col(Booking.answer).is_(None)

    def count(condition):
        return sa.func.sum(sa.case((condition, 1), else_=0))

    waiting = (Status.REQUESTED.value, Status.AWAITING_EMAIL.value)
    counts = scoped(select(
        period.label("period"), sa.func.count(),
        count(col(Booking.answered_in_time) == sa.true()),
        count(answer == "confirmed"), count(answer == "rescheduled"), count(answer == "rejected"),
        count(sa.and_(unanswered, Booking.status == Status.EXPIRED.value)),
        count(sa.and_(unanswered, col(Booking.status).not_in((Status.EXPIRED.value, *waiting)))),
        count(sa.and_(unanswered, col(Booking.status).in_(waiting))),
    )).group_by(sa.literal_column("period"))
    found = {int(p): [int(n or 0) for n in figures] for p, *figures in session.exec(counts)}

    seconds = col(Booking.answer_seconds)
    order = (seconds, col(Booking.id))
    ranked = scoped(select(
        period.label("period"), seconds.label("seconds"),
        sa.func.row_number().over(partition_by=period, order_by=order).label("rank"),
        sa.func.count().over(partition_by=period).label("n"),
        sa.func.row_number().over(order_by=order).label("rank_all"),
        sa.func.count().over().label("n_all"),
    )).where(seconds.is_not(None)).subquery()
    middles = select(ranked.c.period, ranked.c.seconds, _middle(ranked.c.rank, ranked.c.n),
                     _middle(ranked.c.rank_all, ranked.c.n_all)).where(
        sa.or_(_middle(ranked.c.rank, ranked.c.n), _middle(ranked.c.rank_all, ranked.c.n_all)))
    by_period: dict[int, list[int]] = {}
    overall: list[int] = []
    for p, value, in_period, in_all in session.exec(middles):  # at most two rows a period, and two more
        if in_period:
            by_period.setdefault(int(p), []).append(int(value))
        if in_all:
            overall.append(int(value))

    rows = []
    for index, start in enumerate(starts):
        end = next_period(start, grouping) - timedelta(days=1)
        rows.append(RequestsRow(*found.get(index, [0] * 8), median_seconds=_median(by_period.get(index)), first=start, last=end))
    sums = [sum(getattr(r, name) for r in rows) for name in ("requests", "in_time", *OUTCOMES)]
    return RequestsReport(org, first, last, grouping, rows, RequestFigures(*sums, median_seconds=_median(overall)))


def _median(middle: list[int] | None) -> int | None:
    return round(sum(middle) / len(middle)) if middle else None


# --- the table the page shows, the chart's figures and the CSV ------------------------------

HEADER = ["Period", "Requests", "Answered in time", "Confirmed", "Rescheduled", "Rejected", "Expired", "Withdrawn", "Open",
          "Median time to answer"]


def _cells(label: str, figures: RequestFigures, locale: str) -> list[str]:
    # No answer, no median: a dash (an en dash, which the CSV's formula guard leaves alone).
    median = "\u2013" if figures.median_seconds is None else fmt_duration(figures.median_seconds, locale)
    return [label, *(fmt_number(getattr(figures, name), locale) for name in ("requests", "in_time", *OUTCOMES)), median]


@user_input
def report_table(report: Annotated[RequestsReport, Internal()], *, locale: Annotated[str, Internal()],
                 translate=lambda text: text) -> tuple[list[list[str]], list[list[str]]]:
    """The rows and the totals row as the page shows them, cell by cell; the CSV is these cells."""
    rows = [_cells(period_label(r, report.grouping, locale), r, locale) for r in report.rows]
    return rows, [_cells(translate(N_("Total")), report.totals, locale)]


@user_input
def chart_points(report: Annotated[RequestsReport, Internal()], *, locale: Annotated[str, Internal()]) -> list[dict]:
    """One stacked bar per period: what became of its requests."""
    return [{"period": period_label(r, report.grouping, locale), **{name: getattr(r, name) for name in OUTCOMES}}
            for r in report.rows]


@user_input
def requests_csv(table: Annotated[tuple[list[list[str]], list[list[str]]], Internal()], translate=lambda text: text) -> str:
    """Exactly the table the page shows (`report_table`), under the same headings."""
    rows, totals = table
    return table_csv(HEADER, [*rows, *totals], translate)


@user_input
def requests_filename(report: Annotated[RequestsReport, Internal()]) -> str:
    return f"requests-{report.organization.slug}-{report.first.isoformat()}-{report.last.isoformat()}-{report.grouping.value}.csv"
