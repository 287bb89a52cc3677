"""The front desk in the browser (issue 20), at 1280 px and at 375 px: staff book for a
flagged customer found by the autocomplete and see the flag and its message before they
choose; the booking shows in Orders with the flag, unpaid on site. A new customer gets a
payment link and pays from the manage page; a time outside the hours needs the
checkbox. A free time on the agenda's week grid opens the page prefilled. (Blocking time
from the grid: tests/e2e/test_agenda.py; the staff calendar feed: test_calendar_feed.py.)"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from urllib.parse import quote

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.models import Booking, Customer, Organization, StaffUser
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import BERLIN, choose, emails, fill_card, free_days, manage_token_in


def _flagged_customer() -> dict:
    tag = uuid.uuid4().hex[:6]
    digits = str(int(tag, 16) % 10_000_000).zfill(7)
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        customer = Customer(organization_id=org.id, email=f"desk-{tag}@example.com", name=f"Frieda Front {tag}",
                            phone=f"+49 151 {digits}", alert_message=f"Cancelled twice without notice ({tag})", email_verified=True)
        s.add(customer)
        s.flush()
        return {"id": customer.id, "name": customer.name, "alert": customer.alert_message, "digits": digits}


def _choose_service(page: Page, name: str) -> None:
    page.get_by_role("combobox", name="Service").click()
    page.get_by_role("option", name=re.compile(rf"^{name} · ")).click()
    expect(page.locator(".customer-section")).to_be_visible()


def test_staff_book_a_flagged_customer_found_by_phone_and_see_the_flag_before_choosing(app, page: Page):
    who = _flagged_customer()
    day = free_days(app, "consultation")[0]
    when = day.slots[len(day.slots) // 2]
    sign_in(page, next_path="/dashboard/orders")

    page.get_by_role("link", name="New booking").click()
    page.wait_for_url("**/dashboard/bookings/new")
    _choose_service(page, "Consultation")
    search = page.get_by_label("Find a customer by name, email or phone")
    search.fill(f"0151 {who['digits'][:3]} {who['digits'][3:]}")  # typed another way than it is stored

    # The suggestion carries the red flag and the alert's text before anyone is chosen.
    option = page.locator(".customer-option", has_text=who["name"])
    expect(option).to_be_visible()
    expect(option.locator(".customer-option-alert")).to_have_text(who["alert"])
    expect(page.get_by_role("button", name=f"Flagged: {who['alert']}")).to_be_visible()
    assert no_horizontal_scroll(page)
    option.click()
    expect(page.locator(".picked-customer")).to_contain_text(who["name"])
    expect(page.locator(".picked-customer-alert")).to_have_text(who["alert"])

    choose(page, when)
    expect(page.get_by_label("Pay on site")).to_be_checked()
    page.get_by_label("Note (the team sees it with the booking)").fill("Called at 9:15")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Book", exact=True).click()

    page.wait_for_url("**/dashboard/orders/*")
    reference = page.url.rsplit("/", 1)[1]
    expect(page.get_by_text(f"Booked: order {reference}.")).to_be_visible()
    expect(page.locator("main").get_by_role("button", name=f"Flagged: {who['alert']}")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Not paid: to pay on site")
    with Session(app.engine) as s:
        booking = s.exec(select(Booking).where(Booking.reference == reference)).one()
    assert (booking.customer_id, booking.starts_at, booking.status, booking.alert_message, booking.note) == (
        who["id"], when, "confirmed", who["alert"], "Called at 9:15")
    [confirmation] = emails(app, "booking_confirmed", booking.id)
    assert f"/m/{manage_token_in(confirmation.text)}" in confirmation.text

    # Orders: the booking with the flag, unpaid on site.
    page.goto("/dashboard/orders")
    # Orders are listed once the page is live; a search typed before that is lost.
    expect(page.locator('a[href^="/dashboard/orders/"]').first).to_be_visible()
    page.get_by_label("Search orders").fill(reference)
    row = page.locator("a", has_text=reference)
    expect(row).to_have_count(1)
    expect(row.get_by_role("button", name=f"Flagged: {who['alert']}")).to_be_visible()
    expect(row.locator(".unpaid-on-site")).to_have_text("Unpaid · on site")
    assert no_horizontal_scroll(page)


def test_a_new_customer_gets_a_payment_link_and_a_time_outside_the_hours_needs_the_checkbox(app, page: Page):
    tag = uuid.uuid4().hex[:8]
    email = f"link-{tag}@example.com"
    evening = (free_days(app, "consultation")[1].day + timedelta(days=int(tag[:2], 16) % 20))
    # The address a time slot on the agenda links to: the service and the local time prefilled.
    sign_in(page, next_path=quote(routes.new_booking(service=_service_id(app, "consultation"), at=f"{evening.isoformat()}T21:30"),
                                  safe="/"))
    expect(page.get_by_label("Or type a date and time")).to_have_value(f"{evening.isoformat()}T21:30")

    page.get_by_role("button", name="New customer").click()
    page.get_by_label("Name", exact=True).fill(f"Lena Link {tag}")
    page.get_by_label("Email (needed for payment links and requests)").fill(email)
    page.get_by_label("Send a payment link").click()
    page.get_by_role("button", name="Book", exact=True).click()

    warning = page.locator(".outside-hours-warning")
    expect(warning).to_contain_text("is not working at this time")
    assert no_horizontal_scroll(page)
    page.get_by_label("Book outside the hours").click()
    page.get_by_role("button", name="Book", exact=True).click()

    page.wait_for_url("**/dashboard/orders/*")
    expect(page.locator("main")).to_contain_text("Not paid: waiting for the customer to pay online")
    with Session(app.engine) as s:
        booking = s.exec(select(Booking).join(Customer, Customer.id == Booking.customer_id).where(Customer.email == email)).one()
    assert booking.status == "pending_payment"
    assert booking.starts_at.astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M") == f"{evening.isoformat()}T21:30"
    [payment_required] = emails(app, "booking_payment_required", booking.id)
    assert payment_required.to_email == email

    # The customer pays from the link in the email.
    page.goto(f"/m/{manage_token_in(payment_required.text)}")
    expect(page.locator(".status")).to_have_text("Payment required")
    page.locator(".pay-section").get_by_role("button", name="Pay €45.00").click()
    fill_card(page)
    page.locator(".pay-section").get_by_role("button", name="Pay €45.00").click()
    expect(page.locator(".receipt")).to_contain_text("Paid €45.00 by card ending 4242")
    with Session(app.engine) as s:
        assert s.get(Booking, booking.id).status == "confirmed"


def _service_id(app, slug: str) -> int:
    from bookingapp.models import Service

    with Session(app.engine) as s:
        return s.exec(select(Service.id).where(Service.slug == slug)).one()


def test_staff_book_from_the_week_grid(app, page: Page):
    """A free time on the agenda's week grid (on a phone, the New booking button above the
    list) opens the new-booking page with the staff member and time filled in; the booking
    then sits on the grid."""
    who = _flagged_customer()
    day = free_days(app, "consultation")[2]
    when = day.slots[1].astimezone(BERLIN)
    iso, clock = when.date().isoformat(), f"{when:%H:%M}"
    with Session(app.engine) as s:
        owner_id = s.exec(select(StaffUser.id).where(StaffUser.email == "demo@example.com")).one()
    # The week of the member who gives consultations (the staff filter), free at that time.
    path = f"/dashboard/agenda?view=week&day={iso}&staff={owner_id}"
    sign_in(page, next_path=quote(path, safe="/"))
    page.wait_for_url(re.compile(r".*/dashboard/agenda"))

    if page.viewport_size["width"] >= 768:
        page.locator(f'.agenda-week .agenda-day[data-day="{iso}"] .agenda-cell[data-time="{clock}"]').click()
        page.get_by_role("dialog").get_by_role("link", name="New booking here").click()
        page.wait_for_url("**/dashboard/bookings/new?*")
        _choose_service(page, "Consultation")
        expect(page.get_by_label("Or type a date and time")).to_have_value(f"{iso}T{clock}")
    else:
        page.get_by_role("link", name="New booking").click()
        page.wait_for_url("**/dashboard/bookings/new*")
        _choose_service(page, "Consultation")
        choose(page, day.slots[1])
    assert no_horizontal_scroll(page)

    page.get_by_label("Find a customer by name, email or phone").fill(who["name"])
    page.locator(".customer-option", has_text=who["name"]).click()
    page.get_by_role("button", name="Book", exact=True).click()
    page.wait_for_url("**/dashboard/orders/*")
    reference = page.url.rsplit("/", 1)[1]
    with Session(app.engine) as s:
        booking = s.exec(select(Booking).where(Booking.reference == reference)).one()
    assert (booking.customer_id, booking.starts_at, booking.status) == (who["id"], day.slots[1], "confirmed")

    # Back on the agenda, the booking is a block with the customer's flag.
    page.goto(path)
    block = page.locator(".agenda-booking:visible", has_text=who["name"])
    expect(block).to_have_count(1)
    expect(block).to_contain_text(clock)
    expect(block.get_by_role("button", name=f"Flagged: {who['alert']}")).to_be_visible()
