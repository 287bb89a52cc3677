"""Dashboard → Reports → Customers: the table and its CSV download."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.formatting import fmt_datetime, timezone_label
from bookingapp.models import Organization, utcnow
from bookingapp.services import customer_reports
from bookingapp.states.base import AppState
from bookingapp.states.customers import customer_href

TABLE_ROWS = 200  # the page shows this many; the CSV has every customer


@dataclass
class ReportLine:
    href: str
    name: str
    email: str
    alert: str
    bookings: int
    last_visit: str
    credit_balance: int
    no_shows: int = 0


class CustomerReportState(AppState):
    query: str = ""
    rows: list[ReportLine] = []
    timezone: str = ""
    truncated: bool = False

    @rx.event
    def load(self):
        self._fetch()

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            found = customer_reports.customers_report(session, actor=actor, now=utcnow(), query=self.query, limit=TABLE_ROWS + 1)
        tz, lang = org.timezone, self.lang
        self.truncated = len(found) > TABLE_ROWS
        self.timezone = timezone_label(tz, lang)
        self.rows = [ReportLine(customer_href(r.customer_id), r.name, r.email, r.alert, r.bookings,
                                fmt_datetime(r.last_visit, tz, lang) if r.last_visit else "-", r.credit_balance, r.no_shows)
                     for r in found[:TABLE_ROWS]]

    @rx.event
    def search(self, value: str):
        self.query = (value if isinstance(value, str) else "")[:100]
        self._fetch()

    @rx.event
    def download_csv(self):
        actor = self._actor()
        if actor is None:
            return None
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            rows = customer_reports.customers_report(session, actor=actor, now=utcnow(), query=self.query)
            text = customer_reports.customers_csv(rows, org, locale=self.lang)
        return rx.download(data=text, filename=f"customers-{org.slug}.csv")
