"""The staff calendar feed in the browser (issue 20), at 1280 px and at 375 px: a staff
member opens their profile from the account box (or the phone's menu), copies the private
address, and the calendar behind it holds their bookings and not a cancelled one, valid
RFC 5545; replacing the address makes the old one answer 404."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from bookingapp.db import unit_of_work
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import Booking, Customer, Service, StaffUser
from bookingapp.services import manage_booking
from tests.e2e.conftest import DESKTOP, PHONE, no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import book, book_soon, unique_email
from tests.e2e.test_accessibility import _violations
from tests.ics_rules import valid_calendar


def _clipboard(page: Page, expected: str) -> str:
    text = ""
    for _ in range(50):
        text = page.evaluate("navigator.clipboard.readText()")
        if text == expected:
            break
        page.wait_for_timeout(100)
    return text


def _demo_booking_of_the_owner() -> str:
    """A booking the demo data made for Dana's consultation (Alex's), by its reference."""
    with unit_of_work() as s:
        dana = s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one()
        return s.exec(select(Booking.reference).join(Customer, Customer.id == Booking.customer_id)
                      .join(Service, Service.id == Booking.service_id)
                      .where(Customer.email == "alex@example.com", Service.slug == "consultation",
                             Booking.staff_user_id == dana.id)).first()


def _uids(page: Page, address: str) -> set[str]:
    response = page.request.get(address)
    assert response.status == 200, response.status
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return {str(event["uid"]) for event in valid_calendar(response.text()).walk("VEVENT")}


def _open_profile(page: Page, phone: bool) -> None:
    if phone:
        page.get_by_role("button", name="Open menu").click()
        page.get_by_role("menuitem", name="Your profile").click()
    else:
        page.get_by_role("link", name="Dana Demo").click()
    page.wait_for_url(re.compile(r"/dashboard/profile/?$"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_staff_subscribe_to_their_bookings_and_can_replace_the_address(app, browser: Browser, viewport):
    coming, _ = book_soon(app, email=unique_email("feed"), name="Fiona Feed", hours=5)
    dropped, dropped_token = book(app, "consultation", email=unique_email("feed-cancel"), name="Carl Cancelled", day_index=1)
    with unit_of_work() as s:
        manage_booking.cancel(s, token=dropped_token, gateway=get_gateway())
    context = browser.new_context(base_url=app.url, viewport=viewport, permissions=["clipboard-read", "clipboard-write"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        sign_in(page, next_path="/dashboard/orders")
        _open_profile(page, phone=viewport is PHONE)
        expect(page.get_by_role("heading", name="Your profile", level=1)).to_be_visible()

        field = page.get_by_label("Your calendar's private address")
        expect(field).to_have_value(re.compile(rf"^{re.escape(app.url)}/api/feed/[0-9a-f]{{32}}[A-Za-z0-9_-]{{43}}\.ics$"))
        address = field.input_value()
        page.get_by_role("button", name="Copy address").click()
        expect(page.get_by_role("button", name="Copied")).to_be_visible()
        expect(page.get_by_role("status").filter(has_text="Address copied to the clipboard.")).to_be_visible()
        assert _clipboard(page, address) == address
        webcal = page.get_by_role("link", name="Open in your calendar app")
        assert webcal.get_attribute("href") == "webcal://" + address.split("://", 1)[1]
        expect(page.get_by_role("heading", name="Thunderbird", level=3)).to_be_visible()
        assert no_horizontal_scroll(page)

        uids = _uids(page, address)
        assert f"{_demo_booking_of_the_owner()}@bookings" in uids
        assert f"{coming.reference}@bookings" in uids
        assert f"{dropped.reference}@bookings" not in uids

        page.get_by_role("button", name="Replace address").click()
        dialog = page.get_by_role("alertdialog", name="Replace your calendar address?")
        expect(dialog).to_be_visible()
        dialog.get_by_role("button", name="Yes, replace").click()
        expect(dialog).to_be_hidden()
        expect(page.get_by_role("status").filter(has_text="Your address was replaced")).to_be_visible()
        expect(field).not_to_have_value(address)
        new_address = field.input_value()
        old = page.request.get(address)
        assert old.status == 404 and old.text() == "Not found"
        assert f"{coming.reference}@bookings" in _uids(page, new_address)
        assert no_horizontal_scroll(page)
        assert _violations(page, "/dashboard/profile") == []  # axe-core: no serious or critical violation
    finally:
        context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
