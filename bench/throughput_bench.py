"""Booking throughput with N concurrent clients, on SQLite and PostgreSQL, against bare inserts.

    python bench/throughput_bench.py [--clients 1 4 16] [--seconds 3] [--engines sqlite postgresql]

For each engine (SQLite file in a temp dir; PostgreSQL: a throwaway cluster from
tests/pg_cluster.py) and each N, N threads (each its own session) for --seconds:
- book: `class_bookings.book_seat` (the action behind "Book" on the portal's classes and
  the staff's "Add member"): row lock on the class session, credit check and debit,
  activity log, confirmation emails into the outbox — one transaction; every client
  books its own customer into sessions with room, so clients contend only for locks;
- bare: one INSERT + COMMIT of an activity-log row (a similar-sized row), nothing else.
Prints actions/s for both, the single-client median latency of each and their ratio
(target: one booking action within 3x one bare insert transaction), and the statements
one booking action sends.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert  # noqa: E402
from sqlmodel import SQLModel  # noqa: E402

from bookingapp.db import make_engine, unit_of_work  # noqa: E402
from bookingapp.models import ActivityLog, Customer, utcnow  # noqa: E402
from bookingapp.services import class_bookings  # noqa: E402
from bookingapp.services.customer_accounts import customer_actor  # noqa: E402
from tests import factories  # noqa: E402
from tests.service.class_fixtures import class_service, class_session, give_credits  # noqa: E402

TARGET = 3.0


def setup(engine, clients: int, sessions: int) -> tuple[int, list[int], list[int]]:
    with unit_of_work(engine) as s:
        org = factories.organization(s, "bench", timezone="Europe/Berlin")
        service = class_service(s, org)
        start = utcnow() + timedelta(days=7)
        session_ids = [class_session(s, service, starts_at=start + timedelta(hours=i), capacity=clients + 1,
                                     credit_cost=1).id for i in range(sessions)]
        customer_ids = []
        for i in range(clients):
            customer = factories.customer(s, org, f"client{i}@example.com", name=f"Client {i}")
            give_credits(s, customer, sessions + 1)
            customer_ids.append(customer.id)
        return org.id, session_ids, customer_ids


def book(engine, session_id: int, customer_id: int) -> None:
    with unit_of_work(engine) as s:
        customer = s.get(Customer, customer_id)
        class_bookings.book_seat(s, class_session_id=session_id, customer=customer, actor=customer_actor(customer),
                                 now=utcnow(), source="online")


def bare(engine, org_id: int) -> None:
    with engine.begin() as conn:
        conn.execute(insert(ActivityLog).values(organization_id=org_id, action="bench.insert", actor_kind="system",
                                                actor_name="bench", data={}, created_at=utcnow()))


def run(clients: int, seconds: float, action) -> tuple[float, list[float]]:
    """Each client calls action(client_index, n) until time is up; returns actions/s and latencies."""
    latencies: list[float] = []
    counts = [0] * clients
    stop = time.perf_counter() + seconds
    barrier = threading.Barrier(clients)

    def client(index: int) -> None:
        barrier.wait()
        while time.perf_counter() < stop:
            begin = time.perf_counter()
            action(index, counts[index])
            latencies.append((time.perf_counter() - begin) * 1000)
            counts[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    return sum(counts) / (time.perf_counter() - started), latencies


def statements_per_booking(engine, session_id: int, customer_id: int) -> int:
    seen = []
    listener = lambda *args: seen.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        book(engine, session_id, customer_id)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(seen)


def measure(url: str, clients_list: list[int], seconds: float) -> list[dict]:
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    most = max(clients_list)
    # Enough sessions that no client runs out: a generous upper bound of bookings per client.
    org_id, session_ids, customer_ids = setup(engine, most, sessions=int(400 * seconds))
    next_session = [0] * most
    rows = []

    def booking(index: int, _n: int) -> None:
        book(engine, session_ids[next_session[index]], customer_ids[index])
        next_session[index] += 1

    statements = statements_per_booking(engine, session_ids[-1], customer_ids[0])
    for clients in clients_list:
        book_rate, book_lat = run(clients, seconds, booking)
        bare_rate, bare_lat = run(clients, seconds, lambda i, n: bare(engine, org_id))
        rows.append({"clients": clients, "book/s": book_rate, "bare/s": bare_rate,
                     "book ms": statistics.median(book_lat), "bare ms": statistics.median(bare_lat),
                     "statements": statements})
    engine.dispose()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as work:
        if "sqlite" in args.engines:
            results["sqlite"] = measure(f"sqlite:///{Path(work) / 'bench.db'}", args.clients, args.seconds)
        if "postgresql" in args.engines:
            from tests.pg_cluster import PgCluster, wait_until_ready

            cluster = PgCluster.start()
            try:
                wait_until_ready(cluster)
                results["postgresql"] = measure(cluster.url(cluster.create_database()), args.clients, args.seconds)
            finally:
                cluster.stop()
    print(f"{'engine':<11}{'clients':>8}{'book/s':>9}{'bare/s':>9}{'book ms':>9}{'bare ms':>9}{'ratio':>7}{'stmts':>7}")
    verdicts = []
    for name, rows in results.items():
        for row in rows:
            ratio = row["book ms"] / row["bare ms"]
            print(f"{name:<11}{row['clients']:>8}{row['book/s']:>9.0f}{row['bare/s']:>9.0f}{row['book ms']:>9.2f}"
                  f"{row['bare ms']:>9.2f}{ratio:>7.2f}{row['statements']:>7}")
            if row["clients"] == 1:
                verdicts.append((name, ratio))
    for name, ratio in verdicts:
        print(f"{name}: one booking action = {ratio:.2f} x one bare insert transaction "
              f"(target <= {TARGET}): {'PASS' if ratio <= TARGET else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
