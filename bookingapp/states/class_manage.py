"""The manage page's part for a class booking: cancel with a reason, told first whether
the credits come back."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import fmt_datetime
from bookingapp.models import utcnow
from bookingapp.services import class_bookings
from bookingapp.states.class_session import credit_sentence
from bookingapp.states.manage import ManageState


class ClassManageState(ManageState):
    is_class: bool = False
    class_can_cancel: bool = False
    credits_spent: int = 0
    free_until: str = ""
    class_dialog: bool = False
    class_free: bool = True
    class_message: str = ""
    class_error: str = ""

    @rx.event
    def load_page(self):
        """The manage page's one on_load: the booking and, for a class, its place (one round trip)."""
        self._load_all()

    def _load_all(self) -> None:
        view = self._load()
        self.is_class, self.class_dialog = False, False
        if view is None or view.booking.session_id is None:
            return
        try:
            with read_only() as session:
                info = class_bookings.manage_info(session, token=self._param("token"), now=utcnow())
        except NotFound:
            return
        org = view.org
        self.is_class, self.class_can_cancel = True, info.can_cancel
        self.credits_spent = info.outcome.credits_spent
        self.free_until = fmt_datetime(info.outcome.deadline, org.timezone, self.lang) if info.outcome.deadline else ""

    @rx.event
    def open_class_cancel(self):
        try:
            with read_only() as session:
                outcome = class_bookings.cancellation_preview(session, token=self._param("token"), now=utcnow())
        except NotFound:
            return self._link_gone()
        except DomainError as error:
            self.class_error = self._message(error)
            return
        self.class_free = outcome.free or outcome.credits_spent == 0
        self.class_message, self.class_error, self.class_dialog = credit_sentence(outcome, self), "", True

    @rx.event
    def set_class_dialog(self, is_open: bool):
        self.class_dialog = is_open

    @rx.event
    def close_class_dialog(self):
        self.class_dialog = False

    @rx.event
    def cancel_class(self, form: dict):
        try:
            with unit_of_work() as session:
                outcome = class_bookings.cancel_seat_by_token(session, token=self._param("token"), reason=form.get("reason", ""),
                                                              now=utcnow())
        except NotFound:
            self.class_dialog = False
            return self._link_gone()
        except DomainError as error:
            self.class_error = self._message(error)
            return None
        self.class_dialog = False
        self.notice = (self._n("Your place is cancelled and {count} credit is back on your balance.",
                               "Your place is cancelled and {count} credits are back on your balance.", outcome.refunded_credits)
                       if outcome.refunded_credits else self._("Your place is cancelled. A confirmation is on its way to your inbox."))
        self._load_all()
        return None
