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

from tests.e2e.conftest import no_horizontal_scroll

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


# --- cancellations ---

def _lindenhof(s):
    from sqlmodel import select

    from bookingapp.models import Organization
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
    (twice), staff, the business (with the business's first reason) and the sweeper."""
    import time
    from datetime import UTC, datetime

    from bookingapp.db import unit_of_work
    from bookingapp.models import ActivityLog
    from tests import factories

    stamp = f"{time.time_ns()}"
    name = f"Cancellations check {stamp}"
    with unit_of_work() as s:
        org = _lindenhof(s)
        reason = (org.cancellation_reasons or ["Teacher ill"])[0]
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
    from bookingapp import routes
    from tests.e2e.conftest import sign_in

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
    from datetime import UTC, datetime

    from bookingapp.db import unit_of_work
    from tests import factories

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
    from bookingapp import routes
    from tests.e2e.conftest import sign_in

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
