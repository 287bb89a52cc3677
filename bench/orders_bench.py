"""Orders overview benchmark: does a page of orders cost the same with 100,000 bookings as with 1,000?

    python bench/orders_bench.py [--sizes 1000 100000] [--repeat 30] [--plans]

For each size a fresh SQLite database (built from the migrations, so with their indexes)
is filled with that many bookings of one organization at a steady 50 bookings a day, as
a business gathers them: 1,000 bookings are three weeks of history, 100,000 are five and
a half years. A tenth lie ahead, but never more than
60 days' worth (3,000). Customers: one per 20 bookings (at least 100).

Measured (median of --repeat calls of `orders.list_orders`, the count included):
- first page: the default view (upcoming);
- filtered page: status "Confirmed", one service, the last 10 days and the next 2. Every
  size holds as many bookings in that window (50 a day), so the ratio shows what a bigger
  table costs, not a bigger result (a 60-day window holds 3x the matches at 100,000);
- search: a customer's email, and an order number's first characters;
- deep page: "All" from a cursor 90 % of the way down the list.
Then the ratio of the largest size to the smallest for each (target: at most 1.5).
`--plans` prints SQLite's query plan of each.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, insert  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

from bookingapp.db import make_engine, read_only, unit_of_work  # noqa: E402
from bookingapp.manage import migrate  # noqa: E402
from bookingapp.models import Booking, Customer, StaffUser  # noqa: E402
from bookingapp.services import orders  # noqa: E402
from bookingapp.services.accounts import actor_for  # noqa: E402
from tests import factories  # noqa: E402

PER_DAY = 50
FUTURE_DAYS = 60
FUTURE = ["requested"] * 15 + ["confirmed"] * 60 + ["rebooking_requested"] * 5 + ["pending_payment"] * 5 + ["cancelled"] * 15
PAST = ["completed"] * 70 + ["cancelled"] * 15 + ["no_show"] * 5 + ["rejected"] * 5 + ["expired"] * 5


def fill(engine, size: int, now: datetime) -> tuple[int, list[int]]:
    rng = random.Random(size)
    with unit_of_work(engine) as s:
        org = factories.organization(s, "bench", platform_commission_pct="23.8")
        owner = factories.staff(s, org)
        services = [factories.request_service(s, org, name=f"Service {i}", slug=f"service-{i}") for i in range(3)]
        org_id, owner_id, service_ids = org.id, owner.id, [svc.id for svc in services]
    customers = max(100, size // 20)
    history = timedelta(days=size / PER_DAY)
    # People book up to FUTURE_DAYS ahead: a tenth of a small history, never more than that.
    future_count = min(size // 10, PER_DAY * FUTURE_DAYS)
    ahead = timedelta(days=future_count / PER_DAY)
    with engine.begin() as conn:
        conn.execute(insert(Customer), [
            {"organization_id": org_id, "email": f"c{i}@example.com", "name": f"Customer {i}", "created_at": now,
             "email_verified": False, "session_version": 1} for i in range(customers)])
        rows = []
        for i in range(size):
            future = i < future_count
            start = (now + timedelta(hours=1) + ahead * rng.random() if future
                     else now - history * rng.random() - timedelta(hours=3)).replace(second=0, microsecond=0)
            rows.append({
                "organization_id": org_id, "reference": f"R{i:09d}", "customer_id": rng.randint(1, customers),
                "service_id": rng.choice(service_ids), "starts_at": start, "ends_at": start + timedelta(hours=2),
                "party_size": 2, "group_booking": False, "answers": {}, "note": "",
                "status": rng.choice(FUTURE if future else PAST), "location_tbd": False, "price_minor": 12000,
                "currency": "EUR", "credits_spent": 0, "created_at": start - timedelta(days=7), "updated_at": start,
                "lock_version": 1,
            })
        for chunk in range(0, size, 10_000):
            conn.execute(insert(Booking), rows[chunk:chunk + 10_000])
    return owner_id, service_ids


class Plans:
    """Collects SQLite's plan of every SELECT on bookings while enabled."""

    def __init__(self, engine):
        self.enabled, self.seen = False, []

        @event.listens_for(engine, "before_cursor_execute")
        def _explain(conn, cursor, statement, parameters, context, executemany):
            if self.enabled and statement.lstrip().upper().startswith("SELECT") and "booking" in statement:
                plan = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
                self.seen.append("\n".join(f"    {row[-1]}" for row in plan))


