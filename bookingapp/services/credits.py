"""Class credits: a ledger per customer; the balance is the sum of its rows.

Rows are never edited or deleted: a grant, a purchase recorded by staff, a debit for a
class booking, a refund of that debit, or a staff adjustment, each with its reason.

The one balance rule: it never goes below zero. A debit needs the full cost available,
and a negative adjustment may take away at most the current balance (credits already
spent on bookings stay spent; cancel the booking to get them back).

Lots (domain/credit_lots.py): credits bought in a pack carry its purchase on each row and
expire at the pack's end; staff grants never expire. A debit spends the soonest-expiring
lot first and writes one row per lot it takes from. Expired credits leave the ledger as
"expire" rows, written lazily (before any debit, and by the sweeper); until then the
balance already leaves them out, so an expired lot can never be spent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from sqlalchemy import func
from sqlmodel import Session, col, select

from bookingapp.domain import credit_lots
from bookingapp.domain.class_rules import NotEnoughCredits
from bookingapp.domain.credit_lots import Lot
from bookingapp.domain.errors import PermissionDenied, ValidationFailed
from bookingapp.domain.user_input import Choice, Id, Line, user_input
from bookingapp.models import Booking, CreditLedger, Customer, PackPurchase, utcnow
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned

STAFF_KINDS = ("grant", "purchase", "adjust")
MAX_DELTA = 1000
_LOG_ACTIONS = {"grant": "credits.granted", "purchase": "credits.purchased", "adjust": "credits.adjusted"}


def lots(session: Session, customer_id: int) -> list[Lot]:
    """The customer's lots with what remains in each (sums of their ledger rows)."""
    sums = session.exec(select(CreditLedger.pack_purchase_id, func.sum(CreditLedger.delta))
                        .where(CreditLedger.customer_id == customer_id).group_by(CreditLedger.pack_purchase_id)).all()
    ids = [pid for pid, _ in sums if pid is not None]
    expiry = dict(session.exec(select(PackPurchase.id, PackPurchase.expires_at).where(col(PackPurchase.id).in_(ids))).all()) if ids else {}
    return [Lot(pid, int(total or 0), expiry.get(pid)) for pid, total in sums]


@user_input
def balance(session: Session, customer_id: Id, now: datetime | None = None) -> int:
    """The sum of the ledger, less credits whose pack has ended but whose "expire" row is
    not written yet (expire_due writes it; the number is the same before and after)."""
    now = now or utcnow()
    held = lots(session, customer_id)
    return sum(lot.remaining for lot in held) - sum(n for _, n in credit_lots.to_expire(held, now))


def expire_due(session: Session, customer: Customer, now: datetime | None = None) -> int:
    """Write the "expire" rows of the customer's ended packs; returns the credits expired."""
    now = now or utcnow()
    total = 0
    for purchase_id, credits_left in credit_lots.to_expire(lots(session, customer.id), now):
        session.add(CreditLedger(organization_id=customer.organization_id, customer_id=customer.id, delta=-credits_left,
                                 reason="Credits expired", kind="expire", pack_purchase_id=purchase_id, created_at=now))
        total += credits_left
    if total:
        session.flush()
    return total


@user_input
def history(session: Session, customer_id: Id, *, limit: int = 100) -> list[CreditLedger]:
    """Newest first."""
    return list(session.exec(
        select(CreditLedger).where(CreditLedger.customer_id == customer_id)
        .order_by(col(CreditLedger.created_at).desc(), col(CreditLedger.id).desc()).limit(limit)
    ))


def locked_balance(session: Session, customer: Customer, now: datetime | None = None) -> int:
    """The balance with the customer's row locked, so two debits of one customer (two tabs,
    a claim and a booking) cannot both spend the same credits on PostgreSQL; on SQLite
    writers are serialized anyway. Ended packs are written off first."""
    session.get(Customer, customer.id, with_for_update=True)
    expire_due(session, customer, now)
    return balance(session, customer.id, now)


