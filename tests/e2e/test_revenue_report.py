"""Reports → Bookings and revenue at 1280 and 375 px: known payments and refunds of a service
of its own give known figures in the table, the CSV is that table, and the chart is drawn."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, datetime

from playwright.sync_api import Page, expect
from sqlmodel import select

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.models import Organization, Payment, PaymentOperation
from tests import factories
from tests.e2e.conftest import no_horizontal_scroll, sign_in

_runs = itertools.count(1)


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


def _arrange() -> str:
    """Three paid bookings of a new service in the first quarter of 2025 (Berlin time); returns its name."""
    name = f"Revenue check {next(_runs)}-{datetime.now(UTC).timestamp():.0f}"
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        service = factories.request_service(s, org, name=name, slug=f"rev-{datetime.now(UTC).timestamp():.0f}-{next(_runs)}")
        _paid(s, org, service, datetime(2025, 1, 15, 12, 0, tzinfo=UTC), 10000)
        # 23:30 UTC on 31 January is 00:30 on 1 February in Berlin; refunded in March with commission.
        _paid(s, org, service, datetime(2025, 1, 31, 23, 30, tzinfo=UTC), 4500,
              refunds=[(datetime(2025, 3, 3, 10, 0, tzinfo=UTC), 4500, 1071)])
        _paid(s, org, service, datetime(2025, 3, 10, 9, 0, tzinfo=UTC), 2000,
              refunds=[(datetime(2025, 3, 11, 9, 0, tzinfo=UTC), 500, 0)])
    return name


def _loaded(page: Page) -> None:
    """The page's load fills the range in (and re-keys the date fields): type only after it."""
    expect(page.get_by_label("From", exact=True)).not_to_have_value("")
    expect(page.locator(".timezone-note")).to_contain_text("Europe/Berlin")


def _table(page: Page) -> list[list[str]]:
    return page.locator(".revenue-table tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.querySelectorAll('th, td')).map(c => c.innerText.trim()))")


def test_known_payments_give_known_figures_and_the_csv_is_the_table(app, page: Page, tmp_path):
    service = _arrange()
    sign_in(page)
    page.goto(routes.REPORTS)
    page.get_by_role("link", name="Bookings and revenue").click()
    page.wait_for_url(f"**{routes.REPORTS_REVENUE}")
    _loaded(page)
    page.get_by_label("From", exact=True).fill("2025-01-01")
    page.get_by_label("To", exact=True).fill("2025-03-31")
    page.get_by_label("Service", exact=True).select_option(label=service)
    page.get_by_role("button", name="Show").click()

    expect(page.locator(".revenue-row")).to_have_count(3)
    assert _table(page) == [
        ["Period", "Bookings", "Gross", "Refunded", "Commission retained", "Net"],
        ["January 2025", "1", "€100.00", "€0.00", "€0.00", "€100.00"],
        ["February 2025", "1", "€45.00", "€0.00", "€0.00", "€45.00"],
        ["March 2025", "1", "€20.00", "€50.00", "€10.71", "-€40.71"],
        ["Total", "3", "€165.00", "€50.00", "€10.71", "€104.29"],
    ]
    chart = page.locator(".revenue-chart")
    expect(chart.locator(".recharts-bar-rectangle").first).to_be_visible()
    expect(chart).to_have_attribute("aria-hidden", "true")
    assert no_horizontal_scroll(page)
    width = page.viewport_size["width"]
    chart.screenshot(path=str(tmp_path / f"revenue-chart-{width}.png"))
    assert (tmp_path / f"revenue-chart-{width}.png").stat().st_size > 1000

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename == "revenue-lindenhof-2025-01-01-2025-03-31-month.csv"
    with open(download.value.path(), encoding="utf-8", newline="") as saved:
        assert list(csv.reader(io.StringIO(saved.read()))) == _table(page)

    # By week: fourteen weeks from Monday 30 December 2024, the same totals.
    page.locator(".revenue-by-week").click()
    expect(page.locator(".revenue-row")).to_have_count(14)
    assert _table(page)[-1] == ["Total", "3", "€165.00", "€50.00", "€10.71", "€104.29"]
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    with open(download.value.path(), encoding="utf-8", newline="") as saved:
        assert list(csv.reader(io.StringIO(saved.read()))) == _table(page)


def test_no_payments_shows_the_empty_state_and_a_bad_range_a_message(app, page: Page):
    sign_in(page)
    page.goto(routes.REPORTS_REVENUE)
    _loaded(page)
    page.get_by_label("From", exact=True).fill("2001-01-01")
    page.get_by_label("To", exact=True).fill("2001-02-28")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="No payments in these days")).to_be_visible()
    expect(page.locator(".revenue-chart")).to_have_count(0)

    page.get_by_label("From", exact=True).fill("2001-03-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("The last day comes before the first.")
