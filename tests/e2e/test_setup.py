"""A new provider sets up a whole business and takes first bookings, at 1280 and 375 px,
on an app started WITHOUT demo data (as a fresh installation is).

The provider signs up in New York in US dollars, creates an appointment service, a request
service and a class, sets Monday's hours with a lunch break and copies them to the other
days, closes one date, invites a member who joins and sets their own hours, and copies the
portal link. Then a customer on that
new business books the appointment (only times that respect the hours, the break, the day
off, the buffer and the notice are offered), sends a request the provider confirms, and
books a class session with credits the provider granted.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlmodel import Session, col, select

from bookingapp.models import (
    AvailabilityRule,
    Booking,
    ClassSession,
    Customer,
    Organization,
    OutboxEmail,
    Service,
    StaffUser,
    utcnow,
)
from bookingapp.services import appointments
from bookingapp.settings import ROOT
from tests.e2e.conftest import DESKTOP, PHONE, RunningApp, no_horizontal_scroll, running_app
from tests.e2e.helpers_booking import day_button, show_month

NEW_YORK = ZoneInfo("America/New_York")
PASSWORD = "a-good-password"
MORNING, AFTERNOON = ("09:00", "12:00"), ("13:00", "17:00")


@pytest.fixture(scope="module")
def bare_app(tmp_path_factory) -> Iterator[RunningApp]:
    """The real app with an empty database and its own build folder (the demo app may be running)."""
    with running_app(tmp_path_factory.mktemp("bare"), demo=False, web_dir=str(ROOT / ".cache" / "web-e2e-bare")) as running:
        with Session(running.engine) as s:
            assert s.exec(select(Organization)).first() is None  # no demo data
        yield running


def _context(browser: Browser, app: RunningApp, viewport: dict) -> BrowserContext:
    context = browser.new_context(base_url=app.url, viewport=viewport, timezone_id="America/New_York",
                                  permissions=["clipboard-read", "clipboard-write"])
    context.set_default_timeout(20_000)
    return context


def _newest_email(app: RunningApp, key: str, to: str) -> OutboxEmail:
    with Session(app.engine) as s:
        return s.exec(select(OutboxEmail).where(OutboxEmail.template_key == key, OutboxEmail.to_email == to)
                      .order_by(col(OutboxEmail.id).desc())).first()


# --- the provider ------------------------------------------------------------------------


def _sign_up(page: Page, app: RunningApp, business: str, email: str) -> Organization:
    page.goto("/signup")
    page.get_by_label("Business name").fill(business)
    page.get_by_label("Your name").fill("Nora New")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    expect(page.get_by_label("Timezone")).to_have_value("America/New_York")  # the browser's own
    page.get_by_label("Currency").select_option("USD")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(re.compile(r"/dashboard/?$"))
    expect(page.get_by_role("heading", name="Set up your booking page")).to_be_visible()
    expect(page.locator(".setup-step.done")).to_have_count(0)
    assert no_horizontal_scroll(page)
    with Session(app.engine) as s:
        org = s.exec(select(Organization).where(Organization.name == business)).one()
    assert (org.timezone, org.currency) == ("America/New_York", "USD")
    return org


def _new_service(page: Page, kind: str, name: str, inputs: dict[str, str]) -> int:
    page.goto(f"/dashboard/services/new?kind={kind}")
    expect(page.locator(".service-title")).not_to_have_text("")
    if kind != "class":  # classes are paid in credits
        expect(page.locator("#price").locator("xpath=..")).to_contain_text("USD")
    page.get_by_label("Service name", exact=True).fill(name)
    for label, value in inputs.items():
        page.get_by_label(label, exact=True).fill(value)
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/dashboard/services/\d+\?saved=new$"))
    expect(page.locator(".save-notice")).to_contain_text("Service created.")
    return int(page.url.split("/dashboard/services/")[1].split("?")[0])


def _set_day(page: Page, weekday: str, *intervals: tuple[str, str]) -> None:
    day = page.get_by_role("group", name=weekday)
    for number, (start, end) in enumerate(intervals, start=1):
        day.get_by_role("button", name=f"Add an interval to {weekday}").click()
        day.get_by_label(f"{weekday}, interval {number}: from").fill(start)
        day.get_by_label(f"{weekday}, interval {number}: until").fill(end)
    day.get_by_role("button", name=f"Save {weekday}").click()
    expect(day.get_by_role("status")).to_have_text("Saved.")


def _invite_member(page: Page, browser: Browser, app: RunningApp, viewport: dict, email: str) -> None:
    page.goto("/dashboard/team")
    page.get_by_label("Name", exact=True).fill("Milo Member")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").filter(has_text="Invitation sent.")).to_be_visible()
    link = re.search(r"https?://\S+/join/[A-Za-z0-9_-]+", _newest_email(app, "staff_invitation", email).text).group(0)

    context = _context(browser, app, viewport)
    try:
        member = context.new_page()
        member.goto(link)
        expect(member.get_by_label("Your name")).to_have_value("Milo Member")
        member.get_by_label("Password").fill("milo-member-password")
        member.get_by_role("button", name="Join and sign in").click()
        member.wait_for_url(re.compile(r"/dashboard/?$"))
        # The member sets their own hours: Mondays 10:00-14:00.
        member.goto("/dashboard/availability")
        expect(member.get_by_text("No hours yet")).to_be_visible()
        _set_day(member, "Monday", ("10:00", "14:00"))
        assert no_horizontal_scroll(member)
    finally:
        context.close()


# --- the customer --------------------------------------------------------------------------


_day_button, _show_month = day_button, show_month  # the calendar as every booking test reads it


def _times_offered(page: Page, day: date) -> list[str]:
    _show_month(page, day)
    _day_button(page, day).click()
    choices = page.locator(".time-choice")
    expect(choices.first).to_be_visible()
    return [text.strip() for text in choices.all_inner_texts()]


def _expected_times(start: str, end: str, *, duration: int = 30) -> list[str]:
    moment, last = datetime.combine(date.today(), time.fromisoformat(start)), datetime.combine(date.today(), time.fromisoformat(end))
    times = []
    while moment + timedelta(minutes=duration) <= last:
        times.append(moment.strftime("%H:%M"))
        moment += timedelta(minutes=30)
    return times


def _sign_in_customer(page: Page, app: RunningApp, slug: str, email: str) -> None:
    page.goto(f"/b/{slug}/signin")
    form = page.locator("form").filter(has=page.get_by_role("button", name="Send me a sign-in link"))
    form.get_by_label("Email").fill(email)
    form.get_by_role("button", name="Send me a sign-in link").click()
    expect(page.get_by_role("status").filter(has_text="a link is on its way")).to_be_visible()
    page.goto(re.search(r"https?://\S+/signin\?token=[A-Za-z0-9_-]+", _newest_email(app, "customer_sign_in", email).text).group(0))
    page.wait_for_url(f"**/b/{slug}/bookings")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_new_provider_sets_up_the_business_and_takes_first_bookings(bare_app: RunningApp, browser: Browser, viewport):
    app, tag = bare_app, uuid.uuid4().hex[:6]
    owner_email, member_email, customer_email = (f"{who}-{tag}@example.com" for who in ("nora", "milo", "cora"))
    context = _context(browser, app, viewport)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        org = _sign_up(page, app, f"Brooklyn Studio {tag}", owner_email)

        # Three services, one of each kind.
        haircut = _new_service(page, "appointment", f"Haircut {tag}", {
            "Duration (minutes)": "30", "Price": "40", "Buffer after (minutes)": "30", "Minimum notice (hours)": "24"})
        _new_service(page, "request", f"Private event {tag}", {"Price": "250"})
        yoga = _new_service(page, "class", f"Evening yoga {tag}", {"Capacity (places)": "6", "Credits per place": "1"})

        # Hours with a lunch break every day, and a day off.
        today = utcnow().astimezone(NEW_YORK).date()
        first_day, day_off = today + timedelta(days=3), today + timedelta(days=4)
        page.goto("/dashboard/availability")
        expect(page.get_by_text("No hours yet")).to_be_visible()
        expect(page.get_by_text("America/New_York").first).to_be_visible()
        _set_day(page, "Monday", MORNING, AFTERNOON)
        page.get_by_role("button", name="Copy Monday's hours to the closed days").click()
        sunday = page.get_by_role("group", name="Sunday")
        expect(sunday.get_by_label("Sunday, interval 2: from")).to_have_value("13:00")
        expect(sunday.get_by_role("status")).to_have_text("Saved.")
        overrides = page.locator("#date-overrides")
        overrides.get_by_label("Date", exact=True).fill(day_off.isoformat())
        overrides.get_by_role("button", name="Save date").click()
        expect(overrides.get_by_role("status")).to_contain_text("is closed")
        assert no_horizontal_scroll(page)

        _invite_member(page, browser, app, viewport, member_email)
        with Session(app.engine) as s:
            member = s.exec(select(StaffUser).where(StaffUser.email == member_email)).one()
            assert [(r.weekday, r.start_time, r.end_time) for r in s.exec(
                select(AvailabilityRule).where(AvailabilityRule.staff_user_id == member.id))] == [(0, time(10), time(14))]

        page.goto("/dashboard/share")
        portal_url = f"{app.url}/b/{org.slug}"
        expect(page.get_by_label("Link to your booking page")).to_have_value(portal_url)
        page.get_by_role("button", name="Copy link").click()
        expect(page.get_by_role("button", name="Copied")).to_be_visible()
        assert page.evaluate("navigator.clipboard.readText()") == portal_url
        page.goto("/dashboard")
        expect(page.get_by_role("heading", name="You're all set")).to_be_visible()  # all three steps done
        assert no_horizontal_scroll(page)

        # --- a customer books the appointment from the copied link ---------------------------
        customer_context = _context(browser, app, viewport)
        customer = customer_context.new_page()
        customer.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            customer.goto(portal_url)
            expect(customer.get_by_role("heading", name=f"Haircut {tag}")).to_be_visible()
            expect(customer.get_by_role("heading", name=f"Evening yoga {tag}")).to_be_visible()
            with Session(app.engine) as s:
                haircut_slug = s.get(Service, haircut).slug
            customer.goto(f"/b/{org.slug}/book/{haircut_slug}")
            expect(customer.get_by_text("America/New_York").first).to_be_visible()  # times are New York's, and say so

            # Hours minus the lunch break; nothing on the day off; nothing inside the 24 h notice.
            assert _times_offered(customer, first_day) == _expected_times(*MORNING) + _expected_times(*AFTERNOON)
            _show_month(customer, day_off)
            expect(_day_button(customer, day_off)).to_be_disabled()
            if today.month == first_day.month:
                expect(_day_button(customer, today)).to_be_disabled()
            with Session(app.engine) as s:
                offered = [slot for d in appointments.month(s, service=s.get(Service, haircut), year=today.year,
                                                             month_number=today.month) for slot in d.slots]
            assert offered and min(offered) >= utcnow() + timedelta(hours=24)

            _times_offered(customer, first_day)
            customer.locator(".time-choice").filter(has_text=re.compile(r"^09:00$")).click()
            customer.get_by_label("Name", exact=True).fill("Cora Customer")
            customer.get_by_label("Email", exact=True).fill(customer_email)
            customer.get_by_role("button", name=re.compile(r"^Book this time")).click()
            expect(customer.get_by_role("status").filter(has_text="Your booking is confirmed.")).to_be_visible()
            assert no_horizontal_scroll(customer)
            with Session(app.engine) as s:
                [booking] = s.exec(select(Booking).join(Customer, col(Customer.id) == Booking.customer_id)
                                   .where(Customer.email == customer_email)).all()
            assert booking.starts_at == datetime.combine(first_day, time(9), NEW_YORK)
            assert (booking.price_minor, booking.currency) == (4000, "USD")

            # The 30-minute buffer after the 9:00 visit keeps 9:30 free of a next one.
            customer.goto(f"/b/{org.slug}/book/{haircut_slug}")
            times = _times_offered(customer, first_day)
            assert "09:30" not in times and times[0] == "10:00"

            # --- a request, which the provider confirms ------------------------------------------
            customer.goto(portal_url)
            customer.get_by_role("link", name=re.compile(rf"Private event {tag}")).first.click()
            customer.wait_for_url(f"**/b/{org.slug}/s/**")
            customer.get_by_label("Date", exact=True).fill((today + timedelta(days=10)).isoformat())
            customer.get_by_label("Time", exact=True).fill("18:30")
            customer.get_by_label("Name", exact=True).fill("Cora Customer")
            customer.get_by_label("Email", exact=True).fill(customer_email)
            customer.get_by_label("Card number").fill("4242 4242 4242 4242")
            customer.get_by_label("Expiry (MM/YY)").fill("12/30")
            customer.get_by_label("CVC").fill("123")
            customer.get_by_role("button", name="Send request").click()
            expect(customer.get_by_text("Your request is sent and waiting for the provider.")).to_be_visible()
            assert no_horizontal_scroll(customer)
        finally:
            customer_context.close()

        page.goto("/dashboard/inbox")
        request = page.locator(".request", has_text="Cora Customer")
        request.get_by_role("button", name="Confirm").click()
        page.get_by_role("dialog").get_by_role("button", name="OK").click()
        expect(page.get_by_text("Booking confirmed. The customer has been emailed.")).to_be_visible()
        with Session(app.engine) as s:
            statuses = sorted(s.exec(select(Booking.status).join(Customer, col(Customer.id) == Booking.customer_id)
                                     .where(Customer.email == customer_email)).all())
            cora = s.exec(select(Customer.id).where(Customer.email == customer_email)).one()
        assert statuses == ["confirmed", "confirmed"]

        # --- a class session, booked with credits the provider grants ----------------------------
        page.goto("/dashboard/schedule")
        page.get_by_role("button", name="New session").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Class").select_option(label=f"Evening yoga {tag}")
        dialog.get_by_label("Start").fill(f"{(today + timedelta(days=2)).isoformat()}T19:00")
        dialog.get_by_role("button", name="Create").click()
        expect(page.get_by_role("status").filter(has_text="created")).to_be_visible()
        page.goto(f"/dashboard/customers/{cora}")
        page.get_by_label("Credits", exact=True).fill("5")
        page.get_by_label("Reason (the customer sees it)").fill("Welcome to the studio")
        page.get_by_role("button", name="Save credits").click()
        expect(page.get_by_role("status").filter(has_text="Credits saved")).to_be_visible()

        customer_context = _context(browser, app, viewport)
        customer = customer_context.new_page()
        customer.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            _sign_in_customer(customer, app, org.slug, customer_email)
            customer.goto(f"/b/{org.slug}/classes")
            card = customer.locator(".class-card", has_text=f"Evening yoga {tag}")
            expect(card.locator(".free-places")).to_have_text("6 places free")
            card.get_by_role("button", name=re.compile("^Book")).click()
            customer.get_by_role("button", name="Book with credits").click()
            expect(customer.get_by_role("status").filter(has_text="Booked.")).to_be_visible()
            expect(customer.locator(".credit-balance")).to_have_text("4")
            assert no_horizontal_scroll(customer)
        finally:
            customer_context.close()
        with Session(app.engine) as s:
            seat = s.exec(select(Booking).join(ClassSession, col(ClassSession.id) == Booking.session_id)
                          .where(ClassSession.service_id == yoga, Booking.customer_id == cora)).one()
        assert (seat.status, seat.credits_spent) == ("confirmed", 1)
    finally:
        context.close()
    assert not errors, errors
