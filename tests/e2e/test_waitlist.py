"""The class waitlist in the browser: a customer on a phone joins a full class's waitlist,
staff free a place, the offer email's link claims it (credits debited); staff add someone
to a waitlist at desktop width and remove them again after confirming."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from bookingapp.db import unit_of_work
from bookingapp.models import (
    Booking,
    ClassSession,
    CreditLedger,
    Customer,
    Organization,
    OutboxEmail,
    Service,
    WaitlistEntry,
    utcnow,
)
from bookingapp.services import class_bookings, credits, customer_accounts
from bookingapp.services.customer_accounts import customer_actor
from tests.e2e.conftest import no_horizontal_scroll, sign_in


def _full_class(*, cost: int = 2) -> tuple[str, int, str]:
    """A one-place class three days out, already booked by someone: (title, session id, booker's name)."""
    title = f"Spin {uuid.uuid4().hex[:6]}"
    booker = f"Bob Booked{uuid.uuid4().hex[:4]}"
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        service = Service(organization_id=org.id, kind="class", name=title, slug=title.lower().replace(" ", "-"),
                          duration_minutes=60, credit_cost=cost, location="Studio 3")
        s.add(service)
        s.flush()
        starts = (utcnow() + timedelta(days=3)).replace(second=0, microsecond=0)
        row = ClassSession(organization_id=org.id, service_id=service.id, starts_at=starts, ends_at=starts + timedelta(hours=1),
                           capacity=1, location="Studio 3", credit_cost=cost)
        s.add(row)
        s.flush()
        session_id = row.id
    booker_id, _ = _customer(booker, 5)
    with unit_of_work() as s:
        customer = s.get(Customer, booker_id)
        class_bookings.book_seat(s, class_session_id=session_id, customer=customer, actor=customer_actor(customer),
                                 now=utcnow())
    return title, session_id, booker


def _customer(name: str, amount: int) -> tuple[int, str]:
    email = f"{name.split()[0].lower()}-{uuid.uuid4().hex[:8]}@example.com"
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        row = Customer(organization_id=org.id, email=email, name=name, email_verified=True)
        s.add(row)
        s.flush()
        s.add(CreditLedger(organization_id=org.id, customer_id=row.id, delta=amount, kind="grant", reason="Test credits"))
        return row.id, email


def _email(app, to: str, key: str) -> OutboxEmail:
    with Session(app.engine) as s:
        return s.exec(select(OutboxEmail).where(OutboxEmail.to_email == to, OutboxEmail.template_key == key)
                      .order_by(col(OutboxEmail.id).desc())).first()


def test_a_customer_on_a_phone_joins_gets_the_offer_when_staff_free_a_place_and_claims_it(app, phone: Page, desktop: Page):
    title, session_id, booker = _full_class(cost=2)
    wendy_id, wendy_email = _customer(f"Wendy Waiting{uuid.uuid4().hex[:4]}", 5)
    with Session(app.engine) as s:
        cookie = customer_accounts.session_cookie(s.get(Customer, wendy_id))
    phone.context.add_cookies([{"name": "customer_session", "value": cookie, "url": app.url}])

    # The customer sees the class is full and joins its waitlist.
    phone.goto("/b/lindenhof/classes")
    card = phone.locator(".class-card", has_text=title)
    expect(card.locator(".free-places")).to_have_text("Full")
    card.get_by_role("button", name=re.compile("^Join the waitlist")).click()
    expect(card.locator(".waitlist-position")).to_have_text("You are on the waitlist: number 1.")
    assert no_horizontal_scroll(phone)
    assert "number 1 on the waitlist" in _email(app, wendy_email, "waitlist_joined").text
    # It is remembered: a reload shows the position and the way out.
    phone.reload()
    expect(card.locator(".waitlist-position")).to_have_text("You are on the waitlist: number 1.")
    expect(card.get_by_role("button", name=re.compile("^Leave the waitlist"))).to_be_visible()

    # Staff remove the booked participant: the place is offered to the customer.
    sign_in(desktop)
    desktop.goto(f"/dashboard/schedule/{session_id}")
    panel = desktop.locator(".waitlist-panel")
    expect(panel.locator(".waitlist-row", has_text="Wendy Waiting")).to_contain_text("Waiting")
    desktop.get_by_role("button", name=f"Remove {booker}").click()
    dialog = desktop.get_by_role("alertdialog")
    dialog.get_by_label("Reason (the customer sees it)").fill("Injured")
    dialog.get_by_role("button", name="Yes, remove").click()
    expect(desktop.locator(".booked-count")).to_have_text("0/1")
    expect(panel.locator(".waitlist-row", has_text="Wendy Waiting")).to_contain_text("Place offered")

    # The offer email carries the claim link; the customer opens it on the phone and claims.
    offer = _email(app, wendy_email, "waitlist_offer")
    assert offer is not None and "2 credits" in offer.text
    link = re.search(r"https?://[^\s]+(/b/lindenhof/waitlist/[A-Za-z0-9_-]+)", offer.text).group(1)
    phone.goto(link)
    expect(phone.get_by_role("heading", name=title)).to_be_visible()
    expect(phone.locator(".offer-deadline")).to_have_text(re.compile(r"\d{2}:\d{2} CES?T$"))
    expect(phone.get_by_text(re.compile("^It is held for you until"))).to_contain_text("(Central European Time (Europe/Berlin))")
    expect(phone.get_by_text("Your balance")).to_be_visible()
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Claim my place").click()
    expect(phone.get_by_role("status").filter(has_text="Booked.")).to_be_visible()

    with Session(app.engine) as s:
        booking = s.exec(select(Booking).where(Booking.customer_id == wendy_id)).one()
        entry = s.exec(select(WaitlistEntry).where(WaitlistEntry.customer_id == wendy_id)).one()
        assert (booking.session_id, booking.status, booking.credits_spent) == (session_id, "confirmed", 2)
        assert entry.status == "claimed"
        assert credits.balance(s, wendy_id) == 3
        assert class_bookings.taken_places(s, session_id) == 1
    assert _email(app, wendy_email, "class_booked") is not None

    # The link now says it is done, and claiming again is not possible.
    phone.reload()
    expect(phone.get_by_text("You claimed this place.")).to_be_visible()
    expect(phone.get_by_role("button", name="Claim my place")).to_have_count(0)


def test_staff_add_a_customer_to_a_full_class_waitlist_and_remove_them_after_confirming(app, desktop: Page):
    _, session_id, _ = _full_class()
    name = f"Quinn Queue{uuid.uuid4().hex[:4]}"
    customer_id, email = _customer(name, 5)
    sign_in(desktop)
    desktop.goto(f"/dashboard/schedule/{session_id}")
    panel = desktop.locator(".waitlist-panel")
    expect(panel.get_by_text("Nobody is waiting.")).to_be_visible()

    panel.get_by_label("Add to the waitlist: search by name or email").fill(email[:14])
    panel.get_by_role("button", name=f"Add to the waitlist: {name}").click()

    row = panel.locator(".waitlist-row", has_text=name)
    expect(row).to_contain_text("1.")
    expect(row).to_contain_text("Waiting")
    expect(panel.get_by_role("status")).to_contain_text("Added to the waitlist at number 1")
    joined = _email(app, email, "waitlist_joined")
    assert joined is not None and "/b/lindenhof/waitlist/" in joined.text
    assert no_horizontal_scroll(desktop)

    # Removing asks first; going back changes nothing.
    row.get_by_role("button", name=f"Remove from the waitlist: {name}").click()
    dialog = desktop.get_by_role("alertdialog")
    expect(dialog).to_contain_text("They will lose their place on the waitlist")
    dialog.get_by_role("button", name="Back").click()
    expect(row).to_contain_text("Waiting")
    row.get_by_role("button", name=f"Remove from the waitlist: {name}").click()
    desktop.get_by_role("alertdialog").get_by_role("button", name="Yes, remove").click()
    expect(row).to_contain_text("Left")
    with Session(app.engine) as s:
        entry = s.exec(select(WaitlistEntry).where(WaitlistEntry.customer_id == customer_id)).one()
    assert entry.status == "left" and entry.added_by_staff_id is not None


def test_a_customer_leaves_the_waitlist_with_one_click(app, phone: Page):
    title, session_id, _ = _full_class()
    customer_id, _ = _customer(f"Lea Leaving{uuid.uuid4().hex[:4]}", 5)
    with Session(app.engine) as s:
        cookie = customer_accounts.session_cookie(s.get(Customer, customer_id))
    phone.context.add_cookies([{"name": "customer_session", "value": cookie, "url": app.url}])
    phone.goto("/b/lindenhof/classes")
    card = phone.locator(".class-card", has_text=title)
    card.get_by_role("button", name=re.compile("^Join the waitlist")).click()
    expect(card.locator(".waitlist-position")).to_have_text("You are on the waitlist: number 1.")

    card.get_by_role("button", name=re.compile("^Leave the waitlist")).click()

    expect(card.get_by_role("button", name=re.compile("^Join the waitlist"))).to_be_visible()
    expect(card.locator(".waitlist-position")).to_have_count(0)
    with Session(app.engine) as s:
        entry = s.exec(select(WaitlistEntry).where(WaitlistEntry.customer_id == customer_id)).one()
    assert (entry.session_id, entry.status) == (session_id, "left")


# --- Issue 22: a waitlist that moves past a guest who cannot pay -------------------------


def test_a_guest_who_cannot_pay_is_skipped_and_the_next_person_gets_the_offer(app, page: Page):
    from bookingapp.services import waitlist

    title, session_id, booker = _full_class(cost=2)
    poor_name = f"Paul Poor{uuid.uuid4().hex[:4]}"
    rich_name = f"Rita Ready{uuid.uuid4().hex[:4]}"
    poor_id, poor_email = _customer(poor_name, 0)
    rich_id, rich_email = _customer(rich_name, 5)
    with unit_of_work() as s:
        for customer_id in (poor_id, rich_id):  # the guest who cannot pay is first in the queue
            customer = s.get(Customer, customer_id)
            waitlist.join(s, class_session_id=session_id, customer=customer, actor=customer_actor(customer), now=utcnow())

    sign_in(page)
    page.goto(f"/dashboard/schedule/{session_id}")
    page.get_by_role("button", name=f"Remove {booker}").click()
    dialog = page.get_by_role("alertdialog")
    dialog.get_by_label("Reason (the customer sees it)").fill("Injured")
    dialog.get_by_role("button", name="Yes, remove").click()
    expect(page.locator(".booked-count")).to_have_text("0/1")

    panel = page.locator(".waitlist-panel")
    expect(panel.locator(".waitlist-row", has_text=rich_name)).to_contain_text("Place offered")
    expect(panel.locator(".waitlist-row", has_text=poor_name)).to_contain_text("Waiting")
    assert no_horizontal_scroll(page)
    assert _email(app, rich_email, "waitlist_offer") is not None
    assert _email(app, poor_email, "waitlist_offer") is None

    # The guest keeps their place in the queue: first, as their link shows.
    joined = _email(app, poor_email, "waitlist_joined")
    link = re.search(r"https?://[^\s]+(/b/lindenhof/waitlist/[A-Za-z0-9_-]+)", joined.text).group(1)
    page.goto(link)
    expect(page.locator(".waitlist-position")).to_contain_text("number 1")
    assert title


def test_staff_tell_two_waiting_customers_of_one_name_apart_and_promote_after_confirming(app, page: Page):
    from bookingapp.services import waitlist
    from tests.e2e.helpers_dialogs import open_by_keyboard

    _, session_id, _ = _full_class()
    name = f"Nina Neu{uuid.uuid4().hex[:4]}"
    (first_id, first_email), (second_id, second_email) = _customer(name, 5), _customer(name, 5)
    with unit_of_work() as s:
        for customer_id in (first_id, second_id):
            customer = s.get(Customer, customer_id)
            waitlist.join(s, class_session_id=session_id, customer=customer, actor=customer_actor(customer), now=utcnow())
    with unit_of_work() as s:  # a place more, without the offer a capacity change sends: staff choose whom
        s.get(ClassSession, session_id).capacity = 2
    sign_in(page)
    page.goto(f"/dashboard/schedule/{session_id}")
    panel = page.locator(".waitlist-panel")
    rows = panel.locator(".waitlist-row")
    expect(rows).to_have_count(2)
    # Each person named with the email in the buttons' names.
    expect(panel.get_by_role("button", name=f"Remove from the waitlist: {name} ({first_email})")).to_be_visible()
    expect(panel.get_by_role("button", name=f"Promote into the class: {name} ({second_email})")).to_be_visible()
    # The name and the email keep the line's width on a phone; the status wraps below.
    who_width = rows.first.locator(".waitlist-who").evaluate("e => e.getBoundingClientRect().width")
    row_width = rows.first.evaluate("e => e.getBoundingClientRect().width")
    assert who_width >= row_width * 0.6, (who_width, row_width)
    assert no_horizontal_scroll(page)

    # Promote asks first (who, with the email, and what it costs); Cancel changes nothing.
    promote = panel.get_by_role("button", name=f"Promote into the class: {name} ({second_email})")
    dialog = open_by_keyboard(page, promote)
    expect(dialog.locator(".promote-question")).to_have_text(
        f"Move {name} ({second_email}) into the class? 2 credits will be taken and they will get an email.")
    page.keyboard.press("Escape")
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    expect(promote).to_be_focused()  # back where the keyboard user was
    with Session(app.engine) as s:
        assert s.exec(select(Booking).where(Booking.customer_id == second_id)).first() is None
    promote.click()
    page.get_by_role("alertdialog").get_by_role("button", name="Promote").click()
    expect(page.get_by_role("status").filter(has_text="Moved into the class.")).to_be_visible()
    with Session(app.engine) as s:
        booking = s.exec(select(Booking).where(Booking.customer_id == second_id)).one()
        assert (booking.session_id, booking.credits_spent) == (session_id, 2)
        assert s.exec(select(Booking).where(Booking.customer_id == first_id)).first() is None
