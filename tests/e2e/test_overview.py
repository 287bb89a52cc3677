"""The business at a glance, at 1280 and 375 px: the dashboard home and each chart report
(class occupancy, requests, cancellations, no-shows) show the figures a known set of
bookings, payments, refunds, cancellations and attendance marks gives; each report's CSV
is exactly its table; each chart is drawn, hidden from screen readers, and photographed.

Each part makes its data
under a service or an organization of its own, so the demo data never changes the figures.
Every report page follows the frame in `components/report_frame.py`: its parts carry the
class names `<prefix>-chart`, `<prefix>-table`, `<prefix>-row`, `<prefix>-total`.
"""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from sqlmodel import select

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.domain.formatting import fmt_short_datetime, fmt_time_range
from bookingapp.models import (
    ClassSession,
    Organization,
    Payment,
    PaymentOperation,
    Service,
    TimeOff,
    WaitlistEntry,
)
from tests import factories
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import book_soon, unique_email
from tests.service.class_fixtures import class_service, class_session

# --- what every report part checks ---------------------------------------------------------


def table_cells(page: Page, prefix: str) -> list[list[str]]:
    """The report's table as read on screen: the heading row, then every row, cell by cell."""
    return page.locator(f".{prefix}-table tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('th, td')).map(c => c.innerText.trim()))")


def csv_is_the_table(page: Page, prefix: str) -> str:
    """Download the CSV; it must equal the table on screen. Returns the file's suggested name."""
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8", newline="") as saved:
        assert list(csv.reader(io.StringIO(saved.read()))) == table_cells(page, prefix)
    return download.value.suggested_filename


def chart_is_drawn(page: Page, prefix: str, tmp_path: Path, mark: str = ".recharts-surface") -> None:
    """The chart has drawn `mark`, is hidden from screen readers (its table is the text),
    the page does not scroll sideways, and a screenshot of the chart is kept."""
    chart = page.locator(f".{prefix}-chart")
    expect(chart.locator(mark).first).to_be_visible()
    expect(chart).to_have_attribute("aria-hidden", "true")
    assert no_horizontal_scroll(page)
    shot = tmp_path / f"{prefix}-chart-{page.viewport_size['width']}.png"
    chart.screenshot(path=str(shot))
    assert shot.stat().st_size > 1000


# --- the parts, each under its own heading --------------------------------------------------


# --- bookings and revenue ---

_revenue_runs = itertools.count(1)


def _paid(s, org, service, at: datetime, amount: int, refunds=()) -> None:
    customer = factories.customer(s, org, email=f"revenue-{service.id}-{at.timestamp():.0f}@example.com", name="Rita Revenue")
    booking = factories.booking(s, org, customer_row=customer, service=service, status="confirmed")
    payment = Payment(organization_id=org.id, booking_id=booking.id, gateway="local", external_id=f"rev-{booking.reference}",
                      idempotency_key=f"rev-{booking.reference}", amount_minor=amount, currency="EUR", status="captured",
                      captured_minor=amount)
    s.add(payment)
    s.flush()
    s.add(PaymentOperation(payment_id=payment.id, kind="capture", idempotency_key=f"rev-cap-{booking.reference}",
                           amount_minor=amount, created_at=at))
    for n, (when, refund, commission) in enumerate(refunds):
        s.add(PaymentOperation(payment_id=payment.id, kind="refund", idempotency_key=f"rev-ref-{booking.reference}-{n}",
                               amount_minor=refund, commission_minor=commission, created_at=when))
    s.flush()


