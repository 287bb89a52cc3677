"""Booking an appointment from the portal: the calendar, the free times, paying now or later."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp.domain.formatting import fmt_datetime, fmt_time
from bookingapp.models import Booking, Organization, Service, ServiceStaff, StaffUser
from bookingapp.services import appointments
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.helpers_booking import (
    BERLIN,
    DECLINED,
    book,
    bookings_of,
    choose,
    day_button,
    emails,
    fill_card,
    free_days,
    month_of,
    next_month,
    payments_of,
    show_month,
    time_choice,
    unique_email,
)

CONSULTATION = "/b/lindenhof/book/consultation"
PORTRAIT = "/b/lindenhof/book/portrait-session"


def _fill_details(page: Page, name: str, email: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Email", exact=True).fill(email)


def _labels(slots) -> list[str]:
    return [fmt_time(s, "Europe/Berlin") for s in slots]


def test_calendar_shows_dots_and_disables_closed_days(app, page: Page):
    page.goto(CONSULTATION)
    expect(page.get_by_role("heading", name="Consultation", level=1)).to_be_visible()
    expect(page.get_by_text("30 min · €45.00")).to_be_visible()
    year, month_number = next_month()
    days = month_of(app, "consultation", year, month_number)
    show_month(page, days[0].day)
    for d in days:
        button = day_button(page, d.day)
        dots = button.locator("[aria-hidden='true'] > *")
        if d.slots:
            expect(button).to_be_enabled()
            expect(button).not_to_have_attribute("aria-label", re.compile(r"no free times"))
            expect(dots).to_have_count(d.dots)
            assert d.dots >= 1
        else:
            expect(button).to_be_disabled()
    assert any(d.slots for d in days)
    expect(page.get_by_text("Choose a day to see its free times.")).to_be_visible()
    assert no_horizontal_scroll(page)

    # The portrait's photographer works Tuesday, Thursday and Saturday only.
    page.goto(PORTRAIT)
    days = month_of(app, "portrait-session", year, month_number)
    show_month(page, days[0].day)
    for d in days:
        if d.day.weekday() not in (1, 3, 5):
            button = day_button(page, d.day)
            expect(button).to_be_disabled()
            expect(button).to_have_attribute("aria-label", re.compile(r": no free times$"))
            expect(button.locator("[aria-hidden='true'] > *")).to_have_count(0)


def test_a_day_lists_only_its_free_times(app, page: Page):
    day = free_days(app, "consultation")[0]
    taken = day.slots[2]
    book(app, "consultation", email=unique_email("taker"), name="Tina Taken", starts_at=taken)
    still_free = next(d for d in free_days(app, "consultation") if d.day == day.day).slots

    page.goto(CONSULTATION)
    show_month(page, day.day)
    day_button(page, day.day).click()
    expect(day_button(page, day.day)).to_have_attribute("aria-pressed", "true")
    times = page.locator(".time-choice")
    expect(times).to_have_count(len(still_free))
    assert times.all_inner_texts() == _labels(still_free)
    expect(time_choice(page, fmt_time(taken, "Europe/Berlin"))).to_have_count(0)
    assert no_horizontal_scroll(page)


def test_booking_and_paying_now_confirms_with_a_receipt(app, page: Page):
    email = unique_email("paula")
    when = free_days(app, "consultation")[1].slots[0]
    page.goto(CONSULTATION)
    choose(page, when)
    expect(page.locator(".chosen-time")).to_have_text(fmt_datetime(when, "Europe/Berlin"))
    _fill_details(page, "Paula Paynow", email)
    page.get_by_role("radio", name="Pay now by card").click()
    fill_card(page)
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name=re.compile(r"^Book and pay · €45\.00")).click()

    page.wait_for_url(re.compile(r"/m/[A-Za-z0-9_-]+\?booked=1$"))
    expect(page.locator(".status")).to_have_text("Confirmed")
    expect(page.get_by_role("status").filter(has_text="Your booking is confirmed.")).to_be_visible()
    expect(page.locator(".receipt")).to_contain_text("Paid €45.00 by card ending 4242")
    expect(page.locator(".pay-section")).to_have_count(0)
    assert no_horizontal_scroll(page)

    [booking] = bookings_of(app, email)
    assert (booking.status, booking.starts_at) == ("confirmed", when)
    [payment] = payments_of(app, booking.id)
    assert (payment.status, payment.captured_minor, payment.card_last4) == ("captured", 4500, "4242")
    [confirmation] = emails(app, "booking_confirmed", booking.id)
    assert confirmation.to_email == email
    assert [a["filename"] for a in confirmation.attachments] == [f"booking-{booking.reference}.ics"]
    assert confirmation.attachments[0]["content_type"] == "text/calendar"
    assert page.url.split("/m/")[1].split("?")[0] in confirmation.text
    assert emails(app, "new_booking_instant", booking.id)


def test_portrait_booked_to_pay_later_waits_for_payment(app, page: Page):
    email = unique_email("lena")
    when = free_days(app, "portrait-session")[0].slots[0]
    page.goto(PORTRAIT)
    choose(page, when)
    expect(page.get_by_text("This service needs prepayment")).to_be_visible()
    _fill_details(page, "Lena Later", email)
    expect(page.get_by_role("radio", name="Pay now by card")).to_be_checked()
    page.get_by_role("radio", name="Pay later from my booking page (before the visit)").click()
    expect(page.get_by_label("Card number")).to_have_count(0)
    page.get_by_role("button", name=re.compile(r"^Book this time · €89\.00")).click()

    page.wait_for_url(re.compile(r"/m/[A-Za-z0-9_-]+\?booked=1$"))
    expect(page.locator(".status")).to_have_text("Payment required")
    expect(page.get_by_role("status").filter(has_text="Your time is reserved. It is confirmed once paid")).to_be_visible()
    expect(page.locator(".pay-section")).to_contain_text("€89.00")
    expect(page.locator(".receipt")).to_have_count(0)
    assert no_horizontal_scroll(page)

    [booking] = bookings_of(app, email)
    assert booking.status == "pending_payment"
    assert payments_of(app, booking.id) == []
    [required] = emails(app, "booking_payment_required", booking.id)
    assert required.to_email == email
    assert required.subject.startswith("Booking confirmation – payment required")
    assert not emails(app, "booking_confirmed", booking.id)


def test_a_declined_card_books_nothing(app, page: Page):
    email = unique_email("declan")
    when = free_days(app, "consultation")[2].slots[0]
    page.goto(CONSULTATION)
    choose(page, when)
    _fill_details(page, "Declan Decline", email)
    page.get_by_role("radio", name="Pay now by card").click()
    fill_card(page, DECLINED)
    page.get_by_role("button", name=re.compile(r"^Book and pay")).click()

    expect(page.get_by_role("alert").filter(has_text="declined")).to_have_text("Your card was declined.")
    assert "/book/consultation" in page.url
    assert no_horizontal_scroll(page)
    assert bookings_of(app, email) == []
    day = next(d for d in free_days(app, "consultation") if d.day == when.astimezone(BERLIN).date())
    assert when in day.slots  # the time was not kept by the failed attempt


def test_a_time_taken_meanwhile_is_refused_and_not_double_booked(app, page: Page):
    email = unique_email("slow")
    when = free_days(app, "consultation")[3].slots[1]
    label = when.astimezone(BERLIN).strftime("%H:%M")
    page.goto(CONSULTATION)
    choose(page, when)
    _fill_details(page, "Sally Slow", email)
    book(app, "consultation", email=unique_email("quick"), name="Quentin Quick", starts_at=when)
    page.get_by_role("button", name=re.compile(r"^Book this time")).click()

    expect(page.get_by_role("alert").filter(has_text="This time was just taken or is no longer available.")).to_be_visible()
    expect(page.locator(".time-choice").first).to_be_visible()
    expect(time_choice(page, label)).to_have_count(0)  # the day is shown again with what is still free
    assert "/book/consultation" in page.url
    assert no_horizontal_scroll(page)
    assert bookings_of(app, email) == []
    with Session(app.engine) as s:
        consultation = s.exec(select(Service).where(Service.slug == "consultation")).one()
        at_that_time = s.exec(select(Booking).where(Booking.service_id == consultation.id, Booking.starts_at == when)).all()
    assert len(at_that_time) == 1


def test_a_missing_name_shows_a_field_error_and_books_nothing(app, page: Page):
    email = unique_email("nameless")
    when = free_days(app, "consultation")[4].slots[0]
    page.goto(CONSULTATION)
    choose(page, when)
    page.get_by_label("Email", exact=True).fill(email)
    submit = page.get_by_role("button", name=re.compile(r"^Book this time"))
    submit.click()
    name = page.get_by_label("Name", exact=True)
    assert name.evaluate("el => el.validity.valueMissing")  # the browser holds the form back

    name.fill("   ")
    submit.click()
    expect(page.locator("#name-error")).to_have_text("Enter your name.")
    expect(name).to_have_attribute("aria-invalid", "true")
    assert "/book/consultation" in page.url
    assert no_horizontal_scroll(page)
    assert bookings_of(app, email) == []


# Any moment the manage page shows an order number other than its own link's booking.
_WATCH_FOREIGN_ORDER = """(previous) => {
    window.__foreign = [];
    new MutationObserver(() => {
        const shown = document.body.innerText;
        if (location.pathname.startsWith('/m/') && shown.includes(previous)) window.__foreign.push(location.pathname);
    }).observe(document.documentElement, {subtree: true, childList: true, characterData: true});
}"""


def test_a_second_booking_never_shows_the_first_one_while_its_page_loads(app, page: Page):
    """The page's state outlives the move to the next booking's page: it waits (a spinner
    with a status) instead of flashing the previous booking's order."""
    days = free_days(app, "portrait-session")
    references = []
    for n, when in enumerate((days[0].slots[0], days[1].slots[0])):
        page.goto(PORTRAIT)
        choose(page, when)
        email = unique_email(f"twice{n}")
        _fill_details(page, f"Twice Booker {n}", email)
        page.get_by_role("radio", name="Pay later from my booking page (before the visit)").click()
        if references:
            page.evaluate(_WATCH_FOREIGN_ORDER, references[0])
        page.get_by_role("button", name=re.compile(r"^Book this time")).click()
        page.wait_for_url(re.compile(r"/m/[A-Za-z0-9_-]+\?booked=1$"))
        expect(page.locator(".status")).to_have_text("Payment required")
        [booking] = bookings_of(app, email)
        expect(page.locator("body")).to_contain_text(booking.reference)
        references.append(booking.reference)
    assert page.evaluate("window.__foreign") == []


