"""Classes in the browser: staff manage participants; customers book with credits on a phone,
cancel late (and are warned first), book every week, and are told when credits are short."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.models import (
    Booking,
    ClassSession,
    CreditLedger,
    Customer,
    Organization,
    OutboxEmail,
    Service,
    utcnow,
)
from bookingapp.services import class_bookings, credits, customer_accounts, manage_links
from bookingapp.services.customer_accounts import customer_actor
from tests.e2e.conftest import no_horizontal_scroll, sign_in

BERLIN = ZoneInfo("Europe/Berlin")


def _org(s: Session) -> Organization:
    return s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()


def _class(app, *, starts_in: timedelta = timedelta(days=3), capacity: int = 5, cost: int = 2, window_minutes: int = 12 * 60,
           weeks: int = 1, allow_recurring: bool = False) -> tuple[str, list[int]]:
    """A class service of its own (so its cards are easy to find) and its sessions, weekly."""
    title = f"Pilates {uuid.uuid4().hex[:6]}"
    with unit_of_work() as s:
        org = _org(s)
        service = Service(organization_id=org.id, kind="class", name=title, slug=title.lower().replace(" ", "-"),
                          duration_minutes=60, credit_cost=cost, location="Studio 2", allow_recurring=allow_recurring)
        s.add(service)
        s.flush()
        first = (utcnow() + starts_in).replace(second=0, microsecond=0)
        rows = [ClassSession(organization_id=org.id, service_id=service.id, starts_at=first + timedelta(weeks=w),
                             ends_at=first + timedelta(weeks=w, hours=1), capacity=capacity, location="Studio 2",
                             credit_cost=cost, free_cancellation_minutes=window_minutes) for w in range(weeks)]
        s.add_all(rows)
        s.flush()
        return title, [r.id for r in rows]


def _customer(app, name: str, amount: int) -> tuple[int, str]:
    email = f"{name.split()[0].lower()}-{uuid.uuid4().hex[:8]}@example.com"
    with unit_of_work() as s:
        org = _org(s)
        row = Customer(organization_id=org.id, email=email, name=name, email_verified=True)
        s.add(row)
        s.flush()
        if amount:
            s.add(CreditLedger(organization_id=org.id, customer_id=row.id, delta=amount, kind="grant", reason="Test credits"))
        return row.id, email


def _balance(app, customer_id: int) -> int:
    with Session(app.engine) as s:
        return credits.balance(s, customer_id)


def _bookings(app, customer_id: int) -> list[Booking]:
    with Session(app.engine) as s:
        return list(s.exec(select(Booking).where(Booking.customer_id == customer_id).order_by(Booking.starts_at)))


def _signed_in_as(page: Page, app, customer_id: int) -> None:
    with Session(app.engine) as s:
        cookie = customer_accounts.session_cookie(s.get(Customer, customer_id))
    page.context.add_cookies([{"name": "customer_session", "value": cookie, "url": app.url}])


def test_staff_add_a_member_and_a_guest_and_remove_one_with_refund(app, page: Page):
    _, [session_id] = _class(app, cost=2)
    member_id, member_email = _customer(app, f"Mia Member{uuid.uuid4().hex[:4]}", 5)
    guest_email = f"gus-{uuid.uuid4().hex[:8]}@example.com"
    with Session(app.engine) as s:
        member_name = s.get(Customer, member_id).name
    sign_in(page)
    page.goto(f"/dashboard/schedule/{session_id}")
    expect(page.locator(".booked-count")).to_have_text("0/5")

    page.get_by_label("Search by name or email", exact=True).fill(member_email[:12])
    page.locator(".member-option", has_text=member_name).click()
    expect(page.locator(".participant", has_text=member_name)).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Gus Guest")
    page.get_by_label("Email", exact=True).fill(guest_email)
    page.get_by_role("button", name="Add guest").click()
    expect(page.locator(".participant", has_text="Gus Guest")).to_be_visible()
    expect(page.locator(".booked-count")).to_have_text("2/5")
    assert _balance(app, member_id) == 3
    assert no_horizontal_scroll(page)

    page.get_by_role("button", name=f"Remove {member_name}").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.locator(".credit-outcome")).to_have_text("Inside the free-cancellation window: the 2 credits will come back.")
    dialog.get_by_label("Reason (the customer sees it)").fill("Class moved to another room")
    dialog.get_by_role("button", name="Yes, remove").click()

    expect(page.locator(".participant", has_text=member_name)).to_have_count(0)
    expect(page.locator(".booked-count")).to_have_text("1/5")
    assert _balance(app, member_id) == 5
    [removed] = _bookings(app, member_id)
    assert removed.status == "cancelled" and removed.cancel_reason == "Class moved to another room"
    with Session(app.engine) as s:
        email = s.exec(select(OutboxEmail).where(OutboxEmail.to_email == member_email,
                                                 OutboxEmail.template_key == "class_removed_by_staff")).one()
        guest = s.exec(select(Customer).where(Customer.email == guest_email)).one()
    assert "Credits returned: 2" in email.text and "/m/" in email.text
    assert [b.status for b in _bookings(app, guest.id)] == ["confirmed"]


def test_a_customer_books_with_credits_on_a_phone_and_is_warned_before_a_late_cancel(app, phone: Page):
    title, [session_id] = _class(app, starts_in=timedelta(hours=3), cost=2, window_minutes=12 * 60)
    customer_id, _ = _customer(app, "Pia Phone", 3)
    _signed_in_as(phone, app, customer_id)
    phone.goto("/b/lindenhof/classes")
    expect(phone.locator(".credit-balance")).to_have_text("3")

    card = phone.locator(".class-card", has_text=title)
    expect(card.locator(".free-places")).to_have_text("5 places free")
    card.get_by_role("button", name=re.compile("^Book")).click()
    phone.get_by_role("button", name="Book with credits").click()
    expect(phone.get_by_role("status").filter(has_text="Booked.")).to_be_visible()
    expect(phone.locator(".credit-balance")).to_have_text("1")
    expect(card.get_by_text("You are booked")).to_be_visible()
    assert no_horizontal_scroll(phone)
    [booking] = _bookings(app, customer_id)
    assert booking.session_id == session_id and booking.credits_spent == 2

    with Session(app.engine) as s:
        token = manage_links.token_of(s.get(Booking, booking.id))
    phone.goto(f"/m/{token}")
    phone.get_by_role("button", name="Cancel my place").click()
    dialog = phone.get_by_role("alertdialog")
    expect(dialog.locator(".credit-outcome")).to_have_text("Too late for a free cancellation: the 2 credits will not come back.")
    dialog.get_by_role("button", name="Yes, cancel my place").click()
    expect(dialog.get_by_role("alert")).to_have_text("Enter a reason.")  # a reason is required: nothing happened yet
    assert _bookings(app, customer_id)[0].status == "confirmed"
    dialog.get_by_label("Reason").fill("Stuck at work")
    dialog.get_by_role("button", name="Yes, cancel my place").click()

    expect(phone.get_by_role("status").filter(has_text="Your place is cancelled.")).to_be_visible()
    assert no_horizontal_scroll(phone)
    assert _bookings(app, customer_id)[0].status == "cancelled"
    assert _balance(app, customer_id) == 1


def test_not_enough_credits_says_so_and_books_nothing(app, phone: Page):
    title, _ = _class(app, cost=2)
    customer_id, _ = _customer(app, "Noah Nocredit", 1)
    _signed_in_as(phone, app, customer_id)
    phone.goto("/b/lindenhof/classes")

    phone.locator(".class-card", has_text=title).get_by_role("button", name=re.compile("^Book")).click()
    phone.get_by_role("button", name="Book with credits").click()

    expect(phone.get_by_role("alertdialog").get_by_role("alert")).to_have_text(
        "Not enough credits: this class costs 2 and your balance is 1.")
    assert _bookings(app, customer_id) == [] and _balance(app, customer_id) == 1


def test_a_recurring_booking_books_each_week_and_reports_the_full_one(app, phone: Page):
    title, sessions = _class(app, capacity=1, cost=1, weeks=3, allow_recurring=True)
    early_id, _ = _customer(app, "Early Bird", 5)
    with unit_of_work() as s:  # week 2 is taken already
        early = s.get(Customer, early_id)
        class_bookings.book_seat(s, class_session_id=sessions[1], customer=early, actor=customer_actor(early), now=utcnow())
        last_day = s.get(ClassSession, sessions[2]).starts_at.astimezone(BERLIN).date()
    customer_id, _ = _customer(app, "Rita Repeat", 5)
    _signed_in_as(phone, app, customer_id)
    phone.goto("/b/lindenhof/classes")

    phone.locator(".class-card", has_text=title).first.get_by_role("button", name=re.compile("^Book")).click()
    dialog = phone.get_by_role("alertdialog")
    dialog.get_by_text("Every week at this time until …").click()
    dialog.get_by_label("Last day").fill(last_day.isoformat())
    dialog.get_by_role("button", name="Book with credits").click()

    expect(phone.get_by_role("status").filter(has_text="2 of 3 classes booked")).to_be_visible()
    expect(phone.locator(".occurrence.booked")).to_have_count(2)
    # Where the customer looks: the report is in the dialog they booked from, not at the top of the page.
    expect(phone.get_by_role("alertdialog").locator("#class-result")).to_be_in_viewport()
    expect(phone.locator(".series-report")).to_be_in_viewport()
    expect(phone.locator(".occurrence.skipped")).to_contain_text("This class is full.")
    assert no_horizontal_scroll(phone)
    booked = _bookings(app, customer_id)
    assert [b.session_id for b in booked] == [sessions[0], sessions[2]]
    assert len({b.series_id for b in booked}) == 1 and booked[0].series_id is not None
    # The result belongs to that dialog: the Bookings tab opened next does not repeat it.
    phone.get_by_role("button", name="Done").click()
    phone.get_by_role("navigation", name="Portal").get_by_role("link", name="Bookings").click()
    expect(phone.get_by_role("heading", name="Your bookings", level=1)).to_be_visible()
    expect(phone.get_by_text("2 of 3 classes booked")).to_have_count(0)
    assert _balance(app, customer_id) == 3


def test_staff_create_weekly_sessions_and_see_them_in_the_week_view(app, desktop: Page):
    title, _ = _class(app, starts_in=timedelta(days=30))  # a class service without sessions this week
    sign_in(desktop)
    desktop.goto("/dashboard/schedule")
    desktop.get_by_role("button", name="New session").click()
    dialog = desktop.get_by_role("dialog")
    dialog.get_by_label("Class").select_option(label=title)
    start = (datetime.now(BERLIN) + timedelta(days=1)).replace(hour=19, minute=0, second=0, microsecond=0)
    dialog.get_by_label("Start").fill(start.strftime("%Y-%m-%dT%H:%M"))
    dialog.get_by_label("Capacity").fill("6")
    dialog.get_by_label("Every week until").click()
    dialog.get_by_label("Last day").fill((start + timedelta(weeks=2)).date().isoformat())
    dialog.get_by_role("button", name="Create").click()

    expect(desktop.get_by_role("status")).to_have_text("3 sessions created.")
    card = desktop.locator(".class-session", has_text=title)
    expect(card).to_contain_text("19:00")
    expect(card.locator(".booked-count")).to_have_text("0/6")
    with Session(app.engine) as s:
        service_id = s.exec(select(Service.id).where(Service.name == title)).one()
        starts = s.exec(select(ClassSession.starts_at).where(ClassSession.service_id == service_id)
                        .order_by(ClassSession.starts_at)).all()
    created = starts[:3]  # the arranged session is 30 days out, after the three new ones
    assert [x.astimezone(BERLIN).strftime("%a %H:%M") for x in created] == [start.strftime("%a 19:00")] * 3
    assert created[0] == start.astimezone(UTC) and len(starts) == 4


# --- Issue 22: browsing week by week past four weeks, the free-cancellation note ---------


def test_customers_browse_week_by_week_past_four_weeks_filtered_by_class(app, page: Page):
    title, sessions = _class(app, starts_in=timedelta(days=1), weeks=7)
    slug = title.lower().replace(" ", "-")
    page.goto("/b/lindenhof/classes")
    page.get_by_label("Class").select_option(label=title)
    expect(page).to_have_url(re.compile(rf"service={slug}"))
    expect(page.locator(".class-card")).to_have_count(1)  # this week: only the chosen class
    expect(page.get_by_role("button", name="Previous week")).to_be_disabled()

    for _ in range(6):  # week 7: past the old four-week end
        label = page.locator(".week-label").inner_text()
        page.get_by_role("button", name="Next week").first.click()
        expect(page.locator(".week-label")).not_to_have_text(label)
    expect(page).to_have_url(re.compile(r"from=\d{4}-\d{2}-\d{2}"))
    with Session(app.engine) as s:
        seventh = s.get(ClassSession, sessions[6]).starts_at.astimezone(BERLIN)
    card = page.locator(".class-card", has_text=title)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(seventh.strftime("%H:%M"))
    expect(card.locator(".free-places")).to_have_text("5 places free")
    assert no_horizontal_scroll(page)

    # The address keeps the week and the class: a reload shows the same.
    page.reload()
    expect(page.locator(".class-card", has_text=title)).to_have_count(1)
    expect(page.get_by_label("Class")).to_have_value(slug)

    # The last session's week is the last one: no empty weeks after it up to the horizon.
    expect(page.get_by_role("button", name="Next week")).to_be_disabled()


def test_an_empty_week_jumps_to_the_week_of_the_next_classes(app, page: Page):
    title, sessions = _class(app, starts_in=timedelta(days=24))
    slug = title.lower().replace(" ", "-")
    page.goto(f"/b/lindenhof/classes?service={slug}")
    expect(page.get_by_role("heading", name="No classes this week")).to_be_visible()
    jump = page.locator(".next-classes")
    expect(jump).to_have_text(re.compile(r"^Next classes: week of \w{3}, \d{1,2} \w{3} \d{4}$"))
    assert no_horizontal_scroll(page)
    jump.click()
    expect(page.locator(".class-card", has_text=title)).to_have_count(1)
    expect(page.get_by_role("button", name="Next week")).to_be_disabled()


def test_booking_after_free_cancellation_ended_says_credits_do_not_come_back(app, page: Page):
    late, _ = _class(app, starts_in=timedelta(hours=3), window_minutes=400 * 60, capacity=1)
    early, _ = _class(app, starts_in=timedelta(days=2), window_minutes=12 * 60)
    customer_id, _ = _customer(app, "Lena Late", 5)
    _signed_in_as(page, app, customer_id)
    page.goto("/b/lindenhof/classes")

    card = page.locator(".class-card", has_text=late)
    expect(card.locator(".free-places")).to_have_text("1 place free")
    # The button is named for screen readers with its class and date.
    card.get_by_role("button", name=re.compile(rf"^Book {late}, \w{{3}} \d{{1,2}} \w{{3}} \d{{2}}:\d{{2}}$")).click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.locator(".cancel-note")).to_have_text(
        "Free cancellation has ended: if you cancel, your credits will not come back.")
    expect(dialog).not_to_contain_text("400 hours")
    dialog.get_by_role("button", name="Book with credits").click()
    expect(dialog.get_by_role("status")).to_contain_text("Booked.")  # the result in the dialog, beside the class
    assert no_horizontal_scroll(page)
    dialog.get_by_role("button", name="Done").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    # Its page says what it cost in credits, not "€0.00 · Payment -".
    [booking] = _bookings(app, customer_id)
    with Session(app.engine) as s:
        token = manage_links.token_of(s.get(Booking, booking.id))
    page.goto(f"/m/{token}")
    expect(page.locator(".price")).to_have_text("2 credits")
    expect(page.get_by_text("Paid with credits", exact=True)).to_be_visible()
    page.go_back()

    page.locator(".class-card", has_text=early).get_by_role("button", name=re.compile("^Book")).click()
    expect(page.get_by_role("alertdialog").locator(".cancel-note")).to_have_text(
        re.compile(r"^Free cancellation until \w{3} \d{1,2} \w{3}, \d{2}:\d{2}$"))


def test_a_new_result_on_the_staff_session_page_replaces_the_last_one(app, page: Page):
    _, [session_id] = _class(app, capacity=1)
    sign_in(page)
    page.goto(f"/dashboard/schedule/{session_id}")
    page.get_by_label("Name", exact=True).fill("Gina Guest")
    page.get_by_label("Email", exact=True).fill(f"gina-{uuid.uuid4().hex[:8]}@example.com")
    page.get_by_role("button", name="Add guest").click()
    expect(page.get_by_role("status").filter(has_text="Guest added")).to_be_visible()
    expect(page.locator(".participant", has_text="Gina Guest")).to_be_visible()
    expect(page.get_by_label("Email", exact=True)).to_have_value("")  # the form was cleared for the next guest

    page.get_by_label("Name", exact=True).fill("Hugo Guest")
    page.get_by_label("Email", exact=True).fill(f"hugo-{uuid.uuid4().hex[:8]}@example.com")
    page.get_by_role("button", name="Add guest").click()

    expect(page.get_by_text("This class is full.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Guest added")).to_have_count(0)

# =====================================================================================================
# Credit packs on the portal (issue 22): a new customer signs up, buys a pack with a card, then
# books a class paying with those credits; at both widths.
# =====================================================================================================


def _pack(app, credits_: int = 5, price: str = "45") -> str:
    from bookingapp.services import credit_packs
    from bookingapp.services.actors import Actor

    name = f"Pack {uuid.uuid4().hex[:6]}"
    with unit_of_work() as s:
        org = _org(s)
        credit_packs.create_pack(s, actor=Actor("staff", org.id, None, "Test", "owner"), name=name, credits=credits_,
                                 price=price, validity_days=30)
    return name


def _signed_up(page: Page, app, name: str) -> int:
    """A brand-new customer creates an account on the portal and opens the emailed link."""
    email = f"{name.split()[0].lower()}-{uuid.uuid4().hex[:8]}@example.com"
    page.goto("/b/lindenhof/signin")
    page.get_by_role("button", name="Create an account").click()
    form = page.locator(".sign-up form")
    form.get_by_label("Your name").fill(name)
    form.get_by_label("Email").fill(email)
    form.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status").filter(has_text="Check your inbox")).to_be_visible()
    with Session(app.engine) as s:
        [sent] = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "customer_sign_up",
                                                  OutboxEmail.to_email == email)).all()
        link = re.search(r"https?://\S+/b/lindenhof/signin\?token=[A-Za-z0-9_-]+", sent.text).group(0)
    page.goto(link)
    page.wait_for_url("**/b/lindenhof/bookings")
    with Session(app.engine) as s:
        customer = s.exec(select(Customer).where(Customer.email == email)).one()
        assert customer.email_verified
        return customer.id


def test_a_new_customer_signs_up_buys_a_pack_and_books_a_class_with_its_credits(app, page: Page):
    from tests.e2e.helpers_booking import fill_card
    from tests.e2e.helpers_dialogs import open_by_keyboard

    title, [session_id] = _class(app, cost=2)
    pack = _pack(app)
    customer_id = _signed_up(page, app, "Carla Credits")

    page.goto("/b/lindenhof/classes")
    expect(page.locator(".credit-balance")).to_have_text("0")
    page.get_by_role("link", name="Buy credits").click()
    expect(page).to_have_url(re.compile(r"/b/lindenhof/credits"))
    nav = page.get_by_role("navigation", name="Portal")
    expect(nav.get_by_role("link", name="Credits")).to_have_attribute("aria-current", "page")
    card = page.locator(".pack-card", has_text=pack)
    expect(card).to_contain_text("5 credits · Valid for 30 days")
    # From the keyboard: the focus goes into the dialog and Tab stays there; Escape closes it.
    dialog = open_by_keyboard(page, card.get_by_role("button", name=re.compile("^Buy")))
    page.keyboard.press("Escape")  # closes; the focus is back on the Buy button
    expect(dialog).to_have_count(0)
    expect(card.get_by_role("button", name=re.compile("^Buy"))).to_be_focused()
    dialog = open_by_keyboard(page, card.get_by_role("button", name=re.compile("^Buy")))
    fill_card(dialog, "4000 0000 0000 0002")  # declined: said in the dialog, nothing bought
    dialog.get_by_role("button", name=re.compile("^Pay")).click()
    expect(dialog.get_by_role("alert")).to_have_text("Your card was declined.")
    assert _balance(app, customer_id) == 0
    fill_card(dialog)
    dialog.get_by_role("button", name=re.compile("^Pay")).click()
    expect(dialog.get_by_role("status")).to_have_text("Paid. 5 credits are yours; your balance is now 5.")
    expect(page.locator(".credit-balance")).to_have_text("5")
    expect(page.locator(".owned-pack", has_text=pack)).to_contain_text("5 / 5")
    assert no_horizontal_scroll(page)
    with Session(app.engine) as s:
        emails = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "credit_pack_receipt",
                                                  OutboxEmail.subject.contains(pack))).all()
    assert len(emails) == 1

    dialog.get_by_role("button", name="Book a class").click()
    expect(page).to_have_url(re.compile(r"/b/lindenhof/classes"))
    expect(page.locator(".credit-balance")).to_have_text("5")
    open_by_keyboard(page, page.locator(".class-card", has_text=title).get_by_role("button", name=re.compile("^Book")))
    page.get_by_role("button", name="Book with credits").click()
    expect(page.get_by_role("status").filter(has_text="Booked.")).to_be_visible()
    expect(page.locator(".credit-balance")).to_have_text("3")
    [booking] = _bookings(app, customer_id)
    assert booking.session_id == session_id and booking.credits_spent == 2
    with Session(app.engine) as s:
        rows = s.exec(select(CreditLedger).where(CreditLedger.customer_id == customer_id).order_by(CreditLedger.id)).all()
    assert [(r.kind, r.delta) for r in rows] == [("pack", 5), ("debit", -2)]
    assert rows[1].pack_purchase_id == rows[0].pack_purchase_id is not None


def test_a_guest_is_asked_to_sign_in_before_buying_credits(app, page: Page):
    pack = _pack(app)
    page.goto("/b/lindenhof/credits")
    expect(page.get_by_text("Sign in to buy credits and see your balance.")).to_be_visible()
    card = page.locator(".pack-card", has_text=pack)
    expect(card).to_be_visible()
    expect(card.get_by_role("button", name=re.compile("^Buy"))).to_be_hidden()  # the packs are shown, not sold
    expect(page.get_by_role("link", name="Sign in or create an account")).to_have_attribute("href", "/b/lindenhof/signin")
    assert no_horizontal_scroll(page)

    customer_id, _ = _customer(app, "Bea Bookings", 4)
    _signed_in_as(page, app, customer_id)
    page.goto("/b/lindenhof/bookings")
    page.get_by_role("link", name="Buy credits").click()
    expect(page).to_have_url(re.compile(r"/b/lindenhof/credits"))
    expect(page.locator(".credit-balance")).to_have_text("4")
    expect(page.locator(".pack-card", has_text=pack).get_by_role("button", name=re.compile("^Buy"))).to_be_visible()


# --- Staff edit and cancel sessions (issue 22) ---------------------------------------------------
# Staff move one session of a weekly set (the customer's manage page shows the new time and
# place, and the dev mailbox the "Class moved" email), then cancel it and the rest of the series
# with a reason from the business's list: the summary comes before confirming, the customer's
# bookings are cancelled with every credit back, the portal no longer offers the sessions.


def _weekly_set(app, *, weeks: int = 3, cost: int = 2) -> tuple[str, list[int]]:
    """A class whose sessions were created together as one weekly set (one series key)."""
    title, ids = _class(app, starts_in=timedelta(days=2), weeks=weeks, cost=cost)
    with unit_of_work() as s:
        for session_id in ids:
            row = s.get(ClassSession, session_id)
            row.series_key = f"e2e-{title}"
            s.add(row)
    return title, ids


def _book_all(app, customer_id: int, session_ids: list[int]) -> list[int]:
    with unit_of_work() as s:
        customer = s.get(Customer, customer_id)
        return [class_bookings.book_seat(s, class_session_id=i, customer=customer, actor=customer_actor(customer),
                                         now=utcnow()).id for i in session_ids]


def _manage_token(app, booking_id: int) -> str:
    with Session(app.engine) as s:
        return manage_links.token_of(s.get(Booking, booking_id))


def test_staff_move_a_session_then_cancel_the_series_and_the_customer_sees_it(app, page: Page):
    from bookingapp.domain.formatting import fmt_time

    title, sessions = _weekly_set(app)
    customer_id, email = _customer(app, f"Sam Series{uuid.uuid4().hex[:4]}", 10)
    bookings = _book_all(app, customer_id, sessions)
    assert _balance(app, customer_id) == 4
    sign_in(page)

    # The business's reasons (Settings)
    page.goto("/dashboard/settings")
    reasons = page.get_by_label(re.compile("^The reasons staff choose from"))
    reasons.fill("Teacher ill\nRoom closed")
    page.get_by_role("button", name="Save reasons").click()
    expect(page.locator("#cancellation-reasons-card").get_by_role("status")).to_have_text("Saved.")

    # Move the first session by two hours, to another room
    page.goto(f"/dashboard/schedule/{sessions[0]}")
    page.get_by_role("button", name="Edit session").click()
    dialog = page.get_by_role("dialog")
    with Session(app.engine) as s:
        old_start = s.get(ClassSession, sessions[0]).starts_at
    new_start = old_start + timedelta(hours=2)
    dialog.get_by_label("Start").fill(new_start.astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M"))
    dialog.get_by_label("Location").fill("Studio 5")
    dialog.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status").filter(has_text="Session saved. 1 participant is told by email")).to_be_visible()
    expect(page.get_by_text("Studio 5")).to_be_visible()
    assert no_horizontal_scroll(page)

    page.goto(f"/m/{_manage_token(app, bookings[0])}")  # the customer's link
    expect(page.get_by_text("Studio 5")).to_be_visible()
    expect(page.get_by_text(fmt_time(new_start, "Europe/Berlin", "en"), exact=False).first).to_be_visible()

    # Cancel it and the rest of the series, with the summary first
    page.goto(f"/dashboard/schedule/{sessions[0]}")
    page.get_by_role("button", name="Cancel session").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.locator(".cancel-summary")).to_have_text(
        "1 session will be cancelled. 1 participant will be emailed. 2 credits go back to them.")
    dialog.get_by_label("This and the rest of the series").click()
    expect(dialog.locator(".cancel-summary")).to_have_text(
        "3 sessions will be cancelled. 3 participants will be emailed. 6 credits go back to them.")
    dialog.get_by_label("Reason", exact=True).select_option("Teacher ill")
    dialog.get_by_label("More about it (the participants see it)").fill("Back next month")
    assert no_horizontal_scroll(page)
    dialog.get_by_role("button", name="Yes, cancel").click()
    expect(page.get_by_role("status").filter(has_text="3 sessions cancelled. 3 participants emailed. 6 credits returned.")
           ).to_be_visible()
    expect(page.locator(".session-cancelled")).to_contain_text("Teacher ill: Back next month")
    expect(page.locator(".cancelled-badge")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel session")).to_have_count(0)
    expect(page.get_by_role("button", name="Add guest")).to_have_count(0)  # a cancelled session takes nobody new
    # When and why, whom it had (greyed, "cancelled"), and no waitlist search whose Add would fail
    expect(page.locator(".session-cancelled")).to_have_text(
        re.compile(r"^This session was cancelled on \w{3}, \d{1,2} \w{3} \d{4}: Teacher ill: Back next month$"))
    expect(page.locator(".cancelled-participant")).to_have_count(1)
    expect(page.locator(".cancelled-participant")).to_contain_text("Sam Series")
    expect(page.locator(".cancelled-participant")).to_contain_text("cancelled")
    expect(page.get_by_text("Nobody is booked yet.")).to_have_count(0)
    expect(page.locator("#waitlist-search")).to_have_count(0)
    expect(page.locator(".waitlist-closed")).to_have_text("The waitlist closed when the session was cancelled.")
    assert _balance(app, customer_id) == 10
    assert {b.status for b in _bookings(app, customer_id)} == {"cancelled"}

    # The customer sees it: the booking cancelled, the classes no longer offered
    page.goto(f"/m/{_manage_token(app, bookings[1])}")
    expect(page.get_by_text("Cancelled", exact=True).first).to_be_visible()
    page.goto("/b/lindenhof/classes")
    expect(page.locator(".class-card", has_text=title)).to_have_count(0)

    # and both emails are in the dev mailbox, with their calendar files
    page.goto("/dashboard/mailbox")
    mails = page.locator("details.mail").filter(has_text=email)
    expect(mails.filter(has_text="Class moved")).to_have_count(1)
    expect(mails.filter(has_text="Class cancelled")).to_have_count(3)
    assert no_horizontal_scroll(page)
    with Session(app.engine) as s:
        cancel_files = [a["content"] for e in s.exec(select(OutboxEmail).where(
            OutboxEmail.to_email == email, OutboxEmail.template_key == "class_session_cancelled")) for a in e.attachments]
    assert len(cancel_files) == 3 and all("METHOD:CANCEL" in f for f in cancel_files)

    # The cancellations report lists the three, by the business, credits back; its CSV is that table
    page.goto("/dashboard/reports/cancellations")
    rows = page.locator(".cancellation-row").filter(has_text=email)
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Business")
    expect(rows.first).to_contain_text("Teacher ill: Back next month")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the list as CSV").click()
    text = Path(download.value.path()).read_text()
    assert text.splitlines()[0].startswith("Cancelled at,Cancelled by,By whom,Customer")
    assert sum(1 for line in text.splitlines() if email in line) == 3


def test_without_a_list_of_reasons_the_cancel_dialog_asks_for_the_reason_in_words(app, page: Page):
    _, sessions = _class(app, starts_in=timedelta(days=5))
    with unit_of_work() as s:
        _org(s).cancellation_reasons = []
    sign_in(page)
    page.goto(f"/dashboard/schedule/{sessions[0]}")
    page.get_by_role("button", name="Cancel session").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog.locator(".cancel-summary")).to_be_visible()
    expect(dialog.get_by_label("Reason", exact=True)).to_have_count(0)  # no menu offering only "No reason from the list"
    expect(dialog.locator(".no-reasons-hint")).to_contain_text("A list of reasons to choose from can be set up in Settings.")
    expect(dialog.get_by_role("link", name="Settings")).to_have_attribute("href", "/dashboard/settings#cancellation-reasons-card")
    assert no_horizontal_scroll(page)
    dialog.get_by_label("More about it (the participants see it)").fill("The hall is flooded")
    dialog.get_by_role("button", name="Yes, cancel").click()
    expect(page.locator(".session-cancelled")).to_contain_text("The hall is flooded")