def _revenue_arrange() -> str:
    """Three paid bookings of a new service in the first quarter of 2025 (Berlin time); returns its name."""
    name = f"Revenue check {next(_revenue_runs)}-{datetime.now(UTC).timestamp():.0f}"
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        service = factories.request_service(s, org, name=name,
                                            slug=f"rev-{datetime.now(UTC).timestamp():.0f}-{next(_revenue_runs)}")
        _paid(s, org, service, datetime(2025, 1, 15, 12, 0, tzinfo=UTC), 10000)
        # 23:30 UTC on 31 January is 00:30 on 1 February in Berlin; refunded in March with commission.
        _paid(s, org, service, datetime(2025, 1, 31, 23, 30, tzinfo=UTC), 4500,
              refunds=[(datetime(2025, 3, 3, 10, 0, tzinfo=UTC), 4500, 1071)])
        _paid(s, org, service, datetime(2025, 3, 10, 9, 0, tzinfo=UTC), 2000,
              refunds=[(datetime(2025, 3, 11, 9, 0, tzinfo=UTC), 500, 0)])
    return name


def _revenue_loaded(page: Page) -> None:
    """The page's load fills the range in (and re-keys the date fields): type only after it."""
    expect(page.get_by_label("From", exact=True)).not_to_have_value("")
    expect(page.locator(".timezone-note")).to_contain_text("Europe/Berlin")


def test_revenue_known_payments_give_known_figures_and_the_csv_is_the_table(app, page: Page, tmp_path):
    service = _revenue_arrange()
    sign_in(page)
    page.goto(routes.REPORTS)
    page.get_by_role("link", name="Bookings and revenue").click()
    page.wait_for_url(f"**{routes.REPORTS_REVENUE}")
    _revenue_loaded(page)
    page.get_by_label("From", exact=True).fill("2025-01-01")
    page.get_by_label("To", exact=True).fill("2025-03-31")
    page.get_by_label("Service", exact=True).select_option(label=service)
    page.get_by_role("button", name="Show").click()

    expect(page.locator(".revenue-row")).to_have_count(3)
    assert table_cells(page, "revenue") == [
        ["Period", "Bookings", "Gross", "Refunded", "Commission retained", "Net"],
        ["January 2025", "1", "€100.00", "€0.00", "€0.00", "€100.00"],
        ["February 2025", "1", "€45.00", "€0.00", "€0.00", "€45.00"],
        ["March 2025", "1", "€20.00", "€50.00", "€10.71", "-€40.71"],
        ["Total", "3", "€165.00", "€50.00", "€10.71", "€104.29"],
    ]
    chart_is_drawn(page, "revenue", tmp_path, mark=".recharts-bar-rectangle")
    assert csv_is_the_table(page, "revenue") == "revenue-lindenhof-2025-01-01-2025-03-31-month.csv"

    # By week: fourteen weeks from Monday 30 December 2024, the same totals.
    page.locator(".revenue-by-week").click()
    expect(page.locator(".revenue-row")).to_have_count(14)
    assert table_cells(page, "revenue")[-1] == ["Total", "3", "€165.00", "€50.00", "€10.71", "€104.29"]
    csv_is_the_table(page, "revenue")


