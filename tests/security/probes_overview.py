"""Probes of the dashboard home and the occupancy and requests reports (issue 24): Beta's
staff, asking with Alpha's service, see only Beta's figures (none of Alpha's)."""

from __future__ import annotations

from datetime import timedelta

from bookingapp.services import occupancy_report, overview, report_scope, requests_report
from tests.service.class_fixtures import NOW

_FIRST, _LAST = (NOW - timedelta(days=60)).date(), (NOW + timedelta(days=60)).date()

PROBES = {
    "overview.overview": (lambda s, a, b, g: overview.overview(s, actor=b.actor, now=NOW), False),
    "occupancy_report.occupancy_report": (lambda s, a, b, g: occupancy_report.occupancy_report(
        s, actor=b.actor, first=_FIRST, last=_LAST, service_id=a.class_service_id), False),
    # Every report starts here: Beta's staff get Beta's organization, never Alpha's.
    "report_scope.staff_organization": (lambda s, a, b, g: report_scope.staff_organization(s, b.actor), False),
    "requests_report.requests_report": (lambda s, a, b, g: requests_report.requests_report(
        s, actor=b.actor, first=_FIRST, last=_LAST), False),
}
