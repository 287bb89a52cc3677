"""Reports and the dashboard home: database time of one page load at 1,000 vs 100,000 bookings,
on SQLite and on a throwaway PostgreSQL.

    python bench/reports_bench.py [--sizes 1000 100000] [--repeat 15] [--engines sqlite postgresql] [--plans]

Each size gets a fresh database built from the migrations (so with their indexes) holding
one organization. What the pages measure is the same at every size; only the history
behind it grows:
- **the measured business** (`MEASURED` = 1,000 bookings, seed fixed): the last
  `MEASURED_DAYS` (200) days and the next `AHEAD_DAYS` (14), which hold every range a page
  reads (the home's today and this week, revenue over 6 months and 1 month, the statement's
  this month and last, cancellations over 30 days, occupancy's default range, requests
  over 6 months, the past weeks). It is inserted first, so its rows get the same ids at
  every size, and every choice in it comes from its own seed and its rows' positions;
- **the history**: size - 1,000 more bookings (none at 1,000) at `PER_DAY` (50) a day,
  ending `GAP_DAYS` (30) before the measured business (99,000 are 5.4 years), with their own
  class sessions, payments and operations, log entries, credits, waitlists and attendance
  marks, so every table grows about 100x. Its bookings belong to 300 customers per 1,000
  bookings named "Past customer …", who sort after the measured business's 300
  ("Customer 00000" …): the Customers report's first 200 by name, with their all-time
  booking counts, last visits and no-shows, are the same people with the same figures at
  every size. Its bookings all lie in the past (nothing waiting, unpaid or offered), so
  the home's lists of what is waiting hold the same rows too.
Both parts are alike: a fifth of the bookings are class places (sessions of 10, some
cancelled by the studio), the rest appointments of 3 request services (answers and a
respond_by on the requests, answered ones with their answer time, cancel reasons on
cancelled ones, attendance marks on past visits, a twentieth no-show); a payment for every
priced booking that got paid with its authorize and capture PaymentOperations, and a
refund (some with the platform commission retained) for most cancelled ones; ActivityLog
entries for each booking made, confirmed and cancelled (for class places
`class.cancelled_by_customer` / `class.removed_by_staff` / `class.cancelled_by_studio`
with a reason and credits back); credit grants and debits; waitlists on every fifth
session. PostgreSQL gets VACUUM ANALYZE after the seeding, as autovacuum would (it
vacuums tables that grew by inserts too); SQLite gets none, as the app never runs it.

**The fairness check**: before measuring, the script asserts that the measured stretch
(the last 215 days and ahead) holds the same number of rows of every table at every size,
and that every page shows exactly the same (its tables, chart points, ids included) at
every size, and prints both. So 100k vs 1k shows what the bigger tables cost, not a
bigger result.

For each page in PAGES: the **database time** of one load is the sum of the cursor
execution times of its queries (SQLAlchemy's before/after_cursor_execute events on the
engine), the median of --repeat loads, alternating the sizes round by round so the
machine's load falls on both alike. Also printed: the number of queries and the wall time
of the whole call (Python included). Verdict per page: 100k within 1.5x of 1k and the
100k database time under 150 ms. On SQLite a cursor's execute runs the statement up to its
first row only (the rest is stepped while fetching), so for a query that streams rows the
wall time is the fairer figure; on PostgreSQL (psycopg, client-side cursors) execute
returns once every row has arrived.

`--plans` prints every query of every page once per engine and size with its plan
(EXPLAIN QUERY PLAN / EXPLAIN); a SQLite "SCAN" or a PostgreSQL "Seq Scan" is flagged.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa  # noqa: E402
from sqlalchemy import event, insert  # noqa: E402
from sqlmodel import Session, SQLModel, select  # noqa: E402

from bookingapp.db import make_engine, unit_of_work  # noqa: E402
from bookingapp.manage import migrate  # noqa: E402
from bookingapp.models import (  # noqa: E402
    ActivityLog,
    AvailabilityRule,
    Booking,
    ClassSession,
    CreditLedger,
    Customer,
    Organization,
    Payment,
    PaymentOperation,
    StaffUser,
    WaitlistEntry,
)
from bookingapp.services import (  # noqa: E402
    cancellations_report,
    customer_reports,
    noshows_report,
    occupancy_report,
    overview,
    requests_report,
    revenue_report,
    session_changes,
    setup_checklist,
    statements,
)
from bookingapp.services.accounts import actor_for  # noqa: E402
from tests import factories  # noqa: E402
from tests.service.class_fixtures import class_service  # noqa: E402

TARGET_RATIO = 1.5
TARGET_MS = 150.0
CLASS_SHARE = 5  # one booking in five is a class place
PLACES = 10  # per session
REASONS = ["Ill", "Work came up", "Travelling", "Childcare", "Changed my mind", ""]
PAID = ("confirmed", "completed", "no_show", "rebooking_requested", "cancelled")
CUSTOMERS_PAGE = 200  # states/reports.TABLE_ROWS: the Customers report shows this many


# --- the pages ----------------------------------------------------------------------------
# Each entry is (name, load(session, actor, today)): what the page's on_load does with the
# database, given a fresh session. The figures are the queries it sends.

def _six_months(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=150)).replace(day=1)  # states/revenue_report default


def _revenue(first: Callable[[date], date], grouping: revenue_report.Grouping):
    def load(session: Session, actor, today: date) -> object:
        found = revenue_report.revenue_report(session, actor=actor, first=first(today), last=today, grouping=grouping)
        return revenue_report.report_table(found, locale="en"), revenue_report.chart_points(found, locale="en")
    return load


def _fixed(today: date) -> date:
    return today - timedelta(days=6)


def _past_week(load: Callable) -> Callable:
    """The page for the 7 days ending 8 days ago: a small range wholly in the past (like
    every range here, it holds the same rows at every size)."""
    return lambda session, actor, today: load(session, actor, today - timedelta(days=8))


def _customers(session: Session, actor, today: date) -> object:
    return customer_reports.customers_report(session, actor=actor, now=datetime.now(UTC), limit=CUSTOMERS_PAGE + 1)


def _cancellations(days: int):
    def load(session: Session, actor, today: date) -> object:  # the page's default: the last 30 days
        org = session.get(Organization, actor.organization_id)
        rows = session_changes.cancellations_report(session, actor=actor, first=today - timedelta(days=days), last=today)
        return session_changes.report_table(rows, org=org, locale="en")
    return load


def _statement(months_back: int):
    def load(session: Session, actor, today: date) -> object:
        index = today.year * 12 + today.month - 1 - months_back
        return statements.monthly_statement(session, actor=actor, year=index // 12, month=index % 12 + 1)
    return load


def _checklist(session: Session, actor, today: date) -> object:
    return setup_checklist.setup_checklist(session, actor=actor)


def _overview(session: Session, actor, today: date) -> object:  # states/home_overview
    found = overview.overview(session, actor=actor)
    return found, overview.hours_table(found.staff_hours, locale="en"), overview.hours_points(found.staff_hours)


def _occupancy(session: Session, actor, today: date) -> object:  # the page's default: 4 weeks back, 2 ahead
    found = occupancy_report.occupancy_report(session, actor=actor, first=today - timedelta(days=27),
                                              last=today + timedelta(days=14))
    names = occupancy_report.class_names(session, found, "en")
    return (occupancy_report.report_table(found, locale="en", names=names), occupancy_report.chart_points(found, names=names),
            occupancy_report.heatmap(found, locale="en"))


def _requests(first: Callable[[date], date]):
    def load(session: Session, actor, today: date) -> object:
        found = requests_report.requests_report(session, actor=actor, first=first(today), last=today)
        return requests_report.report_table(found, locale="en"), requests_report.chart_points(found, locale="en")
    return load


def _last_30(report: Callable, module) -> Callable:
    """A report on the shared frame (report_filters: the last 30 days by default): its
    figures, the table under the chart and the chart's points."""
    def load(session: Session, actor, today: date) -> object:
        found = report(session, actor=actor, first=today - timedelta(days=30), last=today)
        return module.report_table(found, locale="en"), module.chart_points(found, locale="en")
    return load


