"""The staff agenda and the customer's availability calendar at 1,000 vs 100,000 bookings,
and the memory of one app worker holding 100,000.

    python bench/scale_bench.py [--sizes 1000 100000] [--repeat 20] [--plans]

Each size gets a fresh SQLite database filled as `orders_bench.py` fills it (one
organization, 50 bookings a day, history behind and up to 60 days ahead), every booking
in the calendar of the one staff member who also gives an appointment service. The same
30 appointments are then put into a month that lies past the 60 days, so that month
holds the same bookings at every size. Measured, median of --repeat calls:

- agenda: the agenda's week that ends today (350 bookings at every size);
- availability: the appointment service's month with its dots and free times, for the
  month past the 60 days (what the customer's calendar loads);
- availability this month: the current month (fully booked at 100,000, which books
  50 two-hour visits a day ahead; shown for the record, its ratio is not a target);
- availability, 5 staff: the same quiet month for a service that five people give (the
  staff member above and four more with split hours, 09-12 and 13-17, every day), each
  with 30 bookings that month, an afternoon off every week, and a day off for everyone.
  Printed beside the single-rule figure of the same size: within 1.5x of it is the target.
- week grid, 5 staff: the Agenda's week view as the page builds it (the agenda service,
  then the grid's layout: blocks placed, overlaps in lanes, closed hours shaded, every
  label formatted), for a week in the month after the quiet one where the five people
  have 8 bookings a day each (some overlapping), a class session a day with its places,
  a flagged customer, an evening off each and a day off for everyone: the same week at
  every size, so 100,000 vs 1,000 shows what the bigger table costs.

Then, in a fresh Python process (so the seeding's memory does not count): import the
app, open the 100,000-booking database, load the inbox, the orders list, the agenda and
the availability month once each, and report the process's peak resident memory
(VmHWM) against the 250 MB target for one worker.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from orders_bench import FUTURE_DAYS, Plans, fill  # noqa: E402
from sqlalchemy import update  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from bookingapp.db import make_engine, unit_of_work  # noqa: E402
from bookingapp.i18n import translate  # noqa: E402
from bookingapp.manage import migrate  # noqa: E402
from bookingapp.models import (  # noqa: E402
    Booking,
    ClassSession,
    Organization,
    Service,
    ServiceStaff,
    StaffUser,
    TimeOff,
)
from bookingapp.services import agenda, appointments  # noqa: E402
from bookingapp.services.accounts import actor_for  # noqa: E402
from bookingapp.states import agenda_view  # noqa: E402
from tests import factories  # noqa: E402

TARGET_RATIO = 1.5
TARGET_RSS_MB = 250


def _month_after(day: date) -> tuple[int, int]:
    return (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)


def quiet_month(now: datetime) -> tuple[int, int]:
    """The first whole month after the seeded future."""
    return _month_after((now + timedelta(days=FUTURE_DAYS)).date())


def grid_week(now: datetime) -> date:
    """The first Monday of the month after the quiet month: nothing else is booked there."""
    year, month = _month_after(date(*quiet_month(now), 1))
    first = date(year, month, 1)
    return first + timedelta(days=-first.weekday() % 7)


# (hour, minute, minutes) of each person's bookings on a grid-week day: 10:00 and 10:30 overlap.
GRID_DAY = [(9, 0, 60), (10, 0, 60), (10, 30, 45), (12, 0, 60), (13, 0, 90), (14, 30, 60), (15, 30, 60), (16, 30, 30)]
GRID_STATUSES = ["confirmed", "confirmed", "requested", "confirmed", "pending_payment", "confirmed", "rebooking_requested",
                 "confirmed"]


def seed_grid_week(s: Session, org: Organization, team: list[StaffUser], services: list[Service], now: datetime) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    monday = grid_week(now)
    regular = factories.customer(s, org, "grid@example.com", name="Gina Grid")
    flagged = factories.customer(s, org, "flagged@example.com", name="Flo Flagged", alert_message="Paid late twice")
    yoga = Service(organization_id=org.id, kind="class", name="Yoga", slug="grid-yoga", staff_user_id=team[1].id)
    s.add(yoga)
    s.flush()
    for offset in range(7):
        day = monday + timedelta(days=offset)
        for i, person in enumerate(team):
            for k, (hour, minute, minutes) in enumerate(GRID_DAY):
                at = datetime.combine(day, wall(hour, minute), berlin)
                s.add(Booking(organization_id=org.id, reference=f"G{offset}{i}{k:05d}",
                              customer_id=(flagged if k == 3 and i == 2 else regular).id, service_id=services[i].id,
                              staff_user_id=person.id, starts_at=at, ends_at=at + timedelta(minutes=minutes),
                              status=GRID_STATUSES[k], price_minor=0, currency="EUR"))
            if offset == i:  # an evening off each
                s.add(TimeOff(organization_id=org.id, staff_user_id=person.id, reason="Evening off",
                              starts_at=datetime.combine(day, wall(17), berlin),
                              ends_at=datetime.combine(day, wall(20), berlin)))
        start = datetime.combine(day, wall(7, 30), berlin)
        session = ClassSession(organization_id=org.id, service_id=yoga.id, staff_user_id=team[1].id, starts_at=start,
                               ends_at=start + timedelta(hours=1), capacity=12)
        s.add(session)
        s.flush()
        for seat in range(6):
            s.add(Booking(organization_id=org.id, reference=f"Y{offset}{seat:06d}", service_id=yoga.id,
                          customer_id=(flagged if seat == 0 else regular).id, session_id=session.id,
                          staff_user_id=team[1].id, starts_at=start, ends_at=start + timedelta(hours=1),
                          status="confirmed", price_minor=0, currency="EUR"))
    saturday = datetime.combine(monday + timedelta(days=5), wall(0), berlin)
    s.add(TimeOff(organization_id=org.id, staff_user_id=None, starts_at=saturday, ends_at=saturday + timedelta(days=1),
                  reason="Team day"))


def seed(url: str, size: int, now: datetime) -> tuple[int, int, int]:
    """Fill the database; returns (owner id, appointment service id, 5-staff service id)."""
    migrate(url)
    engine = make_engine(url)
    owner_id, _ = fill(engine, size, now)
    with engine.begin() as conn:
        conn.execute(update(Booking).values(staff_user_id=owner_id))
    with unit_of_work(engine) as s:
        owner = s.get(StaffUser, owner_id)
        org = s.get(Organization, owner.organization_id)
        org.timezone = "Europe/Berlin"
        # The quiet month lies up to four months ahead: past the default 90-day horizon.
        service = factories.appointment_service(s, org, staff_user_id=owner.id, horizon_days=200)
        customer = factories.customer(s, org, "regular@example.com")
        year, month = quiet_month(now)
        team = [owner] + [factories.staff(s, org, email=f"team{i}@bench.test", name=f"Team {i}", role="staff") for i in range(4)]
        for person in team[1:]:
            factories.weekly_hours(s, person, {d: [(wall(9), wall(12)), (wall(13), wall(17))] for d in range(7)})
        together = factories.appointment_service(s, org, staff=owner, slug="team", horizon_days=200)
        s.add_all([ServiceStaff(service_id=together.id, staff_user_id=p.id, organization_id=org.id) for p in team[1:]])
        for day in range(1, 31, 1):
            try:
                start = datetime(year, month, day, 9, 0, tzinfo=UTC)
            except ValueError:
                break
            for i, person in enumerate(team):
                at = start + timedelta(hours=i)  # 10:00, 11:00, ... local in winter
                s.add(Booking(organization_id=org.id, reference=f"Q{i}{day:06d}", customer_id=customer.id,
                              service_id=service.id if i == 0 else together.id, staff_user_id=person.id, starts_at=at,
                              ends_at=at + timedelta(hours=1), status="confirmed", price_minor=0, currency="EUR"))
                if day % 7 == i:  # an afternoon off a week each
                    s.add(TimeOff(organization_id=org.id, staff_user_id=person.id, starts_at=start + timedelta(hours=4),
                                  ends_at=start + timedelta(hours=9), reason="Afternoon off"))
        holiday = datetime(year, month, 15, tzinfo=UTC)
        s.add(TimeOff(organization_id=org.id, staff_user_id=None, starts_at=holiday, ends_at=holiday + timedelta(days=1),
                      reason="Holiday"))
        seed_grid_week(s, org, team, [service] + [together] * 4, now)
        service_id, team_id = service.id, together.id
    engine.dispose()
    return owner_id, service_id, team_id


def loaders(url: str, owner_id: int, service_id: int, team_id: int, now: datetime) -> dict:
    engine = make_engine(url)
    with Session(engine) as s:
        actor = actor_for(s.get(StaffUser, owner_id))
    year, month = quiet_month(now)
    week_start = now.date() - timedelta(days=6)

    def load_agenda():
        with Session(engine) as s:
            days = agenda.agenda(s, actor=actor, first_day=week_start, days=7).days
            assert sum(len(d.items) for d in days) > 0

    def load_grid():
        with Session(engine) as s:
            found = agenda.agenda(s, actor=actor, first_day=grid_week(now), days=7)
        view = agenda_view.build(found, week=True, chosen=None, lang="en", translate=lambda m: translate(m, "en"),
                                 today=now.date(), now=now)
        assert len(found.staff) == 5
        drawn = [b for c in view.columns for b in c.blocks]
        summed_up = sum(int(b.title[1:]) for b in drawn if b.kind == "more")
        assert len([b for b in drawn if b.kind != "more"]) + summed_up >= 7 * (5 * len(GRID_DAY) + 1)

    def load_month(y=year, m=month, service=service_id):
        with Session(engine) as s:
            days = appointments.month(s, service=s.get(Service, service), year=y, month_number=m, now=now)
            # The quiet month always has free times; this month may be full at 100,000.
            assert any(d.slots for d in days) or (y, m) != (year, month)

    return {"agenda": load_agenda, "availability": load_month,
            "availability this month": lambda: load_month(now.year, now.month),
            "availability, 5 staff": lambda: load_month(service=team_id), "week grid, 5 staff": load_grid}, engine


def measure(sizes: list[int], repeat: int, work: Path, show_plans: bool) -> dict[int, dict[str, float]]:
    now = datetime.now(UTC)
    prepared = {}
    for size in sizes:
        url = f"sqlite:///{work / f'scale_{size}.db'}"
        ids = seed(url, size, now)
        cases, engine = loaders(url, *ids, now)
        for name, load in cases.items():
            if show_plans:
                plans = Plans(engine)
                plans.enabled = True
                load()
                plans.enabled = False
                print(f"{size:,} bookings, {name}:\n" + "\n  --\n".join(plans.seen))
            load()  # warm caches once
        prepared[size] = cases
    times = {size: {name: [] for name in cases} for size, cases in prepared.items()}
    for _ in range(repeat):  # rounds alternate the sizes, so machine load falls on both alike
        for size, cases in prepared.items():
            for name, load in cases.items():
                started = time.perf_counter()
                load()
                times[size][name].append((time.perf_counter() - started) * 1000)
    return {size: {name: statistics.median(t) for name, t in by_name.items()} for size, by_name in times.items()}


def rss_child(url: str, owner_id: int, service_id: int, team_id: int) -> None:
    """Runs in a fresh process: one worker's work on the large database, then its peak RSS."""
    import bookingapp.bookingapp  # noqa: F401  (the whole app, as a worker imports it)
    from bookingapp.services import inbox, orders

    now = datetime.now(UTC)
    cases, engine = loaders(url, owner_id, service_id, team_id, now)
    for load in cases.values():
        load()
    with Session(engine) as s:
        actor = actor_for(s.get(StaffUser, owner_id))
        inbox.requests_waiting(s, actor=actor)
        orders.list_orders(s, actor=actor, filter=orders.OrderFilter(show="all"), now=now)
        count = len(s.exec(select(Booking.id)).all())
    status = Path("/proc/self/status").read_text()
    peak_kb = int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])
    print(f"{count} {peak_kb / 1024:.1f}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--rss-child", nargs=4, metavar=("URL", "OWNER", "SERVICE", "TEAM"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(args.rss_child[0], *(int(a) for a in args.rss_child[1:]))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results = measure(args.sizes, args.repeat, work, args.plans)
        names = list(next(iter(results.values())))
        print(f"{'bookings':>10} " + " ".join(f"{name + ' ms':>26}" for name in names))
        for size, r in results.items():
            print(f"{size:>10} " + " ".join(f"{r[name]:>26.2f}" for name in names))
        if len(args.sizes) >= 2:
            small, large = results[args.sizes[0]], results[args.sizes[-1]]
            ratios = {n: large[n] / small[n] for n in names}
            print(f"{'ratio':>10} " + " ".join(f"{ratios[n]:>26.2f}" for n in names))
            print("target <= 1.5: " + ", ".join(f"{n} {'pass' if ratios[n] <= TARGET_RATIO else 'MISS'}" for n in names))
            grid = ratios["week grid, 5 staff"]
            print(f"week grid, 5 staff: {large['week grid, 5 staff']:.2f} ms at {args.sizes[-1]:,} vs "
                  f"{small['week grid, 5 staff']:.2f} ms at {args.sizes[0]:,} = {grid:.2f}x "
                  f"(target <= {TARGET_RATIO}: {'pass' if grid <= TARGET_RATIO else 'MISS'})")
        for size, r in results.items():  # the same month, five people with split hours vs one rule
            team = r["availability, 5 staff"] / r["availability"]
            print(f"{size:>10} availability, 5 staff vs one staff member with one rule: {r['availability, 5 staff']:.2f} ms vs "
                  f"{r['availability']:.2f} ms = {team:.2f}x (target <= {TARGET_RATIO}: {'pass' if team <= TARGET_RATIO else 'MISS'})")

        largest = max(args.sizes)
        url = f"sqlite:///{work / f'rss_{largest}.db'}"
        ids = seed(url, largest, datetime.now(UTC))
        child = subprocess.run([sys.executable, __file__, "--rss-child", url, *(str(i) for i in ids)],
                               capture_output=True, text=True, check=True)
        count, peak_mb = child.stdout.split()[-2:]
        verdict = "pass" if float(peak_mb) <= TARGET_RSS_MB else "MISS"
        print(f"one worker with {int(count):,} bookings: peak RSS {peak_mb} MB (target <= {TARGET_RSS_MB} MB: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
