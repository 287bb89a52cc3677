"""Credit lots: which credits a debit spends, and which have expired. Pure rules, no database.

A lot is the credits of one pack purchase (they expire at the pack's end) or the staff's
grants (`purchase_id` None; they never expire). Its remaining credits are the sum of its
ledger rows. A debit spends the lot that expires soonest first (FIFO by expiry), the
never-expiring credits last, so nothing is lost that could have been used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Lot:
    purchase_id: int | None  # None: staff grants, no expiry
    remaining: int
    expires_at: datetime | None = None

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at


class NotEnoughInLots(Exception):
    def __init__(self, available: int, cost: int) -> None:
        super().__init__(f"{available} available, {cost} needed")
        self.available, self.cost = available, cost


def spendable(lots: list[Lot], now: datetime) -> list[Lot]:
    """Lots with credits left that can still be spent, in the order they are spent."""
    usable = [lot for lot in lots if lot.remaining > 0 and not lot.expired(now)]
    return sorted(usable, key=lambda lot: (lot.expires_at is None, lot.expires_at.timestamp() if lot.expires_at else 0,
                                           lot.purchase_id or 0))


def available(lots: list[Lot], now: datetime) -> int:
    return sum(lot.remaining for lot in spendable(lots, now))


def allocate(lots: list[Lot], cost: int, now: datetime) -> list[tuple[int | None, int]]:
    """(purchase_id, credits) taken from each lot to pay `cost`, soonest-expiring first.
    Raises NotEnoughInLots when the spendable credits do not cover it."""
    if cost <= 0:
        return []
    usable = spendable(lots, now)
    total = sum(lot.remaining for lot in usable)
    if total < cost:
        raise NotEnoughInLots(total, cost)
    taken: list[tuple[int | None, int]] = []
    left = cost
    for lot in usable:
        part = min(lot.remaining, left)
        taken.append((lot.purchase_id, part))
        left -= part
        if left == 0:
            break
    return taken


def to_expire(lots: list[Lot], now: datetime) -> list[tuple[int, int]]:
    """(purchase_id, credits) that have expired and still stand in the ledger."""
    return [(lot.purchase_id, lot.remaining) for lot in lots
            if lot.purchase_id is not None and lot.expired(now) and lot.remaining > 0]


def refund_targets(spent: dict[int | None, int], credits: int) -> list[tuple[int | None, int]]:
    """Where `credits` of a booking's debit go back: to the lots it was taken from
    (`spent`: net credits per lot), the lot without expiry first, then the latest
    bought, so a partial refund favours the credits that last. Whether a lot has
    since expired is the ledger's business: its credits then expire again at once."""
    order = sorted(spent.items(), key=lambda item: (item[0] is not None, -(item[0] or 0)))
    back: list[tuple[int | None, int]] = []
    left = credits
    for purchase_id, net in order:
        if left <= 0:
            break
        part = min(net, left)
        if part > 0:
            back.append((purchase_id, part))
            left -= part
    if left > 0:  # more than was debited (never from our callers): the lasting lot takes it
        back.append((None, left))
    return back


def refund_share(*, price_minor: int, credits: int, remaining: int, expired: bool) -> int:
    """What a pack refund pays back: all of it unused, remaining/credits of the price when
    partly used (rounded down to the minor unit), nothing once expired or all spent."""
    if expired or remaining <= 0 or credits <= 0:
        return 0
    if remaining >= credits:
        return price_minor
    return price_minor * remaining // credits