PAGES: list[tuple[str, Callable[[Session, object, date], None]]] = [
    ("home: setup checklist", _checklist),
    ("revenue, 6 months by month", _revenue(_six_months, revenue_report.Grouping.MONTH)),
    ("revenue, 6 months by week", _revenue(_six_months, revenue_report.Grouping.WEEK)),
    ("revenue, 1 month by month", _revenue(lambda today: today - timedelta(days=30), revenue_report.Grouping.MONTH)),
    ("revenue, 1 month by week", _revenue(lambda today: today - timedelta(days=30), revenue_report.Grouping.WEEK)),
    ("revenue, a past week", _past_week(_revenue(_fixed, revenue_report.Grouping.WEEK))),
    ("customers, first 200", _customers),
    ("cancellations, 30 days", _cancellations(30)),
    ("cancellations, a past week", _past_week(_cancellations(7))),
    ("statement, this month", _statement(0)),
    ("statement, last month", _statement(1)),
    ("home: overview", _overview),
    ("occupancy, default range", _occupancy),
    ("requests, 6 months", _requests(_six_months)),
    ("requests, a past week", _past_week(_requests(_fixed))),
    ("cancellations by reason and who, 30 days", _last_30(cancellations_report.cancellation_counts, cancellations_report)),
    ("no-shows by service, 30 days", _last_30(noshows_report.noshows_report, noshows_report)),
    # --- new pages go here, one line each: (name, load(session, actor, today)), e.g.
    # ("cancellations by reason", lambda s, actor, today: session_changes.by_reason(s, actor=actor, ...)),
]


