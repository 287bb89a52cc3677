"""The order page's editor of one booking's own alert (issue 21): components/booking_alert.py."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.i18n_marks import N_
from bookingapp.models import utcnow
from bookingapp.services import customers
from bookingapp.states.base import AppState
from bookingapp.states.order_page import OrderState


class BookingAlertState(AppState):
    alert_found: bool = False
    booking_id: int = 0
    alert: str = ""  # what this booking carries now
    own: bool = False  # staff wrote it for this booking: the customer's flag leaves it alone
    customer_alert: str = ""
    editable: bool = False
    flagging_allowed: bool = True
    draft: str = ""
    saved: str = ""
    error: str = ""

    def _show(self, view: customers.BookingAlertView) -> None:
        self.alert_found, self.booking_id, self.alert, self.own = True, view.booking_id, view.alert, view.own
        self.customer_alert, self.editable, self.flagging_allowed = view.customer_alert, view.editable, view.flagging_allowed
        self.draft = view.alert

    @rx.event
    def load_alert(self):
        self.saved, self.error = "", ""
        self._load()

    def _load(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                self._show(customers.booking_alert_view(session, actor=actor, reference=self._param("reference"), now=utcnow()))
        except NotFound:
            self.alert_found = False

    @rx.event
    def set_draft(self, value: str):
        self.draft = value

    def _act(self, act, done: str):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                act(session, actor)
        except DomainError as error:
            self.error, self.saved = self._message(error), ""
            return None
        self._load()
        self.error, self.saved = "", self._(done)
        return OrderState.load  # the flag at the top of the page shows the change too

    @rx.event
    def save(self, form: dict):
        message = str(form.get("booking_alert", self.draft))
        return self._act(lambda s, actor: customers.set_booking_alert(s, actor=actor, booking_id=self.booking_id,
                                                                       message=message, now=utcnow()),
                         N_("Alert for this booking saved.") if message.strip() else N_("This booking has no alert now."))

    @rx.event
    def follow_customer(self):
        return self._act(lambda s, actor: customers.follow_customer_alert(s, actor=actor, booking_id=self.booking_id, now=utcnow()),
                         N_("This booking follows the customer's flag again."))