def test_revenue_without_payments_shows_the_empty_state_and_a_bad_range_a_message(app, page: Page):
    sign_in(page)
    page.goto(routes.REPORTS_REVENUE)
    _revenue_loaded(page)
    page.get_by_label("From", exact=True).fill("2001-01-01")
    page.get_by_label("To", exact=True).fill("2001-02-28")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="No payments in these days")).to_be_visible()
    expect(page.locator(".revenue-chart")).to_have_count(0)

    page.get_by_label("From", exact=True).fill("2001-03-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("The last day comes before the first.")


# --- requests ---

_request_runs = itertools.count(1)


def _requests_arrange() -> str:
    """Six requests of a new request service in January and February 2025 (Berlin time),
    answered by the demo owner at known times; returns the service's name."""
    from bookingapp.models import StaffUser
    from bookingapp.services import requests
    from bookingapp.services.accounts import actor_for

    stamp = f"{datetime.now(UTC).timestamp():.0f}-{next(_request_runs)}"
    name = f"Requests check {stamp}"
    hour = timedelta(hours=1)
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        owner = actor_for(s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one())
        service = factories.request_service(s, org, name=name, slug=f"req-{stamp}")

        def asked(at: datetime, **kw):
            customer = factories.customer(s, org, email=f"requests-{stamp}-{at.timestamp():.0f}@example.com", name="Rhea Request")
            kw.setdefault("respond_by", at + 48 * hour)
            return factories.booking(s, org, customer_row=customer, service=service, created_at=at,
                                     starts_at=at + timedelta(days=20), **kw)

        def confirm(booking, after):
            requests.confirm_request(s, actor=owner, booking_id=booking.id, gateway=None, now=booking.created_at + after)

        confirm(asked(datetime(2025, 1, 10, 9, 0, tzinfo=UTC)), 2 * hour)
        rejected = asked(datetime(2025, 1, 20, 9, 0, tzinfo=UTC))
        requests.reject_request(s, actor=owner, booking_id=rejected.id, reason="party_size", gateway=None,
                                now=rejected.created_at + 6 * hour)
        # 23:30 UTC on 31 January is 00:30 on 1 February in Berlin.
        proposed = asked(datetime(2025, 1, 31, 23, 30, tzinfo=UTC))
        requests.propose_reschedule(s, actor=owner, booking_id=proposed.id, message="We are closed that evening.",
                                    slots=[proposed.created_at + timedelta(days=5)], now=proposed.created_at + hour)
        asked(datetime(2025, 2, 10, 9, 0, tzinfo=UTC), status="expired")
        # Still open: its deadline is far ahead, so the sweeper leaves it alone.
        asked(datetime(2025, 2, 12, 9, 0, tzinfo=UTC), respond_by=datetime.now(UTC) + timedelta(days=30))
        confirm(asked(datetime(2025, 2, 14, 9, 0, tzinfo=UTC)), 50 * hour)  # two hours late
    return name


def test_requests_known_answers_give_known_figures_and_the_csv_is_the_table(app, page: Page, tmp_path):
    service = _requests_arrange()
    sign_in(page)
    page.goto(routes.REPORTS)
    page.get_by_role("link", name="Requests by week or month").click()
    page.wait_for_url(f"**{routes.REPORTS_REQUESTS}")
    expect(page.get_by_label("From", exact=True)).not_to_have_value("")
    expect(page.locator(".timezone-note")).to_contain_text("Europe/Berlin")
    page.get_by_label("From", exact=True).fill("2025-01-01")
    page.get_by_label("To", exact=True).fill("2025-02-28")
    page.get_by_label("Service", exact=True).select_option(label=service)
    page.get_by_role("button", name="Show").click()

    expect(page.locator(".requests-row")).to_have_count(2)
    assert table_cells(page, "requests") == [
        ["Period", "Requests", "Answered in time", "Confirmed", "Rescheduled", "Rejected", "Expired", "Withdrawn", "Open",
         "Median time to answer"],
        ["January 2025", "2", "2", "1", "0", "1", "0", "0", "0", "4 hr 0 min"],
        ["February 2025", "4", "1", "1", "1", "0", "1", "0", "1", "1 day 1 hr"],
        ["Total", "6", "3", "2", "1", "1", "1", "0", "1", "4 hr 0 min"],
    ]
    chart_is_drawn(page, "requests", tmp_path, mark=".recharts-bar-rectangle")
    assert csv_is_the_table(page, "requests") == "requests-lindenhof-2025-01-01-2025-02-28-month.csv"

    # By week: nine weeks from Monday 30 December 2024, the same totals.
    page.locator(".requests-by-week").click()
    expect(page.locator(".requests-row")).to_have_count(9)
    assert table_cells(page, "requests")[-1] == ["Total", "6", "3", "2", "1", "1", "1", "0", "1", "4 hr 0 min"]
    assert csv_is_the_table(page, "requests") == "requests-lindenhof-2025-01-01-2025-02-28-week.csv"


def test_requests_none_in_the_range_shows_the_empty_state(app, page: Page):
    sign_in(page)
    page.goto(routes.REPORTS_REQUESTS)
    expect(page.get_by_label("From", exact=True)).not_to_have_value("")
    page.get_by_label("From", exact=True).fill("2001-01-01")
    page.get_by_label("To", exact=True).fill("2001-02-28")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="No requests in these days")).to_be_visible()
    expect(page.locator(".requests-chart")).to_have_count(0)


