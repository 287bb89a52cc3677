"""Probes of the cancellations and no-shows reports (issue 24): Beta's staff, asking with
Alpha's service, see only Beta's figures (none)."""

from __future__ import annotations

from datetime import timedelta

from bookingapp.services import cancellations_report, noshows_report
from tests.service.class_fixtures import NOW

PROBES = {
    "cancellations_report.cancellation_counts": (lambda s, a, b, g: cancellations_report.cancellation_counts(
        s, actor=b.actor, first=(NOW - timedelta(days=60)).date(), last=(NOW + timedelta(days=60)).date(),
        service_id=a.class_service_id), False),
    "noshows_report.noshows_report": (lambda s, a, b, g: noshows_report.noshows_report(
        s, actor=b.actor, first=(NOW - timedelta(days=60)).date(), last=(NOW + timedelta(days=60)).date(),
        service_id=a.class_service_id), False),
}
