"""Which credits a debit spends, which have expired, what a pack refund pays back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookingapp.domain.credit_lots import (
    Lot,
    NotEnoughInLots,
    allocate,
    available,
    refund_share,
    refund_targets,
    to_expire,
)

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


def test_a_debit_spends_the_pack_that_ends_first_and_grants_last():
    later = Lot(2, 5, NOW + timedelta(days=60))
    sooner = Lot(1, 2, NOW + timedelta(days=10))
    granted = Lot(None, 10)

    assert allocate([granted, later, sooner], 4, NOW) == [(1, 2), (2, 2)]
    assert allocate([granted, later, sooner], 8, NOW) == [(1, 2), (2, 5), (None, 1)]


def test_an_expired_lot_is_never_spent():
    ended = Lot(1, 5, NOW - timedelta(seconds=1))
    with pytest.raises(NotEnoughInLots):
        allocate([ended, Lot(None, 1)], 2, NOW)
    assert available([ended, Lot(None, 1)], NOW) == 1
    assert to_expire([ended, Lot(None, 1), Lot(2, 0, NOW - timedelta(days=1))], NOW) == [(1, 5)]


def test_a_lot_ends_exactly_at_its_expiry():
    assert Lot(1, 1, NOW).expired(NOW)
    assert not Lot(1, 1, NOW + timedelta(microseconds=1)).expired(NOW)


def test_a_refund_goes_back_to_the_lots_the_debit_took_from():
    assert refund_targets({1: 2, 2: 1}, 3) == [(2, 1), (1, 2)]
    assert refund_targets({None: 1, 1: 1}, 1) == [(None, 1)]


def test_pack_refund_rule():
    assert refund_share(price_minor=4500, credits=10, remaining=10, expired=False) == 4500
    assert refund_share(price_minor=4500, credits=10, remaining=3, expired=False) == 1350
    assert refund_share(price_minor=1000, credits=3, remaining=1, expired=False) == 333  # rounded down
    assert refund_share(price_minor=4500, credits=10, remaining=10, expired=True) == 0
    assert refund_share(price_minor=4500, credits=10, remaining=0, expired=False) == 0


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(-5, 40)), max_size=6), st.integers(1, 60))
def test_allocation_takes_exactly_the_cost_from_spendable_lots(raw, cost):
    lots = [Lot(i + 1, n, NOW + timedelta(days=d)) for i, (n, d) in enumerate(raw)]
    try:
        taken = allocate(lots, cost, NOW)
    except NotEnoughInLots:
        assert available(lots, NOW) < cost
        return
    assert sum(n for _, n in taken) == cost
    by_id = {lot.purchase_id: lot for lot in lots}
    for purchase_id, n in taken:
        assert 0 < n <= by_id[purchase_id].remaining and not by_id[purchase_id].expired(NOW)
