"""The customer profile's credit packs (/dashboard/customers/<id>): what they bought, what is
left, and a staff refund that shows its quote first and is confirmed against that quote."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import fmt_date, fmt_money
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.user_input import whole_number
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import Organization, utcnow
from bookingapp.services import credit_packs
from bookingapp.states.base import AppState
from bookingapp.states.customer_classes import CustomerClassesState

STATUS_LABELS = {"paid": "Paid", "refunded": "Refunded", "pending": N_("Payment pending"), "failed": "Payment failed"}


@dataclass
class PurchaseRow:
    purchase_id: int
    name: str
    left: str  # "7 of 10 credits left"
    paid: str  # "€45.00 on Sun, 6 Dec 2026"
    expires: str  # "Expires on Sat, 6 Mar 2027" / "Expired on Sat, 6 Mar 2027"
    status: str
    status_label: str
    refundable: bool


class CustomerPacksState(AppState):
    customer_id: int = 0
    purchases: list[PurchaseRow] = []
    notice: str = ""
    error: str = ""
    # The refund dialog: the quote shown is the amount confirmed.
    refund_id: int = 0
    refund_name: str = ""
    quoted_minor: int = 0
    quote_text: str = ""
    refund_error: str = ""
    refund_result: str = ""  # after a refund, the dialog says what happened

    def _tz(self, session, actor) -> str:
        return session.get(Organization, actor.organization_id).timezone

    def _row(self, line: credit_packs.PurchaseLine, tz: str, now) -> PurchaseRow:
        paid_on = fmt_date(line.paid_at, tz, self.lang) if line.paid_at else ""
        price = fmt_money(line.price_minor, line.currency, self.lang)
        expires = ""
        if line.status == "refunded":
            when = fmt_date(line.refunded_at, tz, self.lang) if line.refunded_at else ""
            expires = self._("Refunded on {date}").format(date=when) if when else self._("Refunded")
        elif line.expires_at is not None:
            word = self._("Expired on") if line.expires_at <= now else self._("Expires on")
            expires = f"{word} {fmt_date(line.expires_at, tz, self.lang)}"
        return PurchaseRow(
            purchase_id=line.purchase_id, name=line.name,
            left=self._n("{left} of {count} credit left", "{left} of {count} credits left", line.credits, left=line.remaining),
            paid=self._("{price} on {date}").format(price=price, date=paid_on) if paid_on else price,
            expires=expires, status=line.status, status_label=self._(STATUS_LABELS.get(line.status, line.status)),
            refundable=line.refundable,
        )

    @rx.event
    def load_packs(self):
        actor = self._actor()
        if actor is None:
            return
        wanted = whole_number(self._param("id")) or 0
        if wanted != self.customer_id:
            self.notice = self.error = ""
        self.customer_id = wanted
        now = utcnow()
        try:
            with read_only() as session:
                lines = credit_packs.purchases_of(session, actor=actor, customer_id=self.customer_id, now=now)
                tz = self._tz(session, actor)
        except NotFound:
            self.customer_id, self.purchases = 0, []
            return
        self.purchases = [self._row(line, tz, now) for line in lines]

    def _quote(self, actor) -> bool:
        """Ask for the quote the dialog shows; False (with the reason shown) when nothing is refundable."""
        try:
            with read_only() as session:
                quote = credit_packs.refund_quote(session, actor=actor, purchase_id=self.refund_id, now=utcnow())
        except DomainError as error:
            self.refund_error = self._message(error)
            self.quoted_minor, self.quote_text = 0, ""
            return False
        self.quoted_minor = quote.amount_minor
        self.quote_text = self._n("Refund {amount} and remove {count} credit?", "Refund {amount} and remove {count} credits?", quote.credits_removed,
                                  amount=fmt_money(quote.amount_minor, quote.currency, self.lang))
        return True

    @rx.event
    def open_refund(self, purchase_id: int, name: str):
        actor = self._actor()
        if actor is None:
            return
        self.refund_id, self.refund_name = purchase_id, name
        self.refund_error = self.refund_result = ""
        self._quote(actor)

    @rx.event
    def set_refund_open(self, is_open: bool):
        if not is_open:
            self.refund_id = 0

    @rx.event
    def refund(self, form: dict):
        actor = self._actor()
        if actor is None or not self.quote_text:
            return None
        try:
            with unit_of_work() as session:
                done = credit_packs.refund_purchase(session, actor=actor, purchase_id=self.refund_id,
                                                    quoted_minor=self.quoted_minor, reason=str(form.get("reason", "")),
                                                    now=utcnow(), gateway=get_gateway())
        except DomainError as error:
            # The quote may have changed (a class booked meanwhile): show why, and the new quote to confirm.
            message = self._message(error)
            self._quote(actor)
            self.refund_error = message
            return None
        self.refund_error, self.quote_text = "", ""
        self.refund_result = self._n("Refunded {amount}; {count} credit removed.", "Refunded {amount}; {count} credits removed.", done.credits_removed,
                                      amount=fmt_money(done.amount_minor, done.currency, self.lang))
        self.notice = self.refund_name + ": " + self.refund_result
        return [CustomerPacksState.load_packs, CustomerClassesState.load_classes]
