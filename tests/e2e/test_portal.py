"""The public portal of the demo business, at 1280 px and 375 px."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import no_horizontal_scroll

SERVICES = {
    "Consultation": "€45.00",
    "Morning yoga": re.compile(r"\b1 credit\b"),
    "Wine tasting": "€120.00",
}


def test_portal_lists_the_services_with_prices(page: Page):
    page.goto("/b/lindenhof")
    expect(page.get_by_role("heading", name="Book online", level=1)).to_be_visible()
    expect(page.get_by_text("Studio Lindenhof")).to_be_visible()
    expect(page.get_by_text("Europe/Berlin")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Test mode")
    for name, price in SERVICES.items():
        card = page.get_by_role("link").filter(has=page.get_by_role("heading", name=name, level=2))
        expect(card).to_be_visible()
        expect(card).to_contain_text(price)
    assert no_horizontal_scroll(page)


def test_unknown_portal_says_page_not_found(page: Page):
    page.goto("/b/no-such-business")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("Book online")).to_have_count(0)
    assert no_horizontal_scroll(page)