def _team_visit(app) -> tuple[int, int]:
    """A service the owner (Monday to Sunday) and the coach (Tuesday, Thursday, Saturday)
    both give; returns (owner id, coach id)."""
    with Session(app.engine) as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        owner = s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one()
        coach = s.exec(select(StaffUser).where(StaffUser.email == "coach@example.com")).one()
        if s.exec(select(Service).where(Service.slug == "team-visit")).first() is None:
            visit = Service(organization_id=org.id, kind="appointment", name="Team visit", slug="team-visit",
                            duration_minutes=60, price_minor=3000, currency="EUR", prepayment="none", staff_user_id=owner.id)
            s.add(visit)
            s.flush()
            s.add_all([ServiceStaff(service_id=visit.id, staff_user_id=p.id, organization_id=org.id) for p in (owner, coach)])
            s.commit()
        return owner.id, coach.id


def test_with_several_staff_the_customer_picks_one_or_anyone(app, page: Page):
    owner_id, coach_id = _team_visit(app)
    year, month_number = next_month()
    with Session(app.engine) as s:
        visit = s.exec(select(Service).where(Service.slug == "team-visit")).one()
        by_coach = appointments.month(s, service=visit, year=year, month_number=month_number, staff_user_id=coach_id)
    monday = next(d for d in by_coach if d.day.weekday() == 0 and d.day.day > 3)
    tuesday = next(d for d in by_coach if d.day.weekday() == 1 and d.day.day > 3 and d.slots)
    page.goto("/b/lindenhof/book/team-visit")
    people = page.get_by_role("group", name="With whom")
    expect(people.get_by_role("button", name="Any available")).to_have_attribute("aria-pressed", "true")
    expect(people.get_by_role("button")).to_have_count(3)
    show_month(page, monday.day)
    expect(day_button(page, monday.day)).to_be_enabled()  # the owner works on Mondays

    people.get_by_role("button", name="Chris Coach").click()
    expect(people.get_by_role("button", name="Chris Coach")).to_have_attribute("aria-pressed", "true")
    expect(day_button(page, monday.day)).to_be_disabled()  # the coach does not
    expect(day_button(page, monday.day)).to_have_attribute("aria-label", re.compile(r": no free times$"))
    day_button(page, tuesday.day).click()
    expect(page.locator(".time-choice")).to_have_count(len(tuesday.slots))
    assert page.locator(".time-choice").all_inner_texts() == _labels(tuesday.slots)
    assert no_horizontal_scroll(page)
    when = tuesday.slots[0]
    time_choice(page, fmt_time(when, "Europe/Berlin")).click()
    email = unique_email("tereza")
    _fill_details(page, "Tereza Team", email)
    page.get_by_role("button", name=re.compile(r"^Book this time · €30\.00")).click()
    page.wait_for_url(re.compile(r"/m/[A-Za-z0-9_-]+\?booked=1$"))
    [booking] = bookings_of(app, email)
    assert (booking.starts_at, booking.staff_user_id) == (when, coach_id)


