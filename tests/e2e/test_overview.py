"""The business at a glance, at 1280 and 375 px: the dashboard home and each chart report
(class occupancy, requests, cancellations, no-shows) show the figures a known set of
bookings, payments, refunds, cancellations and attendance marks gives; each report's CSV
is exactly its table; each chart is drawn, hidden from screen readers, and photographed.

(Bookings and revenue has its own file, `test_revenue_report.py`.) Each part makes its data
under a service or an organization of its own, so the demo data never changes the figures.
Every report page follows the frame in `components/report_frame.py`: its parts carry the
class names `<prefix>-chart`, `<prefix>-table`, `<prefix>-row`, `<prefix>-total`.
"""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import select

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.models import Organization
from tests import factories
from tests.e2e.conftest import no_horizontal_scroll, sign_in
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


# --- the parts: each appends its own tests below, under its own heading --------------------


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
