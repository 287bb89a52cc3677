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
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import book_soon, unique_email

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
