"""Reports → Requests: requests answered at known times give exact counts and medians, by
month and by week in the organization's timezone, filtered by service and staff; a late
answer counts as answered but not in time; only the first answer counts; the CSV is the table."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from bookingapp.domain.booking_states import Action
from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.services import requests
from bookingapp.services.actors import Actor
from bookingapp.services.booking_common import transition
from bookingapp.services.requests_report import (
    Grouping,
    chart_points,
    report_table,
    requests_csv,
    requests_report,
)
from tests import factories

_ids = itertools.count(1)
HOUR = timedelta(hours=1)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2026, 11, 20, 12, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def org(session):
    return factories.organization(session, "studio", timezone="Europe/Berlin")


@pytest.fixture
def owner(session, org):
    return factories.staff(session, org, email="owner@studio.test", name="Olga")


@pytest.fixture
def actor(owner):
    return Actor("staff", owner.organization_id, owner.id, owner.name)


@pytest.fixture
def tasting(session, org, owner):
    return factories.request_service(session, org, staff_user_id=owner.id)


def _asked(session, org, service, at: datetime, *, window=48 * HOUR, **kw):
    customer = factories.customer(session, org, email=f"c{next(_ids)}@example.com")
    kw.setdefault("staff_user_id", service.staff_user_id)
    return factories.booking(session, org, customer_row=customer, service=service, created_at=at, respond_by=at + window,
                             starts_at=at + timedelta(days=10), **kw)


def _confirm(session, actor, gateway, booking, after):
    requests.confirm_request(session, actor=actor, booking_id=booking.id, gateway=gateway, now=booking.created_at + after)


def _propose(session, actor, booking, after):
    now = booking.created_at + after
    requests.propose_reschedule(session, actor=actor, booking_id=booking.id, message="That evening we are closed.",
                                slots=[now + timedelta(days=5)], now=now)


def _reject(session, actor, gateway, booking, after):
    requests.reject_request(session, actor=actor, booking_id=booking.id, reason="party_size", gateway=gateway,
                            now=booking.created_at + after)


def _figures(row):
    return (row.requests, row.in_time, row.confirmed, row.rescheduled, row.rejected, row.expired, row.withdrawn, row.open,
            row.median_seconds)


@pytest.fixture
def known(session, org, owner, actor, tasting, gateway):
    """Nine requests in October and November 2026 (Berlin), answered at known times."""
    # 22:30 UTC on 31 October is 23:30 in Berlin: October. Confirmed after 30 minutes.
    _confirm(session, actor, gateway, _asked(session, org, tasting, datetime(2026, 10, 31, 22, 30, tzinfo=UTC)), HOUR / 2)
    # 23:30 UTC on 31 October is 00:30 on 1 November in Berlin: November, still open.
    _asked(session, org, tasting, datetime(2026, 10, 31, 23, 30, tzinfo=UTC))
    _confirm(session, actor, gateway, _asked(session, org, tasting, datetime(2026, 11, 2, 10, 0, tzinfo=UTC)), 2 * HOUR)
    _reject(session, actor, gateway, _asked(session, org, tasting, datetime(2026, 11, 3, 10, 0, tzinfo=UTC)), 4 * HOUR)
    proposed = _asked(session, org, tasting, datetime(2026, 11, 4, 10, 0, tzinfo=UTC))
    _propose(session, actor, proposed, HOUR)
    # Rejected later, after the customer did not like the times: the first answer stands.
    _reject(session, actor, gateway, proposed, 30 * HOUR)
    # Answered two hours after the 48-hour deadline (the sweeper had not run yet): late.
    _confirm(session, actor, gateway, _asked(session, org, tasting, datetime(2026, 11, 5, 10, 0, tzinfo=UTC)), 50 * HOUR)
    silent = _asked(session, org, tasting, datetime(2026, 11, 6, 10, 0, tzinfo=UTC))
    transition(session, silent, Action.EXPIRE, silent.respond_by)
    _asked(session, org, tasting, datetime(2026, 11, 7, 10, 0, tzinfo=UTC))  # open
    withdrawn = _asked(session, org, tasting, datetime(2026, 11, 8, 10, 0, tzinfo=UTC))
    transition(session, withdrawn, Action.REQUEST_REFUND, withdrawn.created_at + HOUR)
    # Not a request: a confirmed appointment in the same days.
    factories.booking(session, org, service=factories.appointment_service(session, org), status="confirmed",
                      created_at=datetime(2026, 11, 9, 10, 0, tzinfo=UTC))
    session.flush()


def test_the_first_answer_is_recorded_once_with_its_time_and_deadline(session, org, actor, tasting, gateway):
    asked = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    late = _asked(session, org, tasting, asked)
    _confirm(session, actor, gateway, late, 48 * HOUR)  # at the deadline itself: late
    assert (late.answered_at, late.answer, late.answer_seconds, late.answered_in_time) == (
        asked + 48 * HOUR, "confirmed", 48 * 3600, False)
    proposed = _asked(session, org, tasting, asked)
    _propose(session, actor, proposed, 3 * HOUR)
    _reject(session, actor, gateway, proposed, 60 * HOUR)
    assert (proposed.answer, proposed.answer_seconds, proposed.answered_in_time, proposed.status) == (
        "rescheduled", 3 * 3600, True, "rejected")


def test_known_requests_give_exact_counts_and_medians_by_month(session, actor, known):
    report = requests_report(session, actor=actor, first=date(2026, 10, 1), last=date(2026, 11, 30), grouping=Grouping.MONTH)

    assert [(r.first, r.last) for r in report.rows] == [(date(2026, 10, 1), date(2026, 10, 31)),
                                                         (date(2026, 11, 1), date(2026, 11, 30))]
    # requests, in time, confirmed, rescheduled, rejected, expired, withdrawn, open, median seconds
    assert _figures(report.rows[0]) == (1, 1, 1, 0, 0, 0, 0, 0, 1800)
    # November's answers: 1 h, 2 h, 4 h and 50 h: the median is the mean of the middle two.
    assert _figures(report.rows[1]) == (8, 3, 2, 1, 1, 1, 1, 2, 3 * 3600)
    # Over both months: 30 min, 1 h, 2 h, 4 h, 50 h.
    assert _figures(report.totals) == (9, 4, 3, 1, 1, 1, 1, 2, 2 * 3600)
    assert not report.empty


def test_weeks_start_on_monday_local_time_and_each_has_its_median(session, actor, known):
    report = requests_report(session, actor=actor, first=date(2026, 11, 1), last=date(2026, 11, 8), grouping=Grouping.WEEK)

    # Sunday 1 November belongs to the week of 26 October; the range cuts off 31 October.
    assert [(r.first, _figures(r)) for r in report.rows] == [
        (date(2026, 10, 26), (1, 0, 0, 0, 0, 0, 0, 1, None)),
        (date(2026, 11, 2), (7, 3, 2, 1, 1, 1, 1, 1, 3 * 3600)),
    ]
    assert report.totals.median_seconds == 3 * 3600


def test_filters_for_service_and_staff(session, org, owner, actor, tasting, gateway):
    tour = factories.request_service(session, org, slug="tour", name="Cellar tour")
    ben = factories.staff(session, org, email="ben@studio.test", name="Ben")
    at = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    _confirm(session, actor, gateway, _asked(session, org, tasting, at), HOUR)
    _confirm(session, actor, gateway, _asked(session, org, tasting, at, staff_user_id=ben.id), 3 * HOUR)
    _reject(session, actor, gateway, _asked(session, org, tour, at, staff_user_id=ben.id), 5 * HOUR)

    def figures(**filters):
        return _figures(requests_report(session, actor=actor, first=date(2026, 11, 1), last=date(2026, 11, 30), **filters).totals)

    assert figures() == (3, 3, 2, 0, 1, 0, 0, 0, 3 * 3600)
    assert figures(service_id=tasting.id) == (2, 2, 2, 0, 0, 0, 0, 0, 2 * 3600)
    assert figures(staff_id=ben.id) == (2, 2, 1, 0, 1, 0, 0, 0, 4 * 3600)
    assert figures(service_id=tour.id, staff_id=owner.id) == (0, 0, 0, 0, 0, 0, 0, 0, None)


def test_another_organizations_requests_never_show(session, org, actor, known):
    other = factories.organization(session, "other", timezone="Europe/Berlin")
    other_actor = factories.staff_actor(session, other)
    report = requests_report(session, actor=other_actor, first=date(2026, 10, 1), last=date(2026, 11, 30))
    assert report.empty and _figures(report.totals) == (0, 0, 0, 0, 0, 0, 0, 0, None)
    customer = Actor("customer", org.id, 1, "Alex")
    with pytest.raises(NotFound):
        requests_report(session, actor=customer, first=date(2026, 10, 1), last=date(2026, 11, 30))


@pytest.mark.parametrize(("first", "last", "message"), [
    (None, date(2026, 11, 30), "Choose the first and the last day."),
    (date(2026, 11, 30), date(2026, 11, 1), "The last day comes before the first."),
    (date(2020, 1, 1), date(2026, 1, 1), "Choose at most {max} days."),
])
def test_bad_ranges_are_refused_with_a_message(session, actor, first, last, message):
    with pytest.raises(ValidationFailed) as refused:
        requests_report(session, actor=actor, first=first, last=last)
    assert refused.value.msgid == message


def test_the_table_chart_and_csv_agree(session, actor, known):
    report = requests_report(session, actor=actor, first=date(2026, 10, 1), last=date(2026, 11, 30))
    rows, totals = report_table(report, locale="en")
    assert rows == [["October 2026", "1", "1", "1", "0", "0", "0", "0", "0", "30 min"],
                    ["November 2026", "8", "3", "2", "1", "1", "1", "1", "2", "3 hr 0 min"]]
    assert totals == [["Total", "9", "4", "3", "1", "1", "1", "1", "2", "2 hr 0 min"]]
    parsed = list(csv.reader(io.StringIO(requests_csv((rows, totals)))))
    assert parsed == [["Period", "Requests", "Answered in time", "Confirmed", "Rescheduled", "Rejected", "Expired",
                       "Withdrawn", "Open", "Median time to answer"], *rows, *totals]
    assert chart_points(report, locale="en")[1] == {"period": "November 2026", "confirmed": 2, "rescheduled": 1,
                                                    "rejected": 1, "expired": 1, "withdrawn": 1, "open": 2}
    # A week without answers has no median: the CSV still has exactly the table's cells.
    weekly = report_table(requests_report(session, actor=actor, first=date(2026, 11, 1), last=date(2026, 11, 8),
                                          grouping=Grouping.WEEK), locale="en")
    assert weekly[0][0][1:] == ["1", "0", "0", "0", "0", "0", "0", "1", "\u2013"]
    assert list(csv.reader(io.StringIO(requests_csv(weekly))))[1:] == [*weekly[0], *weekly[1]]
    pl_rows, pl_totals = report_table(report, locale="pl", translate=lambda text: {"Total": "Razem"}.get(text, text))
    assert pl_rows[1][-1] == "3 godz. i 0 min" and pl_totals[0][0] == "Razem"


def test_0019_backfills_the_first_answers_from_the_activity_log(empty_db_url):
    """Requests answered before the column existed: the first confirmation, proposal or
    rejection in the log is their answer, in time when within the business's answer window."""
    import sqlalchemy as sa
    from sqlmodel import Session, SQLModel, select

    from alembic import command
    from bookingapp.manage import alembic_config, migrate
    from bookingapp.models import ActivityLog, Booking
    from tests.service.test_migrations import _copy_as_of

    command.upgrade(alembic_config(empty_db_url), "0018_attendance")
    scratch = sa.create_engine("sqlite://")
    SQLModel.metadata.create_all(scratch)
    asked = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    with Session(scratch, expire_on_commit=False) as s:
        org = factories.organization(s, "old", response_window_hours=24)
        service = factories.request_service(s, org)
        proposed, late, silent = (factories.booking(s, org, service=service, created_at=asked) for _ in range(3))
        appointment = factories.booking(s, org, service=factories.appointment_service(s, org), created_at=asked)

        def log(booking, action, after):
            s.add(ActivityLog(organization_id=org.id, booking_id=booking.id, action=action, actor_kind="staff",
                              created_at=asked + after))
        for booking in (proposed, late, silent, appointment):
            log(booking, "booking.requested", timedelta(0))
        log(proposed, "booking.confirmed", 20 * HOUR)
        log(proposed, "booking.reschedule_proposed", 3 * HOUR)
        log(late, "booking.confirmed", 25 * HOUR)
        log(appointment, "booking.confirmed", HOUR)
        s.commit()
    engine = sa.create_engine(empty_db_url)
    _copy_as_of(scratch, engine, ["organization", "staffuser", "customer", "service", "booking", "activitylog"])
    scratch.dispose()
    engine.dispose()

    migrate(empty_db_url)

    engine = sa.create_engine(empty_db_url)
    with Session(engine) as s:
        found = {b.id: (b.answered_at, b.answer, b.answer_seconds, b.answered_in_time) for b in s.exec(select(Booking))}
    engine.dispose()
    assert found == {proposed.id: (asked + 3 * HOUR, "rescheduled", 3 * 3600, True),
                     late.id: (asked + 25 * HOUR, "confirmed", 25 * 3600, False),
                     silent.id: (None, None, None, None), appointment.id: (None, None, None, None)}
