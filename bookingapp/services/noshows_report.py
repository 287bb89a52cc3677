"""Reports → No-shows: the attendance marks staff gave (services/attendance.py) on bookings
that started in a range of local days, by service, with a filter for staff.

A booking counts once it is marked attended or no-show (`Booking.attendance`); one not
marked is left out, so the rate is no-shows out of the bookings marked. A class place
belongs to its session's staff member. One aggregate query grouped by service, through
the index on (organization, starts_at) of the bookings; the services' names come after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bookingapp.domain.attendance import Attendance
from bookingapp.domain.formatting import fmt_number, fmt_percent
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.localized_text import service_name
from bookingapp.domain.report_csv import table_csv
from bookingapp.domain.user_input import Day, Id, Internal, user_input
from bookingapp.models import Booking, ClassSession, Organization, Service
from bookingapp.services.actors import Actor
from bookingapp.services.report_scope import staff_organization, utc_range

MAX_REPORT_DAYS = 366


@dataclass(frozen=True)
class NoShowRow:
    service_id: int
    service: Service
    attended: int
    no_shows: int

    @property
    def marked(self) -> int:
        return self.attended + self.no_shows


@dataclass
class NoShowReport:
    organization: Organization
    first: date
    last: date
    rows: list[NoShowRow]  # most no-shows first

    @property
    def attended(self) -> int:
        return sum(r.attended for r in self.rows)

    @property
    def no_shows(self) -> int:
        return sum(r.no_shows for r in self.rows)

    @property
    def marked(self) -> int:
        return self.attended + self.no_shows

    @property
    def empty(self) -> bool:
        return not self.rows


def no_show_rate(no_shows: int, marked: int) -> Decimal:
    """No-shows out of the bookings marked, in percent, to one decimal (0 when none marked)."""
    if not marked:
        return Decimal("0")
    return (Decimal(no_shows * 100) / marked).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@user_input
def noshows_report(session: Session, *, actor: Actor, first: Day, last: Day,
                   service_id: Id | None = None, staff_id: Id | None = None) -> NoShowReport:
    org = staff_organization(session, actor)
    start, end = utc_range(org, first, last, max_days=MAX_REPORT_DAYS)
    attended, no_show = Booking.attendance == Attendance.ATTENDED.value, Booking.attendance == Attendance.NO_SHOW.value
    stmt = (
        select(Booking.service_id, sa.func.sum(sa.case((attended, 1), else_=0)), sa.func.sum(sa.case((no_show, 1), else_=0)))
        .where(Booking.organization_id == org.id, col(Booking.starts_at) >= start, col(Booking.starts_at) < end,
               col(Booking.attendance).in_([a.value for a in Attendance]))
        .group_by(Booking.service_id)
    )
    if service_id is not None:
        stmt = stmt.where(Booking.service_id == service_id)
    if staff_id is not None:
        # A class place is the session's staff member's; an appointment its own.
        stmt = stmt.outerjoin(ClassSession, col(ClassSession.id) == Booking.session_id).where(
            sa.func.coalesce(Booking.staff_user_id, ClassSession.staff_user_id) == staff_id)
    found = {int(sid): (int(a or 0), int(n or 0)) for sid, a, n in session.exec(stmt)}
    services = {s.id: s for s in session.exec(select(Service).where(col(Service.id).in_(list(found) or [0]),
                                                                     Service.organization_id == org.id))}
    rows = [NoShowRow(sid, services[sid], a, n) for sid, (a, n) in found.items() if sid in services]
    rows.sort(key=lambda r: (-r.no_shows, -r.marked, r.service.name, r.service_id))
    return NoShowReport(org, first, last, rows)


# --- the table the page shows, the chart's figures and the CSV ------------------------------

HEADER = ["Service", "Marked", "Attended", "No-shows", "No-show rate"]


@user_input
def report_table(report: Annotated[NoShowReport, Internal()], *, locale: Annotated[str, Internal()],
                 translate=lambda text: text) -> tuple[list[list[str]], list[list[str]]]:
    """The rows and the totals row as the page shows them, cell by cell; the CSV is these cells."""
    def cells(name: str, marked: int, attended: int, no_shows: int) -> list[str]:
        return [name, fmt_number(marked, locale), fmt_number(attended, locale), fmt_number(no_shows, locale),
                fmt_percent(no_show_rate(no_shows, marked), locale)]

    rows = [cells(service_name(r.service, locale), r.marked, r.attended, r.no_shows) for r in report.rows]
    totals = [cells(translate(N_("Total")), report.marked, report.attended, report.no_shows)] if report.rows else []
    return rows, totals


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


@user_input
def chart_points(report: Annotated[NoShowReport, Internal()], *, locale: Annotated[str, Internal()]) -> list[dict]:
    """One pair of bars per service (its name shortened for a phone): no-shows and attended."""
    return [{"service": _short(service_name(r.service, locale)), "no_shows": r.no_shows, "attended": r.attended}
            for r in report.rows]


@user_input
def noshows_csv(table: Annotated[tuple[list[list[str]], list[list[str]]], Internal()], translate=lambda text: text) -> str:
    """Exactly the table the page shows (`report_table`), under the same headings."""
    rows, totals = table
    return table_csv(HEADER, [*rows, *totals], translate)


@user_input
def noshows_filename(report: Annotated[NoShowReport, Internal()]) -> str:
    return f"no-shows-{report.organization.slug}-{report.first.isoformat()}-{report.last.isoformat()}.csv"
