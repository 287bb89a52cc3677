"""The agenda (the dashboard calendar) in the browser, at 1280 px and at 375 px: a time grid
of the week (a column per day) and of a day (a column per staff member) on desktops, a
list by day on phones; moving between weeks, back to today, a date picker and a staff
filter; times in the organization's timezone; blocks linking to their order; an empty
time offering "New booking here" and "Block time", and blocked time gone from the portal."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, time, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from playwright.sync_api import Page, expect
from sqlmodel import col, delete, select

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.domain.formatting import fmt_day_range
from bookingapp.models import Booking, Customer, Organization, Service, StaffUser, TimeOff, utcnow
from bookingapp.services import manage_links
from bookingapp.services.agenda import SHOWN
from bookingapp.services.booking_common import new_reference
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import day_button, free_days, show_month, time_choice

BERLIN = ZoneInfo("Europe/Berlin")
CONSULTATION = "/b/lindenhof/book/consultation"


def _phone(page: Page) -> bool:
    return page.viewport_size["width"] < 768


def _visible(page: Page, selector: str, **kw):
    """Both views are in the page and CSS shows one per width: the one on screen."""
    return page.locator(f"{selector}:visible", **kw)


def _sign_in_to(page: Page, path: str) -> None:
    sign_in(page, next_path=quote(path, safe="/"))
    page.wait_for_url(re.compile(re.escape(path.split("?")[0])))


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
    this_week = fmt_day_range(this_monday, this_monday + timedelta(days=6), "en")
    expect(page.locator(".agenda-range")).to_contain_text(this_week)
    expect(_visible(page, ".agenda-booking", has_text=name)).to_have_count(0)
    # Phones get the list, never the grid.
    expect(page.locator(".agenda-list-view" if _phone(page) else ".agenda-grid-view")).to_be_visible()
    expect(page.locator(".agenda-grid-view" if _phone(page) else ".agenda-list-view")).to_be_hidden()

    page.get_by_role("button", name="Next week").click()
    item = _visible(page, f'.agenda-day[data-day="{wednesday}"] .agenda-booking', has_text=name)
    expect(item).to_contain_text("14:15–15:45")  # Berlin time, as booked
    link = item.get_by_role("link")
    expect(link).to_have_attribute("aria-label", re.compile(rf"14:15–15:45, {name}, Portrait session, Confirmed"))
    assert no_horizontal_scroll(page)

    _visible(page, f'.agenda-day[data-day="{wednesday}"] .agenda-day-label').click()
    expect(page.locator(".agenda-range")).to_contain_text(format_date(datetime.fromisoformat(wednesday), "EEEE", locale="en"))
    if _phone(page):
        expect(_visible(page, ".agenda-day")).to_have_count(1)
    else:  # a column per staff member: the coach gives portraits
        expect(page.locator(".agenda-grid-view.agenda-day-view")).to_be_visible()
        expect(page.locator(".agenda-staff .agenda-staff-name")).to_have_text(["Chris Coach", "Dana Demo"])
        expect(page.locator(".agenda-staff", has_text="Chris Coach").locator(".agenda-booking", has_text=name)).to_be_visible()
    expect(_visible(page, ".agenda-booking", has_text=name)).to_be_visible()
    page.get_by_role("button", name="Previous day").click()
    expect(_visible(page, ".agenda-booking", has_text=name)).to_have_count(0)
    page.get_by_role("button", name="Next day").click()
    _visible(page, ".agenda-booking", has_text=name).get_by_role("link").click()
    page.wait_for_url(f"**/dashboard/orders/{reference}")

    # The date picker, the staff filter (kept in the address) and Today.
    page.goto("/dashboard/agenda?view=week")
    # The picker shows today's date once the page is live; a date typed before that is lost.
    expect(page.get_by_label("Go to date")).to_have_value(today.isoformat())
    page.get_by_label("Go to date").fill(wednesday)
    expect(_visible(page, ".agenda-booking", has_text=name)).to_be_visible()
    page.get_by_label("Team member").select_option(label="Dana Demo")
    expect(_visible(page, ".agenda-booking", has_text=name)).to_have_count(0)
    expect(page).to_have_url(re.compile(r"staff=\d+"))
    page.get_by_label("Team member").select_option(label="Chris Coach")
    expect(_visible(page, ".agenda-booking", has_text=name)).to_be_visible()
    page.get_by_role("button", name="Today").click()
    expect(page.locator(".agenda-range")).to_contain_text(this_week)


def _flagged_demo_booking() -> tuple[str, str, str, str]:
    """A coming demo booking of a flagged customer (Sam's tasting request): name, alert, reference, day."""
    with unit_of_work() as s:
        row = s.exec(select(Booking, Customer).join(Customer, col(Customer.id) == Booking.customer_id)
                     .where(col(Customer.alert_message).is_not(None), Customer.email == "sam@example.com",
                            col(Booking.session_id).is_(None), col(Booking.status).in_(SHOWN),
                            Booking.starts_at > utcnow())
                     .order_by(Booking.starts_at)).first()
        assert row is not None, "the demo's flagged customer has no coming booking"
        booking, customer = row
        return customer.name, customer.alert_message, booking.reference, booking.starts_at.astimezone(BERLIN)


def test_the_week_grid_shows_a_demo_booking_as_a_block_with_its_flag(app, page: Page):
    name, alert, reference, starts = _flagged_demo_booking()
    _sign_in_to(page, f"/dashboard/agenda?view=week&day={starts.date().isoformat()}")
    block = _visible(page, f'.agenda-day[data-day="{starts.date().isoformat()}"] .agenda-booking', has_text=name)
    expect(block).to_be_visible()
    expect(block).to_contain_text(starts.strftime("%H:%M"))
    link = block.get_by_role("link")
    expect(link).to_have_attribute("href", f"/dashboard/orders/{reference}")
    # One accessible name with the time, customer, service, status and flag.
    expect(link).to_have_attribute("aria-label", re.compile(
        rf"{starts:%H:%M}–\d\d:\d\d, {name}, Wine tasting, [^,]+, Dana Demo, Flagged: {re.escape(alert)}$"))
    flag = block.get_by_role("button", name=f"Flagged: {alert}")
    expect(flag).to_be_visible()
    flag.click()
    expect(page.locator(".customer-flag-message").filter(has_text=alert)).to_be_visible()
    page.keyboard.press("Escape")
    if _phone(page):
        assert no_horizontal_scroll(page)
        return
    # On the grid, the block starts at its hour's line and names its staff member (several are shown).
    hour = page.locator(".agenda-hour", has_text=f"{starts:%H}:00")
    block_top = block.bounding_box()["y"]
    hour_middle = hour.bounding_box()["y"] + hour.bounding_box()["height"] / 2
    assert abs(block_top - hour_middle - starts.minute / 60 * 64) < 4, (block_top, hour_middle)
    expect(block.locator(".agenda-block-staff")).to_have_text("Dana Demo")


@pytest.fixture
def time_off_removed(app):
    """The app is shared by every browser test: time off added here goes again afterwards."""
    with unit_of_work() as s:
        before = set(s.exec(select(TimeOff.id)).all())
    yield
    with unit_of_work() as s:
        s.exec(delete(TimeOff).where(col(TimeOff.id).not_in(before or {0})))


def _portal_offers(page: Page, when: datetime) -> bool:
    page.goto(CONSULTATION)
    show_month(page, when.date())
    button = day_button(page, when.date())
    if not button.is_enabled():
        return False
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".time-choice").first).to_be_visible()
    return time_choice(page, f"{when:%H:%M}").count() == 1


