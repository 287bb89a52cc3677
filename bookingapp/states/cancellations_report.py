"""Dashboard → Reports → Cancellations: the bookings cancelled in a range of days, by reason
and by who cancelled (the chart, its table and that table's CSV), and under it the list of
each cancellation (who, when, why, credits back) with its own CSV. Filters for service and staff."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.errors import DomainError
from bookingapp.models import Organization
from bookingapp.services import cancellations_report as report
from bookingapp.services import session_changes
from bookingapp.states.base import AppState
from bookingapp.states.report_filters import ChartReport


class CancellationsReportState(ChartReport, AppState):
    points: list[dict[str, str | int]] = []
    chart_height: int = 260
    table: list[list[str]] = []  # the list of each cancellation

    def _list(self, session, actor) -> list[list[str]]:
        rows = session_changes.cancellations_report(session, **self._filters(actor))
        org = session.get(Organization, actor.organization_id)
        return session_changes.report_table(rows, org=org, locale=self.lang, translate=self._)

    def _report(self, session, actor):
        return report.cancellation_counts(session, **self._filters(actor))

    def _show(self, session, found) -> None:
        self.rows, self.totals = report.report_table(found, locale=self.lang, translate=self._)
        self.points = report.chart_points(found, locale=self.lang, translate=self._)
        self.chart_height = max(160, 64 + 40 * len(found.rows))
        self.has_data = not found.empty
        self.table = self._list(session, self._actor())

    def _clear(self) -> None:
        super()._clear()
        self.points, self.table = [], []

    def _csv(self, session, found) -> tuple[str, str]:
        table = report.report_table(found, locale=self.lang, translate=self._)
        return report.counts_csv(table, translate=self._), report.counts_filename(found)

    @rx.event
    def download_list_csv(self):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with read_only() as session:
                text = session_changes.cancellations_csv(self._list(session, actor), translate=self._)
        except DomainError as error:
            self.report_error = self._message(error)
            return None
        return rx.download(data=text, filename=f"cancellations-list-{self.first}-{self.last}.csv")
