"""The customer's manage page, opened by the link in every email."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.booking_states import LABELS
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import fmt_datetime, fmt_money, timezone_label
from bookingapp.integrations.payments import CardInput, get_gateway
from bookingapp.services import requests
from bookingapp.services.activity import ACTION_TEXTS
from bookingapp.states.base import AppState

PAYMENT_LABELS = {
    "authorized": "On hold (not charged)",
    "captured": "Paid",
    "released": "Hold released (nothing charged)",
    "refunded": "Refunded",
    "partially_refunded": "Partly refunded",
}


@dataclass
class SlotChoice:
    id: int
    label: str
    suggested: bool


@dataclass
class HistoryLine:
    when: str
    text: str


class ManageState(AppState):
    found: bool = True
    just_sent: bool = False
    org_name: str = ""
    reference: str = ""
    service_name: str = ""
    when: str = ""
    timezone: str = ""
    location: str = ""
    party: str = ""
    price: str = ""
    status: str = ""
    status_label: str = ""
    payment: str = ""
    respond_by: str = ""
    window_hours: int = 48
    proposal_message: str = ""
    slots: list[SlotChoice] = []
    reply_sent: str = ""
    history: list[HistoryLine] = []
    dialog: str = ""  # pick | refund
    chosen_slot: int = 0
    chosen_label: str = ""
    reply: str = ""
    card_attention: bool = False
    hold_until: str = ""
    card_error: str = ""
    error: str = ""
    notice: str = ""

    @rx.event
    def load(self):
        self.error = ""
        self.just_sent = self.router.url.query_parameters.get("sent") == "1"
        try:
            with read_only() as session:
                view = requests.customer_view(session, token=self._param("token"))
        except NotFound:
            self.found = False
            return
        b, org, lang = view.booking, view.org, self.lang
        self.found, self.org_name, self.reference, self.service_name = True, org.name, b.reference, view.service.name
        self.when, self.timezone = fmt_datetime(b.starts_at, org.timezone, lang), timezone_label(org.timezone, lang)
        self.location = b.location or (self._("To be arranged with you") if b.location_tbd else "-")
        self.party = str(b.party_size)
        self.price = fmt_money(b.price_minor, b.currency, lang)
        self.status, self.status_label = b.status, self._(LABELS.get(b.status, b.status))
        self.payment = self._(PAYMENT_LABELS.get(view.payment.status, view.payment.status)) if view.payment else "-"
        self.respond_by = fmt_datetime(b.respond_by, org.timezone, lang) if b.respond_by else ""
        self.window_hours = org.response_window_hours
        p = view.payment
        self.card_attention = bool(p and p.status == "authorized" and p.failure_message and b.status in requests.WAITING)
        self.hold_until = fmt_datetime(p.hold_expires_at, org.timezone, lang) if p and p.hold_expires_at else ""
        self.proposal_message = view.proposal.message if view.proposal else ""
        suggested = self.router.url.query_parameters.get("slot", "")
        self.slots = [SlotChoice(s.id, fmt_datetime(s.starts_at, org.timezone, lang), str(s.id) == suggested) for s in view.slots]
        self.reply_sent = b.customer_reply or ""
        self.history = [HistoryLine(fmt_datetime(h.created_at, org.timezone, lang), self._(ACTION_TEXTS.get(h.action, h.action)))
                        for h in view.history]
        chosen = next((s for s in self.slots if s.suggested), None)
        if chosen and self.status == "reschedule_proposed":
            self.open_pick(chosen.id, chosen.label)

    @rx.event
    def open_pick(self, slot_id: int, label: str):
        self.dialog, self.chosen_slot, self.chosen_label, self.error = "pick", slot_id, label, ""

    @rx.event
    def open_refund(self):
        self.dialog, self.error = "refund", ""

    @rx.event
    def set_dialog_open(self, is_open: bool):
        if not is_open:
            self.dialog = ""

    @rx.event
    def close_dialog(self):
        self.dialog = ""

    @rx.event
    def set_reply(self, value: str):
        self.reply = value

    def _act(self, action, notice: str):
        try:
            with unit_of_work() as session:
                action(session)
        except DomainError as error:
            self.error = self._message(error)
            return None
        self.dialog, self.notice, self.error = "", self._(notice), ""
        return ManageState.load

    @rx.event
    def pick(self):
        return self._act(lambda s: requests.pick_slot(s, token=self._param("token"), slot_id=self.chosen_slot, gateway=get_gateway()),
                         "Your booking is confirmed. A confirmation is on its way to your inbox.")

    @rx.event
    def send_reply(self):
        result = self._act(lambda s: requests.reply_to_proposal(s, token=self._param("token"), message=self.reply),
                           "Your message was sent to the provider.")
        if not self.error:
            self.reply = ""
        return result

    @rx.event
    def replace_card(self, form: dict):
        try:
            card = CardInput.from_form(form.get("card_number"), form.get("card_expiry"), form.get("card_cvc"))
            with unit_of_work() as session:
                requests.replace_card(session, token=self._param("token"), card=card, gateway=get_gateway())
        except DomainError as error:
            self.card_error = self._message(error)
            return None
        self.card_error, self.notice = "", self._("Thank you: your card is on hold again and your request keeps waiting.")
        return ManageState.load

    @rx.event
    def refund(self):
        return self._act(lambda s: requests.request_refund(s, token=self._param("token"), gateway=get_gateway()),
                         "Your request is cancelled and the hold on your card released.")
