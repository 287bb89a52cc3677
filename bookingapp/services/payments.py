"""Payments of bookings: our record (Payment rows) of what the gateway did.

Every gateway call carries an idempotency key derived from our operation, and every
function here is a no-op when its work is already recorded, so a double click, a
retry after a crash or a sweeper racing a person can never capture, release or refund
twice.
"""

from __future__ import annotations

from sqlmodel import Session, func, select

from bookingapp.domain.errors import NotFound, PaymentError
from bookingapp.integrations.payments import CardInput, PaymentGateway
from bookingapp.models import Booking, Payment, PaymentOperation, utcnow
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor


def _record(session: Session, payment: Payment, kind: str, key: str, amount: int, external_id: str | None = None,
            commission_minor: int = 0) -> None:
    session.add(PaymentOperation(payment_id=payment.id, kind=kind, idempotency_key=key, amount_minor=amount, external_id=external_id,
                                 commission_minor=commission_minor))


def _same_tenant(actor: Actor, row: Booking | Payment) -> None:
    """Callers load the row through get_owned or a manage link; this refuses a row of
    another organization all the same (the system actor of no organization acts anywhere)."""
    if actor.organization_id is not None and actor.organization_id != row.organization_id:
        raise NotFound()


def authorize_hold(
    session: Session, *, actor: Actor, booking: Booking, card: CardInput | str, gateway: PaymentGateway, attempt: int | str = 1,
    key: str | None = None,
) -> Payment:
    """`key` overrides the idempotency key named after the booking: a new request gets a new
    reference on every try, so its form submission names the hold instead."""
    _same_tenant(actor, booking)
    key = key or f"booking-{booking.reference}-authorize-{attempt}"
    existing = session.exec(select(Payment).where(Payment.idempotency_key == key)).first()
    if existing:
        return existing
    hold = gateway.authorize(amount_minor=booking.price_minor, currency=booking.currency, card=card, idempotency_key=key)
    now = utcnow()
    payment = Payment(
        organization_id=booking.organization_id, booking_id=booking.id, gateway=gateway.name,
        external_id=hold.external_id, idempotency_key=key, amount_minor=hold.amount_minor,
        currency=hold.currency, status="authorized", authorized_at=now,
        hold_expires_at=hold.hold_expires_at, card_last4=hold.card_last4,
    )
    session.add(payment)
    session.flush()
    _record(session, payment, "authorize", key, hold.amount_minor, hold.external_id)
    log_action(session, actor=actor, action="payment.authorized", organization_id=booking.organization_id,
               booking_id=booking.id, data={"amount_minor": hold.amount_minor, "card_last4": hold.card_last4})
    return payment


def _next_attempt(session: Session, booking: Booking) -> str:
    """The number of the booking's next payment, for callers that have no form submission to name."""
    return str(1 + session.exec(select(func.count()).select_from(Payment).where(Payment.booking_id == booking.id)).one())


def charge(session: Session, *, actor: Actor, booking: Booking, card: CardInput | str, gateway: PaymentGateway,
           attempt: str | None = None) -> Payment:
    """Take the booking's price now (authorize and capture at once).

    `attempt` names one submission of the payment form: resending it (a double click, a
    retry after a crash) finds the same gateway operation, while a new submission after
    a decline is a new operation, so a declined card never blocks the next one."""
    _same_tenant(actor, booking)
    if attempt is None:
        attempt = _next_attempt(session, booking)
    hold = authorize_hold(session, actor=actor, booking=booking, card=card, gateway=gateway, attempt=attempt)
    return capture(session, actor=actor, payment=hold, gateway=gateway)


def save_card(session: Session, *, actor: Actor, payment: Payment, card: CardInput | str, gateway: PaymentGateway) -> Payment:
    """Keep the card so the hold can be renewed without the customer before it lapses."""
    _same_tenant(actor, payment)
    if payment.saved_method_ref:
        return payment
    payment.saved_method_ref = gateway.save_card(card=card, idempotency_key=f"payment-{payment.id}-save-card")
    session.add(payment)
    log_action(session, actor=actor, action="payment.card_saved", organization_id=payment.organization_id,
               booking_id=payment.booking_id, data={"card_last4": payment.card_last4})
    return payment