# --- dashboard home ---------------------------------------------------------------------------
#
# A business of its own (its own owner signs in), in a timezone where it is now about noon,
# so "today" cannot end during the run: what is still to come today, the requests and the
# unpaid bookings by deadline, the open waitlist offer, and this week's hours per person.

_home_runs = itertools.count(1)


def _noon_zone() -> str:
    """An Etc zone where it is now 12:xx (Etc/GMT-5 is UTC+5)."""
    offset = max(-12, min(14, 12 - datetime.now(UTC).hour))
    return "Etc/GMT" + (f"-{offset}" if offset > 0 else f"+{-offset}" if offset < 0 else "")


def _home_arrange() -> dict:
    tag = f"{next(_home_runs)}-{datetime.now(UTC).timestamp():.0f}"
    zone = _noon_zone()
    now = datetime.now(UTC)
    today = now.astimezone(ZoneInfo(zone)).date()

    def local(hour: int, minute: int = 0, days: int = 0) -> datetime:
        return datetime.combine(today + timedelta(days=days), time(hour, minute), ZoneInfo(zone)).astimezone(UTC)

    with unit_of_work() as s:
        org = factories.organization(s, f"home-{tag}", name="Home Check", timezone=zone)
        owner = factories.staff(s, org, f"anna-{tag}@home.test", name="Anna Owner")
        hana = factories.staff(s, org, f"hana-{tag}@home.test", name="Hana Hours", role="staff")
        carl = factories.staff(s, org, f"carl-{tag}@home.test", name="Carl Class", role="staff")
        cut = factories.appointment_service(s, org, staff=hana, name="Haircut", slug="cut")  # 9-17 every day: 56 h
        s.add(TimeOff(organization_id=org.id, staff_user_id=hana.id, starts_at=local(9), ends_at=local(11)))
        factories.weekly_hours(s, carl, {today.weekday(): [(time(12), time(16))]})
        yoga = Service(organization_id=org.id, kind="class", name="Yoga", slug="yoga", duration_minutes=60)
        s.add(yoga)
        s.flush()
        request = factories.request_service(s, org, name="Tasting", slug="tasting")

        def person(name: str):
            return factories.customer(s, org, email=f"{name.split()[0].lower()}-{tag}@example.com", name=name)

        def book(name: str, service, start: datetime, minutes: int, status: str, **kw):
            return factories.booking(s, org, customer_row=person(name), service=service, status=status, starts_at=start,
                                     ends_at=start + timedelta(minutes=minutes), **kw)

        def session_at(start: datetime) -> ClassSession:
            row = ClassSession(organization_id=org.id, service_id=yoga.id, staff_user_id=carl.id, starts_at=start,
                               ends_at=start + timedelta(hours=1), capacity=8)
            s.add(row)
            s.flush()
            return row

        class_today = session_at(local(13))
        book("Kim Knee", yoga, class_today.starts_at, 60, "confirmed", session_id=class_today.id, alert_message="Knee injury")
        fay = book("Fay Flag", cut, local(15), 60, "confirmed", staff_user_id=hana.id, alert_message="Allergic to nuts")
        paul = book("Paul Pay", cut, local(17), 90, "pending_payment", staff_user_id=hana.id,
                    payment_deadline=now + timedelta(hours=3))
        una = book("Una Unpaid", cut, local(10, days=8), 60, "pending_payment", staff_user_id=hana.id,
                   payment_deadline=now + timedelta(days=1))
        rita = book("Rita Later", request, local(18, days=10), 120, "requested", respond_by=now + timedelta(hours=30))
        rob = book("Rob Soon", request, local(18, days=9), 120, "requested", respond_by=now + timedelta(hours=2),
                   alert_message="Pays late")
        later = session_at(local(10, days=2))
        s.add(WaitlistEntry(organization_id=org.id, session_id=later.id, customer_id=person("Olive Offer").id, position=1,
                            status="offered", offer_expires_at=now + timedelta(hours=1)))
        s.flush()
        return {"email": owner.email, "zone": zone, "class_today": class_today, "later": later,
                **{name: b for name, b in (("fay", fay), ("paul", paul), ("una", una), ("rita", rita),
                                                             ("rob", rob))}}


