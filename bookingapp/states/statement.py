"""Dashboard → Reports → Statement: one month's money, and its CSV.

The CSV is made by the same state that shows the month and leaves through rx.download:
it passes the same staff-session check as the page (no second way in to guard), and a
month of one organization is small enough to send over the page's connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only
from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.formatting import fmt_datetime, fmt_money, fmt_month, timezone_label
from bookingapp.i18n import LANGUAGES
from bookingapp.models import Organization, utcnow
from bookingapp.services import statements
from bookingapp.states.base import AppState


@dataclass
class TotalLine:
    currency: str
    gross: str
    refunds: str
    commission: str
    net: str


@dataclass
class StatementRow:
    when: str
    reference: str
    href: str
    customer: str
    kind: str
    gross: str
    refund: str
    commission: str
    net: str


def _shift(year: int, month: int, by: int) -> str:
    index = year * 12 + (month - 1) + by
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


class StatementState(AppState):
    month: str = ""  # YYYY-MM
    title: str = ""
    previous_href: str = ""
    next_href: str = ""
    timezone: str = ""
    totals: list[TotalLine] = []
    lines: list[StatementRow] = []
    error: str = ""

    def _statement(self, actor):
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            wanted = self.month or datetime.now(ZoneInfo(org.timezone)).strftime("%Y-%m")
            try:
                year, month = statements.parse_month(wanted)
            except ValidationFailed as error:
                self.error = self._message(error)
                year, month = statements.parse_month(utcnow().astimezone(ZoneInfo(org.timezone)).strftime("%Y-%m"))
            return statements.monthly_statement(session, actor=actor, year=year, month=month)

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        wanted = self._query("month")
        self.month, self.error = wanted if isinstance(wanted, str) else "", ""
        statement = self._statement(actor)
        org, lang = statement.organization, self.lang if self.lang in LANGUAGES else "en"
        tz = org.timezone
        self.month = f"{statement.year:04d}-{statement.month:02d}"
        self.title = fmt_month(date(statement.year, statement.month, 1), lang)
        self.previous_href = f"{routes.REPORTS_STATEMENT}?month={_shift(statement.year, statement.month, -1)}"
        self.next_href = f"{routes.REPORTS_STATEMENT}?month={_shift(statement.year, statement.month, 1)}"
        self.timezone = timezone_label(tz, lang)
        self.totals = [TotalLine(t.currency, fmt_money(t.gross_minor, t.currency, lang), fmt_money(t.refund_minor, t.currency, lang),
                                 fmt_money(t.commission_minor, t.currency, lang), fmt_money(t.net_minor, t.currency, lang))
                       for t in statement.totals]
        self.lines = [
            StatementRow(fmt_datetime(line.at, tz, lang), line.reference, routes.order(line.reference), line.customer,
                         self._("Payment") if line.kind == "payment" else self._("Refund"),
                         fmt_money(line.gross_minor, line.currency, lang) if line.gross_minor else "",
                         fmt_money(line.refund_minor, line.currency, lang) if line.refund_minor else "",
                         fmt_money(line.commission_minor, line.currency, lang) if line.commission_minor else "",
                         fmt_money(line.net_minor, line.currency, lang))
            for line in statement.lines
        ]

    @rx.event
    def download_csv(self):
        actor = self._actor()
        if actor is None:
            return None
        statement = self._statement(actor)
        return rx.download(data=statements.statement_csv(statement), filename=statements.statement_filename(statement),
                           mime_type="text/csv")
