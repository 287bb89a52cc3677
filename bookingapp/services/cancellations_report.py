"""Reports → Cancellations: every booking cancelled in a range of local days (appointments,
requests and class places), counted by reason and by who cancelled, with filters for
service and staff. The detailed list under the chart is `session_changes.cancellations_report`.

What a cancellation is, and who made it, is read from the activity log line the
cancellation wrote (`domain.session_changes.CANCEL_ACTIONS`), dated when it happened:
- Customer: the customer cancelled a class place or an appointment, or took the refund
  instead of waiting for an answer or of a new date;
- Staff: a team member removed a participant or cancelled a booking;
- Business: the business cancelled the whole class session;
- Automatic: nobody acted in time (not paid by the deadline, a proposal or a rebooking
  left unanswered, a card hold that lapsed while new times were proposed).
Rejected and expired requests are not cancellations (they never held a booked time).

The reason is the booking's `cancel_reason`, grouped so that the table stays short:
- one of the business's own reasons (Settings → Cancellation reasons), alone or with a
  note after it ("Teacher ill: back next week");
- the reasons the app itself writes (not paid by the deadline, no new date chosen, the
  refund taken instead of a new date);
- "No reason given" when there is none (a customer who left the box empty);
- "Other reason" for words written by hand: the list under the chart has them.

One aggregate query, grouped by a CASE for the reason and a CASE for who, through the
index on (organization, action, created_at) of the activity log (migration 0021_report_indexes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

import sqlalchemy as sa
from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import Status
from bookingapp.domain.formatting import fmt_number
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.localized_text import localized_reason
from bookingapp.domain.report_csv import table_csv
from bookingapp.domain.session_changes import (
    APP_REASONS,
    CANCEL_ACTIONS,
    EMPTY_CUSTOMER_REASON,
    CancelledBy,
)
from bookingapp.domain.user_input import Day, Id, Internal, user_input
from bookingapp.models import ActivityLog, Booking, ClassSession, Organization
from bookingapp.services.actors import Actor
from bookingapp.services.report_scope import staff_organization, utc_range

MAX_REPORT_DAYS = 366

NO_REASON = N_("No reason given")
OTHER_REASON = N_("Other reason")
WHO = (CancelledBy.CUSTOMER, CancelledBy.STAFF, CancelledBy.STUDIO, CancelledBy.AUTOMATIC)

# Reason codes the query groups by: 0 none, 1 other, 100 + i the app's i-th, 1000 + i the business's i-th.
_NONE, _OTHER, _APP, _OWN = 0, 1, 100, 1000


@dataclass(frozen=True)
class ReasonRow:
    code: int
    reason: str  # the business's text, an app text (catalog) or NO_REASON / OTHER_REASON
    own: bool  # one of the business's reasons: shown in the reader's language from its translations
    counts: dict[str, int]  # CancelledBy → bookings

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class CancellationCounts:
    organization: Organization
    first: date
    last: date
    rows: list[ReasonRow]  # most cancellations first
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    @property
    def empty(self) -> bool:
        return not self.rows


def _reason_code(reasons: list[str]):
    text = Booking.cancel_reason
    whens = [(sa.or_(col(text).is_(None), text == "", text == EMPTY_CUSTOMER_REASON), _NONE)]
    for index, reason in enumerate(reasons):
        whens.append((sa.or_(text == reason, sa.func.substr(text, 1, len(reason) + 2) == f"{reason}: "), _OWN + index))
    whens += [(text == reason, _APP + index) for index, reason in enumerate(APP_REASONS)]
    return sa.case(*whens, else_=_OTHER)


def _who():
    return sa.case(*[(col(ActivityLog.action).in_([a for a, w in CANCEL_ACTIONS.items() if w is who]), who.value)
                     for who in WHO[:-1]], else_=CancelledBy.AUTOMATIC.value)


@user_input
def cancellation_counts(session: Session, *, actor: Actor, first: Day, last: Day,
                        service_id: Id | None = None, staff_id: Id | None = None) -> CancellationCounts:
    org = staff_organization(session, actor)
    start, end = utc_range(org, first, last, max_days=MAX_REPORT_DAYS)
    reasons = [str(r) for r in org.cancellation_reasons or []]
    reason, who = _reason_code(reasons).label("reason"), _who().label("who")
    stmt = (
        select(reason, who, sa.func.count(sa.distinct(Booking.id)))
        .select_from(ActivityLog)
        .join(Booking, col(Booking.id) == ActivityLog.booking_id)
        .where(ActivityLog.organization_id == org.id, col(ActivityLog.action).in_(list(CANCEL_ACTIONS)),
               col(ActivityLog.created_at) >= start, col(ActivityLog.created_at) < end,
               Booking.organization_id == org.id, Booking.status == Status.CANCELLED)
        .group_by(sa.literal_column("reason"), sa.literal_column("who"))
    )
    if service_id is not None:
        stmt = stmt.where(Booking.service_id == service_id)
    if staff_id is not None:
        # A class place is the session's staff member's; an appointment its own.
        stmt = stmt.outerjoin(ClassSession, col(ClassSession.id) == Booking.session_id).where(
            sa.func.coalesce(Booking.staff_user_id, ClassSession.staff_user_id) == staff_id)
    found: dict[int, dict[str, int]] = {}
    for code, by, count in session.exec(stmt):
        found.setdefault(int(code), {w.value: 0 for w in WHO})[str(by)] += int(count or 0)

    def text(code: int) -> str:
        if code >= _OWN:
            return reasons[code - _OWN]
        if code >= _APP:
            return APP_REASONS[code - _APP]
        return OTHER_REASON if code == _OTHER else NO_REASON

    rows = [ReasonRow(code, text(code), code >= _OWN, counts) for code, counts in found.items()]
    rows.sort(key=lambda r: (-r.total, r.code))
    totals = {w.value: sum(r.counts[w.value] for r in rows) for w in WHO}
    return CancellationCounts(org, first, last, rows, totals)


# --- the table the page shows, the chart's figures and the CSV ------------------------------

HEADER = ["Reason", "Customer", "Staff", "Business", "Automatic", "Total"]


def reason_label(row: ReasonRow, org: Organization, locale: str, translate) -> str:
    if row.own:
        return localized_reason(row.reason, (org.text_translations or {}).get("reasons") or {}, locale)
    return translate(row.reason)


@user_input
def report_table(report: Annotated[CancellationCounts, Internal()], *, locale: Annotated[str, Internal()],
                 translate=lambda text: text) -> tuple[list[list[str]], list[list[str]]]:
    """The rows and the totals row as the page shows them, cell by cell; the CSV is these cells."""
    rows = [[reason_label(r, report.organization, locale, translate), *[fmt_number(r.counts[w.value], locale) for w in WHO],
             fmt_number(r.total, locale)] for r in report.rows]
    totals = [[translate(N_("Total")), *[fmt_number(report.totals.get(w.value, 0), locale) for w in WHO],
               fmt_number(report.total, locale)]] if report.rows else []
    return rows, totals


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


@user_input
def chart_points(report: Annotated[CancellationCounts, Internal()], *, locale: Annotated[str, Internal()],
                 translate=lambda text: text) -> list[dict]:
    """One bar per reason (its name shortened for a phone), stacked by who cancelled."""
    return [{"reason": _short(reason_label(r, report.organization, locale, translate)),
             **{w.value: r.counts[w.value] for w in WHO}} for r in report.rows]


@user_input
def counts_csv(table: Annotated[tuple[list[list[str]], list[list[str]]], Internal()], translate=lambda text: text) -> str:
    """Exactly the table the page shows (`report_table`), under the same headings."""
    rows, totals = table
    return table_csv(HEADER, [*rows, *totals], translate)


@user_input
def counts_filename(report: Annotated[CancellationCounts, Internal()]) -> str:
    return f"cancellations-{report.organization.slug}-{report.first.isoformat()}-{report.last.isoformat()}.csv"