# --- seeding ------------------------------------------------------------------------------

MEASURED = 1_000  # bookings of the measured business, at every size
MEASURED_CUSTOMERS = 300  # "Customer 000" ...: they sort before every customer of the history
MEASURED_DAYS = 200  # the measured business: the last 200 days (every range measured lies in them) ...
AHEAD_DAYS = 14  # ... and the next 2 weeks
GAP_DAYS = 30  # between the history's last row and the measured business's first
PER_DAY = 50  # the history's pace: 99,000 bookings are 5.4 years
FUTURE = ["requested"] * 15 + ["confirmed"] * 60 + ["rebooking_requested"] * 5 + ["pending_payment"] * 5 + ["cancelled"] * 15
PAST = ["completed"] * 70 + ["cancelled"] * 15 + ["no_show"] * 5 + ["rejected"] * 5 + ["expired"] * 5
ANSWERED = ("confirmed", "completed", "no_show", "rebooking_requested", "cancelled", "rejected")


@dataclass
class Business:
    """What a stretch of the organization's time holds, generated from its own seed."""

    seed: int
    count: int  # bookings, a fifth of them class places
    first: datetime  # bookings start between these two
    last: datetime
    customers: list[int]  # whose bookings these are


def fill_reports(engine, size: int, now: datetime) -> int:
    """One organization: the measured business (MEASURED bookings over the last
    MEASURED_DAYS and the next AHEAD_DAYS, seed fixed), inserted first so that its rows get
    the same ids at every size, then the older history (size - MEASURED bookings at PER_DAY
    a day, ending GAP_DAYS before the measured business, of customers named after it).
    Returns the owner's id."""
    with unit_of_work(engine) as s:
        org = factories.organization(s, "bench", platform_commission_pct="23.8")
        owner = factories.staff(s, org)
        services = [factories.request_service(s, org, name=f"Service {i}", slug=f"service-{i}") for i in range(3)]
        yoga = class_service(s, org, staff_user_id=owner.id)
        org.created_at = org.shared_at = now - timedelta(days=MEASURED_DAYS)  # the same at every size
        ids = Ids(org.id, owner.id, [svc.id for svc in services], yoga.id)
        s.add_all([AvailabilityRule(organization_id=org.id, staff_user_id=owner.id, weekday=day, start_time=wall(9),
                                    end_time=wall(17)) for day in range(5)])
    measured_first = now - timedelta(days=MEASURED_DAYS)
    with engine.begin() as conn:
        measured = _customers(conn, ids.org, "Customer", MEASURED_CUSTOMERS, now - timedelta(days=MEASURED_DAYS + 30))
        _seed(conn, ids, Business(1, MEASURED, measured_first, now + timedelta(days=AHEAD_DAYS), measured), now)
        older = size - MEASURED
        if older > 0:
            last = measured_first - timedelta(days=GAP_DAYS)
            first = last - timedelta(days=older / PER_DAY)
            people = _customers(conn, ids.org, "Past customer", max(100, older * 3 // 10), first)
            _seed(conn, ids, Business(2, older, first, last, people), now)
    return ids.owner


@dataclass
class Ids:
    org: int
    owner: int
    services: list[int]
    yoga: int


def _customers(conn, org_id: int, name: str, count: int, since: datetime) -> list[int]:
    slug = name.lower().replace(" ", "")
    return list(conn.execute(insert(Customer).returning(Customer.id, sort_by_parameter_order=True), [
        {"organization_id": org_id, "email": f"{slug}{i}@example.com", "name": f"{name} {i:05d}", "created_at": since,
         "email_verified": False, "session_version": 1} for i in range(count)]).scalars())


def _seed(conn, ids: Ids, business: Business, now: datetime) -> None:
    """The business's class sessions, bookings (appointments with answers, answered requests,
    cancel reasons and attendance; class places), payments with their authorize, capture and
    refund, activity log entries, credit grants and debits, and waitlists. Every choice comes
    from the business's own seed and its rows' positions, never from the database's ids."""
    rng = random.Random(business.seed)
    span = business.last - business.first
    places = business.count // CLASS_SHARE
    at = [(business.first + span * rng.random()).replace(second=0, microsecond=0) for _ in range(business.count - places)]
    starts = sorted((business.first + span * rng.random()).replace(minute=0, second=0, microsecond=0)
                    for _ in range(max(1, places // PLACES)))
    session_ids = list(conn.execute(insert(ClassSession).returning(ClassSession.id, sort_by_parameter_order=True), [
        {"organization_id": ids.org, "service_id": ids.yoga, "staff_user_id": ids.owner, "starts_at": start,
         "ends_at": start + timedelta(hours=1), "capacity": PLACES + 2, "location": "Studio A", "credit_cost": 1,
         "free_cancellation_minutes": 720, "online_booking": True, "cancelled": i % 40 == 39 and start < now,
         "cancelled_at": start - timedelta(days=1) if i % 40 == 39 and start < now else None,
         "cancel_reason": "Teacher ill" if i % 40 == 39 and start < now else None}
        for i, start in enumerate(starts)]).scalars())

    def past(moment: datetime) -> datetime:
        """A cancellation or refund of a booking still ahead: some time in the last 3 days."""
        return moment if moment < now else now - timedelta(hours=rng.uniform(1, 72))

    rows = []
    for start in at:
        ahead = start > now
        status = rng.choice(FUTURE if ahead else PAST)
        made = start - timedelta(days=rng.randint(1, 14), hours=rng.randint(0, 23))
        made = made if made < now else now - timedelta(hours=rng.uniform(1, 24))
        row = _booking(ids, len(rows), business.seed, rng.choice(business.customers), start, status, made)
        row.update(service_id=rng.choice(ids.services), ends_at=start + timedelta(hours=2), party_size=2,
                   price_minor=12000, credits_spent=0, staff_user_id=ids.owner)
        if status in ("requested", "expired"):
            row.update(answers={"Occasion": "Birthday", "Guests": "2"}, respond_by=made + timedelta(days=2))
        if status in ANSWERED:
            seconds = (len(rows) % 20 + 1) * 900
            row.update(answered_at=made + timedelta(seconds=seconds), answer="rejected" if status == "rejected" else "confirmed",
                       answer_seconds=seconds, answered_in_time=len(rows) % 10 != 0)
        rows.append(row)
    for (sid, start), cancelled in zip(zip(session_ids, starts, strict=True), _cancelled_sessions(starts, now), strict=True):
        for _seat in range(PLACES):
            if len(rows) >= business.count:
                break
            status = ("cancelled" if cancelled or rng.random() < 0.12 else
                      "confirmed" if start > now else rng.choice(["completed"] * 9 + ["confirmed"]))
            made = start - timedelta(days=rng.randint(1, 14))
            made = made if made < now else now - timedelta(hours=rng.uniform(1, 24))
            row = _booking(ids, len(rows), business.seed, rng.choice(business.customers), start, status, made)
            row.update(service_id=ids.yoga, session_id=sid, ends_at=start + timedelta(hours=1), party_size=1,
                       price_minor=0, credits_spent=1)
            rows.append(row)
    for i, row in enumerate(rows):
        if row["status"] == "cancelled" and i % 3:
            row["cancel_reason"] = "Ill"
        if row["status"] in ("confirmed", "completed") and row["starts_at"] < now:
            row["attendance"] = None if i % 20 == 1 else "no_show" if i % 20 == 0 else "attended"
    booking_ids = []
    for chunk in range(0, len(rows), 10_000):
        booking_ids += conn.execute(insert(Booking).returning(Booking.id, sort_by_parameter_order=True),
                                    rows[chunk:chunk + 10_000]).scalars()
    for row, booking_id in zip(rows, booking_ids, strict=True):
        row["id"] = booking_id

    # Payments: one per paid booking with its authorize + capture; most cancellations refunded.
    paid = [(i, b) for i, b in enumerate(rows) if b["price_minor"] and b["status"] in PAID]
    refunded = {i for i, b in paid if b["status"] == "cancelled" and i % 4}
    payment_ids = list(conn.execute(insert(Payment).returning(Payment.id, sort_by_parameter_order=True), [
        {"organization_id": ids.org, "booking_id": b["id"], "gateway": "local", "external_id": f"pi_{b['reference']}",
         "idempotency_key": f"pay-{b['reference']}", "amount_minor": b["price_minor"], "currency": "EUR",
         "status": "refunded" if i in refunded else "captured", "authorized_at": b["created_at"],
         "captured_minor": b["price_minor"], "refunded_minor": b["price_minor"] if i in refunded else 0,
         "commission_retained_minor": 0, "card_last4": "4242", "created_at": b["created_at"],
         "updated_at": b["created_at"]} for i, b in paid]).scalars()) if paid else []
    ops = []
    for (i, b), pid in zip(paid, payment_ids, strict=True):
        ops.append({"payment_id": pid, "kind": "authorize", "idempotency_key": f"auth-{pid}",
                    "amount_minor": b["price_minor"], "commission_minor": 0, "status": "succeeded", "created_at": b["created_at"]})
        ops.append({"payment_id": pid, "kind": "capture", "idempotency_key": f"cap-{pid}",
                    "amount_minor": b["price_minor"], "commission_minor": 0, "status": "succeeded",
                    "created_at": b["created_at"] + timedelta(minutes=5)})
        if i in refunded:
            ops.append({"payment_id": pid, "kind": "refund", "idempotency_key": f"ref-{pid}",
                        "amount_minor": b["price_minor"], "commission_minor": b["price_minor"] // 20 if i % 2 else 0,
                        "status": "succeeded" if i % 50 else "failed",
                        "created_at": past(b["starts_at"] - timedelta(hours=6))})
    for chunk in range(0, len(ops), 10_000):
        conn.execute(insert(PaymentOperation), ops[chunk:chunk + 10_000])

    # The activity log: made, confirmed, cancelled (with reason and who for class places).
    logs = []
    for b in rows:
        made = b["created_at"]
        logs.append(_log(ids.org, "booking.requested" if b["session_id"] is None else "class.booked", b, made))
        if b["status"] in PAID and b["session_id"] is None:
            logs.append(_log(ids.org, "booking.confirmed", b, made + timedelta(hours=3)))
        if b["status"] == "cancelled":
            when = past(b["starts_at"] - timedelta(hours=rng.randint(1, 72)))
            if b["session_id"] is None:
                logs.append(_log(ids.org, "booking.cancelled_by_customer", b, when, {"reason": rng.choice(REASONS)}))
            else:
                action = rng.choice(["class.cancelled_by_customer"] * 7 + ["class.removed_by_staff"] * 2
                                    + ["class.cancelled_by_studio"])
                logs.append(_log(ids.org, action, b, when, {"reason": rng.choice(REASONS),
                                                            "refunded_credits": rng.choice([0, 1, 1])}))
    for chunk in range(0, len(logs), 10_000):
        conn.execute(insert(ActivityLog), logs[chunk:chunk + 10_000])

    # Credits: a grant per customer with a class place, a debit per place.
    class_customers = sorted({b["customer_id"] for b in rows if b["session_id"] is not None})
    ledger = [{"organization_id": ids.org, "customer_id": c, "delta": 50, "reason": "Welcome", "kind": "grant",
               "booking_id": None, "staff_user_id": ids.owner, "created_at": business.first - timedelta(days=1)}
              for c in class_customers]
    ledger += [{"organization_id": ids.org, "customer_id": b["customer_id"], "delta": -1, "reason": "Class",
                "kind": "debit", "booking_id": b["id"], "staff_user_id": None, "created_at": b["created_at"]}
               for b in rows if b["session_id"] is not None]
    for chunk in range(0, len(ledger), 10_000):
        conn.execute(insert(CreditLedger), ledger[chunk:chunk + 10_000])

    # Waitlists on every fifth session: waiting/offered ahead, claimed/expired/left behind.
    waits = []
    for sid, start in list(zip(session_ids, starts, strict=True))[::5]:
        for position in range(1, 4):
            status = (rng.choice(["waiting", "waiting", "offered"]) if start > now
                      else rng.choice(["claimed", "expired", "left"]))
            waits.append({"organization_id": ids.org, "session_id": sid, "customer_id": rng.choice(business.customers),
                          "party_size": 1, "position": position, "status": status,
                          "offer_expires_at": now + timedelta(hours=12) if status == "offered" else None,
                          "created_at": min(start, now) - timedelta(days=3)})
    if waits:
        conn.execute(insert(WaitlistEntry), waits)


def _cancelled_sessions(starts: list[datetime], now: datetime) -> list[bool]:
    return [i % 40 == 39 and start < now for i, start in enumerate(starts)]


def _booking(ids: Ids, i: int, seed: int, customer_id: int, start: datetime, status: str, made: datetime) -> dict:
    return {"organization_id": ids.org, "reference": f"B{seed}{i:08d}", "customer_id": customer_id, "session_id": None,
            "staff_user_id": None, "starts_at": start, "answers": {}, "note": "", "status": status, "location_tbd": False,
            "currency": "EUR", "created_at": made, "updated_at": made, "lock_version": 1, "respond_by": None,
            "answered_at": None, "answer": None, "answer_seconds": None, "answered_in_time": None,
            "cancel_reason": None, "attendance": None}


def _log(org_id: int, action: str, b: dict, at: datetime, data: dict | None = None) -> dict:
    return {"organization_id": org_id, "action": action, "actor_kind": "customer" if "customer" in action else "staff",
            "actor_id": None, "actor_name": "Customer" if "customer" in action else "Owner", "booking_id": b["id"],
            "customer_id": b["customer_id"], "data": data or {}, "created_at": at}


# --- measuring ----------------------------------------------------------------------------

def _plain(value: object) -> object:
    """What a page shows, comparable across databases: dataclasses and rows as their fields."""
    if isinstance(value, SQLModel):
        return (type(value).__name__, _plain(value.model_dump()))
    if is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__, tuple((f.name, _plain(getattr(value, f.name))) for f in fields(value)))
    if isinstance(value, dict):
        return tuple(sorted((str(k), _plain(v)) for k, v in value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return tuple(sorted(items, key=repr) if isinstance(value, set | frozenset) else items)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)
    return value


class _Stepping:
    """SQLite's cursor.execute() runs a statement up to its first row; the rest runs while
    the rows are fetched. These add that time to the clock that is on."""

    clock: DbClock | None = None


def _timed(method):
    def run(self, *args):
        clock = _Stepping.clock
        if clock is None or not clock.on:
            return method(self, *args)
        began = time.perf_counter()
        try:
            return method(self, *args)
        finally:
            clock.fetch_seconds += time.perf_counter() - began
    return run


class _TimedCursor(sqlite3.Cursor):
    fetchone = _timed(sqlite3.Cursor.fetchone)
    fetchmany = _timed(sqlite3.Cursor.fetchmany)
    fetchall = _timed(sqlite3.Cursor.fetchall)
    __next__ = _timed(sqlite3.Cursor.__next__)


class _TimedConnection(sqlite3.Connection):
    def cursor(self, factory=None):
        return super().cursor(factory or _TimedCursor)


class DbClock:
    """Sums the cursor execution time (before/after_cursor_execute) and counts the
    statements on one engine while on; on SQLite also the time spent stepping through the
    rows while they are fetched."""

    def __init__(self, engine) -> None:
        self.on, self.seconds, self.fetch_seconds, self.queries = False, 0.0, 0.0, 0
        self.record: list[tuple[str, object]] | None = None

        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn, cursor, statement, parameters, context, executemany):
            if self.on:
                conn.info.setdefault("bench_started", []).append(time.perf_counter())

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn, cursor, statement, parameters, context, executemany):
            if self.on:
                self.seconds += time.perf_counter() - conn.info["bench_started"].pop()
                self.queries += 1
                if self.record is not None:
                    self.record.append((statement, parameters))

    def start(self) -> None:
        self.on, self.seconds, self.fetch_seconds, self.queries = True, 0.0, 0.0, 0
        _Stepping.clock = self

    def stop(self) -> tuple[float, int]:
        self.on = False
        return (self.seconds + self.fetch_seconds) * 1000, self.queries


def timed_engine(url: str):
    """make_engine's engine; on SQLite its connections' cursors time their fetching too."""
    engine = make_engine(url)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "do_connect")
        def _connect(dialect, conn_rec, cargs, cparams):
            cparams["factory"] = _TimedConnection
    return engine


class Prepared:
    def __init__(self, url: str, size: int, now: datetime) -> None:
        migrate(url)
        self.engine = timed_engine(url)
        started = time.perf_counter()
        self.owner_id = fill_reports(self.engine, size, now)
        if self.engine.dialect.name == "postgresql":
            with self.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
        self.fill_s = time.perf_counter() - started
        self.size = size
        with Session(self.engine) as s:
            self.actor = actor_for(s.get(StaffUser, self.owner_id))
            tables = [("bookings", Booking, Booking.starts_at), ("payments", Payment, Payment.created_at),
                      ("payment ops", PaymentOperation, PaymentOperation.created_at),
                      ("activity log", ActivityLog, ActivityLog.created_at), ("customers", Customer, None),
                      ("class sessions", ClassSession, ClassSession.starts_at),
                      ("credit ledger", CreditLedger, CreditLedger.created_at),
                      ("waitlist", WaitlistEntry, WaitlistEntry.created_at)]
            self.counts = {name: s.scalar(select(sa.func.count()).select_from(model)) for name, model, _ in tables}
            # What the measured business's stretch holds (every measured range lies in it).
            since = now - timedelta(days=MEASURED_DAYS + GAP_DAYS // 2)
            self.measured = {name: s.scalar(select(sa.func.count()).select_from(model).where(moment >= since))
                             for name, model, moment in tables if moment is not None}
        self.clock = DbClock(self.engine)

    def load(self, page: Callable, today: date) -> tuple[float, int, float, object]:
        """(database ms, queries, wall ms, what the page shows) of one load in a fresh session."""
        began = time.perf_counter()
        with Session(self.engine) as s:
            self.clock.start()
            try:
                shown = page(s, self.actor, today)
            finally:
                db_ms, queries = self.clock.stop()
            shown = _plain(shown)
        return db_ms, queries, (time.perf_counter() - began) * 1000, shown

    def plans(self, name: str, page: Callable, today: date) -> None:
        self.clock.record = []
        self.load(page, today)
        recorded, self.clock.record = self.clock.record, None
        sqlite = self.engine.dialect.name == "sqlite"
        print(f"\n== {self.engine.dialect.name}, {self.size:,} bookings, {name}: {len(recorded)} queries")
        with self.engine.connect() as conn:
            for statement, parameters in recorded:
                print("  " + " ".join(statement.split())[:400])
                plan = conn.exec_driver_sql(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement, parameters).fetchall()
                lines = [str(row[-1] if sqlite else row[0]) for row in plan]
                # SQLite also "scans" the subqueries it built itself: only tables count.
                built = {line.split()[1] for line in lines if line.startswith(("CO-ROUTINE ", "MATERIALIZE "))}
                for line in lines:
                    if sqlite:
                        words = line.split()
                        full = words[:1] == ["SCAN"] and words[1] not in built and not words[1].startswith("(")
                    else:
                        full = "Seq Scan" in line
                    print(f"      {line}{'   <-- full scan' if full else ''}")


def measure(engine_name: str, url_for_size: Callable[[int], str], sizes: list[int], repeat: int, show_plans: bool,
            pages: list[tuple[str, Callable]]) -> tuple[dict, dict]:
    now = datetime.now(UTC)
    today = now.date()
    prepared = {}
    for size in sizes:
        prepared[size] = Prepared(url_for_size(size), size, now)
        p = prepared[size]
        print(f"  {engine_name}: {size:,} bookings seeded in {p.fill_s:.1f} s ("
              + ", ".join(f"{v:,} {k}" for k, v in p.counts.items()) + ")", flush=True)
    # The fairness check: the measured stretch holds the same rows, and every page shows the
    # same at every size (same ids included: the measured business is inserted first).
    first = prepared[sizes[0]]
    for size, p in prepared.items():
        assert p.measured == first.measured, (size, p.measured, first.measured)
    print(f"  {engine_name}: the last {MEASURED_DAYS + GAP_DAYS // 2} days and what lies ahead hold the same rows at "
          "every size: " + ", ".join(f"{v:,} {k}" for k, v in first.measured.items()), flush=True)
    shown = {}
    for size, p in prepared.items():
        for name, page in pages:
            if show_plans:
                p.plans(name, page, today)
            shown[size, name] = p.load(page, today)[3]  # also warms the caches and the statement cache
    for name, _ in pages:
        for size in sizes[1:]:
            assert shown[size, name] == shown[sizes[0], name], f"{engine_name}: {name} differs at {size:,}"
    print(f"  {engine_name}: every page ({len(pages)}) shows the same at every size", flush=True)
    times = {size: {name: ([], [], []) for name, _ in pages} for size in sizes}
    for _ in range(repeat):  # rounds alternate the sizes: the machine's load falls on both
        for size, p in prepared.items():
            for name, page in pages:
                db_ms, queries, wall_ms, _shown = p.load(page, today)
                times[size][name][0].append(db_ms)
                times[size][name][1].append(queries)
                times[size][name][2].append(wall_ms)
    for p in prepared.values():
        p.engine.dispose()
    return ({size: {name: (statistics.median(d), max(q), statistics.median(w)) for name, (d, q, w) in by.items()}
             for size, by in times.items()}, {size: p.counts for size, p in prepared.items()})


def report(engine_name: str, results: dict, sizes: list[int]) -> None:
    small, large = sizes[0], sizes[-1]
    print(f"\n{engine_name}: database time of one page load (median), queries, wall time of the call")
    a, b = _short(small), _short(large)
    print(f"{'page':<30}{a + ' ms':>10}{b + ' ms':>10}{'ratio':>7}{'queries':>9}{'wall ' + a:>11}{'wall ' + b:>11}  verdict")
    total_small = total_large = 0.0
    for name in results[small]:
        (db_s, q_s, wall_s), (db_l, q_l, wall_l) = results[small][name], results[large][name]
        total_small, total_large = total_small + db_s, total_large + db_l
        ratio = db_l / db_s if db_s else float("inf")
        misses = ([f"ratio > {TARGET_RATIO}"] if ratio > TARGET_RATIO else []) + (
            [f"> {TARGET_MS:.0f} ms"] if db_l >= TARGET_MS else [])
        queries = f"{q_s}" if q_s == q_l else f"{q_s}/{q_l}"
        print(f"{name:<30}{db_s:>10.2f}{db_l:>10.2f}{ratio:>7.2f}{queries:>9}{wall_s:>11.2f}{wall_l:>11.2f}  "
              + ("pass" if not misses else "MISS: " + ", ".join(misses)))
    print(f"{'all pages together':<30}{total_small:>10.2f}{total_large:>10.2f}{total_large / total_small:>7.2f}")


def _short(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else f"{size:,}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--only", nargs="*", default=None, help="measure only the pages whose names contain one of these")
    args = parser.parse_args()
    pages = [(n, p) for n, p in PAGES if not args.only or any(word in n for word in args.only)]
    results = {}
    with tempfile.TemporaryDirectory() as work:
        if "sqlite" in args.engines:
            results["sqlite"] = measure("sqlite", lambda size: f"sqlite:///{Path(work) / f'reports_{size}.db'}",
                                        args.sizes, args.repeat, args.plans, pages)
        if "postgresql" in args.engines:
            from tests.pg_cluster import PgCluster, wait_until_ready

            cluster = PgCluster.start()
            try:
                wait_until_ready(cluster)
                results["postgresql"] = measure("postgresql", lambda size: cluster.url(cluster.create_database()),
                                                args.sizes, args.repeat, args.plans, pages)
            finally:
                cluster.stop()
    for engine_name, (by_size, _counts) in results.items():
        report(engine_name, by_size, args.sizes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
