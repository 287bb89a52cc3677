"""Reports → Class occupancy: fill rate by class and a weekday × hour heatmap in the
organization's local time, over the sessions that start in the range."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, date, datetime

import pytest

from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.services.actors import Actor
from bookingapp.services.occupancy_report import (
    chart_points,
    heatmap,
    occupancy_csv,
    occupancy_report,
    offset_periods,
    report_table,
)
from tests import factories
from tests.service.class_fixtures import class_service, class_session

_ids = itertools.count(1)


@pytest.fixture
def org(session):
    return factories.organization(session, "studio", timezone="Europe/Berlin")


@pytest.fixture
def actor(session, org):
    return factories.staff_actor(session, org)


def _session(session, service, at, *, capacity=10, staff=None, cancelled=False):
    row = class_session(session, service, starts_at=at, capacity=capacity)
    row.staff_user_id = staff.id if staff else None
    row.cancelled = cancelled
    session.add(row)
    session.flush()
    return row


def _places(session, org, service, class_row, count, *, status="confirmed", party_size=1, attendance=None):
    for _ in range(count):
        factories.booking(session, org, service=service, session_id=class_row.id, starts_at=class_row.starts_at,
                          status=status, party_size=party_size, attendance=attendance, price_minor=0,
                          customer_row=factories.customer(session, org, email=f"c{next(_ids)}@example.com"))


def _figures(report):
    return [(r.name, r.sessions, r.places, r.booked, r.attended, r.no_shows) for r in report.rows]


NOV = dict(first=date(2026, 11, 1), last=date(2026, 11, 30))


def test_fill_rate_by_class_counts_held_places_with_party_size(session, org, actor):
    yoga = class_service(session, org, name="Yoga", slug="yoga")
    pilates = class_service(session, org, name="Pilates", slug="pilates")
    a = _session(session, yoga, datetime(2026, 11, 10, 17, 0, tzinfo=UTC), capacity=10)
    _places(session, org, yoga, a, 3, attendance="attended")
    _places(session, org, yoga, a, 1, attendance="no_show")
    _places(session, org, yoga, a, 1, party_size=2)  # two places
    _places(session, org, yoga, a, 2, status="cancelled")  # not held
    _places(session, org, yoga, a, 1, status="completed")
    b = _session(session, yoga, datetime(2026, 11, 12, 17, 0, tzinfo=UTC), capacity=6)
    _places(session, org, yoga, b, 1, status="requested")
    _session(session, yoga, datetime(2026, 11, 14, 17, 0, tzinfo=UTC), capacity=20, cancelled=True)  # left out
    p = _session(session, pilates, datetime(2026, 11, 11, 8, 0, tzinfo=UTC), capacity=8)
    _places(session, org, pilates, p, 8)

    report = occupancy_report(session, actor=actor, **NOV)

    assert _figures(report) == [("Pilates", 1, 8, 8, 0, 0), ("Yoga", 2, 16, 8, 3, 1)]
    t = report.totals
    assert (t.sessions, t.places, t.booked, t.attended, t.no_shows) == (3, 24, 16, 3, 1)
    rows, totals = report_table(report, locale="en")
    assert rows == [["Pilates", "1", "8", "8", "100%", "0", "0"], ["Yoga", "2", "16", "8", "50%", "3", "1"]]
    assert totals == [["Total", "3", "24", "16", "66.7%", "3", "1"]]
    assert chart_points(report) == [{"name": "Pilates", "rate": 100.0}, {"name": "Yoga", "rate": 50.0}]


def test_the_chart_shortens_long_class_names(session, org, actor):
    flow = class_service(session, org, name="Evening vinyasa flow for beginners", slug="flow")
    row = _session(session, flow, datetime(2026, 11, 10, 17, 0, tzinfo=UTC), capacity=3)
    _places(session, org, flow, row, 1)
    report = occupancy_report(session, actor=actor, **NOV)
    assert chart_points(report) == [{"name": "Evening vinyas…", "rate": 33.3}]
    assert chart_points(report, names={flow.id: "Flow"}) == [{"name": "Flow", "rate": 33.3}]


def test_the_range_is_local_days_and_filters_pick_class_and_session_staff(session, org, actor):
    yoga = class_service(session, org, name="Yoga", slug="yoga")
    pilates = class_service(session, org, name="Pilates", slug="pilates")
    ana = factories.staff(session, org, email="ana@studio.test", name="Ana")
    ben = factories.staff(session, org, email="ben@studio.test", name="Ben")
    # 00:30 on 1 November in Berlin is 23:30 UTC on 31 October: inside; 00:30 on 1 December is outside.
    first = _session(session, yoga, datetime(2026, 10, 31, 23, 30, tzinfo=UTC), capacity=4, staff=ana)
    _places(session, org, yoga, first, 1)
    _session(session, yoga, datetime(2026, 10, 31, 22, 59, tzinfo=UTC), capacity=4, staff=ana)  # 23:59 on 31 Oct
    _session(session, yoga, datetime(2026, 11, 30, 23, 0, tzinfo=UTC), capacity=4, staff=ana)  # 00:00 on 1 Dec
    last = _session(session, pilates, datetime(2026, 11, 30, 22, 59, tzinfo=UTC), capacity=5, staff=ben)
    _places(session, org, pilates, last, 2)

    def figures(**filters):
        return _figures(occupancy_report(session, actor=actor, **NOV, **filters))

    assert figures() == [("Pilates", 1, 5, 2, 0, 0), ("Yoga", 1, 4, 1, 0, 0)]
    assert figures(service_id=yoga.id) == [("Yoga", 1, 4, 1, 0, 0)]
    assert figures(staff_id=ben.id) == [("Pilates", 1, 5, 2, 0, 0)]
    assert figures(service_id=yoga.id, staff_id=ben.id) == []


def test_heatmap_cells_are_local_weekday_and_hour_across_a_dst_change(session, org, actor):
    yoga = class_service(session, org, name="Yoga", slug="yoga")
    # Saturday 10:00 in Berlin, before (08:00 UTC, CEST) and after (09:00 UTC, CET) summer time ends on 25 October.
    before = _session(session, yoga, datetime(2026, 10, 24, 8, 0, tzinfo=UTC), capacity=10)
    _places(session, org, yoga, before, 5)
    after = _session(session, yoga, datetime(2026, 10, 31, 9, 0, tzinfo=UTC), capacity=10)
    _places(session, org, yoga, after, 2)
    # Monday 00:30 in Berlin is Sunday 23:30 UTC.
    midnight = _session(session, yoga, datetime(2026, 11, 1, 23, 30, tzinfo=UTC), capacity=4)
    _places(session, org, yoga, midnight, 1)
    # Sunday 25 October at 02:30 CET (after the clocks went back at 01:00 UTC) is 01:30 UTC.
    night = _session(session, yoga, datetime(2026, 10, 25, 1, 30, tzinfo=UTC), capacity=2)
    _places(session, org, yoga, night, 2)

    report = occupancy_report(session, actor=actor, first=date(2026, 10, 20), last=date(2026, 11, 5))

    assert [(c.weekday, c.hour, c.sessions, c.places, c.booked) for c in report.cells] == [
        (0, 0, 1, 4, 1), (5, 10, 2, 20, 7), (6, 2, 1, 2, 2)]
    hours, rows = heatmap(report, locale="en")
    assert hours == ["00:00", "02:00", "10:00"]
    assert rows == [[["Mon", ""], ["25%", "2"], ["", ""], ["", ""]],
                    [["Sat", ""], ["", ""], ["", ""], ["35%", "2"]],
                    [["Sun", ""], ["", ""], ["100%", "5"], ["", ""]]]
    hours, rows = heatmap(report, locale="pl")
    assert rows[0][0][0] == "pon." and rows[1][3][0] == "35%"


def test_offset_periods_find_the_transitions_to_the_second():
    start, end = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)
    assert offset_periods(start, end, "Europe/Berlin") == (
        [datetime(2026, 3, 29, 1, 0, tzinfo=UTC), datetime(2026, 10, 25, 1, 0, tzinfo=UTC)], [60, 120, 60])
    assert offset_periods(start, end, "Asia/Kolkata") == ([], [330])


def test_a_half_hour_zone_puts_sessions_in_their_local_hour(session, actor):
    india = factories.organization(session, "india", timezone="Asia/Kolkata")
    india_actor = factories.staff_actor(session, india)
    yoga = class_service(session, india, name="Yoga", slug="yoga-in")
    _session(session, yoga, datetime(2026, 11, 10, 3, 45, tzinfo=UTC))  # Tuesday 09:15 in Kolkata
    report = occupancy_report(session, actor=india_actor, **NOV)
    assert [(c.weekday, c.hour) for c in report.cells] == [(1, 9)]


def test_another_organizations_classes_never_show(session, org, actor):
    other = factories.organization(session, "other", timezone="Europe/Berlin")
    theirs = class_service(session, other, name="Theirs", slug="theirs")
    row = _session(session, theirs, datetime(2026, 11, 10, 17, 0, tzinfo=UTC))
    _places(session, other, theirs, row, 3)

    report = occupancy_report(session, actor=actor, **NOV)
    assert report.empty and report.cells == [] and report.totals.sessions == 0
    assert report_table(report, locale="en") == ([], [])
    assert occupancy_report(session, actor=actor, **NOV, service_id=theirs.id).empty
    with pytest.raises(NotFound):
        occupancy_report(session, actor=Actor(kind="customer", organization_id=org.id), **NOV)


@pytest.mark.parametrize(("first", "last", "message"), [
    (None, date(2026, 11, 30), "Choose the first and the last day."),
    (date(2026, 11, 30), date(2026, 11, 1), "The last day comes before the first."),
    (date(2025, 1, 1), date(2026, 1, 2), "Choose at most {max} days."),
])
def test_bad_ranges_are_refused_with_a_message(session, actor, first, last, message):
    with pytest.raises(ValidationFailed) as refused:
        occupancy_report(session, actor=actor, first=first, last=last)
    assert refused.value.msgid == message


def test_the_csv_is_the_table(session, org, actor):
    yoga = class_service(session, org, name="=Yoga", slug="yoga")
    row = _session(session, yoga, datetime(2026, 11, 10, 17, 0, tzinfo=UTC), capacity=3)
    _places(session, org, yoga, row, 2)
    report = occupancy_report(session, actor=actor, **NOV)
    rows, totals = report_table(report, locale="de")

    parsed = list(csv.reader(io.StringIO(occupancy_csv((rows, totals)))))

    assert parsed[0] == ["Class", "Sessions", "Places", "Booked", "Fill rate", "Attended", "No-shows"]
    assert rows == [["=Yoga", "1", "3", "2", "66,7\xa0%", "0", "0"]]
    assert parsed[1:] == [["'=Yoga", *rows[0][1:]], *totals]
