"""The reports read a date range or a page of customers through an index, never every
booking, payment or log entry of the organization (bench/reports_bench.py measures them at
100,000 bookings). SQLite plans without statistics (the app never runs ANALYZE), so the
plan on a small database is the plan it takes on a big one."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import event
from sqlmodel import Session

from bookingapp.db import unit_of_work
from bookingapp.services import (
    cancellations_report,
    customer_reports,
    noshows_report,
    occupancy_report,
    overview,
    requests_report,
    revenue_report,
    session_changes,
    statements,
)
from tests import factories

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
BIG = ("booking", "payment", "paymentoperation", "activitylog", "creditledger", "waitlistentry")


def _plans(engine, load) -> list[str]:
    """Every SELECT `load` sends, each with SQLite's plan lines."""
    sent: list[tuple[str, object]] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        with Session(engine) as s:
            load(s)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    with engine.connect() as conn:
        return [f"{' '.join(statement.split())[:120]}\n    {row[-1]}" for statement, parameters in sent
                for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()]


def _whole_organization(line: str) -> bool:
    """A big table scanned, or searched by the organization (or a status) alone."""
    plan = line.splitlines()[-1].strip()
    found = re.match(r"(SCAN|SEARCH) (\w+)", plan)
    if not found or found.group(2) not in BIG:
        return False
    return found.group(1) == "SCAN" or plan.endswith(("(organization_id=?)", "(status=?)"))


@pytest.fixture
def world(engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's planner without statistics; PostgreSQL plans by its statistics")
    with unit_of_work(engine) as s:
        org = factories.organization(s, "studio", timezone="Europe/Berlin")
        actor = factories.staff_actor(s, org)
        factories.booking(s, org, status="confirmed", starts_at=NOW)
    return actor


@pytest.mark.parametrize("report", ["revenue by month", "revenue by week", "statement", "cancellations",
                                    "cancellations by reason", "no-shows", "customers", "requests", "occupancy",
                                    "home overview"])
def test_each_report_reads_its_range_through_an_index_not_the_whole_organization(engine, world, report):
    actor = world
    loads = {
        "revenue by month": lambda s: revenue_report.revenue_report(s, actor=actor, first=date(2026, 6, 1), last=date(2026, 12, 6)),
        "revenue by week": lambda s: revenue_report.revenue_report(s, actor=actor, first=date(2026, 11, 1), last=date(2026, 12, 6),
                                                                   grouping="week"),
        "statement": lambda s: statements.monthly_statement(s, actor=actor, year=2026, month=11),
        "cancellations": lambda s: session_changes.cancellations_report(s, actor=actor, first=date(2026, 11, 6),
                                                                        last=date(2026, 12, 6)),
        "cancellations by reason": lambda s: cancellations_report.cancellation_counts(
            s, actor=actor, first=date(2026, 11, 6), last=date(2026, 12, 6), staff_id=actor.id),
        "no-shows": lambda s: noshows_report.noshows_report(s, actor=actor, first=date(2026, 11, 6), last=date(2026, 12, 6),
                                                            staff_id=actor.id),
        "customers": lambda s: customer_reports.customers_report(s, actor=actor, now=NOW, limit=201),
        "requests": lambda s: requests_report.requests_report(s, actor=actor, first=date(2026, 6, 1), last=date(2026, 12, 6)),
        "occupancy": lambda s: occupancy_report.occupancy_report(s, actor=actor, first=date(2026, 11, 9),
                                                                 last=date(2026, 12, 20)),
        "home overview": lambda s: overview.overview(s, actor=actor, now=NOW),
    }

    plans = _plans(engine, loads[report])

    assert plans
    assert [line for line in plans if _whole_organization(line)] == []
