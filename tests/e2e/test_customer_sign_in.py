"""Customers sign in by email link and see their Bookings tab, at 1280 px and 375 px."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from bookingapp.db import unit_of_work
from bookingapp.models import (
    Booking,
    ClassSession,
    CreditLedger,
    Customer,
    Organization,
    OutboxEmail,
    Service,
    utcnow,
)
from bookingapp.services import class_schedule, credits, customer_accounts
from bookingapp.services.customer_accounts import customer_actor
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.helpers_dialogs import open_by_keyboard

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


# --- issue 22: signing up on the portal, "Your classes", cancelling a whole series -------------

SENT = "Check your inbox: a link to confirm your email and sign in is on its way."


def _sign_up_emails(app, to: str) -> list[OutboxEmail]:
    with Session(app.engine) as s:
        return list(s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "customer_sign_up",
                                                     OutboxEmail.to_email == to).order_by(col(OutboxEmail.id))))


def test_a_new_customer_signs_up_opens_the_emailed_link_and_sees_their_classes(app, page: Page):
    email = f"nora-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/b/lindenhof/signin")
    page.get_by_role("button", name="Create an account").click()
    form = page.locator(".sign-up form")
    form.get_by_label("Your name").fill("Nora Newcomer")
    form.get_by_label("Email").fill(email)
    form.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status").filter(has_text=SENT)).to_be_visible()
    assert no_horizontal_scroll(page)

    [sent] = _sign_up_emails(app, email)
    assert sent.subject == "Confirm your email for Studio Lindenhof"
    link = re.search(r"https?://\S+/b/lindenhof/signin\?token=[A-Za-z0-9_-]+", sent.text).group(0)
    page.goto(link)
    page.wait_for_url("**/b/lindenhof/bookings")
    expect(page.get_by_role("heading", name="Your bookings", level=1)).to_be_visible()
    expect(page.get_by_text(email)).to_be_visible()
    panel = page.locator(".my-classes")
    expect(panel.get_by_role("heading", name="Your classes", level=2)).to_be_visible()
    expect(panel.locator(".credit-balance")).to_have_text("0")
    expect(panel.get_by_text("No upcoming class places.")).to_be_visible()
    expect(panel.get_by_text("No credits yet.")).to_be_visible()
    assert no_horizontal_scroll(page)
    with Session(app.engine) as s:
        nora = s.exec(select(Customer).where(Customer.email == email)).one()
        assert nora.name == "Nora Newcomer" and nora.email_verified

    page.get_by_role("button", name="Sign out", exact=True).click()
    page.wait_for_url("**/b/lindenhof/signin")
    page.goto(link)  # the link worked once
    expect(page.get_by_role("alert").filter(has_text=LINK_FAILED)).to_be_visible()


def test_signing_up_with_an_address_already_known_answers_the_same_and_sends_a_sign_in_link(app, desktop: Page):
    page = desktop
    before = len(_sign_in_emails(app, "bea@example.com"))
    page.goto("/b/lindenhof/signin")
    page.get_by_role("button", name="Create an account").click()
    form = page.locator(".sign-up form")
    form.get_by_label("Your name").fill("Not Bea")
    form.get_by_label("Email").fill("bea@example.com")
    form.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status").filter(has_text=SENT)).to_be_visible()
    assert len(_sign_in_emails(app, "bea@example.com")) == before + 1
    assert _sign_up_emails(app, "bea@example.com") == []


def _weekly_class_series(app, *, first_in: timedelta, weeks: int, window_minutes: int, cost: int = 2) -> tuple[str, int]:
    """A class of its own, weekly sessions, and a customer (10 credits) who booked them all
    as one series; returns the class's title and the customer's id."""
    title = f"Barre {uuid.uuid4().hex[:6]}"
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        service = Service(organization_id=org.id, kind="class", name=title, slug=title.lower().replace(" ", "-"),
                          duration_minutes=60, credit_cost=cost, location="Studio 2", allow_recurring=True)
        s.add(service)
        s.flush()
        first = (utcnow() + first_in).replace(second=0, microsecond=0)
        rows = [ClassSession(organization_id=org.id, service_id=service.id, starts_at=first + timedelta(weeks=w),
                             ends_at=first + timedelta(weeks=w, hours=1), capacity=5, location="Studio 2", credit_cost=cost,
                             free_cancellation_minutes=window_minutes) for w in range(weeks)]
        s.add_all(rows)
        customer = Customer(organization_id=org.id, email=f"sam-{uuid.uuid4().hex[:8]}@example.com", name="Sam Series",
                            email_verified=True)
        s.add(customer)
        s.flush()
        s.add(CreditLedger(organization_id=org.id, customer_id=customer.id, delta=10, kind="grant", reason="Welcome credits"))
        s.flush()
        last_day = (first + timedelta(weeks=weeks - 1, days=1)).date()
        result = class_schedule.book_series(s, actor=customer_actor(customer), customer=customer, class_session_id=rows[0].id,
                                            until=date(last_day.year, last_day.month, last_day.day), now=utcnow())
        assert len(result.booked) == weeks
        return title, customer.id


def test_a_customer_cancels_a_series_and_sees_the_refund_of_each_class_first(app, page: Page):
    # The first class starts in 5 h, inside its 12 h window: late. The other two are free.
    title, customer_id = _weekly_class_series(app, first_in=timedelta(hours=5), weeks=3, window_minutes=12 * 60)
    with Session(app.engine) as s:
        cookie = customer_accounts.session_cookie(s.get(Customer, customer_id))
    page.context.add_cookies([{"name": "customer_session", "value": cookie, "url": app.url}])

    page.goto("/b/lindenhof/bookings")
    panel = page.locator(".my-classes")
    expect(panel.locator(".credit-balance")).to_have_text("4")
    series = panel.locator(".my-series").filter(has_text=title)
    expect(series).to_contain_text("3")
    # From the keyboard: the focus goes into the dialog and Tab stays there.
    dialog = open_by_keyboard(page, series.get_by_role("button", name=re.compile(rf"^Cancel series: {title}")))
    expect(dialog.get_by_text("Cancel the whole series?")).to_be_visible()
    expect(dialog.locator(".refund-line")).to_have_count(3)
    expect(dialog.locator(".refund-line.late")).to_have_count(1)
    expect(dialog.locator(".refund-line.late")).to_contain_text("Late: 2 credits will not come back")
    expect(dialog.locator(".refund-line.free")).to_have_count(2)
    expect(dialog.locator(".refund-line.free").first).to_contain_text("2 credits will come back")
    expect(dialog.locator(".refund-summary")).to_contain_text("Credits coming back: 4. Credits not coming back: 2.")
    assert no_horizontal_scroll(page)
    dialog.get_by_role("button", name="Yes, cancel all").click()
    expect(dialog.get_by_role("alert")).to_be_visible()  # a reason is asked, as for one class
    dialog.get_by_label("Reason").fill("Moving to another city")
    dialog.get_by_role("button", name="Yes, cancel all").click()

    notice = "Series cancelled. Classes cancelled: 3. Credits back on your balance: 4."
    expect(page.get_by_role("status").filter(has_text=notice)).to_be_visible()
    expect(panel.locator(".credit-balance")).to_have_text("8")
    expect(panel.locator(".my-series").filter(has_text=title)).to_have_count(0)
    expect(page.locator(".upcoming").get_by_role("heading", name=title)).to_have_count(0)
    assert no_horizontal_scroll(page)
    with Session(app.engine) as s:
        assert set(s.exec(select(Booking.status).where(Booking.customer_id == customer_id)).all()) == {"cancelled"}
        assert credits.balance(s, customer_id) == 8
        emails = s.exec(select(OutboxEmail).join(Customer, col(Customer.email) == OutboxEmail.to_email)
                        .where(Customer.id == customer_id, OutboxEmail.template_key == "class_cancelled")).all()
        assert len(emails) == 3


def test_where_the_business_has_no_customer_accounts_the_page_says_so_and_offers_no_sign_up(app, desktop: Page):
    page = desktop
    with unit_of_work() as s:
        s.exec(select(Organization).where(Organization.slug == "lindenhof")).one().customer_accounts = "none"
    try:
        page.goto("/b/lindenhof/signin")
        expect(page.get_by_text("This business does not offer customer sign-in.")).to_be_visible()
        expect(page.get_by_role("button", name="Create an account")).to_have_count(0)
        expect(page.get_by_role("button", name="Send me a sign-in link")).to_have_count(0)
    finally:
        with unit_of_work() as s:
            s.exec(select(Organization).where(Organization.slug == "lindenhof")).one().customer_accounts = "verify_email"
