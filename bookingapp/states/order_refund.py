"""Order page → "Refund part of the payment" (issue 21, item 7): an amount up to what is
still paid, the quote (refund, commission kept, net) shown first, then the refund."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_money, fmt_percent
from bookingapp.integrations.gateways import get_gateway
from bookingapp.services import payment_history
from bookingapp.states.base import AppState


class OrderRefundState(AppState):
    step: str = ""  # "" (closed) | amount | quote
    booking_id: int = 0
    amount: str = ""
    remaining: str = ""
    quote_refund: str = ""
    quote_commission: str = ""
    quote_pct: str = ""
    quote_net: str = ""
    quoted_refunded_minor: int = 0
    error: str = ""

    @rx.event
    def open(self, booking_id: int, remaining: str):
        self.step, self.booking_id, self.remaining, self.amount, self.error = "amount", booking_id, remaining, "", ""

    @rx.event
    def set_open(self, is_open: bool):
        if not is_open:
            self.step, self.error = "", ""

    @rx.event
    def set_amount(self, value: str):
        self.amount = value

    @rx.event
    def back(self):
        self.step, self.error = "amount", ""

    @rx.event
    def show_quote(self):
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                found = payment_history.refund_part_quote(session, actor=actor, booking_id=self.booking_id, amount=self.amount)
        except DomainError as error:
            self.error = self._message(error)
            return
        q, cur, lang = found.quote, found.currency, self.lang
        self.quote_refund, self.quote_commission = fmt_money(q.refund_minor, cur, lang), fmt_money(q.commission_minor, cur, lang)
        self.quote_net, self.quote_pct = fmt_money(q.net_minor, cur, lang), fmt_percent(found.commission_pct, lang)
        self.quoted_refunded_minor, self.step, self.error = found.already_refunded_minor, "quote", ""

    @rx.event
    def confirm(self):
        from bookingapp.states.order_page import OrderState  # the page shows the new payment lines

        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                payment_history.refund_part(session, actor=actor, booking_id=self.booking_id, amount=self.amount,
                                            quoted_refunded_minor=self.quoted_refunded_minor, gateway=get_gateway())
        except ValidationFailed as error:
            self.step, self.error = "amount", self._message(error)
            return None
        except DomainError as error:
            self.error = self._message(error)
            return None
        self.step, self.error = "", ""
        return [OrderState.load, rx.toast.success(self._("Refunded {amount}. The customer is told by email.").format(
            amount=self.quote_refund))]
