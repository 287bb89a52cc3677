"""Customer reminders in the browser, at 1280 and 375 px: the customer turns the reminder
off (and on again) on the manage page and is told what that means; the owner changes the
lead time in Settings → Business (bad input explained by its field) and finds the email in
the template editor; the sweeper command sends a due reminder once, with the calendar file."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session

from bookingapp import routes
from bookingapp.domain.email_catalog import CATALOG
from bookingapp.models import Booking
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import book, book_soon, emails, unique_email
from tests.e2e.test_business_settings import PASSWORD, _new_business, _org

SWITCH = "Email me a reminder before this booking"
FIELD = "Reminder email (hours before the start)"


def _reminders_off(app, booking_id: int) -> bool:
    with Session(app.engine) as s:
        return s.get(Booking, booking_id).customer_reminders_off


def test_the_customer_turns_the_reminder_off_and_on_from_the_manage_page(app, page: Page):
    arranged, token = book(app, "consultation", email=unique_email("rhea"), name="Rhea Reminder")
    page.goto(routes.manage(token))
    switch = page.get_by_role("switch", name=SWITCH)
    expect(switch).to_be_checked()
    expect(page.locator(".reminder-section")).to_contain_text("It comes 24 hours before the start, with the calendar file.")
    assert no_horizontal_scroll(page)

    switch.click()
    expect(page.locator(".reminder-notice")).to_have_text("Reminder off: you get no reminder email for this booking.")
    expect(switch).not_to_be_checked()
    assert _reminders_off(app, arranged.id)

    page.reload()  # what the page shows after a reload is what was saved
    expect(page.get_by_role("switch", name=SWITCH)).not_to_be_checked()
    expect(page.get_by_text("Customer turned the reminder email off")).to_be_visible()  # in the history

    page.get_by_role("switch", name=SWITCH).click()
    expect(page.locator(".reminder-notice")).to_have_text("Reminder on: we email you 24 hours before the start.")
    assert not _reminders_off(app, arranged.id)
    assert no_horizontal_scroll(page)


def test_the_owner_changes_the_reminder_lead_time_in_business_settings(app, page: Page):
    email, slug, _ = _new_business()
    sign_in(page, email, PASSWORD)
    page.goto("/dashboard/settings/business")
    lead = page.get_by_label(FIELD)
    expect(lead).to_have_value("24")

    lead.fill("200")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#customer_reminder_hours-error")).to_have_text("Enter between 0 and 168 hours.")
    expect(lead).to_have_attribute("aria-invalid", "true")
    assert _org(app, slug).customer_reminder_minutes == 24 * 60
    assert no_horizontal_scroll(page)

    lead.fill("2")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Business settings saved.")).to_be_visible()
    assert _org(app, slug).customer_reminder_minutes == 2 * 60
    page.reload()
    expect(page.get_by_label(FIELD)).to_have_value("2")

    # The reminder is one of the emails the business can edit.
    page.goto(routes.NOTIFICATIONS)
    description = CATALOG["booking_reminder"].description
    page.get_by_role("button", name=description).click()
    expect(page.get_by_role("heading", name=description, level=2)).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value("Reminder: [SERVICE_NAME] on [BOOKING_DATE]")


def test_the_sweeper_sends_a_due_reminder_once_with_the_calendar_file(app):
    arranged, token = book_soon(app, email=unique_email("sam"), name="Sam Soon", hours=5)  # due: inside 24 hours
    app.sweep()
    app.sweep()

    [reminder] = emails(app, "booking_reminder", arranged.id)
    assert routes.manage(token) in reminder.text
    assert [a["filename"] for a in reminder.attachments] == [f"booking-{arranged.reference}.ics"]
