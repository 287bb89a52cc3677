"""Attendance in the browser (issue 24), at 1280 and 375 px: staff mark a class place from
the session's participant list and an appointment from the agenda (the phone's list) or its
order page, in one tap each; tapping the pressed button clears the mark; the no-show count
shows on the profile and in the customers report; the owner's switch returns a no-show's
credits."""

from __future__ import annotations

import uuid
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.models import (
    Booking,
    ClassSession,
    CreditLedger,
    Customer,
    Organization,
    Service,
    StaffUser,
    utcnow,
)
from bookingapp.services import class_bookings, credits, manage_links
from bookingapp.services.customer_accounts import customer_actor
from tests.e2e.conftest import no_horizontal_scroll, sign_in


def _org(s: Session) -> Organization:
    return s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()


def _demo_staff_id(s: Session, org: Organization) -> int:
    """The demo owner: this file's bookings go in a known calendar, never the agenda's
    "Not assigned" column, which other files' day views do not expect."""
    return s.exec(select(StaffUser.id).where(StaffUser.organization_id == org.id, StaffUser.email == "demo@example.com")).one()


def _customer(s: Session, org: Organization, name: str, amount: int) -> Customer:
    row = Customer(organization_id=org.id, email=f"{name.split()[0].lower()}-{uuid.uuid4().hex[:8]}@example.com", name=name,
                   email_verified=True)
    s.add(row)
    s.flush()
    if amount:
        s.add(CreditLedger(organization_id=org.id, customer_id=row.id, delta=amount, kind="grant", reason="Test credits"))
        s.flush()
    return row


def _class_place(app, name: str) -> tuple[int, int, int]:
    """A class that started an hour ago (2 credits a place) with `name` booked: (session, booking, customer)."""
    title = f"Spin {uuid.uuid4().hex[:6]}"
    with unit_of_work() as s:
        org = _org(s)
        service = Service(organization_id=org.id, kind="class", name=title, slug=title.lower().replace(" ", "-"),
                          duration_minutes=60, credit_cost=2, location="Studio 2")
        s.add(service)
        s.flush()
        start = (utcnow() - timedelta(hours=1)).replace(second=0, microsecond=0)
        row = ClassSession(organization_id=org.id, service_id=service.id, starts_at=start, ends_at=start + timedelta(hours=1),
                           capacity=5, location="Studio 2", credit_cost=2, free_cancellation_minutes=0,
                           staff_user_id=_demo_staff_id(s, org))
        s.add(row)
        s.flush()
        customer = _customer(s, org, name, 2)
        booking = class_bookings.book_seat(s, class_session_id=row.id, customer=customer, actor=customer_actor(customer),
                                           now=start - timedelta(days=1))
        return row.id, booking.id, customer.id


def _appointment(app, name: str) -> tuple[str, int, int]:
    """A confirmed consultation that began two hours ago (or at midnight): (reference, booking, customer)."""
    with unit_of_work() as s:
        org = _org(s)
        service = s.exec(select(Service).where(Service.organization_id == org.id, Service.kind == "appointment")).first()
        customer = _customer(s, org, name, 0)
        start = max((utcnow() - timedelta(hours=2)).replace(second=0, microsecond=0),
                    utcnow().replace(hour=0, minute=5, second=0, microsecond=0))
        row = Booking(organization_id=org.id, reference=f"AT{uuid.uuid4().hex[:8].upper()}", customer_id=customer.id,
                      service_id=service.id, staff_user_id=service.staff_user_id or _demo_staff_id(s, org), starts_at=start,
                      ends_at=start + timedelta(minutes=30), status="confirmed", price_minor=0, currency="EUR")
        manage_links.issue(row)
        s.add(row)
        s.flush()
        return row.reference, row.id, customer.id


def _attendance(app, booking_id: int) -> str | None:
    with Session(app.engine) as s:
        return s.get(Booking, booking_id).attendance


def _balance(app, customer_id: int) -> int:
    with Session(app.engine) as s:
        return credits.balance(s, customer_id)


