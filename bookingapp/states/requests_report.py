"""Dashboard → Reports → Requests: a range of days, a service, a staff member,
weeks or months; the chart's figures, the table under it, and the CSV of that same table."""

from __future__ import annotations

from datetime import date, timedelta

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.day_range import parse_day
from bookingapp.domain.errors import DomainError
from bookingapp.models import Organization
from bookingapp.services import requests_report as report
from bookingapp.states.base import AppState
from bookingapp.states.report_filters import ReportFilters


class RequestsReportState(ReportFilters, AppState):
    grouping: str = "month"
    rows: list[list[str]] = []
    totals: list[list[str]] = []
    points: list[dict[str, str | float]] = []
    has_data: bool = False

    def _default_range(self, today: date) -> tuple[date, date]:
        """This month and the five before it."""
        return (today.replace(day=1) - timedelta(days=150)).replace(day=1), today

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            self._load_filters(session, session.get(Organization, actor.organization_id))
        self._fetch()

    def _report(self, session, actor):
        return report.requests_report(
            session, actor=actor, first=parse_day(self.first, "first"), last=parse_day(self.last, "last"),
            grouping=self.grouping, service_id=self._service_id, staff_id=self._staff_id)

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                found = self._report(session, actor)
                self.rows, self.totals = report.report_table(found, locale=self.lang, translate=self._)
                self.points = report.chart_points(found, locale=self.lang)
                self.has_data = not found.empty
        except DomainError as error:
            self.report_error, self.rows, self.totals, self.points, self.has_data = self._message(error), [], [], [], False
            return
        self.report_error = ""

    @rx.event
    def set_grouping(self, value: str | list[str]):
        self.grouping = value if value in ("week", "month") else "month"
        self._fetch()

    @rx.event
    def download_csv(self):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with read_only() as session:
                found = self._report(session, actor)
                text = report.requests_csv(report.report_table(found, locale=self.lang, translate=self._), translate=self._)
                name = report.requests_filename(found)
        except DomainError as error:
            self.report_error = self._message(error)
            return None
        return rx.download(data=text, filename=name)
