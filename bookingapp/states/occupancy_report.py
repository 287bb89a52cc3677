"""Dashboard → Reports → Class occupancy: a range of days, a class, a team member; the
chart's figures, the table under it, the weekday × hour heatmap, and the CSV of the table."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from bookingapp.services import occupancy_report as report
from bookingapp.states.base import AppState
from bookingapp.states.report_filters import ChartReport

# A heatmap cell's shade by level (0 nothing booked … 5 full): light steps, so the text
# (gray 12) keeps its contrast in light and in dark mode.
_SHADES = ["var(--gray-3)", "var(--grass-3)", "var(--grass-4)", "var(--grass-5)", "var(--grass-6)", "var(--grass-7)"]


class OccupancyReportState(ChartReport, AppState):
    points: list[dict[str, str | float]] = []
    heat_hours: list[str] = []
    heat_rows: list[list[list[str]]] = []  # [[weekday, ""], [text, background] …]

    @rx.var
    def chart_height(self) -> int:
        """Room for every class's bar: about 40 px each, 160 to 600 px in all."""
        return min(600, max(160, 48 + 40 * len(self.points)))

    def _default_range(self, today: date) -> tuple[date, date]:
        """The last four weeks and the next two: how full the classes were, and are so far."""
        return today - timedelta(days=27), today + timedelta(days=14)

    def _report(self, session, actor):
        return report.occupancy_report(session, **self._filters(actor))

    def _show(self, session, found) -> None:
        names = report.class_names(session, found, self.lang)
        self.rows, self.totals = report.report_table(found, locale=self.lang, names=names, translate=self._)
        self.points = report.chart_points(found, names=names)
        self.heat_hours, heat_rows = report.heatmap(found, locale=self.lang)
        self.heat_rows = [[row[0], *[[text, _SHADES[int(level)] if level else ""] for text, level in row[1:]]]
                          for row in heat_rows]
        self.has_data = not found.empty

    def _clear(self) -> None:
        super()._clear()
        self.points, self.heat_hours, self.heat_rows = [], [], []

    def _csv(self, session, found) -> tuple[str, str]:
        names = report.class_names(session, found, self.lang)
        table = report.report_table(found, locale=self.lang, names=names, translate=self._)
        return report.occupancy_csv(table, translate=self._), report.occupancy_filename(found)
