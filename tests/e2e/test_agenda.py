"""The agenda (the dashboard calendar) in the browser: week and day views, moving between
weeks, back to today, times in the organization's timezone, bookings linking to their order."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date
from playwright.sync_api import Page, expect
from sqlmodel import select

from bookingapp.db import unit_of_work
from bookingapp.models import Booking, Customer, Organization, Service, utcnow
from bookingapp.services import manage_links
from bookingapp.services.booking_common import new_reference
from tests.e2e.conftest import no_horizontal_scroll, sign_in

BERLIN = ZoneInfo("Europe/Berlin")


def _booking_next_week() -> tuple[str, str, str]:
    """A confirmed portrait session on Wednesday next week at 14:15 Berlin time."""
    today = utcnow().astimezone(BERLIN).date()
    wednesday = today - timedelta(days=today.weekday()) + timedelta(days=9)
    name = f"Agenda {uuid.uuid4().hex[:6]}"
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        customer = Customer(organization_id=org.id, email=f"{name.split()[1]}@example.com", name=name)
        s.add(customer)
        s.flush()
        portrait = s.exec(select(Service).where(Service.slug == "portrait-session")).one()
        start = datetime.combine(wednesday, time(14, 15), BERLIN)
        booking = Booking(organization_id=org.id, reference=new_reference(), customer_id=customer.id, service_id=portrait.id,
                          starts_at=start, ends_at=start + timedelta(minutes=90), status="confirmed", currency="EUR")
        manage_links.issue(booking)
        s.add(booking)
        s.flush()
        return name, booking.reference, wednesday.isoformat()


def test_week_and_day_views_move_through_time_and_link_to_orders(app, page: Page):
    name, reference, wednesday = _booking_next_week()
    today = utcnow().astimezone(BERLIN).date()
    this_monday = today - timedelta(days=today.weekday())
    sign_in(page, next_path="/dashboard/agenda")
    expect(page.get_by_text("Central European", exact=False).first).to_be_visible()  # the timezone is named
    this_week = f"{format_date(this_monday, 'd MMM', locale='en')} – "
    expect(page.locator(".agenda-range")).to_contain_text(this_week)
    expect(page.locator(".agenda-booking", has_text=name)).to_have_count(0)

    page.get_by_role("button", name="Next week").click()
    item = page.locator(f'.agenda-day[data-day="{wednesday}"] .agenda-booking', has_text=name)
    expect(item).to_contain_text("14:15–15:45")  # Berlin time, as booked
    assert no_horizontal_scroll(page)

    page.locator(f'.agenda-day[data-day="{wednesday}"] .agenda-day-label').click()
    expect(page.locator(".agenda-day-view")).to_be_visible()
    expect(page.locator(".agenda-day")).to_have_count(1)
    expect(page.locator(".agenda-booking", has_text=name)).to_be_visible()
    page.get_by_role("button", name="Previous day").click()
    expect(page.locator(".agenda-booking", has_text=name)).to_have_count(0)
    page.get_by_role("button", name="Next day").click()
    page.locator(".agenda-booking", has_text=name).get_by_role("link").click()
    page.wait_for_url(f"**/dashboard/orders/{reference}")

    page.goto(f"/dashboard/agenda?view=week&day={wednesday}")
    expect(page.locator(".agenda-booking", has_text=name)).to_be_visible()
    page.get_by_role("button", name="Today").click()
    expect(page.locator(".agenda-range")).to_contain_text(this_week)
