"""Credit packs: the provider's packs, buying one on the portal with a card, spending the
oldest first, expiry, refunds with a quote, and purchases finished by the webhook."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.class_rules import NotEnoughCredits
from bookingapp.domain.errors import (
    NotFound,
    PaymentDeclined,
    PaymentError,
    PermissionDenied,
    ValidationFailed,
)
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    CreditLedger,
    CreditPack,
    Customer,
    OutboxEmail,
    PackPurchase,
    Service,
    WebhookEvent,
)
from bookingapp.services import class_bookings, credit_packs, credits, session_changes, webhooks
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import NOW, class_service, class_session

VISA = CardInput("4242424242424242", 12, 2030, "123")
DECLINED = CardInput("4000000000000002", 12, 2030, "123")


@dataclass
class World:
    org_id: int
    slug: str
    staff: object
    ann_id: int
    small_id: int  # 5 credits, 30 days, €45
    big_id: int  # 10 credits, 90 days, €80
    session_id: int


@pytest.fixture
def world(engine) -> World:
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin")
        staff = factories.staff_actor(s, org)
        ann = factories.customer(s, org, "ann@example.com", name="Ann")
        small = credit_packs.create_pack(s, actor=staff, name="5 classes", credits=5, price="45", validity_days=30)
        big = credit_packs.create_pack(s, actor=staff, name="10 classes", credits="10", price="80,00", validity_days="90")
        cs = class_session(s, class_service(s, org), capacity=5, credit_cost=2, starts_at=NOW + timedelta(days=40))
        return World(org.id, org.slug, staff, ann.id, small.id, big.id, cs.id)


def _buy(engine, world, gateway, pack_id, *, key="form-1", card=VISA, now=NOW):
    with Session(engine) as s:
        customer = s.get(Customer, world.ann_id)
        return credit_packs.start_purchase(s, org_slug=world.slug, customer=customer, pack_id=pack_id, card=card,
                                           idempotency_key=key, gateway=gateway, now=now)


def _ledger(engine, customer_id):
    with Session(engine) as s:
        return s.exec(select(CreditLedger).where(CreditLedger.customer_id == customer_id).order_by(CreditLedger.id)).all()


def _balance(engine, customer_id, now=NOW):
    with Session(engine) as s:
        return credits.balance(s, customer_id, now)


def _emails(engine):
    with Session(engine) as s:
        return Counter(e.template_key for e in s.exec(select(OutboxEmail)))


def _book(engine, world, *, now=NOW, session_id=None):
    with unit_of_work(engine) as s:
        customer = s.get(Customer, world.ann_id)
        return class_bookings.book_seat(s, class_session_id=session_id or world.session_id, customer=customer,
                                        actor=customer_actor(customer), now=now, source="online", use_credits=True)


# --- the provider's packs --------------------------------------------------------------


def test_packs_are_created_with_their_terms_and_listed_on_sale_first(engine, world):
    with unit_of_work(engine) as s:
        credit_packs.set_archived(s, actor=world.staff, pack_id=world.small_id, archived=True)
    with Session(engine) as s:
        listed = credit_packs.packs(s, actor=world.staff)
        for_sale = credit_packs.packs_for_sale(s, org_slug=world.slug)
    assert [(p.name, p.archived) for p in listed] == [("10 classes", False), ("5 classes", True)]
    assert [(p.credits, p.price_minor, p.validity_days) for p in for_sale] == [(10, 8000, 90)]


@pytest.mark.parametrize(("field", "values"), [
    ("name", dict(name=" ")),
    ("credits", dict(credits=0)),
    ("credits", dict(credits="two")),
    ("credits", dict(credits="\u0665")),  # an Arabic-Indic five: int() would take it, typed text is ASCII digits
    ("validity_days", dict(validity_days="+30")),
    ("price", dict(price="0")),
    ("price", dict(price="-5")),
    ("price", dict(price="4.555")),
    ("validity_days", dict(validity_days=0)),
    ("validity_days", dict(validity_days="9999")),
])
def test_a_pack_with_bad_terms_is_refused_and_nothing_is_written(engine, world, field, values):
    terms = dict(name="Trial", credits=1, price="10", validity_days=14) | values
    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        credit_packs.create_pack(s, actor=world.staff, **terms)
    assert refused.value.field == field
    with Session(engine) as s:
        assert len(s.exec(select(CreditPack)).all()) == 2


def test_an_edited_pack_sells_the_new_terms_and_purchases_keep_theirs(engine, world, gateway):
    _buy(engine, world, gateway, world.small_id)
    with unit_of_work(engine) as s:
        credit_packs.update_pack(s, actor=world.staff, pack_id=world.small_id, name="5 classes", credits=6, price="50",
                                 validity_days=30)
    with Session(engine) as s:
        [purchase] = s.exec(select(PackPurchase)).all()
        assert (purchase.credits, purchase.price_minor) == (5, 4500)
        assert s.get(CreditPack, world.small_id).credits == 6


def test_customers_cannot_manage_packs(engine, world):
    with Session(engine) as s:
        actor = customer_actor(s.get(Customer, world.ann_id))
        with pytest.raises(PermissionDenied):
            credit_packs.create_pack(s, actor=actor, name="Free", credits=100, price="1", validity_days=1)
        with pytest.raises(PermissionDenied):
            credit_packs.packs(s, actor=actor)


# --- buying ----------------------------------------------------------------------------


def test_buying_a_pack_charges_the_card_credits_the_ledger_and_sends_a_receipt(engine, world, gateway):
    purchase = _buy(engine, world, gateway, world.small_id)

    assert purchase.status == "paid" and purchase.expires_at == NOW + timedelta(days=30)
    [row] = _ledger(engine, world.ann_id)
    assert (row.kind, row.delta, row.pack_purchase_id) == ("pack", 5, purchase.id)
    assert _balance(engine, world.ann_id) == 5
    assert gateway.status(purchase.external_id)["status"] == "succeeded"
    assert gateway.status(purchase.external_id)["captured_minor"] == 4500
    assert _emails(engine) == {"credit_pack_receipt": 1}
    with Session(engine) as s:
        receipt = s.exec(select(OutboxEmail)).one()
    assert "5 classes" in receipt.subject and "€45.00" in receipt.text and "/b/yoga/credits" in receipt.text


def test_the_same_form_submitted_twice_buys_once(engine, world, gateway):
    first = _buy(engine, world, gateway, world.small_id, key="form-7")
    again = _buy(engine, world, gateway, world.small_id, key="form-7")

    assert first.id == again.id
    assert _balance(engine, world.ann_id) == 5 and len(_ledger(engine, world.ann_id)) == 1
    assert _emails(engine) == {"credit_pack_receipt": 1}
    with gateway.engine.connect() as conn:
        import sqlalchemy as sa

        assert conn.execute(sa.text("SELECT count(*) FROM local_gateway_intent")).scalar() == 1


def test_a_declined_card_writes_no_credits(engine, world, gateway):
    with pytest.raises(PaymentDeclined):
        _buy(engine, world, gateway, world.small_id, card=DECLINED)

    assert _ledger(engine, world.ann_id) == [] and _emails(engine) == {}
    with Session(engine) as s:
        [purchase] = s.exec(select(PackPurchase)).all()
    assert purchase.status == "failed"
    # A new attempt (a new form submission) with a good card goes through.
    assert _buy(engine, world, gateway, world.small_id, key="form-2").status == "paid"


def test_a_gateway_error_on_the_charge_leaves_the_purchase_pending_and_the_same_form_finishes_it(engine, world, gateway):
    class Flaky:
        def __init__(self, inner):
            self.inner, self.failed = inner, False

        def __getattr__(self, name):
            return getattr(self.inner, name)

        def capture(self, **kw):
            if not self.failed:
                self.failed = True
                raise PaymentError(reason="the payment service did not answer")
            return self.inner.capture(**kw)

    with pytest.raises(PaymentError):
        _buy(engine, world, Flaky(gateway), world.small_id, key="form-9")
    with Session(engine) as s:
        assert s.exec(select(PackPurchase)).one().status == "pending"
    assert _ledger(engine, world.ann_id) == []

    assert _buy(engine, world, gateway, world.small_id, key="form-9").status == "paid"
    assert [(r.kind, r.delta) for r in _ledger(engine, world.ann_id)] == [("pack", 5)]
    assert _emails(engine) == {"credit_pack_receipt": 1}


def test_an_invalid_card_is_refused_before_anything_is_recorded(engine, world, gateway):
    with pytest.raises(ValidationFailed):
        _buy(engine, world, gateway, world.small_id, card=CardInput("4242424242424241", 12, 2030, "123"))
    with Session(engine) as s:
        assert s.exec(select(PackPurchase)).all() == []


def test_an_archived_pack_cannot_be_bought(engine, world, gateway):
    with unit_of_work(engine) as s:
        credit_packs.set_archived(s, actor=world.staff, pack_id=world.small_id, archived=True)
    with pytest.raises(NotFound):
        _buy(engine, world, gateway, world.small_id)


# --- spending, expiry -------------------------------------------------------------------


def test_bookings_spend_the_pack_that_ends_first(engine, world, gateway):
    big = _buy(engine, world, gateway, world.big_id, key="a")  # ends in 90 days
    small = _buy(engine, world, gateway, world.small_id, key="b")  # ends in 30 days

    _book(engine, world)  # 2 credits

    debits = [(r.pack_purchase_id, r.delta) for r in _ledger(engine, world.ann_id) if r.kind == "debit"]
    assert debits == [(small.id, -2)]
    assert _balance(engine, world.ann_id) == 13
    assert big.id != small.id


def test_a_debit_spanning_two_packs_takes_from_both_and_a_refund_goes_back_to_each(engine, world, gateway):
    with unit_of_work(engine) as s:
        cs = class_session(s, s.exec(select(Service)).one(), capacity=5, credit_cost=6, starts_at=NOW + timedelta(days=5))
        expensive = cs.id
    small = _buy(engine, world, gateway, world.small_id, key="a")
    big = _buy(engine, world, gateway, world.big_id, key="b")

    booking = _book(engine, world, session_id=expensive)

    assert sorted((r.pack_purchase_id, r.delta) for r in _ledger(engine, world.ann_id) if r.kind == "debit") == \
        sorted([(small.id, -5), (big.id, -1)])
    with unit_of_work(engine) as s:
        class_bookings.cancel_seat(s, booking_id=booking.id, actor=world.staff, reason="Injured", now=NOW)
    refunds = sorted((r.pack_purchase_id, r.delta) for r in _ledger(engine, world.ann_id) if r.kind == "refund")
    assert refunds == sorted([(small.id, 5), (big.id, 1)])
    assert _balance(engine, world.ann_id) == 15


def test_credits_expire_at_the_packs_end_and_are_never_spent_after(engine, world, gateway):
    purchase = _buy(engine, world, gateway, world.small_id)
    after = NOW + timedelta(days=30)

    assert _balance(engine, world.ann_id, after - timedelta(seconds=1)) == 5
    assert _balance(engine, world.ann_id, after) == 0  # left out before the row is written
    with pytest.raises(NotEnoughCredits):
        _book(engine, world, now=after)
    assert credit_packs.expire_ended_packs(now=after, engine=engine) == 1  # the refused booking wrote nothing
    rows = _ledger(engine, world.ann_id)
    assert [(r.kind, r.delta, r.pack_purchase_id) for r in rows] == [("pack", 5, purchase.id), ("expire", -5, purchase.id)]
    assert sum(r.delta for r in rows) == _balance(engine, world.ann_id, after) == 0
    assert credit_packs.expire_ended_packs(now=after, engine=engine) == 0  # once


def test_the_sweeper_writes_the_expiry_into_the_ledger(engine, world, gateway):
    _buy(engine, world, gateway, world.small_id)
    assert credit_packs.expire_ended_packs(now=NOW + timedelta(days=31), engine=engine) == 1
    assert sum(r.delta for r in _ledger(engine, world.ann_id)) == 0


def test_a_refund_of_a_booking_after_its_pack_ended_expires_at_once(engine, world, gateway):
    _buy(engine, world, gateway, world.small_id)
    booking = _book(engine, world)
    later = NOW + timedelta(days=31)
    with unit_of_work(engine) as s:
        class_bookings.cancel_seat(s, booking_id=booking.id, actor=world.staff, reason="Studio closed", now=later)
    rows = _ledger(engine, world.ann_id)
    assert [r.kind for r in rows] == ["pack", "debit", "refund", "expire"]
    assert sum(r.delta for r in rows) == _balance(engine, world.ann_id, later) == 0


def test_a_class_the_business_cancels_after_the_pack_ended_gives_credits_that_do_not_expire(engine, world, gateway):
    _buy(engine, world, gateway, world.small_id)
    _book(engine, world)
    later = NOW + timedelta(days=31)  # the 30-day pack has ended; the class is still to come
    with unit_of_work(engine) as s:
        session_changes.cancel_sessions(s, actor=world.staff, class_session_id=world.session_id, scope="this",
                                        reason="", note="Teacher ill", now=later)
    rows = _ledger(engine, world.ann_id)
    assert [(r.kind, r.delta, r.pack_purchase_id is None) for r in rows if r.kind in ("refund", "expire")][0] == ("refund", 2, True)
    assert _balance(engine, world.ann_id, later) == 2  # the 3 unspent credits of the pack expired, the class's 2 did not
    assert _balance(engine, world.ann_id, later + timedelta(days=365)) == 2


# --- refunds ------------------------------------------------------------------------------


def test_an_unused_pack_refunds_in_full_a_used_one_its_share(engine, world, gateway):
    small = _buy(engine, world, gateway, world.small_id, key="a")
    with Session(engine) as s:
        quote = credit_packs.refund_quote(s, actor=world.staff, purchase_id=small.id, now=NOW)
    assert (quote.credits_removed, quote.amount_minor) == (5, 4500)

    _book(engine, world)  # 2 of its 5 credits
    with Session(engine) as s:
        quote = credit_packs.refund_quote(s, actor=world.staff, purchase_id=small.id, now=NOW)
        [line] = credit_packs.purchases_of(s, actor=world.staff, customer_id=world.ann_id, now=NOW)
    assert (quote.credits_removed, quote.amount_minor) == (3, 2700)
    assert (line.remaining, line.refundable) == (3, True)

    with unit_of_work(engine) as s:
        credit_packs.refund_purchase(s, actor=world.staff, purchase_id=small.id, quoted_minor=2700, reason="Moving away",
                                     now=NOW, gateway=gateway)
    assert _balance(engine, world.ann_id) == 0
    assert gateway.status(small.external_id)["refunded_minor"] == 2700
    assert _emails(engine)["credit_pack_refunded"] == 1
    with Session(engine) as s, pytest.raises(ValidationFailed):
        credit_packs.refund_quote(s, actor=world.staff, purchase_id=small.id, now=NOW)


def test_a_refund_whose_quote_changed_is_refused(engine, world, gateway):
    small = _buy(engine, world, gateway, world.small_id)
    with Session(engine) as s:
        shown = credit_packs.refund_quote(s, actor=world.staff, purchase_id=small.id, now=NOW).amount_minor
    _book(engine, world)  # meanwhile the customer books a class

    with pytest.raises(ValidationFailed, match="changed"), unit_of_work(engine) as s:
        credit_packs.refund_purchase(s, actor=world.staff, purchase_id=small.id, quoted_minor=shown, reason="Asked",
                                     now=NOW, gateway=gateway)
    assert _balance(engine, world.ann_id) == 3
    assert gateway.status(small.external_id)["refunded_minor"] == 0


def test_an_expired_pack_refunds_nothing(engine, world, gateway):
    small = _buy(engine, world, gateway, world.small_id)
    with Session(engine) as s, pytest.raises(ValidationFailed):
        credit_packs.refund_quote(s, actor=world.staff, purchase_id=small.id, now=NOW + timedelta(days=30))


# --- finished by the webhook or the reconciler ----------------------------------------------


def _charged_but_not_committed(engine, world, gateway):
    """What a worker killed after the charge leaves behind: a pending purchase whose payment succeeded."""
    with unit_of_work(engine) as s:
        purchase = PackPurchase(organization_id=world.org_id, customer_id=world.ann_id, pack_id=world.small_id,
                                name="5 classes", credits=5, price_minor=4500, currency="EUR", status="pending",
                                idempotency_key="pack-x", created_at=NOW, expires_at=NOW + timedelta(days=30))
        s.add(purchase)
        s.flush()
        hold = gateway.authorize(amount_minor=4500, currency="EUR", card=VISA, idempotency_key="pack-x-authorize")
        purchase.external_id = hold.external_id
        gateway.capture(external_id=hold.external_id, amount_minor=4500, idempotency_key="pack-x-capture")
        return purchase.id, hold.external_id


def test_the_webhook_completes_a_pending_purchase_once(engine, world, gateway):
    purchase_id, intent = _charged_but_not_committed(engine, world, gateway)
    event = {"id": "evt_1", "type": "payment_intent.succeeded", "data": {"object": {"id": intent, "amount_received": 4500}}}
    for replay in (event, event | {"id": "evt_2"}):
        with unit_of_work(engine) as s:
            row = webhooks.record_event(s, gateway="stripe", event=replay)
            webhooks.process_event(s, row, now=NOW)
    # The reconciler, later, finds nothing left to do.
    assert credit_packs.reconcile_pending(gateway=gateway, now=NOW + timedelta(hours=1), engine=engine) == 0

    with Session(engine) as s:
        assert s.get(PackPurchase, purchase_id).status == "paid"
        assert [e.result for e in s.exec(select(WebhookEvent).order_by(WebhookEvent.id))] == ["pack paid", "already recorded"]
    assert [(r.kind, r.delta) for r in _ledger(engine, world.ann_id)] == [("pack", 5)]
    assert _emails(engine) == {"credit_pack_receipt": 1}


def test_the_reconciler_completes_a_pending_purchase_the_gateway_charged(engine, world, gateway):
    purchase_id, _ = _charged_but_not_committed(engine, world, gateway)
    assert credit_packs.reconcile_pending(gateway=gateway, now=NOW + timedelta(seconds=30), engine=engine) == 0  # too soon
    assert credit_packs.reconcile_pending(gateway=gateway, now=NOW + timedelta(minutes=5), engine=engine) == 1
    assert credit_packs.reconcile_pending(gateway=gateway, now=NOW + timedelta(minutes=9), engine=engine) == 0
    assert [(r.kind, r.delta) for r in _ledger(engine, world.ann_id)] == [("pack", 5)]
    assert _emails(engine) == {"credit_pack_receipt": 1}


# --- other organizations ---------------------------------------------------------------------


def test_another_organizations_staff_and_customers_get_nowhere(engine, world, gateway):
    purchase = _buy(engine, world, gateway, world.small_id)
    with unit_of_work(engine) as s:
        other = factories.organization(s, "boxing")
        intruder = factories.staff_actor(s, other)
        stranger = factories.customer(s, other, "eve@example.com", name="Eve")
    with Session(engine) as s:
        for call in (
            lambda: credit_packs.update_pack(s, actor=intruder, pack_id=world.small_id, name="x", credits=1, price="1",
                                             validity_days=1),
            lambda: credit_packs.set_archived(s, actor=intruder, pack_id=world.small_id, archived=True),
            lambda: credit_packs.refund_quote(s, actor=intruder, purchase_id=purchase.id, now=NOW),
            lambda: credit_packs.purchases_of(s, actor=intruder, customer_id=world.ann_id, now=NOW),
            lambda: credit_packs.purchases_of(s, actor=customer_actor(stranger), customer_id=world.ann_id, now=NOW),
        ):
            with pytest.raises(NotFound):
                call()
        assert credit_packs.packs(s, actor=intruder) == []
        stranger = s.get(Customer, stranger.id)
        # A customer of another business cannot buy here, nor buy another business's pack at home.
        with pytest.raises(PermissionDenied):
            credit_packs.start_purchase(s, org_slug=world.slug, customer=stranger, pack_id=world.small_id, card=VISA,
                                        idempotency_key="z", gateway=gateway, now=NOW)
        with pytest.raises(NotFound):
            credit_packs.start_purchase(s, org_slug="boxing", customer=stranger, pack_id=world.small_id, card=VISA,
                                        idempotency_key="z", gateway=gateway, now=NOW)
