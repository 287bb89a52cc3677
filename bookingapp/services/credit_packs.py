"""Credit packs: the provider sells credits (so many, at a price, valid so many days);
customers buy them on the portal with a card; staff refund what is unused.

A purchase is recorded as `pending` and committed BEFORE the card is charged, so a worker
that dies between the charge and our commit leaves a trace: the reconciler (jobs.py) and
the gateway's webhook finish it. Whoever finishes it first wins a conditional UPDATE
(pending -> paid); only the winner writes the ledger's "pack" row and queues the receipt,
so a purchase is never lost and never counted twice. Every gateway call carries a key
derived from the purchase, so a retry finds the same charge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bookingapp import routes
from bookingapp.domain import credit_lots
from bookingapp.domain.errors import (
    DomainError,
    NotFound,
    PaymentDeclined,
    PermissionDenied,
    ValidationFailed,
)
from bookingapp.domain.formatting import fmt_date, fmt_money, money_shown
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.money import parse_price
from bookingapp.domain.user_input import (
    CardText,
    Id,
    Line,
    LinkToken,
    Text,
    user_input,
    whole_number,
)
from bookingapp.integrations.payments import CardInput, PaymentGateway, card_problem
from bookingapp.models import CreditLedger, CreditPack, Customer, Organization, PackPurchase, utcnow
from bookingapp.services import credits
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.notifications import queue_email
from bookingapp.services.portal import organization_by_slug
from bookingapp.settings import get_settings

MAX_CREDITS = 1000
Number = Annotated[str, Text(30)]  # a whole number as typed (an int is welcome too); _whole checks it
MAX_VALIDITY_DAYS = 3650
# A pending purchase younger than this may still be in its worker's hands.
RECONCILE_AFTER = timedelta(minutes=2)


@dataclass(frozen=True)
class PurchaseLine:
    purchase_id: int
    name: str
    credits: int
    remaining: int
    price_minor: int
    currency: str
    status: str
    paid_at: datetime | None
    expires_at: datetime | None
    refundable: bool
    refunded_at: datetime | None = None


@dataclass(frozen=True)
class RefundQuote:
    purchase_id: int
    credits_removed: int
    amount_minor: int
    currency: str


# --- the provider's packs ----------------------------------------------------------


def _staff(actor: Actor) -> None:
    if not actor.is_staff or actor.organization_id is None:
        raise PermissionDenied()


def _whole(raw: int | str, *, field: str, low: int, high: int, message: str) -> int:
    value = raw if isinstance(raw, int) and not isinstance(raw, bool) else whole_number(str(raw))
    if value is None or not low <= value <= high:
        raise ValidationFailed(message, field=field, min=low, max=high)
    return value


def _terms(org: Organization, name: str, credits_: int | str, price: str, validity_days: int | str) -> dict:
    terms = {
        "name": clean_text(name, field="name", label="a name", max_length=80),
        "credits": _whole(credits_, field="credits", low=1, high=MAX_CREDITS,
                          message=N_("Enter a whole number of credits between {min} and {max}.")),
        "price_minor": parse_price(price, org.currency, field="price"),
        "validity_days": _whole(validity_days, field="validity_days", low=1, high=MAX_VALIDITY_DAYS,
                                message=N_("Enter a whole number of days between {min} and {max}.")),
    }
    if terms["price_minor"] <= 0:
        raise ValidationFailed("Enter the price customers pay for the pack.", field="price")
    return terms


def packs(session: Session, *, actor: Actor) -> list[CreditPack]:
    """Every pack of the organization, the ones on sale first."""
    _staff(actor)
    return list(session.exec(select(CreditPack).where(CreditPack.organization_id == actor.organization_id)
                             .order_by(col(CreditPack.archived), col(CreditPack.price_minor), col(CreditPack.id))))


@user_input
def create_pack(session: Session, *, actor: Actor, name: Line, credits: Number, price: CardText,
                validity_days: Number) -> CreditPack:
    _staff(actor)
    org = session.get(Organization, actor.organization_id)
    pack = CreditPack(organization_id=org.id, **_terms(org, name, credits, price, validity_days))
    session.add(pack)
    session.flush()
    log_action(session, actor=actor, action="credit_pack.created", organization_id=org.id,
               data={"pack_id": pack.id, "name": pack.name, "credits": pack.credits, "price_minor": pack.price_minor,
                     "validity_days": pack.validity_days})
    return pack


@user_input
def update_pack(session: Session, *, actor: Actor, pack_id: Id, name: Line, credits: Number,
                price: CardText, validity_days: Number) -> CreditPack:
    """New terms for future purchases; purchases keep the terms they were bought with."""
    _staff(actor)
    pack = get_owned(session, CreditPack, pack_id, actor, lock=True)
    org = session.get(Organization, pack.organization_id)
    for key, value in _terms(org, name, credits, price, validity_days).items():
        setattr(pack, key, value)
    session.add(pack)
    log_action(session, actor=actor, action="credit_pack.changed", organization_id=org.id,
               data={"pack_id": pack.id, "name": pack.name, "credits": pack.credits, "price_minor": pack.price_minor,
                     "validity_days": pack.validity_days})
    return pack


@user_input
def set_archived(session: Session, *, actor: Actor, pack_id: Id, archived: bool) -> CreditPack:
    """Archived packs are no longer for sale; what customers bought stays theirs."""
    _staff(actor)
    pack = get_owned(session, CreditPack, pack_id, actor, lock=True)
    pack.archived = bool(archived)
    session.add(pack)
    log_action(session, actor=actor, action="credit_pack.archived" if pack.archived else "credit_pack.restored",
               organization_id=pack.organization_id, data={"pack_id": pack.id, "name": pack.name})
    return pack


@user_input
def packs_for_sale(session: Session, *, org_slug: LinkToken) -> list[CreditPack]:
    org = organization_by_slug(session, org_slug)
    return list(session.exec(select(CreditPack).where(CreditPack.organization_id == org.id, col(CreditPack.archived).is_(False))
                             .order_by(col(CreditPack.price_minor), col(CreditPack.id))))


# --- buying a pack -------------------------------------------------------------------


def _purchase_key(org_id: int, customer_id: int, attempt: str) -> str:
    return f"pack-{org_id}-{customer_id}-{attempt}"[:80]


@user_input
def start_purchase(session: Session, *, org_slug: LinkToken, customer: Customer | None, pack_id: Id,
                   card: CardInput | CardText, idempotency_key: CardText,
                   gateway: PaymentGateway, now: datetime | None = None) -> PackPurchase:
    """A signed-in customer buys a pack with a card. Three steps, each committed: the
    pending purchase, the payment's id at the gateway, then paid with its ledger row and
    receipt. `idempotency_key` names the form submission: submitting it again returns the
    same purchase and charges nothing more. Raises PaymentDeclined (nothing credited)."""
    now = now or utcnow()
    org = organization_by_slug(session, org_slug)
    if customer is None or customer.organization_id != org.id:
        raise PermissionDenied()
    if not idempotency_key:
        raise ValidationFailed("Something went wrong with the form. Reload the page and try again.", field="card")
    key = _purchase_key(org.id, customer.id, idempotency_key)
    purchase = session.exec(select(PackPurchase).where(PackPurchase.idempotency_key == key)).first()
    if purchase is None:
        pack = session.get(CreditPack, pack_id)
        if pack is None or pack.organization_id != org.id or pack.archived:
            raise NotFound()
        if isinstance(card, CardInput) and (problem := card_problem(card, now)):
            raise ValidationFailed(problem, field="card")
        purchase = PackPurchase(organization_id=org.id, customer_id=customer.id, pack_id=pack.id, name=pack.name,
                                credits=pack.credits, price_minor=pack.price_minor, currency=org.currency,
                                status="pending", idempotency_key=key, created_at=now,
                                expires_at=now + timedelta(days=pack.validity_days))
        session.add(purchase)
        session.commit()  # recorded before any money moves
    if purchase.status == "paid":
        return purchase
    if purchase.status != "pending":
        raise PaymentDeclined(reason=purchase.failure_message or "declined")
    purchase_id = purchase.id
    if purchase.external_id is None:
        try:
            hold = gateway.authorize(amount_minor=purchase.price_minor, currency=purchase.currency, card=card,
                                     idempotency_key=f"{key}-authorize")
            if hold.status != "authorized":
                raise PaymentDeclined("Your bank wants to confirm this payment with you. Try another card.")
        except PaymentDeclined as error:  # the bank's answer: final, nothing charged
            _fail(session, purchase_id, error)
            raise
        # Any other error (the gateway did not answer, a request still in flight) leaves the
        # purchase pending: the same form sent again resumes it, the reconciler settles it.
        purchase.external_id = hold.external_id
        session.add(purchase)
        session.commit()
    gateway.capture(external_id=purchase.external_id, amount_minor=purchase.price_minor, idempotency_key=f"{key}-capture")
    complete_purchase(session, purchase_id=purchase_id, now=now, source="portal")
    session.commit()
    return session.get(PackPurchase, purchase_id)


def _fail(session: Session, purchase_id: int, error: PaymentDeclined) -> None:
    session.rollback()
    updated = session.execute(sa.update(PackPurchase).where(col(PackPurchase.id) == purchase_id,
                                                             col(PackPurchase.status) == "pending")
                              .values(status="failed", failure_message=str(error)[:300]))
    if updated.rowcount:
        purchase = session.get(PackPurchase, purchase_id, populate_existing=True)
        log_action(session, actor=Actor("customer", purchase.organization_id, purchase.customer_id),
                   action="credits.pack_payment_failed", organization_id=purchase.organization_id,
                   customer_id=purchase.customer_id, data={"purchase_id": purchase_id, "message": str(error)[:300]})
    session.commit()


def complete_purchase(session: Session, *, purchase_id: int, now: datetime | None = None, source: str) -> bool:
    """Pending -> paid, with the ledger's "pack" row and the receipt: exactly once, whoever
    (the buying worker, the reconciler, the webhook) gets here first. The caller commits."""
    now = now or utcnow()
    won = session.execute(sa.update(PackPurchase).where(col(PackPurchase.id) == purchase_id,
                                                         col(PackPurchase.status) == "pending")
                          .values(status="paid", paid_at=now)).rowcount
    if not won:
        return False
    purchase = session.get(PackPurchase, purchase_id, populate_existing=True)
    customer = session.get(Customer, purchase.customer_id)
    org = session.get(Organization, purchase.organization_id)
    session.add(CreditLedger(organization_id=org.id, customer_id=customer.id, delta=purchase.credits,
                             reason=purchase.name[:200], kind="pack", pack_purchase_id=purchase.id, created_at=now))
    session.flush()
    log_action(session, actor=Actor("customer", org.id, customer.id, customer.name), action="credits.pack_bought",
               organization_id=org.id, customer_id=customer.id,
               data={"purchase_id": purchase.id, "credits": purchase.credits, "price_minor": purchase.price_minor,
                     "source": source})
    _email(session, "credit_pack_receipt", org, customer, purchase, {})
    return True


def _email(session: Session, key: str, org: Organization, customer: Customer, purchase: PackPurchase,
           extra: dict[str, str]) -> None:
    locale = customer.locale or org.locale
    base = get_settings().public_base_url.rstrip("/")
    queue_email(session, org=org, key=key, to=customer.email, locale=locale, values={
        "CUSTOMER_NAME": customer.name,
        "CUSTOMER_EMAIL": customer.email or "-",
        "PACK_NAME": purchase.name,
        "CREDITS": str(purchase.credits),
        "PRICE": fmt_money(purchase.price_minor, purchase.currency, locale),
        "EXPIRES_ON": fmt_date(purchase.expires_at, org.timezone, locale) if purchase.expires_at else "-",
        "CREDIT_BALANCE": str(credits.balance(session, customer.id)),
        "CREDITS_URL": base + routes.portal_credits(org.slug),
        **extra,
    })


def reconcile_pending(*, gateway: PaymentGateway, now: datetime | None = None, engine=None) -> int:
    """The sweeper's job: finish purchases whose worker stopped between the charge and the
    commit, asking the gateway what became of their payment. A purchase that never got
    as far as recording its payment was never captured (capture comes after): it fails,
    and any hold on the card lapses by itself."""
    from bookingapp.db import read_only, unit_of_work

    now = now or utcnow()
    with read_only(engine) as session:
        stale = list(session.exec(select(PackPurchase.id).where(PackPurchase.status == "pending",
                                                                 col(PackPurchase.created_at) <= now - RECONCILE_AFTER)))
    done = 0
    for purchase_id in stale:
        with unit_of_work(engine) as session:
            purchase = session.get(PackPurchase, purchase_id)
            if purchase is None or purchase.status != "pending":
                continue
            if purchase.external_id is None:
                _fail_in(session, purchase, "the payment was not completed")
                done += 1
                continue
            try:
                status = gateway.status(purchase.external_id).get("status")
                if status == "requires_capture":
                    gateway.capture(external_id=purchase.external_id, amount_minor=purchase.price_minor,
                                    idempotency_key=f"{purchase.idempotency_key}-capture")
                    status = "succeeded"
            except DomainError:  # the gateway did not answer: the next sweep asks again
                continue
            if status == "succeeded":
                done += complete_purchase(session, purchase_id=purchase_id, now=now, source="reconciler")
            elif status in ("canceled", "requires_payment_method"):
                _fail_in(session, purchase, f"the payment was {status}")
                done += 1
    return done


def expire_ended_packs(*, now: datetime | None = None, engine=None) -> int:
    """The sweeper's job: write the "expire" rows of packs that ended with credits left
    (balances already leave them out; this makes the ledger say so)."""
    from bookingapp.db import read_only, unit_of_work

    now = now or utcnow()
    with read_only(engine) as session:
        ended = (select(PackPurchase.customer_id).join(CreditLedger, col(CreditLedger.pack_purchase_id) == PackPurchase.id)
                 .where(col(PackPurchase.expires_at) <= now).group_by(PackPurchase.id, PackPurchase.customer_id)
                 .having(sa.func.sum(CreditLedger.delta) > 0))
        customer_ids = sorted(set(session.exec(ended)))
    done = 0
    for customer_id in customer_ids:
        with unit_of_work(engine) as session:
            customer = session.get(Customer, customer_id, with_for_update=True)
            done += credits.expire_due(session, customer, now) > 0
    return done


def _fail_in(session: Session, purchase: PackPurchase, message: str) -> None:
    session.execute(sa.update(PackPurchase).where(col(PackPurchase.id) == purchase.id, col(PackPurchase.status) == "pending")
                    .values(status="failed", failure_message=message))


def event_for_pack(session: Session, *, external_id: str, succeeded: bool, now: datetime) -> str | None:
    """A gateway event about a pack's payment (None when it is not a pack's): a success
    finishes a purchase still pending (its worker may have died after the charge)."""
    purchase = session.exec(select(PackPurchase).where(PackPurchase.external_id == external_id)).first()
    if purchase is None:
        return None
    if not succeeded:
        return "ignored"
    if complete_purchase(session, purchase_id=purchase.id, now=now, source="webhook"):
        return "pack paid"
    return "already recorded"


# --- what a customer bought, and refunds ---------------------------------------------


def _remaining(session: Session, purchase: PackPurchase, now: datetime) -> int:
    """Credits of the purchase still spendable (0 once its pack has ended)."""
    if purchase.status != "paid" or (purchase.expires_at is not None and now >= purchase.expires_at):
        return 0
    total = session.exec(select(sa.func.coalesce(sa.func.sum(CreditLedger.delta), 0))
                         .where(CreditLedger.pack_purchase_id == purchase.id)).one()
    return max(0, int(total))


def _quote(session: Session, purchase: PackPurchase, now: datetime) -> RefundQuote:
    remaining = _remaining(session, purchase, now)
    expired = purchase.expires_at is not None and now >= purchase.expires_at
    amount = credit_lots.refund_share(price_minor=purchase.price_minor, credits=purchase.credits, remaining=remaining,
                                      expired=expired)
    return RefundQuote(purchase.id, remaining if amount else 0, amount, purchase.currency)


@user_input
def purchases_of(session: Session, *, actor: Actor, customer_id: Id, now: datetime | None = None) -> list[PurchaseLine]:
    """A customer's paid and refunded purchases, newest first (staff, or the customer themself)."""
    now = now or utcnow()
    if actor.is_staff or actor.kind == "customer" and actor.id == customer_id:
        customer = get_owned(session, Customer, customer_id, actor)
    else:
        raise NotFound()
    rows = session.exec(select(PackPurchase).where(PackPurchase.customer_id == customer.id,
                                                   col(PackPurchase.status).in_(("paid", "refunded")))
                        .order_by(col(PackPurchase.created_at).desc(), col(PackPurchase.id).desc())).all()
    lines = []
    for p in rows:
        quote = _quote(session, p, now)
        lines.append(PurchaseLine(p.id, p.name, p.credits, _remaining(session, p, now), p.price_minor, p.currency,
                                  p.status, p.paid_at, p.expires_at, refundable=quote.amount_minor > 0,
                                  refunded_at=p.refunded_at))
    return lines


