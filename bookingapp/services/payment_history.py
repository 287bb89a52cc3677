"""What was paid for a booking and what went back (issue 21, item 7): the capture's own
time, every refund with its date and amount, and the provider's refund of part of a
payment from the order page (a quote first, then the refund).

The dates come from the gateway operations we recorded (`PaymentOperation`), never from
`Payment.updated_at`: a refund touches the payment row, and "Paid … on" must keep saying
when the money was taken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from bookingapp.domain.errors import DomainError, PaymentError, ValidationFailed
from bookingapp.domain.formatting import fmt_money, money_shown
from bookingapp.domain.money import CancellationQuote, cancellation_quote, to_minor
from bookingapp.domain.user_input import Id, Line, user_input
from bookingapp.integrations.payments import PaymentGateway
from bookingapp.models import Booking, Organization, Payment, PaymentOperation, utcnow
from bookingapp.services import payments
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import booking_context
from bookingapp.services.notifications import queue_email

PAID = ("captured", "partially_refunded", "refunded")


class NothingPaid(DomainError):
    message = "Nothing was paid for this booking, so there is nothing to refund."


@dataclass(frozen=True)
class RefundLine:
    when: datetime
    amount_minor: int
    commission_minor: int


@dataclass
class PaymentHistory:
    """The booking's latest payment as the customer and the provider read it."""

    payment: Payment | None = None
    paid_at: datetime | None = None  # the capture, not the last change of the row
    captured_minor: int = 0
    refunds: list[RefundLine] = field(default_factory=list)

    @property
    def paid(self) -> bool:
        return self.payment is not None and self.payment.status in PAID and self.captured_minor > 0

    @property
    def refunded_minor(self) -> int:
        return sum(r.amount_minor for r in self.refunds)

    @property
    def remaining_minor(self) -> int:
        return self.captured_minor - self.refunded_minor if self.paid else 0


def history(session: Session, booking_id: int) -> PaymentHistory:
    """Read only: the caller has already opened the booking (manage link or get_owned)."""
    payment = payments.active_hold(session, booking_id)
    if payment is None:
        return PaymentHistory()
    ops = list(session.exec(select(PaymentOperation).where(PaymentOperation.payment_id == payment.id)
                            .order_by(col(PaymentOperation.created_at), col(PaymentOperation.id))))
    capture = next((op for op in ops if op.kind == "capture"), None)
    return PaymentHistory(
        payment=payment,
        paid_at=capture.created_at if capture else None,
        captured_minor=payment.captured_minor,
        refunds=[RefundLine(op.created_at, op.amount_minor, op.commission_minor) for op in ops if op.kind == "refund"],
    )


def payment_states(session: Session, booking_ids: list[int]) -> dict[int, str]:
    """The status of each booking's latest payment (authorized, captured, released,
    refunded, partially_refunded, failed); a booking never paid is missing."""
    if not booking_ids:
        return {}
    rows = session.exec(select(Payment.booking_id, Payment.status).where(col(Payment.booking_id).in_(booking_ids))
                        .order_by(col(Payment.id)))
    return dict(rows.all())  # the latest row of a booking comes last and wins


@dataclass(frozen=True)
class PartialRefundQuote:
    payment_id: int
    amount_minor: int
    remaining_minor: int
    already_refunded_minor: int
    quote: CancellationQuote
    commission_pct: str
    currency: str


def _refundable(session: Session, actor: Actor, booking_id: int, *, lock: bool = False) -> tuple[Booking, Payment, Organization]:
    booking = get_owned(session, Booking, booking_id, actor, lock=lock)
    payment = payments.active_hold(session, booking.id)
    if payment is None or payment.status not in ("captured", "partially_refunded") or payment.captured_minor <= payment.refunded_minor:
        raise NothingPaid()
    return booking, payment, session.get(Organization, booking.organization_id)


@user_input
def refund_part_quote(session: Session, *, actor: Actor, booking_id: Id, amount: Line) -> PartialRefundQuote:
    """The consequence of refunding `amount` (typed, "12.50") before anything moves: the
    customer gets the amount back, and the platform keeps its commission on it from the
    provider, as when a whole booking is refunded (`money.cancellation_quote`)."""
    booking, payment, org = _refundable(session, actor, booking_id)
    remaining = payment.captured_minor - payment.refunded_minor
    minor = to_minor(amount, payment.currency) if str(amount).strip() else 0
    if minor <= 0:
        raise ValidationFailed("Enter the amount to refund, such as 12.50.", field="amount")
    if minor > remaining:
        raise ValidationFailed("You can refund at most {remaining}.", field="amount", remaining=money_shown(remaining, payment.currency))
    return PartialRefundQuote(payment.id, minor, remaining, payment.refunded_minor,
                              cancellation_quote(minor, org.platform_commission_pct), org.platform_commission_pct, payment.currency)


@user_input
def refund_part(session: Session, *, actor: Actor, booking_id: Id, amount: Line, quoted_refunded_minor: int,
                gateway: PaymentGateway, now: datetime | None = None) -> Payment:
    """Refund the quoted amount. `quoted_refunded_minor` is what was refunded when the quote
    was shown: a refund made meanwhile (a second tab, a colleague) refuses this one, and the
    gateway key names the state refunded from, so a double click refunds once."""
    now = now or utcnow()
    booking, payment, _ = _refundable(session, actor, booking_id, lock=True)
    if quoted_refunded_minor != payment.refunded_minor:
        raise PaymentError(reason="a refund was made meanwhile; check the amounts again")
    quote = refund_part_quote(session, actor=actor, booking_id=booking.id, amount=amount)
    if quote.payment_id != payment.id:
        raise PaymentError(reason="a refund was made meanwhile; check the amounts again")
    payments.refund(session, actor=actor, payment=payment, gateway=gateway, amount_minor=quote.amount_minor,
                    commission_minor=quote.quote.commission_minor, quoted_refunded_minor=quoted_refunded_minor)
    if booking.refund_decision == "pending" and payment.refunded_minor >= payment.captured_minor:
        booking.refund_decision = "refunded"
    booking.updated_at = now
    session.add(booking)
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="booking_refunded", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale,
                values={**ctx.values, "AMOUNT": fmt_money(quote.amount_minor, payment.currency, ctx.customer.locale or ctx.org.locale)})
    return payment
