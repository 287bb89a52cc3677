"""Dashboard → Reports → Cancellations: who cancelled which class booking, when, why, and
whether the credits came back, for a range of days; the CSV is the same table."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.errors import DomainError
from bookingapp.domain.formatting import timezone_label
from bookingapp.models import Organization
from bookingapp.services import session_changes
from bookingapp.states.base import AppState


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


class CancellationsReportState(AppState):
    first: str = ""
    last: str = ""
    table: list[list[str]] = []
    timezone: str = ""
    report_error: str = ""

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        if not self.first or not self.last:
            with read_only() as session:
                tz = session.get(Organization, actor.organization_id).timezone
            today = datetime.now(ZoneInfo(tz)).date()
            self.first, self.last = (today - timedelta(days=30)).isoformat(), today.isoformat()
        self._fetch()

    def _rows(self, session, actor) -> list[list[str]]:
        org = session.get(Organization, actor.organization_id)
        self.timezone = timezone_label(org.timezone, self.lang)
        rows = session_changes.cancellations_report(session, actor=actor, first=_day(self.first), last=_day(self.last))
        return session_changes.report_table(rows, org=org, locale=self.lang, translate=self._)

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                self.table = self._rows(session, actor)
        except DomainError as error:
            self.report_error, self.table = self._message(error), []
            return
        self.report_error = ""

    @rx.event
    def set_range(self, form: dict):
        self.first, self.last = str(form.get("first", ""))[:10], str(form.get("last", ""))[:10]
        self._fetch()

    @rx.event
    def download_csv(self):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with read_only() as session:
                text = session_changes.cancellations_csv(self._rows(session, actor), translate=self._)
        except DomainError as error:
            self.report_error = self._message(error)
            return None
        return rx.download(data=text, filename=f"cancellations-{self.first}-{self.last}.csv")