def _items(page: Page, card: str) -> list[tuple[str, str, str]]:
    """Each row of a home card: its link's text, its address, its flag's message."""
    return page.locator(f".{card}-card .home-item").evaluate_all(
        "items => items.map(i => [i.querySelector('a').innerText.replace(/\\s+/g, ' ').trim(), i.querySelector('a')"
        ".getAttribute('href'), (i.querySelector('.customer-flag') || {dataset: {}}).dataset.alert || ''])")


def test_home_lists_today_requests_unpaid_offers_and_staff_hours(app, page: Page, tmp_path):
    known = _home_arrange()
    sign_in(page, known["email"], "correct-horse-battery")
    page.goto(routes.DASHBOARD)
    expect(page.locator(".home-overview")).to_be_visible()
    expect(page.locator(".timezone-note")).to_contain_text(known["zone"])

    zone = known["zone"]

    def span(row) -> str:
        return fmt_time_range(row.starts_at, row.ends_at, zone)

    def at(row) -> str:
        return fmt_short_datetime(row.starts_at, zone)

    assert _items(page, "home-today") == [
        [f"{span(known['class_today'])} Yoga", routes.schedule_session(known["class_today"].id), "Knee injury"],
        [f"{span(known['fay'])} Fay Flag", routes.order(known["fay"].reference), "Allergic to nuts"],
        [f"{span(known['paul'])} Paul Pay", routes.order(known["paul"].reference), ""],
    ]
    assert _items(page, "home-requests") == [  # the answer due soonest first
        [f"{at(known['rob'])} Rob Soon", routes.inbox_booking(known["rob"].reference), "Pays late"],
        [f"{at(known['rita'])} Rita Later", routes.inbox_booking(known["rita"].reference), ""],
    ]
    assert _items(page, "home-unpaid") == [  # the payment deadline soonest first
        [f"{at(known['paul'])} Paul Pay", routes.order(known["paul"].reference), ""],
        [f"{at(known['una'])} Una Unpaid", routes.order(known["una"].reference), ""],
    ]
    assert _items(page, "home-offers") == [
        [f"{at(known['later'])} Olive Offer", routes.schedule_session(known["later"].id), ""]]
    expect(page.locator(".home-today-count")).to_have_text("3")
    for card, count in (("home-requests", "2"), ("home-unpaid", "2"), ("home-offers", "1")):
        expect(page.locator(f".{card}-count")).to_have_text(count)
    expect(page.locator(".home-requests-all")).to_have_attribute("href", routes.INBOX)
    expect(page.locator(".home-offers-all")).to_have_count(0)  # no page lists every offer

    assert table_cells(page, "staff-hours") == [
        ["Team member", "Booked hours", "Available hours", "Booked share"],
        ["Anna Owner", "0", "0", "–"],
        ["Carl Class", "1", "4", "25%"],  # today's class, with a place booked, in his 12-16
        ["Hana Hours", "2.5", "54", "4.6%"],  # 15:00 and 17:00-18:30; 7 × 8 h less 2 h off; next week's is not this week
    ]
    chart_is_drawn(page, "staff-hours", tmp_path)


def test_home_of_a_business_with_nothing_to_do_says_so(app, page: Page):
    tag = f"{next(_home_runs)}-{datetime.now(UTC).timestamp():.0f}"
    with unit_of_work() as s:
        org = factories.organization(s, f"quiet-{tag}", name="Quiet", timezone=_noon_zone())
        email = factories.staff(s, org, f"quiet-{tag}@home.test", name="Quinn Quiet").email
    sign_in(page, email, "correct-horse-battery")
    page.goto(routes.DASHBOARD)
    expect(page.get_by_role("heading", name="Set up your booking page")).to_be_visible()  # the checklist stays on top
    expect(page.locator(".home-today-empty")).to_have_text("Nothing more today.")
    expect(page.locator(".home-requests-empty")).to_have_text("No requests waiting for your answer.")
    expect(page.locator(".home-unpaid-empty")).to_have_text("No bookings waiting for payment.")
    expect(page.locator(".home-offers-empty")).to_have_text("No open waitlist offers.")
    expect(page.locator(".home-requests-all")).to_have_count(0)
    assert table_cells(page, "staff-hours") == [["Team member", "Booked hours", "Available hours", "Booked share"],
                                                 ["Quinn Quiet", "0", "0", "–"]]
    assert no_horizontal_scroll(page)


