"""Dashboard → Availability at 1280 and 375 px: the demo owner gives Monday a lunch break,
closes one date, and takes time off over one of her bookings, which the page then lists
with a way to rebook it. Bad input shows its message and saves nothing.

Only the settings are checked here (what is saved, what is shown), not the times the
portal offers afterwards: that is the slot engine's test."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import col, delete, select

from bookingapp.db import unit_of_work
from bookingapp.domain.booking_states import ACTIVE
from bookingapp.domain.hours import Interval, merged
from bookingapp.models import (
    AvailabilityRule,
    Booking,
    DateOverride,
    Organization,
    StaffUser,
    TimeOff,
    utcnow,
)
from bookingapp.services.demo import DEMO_SLUG
from tests.e2e.conftest import no_horizontal_scroll, sign_in

BERLIN = ZoneInfo("Europe/Berlin")
PATH = "/dashboard/availability"


@pytest.fixture(autouse=True)
def _demo_hours_restored(app):
    """The app (and its demo data) is shared by every browser test: the demo's hours, dates
    and time off go back to what they were, so later tests find the times they expect."""
    tables = (AvailabilityRule, DateOverride, TimeOff)
    with unit_of_work() as s:
        org_id = s.exec(select(Organization.id).where(Organization.slug == DEMO_SLUG)).one()
        saved = {t: [row.model_dump() for row in s.exec(select(t).where(t.organization_id == org_id))] for t in tables}
    yield
    with unit_of_work() as s:
        for table in tables:
            s.exec(delete(table).where(table.organization_id == org_id))
        s.flush()
        for table in tables:
            s.add_all([table(**values) for values in saved[table]])
    with unit_of_work() as s:
        for table in tables:
            assert len(s.exec(select(table.id).where(table.organization_id == org_id)).all()) == len(saved[table])


def _owner_id() -> int:
    with unit_of_work() as s:
        return s.exec(select(StaffUser.id).where(StaffUser.email == "demo@example.com")).one()


def _mondays_hours(owner_id: int) -> list[tuple[time, time]]:
    with unit_of_work() as s:
        rows = s.exec(select(AvailabilityRule).where(AvailabilityRule.staff_user_id == owner_id, AvailabilityRule.weekday == 0))
        return sorted((r.start_time, r.end_time) for r in rows)


def _a_coming_booking_of(owner_id: int) -> tuple[str, date]:
    """One of the demo owner's active bookings at least two days out: its reference and local day."""
    with unit_of_work() as s:
        booking = s.exec(select(Booking).where(Booking.staff_user_id == owner_id,
                                               col(Booking.status).in_([str(x) for x in ACTIVE]),
                                               Booking.starts_at > utcnow() + timedelta(days=2))
                         .order_by(Booking.starts_at)).first()
        return booking.reference, booking.starts_at.astimezone(BERLIN).date()


def _phone(page: Page) -> bool:
    return page.viewport_size["width"] < 768