def _spend(session: Session, customer: Customer, cost: int, *, kind: str, reason: str, now: datetime | None,
           booking_id: int | None = None, staff_user_id: int | None = None) -> list[CreditLedger]:
    """One row per lot taken from, soonest-expiring first (the caller checked the balance)."""
    rows = []
    for purchase_id, part in credit_lots.allocate(lots(session, customer.id), cost, now or utcnow()):
        row = CreditLedger(organization_id=customer.organization_id, customer_id=customer.id, delta=-part,
                           reason=reason[:200], kind=kind, booking_id=booking_id, staff_user_id=staff_user_id,
                           pack_purchase_id=purchase_id)
        session.add(row)
        rows.append(row)
    session.flush()
    return rows


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
    expire_due(session, customer)
    current = balance(session, customer.id)
    if current + delta < 0:
        raise ValidationFailed("The balance is {balance}: an adjustment cannot take it below zero.", field="delta",
                               balance=current)
    if delta < 0:  # taken from the lots the way a booking takes them
        row = _spend(session, customer, -delta, kind=kind, reason=text, now=None, staff_user_id=actor.id)[0]
    else:
        row = CreditLedger(organization_id=customer.organization_id, customer_id=customer.id, delta=delta, reason=text,
                           kind=kind, staff_user_id=actor.id)
        session.add(row)
    log_action(session, actor=actor, action=_LOG_ACTIONS[kind], organization_id=customer.organization_id,
               customer_id=customer.id, data={"delta": delta, "reason": text, "balance": current + delta})
    return row


def debit(session: Session, *, customer: Customer, booking: Booking, cost: int, reason: str,
          balance_now: int | None = None, now: datetime | None = None) -> CreditLedger | None:
    """Take a class booking's cost, soonest-expiring pack first; raises NotEnoughCredits
    (and writes nothing) when short. `balance_now`: the balance the caller read with
    locked_balance in this same transaction (so reading it again would give the same
    number). Returns the first of the rows written (one per lot)."""
    if cost <= 0:
        return None
    current = locked_balance(session, customer, now) if balance_now is None else balance_now
    if current < cost:
        raise NotEnoughCredits(balance=current, cost=cost)
    return _spend(session, customer, cost, kind="debit", reason=reason, now=now, booking_id=booking.id)[0]


def refund(session: Session, *, booking: Booking, credits: int, reason: str, staff_user_id: int | None = None,
           now: datetime | None = None, keep_usable: bool = False) -> CreditLedger | None:
    """Give a booking's credits back to the lots its debit took them from. A lot whose
    pack has ended meanwhile gets them back and loses them again at once (an "expire"
    row): an expired lot is never spent, and the ledger shows what happened.

    `keep_usable`: the business cancelled the class, so credits of a pack that has ended
    meanwhile come back as credits that do not expire rather than lapsing at once."""
    if credits <= 0:
        return None
    now = now or utcnow()
    spent: dict[int | None, int] = {}
    for purchase_id, delta in session.exec(select(CreditLedger.pack_purchase_id, CreditLedger.delta).where(
            CreditLedger.booking_id == booking.id, col(CreditLedger.kind).in_(("debit", "refund")))).all():
        spent[purchase_id] = spent.get(purchase_id, 0) - delta
    ended: set[int] = set()
    if keep_usable and any(spent):
        ended = set(session.exec(select(PackPurchase.id).where(
            col(PackPurchase.id).in_([p for p in spent if p]), col(PackPurchase.expires_at) <= now)).all())
    rows = []
    for target, part in credit_lots.refund_targets(spent, credits):
        purchase_id = None if target in ended else target
        row = CreditLedger(organization_id=booking.organization_id, customer_id=booking.customer_id, delta=part,
                           reason=reason[:200], kind="refund", booking_id=booking.id, staff_user_id=staff_user_id,
                           pack_purchase_id=purchase_id)
        session.add(row)
        rows.append(row)
    session.flush()
    customer = session.get(Customer, booking.customer_id)
    expire_due(session, customer, now)
    return rows[0]