# --- class occupancy ---

_occupancy_runs = itertools.count(1)


def _occupancy_arrange() -> str:
    """A new class in lindenhof with four sessions in March 2025 (Berlin time); returns its name.

    Tuesday 4 March 18:00 (4 places, 3 booked: one attended, one no-show, one cancelled
    booking not counted), Tuesday 11 March 18:00 (4 places, 1 booked), Sunday 30 March 10:00,
    the first day of summer time (5 places, one booking of two), and a cancelled session."""
    stamp = f"{datetime.now(UTC).timestamp():.0f}-{next(_occupancy_runs)}"
    name = f"Occupancy check {stamp}"
    places = itertools.count(1)
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        service = class_service(s, org, name=name, slug=f"occ-{stamp}")

        def book(row, count, **kw):
            for _ in range(count):
                n = next(places)
                customer = factories.customer(s, org, email=f"occ-{stamp}-{n}@example.com", name="Olga Occupancy")
                factories.booking(s, org, customer_row=customer, service=service, session_id=row.id, starts_at=row.starts_at,
                                  reference=f"O{stamp.replace('-', '')[-11:]}{n:03d}"[:16], price_minor=0,
                                  **{"status": "confirmed", **kw})

        first = class_session(s, service, starts_at=datetime(2025, 3, 4, 17, 0, tzinfo=UTC), capacity=4)
        book(first, 1, attendance="attended")
        book(first, 1, attendance="no_show")
        book(first, 1)
        book(first, 1, status="cancelled")
        second = class_session(s, service, starts_at=datetime(2025, 3, 11, 17, 0, tzinfo=UTC), capacity=4)
        book(second, 1)
        sunday = class_session(s, service, starts_at=datetime(2025, 3, 30, 8, 0, tzinfo=UTC), capacity=5)  # 10:00 CEST
        book(sunday, 1, party_size=2)
        gone = class_session(s, service, starts_at=datetime(2025, 3, 12, 17, 0, tzinfo=UTC), capacity=20)
        gone.cancelled = True
        s.add(gone)
    return name


def _heat_cells(page: Page) -> list[list[str]]:
    return page.locator(".occupancy-heatmap tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('th, td')).map(c => c.innerText.trim()))")


def test_occupancy_known_sessions_give_known_fill_rates_heatmap_and_csv(app, page: Page, tmp_path):
    name = _occupancy_arrange()
    sign_in(page)
    page.goto(routes.REPORTS)
    page.get_by_role("link", name="Class occupancy").click()
    page.wait_for_url(f"**{routes.REPORTS_OCCUPANCY}")
    expect(page.get_by_label("From", exact=True)).not_to_have_value("")
    expect(page.locator(".timezone-note")).to_contain_text("Europe/Berlin")
    page.get_by_label("From", exact=True).fill("2025-03-01")
    page.get_by_label("To", exact=True).fill("2025-03-31")
    page.get_by_label("Service", exact=True).select_option(label=name)
    page.get_by_role("button", name="Show").click()

    expect(page.locator(".occupancy-row")).to_have_count(1)
    expect(page.locator(".occupancy-row")).to_contain_text(name)
    assert table_cells(page, "occupancy") == [
        ["Class", "Sessions", "Places", "Booked", "Fill rate", "Attended", "No-shows"],
        [name, "3", "13", "6", "46.2%", "1", "1"],
        ["Total", "3", "13", "6", "46.2%", "1", "1"],
    ]
    # Tuesdays at 18:00: 4 of 8 places; Sunday 30 March at 10:00 local (08:00 UTC, summer time): 2 of 5.
    assert _heat_cells(page) == [["", "10:00", "18:00"], ["Tue", "", "50%"], ["Sun", "40%", ""]]
    heatmap = page.get_by_role("region", name="Fill rate by weekday and start time")
    expect(heatmap).to_have_attribute("tabindex", "0")
    expect(heatmap.locator("th[scope=row]")).to_have_count(2)
    expect(heatmap.locator("th[scope=col]")).to_have_count(2)

    assert csv_is_the_table(page, "occupancy") == "occupancy-lindenhof-2025-03-01-2025-03-31.csv"
    chart_is_drawn(page, "occupancy", tmp_path, mark=".recharts-bar-rectangle")


