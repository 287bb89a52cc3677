"""Dashboard → Reports → No-shows: attendance marks by service for the bookings that started
in a range of days (the chart, its table and that table's CSV), filtered by service and staff."""

from __future__ import annotations

from bookingapp.services import noshows_report as report
from bookingapp.states.base import AppState
from bookingapp.states.report_filters import ChartReport


class NoShowsReportState(ChartReport, AppState):
    points: list[dict[str, str | int]] = []
    chart_height: int = 260

    def _report(self, session, actor):
        return report.noshows_report(session, **self._filters(actor))

    def _show(self, session, found) -> None:
        self.rows, self.totals = report.report_table(found, locale=self.lang, translate=self._)
        self.points = report.chart_points(found, locale=self.lang)
        self.chart_height = max(160, 64 + 48 * len(found.rows))
        self.has_data = not found.empty

    def _clear(self) -> None:
        super()._clear()
        self.points = []

    def _csv(self, session, found) -> tuple[str, str]:
        table = report.report_table(found, locale=self.lang, translate=self._)
        return report.noshows_csv(table, translate=self._), report.noshows_filename(found)