def renew_hold(session: Session, *, actor: Actor, booking: Booking, old: Payment, gateway: PaymentGateway,
               card: CardInput | str | None = None, attempt: str | None = None) -> Payment:
    """A new hold replaces one about to lapse: off-session on the saved card, or on a card
    the customer just entered (`attempt` names that form submission, as in `charge`).
    The old hold is released only once the new one stands."""
    _same_tenant(actor, booking)
    _same_tenant(actor, old)
    if old.booking_id != booking.id:
        raise NotFound()
    if attempt is None:
        attempt = _next_attempt(session, booking)
    key = f"booking-{booking.reference}-authorize-{attempt}"
    if card is None:
        hold = gateway.authorize_saved(method_ref=old.saved_method_ref, amount_minor=old.amount_minor,
                                       currency=old.currency, idempotency_key=key)
    else:
        hold = gateway.authorize(amount_minor=old.amount_minor, currency=old.currency, card=card, idempotency_key=key)
    now = utcnow()
    new = Payment(
        organization_id=old.organization_id, booking_id=booking.id, gateway=gateway.name, external_id=hold.external_id,
        idempotency_key=key, amount_minor=hold.amount_minor, currency=hold.currency, status="authorized",
        authorized_at=now, hold_expires_at=hold.hold_expires_at, card_last4=hold.card_last4 or old.card_last4,
        saved_method_ref=None if card is not None else old.saved_method_ref,
    )
    session.add(new)
    session.flush()
    _record(session, new, "authorize", key, hold.amount_minor, hold.external_id)
    if old.status == "authorized":
        release(session, actor=actor, payment=old, gateway=gateway)
    log_action(session, actor=actor, action="payment.renewed", organization_id=booking.organization_id,
               booking_id=booking.id, data={"hold_expires_at": hold.hold_expires_at.isoformat()})
    return new


def capture(session: Session, *, actor: Actor, payment: Payment, gateway: PaymentGateway, amount_minor: int | None = None) -> Payment:
    _same_tenant(actor, payment)
    if payment.status == "captured":
        return payment
    if payment.status != "authorized":
        raise PaymentError(reason=f"the hold is {payment.status}")
    amount = payment.amount_minor if amount_minor is None else amount_minor
    # Named after the authorization, not the row id: when a worker dies after the gateway
    # charged but before our commit, PostgreSQL does not hand the retry the same id again,
    # and only the same key makes the gateway answer "already captured" with the amount.
    key = f"{payment.idempotency_key}-capture"
    captured = gateway.capture(external_id=payment.external_id, amount_minor=amount, idempotency_key=key)
    payment.status, payment.captured_minor, payment.updated_at = "captured", captured, utcnow()
    session.add(payment)
    _record(session, payment, "capture", key, captured)
    log_action(session, actor=actor, action="payment.captured", organization_id=payment.organization_id,
               booking_id=payment.booking_id, data={"amount_minor": captured})
    return payment


def release(session: Session, *, actor: Actor, payment: Payment, gateway: PaymentGateway) -> Payment:
    _same_tenant(actor, payment)
    if payment.status == "released":
        return payment
    if payment.status != "authorized":
        raise PaymentError(reason=f"the hold is {payment.status}")
    key = f"payment-{payment.id}-release"
    gateway.release(external_id=payment.external_id, idempotency_key=key)
    payment.status, payment.updated_at = "released", utcnow()
    session.add(payment)
    _record(session, payment, "release", key, 0)
    log_action(session, actor=actor, action="payment.released", organization_id=payment.organization_id,
               booking_id=payment.booking_id, data={"amount_minor": payment.amount_minor})
    return payment


def refund(
    session: Session, *, actor: Actor, payment: Payment, gateway: PaymentGateway, amount_minor: int, commission_minor: int = 0,
    quoted_refunded_minor: int | None = None,
) -> Payment:
    """Refund part of a captured payment.

    `quoted_refunded_minor` is what the screen showed as already refunded when the
    person pressed the button: if another refund landed meanwhile (a double click, a
    colleague), this one is refused instead of refunding twice.
    """
    _same_tenant(actor, payment)
    if quoted_refunded_minor is not None and quoted_refunded_minor != payment.refunded_minor:
        raise PaymentError(reason="a refund was made meanwhile; check the amounts again")
    refundable = payment.captured_minor - payment.refunded_minor
    if payment.status not in ("captured", "partially_refunded") or not 0 < amount_minor <= refundable:
        # Whatever the gateway would accept, we never refund more than was captured.
        raise PaymentError(reason="the refund is more than what was paid")
    # Derived from the state we refund from: a repeat of the same click finds the same key.
    key = f"payment-{payment.id}-refund-{payment.refunded_minor}-{amount_minor}"
    refund_id = gateway.refund(external_id=payment.external_id, amount_minor=amount_minor, idempotency_key=key)
    payment.refunded_minor += amount_minor
    payment.commission_retained_minor += commission_minor
    payment.status = "refunded" if payment.refunded_minor == payment.captured_minor else "partially_refunded"
    payment.updated_at = utcnow()
    session.add(payment)
    _record(session, payment, "refund", key, amount_minor, refund_id, commission_minor=commission_minor)
    log_action(session, actor=actor, action="payment.refunded", organization_id=payment.organization_id,
               booking_id=payment.booking_id, data={"amount_minor": amount_minor, "commission_minor": commission_minor})
    return payment


def active_hold(session: Session, booking_id: int) -> Payment | None:
    return session.exec(
        select(Payment).where(Payment.booking_id == booking_id).order_by(Payment.id.desc())  # type: ignore[union-attr]
    ).first()


def operations_count(session: Session, payment_id: int, kind: str) -> int:
    return session.exec(
        select(func.count()).select_from(PaymentOperation).where(PaymentOperation.payment_id == payment_id, PaymentOperation.kind == kind)
    ).one()
