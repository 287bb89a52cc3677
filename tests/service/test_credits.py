"""The credits ledger: the balance is the sum; staff grant, record purchases and adjust,
always with a reason, never below zero."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.models import ActivityLog, CreditLedger, Customer
from bookingapp.services import credits
from bookingapp.services.customer_accounts import customer_actor
from tests import factories


@pytest.fixture
def setup(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga")
        staff = factories.staff_actor(s, org)
        ann = factories.customer(s, org, "ann@example.com", name="Ann")
        return staff, ann.id


def _grant(engine, actor, customer_id, delta, reason="Welcome pack", kind="grant"):
    with unit_of_work(engine) as s:
        return credits.grant(s, actor=actor, customer_id=customer_id, delta=delta, reason=reason, kind=kind)


def _balance(engine, customer_id):
    with Session(engine) as s:
        return credits.balance(s, customer_id)


def test_a_new_customer_has_a_zero_balance(engine, setup):
    assert _balance(engine, setup[1]) == 0


def test_the_balance_is_the_sum_of_grants_purchases_and_adjustments(engine, setup):
    staff, ann = setup
    _grant(engine, staff, ann, 5)
    _grant(engine, staff, ann, 10, reason="10-class card paid in cash", kind="purchase")
    _grant(engine, staff, ann, -3, reason="Correction: double entry", kind="adjust")

    assert _balance(engine, ann) == 12
    with Session(engine) as s:
        rows = credits.history(s, ann)
        logged = s.exec(select(ActivityLog.action).where(ActivityLog.customer_id == ann)).all()
    assert [(r.kind, r.delta, r.reason) for r in rows] == [
        ("adjust", -3, "Correction: double entry"), ("purchase", 10, "10-class card paid in cash"), ("grant", 5, "Welcome pack")]
    assert all(r.staff_user_id == staff.id for r in rows)
    assert sorted(logged) == ["credits.adjusted", "credits.granted", "credits.purchased"]


def test_an_adjustment_can_never_take_the_balance_below_zero(engine, setup):
    staff, ann = setup
    _grant(engine, staff, ann, 2)

    with pytest.raises(ValidationFailed) as refused:
        _grant(engine, staff, ann, -3, reason="Oops", kind="adjust")

    assert str(refused.value) == "The balance is 2: an adjustment cannot take it below zero."
    _grant(engine, staff, ann, -2, reason="Back to zero", kind="adjust")
    assert _balance(engine, ann) == 0


@pytest.mark.parametrize(("delta", "reason", "kind"), [
    (5, "", "grant"),          # no reason
    (0, "Nothing", "grant"),   # no change
    (-1, "Take one", "grant"),  # only adjustments take away
    (1001, "Too many", "grant"),
    (5, "Gift", "debit"),      # debits come from bookings only
])
def test_bad_grants_are_refused_and_write_nothing(engine, setup, delta, reason, kind):
    staff, ann = setup

    with pytest.raises(ValidationFailed):
        _grant(engine, staff, ann, delta, reason=reason, kind=kind)
    with Session(engine) as s:
        assert s.exec(select(CreditLedger)).all() == []


def test_only_staff_of_the_organization_can_grant(engine, setup):
    staff, ann = setup
    with Session(engine) as s:
        as_customer = customer_actor(s.get(Customer, ann))
    with unit_of_work(engine) as s:
        other_staff = factories.staff_actor(s, factories.organization(s, "other"))

    with pytest.raises(PermissionDenied):
        _grant(engine, as_customer, ann, 5)
    with pytest.raises(NotFound):
        _grant(engine, other_staff, ann, 5)
    assert _balance(engine, ann) == 0
