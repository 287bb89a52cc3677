"""Cross-organization probes for credit packs (issue 22), merged into PROBES by
test_cross_organization.py: Beta's staff can neither see, change nor refund Alpha's packs
and purchases; their own list holds only Beta's packs."""

from __future__ import annotations

from datetime import UTC, datetime

from bookingapp.domain.errors import NotFound
from bookingapp.services import credit_packs

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)

PROBES = {
    "credit_packs.packs": (lambda s, a, b, g: credit_packs.packs(s, actor=b.actor), False),
    "credit_packs.create_pack": (lambda s, a, b, g: credit_packs.create_pack(
        s, actor=b.actor, name="Beta pack", credits=3, price="30", validity_days=10), False),
    "credit_packs.update_pack": (lambda s, a, b, g: credit_packs.update_pack(
        s, actor=b.actor, pack_id=a.pack_id, name="Beta was here", credits=1, price="1", validity_days=1), NotFound),
    "credit_packs.set_archived": (lambda s, a, b, g: credit_packs.set_archived(
        s, actor=b.actor, pack_id=a.pack_id, archived=True), NotFound),
    "credit_packs.purchases_of": (lambda s, a, b, g: credit_packs.purchases_of(
        s, actor=b.actor, customer_id=a.customer_id, now=NOW), NotFound),
    "credit_packs.refund_quote": (lambda s, a, b, g: credit_packs.refund_quote(
        s, actor=b.actor, purchase_id=a.pack_purchase_id, now=NOW), NotFound),
    "credit_packs.refund_purchase": (lambda s, a, b, g: credit_packs.refund_purchase(
        s, actor=b.actor, purchase_id=a.pack_purchase_id, quoted_minor=4500, reason="Beta", now=NOW, gateway=g), NotFound),
}
