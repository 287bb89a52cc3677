"""Customer flags in the browser (issue 9), at 1280 px and at 375 px: staff set an alert on
a profile and see the red flag with its message everywhere the customer appears, clear it
and see it gone; without customer accounts the field is disabled and explains why."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.models import Booking, ClassSession, Customer, Organization, Service, utcnow
from bookingapp.services import manage_links
from bookingapp.services.booking_common import new_reference
from tests.e2e.conftest import no_horizontal_scroll, sign_in

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