def test_staff_mark_class_places_in_one_tap_and_the_no_show_is_counted(app, page: Page):
    name = f"Nora {uuid.uuid4().hex[:4]}"
    session_id, booking_id, customer_id = _class_place(app, name)
    sign_in(page)
    page.goto(f"/dashboard/schedule/{session_id}")
    row = page.locator(".participant", has_text=name)
    no_show, attended = row.locator(".mark-no-show"), row.locator(".mark-attended")
    expect(no_show).to_have_attribute("aria-pressed", "false")
    no_show.click()
    expect(page.get_by_role("status").filter(has_text="Marked as no-show.")).to_be_visible()
    expect(no_show).to_have_attribute("aria-pressed", "true")
    assert _attendance(app, booking_id) == "no_show"
    assert _balance(app, customer_id) == 0  # the default: a no-show keeps the credits
    assert no_horizontal_scroll(page)
    page.screenshot(path=f"/tmp/attendance-participants-{page.viewport_size['width']}.png", full_page=True)

    page.goto(routes.customer(customer_id))
    expect(page.locator(".no-show-count")).to_have_text("1")
    page.goto(routes.REPORTS_CUSTOMERS)
    page.get_by_label("Search by name or email").fill(name)
    expect(page.locator(".report-row", has_text=name).locator(".no-shows")).to_have_text("1")

    page.goto(f"/dashboard/schedule/{session_id}")
    attended.click()  # the other button replaces the mark
    expect(attended).to_have_attribute("aria-pressed", "true")
    expect(no_show).to_have_attribute("aria-pressed", "false")
    assert _attendance(app, booking_id) == "attended"
    attended.click()  # the pressed one again: cleared
    expect(page.get_by_role("status").filter(has_text="Attendance mark cleared.")).to_be_visible()
    expect(attended).to_have_attribute("aria-pressed", "false")
    assert _attendance(app, booking_id) is None


def test_an_appointment_is_marked_from_the_agenda_on_a_phone_and_from_its_order_page(app, phone: Page, desktop: Page):
    name = f"Otto {uuid.uuid4().hex[:4]}"
    reference, booking_id, _ = _appointment(app, name)
    sign_in(phone)
    phone.goto(routes.AGENDA + "?view=day")
    line = phone.locator(".agenda-line", has_text=name)
    line.locator(".mark-attended").click()
    expect(phone.get_by_role("status").filter(has_text="Marked as attended.")).to_be_visible()
    expect(line.locator(".mark-attended")).to_have_attribute("aria-pressed", "true")
    assert _attendance(app, booking_id) == "attended"
    assert no_horizontal_scroll(phone)
    phone.screenshot(path="/tmp/attendance-agenda-375.png", full_page=True)

    sign_in(desktop)
    desktop.goto(routes.order(reference))
    card = desktop.locator(".order-attendance")
    expect(card.locator(".mark-attended")).to_have_attribute("aria-pressed", "true")
    card.locator(".mark-no-show").click()
    expect(card.locator(".mark-no-show")).to_have_attribute("aria-pressed", "true")
    assert _attendance(app, booking_id) == "no_show"


def test_where_the_owner_switches_it_off_a_no_show_gets_its_credits_back(app, desktop: Page):
    name = f"Pia {uuid.uuid4().hex[:4]}"
    session_id, booking_id, customer_id = _class_place(app, name)
    sign_in(desktop)
    desktop.goto(routes.SETTINGS)
    switch = desktop.get_by_role("switch", name="A no-show keeps the credits of the class")
    expect(switch).to_be_checked()
    try:
        switch.click()
        expect(switch).not_to_be_checked()
        desktop.goto(f"/dashboard/schedule/{session_id}")
        no_show = desktop.locator(".participant", has_text=name).locator(".mark-no-show")
        no_show.click()
        expect(desktop.get_by_role("status").filter(has_text="2 credits went back to the customer.")).to_be_visible()
        expect(no_show).to_have_attribute("aria-pressed", "true")
        assert _balance(app, customer_id) == 2
        no_show.click()  # the pressed button again: cleared, the credits taken again
        expect(desktop.get_by_role("status").filter(has_text="2 credits were taken back.")).to_be_visible()
        assert _balance(app, customer_id) == 0
    finally:
        with unit_of_work() as s:
            _org(s).no_show_keeps_credits = True
