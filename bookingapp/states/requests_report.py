"""Dashboard → Reports → Requests: a range of days, a service, a staff member,
weeks or months; the chart's figures, the table under it, and the CSV of that same table."""

from __future__ import annotations

from bookingapp.services import requests_report as report
from bookingapp.states.base import AppState
from bookingapp.states.report_filters import PeriodChartReport


class RequestsReportState(PeriodChartReport, AppState):
    points: list[dict[str, str | float]] = []

    def _report(self, session, actor):
        return report.requests_report(session, grouping=self.grouping, **self._filters(actor))

    def _show(self, session, found) -> None:
        self.rows, self.totals = report.report_table(found, locale=self.lang, translate=self._)
        self.points = report.chart_points(found, locale=self.lang)
        self.has_data = not found.empty

    def _clear(self) -> None:
        super()._clear()
        self.points = []

    def _csv(self, session, found) -> tuple[str, str]:
        table = report.report_table(found, locale=self.lang, translate=self._)
        return report.requests_csv(table, translate=self._), report.requests_filename(found)
