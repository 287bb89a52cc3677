"""Staff find orders (search, status, service, dates, pages) and read one order in full."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from playwright.sync_api import Page, expect
from sqlmodel import select

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import Booking, Customer, OutboxEmail, Service, StaffUser
from bookingapp.services import manage_booking, manage_links
from bookingapp.services.accounts import actor_for
from bookingapp.services.booking_common import customer_for, new_reference
from bookingapp.services.demo import DEMO_EMAIL
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import BERLIN, book, organization, unique_email

FAR = datetime.now(BERLIN).date() + timedelta(days=400)  # a quiet stretch of the calendar, clear of other tests


def _arrange(app, email: str, name: str, plan: list[tuple[str, str, datetime]]) -> list[str]:
    """Bookings of one customer: (service slug, status, local start) each; returns their order numbers."""
    references = []
    with unit_of_work() as s:
        org = organization(app)
        customer = customer_for(s, org, email=email, name=name, phone="")
        for slug, status, local_start in plan:
            svc = s.exec(select(Service).where(Service.slug == slug, Service.organization_id == org.id)).one()
            start = local_start.astimezone(BERLIN)
            booking = Booking(organization_id=org.id, reference=new_reference(), customer_id=customer.id, service_id=svc.id,
                              starts_at=start, ends_at=start + timedelta(minutes=svc.duration_minutes), status=status,
                              price_minor=svc.price_minor, currency=svc.currency)
            manage_links.issue(booking)
            s.add(booking)
            references.append(booking.reference)
    return references


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), BERLIN)


def _rows(page: Page):
    return page.locator("main").get_by_role("link").filter(has=page.locator(".status"))


def test_search_and_page_through_a_customers_orders(app, page: Page):
    email = unique_email("paging")
    made = _arrange(app, email, "Paging Pat", [("consultation", "confirmed", _at(FAR, 8) + timedelta(hours=i)) for i in range(53)])
    sign_in(page)
    page.goto(routes.ORDERS)
    page.get_by_role("combobox", name="Show").click()
    page.get_by_role("option", name="All", exact=True).click()
    page.get_by_label("Search orders").fill(email)

    expect(page.locator(".orders-range")).to_have_text("Orders 1–50 of 53")
    expect(_rows(page)).to_have_count(50)
    assert no_horizontal_scroll(page)
    # "All" is latest first: the first page ends at the fourth booking made.
    expect(_rows(page).first).to_contain_text(made[-1])
    expect(_rows(page).last).to_contain_text(made[3])
    expect(page.get_by_role("button", name="Previous page")).to_be_disabled()

    page.get_by_role("button", name="Next page").click()
    expect(page.locator(".orders-range")).to_have_text("Orders 51–53 of 53")
    expect(_rows(page)).to_have_count(3)
    expect(_rows(page).last).to_contain_text(made[0])
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()
    page.wait_for_url(re.compile(r"after=.*page=2"))

    page.reload()  # the address keeps the search and the page
    expect(page.locator(".orders-range")).to_have_text("Orders 51–53 of 53")
    expect(page.get_by_label("Search orders")).to_have_value(email)

    page.get_by_role("button", name="Previous page").click()
    expect(page.locator(".orders-range")).to_have_text("Orders 1–50 of 53")
    expect(_rows(page).first).to_contain_text(made[-1])


def test_filter_by_rebooking_requested_service_and_dates(app, page: Page):
    email = unique_email("filters")
    day_one, day_two = FAR + timedelta(days=20), FAR + timedelta(days=22)
    moving_consult, _, moving_portrait = _arrange(app, email, "Filter Fay", [
        ("consultation", "rebooking_requested", _at(day_one, 10)),
        ("consultation", "confirmed", _at(day_one, 11)),
        ("portrait-session", "rebooking_requested", _at(day_two, 10)),
    ])
    sign_in(page)
    page.goto(f"{routes.ORDERS}?show=all&q={email}")
    expect(_rows(page)).to_have_count(3)

    page.get_by_role("combobox", name="Show").click()
    page.get_by_role("option", name="Rebooking requested").click()
    expect(_rows(page)).to_have_count(2)
    expect(page.locator("main .status")).to_have_text(["Rebooking requested", "Rebooking requested"])

    page.get_by_role("combobox", name="Service").click()
    page.get_by_role("option", name="Consultation").click()
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page)).to_contain_text(moving_consult)

    page.get_by_role("combobox", name="Service").click()
    page.get_by_role("option", name="All services").click()
    expect(_rows(page)).to_have_count(2)
    page.get_by_label("From", exact=True).fill(day_two.isoformat())
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page)).to_contain_text(moving_portrait)
    page.get_by_label("To", exact=True).fill(day_one.isoformat())
    expect(page.get_by_role("alert")).to_have_text("The “to” date is before the “from” date.")
    expect(_rows(page)).to_have_count(0)
    page.get_by_label("From", exact=True).fill(day_one.isoformat())
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page)).to_contain_text(moving_consult)
    assert no_horizontal_scroll(page)

    page.reload()  # a filtered page can be shared: the address holds every filter
    expect(page.get_by_role("combobox", name="Show")).to_have_text("Rebooking requested")
    expect(page.get_by_label("From", exact=True)).to_have_value(day_one.isoformat())
    expect(_rows(page)).to_have_count(1)
    expect(_rows(page)).to_contain_text(moving_consult)


def test_an_order_shows_answers_payments_emails_and_history_newest_first(app, page: Page):
    email = unique_email("detail")
    arranged, token = book(app, "consultation", email=email, name="Detail Dora", paid=True)
    with unit_of_work() as s:
        booking = s.get(Booking, arranged.id)
        booking.answers = {"Occasion": "Birthday"}
        s.get(Customer, booking.customer_id).alert_message = "Pays only in cash"
        s.add(booking)
    with unit_of_work() as s:
        manage_booking.cancel(s, token=token, gateway=get_gateway())
    with unit_of_work() as s:
        staff = s.exec(select(StaffUser).where(StaffUser.email == DEMO_EMAIL)).one()
        manage_booking.refund_cancelled(s, actor=actor_for(staff), booking_id=arranged.id, quoted_refunded_minor=0,
                                        gateway=get_gateway())
    with unit_of_work() as s:
        sent = [(e.subject, e.to_email) for e in s.exec(select(OutboxEmail).where(OutboxEmail.booking_id == arranged.id)
                                               .order_by(OutboxEmail.created_at.desc(), OutboxEmail.id.desc()))]
    assert len(sent) >= 3 and email in {to for _, to in sent}  # booked, cancelled, refunded (and the provider's)

    sign_in(page)
    page.goto(routes.order(arranged.reference))
    expect(page.locator(".customer-alert")).to_have_text("Pays only in cash")
    expect(page.locator(".customer-flag")).to_be_visible()
    expect(page.locator(".order-answers")).to_contain_text("Birthday")
    operations = page.locator(".payment-operation")
    expect(operations).to_have_count(3)
    expect(operations.nth(1)).to_contain_text("Payment captured")
    expect(operations.nth(1)).to_contain_text("€45.00")
    expect(operations.nth(2)).to_contain_text("Refund to the customer")
    expect(operations.nth(2)).to_contain_text("(commission retained €10.71)")
    emails = page.locator(".sent-email")
    expect(emails).to_have_count(len(sent))
    for shown, (subject, to) in zip(emails.all(), sent, strict=True):  # newest first, as in the outbox
        expect(shown).to_contain_text(subject)
        expect(shown).to_contain_text(f"Sent to: {to}")
    history = page.locator(".order-history > *")
    expect(history.first).to_contain_text("Refunded")  # the newest entry comes first
    expect(history.nth(1)).to_contain_text("Cancelled by the customer")
    assert no_horizontal_scroll(page)
