"""What every report does before its one aggregate query: find the staff member's own
organization, check the range of local days and turn it into its edges in UTC, and, for
the reports by week or by month, put each row in its period with a CASE over the periods'
UTC edges (the same SQL on SQLite and PostgreSQL; a few dozen edges at most)."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from bookingapp.domain.day_range import check_day_range, local_midnight
from bookingapp.domain.errors import NotFound
from bookingapp.domain.formatting import fmt_day_range, fmt_month
from bookingapp.models import Organization
from bookingapp.services.actors import Actor

MAX_REPORT_DAYS = 3 * 366


class Grouping(enum.StrEnum):
    WEEK = "week"
    MONTH = "month"


def staff_organization(session: Session, actor: Actor) -> Organization:
    """The actor's organization, for its staff only (anyone else finds nothing)."""
    org = session.get(Organization, actor.organization_id) if actor.organization_id else None
    if org is None or not actor.is_staff:
        raise NotFound()
    return org


def utc_range(org: Organization, first: date, last: date, *, max_days: int = MAX_REPORT_DAYS) -> tuple[datetime, datetime]:
    """The checked range first..last (local days, inclusive) as [start, end) in UTC."""
    check_day_range(first, last, max_days=max_days)
    return local_midnight(first, org.timezone), local_midnight(last + timedelta(days=1), org.timezone)


def period_start(day: date, grouping: Grouping) -> date:
    return day - timedelta(days=day.weekday()) if grouping is Grouping.WEEK else day.replace(day=1)


def next_period(start: date, grouping: Grouping) -> date:
    if grouping is Grouping.WEEK:
        return start + timedelta(days=7)
    return date(start.year + 1, 1, 1) if start.month == 12 else date(start.year, start.month + 1, 1)


def periods(first: date, last: date, grouping: Grouping) -> list[date]:
    """The first day of every period the days first..last touch."""
    starts, start = [], period_start(first, grouping)
    while start <= last:
        starts.append(start)
        start = next_period(start, grouping)
    return starts


def period_index(moment, starts: list[date], tz: str):
    """The index in `starts` of the period a row's UTC `moment` falls in: a row is in period
    k when it is before the start of period k+1 and not before its own (the query's range
    bounds the first and the last)."""
    edges = [local_midnight(start, tz) for start in starts[1:]]
    if not edges:
        return sa.literal(0)
    return sa.case(*[(moment < edge, index) for index, edge in enumerate(edges)], else_=len(edges))


def period_label(row, grouping: Grouping, locale: str) -> str:
    """A period's name on the axis and in the table: "January 2025", or its week's days."""
    if grouping is Grouping.MONTH:
        return fmt_month(row.first, locale)
    return fmt_day_range(row.first, row.last, locale)