def prepare(size: int, work: Path, show_plans: bool) -> tuple[float, dict]:
    """A filled database and, per case, a function loading its page."""
    url = f"sqlite:///{work / f'orders_{size}.db'}"
    migrate(url)
    engine = make_engine(url)
    now = datetime.now(UTC)
    started = time.perf_counter()
    owner_id, service_ids = fill(engine, size, now)
    fill_s = time.perf_counter() - started
    with read_only(engine) as s:
        actor = actor_for(s.get(StaffUser, owner_id))
        deep_row = s.exec(select(Booking).order_by(col(Booking.starts_at).desc(), col(Booking.id).desc())
                          .offset(int(size * 0.9)).limit(1)).one()
        reference_prefix = s.exec(select(Booking.reference).where(Booking.id == size // 2)).one()[:8]
    deep_cursor = orders.Cursor(deep_row.starts_at, deep_row.id).encode()
    today = now.date()
    cases = {
        "first page": (orders.OrderFilter(), ""),
        "filtered": (orders.OrderFilter(show="confirmed", service_id=service_ids[1], date_from=today - timedelta(days=10),
                                        date_to=today + timedelta(days=1)), ""),
        "search email": (orders.OrderFilter(show="all", search="c42@example.com"), ""),
        "search number": (orders.OrderFilter(show="all", search=reference_prefix), ""),
        "deep page": (orders.OrderFilter(show="all"), deep_cursor),
    }
    plans = Plans(engine)
    loaders = {}
    for name, (flt, after) in cases.items():
        def load(flt=flt, after=after, name=name):
            with Session(engine) as s:
                page = orders.list_orders(s, actor=actor, filter=flt, after=after, now=now)
                assert page.rows, name
        if show_plans:
            plans.enabled, plans.seen = True, []
            load()
            plans.enabled = False
            print(f"{size:,} bookings, {name}:\n" + "\n  --\n".join(plans.seen))
        load()  # warm the page cache and the statement cache once
        loaders[name] = load
    return fill_s, loaders


def measure(sizes: list[int], repeat: int, work: Path, show_plans: bool) -> dict[int, dict[str, float]]:
    prepared = {size: prepare(size, work, show_plans) for size in sizes}
    times: dict[int, dict[str, list[float]]] = {size: {name: [] for name in loaders} for size, (_, loaders) in prepared.items()}
    # Rounds alternate the sizes, so load from other processes on the machine falls on both alike.
    for _ in range(repeat):
        for size, (_, loaders) in prepared.items():
            for name, load in loaders.items():
                started = time.perf_counter()
                load()
                times[size][name].append((time.perf_counter() - started) * 1000)
    return {size: {"fill_s": prepared[size][0], **{name: statistics.median(t) for name, t in by_name.items()}}
            for size, by_name in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = measure(args.sizes, args.repeat, Path(tmp), args.plans)
    names = [name for name in next(iter(results.values())) if name != "fill_s"]
    print(f"{'bookings':>10} {'fill s':>7} " + " ".join(f"{name + ' ms':>17}" for name in names))
    for size, r in results.items():
        print(f"{size:>10} {r['fill_s']:>7.1f} " + " ".join(f"{r[name]:>17.2f}" for name in names))
    if len(args.sizes) >= 2:
        small, large = results[args.sizes[0]], results[args.sizes[-1]]
        print(f"{'ratio':>10} {args.sizes[-1] // args.sizes[0]:>6}x " + " ".join(f"{large[n] / small[n]:>17.2f}" for n in names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
