"""What every chart report's state shares.

`ReportFilters`: a range of local days, a service and a team member, with the menus of the
organization's own services and team. `ChartReport` adds the round trip every report makes:
load the filters, fetch the figures (a bad range becomes a message and an empty page), and
download the CSV of the table on screen. A report's state takes it in and defines
`_report` (the service call), `_show` (the table, the chart's points) and `_csv`; the page
embeds `components.report_frame.report_filters(ThatState, prefix)`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session, col, select

from bookingapp.db import read_only
from bookingapp.domain.day_range import parse_day
from bookingapp.domain.errors import DomainError
from bookingapp.domain.formatting import timezone_label
from bookingapp.domain.localized_text import service_name
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Organization, Service, StaffUser
from bookingapp.services.actors import Actor


class ReportFilters(rx.State, mixin=True):
    first: str = ""
    last: str = ""
    service: str = ""  # a service's id, or "" for all
    staff: str = ""  # a team member's id, or "" for everyone
    services: list[list[str]] = []  # [id, name]
    team: list[list[str]] = []
    timezone: str = ""
    report_error: str = ""

    def _default_range(self, today: date) -> tuple[date, date]:
        """The days a report opens with: the last 30 by default."""
        return today - timedelta(days=30), today

    def _load_filters(self, session: Session, org: Organization) -> None:
        self.timezone = timezone_label(org.timezone, self.lang)
        self.services = [[str(s.id), service_name(s, self.lang)] for s in session.exec(
            select(Service).where(Service.organization_id == org.id).order_by(col(Service.name), col(Service.id)))]
        self.team = [[str(u.id), u.name] for u in session.exec(
            select(StaffUser).where(StaffUser.organization_id == org.id).order_by(col(StaffUser.name), col(StaffUser.id)))]
        if not self.first or not self.last:
            first, last = self._default_range(datetime.now(ZoneInfo(org.timezone)).date())
            self.first, self.last = first.isoformat(), last.isoformat()

    def _filters(self, actor: Actor) -> dict:
        """The service's keyword arguments: the actor, the days (a bad date is a message), the
        service and the team member (a menu value that is no id finds nothing)."""
        return dict(actor=actor, first=parse_day(self.first, "first"), last=parse_day(self.last, "last"),
                    service_id=whole_number(self.service), staff_id=whole_number(self.staff))

    def _fetch(self) -> None:
        raise NotImplementedError

    @rx.event
    def set_filters(self, form: dict):
        self.first, self.last = str(form.get("first", ""))[:10], str(form.get("last", ""))[:10]
        self.service, self.staff = str(form.get("service", ""))[:20], str(form.get("staff", ""))[:20]
        self._fetch()


class ChartReport(ReportFilters, mixin=True):
    rows: list[list[str]] = []
    totals: list[list[str]] = []
    has_data: bool = False

    def _report(self, session: Session, actor: Actor):
        """The service's figures for the filters on screen."""
        raise NotImplementedError

    def _show(self, session: Session, found) -> None:
        """Put the figures on screen: rows, totals, the chart's points, has_data."""
        raise NotImplementedError

    def _clear(self) -> None:
        """Nothing on screen (a bad range): the page shows the message alone."""
        self.rows, self.totals, self.has_data = [], [], False

    def _csv(self, session: Session, found) -> tuple[str, str]:
        """The CSV of the table on screen, and its file name."""
        raise NotImplementedError

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            self._load_filters(session, session.get(Organization, actor.organization_id))
        self._fetch()

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                self._show(session, self._report(session, actor))
        except DomainError as error:
            self.report_error = self._message(error)
            self._clear()
            return
        self.report_error = ""

    @rx.event
    def download_csv(self):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with read_only() as session:
                text, name = self._csv(session, self._report(session, actor))
        except DomainError as error:
            self.report_error = self._message(error)
            return None
        return rx.download(data=text, filename=name)


class PeriodChartReport(ChartReport, mixin=True):
    """A report by week or by month, opening on this month and the five before it."""

    grouping: str = "month"

    def _default_range(self, today: date) -> tuple[date, date]:
        return (today.replace(day=1) - timedelta(days=150)).replace(day=1), today

    @rx.event
    def set_grouping(self, value: str | list[str]):
        self.grouping = value if value in ("week", "month") else "month"
        self._fetch()
