"""The customer profile's classes panel (/dashboard/customers/<id>): credits balance and
history, grant or adjust with a reason, class bookings with cancel (same rules as the
participants list)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.booking_states import ACTIVE, LABELS
from bookingapp.domain.errors import DomainError, NotFound, ValidationFailed
from bookingapp.domain.formatting import fmt_datetime
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Organization, utcnow
from bookingapp.services import class_bookings, class_schedule, credits
from bookingapp.states.base import AppState
from bookingapp.states.class_session import credit_sentence
from bookingapp.states.portal_classes import CreditLine, credit_lines


@dataclass
class ClassBookingRow:
    booking_id: int
    title: str
    when: str
    status: str
    status_label: str
    credits: int
    active: bool


class CustomerClassesState(AppState):
    customer_id: int = 0
    balance: int = 0
    history: list[CreditLine] = []
    class_bookings: list[ClassBookingRow] = []
    grant_error: str = ""
    grant_field: str = ""
    cancel_id: int = 0
    cancel_title: str = ""
    cancel_message: str = ""
    cancel_free: bool = True
    cancel_error: str = ""
    panel_notice: str = ""

    def _customer_param(self) -> int:
        raw = self._param("id")
        return whole_number(raw) or 0

    @rx.event
    def load_classes(self):
        actor = self._actor()
        if actor is None:
            return
        if self.customer_id != self._customer_param():
            self.panel_notice = ""
        self.customer_id = self._customer_param()
        try:
            with read_only() as session:
                found = class_schedule.customer_class_bookings(session, actor=actor, customer_id=self.customer_id)
                tz = session.get(Organization, actor.organization_id).timezone
                self.balance = credits.balance(session, self.customer_id)
                ledger = credits.history(session, self.customer_id, limit=50)
        except NotFound:
            self.customer_id = 0
            return
        now = utcnow()
        self.history = credit_lines(ledger, tz, self.lang, self._)
        self.class_bookings = [ClassBookingRow(b.id, name, fmt_datetime(cs.starts_at, tz, self.lang), b.status,
                                               self._(LABELS.get(b.status, b.status)), b.credits_spent,
                                               b.status in ACTIVE and cs.ends_at > now) for b, cs, name in found]

    @rx.event
    def grant(self, form: dict):
        actor = self._actor()
        if actor is None:
            return None
        raw = str(form.get("delta", "")).strip()
        try:
            delta = int(raw)
        except ValueError:
            self.grant_error, self.grant_field = self._("Enter a whole number of credits, like 5 or -2."), "delta"
            return None
        try:
            with unit_of_work() as session:
                credits.grant(session, actor=actor, customer_id=self.customer_id, delta=delta, reason=form.get("reason", ""),
                              kind=form.get("kind", "grant"))
        except DomainError as error:
            self.grant_error = self._message(error)
            self.grant_field = error.field if isinstance(error, ValidationFailed) and error.field else ""
            return None
        self.grant_error = self.grant_field = ""
        self.panel_notice = self._("Credits saved.")
        return [rx.set_value("credit-delta", ""), rx.set_value("credit-reason", ""), CustomerClassesState.load_classes]

    @rx.event
    def open_cancel(self, booking_id: int, title: str):
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                outcome = class_bookings.cancellation_preview(session, booking_id=booking_id, actor=actor, now=utcnow())
        except DomainError as error:
            self.cancel_error = self._message(error)
            return
        self.cancel_id, self.cancel_title, self.cancel_error = booking_id, title, ""
        self.cancel_free, self.cancel_message = outcome.free or outcome.credits_spent == 0, credit_sentence(outcome, self)

    @rx.event
    def set_cancel_open(self, is_open: bool):
        if not is_open:
            self.cancel_id = 0

    @rx.event
    def close_cancel(self):
        self.cancel_id = 0

    @rx.event
    def cancel(self, form: dict):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                class_bookings.cancel_seat(session, booking_id=self.cancel_id, actor=actor, reason=form.get("reason", ""), now=utcnow())
        except DomainError as error:
            self.cancel_error = self._message(error)
            return None
        self.cancel_id, self.panel_notice = 0, self._("Class booking cancelled. The customer is told by email.")
        return CustomerClassesState.load_classes
