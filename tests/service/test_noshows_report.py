"""Reports → No-shows: attendance marks by service on the bookings that started in the range
(the organization's days), filtered by service and staff; the CSV is the table."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.models import ClassSession
from bookingapp.services.actors import Actor
from bookingapp.services.noshows_report import (
    HEADER,
    chart_points,
    noshows_csv,
    noshows_report,
    report_table,
)
from tests import factories

NOV = dict(first=date(2026, 11, 1), last=date(2026, 11, 30))
DAY = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(session):
    org = factories.organization(session, "studio", timezone="Europe/Berlin")
    actor = factories.staff_actor(session, org)
    teacher = factories.staff(session, org, "teacher@studio.test", name="Tess Teacher", role="staff")
    massage = factories.appointment_service(session, org, name="Massage", slug="massage")
    yoga = factories.request_service(session, org, kind="class", name="Yoga", slug="yoga",
                                     translations={"pl": {"name": "Joga"}})
    class_session = ClassSession(organization_id=org.id, service_id=yoga.id, staff_user_id=teacher.id, starts_at=DAY,
                                 ends_at=DAY + timedelta(hours=1), capacity=8)
    session.add(class_session)
    session.flush()
    return dict(org=org, actor=actor, teacher=teacher, massage=massage, yoga=yoga, session_id=class_session.id)


def _booking(session, world, attendance, *, at=DAY, place=False, org=None):
    org = org or world["org"]
    if place:
        return factories.booking(session, org, service=world["yoga"], status="confirmed", session_id=world["session_id"],
                                 starts_at=at, attendance=attendance)
    return factories.booking(session, org, service=world["massage"], status="confirmed", starts_at=at,
                             staff_user_id=world["massage"].staff_user_id, attendance=attendance)


def _arrange(session, world):
    _booking(session, world, "attended", at=datetime(2026, 10, 31, 23, 30, tzinfo=UTC))  # 00:30 on 1 November in Berlin
    _booking(session, world, "attended")
    _booking(session, world, "no_show")
    _booking(session, world, None)  # not marked: not counted
    _booking(session, world, "no_show", at=datetime(2026, 10, 31, 22, 59, tzinfo=UTC))  # 31 October in Berlin
    _booking(session, world, "no_show", at=datetime(2026, 11, 30, 23, 0, tzinfo=UTC))  # 1 December in Berlin
    _booking(session, world, "attended", place=True)
    for _ in range(3):
        _booking(session, world, "no_show", place=True)


def _cells(session, world, locale="en", **filters):
    return report_table(noshows_report(session, actor=world["actor"], **NOV, **filters), locale=locale)


def test_marks_by_service_in_the_organizations_days(session, world):
    _arrange(session, world)
    assert _cells(session, world) == (
        [["Yoga", "4", "1", "3", "75%"], ["Massage", "3", "2", "1", "33.3%"]],
        [["Total", "7", "3", "4", "57.1%"]],
    )
    rows, totals = _cells(session, world, locale="pl")
    assert rows == [["Joga", "4", "1", "3", "75%"], ["Massage", "3", "2", "1", "33,3%"]]
    assert chart_points(noshows_report(session, actor=world["actor"], **NOV), locale="en") == [
        {"service": "Yoga", "no_shows": 3, "attended": 1}, {"service": "Massage", "no_shows": 1, "attended": 2}]


def test_the_service_and_staff_filters(session, world):
    _arrange(session, world)
    massage = ([["Massage", "3", "2", "1", "33.3%"]], [["Total", "3", "2", "1", "33.3%"]])
    yoga = ([["Yoga", "4", "1", "3", "75%"]], [["Total", "4", "1", "3", "75%"]])
    assert _cells(session, world, service_id=world["massage"].id) == massage
    assert _cells(session, world, staff_id=world["massage"].staff_user_id) == massage
    assert _cells(session, world, staff_id=world["teacher"].id) == yoga  # a class place is its session's staff member's
    assert _cells(session, world, service_id=world["massage"].id, staff_id=world["teacher"].id) == ([], [])


def test_the_csv_is_the_table(session, world):
    _arrange(session, world)
    table = _cells(session, world)
    assert list(csv.reader(io.StringIO(noshows_csv(table)))) == [HEADER, *table[0], *table[1]]


def test_another_organizations_staff_see_nothing(session, world):
    _arrange(session, world)
    other = factories.organization(session, "other", timezone="Europe/Berlin")
    stranger = factories.staff_actor(session, other)
    assert noshows_report(session, actor=stranger, **NOV).empty
    assert noshows_report(session, actor=stranger, **NOV, service_id=world["massage"].id).rows == []
    with pytest.raises(NotFound):
        noshows_report(session, actor=Actor("customer", world["org"].id, 1, "Ann"), **NOV)


def test_the_range_is_checked(session, world):
    with pytest.raises(ValidationFailed):
        noshows_report(session, actor=world["actor"], first=date(2026, 12, 2), last=date(2026, 12, 1))
    with pytest.raises(ValidationFailed):
        noshows_report(session, actor=world["actor"], first=date(2024, 1, 1), last=date(2026, 1, 1))
    assert noshows_report(session, actor=world["actor"], first=date(2020, 1, 1), last=date(2020, 1, 2)).empty
