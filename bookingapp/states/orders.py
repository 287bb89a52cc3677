"""Dashboard → Orders: the list, and one order's page (refund decision, new manage link)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.booking_states import LABELS
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import fmt_datetime, fmt_money, timezone_label
from bookingapp.integrations.payments import get_gateway
from bookingapp.models import Organization
from bookingapp.services import manage_booking, orders
from bookingapp.services.activity import ACTION_TEXTS
from bookingapp.states.base import AppState
from bookingapp.states.manage import PAYMENT_LABELS, HistoryLine


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


class OrdersState(AppState):
    show: str = "upcoming"
    search: str = ""
    rows: list[OrderLine] = []
    timezone: str = ""

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        wanted = self.router.url.query_parameters.get("show", "")
        if wanted in orders.FILTERS:
            self.show = wanted
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            found = orders.list_orders(session, actor=actor, show=self.show, search=self.search)
        self.timezone = timezone_label(org.timezone, self.lang)
        self.rows = [
            OrderLine(r.booking.reference, routes.order(r.booking.reference), r.customer.name, r.booking.alert_message or "",
                      r.service.name, fmt_datetime(r.booking.starts_at, org.timezone, self.lang), r.booking.status,
                      self._(LABELS.get(r.booking.status, r.booking.status)), r.booking.refund_decision == "pending")
            for r in found
        ]

    @rx.event
    def set_show(self, value: str):
        self.show = value if isinstance(value, str) and value in orders.FILTERS else "upcoming"
        return OrdersState.load

    @rx.event
    def set_search(self, value: str):
        self.search = value
        return OrdersState.load


class OrderState(AppState):
    found: bool = True
    booking_id: int = 0
    reference: str = ""
    service_name: str = ""
    kind: str = ""
    when: str = ""
    timezone: str = ""
    customer: str = ""
    customer_email: str = ""
    alert: str = ""
    staff: str = ""
    location: str = ""
    party: str = ""
    price: str = ""
    status: str = ""
    status_label: str = ""
    payment: str = ""
    paid: str = ""
    refunded: str = ""
    commission_retained: str = ""
    refund_decision: str = ""
    quote_refund: str = ""
    quote_commission: str = ""
    quote_net: str = ""
    quote_pct: str = ""
    quoted_refunded_minor: int = 0
    inbox_href: str = ""
    history: list[HistoryLine] = []
    dialog: str = ""  # refund | keep | relink
    error: str = ""
    notice: str = ""

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        self.error, self.dialog = "", ""
        try:
            with read_only() as session:
                detail = orders.order_detail(session, actor=actor, reference=self._param("reference"))
                quote = (manage_booking.refund_quote(session, actor=actor, booking_id=detail.booking.id)
                         if detail.booking.refund_decision == "pending" else None)
        except NotFound:
            self.found = False
            return
        b, org, lang, p = detail.booking, detail.org, self.lang, detail.payment
        self.found, self.booking_id, self.reference = True, b.id, b.reference
        self.service_name, self.kind = detail.service.name, detail.service.kind
        self.when, self.timezone = fmt_datetime(b.starts_at, org.timezone, lang), timezone_label(org.timezone, lang)
        self.customer, self.customer_email = detail.customer.name, detail.customer.email
        self.alert = b.alert_message or ""
        self.staff = detail.staff.name if detail.staff else ""
        self.location = b.location or (self._("To be arranged") if b.location_tbd else "-")
        self.party, self.price = str(b.party_size), fmt_money(b.price_minor, b.currency, lang)
        self.status, self.status_label = b.status, self._(LABELS.get(b.status, b.status))
        self.payment = self._(PAYMENT_LABELS.get(p.status, p.status)) if p else self._("Not paid")
        self.paid = fmt_money(p.captured_minor, p.currency, lang) if p and p.captured_minor else ""
        self.refunded = fmt_money(p.refunded_minor, p.currency, lang) if p and p.refunded_minor else ""
        self.commission_retained = fmt_money(p.commission_retained_minor, p.currency, lang) if p and p.commission_retained_minor else ""
        self.refund_decision = b.refund_decision or ""
        if quote:
            q = quote.quote
            self.quote_refund = fmt_money(q.refund_minor, quote.currency, lang)
            self.quote_commission = fmt_money(q.commission_minor, quote.currency, lang)
            self.quote_net = fmt_money(q.net_minor, quote.currency, lang)
            self.quote_pct = org.platform_commission_pct
            self.quoted_refunded_minor = quote.already_refunded_minor
        self.inbox_href = routes.inbox_booking(b.reference) if detail.service.kind == "request" else ""
        self.history = [HistoryLine(fmt_datetime(h.created_at, org.timezone, lang),
                                    self._(ACTION_TEXTS.get(h.action, h.action)) + (f" ({h.actor_name})" if h.actor_name else ""))
                        for h in detail.history]

    @rx.event
    def open_dialog(self, name: str):
        self.dialog, self.error = name, ""

    @rx.event
    def set_dialog_open(self, is_open: bool):
        if not is_open:
            self.dialog = ""

    def _act(self, action, notice: str):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                action(session, actor)
        except DomainError as error:
            self.error = self._message(error)
            return None
        self.dialog, self.notice, self.error = "", self._(notice), ""
        return OrderState.load

    @rx.event
    def refund(self):
        return self._act(lambda s, a: manage_booking.refund_cancelled(s, actor=a, booking_id=self.booking_id,
                                                                       quoted_refunded_minor=self.quoted_refunded_minor,
                                                                       gateway=get_gateway()),
                         "Refunded. The customer is told by email.")

    @rx.event
    def keep(self):
        return self._act(lambda s, a: manage_booking.keep_payment(s, actor=a, booking_id=self.booking_id),
                         "Payment kept. The order no longer waits for a decision.")

    @rx.event
    def relink(self):
        return self._act(lambda s, a: manage_booking.replace_manage_link(s, actor=a, booking_id=self.booking_id),
                         "The old link no longer works. The customer got the new one by email.")
