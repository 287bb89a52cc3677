"""Customer autocomplete benchmark: does the front desk's search answer within 50 ms at 100,000 customers?

    python bench/customer_search_bench.py [--customers 100000] [--repeat 30] [--engines sqlite postgresql] [--plans]

For each engine a fresh database built from the migrations (so with the trigram index of
migrations 0006 and 0009) is filled with that many customers of one organization, plus
5,000 of another (which the search must skip). Names come from 150 first and 400 last
names, so a name fragment matches hundreds or thousands; a third of the addresses are
at gmail.com; every customer has a phone number, written in one of four formats.

Each case calls `customers.search_customers` (what the page's search box calls: the first
200 matches the index finds, the first 10 of them by name) --repeat times, alternating the cases; it prints the median and the 95th
percentile in milliseconds, and the number of matches. The target is the median within
50 ms on both engines.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, insert, select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from bookingapp.db import make_engine, unit_of_work  # noqa: E402
from bookingapp.manage import migrate  # noqa: E402
from bookingapp.models import Customer, StaffUser  # noqa: E402
from bookingapp.services import customers  # noqa: E402
from bookingapp.services.accounts import actor_for  # noqa: E402
from tests import factories  # noqa: E402

TARGET_MS = 50
FIRST = ["Anna", "Johanna", "Jonas", "Lena", "Lukas", "Marie", "Max", "Mia", "Noah", "Paul", "Sofia", "Emil", "Ida", "Finn",
         "Ella", "Leon", "Clara", "Felix", "Greta", "Hanna", "Jakob", "Karla", "Linus", "Mila", "Oskar", "Rosa", "Theo",
         "Vera", "Zoe", "Aaron", "Bea", "Carl", "Dora", "Erik", "Frida", "Gustav", "Helga", "Ingo", "Jana", "Kurt"]
FIRST = [f"{name}{suffix}" for name in FIRST for suffix in ("", "a", "e", "n")][:150]
LAST = [f"{stem}{ending}" for stem in ("Berg", "Schmidt", "Weber", "Wagner", "Becker", "Hoffmann", "Koch", "Richter",
                                      "Klein", "Wolf", "Neumann", "Schwarz", "Zimmer", "Braun", "Hartmann", "Lange",
                                      "Schmitt", "Werner", "Krause", "Meier")
        for ending in ("", "er", "mann", "feld", "hof", "stein", "bach", "ner", "ling", "au", "holz", "mayr", "heim",
                       "dorf", "tal", "brink", "rath", "wald", "hausen", "kamp")][:400]
DOMAINS = ["gmail.com"] * 5 + ["web.de", "gmx.de", "posteo.de", "example.com", "t-online.de", "mailbox.org",
                               "outlook.com", "icloud.com", "yahoo.de", "freenet.de"]


def _phone(rng: random.Random) -> str:
    area, number = rng.randint(150, 179), rng.randint(1_000_000, 9_999_999)
    return rng.choice([f"+49 {area} {number}", f"0{area} {number}", f"0{area}-{number}", f"+49{area}{number}"])


def fill(engine, count: int) -> tuple[int, dict[str, str]]:
    """The organization's owner id and a few values taken from the rows for the searches."""
    rng = random.Random(count)
    with unit_of_work(engine) as s:
        org = factories.organization(s, "bench")
        other = factories.organization(s, "other")
        owner_id = factories.staff(s, org).id
        org_id, other_id = org.id, other.id
    now = datetime.now(UTC)
    rows = []
    for i in range(count + 5_000):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        rows.append({"organization_id": org_id if i < count else other_id, "name": f"{first} {last}",
                     "email": f"{first.lower()}.{last.lower()}{i}@{rng.choice(DOMAINS)}", "phone": _phone(rng),
                     "created_at": now, "email_verified": False, "session_version": 1})
    with engine.begin() as conn:
        for chunk in range(0, len(rows), 10_000):
            conn.execute(insert(Customer), rows[chunk:chunk + 10_000])
    middle = rows[count // 2]
    digits = "".join(ch for ch in middle["phone"] if ch.isascii() and ch in "0123456789")[-7:]
    return owner_id, {"email": middle["email"][:12], "name": middle["name"], "digits": f"{digits[:3]} {digits[3:]}"}


def cases(sample: dict[str, str]) -> dict[str, str]:
    return {
        "full name": sample["name"],
        "name fragment": "hann",  # Johanna, Hanna, Hannan…: thousands
        "late fragment": "zoe",  # thousands, all late in the alphabet
        "email start": sample["email"],
        "broad (gmail)": "gmail",  # a third of all customers
        "phone digits": sample["digits"],
        "phone, 0-prefix": "0170 1",  # typed with the trunk prefix: found in every format
        "two letters": "jo",  # too short for trigrams: the scan path
        "two, rare": "qx",  # the scan path through every customer
        "no match": "zzqxv",
    }


def measure(url: str, count: int, repeat: int, show_plans: bool) -> dict[str, tuple[float, float, int]]:
    migrate(url)
    engine = make_engine(url)
    started = time.perf_counter()
    owner_id, sample = fill(engine, count)
    print(f"  {engine.dialect.name}: {count:,} customers filled in {time.perf_counter() - started:.1f} s", flush=True)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE customer")
    with Session(engine) as s:
        actor = actor_for(s.get(StaffUser, owner_id))
    queries = cases(sample)
    if show_plans:
        _print_plans(engine, actor, queries)
    found = {}
    times: dict[str, list[float]] = {name: [] for name in queries}
    with Session(engine) as s:
        for name, text in queries.items():  # warm the caches and count the matches once
            found[name] = s.scalar(select(func.count()).select_from(Customer).where(
                customers.matching(actor.organization_id, text, engine.dialect.name)))
            customers.search_customers(s, actor=actor, query=text)
    for _ in range(repeat):
        for name, text in queries.items():
            with Session(engine) as s:
                began = time.perf_counter()
                hits = customers.search_customers(s, actor=actor, query=text)
                times[name].append((time.perf_counter() - began) * 1000)
            assert (len(hits) > 0) == (found[name] > 0 and len(text.strip()) >= 2), (name, len(hits), found[name])
    engine.dispose()
    return {name: (statistics.median(t), statistics.quantiles(t, n=20)[-1], found[name]) for name, t in times.items()}


def _print_plans(engine, actor, queries: dict[str, str]) -> None:
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def explain(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT") and "customer" in statement and not statement.startswith("EXPLAIN"):
            prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
            plan = conn.exec_driver_sql(prefix + statement, parameters).fetchall()
            seen.append("\n".join(f"    {row[-1]}" for row in plan))

    with Session(engine) as s:
        for name, text in queries.items():
            seen.clear()
            customers.search_customers(s, actor=actor, query=text)
            print(f"  {engine.dialect.name}, {name} ({text!r}):\n" + "\n".join(seen))
    event.remove(engine, "before_cursor_execute", explain)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--engines", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--plans", action="store_true")
    args = parser.parse_args()
    results: dict[str, dict[str, tuple[float, float, int]]] = {}
    with tempfile.TemporaryDirectory() as work:
        if "sqlite" in args.engines:
            results["sqlite"] = measure(f"sqlite:///{Path(work) / 'search.db'}", args.customers, args.repeat, args.plans)
        if "postgresql" in args.engines:
            from tests.pg_cluster import PgCluster, wait_until_ready

            cluster = PgCluster.start()
            try:
                wait_until_ready(cluster)
                results["postgresql"] = measure(cluster.url(cluster.create_database()), args.customers, args.repeat,
                                                args.plans)
            finally:
                cluster.stop()
    print(f"\n{'engine':<11}{'case':<17}{'matches':>9}{'median ms':>11}{'p95 ms':>9}  verdict (median <= {TARGET_MS} ms)")
    for engine_name, by_case in results.items():
        for name, (median, p95, matches) in by_case.items():
            verdict = "pass" if median <= TARGET_MS else "MISS"
            print(f"{engine_name:<11}{name:<17}{matches:>9,}{median:>11.2f}{p95:>9.2f}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
