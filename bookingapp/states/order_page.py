"""Dashboard → Orders → one order: its customer, answers, payments, emails and history."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.booking_states import ACTIVE, STAFF_LABELS
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import fmt_datetime, fmt_money, fmt_percent, timezone_label
from bookingapp.domain.i18n_marks import N_
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import utcnow
from bookingapp.services import attendance, manage_booking, orders
from bookingapp.states.attendance_marks import apply_mark
from bookingapp.states.base import AppState
from bookingapp.states.history_lines import history_text
from bookingapp.states.manage import PAYMENT_LABELS, HistoryLine
from bookingapp.states.thread import MessageLine, message_lines


@dataclass
class AnswerLine:
    label: str
    value: str


@dataclass
class PaymentLine:
    when: str
    kind: str
    amount: str
    commission: str  # retained at a refund, else ""


@dataclass
class EmailLine:
    when: str
    recipient: str  # not `to`: a Var has a method of that name
    subject: str
    status: str
    status_label: str


OPERATION_LABELS = {
    "authorize": "Card authorised (on hold)",
    "capture": "Payment captured",
    "release": "Hold released",
    "refund": "Refund to the customer",
}
EMAIL_STATUS_LABELS = {"pending": N_("Queued"), "sending": N_("Sending"), "sent": N_("Sent"), "failed": "Failed"}



def _unpaid(b, _) -> str:
    """What an order without any payment waits for (`_` translates)."""
    if b.credits_spent and not b.price_minor:
        return _("Paid with credits")
    if b.status == "pending_payment":
        return _("Not paid: waiting for the customer to pay online")
    if b.status == "confirmed" and b.price_minor > 0 and not b.credits_spent:
        return _("Not paid: to pay on site")
    return _("Not paid")

def _pay_by(b, org, lang: str, _) -> str:
    """The deadline to pay a booking still waiting for its payment (issue 21, item 8)."""
    if b.status != "pending_payment" or b.payment_deadline is None:
        return ""
    when = fmt_datetime(b.payment_deadline, org.timezone, lang)
    if b.deadline_passed_at is not None:
        return _("{date} (passed: booking kept)").format(date=when)
    if org.unpaid_after_deadline == "cancel":
        return _("{date}, then cancelled if unpaid").format(date=when)
    return when


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
    customer_phone: str = ""
    customer_href: str = ""
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
    cancel_reason: str = ""  # the customer's words when they cancelled, or why it ended
    pay_by: str = ""  # the payment deadline of a booking waiting for payment, and what happens then
    still_paid: str = ""  # what a partial refund may give back; "" when nothing is refundable
    inbox_href: str = ""
    answers: list[AnswerLine] = []
    payment_lines: list[PaymentLine] = []
    emails: list[EmailLine] = []
    history: list[HistoryLine] = []
    messages: list[MessageLine] = []
    can_write: bool = False
    attendance: str = ""  # attended | no_show | "" (issue 24)
    markable: bool = False
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
        tz = org.timezone
        self.found, self.booking_id, self.reference = True, b.id, b.reference
        self.service_name, self.kind = detail.service.name, detail.service.kind
        self.when, self.timezone = fmt_datetime(b.starts_at, tz, lang), timezone_label(tz, lang)
        self.customer, self.customer_email = detail.customer.name, detail.customer.email or ""
        self.customer_phone = detail.customer.phone or ""
        self.customer_href = routes.customer(detail.customer.id)
        # The customer's flag as it is now, and the note copied onto this booking if it differs.
        flags = [text for text in (detail.customer.alert_message, b.alert_message) if text]
        self.alert = " · ".join(dict.fromkeys(flags))
        self.staff = detail.staff.name if detail.staff else ""
        self.location = b.location or (self._("To be arranged") if b.location_tbd else "-")
        self.party = str(b.party_size)
        self.price = self._price_of(b)
        self.status, self.status_label = b.status, self._(STAFF_LABELS.get(b.status, b.status))
        self.payment = self._(PAYMENT_LABELS.get(p.status, p.status)) if p else _unpaid(b, self._)
        captured = sum(r.payment.captured_minor for r in detail.payments)
        refunded = sum(r.payment.refunded_minor for r in detail.payments)
        retained = sum(r.payment.commission_retained_minor for r in detail.payments)
        currency = p.currency if p else b.currency
        self.paid = fmt_money(captured, currency, lang) if captured else ""
        self.refunded = fmt_money(refunded, currency, lang) if refunded else ""
        self.commission_retained = fmt_money(retained, currency, lang) if retained else ""
        self.refund_decision = b.refund_decision or ""
        self.cancel_reason = self._(b.cancel_reason) if b.cancel_reason and b.status in ("cancelled", "rejected") else ""
        self.pay_by = _pay_by(b, org, lang, self._)
        refundable = p.captured_minor - p.refunded_minor if p and p.status in ("captured", "partially_refunded") else 0
        self.still_paid = fmt_money(refundable, p.currency, lang) if refundable > 0 else ""
        if quote:
            q = quote.quote
            self.quote_refund = fmt_money(q.refund_minor, quote.currency, lang)
            self.quote_commission = fmt_money(q.commission_minor, quote.currency, lang)
            self.quote_net = fmt_money(q.net_minor, quote.currency, lang)
            self.quote_pct = fmt_percent(org.platform_commission_pct, lang)
            self.quoted_refunded_minor = quote.already_refunded_minor
        self.inbox_href = routes.inbox_booking(b.reference) if detail.service.kind == "request" else ""
        self.answers = [AnswerLine(str(label), str(value)) for label, value in (b.answers or {}).items()]
        if b.note:
            self.answers.append(AnswerLine(self._("Note"), b.note))
        self.payment_lines = [
            PaymentLine(fmt_datetime(op.created_at, tz, lang), self._(OPERATION_LABELS.get(op.kind, op.kind)),
                        fmt_money(op.amount_minor, record.payment.currency, lang) if op.kind != "release" else "-",
                        fmt_money(op.commission_minor, record.payment.currency, lang) if op.commission_minor else "")
            for record in detail.payments for op in record.operations
        ]
        self.emails = [EmailLine(fmt_datetime(e.created_at, tz, lang), e.to_email, e.subject, e.status,
                                 self._(EMAIL_STATUS_LABELS.get(e.status, e.status))) for e in detail.emails]
        self.messages = message_lines(detail.messages, tz, lang)
        self.can_write = b.status in ACTIVE
        self.attendance, self.markable = b.attendance or "", attendance.markable(b, org, utcnow())
        self.history = [HistoryLine(fmt_datetime(h.created_at, tz, lang), history_text(h, tz, lang, self._)) for h in detail.history]

    @rx.event
    def mark_attendance(self, booking_id: int, target: str):
        self.notice, self.error = apply_mark(self, booking_id, target)
        return OrderState.load

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
                         N_("Refunded. The customer is told by email."))

    @rx.event
    def keep(self):
        return self._act(lambda s, a: manage_booking.keep_payment(s, actor=a, booking_id=self.booking_id),
                         N_("Payment kept. The order no longer waits for a decision."))

    @rx.event
    def relink(self):
        return self._act(lambda s, a: manage_booking.replace_manage_link(s, actor=a, booking_id=self.booking_id),
                         N_("The old link no longer works. The customer got the new one by email."))
