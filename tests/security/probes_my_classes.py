"""Cross-organization probes for "Your classes" and cancelling a whole series
(merged into PROBES by test_cross_organization.py)."""

from __future__ import annotations

from bookingapp.domain.errors import NotFound
from bookingapp.services import my_classes
from bookingapp.services.customer_accounts import customer_actor
from tests.service.class_fixtures import NOW


def _beta_customer_actor(s, b):
    from bookingapp.models import Customer

    return customer_actor(s.get(Customer, b.customer_id))


PROBES = {
    "my_classes.my_classes": (lambda s, a, b, g: my_classes.my_classes(
        s, actor=b.actor, customer_id=a.customer_id, now=NOW), NotFound),
    "my_classes.my_classes#customer": (lambda s, a, b, g: my_classes.my_classes(
        s, actor=_beta_customer_actor(s, b), customer_id=a.customer_id, now=NOW), NotFound),
    "my_classes.series_cancel_preview": (lambda s, a, b, g: my_classes.series_cancel_preview(
        s, actor=b.actor, series_id=a.series_id, now=NOW), NotFound),
    "my_classes.cancel_series": (lambda s, a, b, g: my_classes.cancel_series(
        s, actor=b.actor, series_id=a.series_id, reason="x", now=NOW), NotFound),
    "my_classes.cancel_series#customer": (lambda s, a, b, g: my_classes.cancel_series(
        s, actor=_beta_customer_actor(s, b), series_id=a.series_id, reason="x", now=NOW), NotFound),
}
