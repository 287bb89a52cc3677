"""A burst on the last places of one class: 1,000 customers book at once, against bare inserts.

    python bench/burst_bench.py [--attempts 1000] [--places 10] [--threads 8]
                                [--engines sqlite postgresql] [--workers 3]

For each engine (SQLite file in a temp dir with 1 worker; PostgreSQL: a throwaway cluster
from tests/pg_cluster.py with --workers worker processes, each its own engine and
connection pool, like app workers): one class session whose last --places places are
free (as many others already booked), and --attempts customers, each with enough
credits. The workers start together behind a barrier and each runs its share of the
attempts with --threads concurrent clients:
- book: the portal's "Book" (`class_schedule.book_for_customer`, which books through
  `class_seats.book_seat`: row lock on the class session, places counted, credits
  checked and debited, activity log, confirmation emails into the outbox) inside one
  `unit_of_work`, each attempt a different customer; all but --places answer "full";
- bare: the same number of transactions of one INSERT of an activity-log row + COMMIT,
  with the same workers and clients, in the same run.
Prints attempts/s and p50/p95/p99 time to answer for both, the ratios, the outcomes,
where the booking's time goes (waiting for the class session's lock vs the rest) for
winners and for "full" answers, and overruns = places booked - capacity (must be 0).
Target: p95 <= 300 ms and 0 overruns. Exits non-zero on an overrun (a correctness bug),
otherwise 0 whether the time target passes or not (a measurement, like the others).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert  # noqa: E402
from sqlmodel import Session, SQLModel, col, select  # noqa: E402

from bookingapp.db import make_engine, unit_of_work  # noqa: E402
from bookingapp.domain.booking_states import ACTIVE  # noqa: E402
from bookingapp.domain.errors import DomainError  # noqa: E402
from bookingapp.models import ActivityLog, Booking, ClassSession, Customer, Organization, utcnow  # noqa: E402

TARGET_P95_MS = 300.0


def setup(engine, attempts: int, places: int, tag: str) -> tuple[int, int, int, list[int]]:
    """One class session with `places` of 2 x `places` left, `attempts` customers with credits."""
    from bookingapp.services import class_bookings
    from bookingapp.services.customer_accounts import customer_actor
    from tests import factories
    from tests.service.class_fixtures import class_service, class_session, give_credits

    with unit_of_work(engine) as s:
        org = factories.organization(s, f"burst-{tag}", timezone="Europe/Berlin")
        service = class_service(s, org)
        cs = class_session(s, service, starts_at=utcnow() + timedelta(days=2), capacity=2 * places, credit_cost=1)
        early = []
        for i in range(places):
            c = factories.customer(s, org, f"early{i}.{tag}@example.com", name=f"Early {i}")
            give_credits(s, c, 5)
            early.append(c)
        for c in early:
            class_bookings.book_seat(s, class_session_id=cs.id, customer=c, actor=customer_actor(c), now=utcnow())
        org_id, session_id, capacity = org.id, cs.id, cs.capacity
    customer_ids = []
    with unit_of_work(engine) as s:
        org = s.get(Organization, org_id)
        for i in range(attempts):
            c = factories.customer(s, org, f"burst{i}.{tag}@example.com", name=f"Burst {i}")
            give_credits(s, c, 5)
            customer_ids.append(c.id)
    return org_id, session_id, capacity, customer_ids


def _book(engine, session_id: int, customer_id: int) -> None:
    from bookingapp.services import class_schedule

    with unit_of_work(engine) as s:
        customer = s.get(Customer, customer_id)
        class_schedule.book_for_customer(s, customer=customer, class_session_id=session_id, until=None, now=utcnow())


def _bare(engine, org_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(insert(ActivityLog).values(organization_id=org_id, action="bench.insert", actor_kind="system",
                                                actor_name="bench", data={}, created_at=utcnow()))


def _timed_lock(lock_wait: threading.local):
    """Wrap class_seats.locked_session so each attempt records how long it waited for the row lock
    (on SQLite the write lock is taken at BEGIN IMMEDIATE: that wait shows as session start)."""
    from bookingapp.services import class_seats

    original = class_seats.locked_session

    def locked_session(session, class_session_id, actor):
        begin = time.perf_counter()
        try:
            return original(session, class_session_id, actor)
        finally:
            lock_wait.ms += (time.perf_counter() - begin) * 1000

    class_seats.locked_session = locked_session


def _worker(url: str, kind: str, args: list[int], org_id: int, session_id: int, threads: int, barrier, results) -> None:
    """One app worker: its own engine, `threads` clients taking attempts from its share."""
    engine = make_engine(url)
    lock_wait = threading.local()
    _timed_lock(lock_wait)
    if kind != "bare":  # warm the imports and the pool outside the timing
        from bookingapp.services import class_schedule  # noqa: F401
    if kind == "lock only":  # the code before the pre-check: every attempt queues on the lock
        from bookingapp.services import class_seats

        class_seats._full_before_lock = lambda *args, **kwargs: False
    with engine.connect():
        pass
    queue = list(reversed(args))
    guard = threading.Lock()
    rows: list[tuple[str, float, float]] = []  # outcome, ms to answer, ms waiting for the lock

    def client() -> None:
        while True:
            with guard:
                if not queue:
                    return
                arg = queue.pop()
            lock_wait.ms = 0.0
            begin = time.perf_counter()
            try:
                _bare(engine, org_id) if kind == "bare" else _book(engine, session_id, arg)
                outcome = "ok"
            except DomainError as error:
                outcome = type(error).__name__
            except Exception as error:  # reported, never swallowed
                outcome = f"crash:{type(error).__name__}: {error}"
            took = (time.perf_counter() - begin) * 1000
            with guard:
                rows.append((outcome, took, lock_wait.ms))

    barrier.wait()
    started = time.perf_counter()
    pool = [threading.Thread(target=client) for _ in range(threads)]
    [t.start() for t in pool]
    [t.join() for t in pool]
    results.put((started, time.perf_counter(), rows))
    engine.dispose()


def burst(url: str, kind: str, args: list[int], org_id: int, session_id: int, workers: int, threads: int) -> dict:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(workers), ctx.Queue()
    shares = [args[i::workers] for i in range(workers)]
    processes = [ctx.Process(target=_worker, args=(url, kind, share, org_id, session_id, threads, barrier, results))
                 for share in shares]
    [p.start() for p in processes]
    done = [results.get(timeout=600) for _ in processes]
    [p.join(timeout=30) for p in processes]
    seconds = max(d[1] for d in done) - min(d[0] for d in done)
    rows = [r for d in done for r in d[2]]
    return {"rate": len(rows) / seconds, "seconds": seconds, "rows": rows}


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def booked_places(engine, session_id: int) -> tuple[int, int]:
    with Session(engine) as s:
        taken = s.exec(select(func.coalesce(func.sum(Booking.party_size), 0)).where(
            Booking.session_id == session_id, col(Booking.status).in_(ACTIVE))).one()
        return int(taken), s.get(ClassSession, session_id).capacity


def measure(url: str, attempts: int, places: int, workers: int, threads: int) -> dict:
    """The burst as the code books now, then with every attempt going to the lock (the code
    before the unlocked "full" pre-check), each on its own session and customers, then bare."""
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    runs: dict[str, dict] = {}
    for kind in ("book", "lock only"):
        org_id, session_id, _capacity, customer_ids = setup(engine, attempts, places, tag=kind.replace(" ", "-"))
        runs[kind] = burst(url, kind, customer_ids, org_id, session_id, workers, threads)
        runs[kind]["booked"], runs[kind]["capacity"] = booked_places(engine, session_id)
    runs["bare"] = burst(url, "bare", customer_ids, org_id, session_id, workers, threads)
    engine.dispose()
    return {"runs": runs, "workers": workers, "threads": threads}


def report(name: str, r: dict) -> bool:
    runs = r["runs"]
    ms = {kind: [row[1] for row in run["rows"]] for kind, run in runs.items()}
    bare = ms["bare"]
    print(f"\n{name}: {r['workers']} worker(s) x {r['threads']} clients, {len(bare)} attempts each")
    print(f"{'':<11}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'x bare/s':>10}{'x p50':>7}{'x p95':>7}{'x p99':>7}")
    for kind, run in runs.items():
        print(f"{kind:<11}{run['rate']:>8.0f}" + "".join(f"{pct(ms[kind], p):>9.1f}" for p in (50, 95, 99))
              + f"{max(ms[kind]):>9.1f}{runs['bare']['rate'] / run['rate']:>10.2f}"
              + "".join(f"{pct(ms[kind], p) / pct(bare, p):>7.2f}" for p in (50, 95, 99)))
    correct = True
    for kind in ("book", "lock only"):
        run = runs[kind]
        outcomes = Counter(row[0] for row in run["rows"])
        print(f"{kind}: " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
        for label, keep in (("booked", lambda o: o == "ok"), ("full", lambda o: o != "ok")):
            rows = [row for row in run["rows"] if keep(row[0])]
            if rows:
                waits, works = [row[2] for row in rows], [row[1] - row[2] for row in rows]
                print(f"  {label:<7} n={len(rows):<5} waiting for the lock p50/p95 {pct(waits, 50):.1f}/"
                      f"{pct(waits, 95):.1f} ms, the rest p50/p95 {pct(works, 50):.1f}/{pct(works, 95):.1f} ms")
        overruns = run["booked"] - run["capacity"]
        print(f"  booked {run['booked']} of {run['capacity']} places: overruns = {overruns} (must be 0)")
        correct = correct and overruns <= 0 and not any(o.startswith("crash") for o in outcomes)
        if kind == "book":
            p95 = pct(ms[kind], 95)
            print(f"  {name}: p95 {p95:.1f} ms (target <= {TARGET_P95_MS:.0f}): "
                  f"{'PASS' if p95 <= TARGET_P95_MS else 'FAIL'}; overruns {overruns}: "
                  f"{'PASS' if overruns <= 0 else 'FAIL'}")
    return correct


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=1000)
    parser.add_argument("--places", type=int, default=10)
    parser.add_argument("--threads", type=int, default=8, help="concurrent clients per worker")
    parser.add_argument("--workers", type=int, default=3, help="worker processes on PostgreSQL (SQLite: 1)")
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as work:
        if "sqlite" in args.engines:
            results["sqlite"] = measure(f"sqlite:///{Path(work) / 'bench.db'}", args.attempts, args.places, 1,
                                        args.threads)
        if "postgresql" in args.engines:
            from tests.pg_cluster import PgCluster, wait_until_ready

            cluster = PgCluster.start()
            try:
                wait_until_ready(cluster)
                results["postgresql"] = measure(cluster.url(cluster.create_database()), args.attempts, args.places,
                                                args.workers, args.threads)
            finally:
                cluster.stop()
    correct = [report(name, r) for name, r in results.items()]
    return 0 if all(correct) else 1


if __name__ == "__main__":
    raise SystemExit(main())
