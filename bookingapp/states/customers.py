"""Dashboard → Customers: the list (search as you type, pages) and one customer's profile
with the Status section where staff set or clear the alert message."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.attendance import LABELS as ATTENDANCE_LABELS
from bookingapp.domain.booking_states import LABELS
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_datetime, timezone_label
from bookingapp.domain.user_input import whole_number
from bookingapp.models import utcnow
from bookingapp.services import customers
from bookingapp.services.activity import ACTION_TEXTS
from bookingapp.states.base import AppState


def customer_href(customer_id: int) -> str:
    return f"{routes.CUSTOMERS}/{int(customer_id)}"


@dataclass
class CustomerLine:
    id: int
    href: str
    name: str
    email: str
    phone: str
    alert: str


@dataclass
class ProfileBookingLine:
    reference: str
    href: str
    service: str
    when: str
    status: str
    status_label: str
    alert: str


@dataclass
class FlagHistoryLine:
    """One change of the customer's flag: when, who, what, and the message before and after."""

    when: str
    by: str
    what: str
    previous: str
    message: str


class CustomersState(AppState):
    query: str = ""
    page: int = 1
    pages: int = 1
    total: int = 0
    rows: list[CustomerLine] = []

    @rx.event
    def load(self):
        self.query = self._query("q")
        self.page = 1
        self._fetch()

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            found = customers.list_customers(session, actor=actor, query=self.query, page=self.page)
        self.rows = [CustomerLine(r.id, customer_href(r.id), r.name, r.email, r.phone, r.alert) for r in found.rows]
        self.page, self.pages, self.total = found.page, found.pages, found.total

    @rx.event
    def search(self, value: str):
        self.query, self.page = (value if isinstance(value, str) else "")[:100], 1
        self._fetch()

    @rx.event
    def next_page(self):
        self.page += 1
        self._fetch()

    @rx.event
    def prev_page(self):
        self.page = max(1, self.page - 1)
        self._fetch()


class CustomerProfileState(AppState):
    found: bool = True
    customer_id: int = 0
    name: str = ""
    email: str = ""
    phone: str = ""
    email_verified: bool = False
    since: str = ""
    timezone: str = ""
    alert: str = ""
    flagged_at: str = ""
    draft: str = ""
    flagging_allowed: bool = True
    credit_balance: int = 0
    no_shows: int = 0
    upcoming: list[ProfileBookingLine] = []
    past: list[ProfileBookingLine] = []
    flag_history: list[FlagHistoryLine] = []
    error: str = ""
    notice: str = ""
    clear_open: bool = False
    new_booking_href: str = ""

    def _customer_param(self) -> int:
        raw = self._param("id")
        return whole_number(raw) or 0

    @rx.event
    def load(self):
        if self.customer_id != self._customer_param():
            self.notice = ""
        self.error, self.clear_open = "", False
        self._fetch()

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        self.customer_id = self._customer_param()
        self.new_booking_href = routes.new_booking(customer=self.customer_id)
        try:
            with read_only() as session:
                p = customers.profile(session, actor=actor, customer_id=self.customer_id, now=utcnow())
        except DomainError:
            self.found = False
            return
        tz, lang = p.org.timezone, self.lang
        c = p.customer
        self.found = True
        self.name, self.email, self.phone, self.email_verified = c.name, c.email or "", c.phone or "", c.email_verified
        self.since = fmt_datetime(c.created_at, tz, lang)
        self.timezone = timezone_label(tz, lang)
        self.alert = self.draft = c.alert_message or ""
        self.flagged_at = fmt_datetime(c.flagged_at, tz, lang) if c.flagged_at else ""
        self.flagging_allowed = p.flagging_allowed
        self.credit_balance, self.no_shows = p.credit_balance, p.no_shows

        def line(b: customers.ProfileBooking) -> ProfileBookingLine:
            return ProfileBookingLine(b.reference, routes.order(b.reference), b.service_name, fmt_datetime(b.starts_at, tz, lang),
                                      "no_show" if b.attendance == "no_show" else b.status, self._(ATTENDANCE_LABELS.get(b.attendance) or LABELS.get(b.status, b.status)), b.alert)

        self.upcoming = [line(b) for b in p.upcoming]
        self.past = [line(b) for b in p.past]
        self.flag_history = [FlagHistoryLine(fmt_datetime(h.at, tz, lang), h.by, self._(ACTION_TEXTS[h.action]), h.previous, h.message)
                             for h in p.flag_history]

    @rx.event
    def set_draft(self, value: str):
        self.draft, self.error = value, ""

    def _save(self, message: str):
        actor = self._actor()
        if actor is None:
            return
        self.error = ""
        try:
            with unit_of_work() as session:
                change = customers.set_alert(session, actor=actor, customer_id=self.customer_id, message=message, now=utcnow())
                flagged = bool(change.customer.alert_message)
        except (ValidationFailed, DomainError) as error:
            self.error = self._message(error)
            return
        text = self._("Customer flagged.") if flagged else self._("Alert message cleared.")
        self.notice = f"{text} {self._('Upcoming bookings updated:')} {change.bookings_updated}"
        self._fetch()

    @rx.event
    def save(self, form: dict):
        self._save(str(form.get("alert_message", self.draft)))

    @rx.event
    def set_clear_open(self, value: bool):
        self.clear_open = bool(value)

    @rx.event
    def clear(self):
        self.clear_open = False
        self._save("")
