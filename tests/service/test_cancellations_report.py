"""Reports → Cancellations: every booking cancelled in the range (appointments, requests and
class places), by reason and by who cancelled, in the organization's timezone, filtered by
service and staff; the CSV is the table."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.models import ActivityLog, ClassSession
from bookingapp.services import session_changes
from bookingapp.services.actors import Actor
from bookingapp.services.cancellations_report import (
    HEADER,
    cancellation_counts,
    chart_points,
    counts_csv,
    report_table,
)
from tests import factories

NOV = dict(first=date(2026, 11, 1), last=date(2026, 11, 30))


@pytest.fixture
def world(session):
    org = factories.organization(session, "studio", timezone="Europe/Berlin",
                                 cancellation_reasons=["Teacher ill", "Room closed"],
                                 text_translations={"reasons": {"Teacher ill": {"pl": "Nauczyciel chory"}}})
    actor = factories.staff_actor(session, org)
    teacher = factories.staff(session, org, "teacher@studio.test", name="Tess Teacher", role="staff")
    massage = factories.appointment_service(session, org, name="Massage", slug="massage")
    yoga = factories.request_service(session, org, kind="class", name="Yoga", slug="yoga")
    start = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    class_session = ClassSession(organization_id=org.id, service_id=yoga.id, staff_user_id=teacher.id, starts_at=start,
                                 ends_at=start + timedelta(hours=1), capacity=8)
    session.add(class_session)
    session.flush()
    return dict(org=org, actor=actor, teacher=teacher, massage=massage, yoga=yoga, session_id=class_session.id)


def _cancelled(session, world, action, at, reason, *, place=False, status="cancelled", org=None):
    org = org or world["org"]
    if place:
        row = factories.booking(session, org, service=world["yoga"], status=status, session_id=world["session_id"],
                                cancel_reason=reason)
    else:
        row = factories.booking(session, org, service=world["massage"], status=status,
                                staff_user_id=world["massage"].staff_user_id, cancel_reason=reason)
    session.add(ActivityLog(organization_id=org.id, action=action, actor_kind="system", actor_name="Someone",
                            booking_id=row.id, data={"reason": reason or ""}, created_at=at))
    session.flush()
    return row


def _arrange(session, world):
    day = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
    # Class places (the session is Tess's)
    _cancelled(session, world, "class.cancelled_by_customer", day, "Ill", place=True)
    _cancelled(session, world, "class.removed_by_staff", day, "Asked by phone", place=True)
    _cancelled(session, world, "class.cancelled_by_studio", day, "Teacher ill: back next week", place=True)
    _cancelled(session, world, "class.cancelled_by_studio", day, "Teacher ill", place=True)
    _cancelled(session, world, "class.cancelled_by_studio", day, "Teacher illness", place=True)  # not "Teacher ill"
    # 00:30 on 1 November in Berlin: inside; 23:59 on 31 October and 00:00 on 1 December: outside
    _cancelled(session, world, "class.cancelled_by_studio", datetime(2026, 10, 31, 23, 30, tzinfo=UTC), "Room closed", place=True)
    _cancelled(session, world, "class.cancelled_by_studio", datetime(2026, 10, 31, 22, 59, tzinfo=UTC), "Room closed", place=True)
    _cancelled(session, world, "class.cancelled_by_studio", datetime(2026, 11, 30, 23, 0, tzinfo=UTC), "Room closed", place=True)
    # Appointments (Sam's)
    _cancelled(session, world, "booking.cancelled_by_customer", day, "Cancelled by the customer")  # left the box empty
    _cancelled(session, world, "booking.cancelled_unpaid", day, "Not paid by the payment deadline")
    _cancelled(session, world, "booking.expired", day, None)  # new times proposed, never answered: cancelled
    _cancelled(session, world, "booking.expired", day, None, status="expired")  # a request never answered: not a cancellation
    _cancelled(session, world, "booking.cancelled_by_provider", day, "Teacher ill")
    _cancelled(session, world, "booking.rejected", day, "Fully booked", status="rejected")  # not a cancellation


def _cells(session, world, **filters):
    report = cancellation_counts(session, actor=world["actor"], **NOV, **filters)
    return report_table(report, locale="en")


def test_counts_by_reason_and_who_in_the_organizations_days(session, world):
    _arrange(session, world)
    rows, totals = _cells(session, world)
    assert rows == [
        ["Other reason", "1", "1", "1", "0", "3"],
        ["Teacher ill", "0", "1", "2", "0", "3"],
        ["No reason given", "1", "0", "0", "1", "2"],
        ["Not paid by the payment deadline", "0", "0", "0", "1", "1"],
        ["Room closed", "0", "0", "1", "0", "1"],
    ]
    assert totals == [["Total", "2", "2", "4", "2", "10"]]


def test_the_business_reasons_are_read_in_the_readers_language_and_the_chart_has_the_same_figures(session, world):
    _arrange(session, world)
    report = cancellation_counts(session, actor=world["actor"], **NOV)
    rows, _ = report_table(report, locale="pl")
    assert [r[0] for r in rows] == ["Other reason", "Nauczyciel chory", "No reason given", "Not paid by the payment deadline",
                                    "Room closed"]
    points = chart_points(report, locale="en")
    assert points[1] == {"reason": "Teacher ill", "customer": 0, "staff": 1, "studio": 2, "automatic": 0}
    assert points[3]["reason"] == "Not paid by the…"  # shortened for the chart's axis; the table has it whole


def test_the_service_and_staff_filters(session, world):
    _arrange(session, world)
    by_class = [["Other reason", "1", "1", "1", "0", "3"], ["Teacher ill", "0", "0", "2", "0", "2"],
                ["Room closed", "0", "0", "1", "0", "1"]]
    assert _cells(session, world, service_id=world["yoga"].id) == (by_class, [["Total", "1", "1", "4", "0", "6"]])
    # A class place is its session's staff member's
    assert _cells(session, world, staff_id=world["teacher"].id) == (by_class, [["Total", "1", "1", "4", "0", "6"]])
    by_appointment = [["No reason given", "1", "0", "0", "1", "2"], ["Not paid by the payment deadline", "0", "0", "0", "1", "1"],
                      ["Teacher ill", "0", "1", "0", "0", "1"]]  # equal totals: the app's reasons, then the business's
    assert _cells(session, world, staff_id=world["massage"].staff_user_id) == (by_appointment,
                                                                              [["Total", "1", "1", "0", "2", "4"]])
    assert _cells(session, world, service_id=world["massage"].id, staff_id=world["teacher"].id) == ([], [])


def test_the_list_under_the_chart_has_the_same_bookings(session, world):
    _arrange(session, world)
    listed = session_changes.cancellations_report(session, actor=world["actor"], **NOV)
    assert sorted(r.by for r in listed) == ["automatic", "automatic", "customer", "customer", "staff", "staff",
                                            "studio", "studio", "studio", "studio"]
    teacher = session_changes.cancellations_report(session, actor=world["actor"], **NOV, staff_id=world["teacher"].id)
    assert len(teacher) == 6 and {r.service_name for r in teacher} == {"Yoga"}
    table = session_changes.report_table(listed, org=world["org"], locale="en")
    assert {row[1] for row in table} == {"Customer", "Staff", "Business", "Automatic"}
    # The reason as written; none when the customer wrote none; the business's reasons in the reader's language
    polish = session_changes.report_table(listed, org=world["org"], locale="pl")
    assert sorted(row[7] for row in polish) == ["", "", "Asked by phone", "Ill", "Nauczyciel chory", "Nauczyciel chory",
                                                "Nauczyciel chory: back next week", "Not paid by the payment deadline",
                                                "Room closed", "Teacher illness"]


def test_the_csv_is_the_table(session, world):
    _arrange(session, world)
    table = _cells(session, world)
    lines = list(csv.reader(io.StringIO(counts_csv(table))))
    assert lines == [HEADER, *table[0], *table[1]]


def test_another_organizations_staff_see_nothing(session, world):
    _arrange(session, world)
    other = factories.organization(session, "other", timezone="Europe/Berlin")
    stranger = factories.staff_actor(session, other)
    report = cancellation_counts(session, actor=stranger, **NOV)
    assert report.rows == [] and report.empty
    assert cancellation_counts(session, actor=stranger, **NOV, service_id=world["massage"].id).rows == []
    with pytest.raises(NotFound):
        cancellation_counts(session, actor=Actor("customer", world["org"].id, 1, "Ann"), **NOV)


def test_the_range_is_checked(session, world):
    with pytest.raises(ValidationFailed):
        cancellation_counts(session, actor=world["actor"], first=date(2026, 12, 2), last=date(2026, 12, 1))
    with pytest.raises(ValidationFailed):
        cancellation_counts(session, actor=world["actor"], first=date(2024, 1, 1), last=date(2026, 1, 1))
    assert cancellation_counts(session, actor=world["actor"], first=date(2020, 1, 1), last=date(2020, 1, 2)).empty
