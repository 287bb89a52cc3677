"""Dashboard → Reports → Cancellations: the bookings cancelled in a range of days, by reason
and by who cancelled (the chart, its table and that table's CSV), and under it the list of
each cancellation (who, when, why, credits back) with its own CSV. Filters for service and staff."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.day_range import parse_day
from bookingapp.domain.errors import DomainError
from bookingapp.models import Organization
from bookingapp.services import cancellations_report as report
from bookingapp.services import session_changes
from bookingapp.states.base import AppState
from bookingapp.states.report_filters import ReportFilters


class CancellationsReportState(ReportFilters, AppState):
    rows: list[list[str]] = []
    totals: list[list[str]] = []
    points: list[dict[str, str | int]] = []
    chart_height: int = 260
    table: list[list[str]] = []  # the list of each cancellation
    has_data: bool = False

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            self._load_filters(session, session.get(Organization, actor.organization_id))
        self._fetch()

    def _args(self, actor) -> dict:
        return dict(actor=actor, first=parse_day(self.first, "first"), last=parse_day(self.last, "last"),
                    service_id=self._service_id, staff_id=self._staff_id)

    def _list(self, session, actor) -> list[list[str]]:
        rows = session_changes.cancellations_report(session, **self._args(actor))
        org = session.get(Organization, actor.organization_id)
        return session_changes.report_table(rows, org=org, locale=self.lang, translate=self._)

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                found = report.cancellation_counts(session, **self._args(actor))
                self.rows, self.totals = report.report_table(found, locale=self.lang, translate=self._)
                self.points = report.chart_points(found, locale=self.lang, translate=self._)
                self.chart_height = max(160, 64 + 40 * len(found.rows))
                self.has_data = not found.empty
                self.table = self._list(session, actor)
        except DomainError as error:
            self.report_error, self.rows, self.totals, self.points, self.table = self._message(error), [], [], [], []
            self.has_data = False
            return
        self.report_error = ""

    @rx.event
    def download_csv(self):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with read_only() as session:
                found = report.cancellation_counts(session, **self._args(actor))
                text = report.counts_csv(report.report_table(found, locale=self.lang, translate=self._), translate=self._)
                name = report.counts_filename(found)
        except DomainError as error:
            self.report_error = self._message(error)
            return None
        return rx.download(data=text, filename=name)

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