def test_an_empty_time_offers_a_new_booking_or_blocking_it_and_blocked_time_leaves_the_portal(app, page: Page,
                                                                                           time_off_removed):
    day = free_days(app, "consultation")[0]
    when = day.slots[len(day.slots) // 2].astimezone(BERLIN)
    iso, clock = when.date().isoformat(), f"{when:%H:%M}"
    with unit_of_work() as s:
        owner_id = s.exec(select(StaffUser.id).where(StaffUser.email == "demo@example.com")).one()
    reason = f"Dentist {uuid.uuid4().hex[:4]}"
    assert _portal_offers(page, when), "the portal should offer the free time first"

    _sign_in_to(page, f"/dashboard/agenda?view=day&day={iso}")
    expect(page.locator(".agenda-range")).to_contain_text(format_date(when.date(), "EEEE", locale="en"))
    dialog = page.get_by_role("dialog")
    if _phone(page):
        # No grid on a phone: the button above the calendar, which keyboards use too.
        page.get_by_role("button", name="Block time").click()
        expect(dialog.get_by_role("heading", name="Block time")).to_be_visible()
        dialog.get_by_label("Team member").select_option(str(owner_id))
        dialog.get_by_label("From").fill(f"{iso}T{clock}")
        dialog.get_by_label("Until").fill((when + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    else:
        page.locator(f'.agenda-staff[data-staff="{owner_id}"] .agenda-cell[data-time="{clock}"]').click()
        expect(dialog).to_contain_text(f"{format_date(when.date(), 'EEEE, d MMMM y', locale='en')}, {clock}")
        expect(dialog.get_by_label("Team member")).to_have_value(str(owner_id))
        expect(dialog.get_by_role("link", name="New booking here")).to_have_attribute(
            "href", routes.new_booking(staff=owner_id, at=f"{iso}T{clock}"))
        dialog.get_by_role("button", name="Block time").click()
        expect(dialog.get_by_label("From")).to_have_value(f"{iso}T{clock}")
        expect(dialog.get_by_label("Until")).to_have_value((when + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    expect(dialog).to_contain_text("Central European Time")

    # Bad input first: an end before the start saves nothing.
    dialog.get_by_label("Until").fill(f"{iso}T00:00")
    dialog.get_by_role("button", name="Block time").click()
    expect(dialog.get_by_role("alert")).to_have_text("The end must be after the start.")
    with unit_of_work() as s:
        assert s.exec(select(TimeOff).where(TimeOff.reason == reason)).first() is None

    dialog.get_by_label("Until").fill((when + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    dialog.get_by_label("Reason (optional)").fill(reason)
    dialog.get_by_role("button", name="Block time").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text="Time off saved.")).to_be_visible()
    blocked = _visible(page, ".agenda-time-off", has_text=reason)
    expect(blocked).to_contain_text(f"{clock}–{when + timedelta(hours=1):%H:%M}")
    if not _phone(page):
        expect(page.locator(f'.agenda-staff[data-staff="{owner_id}"] .agenda-time-off', has_text=reason)).to_be_visible()
    else:
        assert no_horizontal_scroll(page)
    with unit_of_work() as s:
        row = s.exec(select(TimeOff).where(TimeOff.reason == reason)).one()
        assert (row.staff_user_id, row.starts_at, row.ends_at) == (owner_id, when, when + timedelta(hours=1))

    # At once, the portal no longer offers that time.
    assert not _portal_offers(page, when)


def test_a_crowded_hour_in_the_week_shows_one_block_and_a_count_that_opens_the_day(app, desktop: Page):
    """Three people's bookings at once leave a week's narrow day column with one block and
    "+2"; the count opens that day with a column per staff member, where all three fit."""
    today = utcnow().astimezone(BERLIN).date()
    day = today - timedelta(days=today.weekday()) + timedelta(days=7 * 8 + 2)  # a Wednesday, two months out
    tag = uuid.uuid4().hex[:6]
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        consultation = s.exec(select(Service).where(Service.slug == "consultation")).one()
        staff = s.exec(select(StaffUser.id).where(StaffUser.organization_id == org.id).order_by(StaffUser.id)).all()
        start = datetime.combine(day, time(11), BERLIN)
        for n, who in enumerate([staff[0], staff[1], staff[0]]):
            customer = Customer(organization_id=org.id, email=f"crowd{n}-{tag}@example.com", name=f"Crowd{n} {tag}")
            s.add(customer)
            s.flush()
            s.add(Booking(organization_id=org.id, reference=new_reference(), customer_id=customer.id,
                          service_id=consultation.id, staff_user_id=who, starts_at=start, ends_at=start + timedelta(hours=1),
                          status="confirmed", currency="EUR"))
    _sign_in_to(desktop, f"/dashboard/agenda?view=week&day={day.isoformat()}")
    column = desktop.locator(f'.agenda-grid-view .agenda-day[data-day="{day.isoformat()}"]')
    expect(column.locator(".agenda-booking", has_text=tag)).to_have_count(1)
    more = column.get_by_role("button", name=re.compile(r"^.*, 2 more from 11:00 to 12:00: show them$"))
    expect(more).to_contain_text("+2")
    more.click()
    expect(desktop.locator(".agenda-range")).to_contain_text(format_date(day, "EEEE, d MMMM y", locale="en"))
    expect(desktop.locator(".agenda-grid-view .agenda-booking", has_text=tag)).to_have_count(3)
    expect(desktop.locator(".agenda-more")).to_have_count(0)
