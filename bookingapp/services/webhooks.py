"""Gateway events: stored once by id, applied to our Payment rows in any order.

Each handler compares the event with what we already recorded and only moves a payment
forward, so a replay, a late duplicate or an event about an action we took ourselves
changes nothing. An event about a payment we have not committed yet (it can arrive
before our own transaction ends) stays unprocessed and is retried by the sweeper.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import Status
from bookingapp.domain.errors import DomainError
from bookingapp.domain.user_input import Code, Internal, user_input
from bookingapp.models import Booking, Payment, WebhookEvent, utcnow
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor

GIVE_UP_AFTER = timedelta(days=3)


@user_input
def record_event(session: Session, *, gateway: Code, event: Annotated[dict, Internal()]) -> WebhookEvent | None:
    """Store a verified event; None when it was seen before (a replay)."""
    if session.get(WebhookEvent, event["id"]) is not None:
        return None
    row = WebhookEvent(id=event["id"], gateway=gateway, type=event.get("type", ""), payload=event)
    session.add(row)
    session.flush()
    return row


def process_event(session: Session, row: WebhookEvent, *, now: datetime | None = None) -> str:
    now = now or utcnow()
    obj = row.payload.get("data", {}).get("object", {})
    intent_id = obj.get("payment_intent") if row.type.startswith("charge.") else obj.get("id")
    payment = session.exec(select(Payment).where(Payment.external_id == intent_id)).first() if intent_id else None
    if payment is None and intent_id:
        # A credit pack's payment (services/credit_packs.py): only its success matters; the
        # purchase itself records declines and refunds as they happen.
        from bookingapp.services import credit_packs

        if (pack_result := credit_packs.event_for_pack(session, external_id=intent_id, succeeded=row.type ==
                                                       "payment_intent.succeeded", now=now)) is not None:
            row.processed_at, row.result = now, pack_result
            session.add(row)
            return pack_result
    if payment is None:
        if now - row.received_at < GIVE_UP_AFTER and row.type in HANDLERS:
            return "waiting"  # our own commit may still be on its way
        result = "ignored"
    else:
        handler = HANDLERS.get(row.type)
        result = handler(session, payment, obj) if handler else "ignored"
    row.processed_at, row.result = now, result
    session.add(row)
    return result


def _system(payment: Payment) -> Actor:
    return Actor("system", payment.organization_id, None, "Stripe")


def _log(session: Session, payment: Payment, action: str, data: dict) -> None:
    log_action(session, actor=_system(payment), action=action, organization_id=payment.organization_id,
               booking_id=payment.booking_id, data={"source": "webhook", **data})


def _succeeded(session: Session, payment: Payment, obj: dict) -> str:
    if payment.status != "authorized":
        return "already recorded"
    payment.status = "captured"
    payment.captured_minor = int(obj.get("amount_received") or obj.get("amount") or payment.amount_minor)
    payment.updated_at = utcnow()
    session.add(payment)
    _log(session, payment, "payment.captured", {"amount_minor": payment.captured_minor})
    return "captured"


def _canceled(session: Session, payment: Payment, obj: dict) -> str:
    if payment.status != "authorized":
        return "already recorded"
    automatic = obj.get("cancellation_reason") == "automatic"
    payment.status, payment.updated_at = "released", utcnow()
    session.add(payment)
    _log(session, payment, "payment.hold_expired" if automatic else "payment.released", {"amount_minor": payment.amount_minor})
    booking = session.get(Booking, payment.booking_id)
    if automatic and booking.status in (Status.REQUESTED, Status.RESCHEDULE_PROPOSED):
        # The card no longer guarantees anything: end the request the way the sweeper
        # ends an unanswered one, so the customer hears about it.
        from bookingapp.services import requests

        try:
            with session.begin_nested():  # all of it or none of it
                requests.end_request_after_hold_lapsed(session, booking=booking)
        except DomainError:
            pass  # answered a moment ago: the payment record above still stands
    return "released"


def _failed(session: Session, payment: Payment, obj: dict) -> str:
    if payment.status not in ("authorized",):
        return "already recorded"
    error = (obj.get("last_payment_error") or {}).get("message") or "payment failed"
    payment.status, payment.failure_message, payment.updated_at = "failed", error[:300], utcnow()
    session.add(payment)
    _log(session, payment, "payment.failed", {"message": error})
    return "failed"


def _refunded(session: Session, payment: Payment, obj: dict) -> str:
    refunded = int(obj.get("amount_refunded") or 0)
    if refunded <= payment.refunded_minor:
        return "already recorded"
    captured = int(obj.get("amount_captured") or payment.captured_minor or payment.amount_minor)
    payment.captured_minor = max(payment.captured_minor, captured)
    delta = refunded - payment.refunded_minor
    payment.refunded_minor = refunded
    payment.status = "refunded" if refunded >= payment.captured_minor else "partially_refunded"
    payment.updated_at = utcnow()
    session.add(payment)
    _log(session, payment, "payment.refunded", {"amount_minor": delta})
    return "refunded"


def _capturable(session: Session, payment: Payment, obj: dict) -> str:
    if payment.status in ("authorized", "captured", "released", "refunded", "partially_refunded"):
        return "already recorded"
    payment.status, payment.updated_at = "authorized", utcnow()
    session.add(payment)
    _log(session, payment, "payment.authorized", {"amount_minor": int(obj.get("amount_capturable") or payment.amount_minor)})
    return "authorized"


HANDLERS = {
    "payment_intent.succeeded": _succeeded,
    "payment_intent.canceled": _canceled,
    "payment_intent.payment_failed": _failed,
    "charge.refunded": _refunded,
    "payment_intent.amount_capturable_updated": _capturable,
}


def retry_waiting_events(*, engine=None, now: datetime | None = None) -> int:
    """The sweeper's job: apply events that arrived before their payment was committed."""
    from bookingapp.db import read_only, unit_of_work

    now = now or utcnow()
    with read_only(engine) as session:
        ids = list(session.exec(select(WebhookEvent.id).where(col(WebhookEvent.processed_at).is_(None))))
    done = 0
    for event_id in ids:
        with unit_of_work(engine) as session:
            row = session.get(WebhookEvent, event_id, with_for_update=True)
            if row is None or row.processed_at is not None:
                continue
            if process_event(session, row, now=now) != "waiting":
                done += 1
    return done
