"""Customers sign in by email link and see their Bookings tab, at 1280 px and 375 px."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from bookingapp.db import unit_of_work
from bookingapp.models import Booking, Customer, Organization, OutboxEmail
from tests.e2e.conftest import no_horizontal_scroll

NOTICE = "If this email has bookings with us, a link is on its way."
LINK_FAILED = "This sign-in link is invalid or has expired. Ask for a new one."


def _sign_in_emails(app, to: str | None = None) -> list[OutboxEmail]:
    stmt = select(OutboxEmail).where(OutboxEmail.template_key == "customer_sign_in").order_by(col(OutboxEmail.id))
    if to:
        stmt = stmt.where(OutboxEmail.to_email == to)
    with Session(app.engine) as s:
        return list(s.exec(stmt))


def _references(app, email: str) -> set[str]:
    with Session(app.engine) as s:
        return set(s.exec(select(Booking.reference).join(Customer, col(Customer.id) == Booking.customer_id)
                          .where(Customer.email == email)))


def _ask_for_link(page: Page, email: str) -> None:
    page.goto("/b/lindenhof/signin")
    expect(page.get_by_role("heading", name="Sign in to see your bookings", level=1)).to_be_visible()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Send me a sign-in link"))
    form.get_by_label("Email").fill(email)
    form.get_by_role("button", name="Send me a sign-in link").click()
    expect(page.get_by_role("status").filter(has_text=NOTICE)).to_be_visible()


def _emailed_link(app, email: str, before: int) -> str:
    emails = _sign_in_emails(app, email)
    assert len(emails) == before + 1
    return re.search(r"https?://\S+/b/lindenhof/signin\?token=[A-Za-z0-9_-]+", emails[-1].text).group(0)


def test_a_customer_signs_in_by_email_link_and_manages_a_booking(app, page: Page):
    before = len(_sign_in_emails(app, "alex@example.com"))
    _ask_for_link(page, "alex@example.com")
    assert no_horizontal_scroll(page)
    link = _emailed_link(app, "alex@example.com", before)

    page.goto(link)
    page.wait_for_url("**/b/lindenhof/bookings")
    expect(page.get_by_role("heading", name="Your bookings", level=1)).to_be_visible()
    expect(page.get_by_text("alex@example.com")).to_be_visible()
    expect(page.get_by_text("Central European Time (Europe/Berlin)")).to_be_visible()
    nav = page.get_by_role("navigation", name="Portal")
    expect(nav.get_by_role("link", name="Bookings")).to_have_attribute("aria-current", "page")
    expect(nav.get_by_role("link", name="Book", exact=True)).to_have_attribute("href", "/b/lindenhof")
    upcoming, past = page.locator(".upcoming"), page.locator(".past")
    expect(upcoming.get_by_role("heading", name="Consultation")).to_be_visible()
    expect(upcoming.get_by_role("heading", name="Wine tasting").first).to_be_visible()
    expect(past.get_by_text("Rejected")).to_be_visible()  # the demo's refused request
    expect(upcoming.get_by_text(re.compile(r"\d{2}:\d{2} CES?T")).first).to_be_visible()
    for reference in _references(app, "alex@example.com"):
        expect(page.get_by_text(reference, exact=False)).to_be_visible()
    for reference in _references(app, "bea@example.com"):  # another customer's bookings stay hidden
        expect(page.get_by_text(reference, exact=False)).to_have_count(0)
    assert no_horizontal_scroll(page)
    with Session(app.engine) as s:
        assert s.exec(select(Customer.email_verified).where(Customer.email == "alex@example.com")).one()

    first = upcoming.locator(".customer-booking").first
    service = first.get_by_role("heading").inner_text()
    first.get_by_role("link", name="Manage booking").click()
    page.wait_for_url("**/m/**")
    expect(page.get_by_role("heading", name=service, level=1)).to_be_visible()

    page.goto(link)  # a second use of the same link, still signed in: straight to the bookings (issue 21, item 9)
    page.wait_for_url("**/b/lindenhof/bookings")
    expect(page.get_by_role("heading", name="Your bookings", level=1)).to_be_visible()
    expect(page.get_by_role("alert").filter(has_text=LINK_FAILED)).to_have_count(0)
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url("**/b/lindenhof/signin")
    page.goto(link)  # signed out, the used link is refused
    expect(page.get_by_role("alert").filter(has_text=LINK_FAILED)).to_be_visible()
    page.get_by_role("button", name="Ask for a new link").click()
    expect(page.get_by_role("button", name="Send me a sign-in link")).to_be_visible()
    assert no_horizontal_scroll(page)


def test_an_unknown_email_gets_the_same_notice_and_no_email(app, page: Page):
    before = len(_sign_in_emails(app))

    _ask_for_link(page, "nobody-here@example.com")

    page.wait_for_timeout(500)
    assert len(_sign_in_emails(app)) == before
    assert no_horizontal_scroll(page)


def test_the_bookings_tab_asks_to_sign_in_first(app, page: Page):
    page.goto("/b/lindenhof/bookings")

    page.wait_for_url("**/b/lindenhof/signin")
    expect(page.get_by_role("button", name="Send me a sign-in link")).to_be_visible()


def test_signing_out_ends_the_session(app, page: Page):
    before = len(_sign_in_emails(app, "bea@example.com"))
    _ask_for_link(page, "bea@example.com")
    page.goto(_emailed_link(app, "bea@example.com", before))
    page.wait_for_url("**/b/lindenhof/bookings")

    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url("**/b/lindenhof/signin")
    page.goto("/b/lindenhof/bookings")
    page.wait_for_url("**/b/lindenhof/signin")


def test_where_passwords_are_required_a_customer_sets_one_and_signs_in_with_it(app, desktop: Page):
    page = desktop
    with unit_of_work() as s:
        s.exec(select(Organization).where(Organization.slug == "lindenhof")).one().customer_accounts = "password"
    try:
        before = len(_sign_in_emails(app, "kim@example.com"))
        _ask_for_link(page, "kim@example.com")
        expect(page.get_by_role("heading", name="Sign in with your password")).to_be_visible()
        page.goto(_emailed_link(app, "kim@example.com", before))
        page.wait_for_url("**/b/lindenhof/bookings")

        page.get_by_label("New password").fill("short")
        page.get_by_role("button", name="Set password").click()
        expect(page.get_by_role("alert").filter(has_text="at least 10 characters")).to_be_visible()
        page.get_by_label("New password").fill("kims-long-password")
        page.get_by_role("button", name="Set password").click()
        expect(page.get_by_role("status").filter(has_text="Your password is set")).to_be_visible()
        expect(page.get_by_role("heading", name="Set a password")).to_have_count(0)

        page.get_by_role("button", name="Sign out", exact=True).click()
        page.wait_for_url("**/b/lindenhof/signin")
        form = page.locator("form").filter(has=page.get_by_label("Password", exact=True))
        form.get_by_label("Email").fill("kim@example.com")
        form.get_by_label("Password", exact=True).fill("wrong-password-here")
        form.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("alert").filter(has_text="Email or password is wrong.")).to_be_visible()
        form.get_by_label("Password", exact=True).fill("kims-long-password")
        form.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/b/lindenhof/bookings")
        expect(page.get_by_role("heading", name="Your bookings", level=1)).to_be_visible()
    finally:
        with unit_of_work() as s:
            s.exec(select(Organization).where(Organization.slug == "lindenhof")).one().customer_accounts = "verify_email"


def test_the_bookings_tab_shows_which_bookings_are_paid(app, page: Page):
    """Issue 21, item 7: paid or not paid on each booking."""
    from tests.e2e.helpers_booking import book, unique_email

    email = unique_email("pam")
    paid, _ = book(app, "consultation", email=email, name="Pam Paid", paid=True)
    unpaid, _ = book(app, "portrait-session", email=email, name="Pam Paid")
    before = len(_sign_in_emails(app, email))
    _ask_for_link(page, email)
    page.goto(_emailed_link(app, email, before))
    page.wait_for_url("**/b/lindenhof/bookings")
    cards = page.locator(".customer-booking")
    expect(cards.filter(has_text=paid.reference).locator(".booking-payment")).to_have_text("Paid")
    expect(cards.filter(has_text=unpaid.reference).locator(".booking-payment")).to_have_text("Not paid")
    assert no_horizontal_scroll(page)
