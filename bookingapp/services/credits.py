"""Class credits: a ledger per customer; the balance is the sum of its rows.

Rows are never edited or deleted: a grant, a purchase recorded by staff, a debit for a
class booking, a refund of that debit, or a staff adjustment, each with its reason.

The one balance rule: it never goes below zero. A debit needs the full cost available,
and a negative adjustment may take away at most the current balance (credits already
spent on bookings stay spent; cancel the booking to get them back).
"""

from __future__ import annotations

from typing import Annotated

from sqlalchemy import func
from sqlmodel import Session, col, select

from bookingapp.domain.class_rules import NotEnoughCredits
from bookingapp.domain.errors import PermissionDenied, ValidationFailed
from bookingapp.domain.user_input import Choice, Id, Line, user_input
from bookingapp.models import Booking, CreditLedger, Customer
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned

STAFF_KINDS = ("grant", "purchase", "adjust")
MAX_DELTA = 1000
_LOG_ACTIONS = {"grant": "credits.granted", "purchase": "credits.purchased", "adjust": "credits.adjusted"}


@user_input
def balance(session: Session, customer_id: Id) -> int:
    total = session.exec(select(func.coalesce(func.sum(CreditLedger.delta), 0)).where(CreditLedger.customer_id == customer_id)).one()
    return int(total)


@user_input
def history(session: Session, customer_id: Id, *, limit: int = 100) -> list[CreditLedger]:
    """Newest first."""
    return list(session.exec(
        select(CreditLedger).where(CreditLedger.customer_id == customer_id)
        .order_by(col(CreditLedger.created_at).desc(), col(CreditLedger.id).desc()).limit(limit)
    ))


def locked_balance(session: Session, customer: Customer) -> int:
    """The balance with the customer's row locked, so two debits of one customer (two tabs,
    a claim and a booking) cannot both spend the same credits on PostgreSQL; on SQLite
    writers are serialized anyway."""
    session.get(Customer, customer.id, with_for_update=True)
    return balance(session, customer.id)


@user_input
def grant(session: Session, *, actor: Actor, customer_id: Id, delta: int, reason: Line, kind: Annotated[str, Choice(STAFF_KINDS, message="Choose grant, purchase or adjustment.")] = "grant") -> CreditLedger:
    """Staff give credits (grant), record credits the customer bought (purchase), or
    correct the balance either way (adjust) — always with a reason the customer sees."""
    if not actor.is_staff:
        raise PermissionDenied()
    text = clean_text(reason, field="reason", label="a reason", max_length=200)
    customer = get_owned(session, Customer, customer_id, actor, lock=True)
    if not isinstance(delta, int) or delta == 0 or abs(delta) > MAX_DELTA:
        raise ValidationFailed("Enter a whole number of credits between 1 and {max}.", field="delta", max=MAX_DELTA)
    if delta < 0 and kind != "adjust":
        raise ValidationFailed("Only an adjustment can take credits away.", field="delta")
    current = balance(session, customer.id)
    if current + delta < 0:
        raise ValidationFailed("The balance is {balance}: an adjustment cannot take it below zero.", field="delta",
                               balance=current)
    row = CreditLedger(organization_id=customer.organization_id, customer_id=customer.id, delta=delta, reason=text,
                       kind=kind, staff_user_id=actor.id)
    session.add(row)
    log_action(session, actor=actor, action=_LOG_ACTIONS[kind], organization_id=customer.organization_id,
               customer_id=customer.id, data={"delta": delta, "reason": text, "balance": current + delta})
    return row


def debit(session: Session, *, customer: Customer, booking: Booking, cost: int, reason: str,
          balance_now: int | None = None) -> CreditLedger | None:
    """Take a class booking's cost; raises NotEnoughCredits (and writes nothing) when short.
    `balance_now`: the balance the caller read with the customer's row locked, in this
    same transaction (so reading it again would give the same number)."""
    if cost <= 0:
        return None
    current = locked_balance(session, customer) if balance_now is None else balance_now
    if current < cost:
        raise NotEnoughCredits(balance=current, cost=cost)
    row = CreditLedger(organization_id=customer.organization_id, customer_id=customer.id, delta=-cost,
                       reason=reason[:200], kind="debit", booking_id=booking.id)
    session.add(row)
    return row


def refund(session: Session, *, booking: Booking, credits: int, reason: str, staff_user_id: int | None = None) -> CreditLedger | None:
    if credits <= 0:
        return None
    row = CreditLedger(organization_id=booking.organization_id, customer_id=booking.customer_id, delta=credits,
                       reason=reason[:200], kind="refund", booking_id=booking.id, staff_user_id=staff_user_id)
    session.add(row)
    return row
