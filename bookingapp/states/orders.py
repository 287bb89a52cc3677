"""Dashboard → Orders: the list, with its filters and page in the address."""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only
from bookingapp.domain.booking_states import STAFF_LABELS
from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.formatting import fmt_datetime, timezone_label
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Organization
from bookingapp.services import orders
from bookingapp.states.base import AppState


@dataclass
class OrderLine:
    reference: str
    href: str
    customer: str
    alert: str
    service: str
    when: str
    status: str
    status_label: str
    refund_pending: bool
    unpaid_on_site: bool = False


@dataclass
class Choice:
    value: str
    label: str


# The address of a filtered page: these query parameters, nothing else.
PARAMS = ("show", "service", "from", "to", "q", "after", "before", "page")


class OrdersState(AppState):
    show: str = "upcoming"
    service: str = "all"
    date_from: str = ""
    date_to: str = ""
    search: str = ""
    page: int = 1
    after: str = ""
    before: str = ""
    next_cursor: str = ""
    prev_cursor: str = ""
    range_label: str = ""
    rows: list[OrderLine] = []
    services: list[Choice] = []
    statuses: list[Choice] = []
    timezone: str = ""
    error: str = ""
    error_field: str = ""

    @rx.event
    def load(self):
        """on_load: the address says what to show, so a filtered page can be shared and reloaded."""
        value = {name: self._query(name) for name in PARAMS}
        self.show = value["show"] or "upcoming"
        self.service = value["service"] or "all"
        self.date_from, self.date_to, self.search = value["from"], value["to"], value["q"]
        self.after, self.before = value["after"], value["before"]
        self.page = whole_number(value["page"]) or 1
        self._fetch()

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        self.error = self.error_field = ""
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            # The filter controls and the timezone stay usable when the address holds a bad filter.
            self.services = [Choice(str(s.id), s.name) for s in orders.services_of(session, actor=actor)]
        lang = self.lang
        self.timezone = timezone_label(org.timezone, lang)
        self.statuses = [Choice(status, self._(STAFF_LABELS[status])) for status in orders.STATUSES]
        try:
            wanted = orders.parse_filter(show=self.show, service="" if self.service == "all" else self.service,
                                         date_from=self.date_from, date_to=self.date_to, search=self.search)
            self.show = wanted.show  # an unknown view from the address shows as the one used
            with read_only() as session:
                found = orders.list_orders(session, actor=actor, filter=wanted, after=self.after, before=self.before)
        except ValidationFailed as error:
            self.error, self.error_field = self._message(error), error.field or ""
            self.rows, self.range_label, self.next_cursor, self.prev_cursor = [], "", "", ""
            return
        self.rows = [
            OrderLine(r.booking.reference, routes.order(r.booking.reference), r.customer.name,
                      r.customer.alert_message or r.booking.alert_message or "", r.service.name,
                      fmt_datetime(r.booking.starts_at, org.timezone, lang), r.booking.status,
                      self._(STAFF_LABELS.get(r.booking.status, r.booking.status)), r.booking.refund_decision == "pending",
                      r.unpaid_on_site)
            for r in found.rows
        ]
        if not found.prev_cursor:
            self.page = 1  # a hand-edited page number never shows "51–100" on the first page
        first = (self.page - 1) * orders.PAGE_SIZE + 1
        total = f"{orders.COUNT_CAP:,}+" if found.more else f"{found.total:,}"
        self.range_label = f"{first:,}–{first + len(self.rows) - 1:,} {self._('of')} {total}" if self.rows else ""
        self.next_cursor, self.prev_cursor = found.next_cursor, found.prev_cursor

    def _address(self) -> str:
        params = {"show": self.show if self.show != "upcoming" else "", "service": self.service if self.service != "all" else "",
                  "from": self.date_from, "to": self.date_to, "q": self.search, "after": self.after, "before": self.before,
                  "page": str(self.page) if self.page > 1 else ""}
        query = urlencode({k: v for k, v in params.items() if v})
        return routes.ORDERS + (f"?{query}" if query else "")

    def _refresh(self, first_page: bool = True):
        """Show the list for the current filters and put them in the address bar (no reload)."""
        if first_page:
            self.page, self.after, self.before = 1, "", ""
        self._fetch()
        return rx.call_script(f"window.history.replaceState(window.history.state, '', {json.dumps(self._address())})")

    @rx.event
    def set_show(self, value: str):
        self.show = value if isinstance(value, str) else ""
        return self._refresh()

    @rx.event
    def set_service(self, value: str):
        self.service = value if isinstance(value, str) else "all"
        return self._refresh()

    @rx.event
    def set_date_from(self, value: str):
        self.date_from = value if isinstance(value, str) else ""
        return self._refresh()

    @rx.event
    def set_date_to(self, value: str):
        self.date_to = value if isinstance(value, str) else ""
        return self._refresh()

    @rx.event
    def set_search(self, value: str):
        self.search = value if isinstance(value, str) else ""
        return self._refresh()

    @rx.event
    def clear_filters(self):
        self.show, self.service, self.date_from, self.date_to, self.search = "all", "all", "", "", ""
        return self._refresh()

    @rx.event
    def next_page(self):
        if not self.next_cursor:
            return None
        self.page, self.after, self.before = self.page + 1, self.next_cursor, ""
        return self._refresh(first_page=False)

    @rx.event
    def previous_page(self):
        if not self.prev_cursor:
            return None
        if self.page <= 2:
            return self._refresh()  # page 1 is the plain first page, whatever changed since
        self.page, self.after, self.before = self.page - 1, "", self.prev_cursor
        return self._refresh(first_page=False)
