"""Reports and the dashboard home: database time of one page load at 1,000 vs 100,000 bookings,
on SQLite and on a throwaway PostgreSQL.

    python bench/reports_bench.py [--sizes 1000 100000] [--repeat 15] [--engines sqlite postgresql] [--plans]

Each size gets a fresh database built from the migrations (so with their indexes), filled
the way `orders_bench.py` fills it (one organization, 50 appointments a day, history
behind and up to 60 days ahead; its `fill` is reused), with a fifth of the bookings made
class places instead (`fill_reports` below): class sessions of 10 places spread over the
same history, some cancelled by the studio. On top of that, what the reports read:
- requests with answers and a respond_by (ahead for the waiting ones, behind for the
  expired ones); cancel reasons on the cancelled bookings;
- a payment for every priced booking that got paid, with its authorize and capture
  PaymentOperations, and a refund (with the platform commission retained) for most
  cancelled ones;
- ActivityLog entries: one per booking made, one per confirmation, one per cancellation
  (for class places `class.cancelled_by_customer` / `class.removed_by_staff` /
  `class.cancelled_by_studio` with a reason and credits back);
- attendance marks on past visits (a twentieth no-show), waitlist entries on some
  sessions, credit ledger rows (a grant per class customer, a debit per place).
PostgreSQL gets ANALYZE after the seeding, as autovacuum would; SQLite gets none, as the
app never runs it.

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
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa  # noqa: E402
from orders_bench import FUTURE_DAYS, PER_DAY, fill  # noqa: E402
from sqlalchemy import event, insert, update  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

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
    customer_reports,
    occupancy_report,
    overview,
    requests_report,
    revenue_report,
    session_changes,
    setup_checklist,
    statements,
)
from bookingapp.services.accounts import actor_for  # noqa: E402
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
    def load(session: Session, actor, today: date) -> None:
        found = revenue_report.revenue_report(session, actor=actor, first=first(today), last=today, grouping=grouping)
        revenue_report.report_table(found, locale="en")
        revenue_report.chart_points(found, locale="en")
    return load


def _fixed(today: date) -> date:
    return today - timedelta(days=6)


def _past_week(load: Callable) -> Callable:
    """The page for the 7 days ending 8 days ago: at every size the database holds the same
    rows there (captures a week before the visit, cancellations up to 3 days before), so
    100k vs 1k shows what the bigger tables cost, not a bigger result."""
    return lambda session, actor, today: load(session, actor, today - timedelta(days=8))


def _customers(session: Session, actor, today: date) -> None:
    customer_reports.customers_report(session, actor=actor, now=datetime.now(UTC), limit=CUSTOMERS_PAGE + 1)


def _cancellations(days: int):
    def load(session: Session, actor, today: date) -> None:  # the page's default: the last 30 days
        org = session.get(Organization, actor.organization_id)
        rows = session_changes.cancellations_report(session, actor=actor, first=today - timedelta(days=days), last=today)
        session_changes.report_table(rows, org=org, locale="en")
    return load


def _statement(months_back: int):
    def load(session: Session, actor, today: date) -> None:
        index = today.year * 12 + today.month - 1 - months_back
        statements.monthly_statement(session, actor=actor, year=index // 12, month=index % 12 + 1)
    return load


def _checklist(session: Session, actor, today: date) -> None:
    setup_checklist.setup_checklist(session, actor=actor)


def _overview(session: Session, actor, today: date) -> None:  # states/home_overview
    found = overview.overview(session, actor=actor)
    overview.hours_table(found.staff_hours, locale="en")
    overview.hours_points(found.staff_hours)


def _occupancy(session: Session, actor, today: date) -> None:  # the page's default: 4 weeks back, 2 ahead
    found = occupancy_report.occupancy_report(session, actor=actor, first=today - timedelta(days=27),
                                              last=today + timedelta(days=14))
    names = occupancy_report.class_names(session, found, "en")
    occupancy_report.report_table(found, locale="en", names=names)
    occupancy_report.chart_points(found, names=names)
    occupancy_report.heatmap(found, locale="en")


def _requests(first: Callable[[date], date]):
    def load(session: Session, actor, today: date) -> None:
        found = requests_report.requests_report(session, actor=actor, first=first(today), last=today)
        requests_report.report_table(found, locale="en")
        requests_report.chart_points(found, locale="en")
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
    # --- new pages go here, one line each: (name, load(session, actor, today)), e.g.
    # ("cancellations by reason", lambda s, actor, today: session_changes.by_reason(s, actor=actor, ...)),
]


# --- seeding ------------------------------------------------------------------------------

def fill_reports(engine, size: int, now: datetime) -> int:
    """orders_bench.fill for the appointments, then class places and everything the reports
    read (see the module's docstring). Returns the owner's id."""
    rng = random.Random(size + 7)
    places = size // CLASS_SHARE
    owner_id, _ = fill(engine, size - places, now)
    with unit_of_work(engine) as s:
        owner = s.get(StaffUser, owner_id)
        org_id = owner.organization_id
        yoga = class_service(s, s.get(Organization, org_id), staff_user_id=owner_id)
        yoga_id = yoga.id
    customers = max(100, (size - places) // 20)
    history = timedelta(days=(size - places) / PER_DAY)
    future_count = min(places // 10, PER_DAY // CLASS_SHARE * FUTURE_DAYS)
    ahead = timedelta(days=future_count / (PER_DAY // CLASS_SHARE))
    sessions = max(10, places // PLACES)
    future_sessions = max(1, future_count // PLACES)
    with engine.begin() as conn:
        starts = []
        for i in range(sessions):
            future = i < future_sessions
            start = (now + timedelta(hours=2) + ahead * rng.random() if future
                     else now - history * rng.random() - timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
            starts.append(start)
        conn.execute(insert(ClassSession), [
            {"organization_id": org_id, "service_id": yoga_id, "staff_user_id": owner_id, "starts_at": start,
             "ends_at": start + timedelta(hours=1), "capacity": PLACES + 2, "location": "Studio A", "credit_cost": 1,
             "free_cancellation_minutes": 720, "online_booking": True, "cancelled": i % 100 == 99,
             "cancelled_at": start - timedelta(days=1) if i % 100 == 99 else None,
             "cancel_reason": "Teacher ill" if i % 100 == 99 else None} for i, start in enumerate(starts)])
        session_rows = conn.execute(select(ClassSession.id, ClassSession.starts_at, ClassSession.cancelled)
                                    .order_by(ClassSession.id)).all()
        rows = []
        for sid, start, cancelled in session_rows:
            start = start.replace(tzinfo=UTC) if start.tzinfo is None else start
            future = start > now
            for _seat in range(PLACES):
                if cancelled or rng.random() < 0.12:
                    status = "cancelled"
                else:
                    status = "confirmed" if future else rng.choice(["completed"] * 9 + ["confirmed"])
                rows.append({
                    "organization_id": org_id, "reference": f"C{len(rows):09d}", "customer_id": rng.randint(1, customers),
                    "service_id": yoga_id, "session_id": sid, "staff_user_id": None, "starts_at": start,
                    "ends_at": start + timedelta(hours=1), "party_size": 1, "group_booking": False, "answers": {},
                    "note": "", "status": status, "location_tbd": False, "price_minor": 0, "currency": "EUR",
                    "credits_spent": 1, "created_at": start - timedelta(days=rng.randint(1, 14)), "updated_at": start,
                    "lock_version": 1,
                })
        for chunk in range(0, len(rows), 10_000):
            conn.execute(insert(Booking), rows[chunk:chunk + 10_000])

        # Requests: answers on every request; respond_by ahead while waiting, behind once expired.
        waiting = col(Booking.status).in_(("requested", "expired"))
        conn.execute(update(Booking).where(waiting).values(answers={"Occasion": "Birthday", "Guests": "2"}))
        booked = conn.execute(select(Booking.id, Booking.status, Booking.starts_at, Booking.created_at, Booking.customer_id,
                                     Booking.session_id, Booking.price_minor).order_by(Booking.id)).all()
        respond = [{"b_id": b.id, "b_respond_by": _aware(b.created_at) + timedelta(days=2)}
                   for b in booked if b.status in ("requested", "expired")]
        if respond:
            conn.execute(update(Booking).where(Booking.id == sa.bindparam("b_id"))
                         .values(respond_by=sa.bindparam("b_respond_by")), respond)
        # Cancel reasons and attendance marks, set-based.
        conn.execute(update(Booking).where(Booking.status == "cancelled", col(Booking.id) % 3 != 0)
                     .values(cancel_reason="Ill"))
        past_visit = col(Booking.status).in_(("confirmed", "completed")) & (col(Booking.starts_at) < now)
        conn.execute(update(Booking).where(past_visit).values(attendance="attended"))
        conn.execute(update(Booking).where(past_visit, col(Booking.id) % 20 == 0).values(attendance="no_show"))
        conn.execute(update(Booking).where(past_visit, col(Booking.id) % 20 == 1).values(attendance=None))

        # Payments: one per paid booking with its authorize + capture; most cancellations refunded.
        def past(at: datetime) -> datetime:
            """A cancellation or refund of a booking still ahead: some time in the last 3 days."""
            return at if at < now else now - timedelta(hours=rng.uniform(1, 72))

        # fill() dates a booking a week before it starts: one further ahead is not made yet,
        # so it has neither money nor history (else thousands would pile up at "now").
        made_yet = [b for b in booked if _aware(b.created_at) < now]
        paid = [b for b in made_yet if b.price_minor and b.status in PAID]
        conn.execute(insert(Payment), [
            {"organization_id": org_id, "booking_id": b.id, "gateway": "local", "external_id": f"pi_{b.id}",
             "idempotency_key": f"pay-{b.id}", "amount_minor": b.price_minor, "currency": "EUR",
             "status": "refunded" if b.status == "cancelled" and b.id % 4 else "captured",
             "authorized_at": _aware(b.created_at), "captured_minor": b.price_minor,
             "refunded_minor": b.price_minor if b.status == "cancelled" and b.id % 4 else 0,
             "commission_retained_minor": 0, "card_last4": "4242", "created_at": _aware(b.created_at),
             "updated_at": _aware(b.created_at)} for b in paid])
        payment_of = dict(conn.execute(select(Payment.booking_id, Payment.id)).all())
        ops = []
        for b in paid:
            pid, at = payment_of[b.id], _aware(b.created_at)
            ops.append({"payment_id": pid, "kind": "authorize", "idempotency_key": f"auth-{pid}",
                        "amount_minor": b.price_minor, "commission_minor": 0, "status": "succeeded", "created_at": at})
            ops.append({"payment_id": pid, "kind": "capture", "idempotency_key": f"cap-{pid}",
                        "amount_minor": b.price_minor, "commission_minor": 0, "status": "succeeded",
                        "created_at": at + timedelta(minutes=5)})
            if b.status == "cancelled" and b.id % 4:
                ops.append({"payment_id": pid, "kind": "refund", "idempotency_key": f"ref-{pid}",
                            "amount_minor": b.price_minor, "commission_minor": b.price_minor // 20 if b.id % 2 else 0,
                            "status": "succeeded" if b.id % 50 else "failed",
                            "created_at": past(_aware(b.starts_at) - timedelta(hours=6))})
        for chunk in range(0, len(ops), 10_000):
            conn.execute(insert(PaymentOperation), ops[chunk:chunk + 10_000])

        # The activity log: made, confirmed, cancelled (with reason and who for class places).
        logs = []
        for b in made_yet:
            made = _aware(b.created_at)
            logs.append(_log(org_id, "booking.requested" if b.session_id is None else "class.booked", b, made))
            if b.status in ("confirmed", "completed", "no_show", "rebooking_requested", "cancelled") and b.session_id is None:
                logs.append(_log(org_id, "booking.confirmed", b, made + timedelta(hours=3)))
            if b.status == "cancelled":
                at = past(_aware(b.starts_at) - timedelta(hours=rng.randint(1, 72)))
                if b.session_id is None:
                    logs.append(_log(org_id, "booking.cancelled_by_customer", b, at, {"reason": rng.choice(REASONS)}))
                else:
                    action = rng.choice(["class.cancelled_by_customer"] * 7 + ["class.removed_by_staff"] * 2
                                        + ["class.cancelled_by_studio"])
                    logs.append(_log(org_id, action, b, at, {"reason": rng.choice(REASONS),
                                                             "refunded_credits": rng.choice([0, 1, 1])}))
        for chunk in range(0, len(logs), 10_000):
            conn.execute(insert(ActivityLog), logs[chunk:chunk + 10_000])

        # Credits: a grant per customer with a class place, a debit per place.
        class_customers = sorted({b.customer_id for b in booked if b.session_id is not None})
        ledger = [{"organization_id": org_id, "customer_id": c, "delta": 50, "reason": "Welcome", "kind": "grant",
                   "booking_id": None, "staff_user_id": owner_id, "created_at": now - history} for c in class_customers]
        ledger += [{"organization_id": org_id, "customer_id": b.customer_id, "delta": -1, "reason": "Class",
                    "kind": "debit", "booking_id": b.id, "staff_user_id": None, "created_at": _aware(b.created_at)}
                   for b in booked if b.session_id is not None]
        for chunk in range(0, len(ledger), 10_000):
            conn.execute(insert(CreditLedger), ledger[chunk:chunk + 10_000])

        # Waitlists on every fifth session: waiting/offered ahead, claimed/expired/left behind.
        waits = []
        for sid, start, _cancelled in session_rows[::5]:
            future = _aware(start) > now
            for position in range(1, 4):
                status = (rng.choice(["waiting", "waiting", "offered"]) if future
                          else rng.choice(["claimed", "expired", "left"]))
                waits.append({"organization_id": org_id, "session_id": sid, "customer_id": rng.randint(1, customers),
                              "party_size": 1, "position": position, "status": status,
                              "offer_expires_at": now + timedelta(hours=12) if status == "offered" else None,
                              "created_at": _aware(start) - timedelta(days=3)})
        if waits:
            conn.execute(insert(WaitlistEntry), waits)
        # Requests' first answers (Reports → Requests): every appointment that got past
        # "requested" was answered, a tenth late, after a quarter hour to 5 hours.
        answered = (col(Booking.session_id).is_(None) & (col(Booking.created_at) < now)
                    & col(Booking.status).in_(("confirmed", "completed", "no_show", "rebooking_requested", "cancelled",
                                               "rejected")))
        conn.execute(update(Booking).where(answered).values(
            answered_at=Booking.created_at, answer=sa.case((Booking.status == "rejected", "rejected"), else_="confirmed"),
            answer_seconds=(col(Booking.id) % 20 + 1) * 900, answered_in_time=col(Booking.id) % 10 != 0))
        # The owner's weekly hours (the home's checklist and this week's hours).
        conn.execute(insert(AvailabilityRule), [
            {"organization_id": org_id, "staff_user_id": owner_id, "weekday": day, "start_time": wall(9),
             "end_time": wall(17)} for day in range(5)])
    with unit_of_work(engine) as s:
        s.get(Organization, org_id).shared_at = now - history
    return owner_id


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _log(org_id: int, action: str, b, at: datetime, data: dict | None = None) -> dict:
    return {"organization_id": org_id, "action": action, "actor_kind": "customer" if "customer" in action else "staff",
            "actor_id": None, "actor_name": "Customer" if "customer" in action else "Owner", "booking_id": b.id,
            "customer_id": b.customer_id, "data": data or {}, "created_at": at}


# --- measuring ----------------------------------------------------------------------------

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
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
        self.fill_s = time.perf_counter() - started
        self.size = size
        with Session(self.engine) as s:
            self.actor = actor_for(s.get(StaffUser, self.owner_id))
            self.counts = {name: s.scalar(select(sa.func.count()).select_from(model)) for name, model in
                           [("bookings", Booking), ("payment ops", PaymentOperation), ("activity log", ActivityLog),
                            ("customers", Customer), ("class sessions", ClassSession)]}
            # How much the reports' ranges hold: captures and refunds, and class cancellations.
            for days, until in ((183, 0), (30, 0), (15, 8)):
                since, end = now - timedelta(days=days), now - timedelta(days=until)
                label = f"{days} d" if not until else "the past week"
                self.counts[f"ops in {label}"] = s.scalar(select(sa.func.count()).select_from(PaymentOperation).where(
                    col(PaymentOperation.kind).in_(("capture", "refund")), PaymentOperation.created_at >= since,
                    PaymentOperation.created_at < end))
                self.counts[f"class cancellations in {label}"] = s.scalar(
                    select(sa.func.count()).select_from(ActivityLog).where(
                        col(ActivityLog.action).like("class.%"), col(ActivityLog.action) != "class.booked",
                        ActivityLog.created_at >= since, ActivityLog.created_at < end))
        self.clock = DbClock(self.engine)

    def load(self, page: Callable, today: date) -> tuple[float, int, float]:
        """(database ms, queries, wall ms) of one load in a fresh session."""
        began = time.perf_counter()
        with Session(self.engine) as s:
            self.clock.start()
            try:
                page(s, self.actor, today)
            finally:
                db_ms, queries = self.clock.stop()
        return db_ms, queries, (time.perf_counter() - began) * 1000

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
    for p in prepared.values():
        for name, page in pages:
            if show_plans:
                p.plans(name, page, today)
            p.load(page, today)  # warm the caches and the statement cache
    times = {size: {name: ([], [], []) for name, _ in pages} for size in sizes}
    for _ in range(repeat):  # rounds alternate the sizes: the machine's load falls on both
        for size, p in prepared.items():
            for name, page in pages:
                db_ms, queries, wall_ms = p.load(page, today)
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
