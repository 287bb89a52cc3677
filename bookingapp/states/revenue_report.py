"""Dashboard → Reports → Bookings and revenue: a range of days, a service, a staff member,
weeks or months; the chart's figures, the table under it, and the CSV of that same table."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import col, select

from bookingapp.db import read_only
from bookingapp.domain.errors import DomainError
from bookingapp.domain.formatting import timezone_label
from bookingapp.domain.localized_text import service_name
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Organization, Service, StaffUser
from bookingapp.services import revenue_report as report
from bookingapp.states.base import AppState


def _id(text: str) -> int | None:
    """A select's value: a row id, or "" for all (an id that cannot exist is not found)."""
    return whole_number(text)


class RevenueReportState(AppState):
    first: str = ""
    last: str = ""
    service: str = ""
    staff: str = ""
    grouping: str = "month"
    services: list[list[str]] = []  # [id, name]
    team: list[list[str]] = []
    rows: list[list[str]] = []
    totals: list[list[str]] = []
    points: list[dict[str, str | float]] = []
    has_data: bool = False
    timezone: str = ""
    report_error: str = ""

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            self.timezone = timezone_label(org.timezone, self.lang)
            self.services = [[str(s.id), service_name(s, self.lang)] for s in session.exec(
                select(Service).where(Service.organization_id == org.id).order_by(col(Service.name), col(Service.id)))]
            self.team = [[str(u.id), u.name] for u in session.exec(
                select(StaffUser).where(StaffUser.organization_id == org.id).order_by(col(StaffUser.name), col(StaffUser.id)))]
            if not self.first or not self.last:
                today = datetime.now(ZoneInfo(org.timezone)).date()
                self.first, self.last = (today.replace(day=1) - timedelta(days=150)).replace(day=1).isoformat(), today.isoformat()
        self._fetch()

    def _report(self, session, actor):
        return report.revenue_report(
            session, actor=actor, first=report.parse_day(self.first, "first"), last=report.parse_day(self.last, "last"),
            grouping=self.grouping, service_id=_id(self.service), staff_id=_id(self.staff))

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
    def set_filters(self, form: dict):
        self.first, self.last = str(form.get("first", ""))[:10], str(form.get("last", ""))[:10]
        self.service, self.staff = str(form.get("service", ""))[:20], str(form.get("staff", ""))[:20]
        self._fetch()

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
                text = report.revenue_csv(report.report_table(found, locale=self.lang, translate=self._), translate=self._)
                name = report.revenue_filename(found)
        except DomainError as error:
            self.report_error = self._message(error)
            return None
        return rx.download(data=text, filename=name)
