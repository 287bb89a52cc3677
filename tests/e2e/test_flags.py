"""Customer flags in the browser (issue 9), at 1280 px and at 375 px: staff set an alert on
a profile and see the red flag with its message everywhere the customer appears, clear it
and see it gone; without customer accounts the field is disabled and explains why."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.models import (
    Booking,
    ClassSession,
    Customer,
    Organization,
    Service,
    StaffUser,
    utcnow,
)
from bookingapp.services import manage_links
from bookingapp.services.booking_common import new_reference
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import book, bookings_of, choose, emails, free_days, unique_email
from tests.e2e.helpers_booking import booking as booking_row

BERLIN = ZoneInfo("Europe/Berlin")


def _org(s: Session) -> Organization:
    return s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()


def _arrange() -> dict:
    """A customer of their own with an upcoming appointment and a class place on one day."""
    tag = uuid.uuid4().hex[:6]
    name = f"Flagtest {tag}"
    day = utcnow().astimezone(BERLIN).date() + timedelta(days=30 + int(tag, 16) % 40)
    with unit_of_work() as s:
        org = _org(s)
        customer = Customer(organization_id=org.id, email=f"flag-{tag}@example.com", name=name, email_verified=True)
        s.add(customer)
        s.flush()
        portrait = s.exec(select(Service).where(Service.slug == "portrait-session")).one()
        yoga = s.exec(select(Service).where(Service.slug == "morning-yoga")).one()
        start = datetime.combine(day, time(10), BERLIN)
        booking = Booking(organization_id=org.id, reference=new_reference(), customer_id=customer.id, service_id=portrait.id,
                          starts_at=start, ends_at=start + timedelta(hours=1), status="confirmed",
                          price_minor=portrait.price_minor, currency=portrait.currency)
        manage_links.issue(booking)
        class_start = datetime.combine(day, time(18), BERLIN)
        session = ClassSession(organization_id=org.id, service_id=yoga.id, starts_at=class_start,
                               ends_at=class_start + timedelta(hours=1), capacity=12, location="Studio 1")
        s.add_all([booking, session])
        s.flush()
        seat = Booking(organization_id=org.id, reference=new_reference(), customer_id=customer.id, service_id=yoga.id,
                       session_id=session.id, starts_at=class_start, ends_at=class_start + timedelta(hours=1),
                       status="confirmed", currency=yoga.currency)
        manage_links.issue(seat)
        s.add(seat)
        s.flush()
        return {"id": customer.id, "name": name, "day": day.isoformat(), "reference": booking.reference,
                "session_id": session.id}


def _flag(scope, message: str):
    return scope.get_by_role("button", name=f"Flagged: {message}")


def _expect_flag_with_message(page: Page, scope, message: str, *, aria: str | None = None) -> None:
    """The flag is there, named by its message, and tapping it shows the message."""
    flag = scope.get_by_role("button", name=f"Flagged: {aria or message}")
    expect(flag).to_be_visible()
    flag.click()
    expect(page.locator(".customer-flag-message").filter(has_text=aria or message)).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".customer-flag-message")).to_have_count(0)


def test_an_alert_set_on_the_profile_shows_a_red_flag_everywhere_and_clearing_removes_it(app, page: Page):
    who = _arrange()
    message = f"Owes 40 EUR from the last visit ({who['name'][-6:]})"
    sign_in(page, next_path=f"/dashboard/customers/{who['id']}")

    # Profile: set the alert.
    expect(page.get_by_role("heading", name=who["name"])).to_be_visible()
    expect(page.get_by_text("A different email address is a new customer profile and is not flagged.")).to_be_visible()
    page.get_by_label("Alert message").fill(message)
    page.get_by_role("button", name="Save alert").click()
    expect(page.get_by_role("status").filter(has_text="Customer flagged.")).to_contain_text("Upcoming bookings updated: 2")
    _expect_flag_with_message(page, page.locator(".customer-status"), message)
    assert no_horizontal_scroll(page)

    # The booking took the alert (propagation), so it is on the order page as well.
    with Session(app.engine) as s:
        booking = s.exec(select(Booking).where(Booking.reference == who["reference"])).one()
        assert booking.alert_message == message

    # Customers list, found by typing.
    page.goto("/dashboard/customers")
    expect(page.locator(".customer-row").first).to_be_visible()  # loaded: typing now reaches the app
    page.get_by_label("Search by name or email").fill(who["name"])
    expect(page.locator(".customer-row")).to_have_count(1)  # the search has narrowed the list
    row = page.locator(".customer-row", has_text=who["name"])
    _expect_flag_with_message(page, row, message)
    assert no_horizontal_scroll(page)

    # Agenda (the calendar), day view: the booking and the class session the customer is in.
    page.goto(f"/dashboard/agenda?view=day&day={who['day']}")
    booking_item = page.locator(".agenda-booking", has_text=who["name"])
    _expect_flag_with_message(page, booking_item, message)
    session_item = page.locator(".agenda-session", has_text="Morning yoga").filter(has=_flag(page, f"{who['name']}: {message}"))
    _expect_flag_with_message(page, session_item, message, aria=f"{who['name']}: {message}")
    assert no_horizontal_scroll(page)

    # Week view of the same week (a list by day on phones).
    page.get_by_role("radio", name="Week").click()
    expect(page.locator(".agenda-week:visible")).to_be_visible()  # the grid, or the list on phones
    _expect_flag_with_message(page, page.locator(f'.agenda-day[data-day="{who["day"]}"] .agenda-booking', has_text=who["name"]),
                              message)
    assert no_horizontal_scroll(page)

    # The order page, and its link back to the profile.
    page.locator(".agenda-booking", has_text=who["name"]).get_by_role("link").click()
    page.wait_for_url(f"**/dashboard/orders/{who['reference']}")
    _expect_flag_with_message(page, page.locator("main"), message)
    expect(page.locator(".customer-profile-link")).to_have_attribute("href", f"/dashboard/customers/{who['id']}")

    # Staff search-as-you-type when adding a class participant.
    page.goto(f"/dashboard/schedule/{who['session_id']}")
    page.locator("#member-search").fill(who["name"])
    option = page.locator(".member-option", has_text=who["name"]).locator("xpath=..")
    _expect_flag_with_message(page, option, message)

    # Reports → Customers: the table and the CSV.
    page.goto("/dashboard/reports/customers")
    page.get_by_label("Search by name or email").fill(who["name"])
    expect(page.locator(".report-row")).to_have_count(1)  # the search has narrowed the table
    report_row = page.locator(".report-row", has_text=who["name"])
    expect(report_row).to_contain_text(message)
    _expect_flag_with_message(page, report_row, message)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert [(r["Name"], r["Alert message"], r["Bookings"]) for r in rows] == [(who["name"], message, "2")]
    assert no_horizontal_scroll(page)

    # Clear, with a confirmation first.
    page.goto(f"/dashboard/customers/{who['id']}")
    page.get_by_role("button", name="Clear alert").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Clear the alert message?")
    dialog.get_by_role("button", name="Clear alert").click()
    expect(page.get_by_role("status").filter(has_text="Alert message cleared.")).to_be_visible()
    expect(page.locator(".customer-flag")).to_have_count(0)
    page.goto("/dashboard/customers")
    expect(page.locator(".customer-row").first).to_be_visible()  # loaded: typing now reaches the app
    page.get_by_label("Search by name or email").fill(who["name"])
    expect(page.locator(".customer-row")).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="Page 1 / 1")).to_have_text("Page 1 / 1 · 1 customer")
    expect(page.locator(".customer-row", has_text=who["name"]).locator(".customer-flag")).to_have_count(0)
    page.goto(f"/dashboard/agenda?view=day&day={who['day']}")
    expect(page.locator(".agenda-booking:visible", has_text=who["name"])).to_be_visible()
    expect(page.locator(".agenda-booking", has_text=who["name"]).locator(".customer-flag")).to_have_count(0)


@pytest.fixture
def accounts_off(app):
    with unit_of_work() as s:
        _org(s).customer_accounts = "none"
    yield
    with unit_of_work() as s:
        _org(s).customer_accounts = "verify_email"


def test_without_customer_accounts_the_field_is_disabled_and_links_to_the_setting(app, page: Page, accounts_off):
    who = _arrange()
    sign_in(page, next_path=f"/dashboard/customers/{who['id']}")
    expect(page.get_by_label("Alert message")).to_be_disabled()
    expect(page.get_by_role("button", name="Save alert")).to_be_disabled()
    gate = page.locator(".flag-gate")
    expect(gate).to_contain_text("Flagging is off")
    assert no_horizontal_scroll(page)

    gate.get_by_role("link", name="Settings → Customer accounts").click()
    page.wait_for_url("**/dashboard/settings#customer-accounts")
    card = page.locator("#customer-accounts")
    expect(card.get_by_role("radio", name="Verified email: customers confirm their address with a sign-in link")).not_to_be_checked()
    card.get_by_text("Verified email: customers confirm their address with a sign-in link").click()
    expect(card.get_by_role("status")).to_have_text("Saved.")

    page.goto(f"/dashboard/customers/{who['id']}")
    expect(page.get_by_label("Alert message")).to_be_enabled()
    expect(page.locator(".flag-gate")).to_have_count(0)
    with Session(app.engine) as s:
        assert _org(s).customer_accounts == "verify_email"


# --- issue 21: verified email is really verified ----------------------------------------


@pytest.fixture
def confirmation_on(app):
    yield
    with unit_of_work() as s:
        _org(s).confirm_booking_emails = False


def _confirm_path(text: str) -> str:
    found = re.search(r"https?://[^/\s]+(/b/lindenhof/confirm/[A-Za-z0-9_-]+)", text)
    assert found, f"no confirmation link in: {text!r}"
    return found.group(1)


def test_a_booking_from_an_unconfirmed_address_waits_for_the_link_and_lapses_without_it(app, page: Page, confirmation_on):
    # The owner asks for confirmed addresses (Settings → Customer accounts).
    sign_in(page, next_path="/dashboard/settings")
    card = page.locator("#customer-accounts")
    option = card.get_by_role("checkbox", name=re.compile("^Hold online bookings from an address not yet confirmed"))
    expect(option).not_to_be_checked()
    option.click()
    expect(card.get_by_role("status")).to_have_text("Saved.")
    expect(option).to_be_checked()
    assert no_horizontal_scroll(page)

    # Someone books under an address nobody has confirmed yet.
    email = unique_email("nina")
    first, second = free_days(app, "consultation")[0].slots[:2]
    page.goto("/b/lindenhof/book/consultation")
    choose(page, first)
    page.get_by_label("Name", exact=True).fill("Nina Unconfirmed")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_role("button", name=re.compile(r"^Book this time")).click()
    page.wait_for_url(re.compile(r"/m/[A-Za-z0-9_-]+\?booked=1$"))
    expect(page.locator(".status")).to_have_text("Waiting for email confirmation")
    notice = page.locator(".awaiting-email")
    expect(notice).to_contain_text("Check your inbox: confirm your email address")
    expect(notice).to_contain_text("The business receives it only once you confirm.")
    expect(page.get_by_text("Your booking is confirmed.")).to_have_count(0)
    assert no_horizontal_scroll(page)

    [booking] = bookings_of(app, email)
    assert (booking.status, booking.held_status) == ("awaiting_email", "confirmed")
    assert emails(app, "new_booking_instant", booking.id) == []  # the business has not heard of it
    assert emails(app, "booking_confirmed", booking.id) == []
    [link_email] = emails(app, "confirm_booking_email", booking.id)
    assert link_email.to_email == email
    # The held time is offered to nobody else.
    assert first not in next(d for d in free_days(app, "consultation") if d.day == first.astimezone(BERLIN).date()).slots

    # The customer opens the link from their inbox and confirms.
    page.goto(_confirm_path(link_email.text))
    expect(page.get_by_role("heading", name="Confirm your booking")).to_be_visible()
    expect(page.get_by_text("Consultation")).to_be_visible()
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Confirm my booking").click()
    page.wait_for_url(re.compile(r"/m/[A-Za-z0-9_-]+\?booked=1$"))
    expect(page.locator(".status")).to_have_text("Confirmed")
    expect(page.get_by_role("status").filter(has_text="Your booking is confirmed.")).to_be_visible()
    expect(page.locator(".awaiting-email")).to_have_count(0)
    confirmed = booking_row(app, booking.id)
    assert confirmed.status == "confirmed"
    assert len(emails(app, "new_booking_instant", booking.id)) == 1
    assert len(emails(app, "booking_confirmed", booking.id)) == 1
    with Session(app.engine) as s:
        assert s.exec(select(Customer).where(Customer.email == email)).one().email_verified

    # Another address is never confirmed: when its time is up the sweeper lapses it, the time is
    # free again, and the link says so.
    held, _ = book(app, "consultation", email=unique_email("olga"), name="Olga Never", starts_at=second)
    assert held.status == "awaiting_email"
    with unit_of_work() as s:  # its deadline has passed (the rule's timing is a service test)
        s.get(Booking, held.id).respond_by = utcnow() - timedelta(minutes=1)
    app.sweep()
    assert booking_row(app, held.id).status == "expired"
    assert second in next(d for d in free_days(app, "consultation") if d.day == second.astimezone(BERLIN).date()).slots
    [other_link] = emails(app, "confirm_booking_email", held.id)
    page.goto(_confirm_path(other_link.text))
    expect(page.locator(".confirm-lapsed")).to_contain_text("This booking was not confirmed in time and has lapsed")
    expect(page.get_by_role("button", name="Confirm my booking")).to_have_count(0)
    assert no_horizontal_scroll(page)
    assert emails(app, "new_booking_instant", held.id) == []


# --- issue 21: flagged since, the flag's history, a booking's own alert ------------------


def test_flag_history_keeps_the_first_flagging_and_a_bookings_own_alert_is_left_alone(app, page: Page):
    who = _arrange()
    tag = who["name"][-6:]
    first, second, third = f"Owes 40 EUR ({tag})", f"Owes 20 EUR ({tag})", f"Paid up, be kind ({tag})"
    sign_in(page, next_path=f"/dashboard/customers/{who['id']}")
    expect(page.get_by_role("heading", name=who["name"])).to_be_visible()
    expect(page.locator(".flag-history")).to_contain_text("The flag was never changed.")
    page.get_by_label("Alert message").fill(first)
    page.get_by_role("button", name="Save alert").click()
    expect(page.get_by_role("status").filter(has_text="Customer flagged.")).to_be_visible()
    with Session(app.engine) as s:
        flagged_at = s.get(Customer, who["id"]).flagged_at
    assert flagged_at is not None
    since = page.locator(".customer-status").get_by_text(re.compile("^Flagged since"))
    since_text = since.inner_text()

    # Editing the message is no new flagging.
    page.get_by_label("Alert message").fill(second)
    page.get_by_role("button", name="Save alert").click()
    expect(page.locator(".flag-change")).to_have_count(2)
    expect(since).to_have_text(since_text)
    with Session(app.engine) as s:
        assert s.get(Customer, who["id"]).flagged_at == flagged_at
    newest, oldest = page.locator(".flag-change").all()
    expect(newest).to_contain_text("Customer's alert message changed")
    expect(newest).to_contain_text(f"Before: {first}")
    expect(newest).to_contain_text(f"After: {second}")
    expect(oldest).to_contain_text("Customer flagged with an alert message")
    expect(oldest).to_contain_text(f"After: {first}")
    with Session(app.engine) as s:
        staff_name = s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one().name
    expect(newest).to_contain_text(staff_name)
    assert no_horizontal_scroll(page)

    # The order page: this booking gets an alert of its own.
    page.goto(f"/dashboard/orders/{who['reference']}")
    editor = page.locator(".booking-alert")
    expect(editor.locator(".booking-alert-text")).to_have_text(second)
    expect(editor.locator(".booking-alert-source")).to_have_text("Follows the customer's flag.")
    editor.get_by_label("Alert for this booking").fill("Wheelchair: use the side door")
    editor.get_by_role("button", name="Save for this booking").click()
    expect(editor.get_by_role("status")).to_have_text("Alert for this booking saved.")
    expect(editor.locator(".booking-alert-source")).to_have_text("Its own: the customer's flag does not change it.")
    _expect_flag_with_message(page, page.locator("main"), f"{second} · Wheelchair: use the side door")
    assert no_horizontal_scroll(page)

    # A new customer flag reaches the class place, not the booking with its own alert.
    page.goto(f"/dashboard/customers/{who['id']}")
    page.get_by_label("Alert message").fill(third)
    page.get_by_role("button", name="Save alert").click()
    expect(page.get_by_role("status").filter(has_text="Customer flagged.")).to_contain_text("Upcoming bookings updated: 1")
    with Session(app.engine) as s:
        booking = s.exec(select(Booking).where(Booking.reference == who["reference"])).one()
        assert (booking.alert_message, booking.own_alert) == ("Wheelchair: use the side door", True)
    page.goto(f"/dashboard/orders/{who['reference']}")
    expect(editor.locator(".booking-alert-text")).to_have_text("Wheelchair: use the side door")

    # Back to the customer's flag.
    editor.get_by_role("button", name="Follow the customer's flag").click()
    expect(editor.get_by_role("status")).to_have_text("This booking follows the customer's flag again.")
    expect(editor.locator(".booking-alert-text")).to_have_text(third)
    expect(editor.locator(".booking-alert-source")).to_have_text("Follows the customer's flag.")
    expect(page.locator(".order-history")).to_contain_text("Alert for this booking follows the customer's flag again")
