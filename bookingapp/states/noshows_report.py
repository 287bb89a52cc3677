"""Dashboard → Reports → No-shows: attendance marks by service for the bookings that started
in a range of days (the chart, its table and that table's CSV), filtered by service and staff."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.day_range import parse_day
from bookingapp.domain.errors import DomainError
from bookingapp.models import Organization
from bookingapp.services import noshows_report as report
from bookingapp.states.base import AppState
from bookingapp.states.report_filters import ReportFilters


class NoShowsReportState(ReportFilters, AppState):
    rows: list[list[str]] = []
    totals: list[list[str]] = []
    points: list[dict[str, str | int]] = []
    chart_height: int = 260
    has_data: bool = False

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            self._load_filters(session, session.get(Organization, actor.organization_id))
        self._fetch()

    def _report(self, session, actor):
        return report.noshows_report(session, actor=actor, first=parse_day(self.first, "first"),
                                     last=parse_day(self.last, "last"), service_id=self._service_id, staff_id=self._staff_id)

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                found = self._report(session, actor)
                self.rows, self.totals = report.report_table(found, locale=self.lang, translate=self._)
                self.points = report.chart_points(found, locale=self.lang)
                self.chart_height = max(160, 64 + 48 * len(found.rows))
                self.has_data = not found.empty
        except DomainError as error:
            self.report_error, self.rows, self.totals, self.points, self.has_data = self._message(error), [], [], [], False
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
                text = report.noshows_csv(report.report_table(found, locale=self.lang, translate=self._), translate=self._)
                name = report.noshows_filename(found)
        except DomainError as error:
            self.report_error = self._message(error)
            return None
        return rx.download(data=text, filename=name)