# --- issue 21, item 6: honest promises before booking ------------------------------------


def _service_with_cutoff(app, slug: str, cutoff_minutes: int, **kw) -> None:
    """An appointment service of the demo business, open every day, with its own cutoff."""
    from bookingapp.db import unit_of_work
    from tests import factories

    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        factories.appointment_service(s, org, name=f"Late {slug[-4:]}", slug=slug, cutoff_minutes=cutoff_minutes,
                                      price_minor=3000, **kw)


def test_a_time_inside_the_cutoff_says_before_booking_that_it_cannot_be_changed_online(app, page: Page):
    import uuid

    slug = f"late-{uuid.uuid4().hex[:6]}"
    _service_with_cutoff(app, slug, 60 * 24 * 90)  # every free time is inside 90 days
    page.goto(f"/b/lindenhof/book/{slug}")
    day = free_days(app, slug)[0]
    choose(page, day.slots[0])

    warning = page.locator(".late-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("once booked this time cannot be moved or cancelled online")
    promise = page.locator(".booking-promise")
    expect(promise).to_have_text("You get a confirmation by email with a link to your booking.")
    expect(page.get_by_text(re.compile("move or cancel your booking"))).to_have_count(0)
    assert no_horizontal_scroll(page)

    email = unique_email("lara")
    _fill_details(page, "Lara Late", email)
    page.get_by_role("button", name=re.compile("^Book")).click()
    page.wait_for_url(re.compile(r"/m/"))
    expect(page.locator(".cutoff-passed")).to_be_visible()  # what the form said is what the booking gets
    expect(page.get_by_role("button", name="Cancel booking")).to_have_count(0)


def test_a_time_before_the_cutoff_promises_changes_until_the_cutoff(app, page: Page):
    page.goto(CONSULTATION)
    choose(page, free_days(app, "consultation")[0].slots[0])
    expect(page.locator(".late-warning")).to_have_count(0)
    expect(page.locator(".booking-promise")).to_contain_text(
        "a link to pay, move or cancel your booking. Cancellation or rescheduling no later than 24 hours before the visit.")


def test_a_rebooking_request_only_service_never_promises_cancellation(app, page: Page):
    page.goto("/b/lindenhof/book/sports-massage")
    choose(page, free_days(app, "sports-massage")[0].slots[0])
    promise = page.locator(".booking-promise")
    expect(promise).to_contain_text("It cannot be cancelled online: from that link you can ask the provider to move it.")
    expect(page.get_by_text(re.compile(r"cancel your booking|Cancellation or rescheduling"))).to_have_count(0)
    assert no_horizontal_scroll(page)