def test_the_owner_sets_a_lunch_break_a_closed_date_and_time_off_over_a_booking(page: Page):
    owner_id = _owner_id()
    sign_in(page)
    page.goto(PATH)
    expect(page.get_by_role("heading", name="Availability", level=1)).to_be_visible()
    expect(page.get_by_label("Team member")).to_have_value(str(owner_id))
    expect(page.get_by_text("Central European Time (Europe/Berlin)").first).to_be_visible()

    # --- Monday with a lunch break: 09:00–12:30 and 13:30–17:00 ----------------------------
    monday = page.get_by_role("group", name="Monday")
    expect(monday.get_by_role("button", name="Save Monday")).to_be_visible()
    for left in range(monday.locator(".interval").count(), 0, -1):  # start from a closed Monday
        monday.get_by_role("button", name=f"Remove interval {left} of Monday").click()
        expect(monday.locator(".interval")).to_have_count(left - 1)
    expect(monday.get_by_text("Closed", exact=True)).to_be_visible()
    monday.get_by_role("button", name="Add an interval to Monday").click()
    monday.get_by_label("Monday, interval 1: from").fill("09:00")
    monday.get_by_label("Monday, interval 1: until").fill("12:30")
    monday.get_by_role("button", name="Add an interval to Monday").click()
    monday.get_by_label("Monday, interval 2: from").fill("12:00")  # overlaps the morning
    monday.get_by_label("Monday, interval 2: until").fill("17:00")
    before = _mondays_hours(owner_id)
    monday.get_by_role("button", name="Save Monday").click()
    expect(monday.get_by_role("alert")).to_contain_text("09:00–12:30 and 12:00–17:00 overlap")
    assert _mondays_hours(owner_id) == before, "refused hours were saved"

    monday.get_by_label("Monday, interval 2: from").fill("13:30")
    monday.get_by_role("button", name="Save Monday").click()
    expect(monday.get_by_role("status")).to_have_text("Saved.")
    expect(monday.get_by_role("alert")).to_have_count(0)
    assert _mondays_hours(owner_id) == [(time(9), time(12, 30)), (time(13, 30), time(17))]

    # --- a closed date ---------------------------------------------------------------------------
    today = utcnow().astimezone(BERLIN).date()
    overrides = page.locator("#date-overrides")
    overrides.get_by_label("Date", exact=True).fill((today - timedelta(days=1)).isoformat())
    overrides.get_by_role("button", name="Save date").click()
    expect(overrides.get_by_role("alert")).to_contain_text("Choose today or a later date")
    closed_day = today + timedelta(days=10)
    overrides.get_by_label("Date", exact=True).fill(closed_day.isoformat())
    expect(overrides.get_by_text("Closed all day", exact=True)).to_be_visible()
    overrides.get_by_role("button", name="Save date").click()
    expect(overrides.get_by_role("status")).to_contain_text("is closed")
    expect(overrides.locator(".date-override").first).to_contain_text("Closed")
    with unit_of_work() as s:
        row = s.exec(select(DateOverride).where(DateOverride.staff_user_id == owner_id, DateOverride.day == closed_day)).one()
        assert row.start_time is None

    # --- time off over one of her bookings ---------------------------------------------------
    reference, day = _a_coming_booking_of(owner_id)
    time_off = page.locator("#time-off")
    expect(time_off).to_contain_text("Central European Time (Europe/Berlin)")
    time_off.get_by_label("Starts", exact=True).fill(f"{day.isoformat()}T00:00")
    time_off.get_by_label("Ends", exact=True).fill(f"{(day - timedelta(days=1)).isoformat()}T00:00")  # before it starts
    count_before = _time_off_count()
    time_off.get_by_role("button", name="Add time off").click()
    expect(page.locator("#ends_at-error")).to_have_text("The end must be after the start.")
    assert _time_off_count() == count_before

    time_off.get_by_label("Ends", exact=True).fill(f"{(day + timedelta(days=1)).isoformat()}T00:00")
    time_off.get_by_label("Reason (optional)").fill("Family visit")
    time_off.get_by_role("button", name="Add time off").click()
    result = page.locator("#time-off-result")
    expect(result).to_contain_text("Time off saved.")
    expect(result).to_contain_text("stay")
    conflict = result.locator(".conflict").filter(has_text=reference)
    expect(conflict).to_be_visible()
    expect(conflict.get_by_role("link", name=f"Rebook {reference}")).to_have_attribute("href", f"/dashboard/orders/{reference}")
    assert _time_off_count() == count_before + 1
    expect(time_off.locator(".time-off").filter(has_text="Family visit").first).to_be_visible()
    if _phone(page):
        assert no_horizontal_scroll(page), "the availability page scrolls sideways at 375 px"

    # Rebooking happens on the order's page, where the rebooking action already lives.
    conflict.get_by_role("link", name=f"Rebook {reference}").click()
    page.wait_for_url(f"**/dashboard/orders/{reference}")
    expect(page.get_by_text(reference).first).to_be_visible()


def _time_off_count() -> int:
    with unit_of_work() as s:
        return len(s.exec(select(TimeOff.id)).all())


def test_a_staff_member_sees_and_edits_only_their_own_hours(page: Page):
    sign_in(page, email="coach@example.com", password="demo-password-coach")
    page.goto(PATH)
    expect(page.get_by_text("Your hours")).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Chris Coach").first).to_be_visible()
    expect(page.get_by_label("Team member")).to_have_count(0)
    expect(page.get_by_label("The whole business (everyone)")).to_have_count(0)
    expect(page.get_by_role("group", name="Sunday").get_by_role("button", name="Save Sunday")).to_be_visible()
    if _phone(page):
        assert no_horizontal_scroll(page)


def test_the_owner_picks_another_team_member(page: Page):
    sign_in(page)
    page.goto(PATH)
    expect(page.get_by_role("button", name="Save Monday")).to_be_visible()
    page.get_by_label("Team member").select_option(label="Chris Coach")
    expect(page.get_by_label("Only Chris Coach")).to_be_visible()
    with unit_of_work() as s:  # whatever the demo gives Chris: the page shows the same
        coach = s.exec(select(StaffUser).where(StaffUser.email == "coach@example.com")).one()
        rows = s.exec(select(AvailabilityRule).where(AvailabilityRule.staff_user_id == coach.id))
        shown = merged(Interval(r.start_time, r.end_time) for r in rows if r.weekday == 1)
    tuesday = page.get_by_role("group", name="Tuesday")
    expect(tuesday.locator(".interval")).to_have_count(len(shown))
    for number, interval in enumerate(shown, start=1):
        expect(tuesday.get_by_label(f"Tuesday, interval {number}: from")).to_have_value(f"{interval.start:%H:%M}")
        expect(tuesday.get_by_label(f"Tuesday, interval {number}: until")).to_have_value(f"{interval.end:%H:%M}")
