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


def test_the_card_of_a_class_opens_that_classs_sessions(page: Page):
    """Issue 21, item 9: not a "€0.00 … opens soon" form."""
    page.goto("/b/lindenhof")
    page.get_by_role("link").filter(has=page.get_by_role("heading", name="Morning yoga", level=2)).click()
    page.wait_for_url(re.compile(r"/b/lindenhof/classes\?service=morning-yoga$"))
    expect(page.get_by_role("heading", name="Morning yoga", level=1)).to_be_visible()
    cards = page.locator(".class-card")
    expect(cards.first).to_be_visible()
    for title in cards.get_by_role("heading", level=3).all_inner_texts():
        assert title == "Morning yoga"
    expect(page.get_by_text("opens soon")).to_have_count(0)
    expect(page.get_by_text("€0.00")).to_have_count(0)
    expect(page.get_by_role("link", name="All classes")).to_have_attribute("href", "/b/lindenhof/classes")
    assert no_horizontal_scroll(page)

    page.goto("/b/lindenhof/s/morning-yoga")  # an old link to the class's form goes to its sessions too
    page.wait_for_url(re.compile(r"/b/lindenhof/classes\?service=morning-yoga$"))
    expect(page.get_by_role("heading", name="Morning yoga", level=1)).to_be_visible()


def test_an_unknown_address_shows_the_apps_own_not_found_page(page: Page):
    page.goto("/nope")
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(page.get_by_text("Check the link you were given.")).to_be_visible()
    expect(page.get_by_role("link", name="Go to the start page")).to_have_attribute("href", "/")
    expect(page.get_by_text("404: Page not found")).to_have_count(0)  # not Reflex's bare default
    assert no_horizontal_scroll(page)