@user_input
def refund_quote(session: Session, *, actor: Actor, purchase_id: Id, now: datetime | None = None) -> RefundQuote:
    _staff(actor)
    purchase = get_owned(session, PackPurchase, purchase_id, actor)
    quote = _quote(session, purchase, now or utcnow())
    if quote.amount_minor <= 0:
        raise ValidationFailed("Nothing in this pack can be refunded: it is used up, expired or already refunded.", field="amount")
    return quote


@user_input
def refund_purchase(session: Session, *, actor: Actor, purchase_id: Id, quoted_minor: int, reason: Line,
                    now: datetime | None = None, gateway: PaymentGateway) -> RefundQuote:
    """Refund the unused part of a pack: its remaining credits leave the ledger
    ("pack_refund") and the quoted amount goes back to the card. Refused when the quote
    changed since staff saw it (a class booked or an expiry meanwhile)."""
    _staff(actor)
    now = now or utcnow()
    text = clean_text(reason, field="reason", label="a reason", max_length=200)
    purchase = get_owned(session, PackPurchase, purchase_id, actor, lock=True)
    customer = session.get(Customer, purchase.customer_id, with_for_update=True)
    credits.expire_due(session, customer, now)
    quote = _quote(session, purchase, now)
    if quote.amount_minor <= 0:
        raise ValidationFailed("Nothing in this pack can be refunded: it is used up, expired or already refunded.", field="amount")
    if quote.amount_minor != quoted_minor:
        raise ValidationFailed("The refund changed since it was shown: it is now {amount}. Check it and refund again.",
                               field="amount", amount=money_shown(quote.amount_minor, quote.currency))
    gateway.refund(external_id=purchase.external_id, amount_minor=quote.amount_minor,
                   idempotency_key=f"{purchase.idempotency_key}-refund")
    session.add(CreditLedger(organization_id=purchase.organization_id, customer_id=customer.id, delta=-quote.credits_removed,
                             reason=text, kind="pack_refund", pack_purchase_id=purchase.id, staff_user_id=actor.id,
                             created_at=now))
    purchase.status = "refunded"
    purchase.refunded_at = now
    purchase.refunded_minor = quote.amount_minor
    session.add(purchase)
    session.flush()
    log_action(session, actor=actor, action="credits.pack_refunded", organization_id=purchase.organization_id,
               customer_id=customer.id, data={"purchase_id": purchase.id, "credits": quote.credits_removed,
                                              "amount_minor": quote.amount_minor, "reason": text})
    org = session.get(Organization, purchase.organization_id)
    locale = customer.locale or org.locale
    _email(session, "credit_pack_refunded", org, customer, purchase, {
        "AMOUNT": fmt_money(quote.amount_minor, quote.currency, locale),
        "CREDITS_REFUNDED": str(quote.credits_removed), "REASON": text,
    })
    return quote
