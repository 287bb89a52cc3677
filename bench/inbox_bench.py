"""Inbox and confirm benchmark: prints figures and ratios measured in one run.

    python bench/inbox_bench.py [--sizes 1000 100000] [--repeat 20]

For each size a fresh SQLite database is filled with that many bookings (a fifth of
them waiting for an answer), then:
- inbox first page: the queries the Inbox page runs (requests and proposals waiting,
  with customers, payments and history), median of --repeat loads;
- confirm: one confirm_request (transition, capture on the local gateway, log, emails)
  against one bare insert transaction on the same database (median each).
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

from sqlalchemy import insert  # noqa: E402
from sqlmodel import SQLModel, select  # noqa: E402

from bookingapp.db import make_engine, read_only, unit_of_work  # noqa: E402
from bookingapp.integrations.payments import CardInput, LocalGateway  # noqa: E402
from bookingapp.models import ActivityLog, Booking, Customer, Payment, Service  # noqa: E402
from bookingapp.services import inbox, requests  # noqa: E402
from bookingapp.services.accounts import actor_for  # noqa: E402
from tests import factories  # noqa: E402

STATUSES = ["requested"] * 20 + ["confirmed"] * 50 + ["cancelled"] * 10 + ["completed"] * 15 + ["reschedule_proposed"] * 5


def fill(engine, size: int):
    now = datetime.now(UTC)
    rng = random.Random(size)
    with unit_of_work(engine) as s:
        org = factories.organization(s, "bench")
        owner = factories.staff(s, org)
        service = factories.request_service(s, org, staff_user_id=owner.id)
        org_id, service_id, owner_id = org.id, service.id, owner.id
    customers = max(100, size // 20)
    with engine.begin() as conn:
        conn.execute(insert(Customer), [
            {"organization_id": org_id, "email": f"c{i}@example.com", "name": f"Customer {i}", "created_at": now,
             "email_verified": False} for i in range(customers)])
        rows = []
        for i in range(size):
            start = now + timedelta(hours=rng.randint(-2000, 2000))
            status = rng.choice(STATUSES)
            rows.append({
                "organization_id": org_id, "reference": f"R{i:09d}", "customer_id": rng.randint(1, customers),
                "service_id": service_id, "starts_at": start, "ends_at": start + timedelta(hours=2), "party_size": 2,
                "group_booking": False, "answers": {}, "note": "", "status": status, "location_tbd": False,
                "price_minor": 12000, "currency": "EUR", "credits_spent": 0,
                "respond_by": now + timedelta(minutes=rng.randint(1, 2880)) if status in ("requested", "reschedule_proposed") else None,
                "created_at": now, "updated_at": now, "lock_version": 1,
            })
        for chunk in range(0, size, 10_000):
            conn.execute(insert(Booking), rows[chunk:chunk + 10_000])
    return org_id, service_id, owner_id


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(size: int, repeat: int, work: Path) -> dict[str, float]:
    engine = make_engine(f"sqlite:///{work / f'bench_{size}.db'}")
    SQLModel.metadata.create_all(engine)
    gateway = LocalGateway(make_engine(f"sqlite:///{work / f'gateway_{size}.db'}"))
    started = time.perf_counter()
    org_id, service_id, owner_id = fill(engine, size)
    fill_s = time.perf_counter() - started
    with read_only(engine) as s:
        from bookingapp.models import StaffUser

        actor = actor_for(s.get(StaffUser, owner_id))

    def load_inbox():
        with read_only(engine) as s:
            first = inbox.requests_waiting(s, actor=actor)
            inbox.proposals_waiting(s, actor=actor)
            assert len(first) == 50

    inbox_ms = median_ms(load_inbox, repeat)

    # Fresh requests to confirm, each with a real hold on the local gateway.
    to_confirm = []
    for i in range(repeat):
        with unit_of_work(engine) as s:
            form = requests.RequestForm(service_id=service_id, starts_at=datetime.now(UTC) + timedelta(days=3), party_size=2,
                                        group=False, name="Bench", email=f"bench{i}@example.com", phone="", note="",
                                        card=CardInput("4242424242424242", 12, 2031, "123"))
            to_confirm.append(requests.create_request(s, form=form, gateway=gateway)[0].id)
    queue = iter(to_confirm)

    def confirm():
        with unit_of_work(engine) as s:
            requests.confirm_request(s, actor=actor, booking_id=next(queue), gateway=gateway)

    def bare_insert():
        with unit_of_work(engine) as s:
            s.add(ActivityLog(organization_id=org_id, action="demo.loaded", actor_kind="system"))

    confirm_ms = median_ms(confirm, repeat)
    insert_ms = median_ms(bare_insert, repeat)
    with read_only(engine) as s:
        assert s.exec(select(Payment).where(Payment.status == "captured")).all().__len__() == repeat
        assert s.exec(select(Service)).all()
    engine.dispose()
    return {"fill_s": fill_s, "inbox_ms": inbox_ms, "confirm_ms": confirm_ms, "insert_ms": insert_ms}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {size: measure(size, args.repeat, Path(tmp)) for size in args.sizes}
    print(f"{'bookings':>10} {'fill s':>8} {'inbox first page ms':>20} {'confirm ms':>11} {'bare insert ms':>15} {'confirm/insert':>15}")
    for size, r in results.items():
        print(f"{size:>10} {r['fill_s']:>8.1f} {r['inbox_ms']:>20.2f} {r['confirm_ms']:>11.2f} {r['insert_ms']:>15.2f} "
              f"{r['confirm_ms'] / r['insert_ms']:>15.1f}")
    if len(args.sizes) >= 2:
        small, large = results[args.sizes[0]], results[args.sizes[-1]]
        print(f"inbox first page, {args.sizes[-1]:,} vs {args.sizes[0]:,} bookings: ratio {large['inbox_ms'] / small['inbox_ms']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
