"""The open proposal on the order page (issue 21, item 11): the dates waiting for the
customer with Withdraw and Change, or the customer's own rebooking request."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import fmt_datetime
from bookingapp.domain.i18n_marks import N_
from bookingapp.services import proposals
from bookingapp.states.base import AppState

KIND_LABELS = {"reschedule": N_("Other times for the request"), "rebooking": N_("New dates for the booking")}
INITIATOR_LABELS = {"provider": N_("The provider must move the date"), "customer": N_("The customer asked for it")}


class OrderProposalState(AppState):
    reference: str = ""
    booking_id: int = 0
    proposal_id: int = 0  # 0: no dates waiting for the customer
    kind: str = ""
    kind_label: str = ""
    initiator_label: str = ""
    sent_by: str = ""
    reason: str = ""
    deadline: str = ""
    dates: list[str] = []  # as the customer reads them
    ask_reason: str = ""  # the customer's rebooking request waiting for an answer
    ask_deadline: str = ""
    dialog: str = ""  # withdraw
    error: str = ""
    notice: str = ""

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        self.dialog, self.error, self.notice = "", "", ""
        try:
            with read_only() as session:
                view = proposals.on_order(session, actor=actor, reference=self._param("reference"))
        except NotFound:
            self.proposal_id, self.ask_reason = 0, ""
            return
        tz, lang = view.org.timezone, self.lang
        self.reference, self.booking_id = view.booking.reference, view.booking.id
        self.ask_reason = view.ask.message if view.ask else ""
        self.ask_deadline = fmt_datetime(view.ask.expires_at, tz, lang) if view.ask and view.ask.expires_at else ""
        found = view.open
        self.proposal_id = found.proposal.id if found else 0
        if found is None:
            self.dates = []
            return
        p = found.proposal
        self.kind, self.kind_label = p.kind, self._(KIND_LABELS.get(p.kind, p.kind))
        self.initiator_label = self._(INITIATOR_LABELS.get(p.initiator, p.initiator)) if p.kind == "rebooking" else ""
        self.sent_by, self.reason = found.sent_by, p.message
        self.deadline = fmt_datetime(p.expires_at, tz, lang) if p.expires_at else ""
        self.dates = [fmt_datetime(slot.starts_at, tz, lang) for slot in found.slots]

    @rx.event
    def open_withdraw(self):
        self.dialog, self.error = "withdraw", ""

    @rx.event
    def set_dialog_open(self, is_open: bool):
        if not is_open:
            self.dialog, self.error = "", ""

    @rx.event
    def withdraw(self):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/signin")
        try:
            with unit_of_work() as session:
                proposals.withdraw_proposal(session, actor=actor, booking_id=self.booking_id, proposal_id=self.proposal_id)
        except DomainError as error:
            self.error = self._message(error)
            return None
        return [*_reload(), OrderProposalState.said(N_("Proposal withdrawn. The customer has been emailed that the dates no longer hold."))]

    @rx.event
    def said(self, notice: str):
        self.notice = self._(notice)


def _reload():
    # Imported here: the order page's state imports nothing of this one.
    from bookingapp.states.order_page import OrderState

    return [OrderState.load, OrderProposalState.load]
