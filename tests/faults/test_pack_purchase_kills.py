"""A worker killed while a customer buys a credit pack: after the gateway charged the card
and before the purchase was committed as paid (SIGKILL-like `os._exit`, no cleanup).

The purchase was committed as pending before the charge, with the payment's id, so it is
not lost: the reconciler (the sweeper's job) asks the gateway, finds the charge and
finishes it; the customer pressing the same button again does too. Either way: one charge,
exactly one ledger row, one receipt.
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from bookingapp.db import make_engine, unit_of_work
from bookingapp.integrations.payments import CardInput, LocalGateway
from bookingapp.models import CreditLedger, Customer, OutboxEmail, PackPurchase, utcnow
from bookingapp.services import credit_packs, credits
from tests.faults.killing import KILLED, run_killed

VISA = CardInput("4242424242424242", 12, 2030, "123")


class DiesAfterCharging(LocalGateway):
    def capture(self, **kw) -> int:
        captured = super().capture(**kw)
        os._exit(KILLED)  # the card is charged; our commit never happens
        return captured


def buy_then_die_after_the_charge(db_url: str, gateway_url: str, pack_id: int) -> None:
    engine, gateway = make_engine(db_url), DiesAfterCharging(make_engine(gateway_url))
    with Session(engine) as s:
        customer = s.exec(select(Customer)).one()
        credit_packs.start_purchase(s, org_slug="yoga", customer=customer, pack_id=pack_id, card=VISA,
                                    idempotency_key="form-1", gateway=gateway)



@pytest.fixture
def pack_id(engine):
    from tests import factories

    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin")
        factories.customer(s, org, "kim@example.com", name="Kim")
        return credit_packs.create_pack(s, actor=factories.staff_actor(s, org), name="5 classes", credits=5, price="45",
                                        validity_days=30).id


def _outcome(engine, gateway):
    with Session(engine) as s:
        [purchase] = s.exec(select(PackPurchase)).all()
        rows = s.exec(select(CreditLedger)).all()
        emails = Counter(e.template_key for e in s.exec(select(OutboxEmail)))
        balance = credits.balance(s, purchase.customer_id)
    with gateway.engine.connect() as conn:
        intents = conn.execute(sa.text("SELECT id, status, captured_minor FROM local_gateway_intent")).all()
    return purchase, rows, emails, balance, intents


@pytest.mark.parametrize("finisher", ["reconciler", "same_form_again"])
def test_a_worker_killed_between_the_charge_and_the_commit_credits_the_pack_exactly_once(db_url, engine, pack_id, tmp_path,
                                                                                         finisher):
    gateway_url = f"sqlite:///{tmp_path / 'ledger.db'}"
    gateway = LocalGateway(make_engine(gateway_url))

    run_killed(buy_then_die_after_the_charge, db_url, gateway_url, pack_id)

    purchase, rows, emails, _, intents = _outcome(engine, gateway)
    assert purchase.status == "pending" and purchase.external_id  # recorded before the charge: not lost
    assert rows == [] and emails == {}
    assert intents == [(purchase.external_id, "succeeded", 4500)]  # the card is charged

    if finisher == "reconciler":
        later = utcnow() + credit_packs.RECONCILE_AFTER + timedelta(seconds=1)
        assert credit_packs.reconcile_pending(gateway=gateway, now=later, engine=engine) == 1
        assert credit_packs.reconcile_pending(gateway=gateway, now=later, engine=engine) == 0  # a second sweep: nothing
    else:
        with Session(engine) as s:
            customer = s.exec(select(Customer)).one()
            credit_packs.start_purchase(s, org_slug="yoga", customer=customer, pack_id=pack_id, card=VISA,
                                        idempotency_key="form-1", gateway=gateway)
        later = utcnow() + credit_packs.RECONCILE_AFTER + timedelta(seconds=1)
        assert credit_packs.reconcile_pending(gateway=gateway, now=later, engine=engine) == 0

    purchase, rows, emails, balance, intents = _outcome(engine, gateway)
    assert purchase.status == "paid"
    assert [(r.kind, r.delta, r.pack_purchase_id) for r in rows] == [("pack", 5, purchase.id)]
    assert balance == 5
    assert emails == {"credit_pack_receipt": 1}
    assert intents == [(purchase.external_id, "succeeded", 4500)]  # still one charge
