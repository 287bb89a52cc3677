"""Cross-organization probes for staff editing and cancelling class sessions
(`bookingapp.services.session_changes`), merged into `PROBES` of test_cross_organization.py:
Beta's staff aim every action at Alpha's full class session and its waitlist."""

from __future__ import annotations

from datetime import date, timedelta

from bookingapp.domain.errors import NotFound
from bookingapp.services import session_changes
from tests.service.class_fixtures import NOW


def _edit() -> session_changes.SessionEdit:
    return session_changes.SessionEdit(starts_at=NOW + timedelta(days=4), duration_minutes=60, capacity=20, credit_cost=1,
                                       location="Beta hall")


PROBES = {
    "session_changes.edit_session": (lambda s, a, b, g: session_changes.edit_session(
        s, actor=b.actor, class_session_id=a.full_session_id, edit=_edit(), now=NOW), NotFound),
    "session_changes.edit_session#own": (lambda s, a, b, g: session_changes.edit_session(
        s, actor=b.actor, class_session_id=b.session_id, edit=_edit(), now=NOW), False),
    "session_changes.edit_from_form": (lambda s, a, b, g: session_changes.edit_from_form(
        s, actor=b.actor, form={"starts_at": "2026-12-01T18:00", "duration": "60", "capacity": "5", "credit_cost": "1"}), False),
    "session_changes.cancel_preview": (lambda s, a, b, g: session_changes.cancel_preview(
        s, actor=b.actor, class_session_id=a.full_session_id, scope="series", now=NOW), NotFound),
    "session_changes.cancel_sessions": (lambda s, a, b, g: session_changes.cancel_sessions(
        s, actor=b.actor, class_session_id=a.full_session_id, scope="this", reason="", note="beta says so", now=NOW), NotFound),
    "session_changes.cancel_sessions#own": (lambda s, a, b, g: session_changes.cancel_sessions(
        s, actor=b.actor, class_session_id=b.session_id, scope="series", reason="", note="beta says so", now=NOW), False),
    "session_changes.promote": (lambda s, a, b, g: session_changes.promote(
        s, actor=b.actor, entry_id=a.waitlist_entry_id, now=NOW), NotFound),
    "session_changes.reasons": (lambda s, a, b, g: session_changes.reasons(s, actor=b.actor), False),
    "session_changes.reason_translations": (lambda s, a, b, g: session_changes.reason_translations(s, actor=b.actor), False),
    "session_changes.set_reasons": (lambda s, a, b, g: session_changes.set_reasons(
        s, actor=b.actor, text="Teacher ill\nRoom closed", translations={"de": "Lehrkraft krank"}), False),
    # Alpha's customer cancelled nothing yet; Beta's report over any range shows only Beta's.
    "session_changes.cancellations_report": (lambda s, a, b, g: session_changes.cancellations_report(
        s, actor=b.actor, first=date(2026, 1, 1), last=date(2026, 12, 31)), False),
}
