"""The dashboard frame: every section reachable from the navigation at both widths,
sign-in required, no sideways scrolling on phones, and the language switch."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from bookingapp.db import make_engine, unit_of_work
from bookingapp.services import accounts
from tests.e2e.conftest import no_horizontal_scroll, sign_in

PASSWORD = "dashboard-password"

# Section in the navigation -> (path, a text a brand-new business sees there).
SECTIONS = {
    "Inbox": ("/dashboard/inbox", "No requests waiting"),
    "Agenda": ("/dashboard/agenda", "Nothing on the calendar"),
    "Orders": ("/dashboard/orders", "No orders here"),
    "Schedule": ("/dashboard/schedule", "No class sessions this week"),
    "Customers": ("/dashboard/customers", "No customers yet"),
    "Reports": ("/dashboard/reports", "Statement"),
    "Settings": ("/dashboard/settings", "Local test mode: test cards only, no real charge"),
    "Dev mailbox": ("/dashboard/mailbox", "No emails yet"),
}


@pytest.fixture(scope="module")
def new_owner(app) -> str:
    """A freshly signed-up business: nothing in it yet, so every section is empty."""
    email = f"fresh-{uuid.uuid4().hex[:8]}@example.com"
    engine = make_engine(app.env["DATABASE_URL"])
    try:
        with unit_of_work(engine) as session:
            accounts.sign_up(session, organization_name="Fresh Studio", name="Fay Fresh", email=email, password=PASSWORD)
    finally:
        engine.dispose()
    return email


def _open(page: Page, label: str) -> None:
    if page.viewport_size["width"] < 768:
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("menuitem", name=label).click()
    else:
        page.get_by_role("navigation", name="Dashboard").get_by_role("link", name=label).click()


def test_every_section_is_reachable_from_the_navigation(page: Page, new_owner):
    sign_in(page, email=new_owner, password=PASSWORD)
    for label, (path, empty_text) in SECTIONS.items():
        _open(page, label)
        page.wait_for_url(re.compile(re.escape(path) + "/?$"))
        expect(page.get_by_role("heading", name=label, level=1)).to_be_visible()
        expect(page.get_by_text(empty_text, exact=True)).to_be_visible()
        if page.viewport_size["width"] < 768:
            assert no_horizontal_scroll(page), f"{label} scrolls sideways at 375 px"
        else:
            link = page.get_by_role("navigation", name="Dashboard").get_by_role("link", name=label)
            expect(link).to_have_attribute("aria-current", "page")


@pytest.mark.parametrize("path", ["/dashboard/orders", "/dashboard", "/dashboard/mailbox"])
def test_dashboard_without_sign_in_redirects_to_sign_in(desktop: Page, path):
    desktop.goto(path)
    desktop.wait_for_url("**/signin?next=*")
    expect(desktop.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "next=%2Fdashboard" in desktop.url


def _choose_language(page: Page, name: str) -> None:
    page.get_by_role("combobox", name="Language").click()
    page.get_by_role("option", name=name, exact=True).click()


def test_switching_to_german_on_the_sign_in_page(page: Page):
    page.goto("/signin")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    _choose_language(page, "Deutsch")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    expect(page.get_by_role("button", name="Anmelden")).to_be_visible()
    # The choice is kept (a cookie), and server messages follow it.
    page.reload()
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    page.get_by_label("E-Mail").fill("")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_have_text("E-Mail oder Passwort ist falsch.")
    if page.viewport_size["width"] < 768:
        assert no_horizontal_scroll(page)


def test_german_dashboard(desktop: Page, new_owner):
    sign_in(desktop, email=new_owner, password=PASSWORD)
    _choose_language(desktop, "Deutsch")
    expect(desktop.get_by_role("heading", name="Start", level=1)).to_be_visible()  # sign-in lands on the home
    expect(desktop.get_by_role("button", name="Abmelden")).to_be_visible()
