"""Dashboard → Reports → Class occupancy: a range of days, a class, a team member; the
chart's figures, the table under it, the weekday × hour heatmap, and the CSV of the table."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.day_range import parse_day
from bookingapp.domain.errors import DomainError
from bookingapp.models import Organization
from bookingapp.services import occupancy_report as report
from bookingapp.states.base import AppState
from bookingapp.states.report_filters import ReportFilters

# A heatmap cell's shade by level (0 nothing booked … 5 full): light steps, so the text
# (gray 12) keeps its contrast in light and in dark mode.
_SHADES = ["var(--gray-3)", "var(--grass-3)", "var(--grass-4)", "var(--grass-5)", "var(--grass-6)", "var(--grass-7)"]


class OccupancyReportState(ReportFilters, AppState):
    rows: list[list[str]] = []
    totals: list[list[str]] = []
    points: list[dict[str, str | float]] = []
    heat_hours: list[str] = []
    heat_rows: list[list[list[str]]] = []  # [[weekday, ""], [text, background] …]
    has_data: bool = False

    @rx.var
    def chart_height(self) -> int:
        """Room for every class's bar: about 40 px each, 160 to 600 px in all."""
        return min(600, max(160, 48 + 40 * len(self.points)))

    def _default_range(self, today: date) -> tuple[date, date]:
        """The last four weeks and the next two: how full the classes were, and are so far."""
        return today - timedelta(days=27), today + timedelta(days=14)

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            self._load_filters(session, session.get(Organization, actor.organization_id))
        self._fetch()

    def _report(self, session, actor):
        return report.occupancy_report(
            session, actor=actor, first=parse_day(self.first, "first"), last=parse_day(self.last, "last"),
            service_id=self._service_id, staff_id=self._staff_id)

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                found = self._report(session, actor)
                names = report.class_names(session, found, self.lang)
                self.rows, self.totals = report.report_table(found, locale=self.lang, names=names, translate=self._)
                self.points = report.chart_points(found, names=names)
                self.heat_hours, heat_rows = report.heatmap(found, locale=self.lang)
                self.heat_rows = [[row[0], *[[text, _SHADES[int(level)] if level else ""] for text, level in row[1:]]]
                                  for row in heat_rows]
                self.has_data = not found.empty
        except DomainError as error:
            self.report_error, self.rows, self.totals, self.points, self.has_data = self._message(error), [], [], [], False
            self.heat_hours, self.heat_rows = [], []
            return
        self.report_error = ""

    @rx.event
    def download_csv(self):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with read_only() as session:
                found = self._report(session, actor)
                names = report.class_names(session, found, self.lang)
                text = report.occupancy_csv(report.report_table(found, locale=self.lang, names=names, translate=self._),
                                            translate=self._)
                name = report.occupancy_filename(found)
        except DomainError as error:
            self.report_error = self._message(error)
            return None
        return rx.download(data=text, filename=name)