# --- cancellations ---

def _lindenhof(s):
    return s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()


def _show(page: Page, route: str, first: str, last: str, service: str) -> None:
    page.goto(route)
    expect(page.get_by_label("From", exact=True)).not_to_have_value("")  # loaded: the range is filled in
    page.get_by_label("From", exact=True).fill(first)
    page.get_by_label("To", exact=True).fill(last)
    page.get_by_label("Service", exact=True).select_option(label=service)
    page.get_by_role("button", name="Show").click()


def _arrange_cancellations() -> tuple[str, str]:
    """Five bookings of a new service cancelled in February 2025 (Berlin time), by the customer
    (twice), staff, the business (with one of the business's reasons) and the sweeper."""
    import time

    from bookingapp.models import ActivityLog

    stamp = f"{time.time_ns()}"
    name = f"Cancellations check {stamp}"
    with unit_of_work() as s:
        org = _lindenhof(s)
        # Another file's test edits the business's reasons (and may leave none): make sure this one is listed.
        reason = "Teacher ill"
        if reason not in (org.cancellation_reasons or []):
            org.cancellation_reasons = [*(org.cancellation_reasons or []), reason]
            s.add(org)
        service = factories.request_service(s, org, name=name, slug=f"cxl-{stamp}")
        customer = factories.customer(s, org, email=f"cxl-{stamp}@example.com", name="Carla Cancel")
        for action, text, at in [
            ("booking.cancelled_by_customer", "Cancelled by the customer", datetime(2025, 2, 3, 10, 0, tzinfo=UTC)),
            ("booking.cancelled_by_customer", "Ill", datetime(2025, 2, 4, 10, 0, tzinfo=UTC)),
            ("booking.cancelled_by_provider", "Ill", datetime(2025, 2, 5, 10, 0, tzinfo=UTC)),
            ("class.cancelled_by_studio", f"{reason}: back soon", datetime(2025, 1, 31, 23, 30, tzinfo=UTC)),  # 1 Feb in Berlin
            ("booking.cancelled_unpaid", "Not paid by the payment deadline", datetime(2025, 2, 28, 22, 59, tzinfo=UTC)),
            ("booking.cancelled_by_customer", "Too late", datetime(2025, 2, 28, 23, 0, tzinfo=UTC)),  # 1 March in Berlin
        ]:
            booking = factories.booking(s, org, customer_row=customer, service=service, status="cancelled", cancel_reason=text)
            s.add(ActivityLog(organization_id=org.id, action=action, actor_kind="staff", actor_name="Test", booking_id=booking.id,
                              data={"reason": text}, created_at=at))
        s.flush()
    return name, reason


