"""Pasted control characters, huge pastes and hand-edited addresses get an answer or are
ignored, at 1280 and 375 px: the page keeps working and the server logs no error."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from bookingapp import routes
from tests.e2e.conftest import no_horizontal_scroll, sign_in

NASTY = "Ann\x00a \u202eesrever" + "x" * 10_000


def _server_errors(app, since: int) -> str:
    text = app.log.read_text(errors="replace")[since:]
    return "\n".join(line for line in text.splitlines() if "Traceback" in line or "DataError" in line)


def test_bad_input_in_searches_and_addresses_is_ignored_without_a_server_error(app, page: Page):
    start = len(app.log.read_text(errors="replace"))
    sign_in(page)

    # First visit of the orders page in this tab: nothing is left over from an earlier load.
    page.goto(routes.ORDERS + "?service=%C2%B2")  # "²": a digit to str.isdigit(), not to int()
    expect(page.get_by_role("alert").filter(has_text="Choose a service from the list.")).to_be_visible()
    expect(page.get_by_text("Central European Time")).to_be_visible()  # the page around the message still works
    page.goto(routes.ORDERS)
    search = page.get_by_label("Search orders")
    search.fill(NASTY)
    expect(page.get_by_text("No orders")).to_be_visible()
    search.fill("Lindenhof-nobody\x00")
    page.goto(routes.ORDERS + "?show=%00&service=99999999999999&q=%00%E2%80%AE&after=%00&from=99999-01-01")
    expect(page.get_by_role("heading", name="Orders", exact=True)).to_be_visible()
    page.goto(routes.ORDERS + "?show=no-such-status")
    expect(page.get_by_role("combobox", name="Show")).to_have_text("Upcoming")

    page.goto(routes.CUSTOMERS + "?q=%00")
    page.get_by_label("Search by name or email").fill(NASTY)
    expect(page.get_by_role("heading", name="Customers", exact=True)).to_be_visible()

    page.goto(routes.manage("bad%E2%80%AEtoken" + "A" * 500))
    expect(page.get_by_text("This link does not open a booking")).to_be_visible()
    assert no_horizontal_scroll(page)
    assert not _server_errors(app, start)
