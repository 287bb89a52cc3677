"""Accounts in the browser: sign up, session, sign out, sign in (with `next`), and
clear messages for bad input that change nothing."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func
from sqlmodel import Session, select

from bookingapp.i18n import translate
from bookingapp.models import Organization, StaffUser
from tests.e2e.conftest import sign_in


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def _is_phone(page: Page) -> bool:
    return page.viewport_size["width"] < 768


def _counts(app) -> tuple[int, int]:
    with Session(app.engine) as session:
        orgs = session.exec(select(func.count()).select_from(Organization)).one()
        staff = session.exec(select(func.count()).select_from(StaffUser)).one()
    return orgs, staff


def _fill_sign_up(page: Page, *, business: str, name: str, email: str, password: str, timezone: str | None = None,
                  currency: str | None = None, locale: str | None = None) -> None:
    page.get_by_label("Business name").fill(business)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    if timezone is not None:
        page.get_by_label("Timezone").fill(timezone)
    if currency is not None:
        page.get_by_label("Currency").select_option(currency)
    if locale is not None:
        page.get_by_label("Customer language").select_option(locale)
    page.get_by_role("button", name="Create account").click()


def _expect_signed_in_as(page: Page, business: str) -> None:
    """The business name is in the sidebar (desktop) or in the Menu (phone)."""
    if _is_phone(page):
        page.get_by_role("button", name="Menu").click()
        expect(page.get_by_role("menu").get_by_text(business)).to_be_visible()
        page.keyboard.press("Escape")
    else:
        expect(page.get_by_text(business, exact=True)).to_be_visible()


def _sign_out(page: Page) -> None:
    if _is_phone(page):
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("menuitem", name="Sign out").click()
    else:
        page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/signin/?$"))


def test_sign_up_session_sign_out_and_sign_in_with_next(page: Page, app):
    business = _unique("Studio")
    email = f"{_unique('owner')}@example.com"
    page.goto("/signup")
    _fill_sign_up(page, business=business, name="Olga Owner", email=email, password="a-good-password",
                  timezone="America/New_York", currency="USD", locale="pl")
    # New accounts land on Home, with the setup checklist, in the business's language.
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    expect(page.get_by_role("heading", name=translate("Home", "pl"), level=1)).to_be_visible()
    expect(page.get_by_role("heading", name=translate("Set up your booking page", "pl"))).to_be_visible()
    with Session(app.engine) as session:
        org = session.exec(select(Organization).where(Organization.name == business)).one()
    assert (org.timezone, org.currency, org.locale) == ("America/New_York", "USD", "pl")
    # The owner may read the dashboard in another language: their choice, for this browser.
    page.get_by_role("combobox", name=translate("Language", "pl")).click()
    page.get_by_role("option", name="English", exact=True).click()
    expect(page.get_by_role("heading", name="Home", level=1)).to_be_visible()
    _expect_signed_in_as(page, business)

    page.reload()
    expect(page.get_by_role("heading", name="Home", level=1)).to_be_visible()
    _expect_signed_in_as(page, business)

    _sign_out(page)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto("/dashboard/reports")
    page.wait_for_url(re.compile(r"/signin\?next=%2Fdashboard%2Freports(%2F)?$"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    # The demo login; `next` brings the user back to the page they asked for.
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/dashboard/reports/?$"))
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
    _expect_signed_in_as(page, "Studio Lindenhof")


def test_next_cannot_leave_the_dashboard(desktop: Page):
    sign_in(desktop, next_path="https://evil.example.com/")
    expect(desktop).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/dashboard/?$"))


def test_wrong_password_and_unknown_email_get_the_same_message(page: Page, app):
    page.goto("/signin")
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Email or password is wrong.")

    page.get_by_label("Email").fill(f"{_unique('nobody')}@example.com")
    page.get_by_label("Password").fill("whatever-password")
    page.get_by_role("button", name="Sign in").click()
    # Same text, and the page did not move on.
    expect(page.get_by_role("alert")).to_have_text("Email or password is wrong.")
    expect(page).to_have_url(re.compile(r"/signin/?$"))


BAD_SIGN_UPS = [
    # (field with the error, overrides of a valid form, message next to the field)
    ("organization_name", {"business": "", "name": "", "email": "", "password": ""}, "Enter the name of your business."),
    ("name", {"name": "  "}, "Enter your name."),
    ("email", {"email": ""}, "Enter your email address."),
    ("email", {"email": "someone@example"}, "Enter a valid email address, like name@example.com."),
    ("password", {"password": "short"}, "Use at least 10 characters for the password."),
    ("organization_name", {"business": "x" * 121}, "The name of your business is too long (at most 120 characters)."),
    ("email", {"email": "demo@example.com"}, "An account with this email already exists. Sign in instead."),
    ("timezone", {"timezone": "Mars/Olympus_Mons"}, "Choose a timezone from the list, such as Europe/Berlin."),
]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_bad_sign_up_input_is_explained_next_to_the_field_and_creates_nothing(viewport, request, app):
    page: Page = request.getfixturevalue(viewport)
    before = _counts(app)
    page.goto("/signup")
    for field, overrides, message in BAD_SIGN_UPS:
        form = {"business": _unique("Studio"), "name": "Olga Owner", "email": f"{_unique('o')}@example.com",
                "password": "a-good-password", **overrides}
        _fill_sign_up(page, **form)
        error = page.locator(f"#{field}-error")
        expect(error).to_have_text(message)
        expect(page.locator(f"input#{field}")).to_have_attribute("aria-invalid", "true")
        expect(page).to_have_url(re.compile(r"/signup/?$"))
    # Only one message at a time, next to the field it belongs to.
    expect(page.get_by_role("alert")).to_have_count(1)
    assert _counts(app) == before


def test_sign_up_prefills_the_browsers_timezone_and_offers_currencies_by_name(browser, app):
    context = browser.new_context(base_url=app.url, timezone_id="Asia/Tokyo", viewport={"width": 375, "height": 812})
    page = context.new_page()
    try:
        page.goto("/signup")
        expect(page.get_by_label("Timezone")).to_have_value("Asia/Tokyo")
        expect(page.get_by_label("Currency")).to_have_value("EUR")
        expect(page.get_by_label("Currency").locator("option[value='USD']")).to_have_text("USD – US Dollar")
        # The list of every IANA timezone comes along for searching as you type.
        assert page.locator("datalist#timezone-list option").count() > 400
    finally:
        context.close()