def test_cancellations_by_reason_and_who_the_csv_is_the_table_and_the_chart_is_drawn(app, page: Page, tmp_path):
    service, reason = _arrange_cancellations()
    sign_in(page)
    _show(page, routes.REPORTS_CANCELLATIONS, "2025-02-01", "2025-02-28", service)
    expect(page.locator(".cancellations-row")).to_have_count(4)
    assert table_cells(page, "cancellations") == [
        ["Reason", "Customer", "Staff", "Business", "Automatic", "Total"],
        ["Other reason", "1", "1", "0", "0", "2"],
        ["No reason given", "1", "0", "0", "0", "1"],
        ["Not paid by the payment deadline", "0", "0", "0", "1", "1"],
        [reason, "0", "0", "1", "0", "1"],
        ["Total", "2", "1", "1", "1", "5"],
    ]
    assert csv_is_the_table(page, "cancellations") == "cancellations-lindenhof-2025-02-01-2025-02-28.csv"
    chart_is_drawn(page, "cancellations", tmp_path, ".recharts-bar-rectangle")
    # Under it, each cancellation, with its own CSV
    expect(page.locator(".cancellation-row")).to_have_count(5)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the list as CSV").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Cancelled at,Cancelled by,By whom,Customer") and len(lines) == 6


# --- no-shows ---


def _arrange_noshows() -> str:
    """Four bookings of a new service that started in February 2025 (Berlin time): two
    attended, one no-show, one not marked; one more no-show on 1 March."""
    import time

    stamp = f"{time.time_ns()}"
    name = f"No-shows check {stamp}"
    with unit_of_work() as s:
        org = _lindenhof(s)
        service = factories.request_service(s, org, name=name, slug=f"nos-{stamp}")
        customer = factories.customer(s, org, email=f"nos-{stamp}@example.com", name="Nora Noshow")
        for attendance, at in [("attended", datetime(2025, 1, 31, 23, 30, tzinfo=UTC)),  # 1 February in Berlin
                               ("attended", datetime(2025, 2, 10, 9, 0, tzinfo=UTC)),
                               ("no_show", datetime(2025, 2, 11, 9, 0, tzinfo=UTC)),
                               (None, datetime(2025, 2, 12, 9, 0, tzinfo=UTC)),
                               ("no_show", datetime(2025, 2, 28, 23, 0, tzinfo=UTC))]:  # 1 March in Berlin
            factories.booking(s, org, customer_row=customer, service=service, status="confirmed", starts_at=at,
                              attendance=attendance)
    return name


def test_noshows_by_service_the_csv_is_the_table_and_the_chart_is_drawn(app, page: Page, tmp_path):
    service = _arrange_noshows()
    sign_in(page)
    page.goto(routes.REPORTS)
    page.get_by_role("link", name="No-shows").click()
    page.wait_for_url(f"**{routes.REPORTS_NO_SHOWS}")
    _show(page, routes.REPORTS_NO_SHOWS, "2025-02-01", "2025-02-28", service)
    expect(page.locator(".noshows-row")).to_have_count(1)
    assert table_cells(page, "noshows") == [
        ["Service", "Marked", "Attended", "No-shows", "No-show rate"],
        [service, "3", "2", "1", "33.3%"],
        ["Total", "3", "2", "1", "33.3%"],
    ]
    assert csv_is_the_table(page, "noshows") == "no-shows-lindenhof-2025-02-01-2025-02-28.csv"
    chart_is_drawn(page, "noshows", tmp_path, ".recharts-bar-rectangle")


# --- the chart library stays on the dashboard -----------------------------------------------

# A string recharts' own code carries (the class of every chart's outer box).
_RECHARTS_MARK = "recharts-wrapper"


def _scripts_loaded(page: Page, path: str) -> str:
    """Every script the page loads for `path`, once it is live, as one text."""
    responses = []
    page.on("response", lambda response: responses.append(response) if response.request.resource_type == "script" else None)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    return "\n".join(r.text() for r in responses if r.ok)


def test_the_chart_code_loads_on_the_reports_and_never_on_the_customer_pages(app, desktop: Page):
    _, token = book_soon(app, email=unique_email("bytes"), name="Bea Bytes")
    for path in ("/b/lindenhof", "/b/lindenhof/classes", "/b/lindenhof/signin", f"/m/{token}"):
        assert _RECHARTS_MARK not in _scripts_loaded(desktop, path), path
    sign_in(desktop, next_path="/dashboard/reports/revenue")
    assert _RECHARTS_MARK in _scripts_loaded(desktop, "/dashboard/reports/revenue")
