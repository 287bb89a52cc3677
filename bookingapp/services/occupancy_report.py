"""Reports → Class occupancy: over the class sessions that start in a range of local days
(cancelled sessions left out), how full each class was, and when in the week the places
fill best.

- Fill rate by class: sessions, places (the sum of their capacities), places booked (the
  places the session's bookings hold, `party_size` each, as `class_seats.taken_places`
  counts them, plus those that went on to completed or no-show), the fill rate
  (booked / places) and the places marked attended or no-show.
- A weekday × hour heatmap of the fill rate, in the organization's local time.

Filters: the service is the class, the team member the session's own.

Two aggregate queries over one per-session subquery (its bookings summed through the index
on `booking.session_id`, the sessions found through the one on `classsession.starts_at`).
The heatmap's local weekday and hour: the database groups the sessions by their UTC
weekday, hour and minute and by the offset period they fall in (a CASE over the zone's
transitions inside the range, the same SQL on SQLite and PostgreSQL); at most a few
thousand groups, each then moved by its period's offset to its local cell here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import ACTIVE, Status
from bookingapp.domain.formatting import fmt_clock, fmt_number, fmt_percent, weekday_short_names
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.localized_text import service_name
from bookingapp.domain.report_csv import table_csv
from bookingapp.domain.user_input import Day, Id, Internal, user_input
from bookingapp.models import Booking, ClassSession, Organization, Service
from bookingapp.services.actors import Actor
from bookingapp.services.report_scope import staff_organization, utc_range

MAX_REPORT_DAYS = 366
# A place is booked while its booking holds it, and stays booked once the class is over.
HELD = tuple(sorted(ACTIVE | {Status.COMPLETED, Status.NO_SHOW}))
_WEEK_MINUTES = 7 * 24 * 60


@dataclass(frozen=True)
class ClassFill:
    service_id: int
    name: str
    sessions: int = 0
    places: int = 0
    booked: int = 0
    attended: int = 0
    no_shows: int = 0


@dataclass(frozen=True)
class HeatCell:
    weekday: int  # 0 Monday … 6 Sunday, local
    hour: int  # local start hour
    sessions: int
    places: int
    booked: int


@dataclass
class OccupancyReport:
    organization: Organization
    first: date
    last: date
    rows: list[ClassFill]  # by class name
    totals: ClassFill
    cells: list[HeatCell] = field(default_factory=list)  # by weekday, then hour

    @property
    def empty(self) -> bool:
        return not self.rows


def fill_percent(booked: int, places: int) -> Decimal:
    """booked / places as a percentage with one decimal ('62.5'); nothing to fill is 0."""
    if places <= 0:
        return Decimal(0)
    return (Decimal(booked * 100) / places).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _at(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def offset_periods(start: datetime, end: datetime, tz: str) -> tuple[list[datetime], list[int]]:
    """The zone's changes of UTC offset inside [start, end), as UTC edges, and the offset
    (in minutes) before the first edge, between each two, and after the last."""
    zone = ZoneInfo(tz)

    def offset(moment: datetime) -> int:
        return int(moment.astimezone(zone).utcoffset().total_seconds() // 60)

    edges, offsets = [], [offset(start)]
    step, moment = 12 * 3600, int(start.timestamp())
    stop = int(end.timestamp())
    while moment < stop:
        later = min(moment + step, stop)
        if offset(_at(later)) != offsets[-1]:
            low, high = moment, later  # the old offset at low, the new one at high: halve down to a second
            while high - low > 1:
                middle = (low + high) // 2
                if offset(_at(middle)) == offsets[-1]:
                    low = middle
                else:
                    high = middle
            edges.append(_at(high))
            offsets.append(offset(_at(later)))
        moment = later
    return edges, offsets


@user_input
def occupancy_report(session: Session, *, actor: Actor, first: Day, last: Day, service_id: Id | None = None,
                     staff_id: Id | None = None) -> OccupancyReport:
    org = staff_organization(session, actor)
    range_start, range_end = utc_range(org, first, last, max_days=MAX_REPORT_DAYS)
    at = col(ClassSession.starts_at)
    place = sa.and_(col(Booking.session_id) == ClassSession.id, col(Booking.status).in_(HELD))
    marked = {mark: sa.func.coalesce(sa.func.sum(sa.case((Booking.attendance == mark, Booking.party_size), else_=0)), 0)
              for mark in ("attended", "no_show")}
    per_session = (
        select(ClassSession.id.label("sid"), ClassSession.service_id.label("service_id"),
               ClassSession.capacity.label("capacity"), at.label("starts_at"),
               sa.func.coalesce(sa.func.sum(Booking.party_size), 0).label("booked"),
               marked["attended"].label("attended"), marked["no_show"].label("no_shows"))
        .select_from(ClassSession)
        .outerjoin(Booking, place)
        .where(ClassSession.organization_id == org.id, sa.not_(col(ClassSession.cancelled)),
               at >= range_start, at < range_end)
        .group_by(ClassSession.id, ClassSession.service_id, ClassSession.capacity, at)
    )
    if service_id is not None:
        per_session = per_session.where(ClassSession.service_id == service_id)
    if staff_id is not None:
        per_session = per_session.where(ClassSession.staff_user_id == staff_id)
    one = per_session.subquery("one")

    by_class = (
        select(one.c.service_id, sa.func.count(), sa.func.sum(one.c.capacity), sa.func.sum(one.c.booked),
               sa.func.sum(one.c.attended), sa.func.sum(one.c.no_shows))
        .group_by(one.c.service_id)
    )
    found = {int(sid): tuple(int(v or 0) for v in figures) for sid, *figures in session.exec(by_class)}
    services = {s.id: s for s in session.exec(select(Service).where(col(Service.id).in_(found)))} if found else {}
    rows = sorted((ClassFill(sid, services[sid].name if sid in services else "", *figures)
                   for sid, figures in found.items()), key=lambda r: (r.name.casefold(), r.service_id))
    totals = ClassFill(0, "", sum(r.sessions for r in rows), sum(r.places for r in rows), sum(r.booked for r in rows),
                       sum(r.attended for r in rows), sum(r.no_shows for r in rows))

    edges, offsets = offset_periods(range_start, range_end, org.timezone)
    started = one.c.starts_at
    period = (sa.case(*[(started < edge, index) for index, edge in enumerate(edges)], else_=len(edges))
              if edges else sa.literal(0)).label("period")
    dow, hour, minute = (sa.extract(part, started).label(part) for part in ("dow", "hour", "minute"))
    by_time = (
        select(period, dow, hour, minute, sa.func.count(), sa.func.sum(one.c.capacity), sa.func.sum(one.c.booked))
        .group_by(sa.literal_column("period"), sa.literal_column("dow"), sa.literal_column("hour"),
                  sa.literal_column("minute"))
    )
    heat: dict[tuple[int, int], list[int]] = {}
    for p, d, h, m, n, places, booked in session.exec(by_time):
        utc_minute = ((int(d) + 6) % 7) * 1440 + int(h) * 60 + int(m)  # Monday 00:00 UTC is 0; SQL's Sunday is 0
        local = (utc_minute + offsets[int(p)]) % _WEEK_MINUTES
        figures = heat.setdefault((local // 1440, local % 1440 // 60), [0, 0, 0])
        figures[0] += int(n)
        figures[1] += int(places or 0)
        figures[2] += int(booked or 0)
    cells = [HeatCell(weekday, hour, *figures) for (weekday, hour), figures in sorted(heat.items())]
    return OccupancyReport(org, first, last, rows, totals, cells)


# --- the table the page shows, the chart's figures, the heatmap and the CSV ---------------

HEADER = ["Class", "Sessions", "Places", "Booked", "Fill rate", "Attended", "No-shows"]


@user_input
def report_table(report: Annotated[OccupancyReport, Internal()], *, locale: Annotated[str, Internal()],
                 names: Annotated[dict[int, str] | None, Internal()] = None,
                 translate=lambda text: text) -> tuple[list[list[str]], list[list[str]]]:
    """The rows and the totals row as the page shows them, cell by cell; the CSV is these cells.
    `names`: the classes' names in the reader's language (else the names the report found)."""
    def figures(r: ClassFill) -> list[str]:
        return [fmt_number(r.sessions, locale), fmt_number(r.places, locale), fmt_number(r.booked, locale),
                fmt_percent(fill_percent(r.booked, r.places), locale), fmt_number(r.attended, locale),
                fmt_number(r.no_shows, locale)]

    names = names or {}
    rows = [[names.get(r.service_id, r.name), *figures(r)] for r in report.rows]
    totals = [[translate(N_("Total")), *figures(report.totals)]] if report.rows else []
    return rows, totals


def _short(name: str, limit: int = 15) -> str:
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "…"


@user_input
def chart_points(report: Annotated[OccupancyReport, Internal()], *,
                 names: Annotated[dict[int, str] | None, Internal()] = None) -> list[dict]:
    """One bar per class: its fill rate in percent, the name shortened to fit a phone."""
    names = names or {}
    return [{"name": _short(names.get(r.service_id, r.name)), "rate": float(fill_percent(r.booked, r.places))}
            for r in report.rows]


def heat_level(percent: Decimal) -> int:
    """0 (nothing booked) … 5 (full): the cell's shade."""
    if percent <= 0:
        return 0
    if percent >= 100:
        return 5
    return 1 + int(percent // 25)


@user_input
def heatmap(report: Annotated[OccupancyReport, Internal()], *,
            locale: Annotated[str, Internal()]) -> tuple[list[str], list[list[list[str]]]]:
    """The heatmap as the page shows it: the hours that have sessions (column heads), and one
    row per weekday that has sessions: [[weekday name, ""], then [fill rate, level] per hour
    ('' and '' where that weekday has no session at that hour)]."""
    hours = sorted({c.hour for c in report.cells})
    days = weekday_short_names(locale)
    cells = {(c.weekday, c.hour): c for c in report.cells}
    rows = []
    for weekday in sorted({c.weekday for c in report.cells}):
        row = [[days[weekday], ""]]
        for hour in hours:
            cell = cells.get((weekday, hour))
            if cell is None:
                row.append(["", ""])
            else:
                percent = fill_percent(cell.booked, cell.places)
                row.append([fmt_percent(percent, locale), str(heat_level(percent))])
        rows.append(row)
    return [fmt_clock(time(hour), locale) for hour in hours], rows


@user_input
def occupancy_csv(table: Annotated[tuple[list[list[str]], list[list[str]]], Internal()], translate=lambda text: text) -> str:
    """Exactly the table the page shows (`report_table`), under the same headings."""
    rows, totals = table
    return table_csv(HEADER, [*rows, *totals], translate)


@user_input
def occupancy_filename(report: Annotated[OccupancyReport, Internal()]) -> str:
    return f"occupancy-{report.organization.slug}-{report.first.isoformat()}-{report.last.isoformat()}.csv"


def class_names(session: Session, report: OccupancyReport, locale: str) -> dict[int, str]:
    """The report's classes named in the reader's language."""
    ids = [r.service_id for r in report.rows]
    if not ids:
        return {}
    return {s.id: service_name(s, locale) for s in session.exec(select(Service).where(col(Service.id).in_(ids)))}
