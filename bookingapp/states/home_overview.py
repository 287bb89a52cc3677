"""Dashboard → Home: the overview under the setup checklist (`services/overview.py`).

The service gives the rows; this state writes them out in the reader's language and the
organization's timezone, and links each to its page."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only
from bookingapp.domain.errors import DomainError
from bookingapp.domain.formatting import (
    fmt_day_range,
    fmt_money,
    fmt_number,
    fmt_short_datetime,
    fmt_time_range,
    timezone_label,
)
from bookingapp.services import overview as service
from bookingapp.states.base import AppState


@dataclass
class HomeRow:
    when: str  # a time or a date and time
    title: str  # who (or the class)
    detail: str  # what, and a deadline where there is one
    alert: str  # the red flag's message, or ""
    href: str


class HomeOverviewState(AppState):
    overview_loaded: bool = False
    overview_error: str = ""
    timezone: str = ""
    week: str = ""
    today_rows: list[HomeRow] = []
    today_count: str = "0"
    request_rows: list[HomeRow] = []
    request_count: str = "0"
    unpaid_rows: list[HomeRow] = []
    unpaid_count: str = "0"
    offer_rows: list[HomeRow] = []
    offer_count: str = "0"
    hours_rows: list[list[str]] = []
    hours_points: list[dict[str, str | float]] = []
    chart_height: int = 260
    _tz: str = "UTC"

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                found = service.overview(session, actor=actor)
        except DomainError as error:
            self.overview_error = self._message(error)
            return
        self.overview_error = ""
        self._show(found)
        self.overview_loaded = True

    def _at(self, moment) -> str:
        return fmt_short_datetime(moment, self._tz, self.lang) if moment is not None else ""

    def _show(self, found: service.Overview) -> None:
        self._tz = found.timezone
        lang = self.lang
        self.timezone = timezone_label(found.timezone, lang)
        self.week = fmt_day_range(found.week_first, found.week_last, lang)
        self.today_rows = [self._today(item) for item in found.next_today.items]
        self.today_count = fmt_number(found.next_today.count, lang)
        self.request_rows = [
            HomeRow(self._at(r.starts_at), r.customer,
                    self._("{service} · answer by {when}").format(service=r.service, when=self._at(r.respond_by))
                    if r.respond_by else r.service, r.alert, routes.inbox_booking(r.reference))
            for r in found.requests.items]
        self.request_count = fmt_number(found.requests.count, lang)
        self.unpaid_rows = [
            HomeRow(self._at(u.starts_at), u.customer, self._unpaid_detail(u), u.alert, routes.order(u.reference))
            for u in found.unpaid.items]
        self.unpaid_count = fmt_number(found.unpaid.count, lang)
        self.offer_rows = [
            HomeRow(self._at(o.starts_at), o.customer,
                    self._("{service} · offer open until {when}").format(service=o.service, when=self._at(o.offer_expires_at))
                    if o.offer_expires_at else o.service, "", routes.schedule_session(o.session_id))
            for o in found.offers.items]
        self.offer_count = fmt_number(found.offers.count, lang)
        self.hours_rows = service.hours_table(found.staff_hours, locale=lang)
        self.hours_points = service.hours_points(found.staff_hours)
        # Two bars a person, about 28 px each, and room for the axis and the legend.
        self.chart_height = max(260, 90 + 64 * len(found.staff_hours))

    def _today(self, item: service.TodayItem) -> HomeRow:
        when = fmt_time_range(item.starts_at, item.ends_at, self._tz, self.lang)
        if item.session_id is not None:
            places = self._n("{places} of {capacity} place booked", "{places} of {capacity} places booked", item.capacity,
                             places=fmt_number(item.places, self.lang), capacity=fmt_number(item.capacity, self.lang))
            return HomeRow(when, item.service, places, item.alert, routes.schedule_session(item.session_id))
        return HomeRow(when, item.customer, item.service, item.alert, routes.order(item.reference))

    def _unpaid_detail(self, u: service.UnpaidItem) -> str:
        amount = fmt_money(u.price_minor, u.currency, self.lang)
        if u.payment_deadline is None:
            return f"{u.service} · {amount}"
        return self._("{service} · {amount} · pay by {when}").format(service=u.service, amount=amount,
                                                                     when=self._at(u.payment_deadline))
