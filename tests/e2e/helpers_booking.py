"""Arranging appointment bookings for the browser tests, and reading what they left behind.

Every helper works on the running app's database (the `app` fixture points the test
process at it), so call them only from tests that use `app`. Each test books with its
own email address, so tests never depend on each other or on their order.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.formatting import fmt_day_long, fmt_month
from bookingapp.integrations.gateways import get_gateway
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    Booking,
    Customer,
    Organization,
    OutboxEmail,
    Payment,
    PaymentOperation,
    Service,
    utcnow,
)
from bookingapp.services import appointments, manage_links
from bookingapp.services.appointments import DayAvailability
from bookingapp.services.booking_common import customer_for, new_reference

BERLIN = ZoneInfo("Europe/Berlin")
VISA = "4242 4242 4242 4242"
DECLINED = "4000 0000 0000 0002"


def unique_email(what: str) -> str:
    return f"{what}-{uuid.uuid4().hex[:10]}@example.com"


def card(number: str = VISA) -> CardInput:
    return CardInput(number.replace(" ", ""), 12, 2030, "123")


def service(app, slug: str) -> Service:
    with Session(app.engine) as s:
        return s.exec(select(Service).where(Service.slug == slug)).one()


def organization(app) -> Organization:
    with Session(app.engine) as s:
        return s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()


def month_of(app, slug: str, year: int, month_number: int, *, ignore: int | None = None) -> list[DayAvailability]:
    with Session(app.engine) as s:
        svc = s.exec(select(Service).where(Service.slug == slug)).one()
        return appointments.month(s, service=svc, year=year, month_number=month_number, ignore=ignore)


def next_month() -> tuple[int, int]:
    today = utcnow().astimezone(BERLIN).date()
    return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)


def free_days(app, slug: str, *, ignore: int | None = None, after_days: int = 3) -> list[DayAvailability]:
    """Days with free times in next month and the one after, all safely past any cutoff."""
    earliest = utcnow().astimezone(BERLIN).date() + timedelta(days=after_days)
    year, month_number = next_month()
    following = (year + 1, 1) if month_number == 12 else (year, month_number + 1)
    days = month_of(app, slug, year, month_number, ignore=ignore) + month_of(app, slug, *following, ignore=ignore)
    return [d for d in days if d.day >= earliest and d.slots]


def book(app, slug: str, *, email: str, name: str, paid: bool = False, starts_at: datetime | None = None,
         day_index: int = 0) -> tuple[Booking, str]:
    """A booking made as the portal makes it (paid by card or not); returns it with its manage token."""
    if starts_at is None:
        day = free_days(app, slug)[day_index]
        starts_at = day.slots[len(day.slots) // 2]
    with unit_of_work() as s:
        svc = s.exec(select(Service).where(Service.slug == slug)).one()
        booking, token = appointments.book(s, service_id=svc.id, starts_at=starts_at, name=name, email=email,
                                           card=card() if paid else None, gateway=get_gateway() if paid else None)
    return booking, token


def book_soon(app, *, email: str, name: str, hours: int = 3) -> tuple[Booking, str]:
    """A confirmed consultation a few hours from now: well inside its 24 h cutoff."""
    with unit_of_work() as s:
        svc = s.exec(select(Service).where(Service.slug == "consultation")).one()
        org = s.get(Organization, svc.organization_id)
        customer = customer_for(s, org, email=email, name=name, phone="")
        start = (utcnow() + timedelta(hours=hours)).replace(second=0, microsecond=0)
        booking = Booking(organization_id=org.id, reference=new_reference(), customer_id=customer.id, service_id=svc.id,
                          staff_user_id=svc.staff_user_id, starts_at=start, ends_at=start + timedelta(minutes=svc.duration_minutes),
                          status="confirmed", location=svc.location, price_minor=svc.price_minor, currency=svc.currency)
        token = manage_links.issue(booking)
        s.add(booking)
    return booking, token


def booking(app, booking_id: int) -> Booking:
    with Session(app.engine) as s:
        return s.get(Booking, booking_id)


def bookings_of(app, email: str) -> list[Booking]:
    with Session(app.engine) as s:
        return list(s.exec(select(Booking).join(Customer, Customer.id == Booking.customer_id).where(Customer.email == email)))


def payments_of(app, booking_id: int) -> list[Payment]:
    with Session(app.engine) as s:
        return list(s.exec(select(Payment).where(Payment.booking_id == booking_id)))


def refund_operations(app, payment_id: int) -> list[PaymentOperation]:
    with Session(app.engine) as s:
        return list(s.exec(select(PaymentOperation).where(PaymentOperation.payment_id == payment_id,
                                                           PaymentOperation.kind == "refund")))


def emails(app, key: str, booking_id: int) -> list[OutboxEmail]:
    with Session(app.engine) as s:
        return list(s.exec(select(OutboxEmail).where(OutboxEmail.template_key == key, OutboxEmail.booking_id == booking_id)
                           .order_by(OutboxEmail.id)))


def manage_token_in(text: str) -> str:
    """The token of the manage link in an email's text."""
    found = re.findall(r"/m/([A-Za-z0-9_-]+)", text)
    assert found, f"no manage link in: {text!r}"
    return found[-1]


# --- the slot calendar ----------------------------------------------------------------


def month_title(day: date) -> str:
    return fmt_month(day, "en")


def day_button(page: Page, day: date):
    """The calendar's button for a day, found by its spoken label ("Tuesday, 1 December 2026: …")."""
    label = fmt_day_long(day, "en")
    return page.locator(".slot-calendar").get_by_role("button", name=re.compile(rf"^{label}: "))


def show_month(page: Page, day: date) -> None:
    """Page the calendar forward to the month of `day`."""
    # Until the page's on_load has run, the calendar may still show the last visit's month.
    expect(page.locator(".slot-calendar")).to_have_attribute("aria-busy", "false")
    heading = page.locator(".slot-calendar").get_by_role("heading", level=2)
    expect(heading).not_to_have_text("")
    for _ in range(13):
        if heading.inner_text().strip() == month_title(day):
            return
        current = heading.inner_text()
        page.get_by_role("button", name="Next month").click()
        expect(heading).not_to_have_text(current)
    raise AssertionError(f"the calendar never showed {month_title(day)}")


def choose(page: Page, when: datetime) -> None:
    """Pick the day of `when` in the calendar, then its time."""
    local = when.astimezone(BERLIN)
    show_month(page, local.date())
    day_button(page, local.date()).click()
    time_choice(page, local.strftime("%H:%M")).click()
    expect(time_choice(page, local.strftime("%H:%M"))).to_have_attribute("aria-pressed", "true")


def time_choice(page: Page, label: str):
    return page.locator(".time-choice").filter(has_text=re.compile(rf"^{label}$"))


def fill_card(page: Page, number: str = VISA) -> None:
    page.get_by_label("Card number").fill(number)
    page.get_by_label("Expiry (MM/YY)").fill("12/30")
    page.get_by_label("CVC").fill("123")
