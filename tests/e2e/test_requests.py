"""Requests the provider must answer, end to end in the browser."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.integrations.gateways import get_gateway
from bookingapp.integrations.payments import CardInput
from bookingapp.models import Booking, Customer, OutboxEmail, Payment, Service, StaffUser, utcnow
from bookingapp.services import manage_links, requests
from bookingapp.services.accounts import actor_for
from tests.e2e.conftest import no_horizontal_scroll, sign_in

BERLIN = ZoneInfo("Europe/Berlin")
_counter = iter(range(1000))


def _arrange_request(*, tbd: bool = True, name: str | None = None) -> tuple[Booking, str]:
    """A fresh request on the demo's wine tasting (or a copy whose location is fixed)."""
    n = next(_counter)
    with unit_of_work() as s:
        service = s.exec(select(Service).where(Service.slug == "wine-tasting")).one()
        if not tbd:
            fixed = s.exec(select(Service).where(Service.slug == "cellar-tour")).first()
            if fixed is None:
                fixed = Service(**{**service.model_dump(exclude={"id"}), "slug": "cellar-tour", "name": "Cellar tour",
                                   "location": "Weinbergweg 3", "location_tbd": False})
                s.add(fixed)
                s.flush()
            service = fixed
        start = (utcnow() + timedelta(days=6 + n % 20)).astimezone(BERLIN).replace(hour=17, minute=0, second=0, microsecond=0)
        form = requests.RequestForm(service_id=service.id, starts_at=start, party_size=2, group=False,
                                    name=name or f"Test Customer {n}", email=f"customer{n}@example.com", phone="",
                                    note="", card=CardInput("4242424242424242", 12, 2031, "123"))
        booking, token = requests.create_request(s, form=form, gateway=get_gateway())
    return booking, token


def _emails(app, key: str, booking_id: int) -> list[OutboxEmail]:
    with Session(app.engine) as s:
        return list(s.exec(select(OutboxEmail).where(OutboxEmail.template_key == key, OutboxEmail.booking_id == booking_id)))


def _booking(app, booking_id: int) -> Booking:
    with Session(app.engine) as s:
        return s.get(Booking, booking_id)


def _payment(app, booking_id: int) -> Payment:
    with Session(app.engine) as s:
        return s.exec(select(Payment).where(Payment.booking_id == booking_id)).one()


def _customer_email(app, booking: Booking) -> str:
    with Session(app.engine) as s:
        return s.get(Customer, booking.customer_id).email


def _card(page: Page, name: str) -> object:
    return page.locator(".request", has_text=name)


def _toast(page: Page, text: str) -> object:
    return page.locator("[data-sonner-toast]", has_text=text)


def test_customer_requests_a_date_on_a_phone(app, phone):
    phone.goto("/b/lindenhof/s/wine-tasting")
    expect(phone.get_by_text("Test mode: no real charge")).to_be_visible()
    expect(phone.get_by_text("Central European Time (Europe/Berlin)")).to_be_visible()
    day = (utcnow() + timedelta(days=9)).astimezone(BERLIN).date().isoformat()
    phone.get_by_label("Date", exact=True).fill(day)
    phone.get_by_label("Time", exact=True).fill("18:30")
    phone.get_by_role("radio", name="Group").click()
    phone.get_by_label("Number of people").fill("5")
    phone.get_by_label("Name", exact=True).fill("Paula Phone")
    phone.get_by_label("Email", exact=True).fill("paula@example.com")
    phone.get_by_label("Note (optional)").fill("Vegetarian snacks please")
    phone.get_by_label("Card number").fill("4242 4242 4242 4242")
    phone.get_by_label("Expiry (MM/YY)").fill("12/30")
    phone.get_by_label("CVC").fill("123")
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Send request").click()

    expect(phone.get_by_text("Your request is sent and waiting for the provider.")).to_be_visible()
    expect(phone.get_by_text("hours to answer")).to_be_visible()
    expect(phone.get_by_text("Your card is only on hold")).to_be_visible()
    expect(phone.get_by_text("18:30 CET")).to_be_visible()
    assert no_horizontal_scroll(phone)
    token = phone.url.split("/m/")[1].split("?")[0]
    with Session(app.engine) as s:
        booking = manage_links.booking_for(s, token)
        assert (booking.status, booking.party_size, booking.group_booking) == ("requested", 5, True)
    received = _emails(app, "request_received", booking.id)
    assert received[0].to_email == "paula@example.com" and f"/m/{token}" in received[0].text
    new = _emails(app, "new_booking", booking.id)[0]
    assert f"/dashboard/inbox?booking={booking.reference}" in new.text and "Respond to this booking" in new.text
    assert new.text.count("/dashboard/inbox?booking=") == 1  # the link is given once


def test_declined_card_shows_the_decline_and_creates_nothing(app, phone):
    with Session(app.engine) as s:
        before = len(s.exec(select(Booking)).all())
    phone.goto("/b/lindenhof/s/wine-tasting")
    phone.get_by_label("Date", exact=True).fill((utcnow() + timedelta(days=9)).date().isoformat())
    phone.get_by_label("Time", exact=True).fill("12:00")
    phone.get_by_label("Name", exact=True).fill("Declan Decline")
    phone.get_by_label("Email", exact=True).fill("declan@example.com")
    phone.get_by_label("Card number").fill("4000 0000 0000 0002")
    phone.get_by_label("Expiry (MM/YY)").fill("12/30")
    phone.get_by_label("CVC").fill("123")
    phone.get_by_role("button", name="Send request").click()
    expect(phone.get_by_role("alert").filter(has_text="declined")).to_be_visible()
    with Session(app.engine) as s:
        assert len(s.exec(select(Booking)).all()) == before


def _gateway_intents(app) -> dict[str, str]:
    """Every hold the local gateway placed, by id, with its status."""
    engine = sa.create_engine(app.env["LOCAL_GATEWAY_URL"])
    try:
        with engine.connect() as conn:
            return dict(conn.execute(sa.text("SELECT id, status FROM local_gateway_intent")).all())
    finally:
        engine.dispose()


def test_a_working_card_after_a_decline_sends_the_request(app, page, request):
    email = f"carla-{request.node.callspec.id}@example.com"
    intents_before = _gateway_intents(app)
    page.goto("/b/lindenhof/s/wine-tasting")
    page.get_by_label("Date", exact=True).fill((utcnow() + timedelta(days=11)).date().isoformat())
    page.get_by_label("Time", exact=True).fill("15:00")
    page.get_by_label("Name", exact=True).fill("Carla Retry")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Card number").fill("4000 0000 0000 0002")
    page.get_by_label("Expiry (MM/YY)").fill("12/30")
    page.get_by_label("CVC").fill("123")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert").filter(has_text="declined")).to_be_visible()

    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("Your request is sent and waiting for the provider.")).to_be_visible()
    with Session(app.engine) as s:
        bookings = s.exec(select(Booking).join(Customer).where(Customer.email == email)).all()
        assert len(bookings) == 1
        payments = s.exec(select(Payment).where(Payment.booking_id == bookings[0].id)).all()
    assert [(p.status, p.card_last4) for p in payments] == [("authorized", "4242")]
    new_intents = {k: v for k, v in _gateway_intents(app).items() if k not in intents_before}
    assert new_intents == {payments[0].external_id: "requires_capture"}  # one hold, none left over


def test_new_booking_link_opens_the_request_in_the_inbox_after_sign_in(app, desktop):
    booking, _ = _arrange_request(name="Linda Link")
    desktop.goto(f"/dashboard/inbox?booking={booking.reference}")
    desktop.wait_for_url("**/signin?next=**")
    desktop.get_by_label("Email").fill("demo@example.com")
    desktop.get_by_label("Password").fill("demo-password")
    desktop.get_by_role("button", name="Sign in").click()
    desktop.wait_for_url(re.compile(rf"/dashboard/inbox/?\?booking={booking.reference}$"))
    expect(desktop.locator(f"#request-{booking.reference}")).to_be_visible()


def test_provider_confirms_without_location_tbd(app, desktop):
    booking, _ = _arrange_request(tbd=False, name="Olga Okay")
    sign_in(desktop, next_path=routes.INBOX)
    card = _card(desktop, "Olga Okay")
    expect(card.locator(".countdown")).to_contain_text("in ")
    card.get_by_role("button", name="Confirm").click()
    dialog = desktop.get_by_role("dialog")
    expect(dialog).to_contain_text("Confirm this booking?")
    dialog.get_by_role("button", name="OK").click()
    expect(desktop.get_by_text("Booking confirmed. The customer has been emailed.")).to_be_visible()
    expect(_card(desktop, "Olga Okay")).to_have_count(0)
    assert _booking(app, booking.id).status == "confirmed"
    assert _payment(app, booking.id).status == "captured"
    confirmation = _emails(app, "booking_confirmed", booking.id)[0]
    assert confirmation.attachments[0]["filename"].endswith(".ics")
    assert not _emails(app, "location_message", booking.id)


def test_provider_confirms_with_location_tbd_giving_the_address_which_every_page_then_shows(app, page):
    booking, token = _arrange_request(name=f"Theo Tbd {page.viewport_size['width']}")
    sign_in(page, next_path=routes.INBOX)
    card = _card(page, f"Theo Tbd {page.viewport_size['width']}")
    expect(card.locator(".order-reference")).to_contain_text(booking.reference)
    expect(card).to_contain_text(_customer_email(app, booking))
    card.get_by_role("button", name="Confirm").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("direct email contact")
    dialog.get_by_label("Message to the customer").fill("Let us meet at the vineyard gate. Bring good shoes!")
    dialog.get_by_role("button", name="Yes, send and confirm").click()
    expect(dialog.get_by_role("alert")).to_contain_text("enter where you meet the customer")
    dialog.get_by_label("Where you meet (address)").fill("Weinbergweg 3, vineyard gate")
    assert no_horizontal_scroll(page)
    dialog.get_by_role("button", name="Yes, send and confirm").click()
    expect(page.get_by_text("Booking confirmed. The customer has been emailed.")).to_be_visible()
    confirmed = _booking(app, booking.id)
    assert (confirmed.status, confirmed.location, confirmed.location_tbd) == ("confirmed", "Weinbergweg 3, vineyard gate", False)
    message = _emails(app, "location_message", booking.id)[0]
    with Session(app.engine) as s:
        owner = s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one()
    assert message.reply_to == owner.email and "vineyard gate" in message.text
    confirmation = _emails(app, "booking_confirmed", booking.id)[0]
    assert "Location: Weinbergweg 3, vineyard gate" in confirmation.text and "To be arranged" not in confirmation.text
    assert "LOCATION:Weinbergweg 3\\, vineyard gate" in confirmation.attachments[0]["content"]

    page.goto(f"/dashboard/orders/{booking.reference}")
    expect(page.get_by_text("Weinbergweg 3, vineyard gate")).to_be_visible()
    expect(page.locator(".order-messages .message")).to_contain_text("Bring good shoes!")
    assert no_horizontal_scroll(page)

    page.goto(f"/m/{token}")
    expect(page.get_by_text("Weinbergweg 3, vineyard gate")).to_be_visible()
    expect(page.get_by_text("To be arranged")).to_have_count(0)
    expect(page.locator(".messages-section .message")).to_contain_text("Bring good shoes!")
    # Private or group, and what the price is for (the demo tasting: 2 people, private).
    expect(page.get_by_text("Private", exact=True)).to_be_visible()
    expect(page.locator(".price")).to_contain_text("for the whole group, not per person")
    assert no_horizontal_scroll(page)


def test_provider_proposes_20_slots_and_customer_picks_one_on_a_phone(app, desktop, phone):
    booking, token = _arrange_request(name="Rita Reschedule")
    sign_in(desktop, next_path=routes.INBOX)
    _card(desktop, "Rita Reschedule").get_by_role("button", name="Reschedule").click()
    dialog = desktop.get_by_role("dialog")
    dialog.get_by_label("Why the requested time does not work").fill("We are closed that week.")
    first_day = (utcnow() + timedelta(days=30)).astimezone(BERLIN).date()
    for i in range(20):
        if i:
            dialog.get_by_role("button", name="Add a time").click()
        row = dialog.locator(".slot-row").nth(i)
        row.get_by_label("Date", exact=True).fill((first_day + timedelta(days=i)).isoformat())
        row.get_by_label("Time", exact=True).fill("16:00")
    expect(dialog.locator("#slot-counter")).to_have_text("20 of 20")
    dialog.get_by_role("button", name="Add a time").click()
    expect(dialog.get_by_role("alert")).to_contain_text("at most 20")
    expect(dialog.locator(".slot-row")).to_have_count(20)
    expect(dialog).to_contain_text("Preview of the email")
    dialog.get_by_role("button", name="Send proposal").click()
    expect(desktop.get_by_text("Proposal sent.")).to_be_visible()
    assert _booking(app, booking.id).status == "reschedule_proposed"
    email = _emails(app, "reschedule_proposed", booking.id)[0]
    assert email.text.count("?slot=") == 20

    sixth = email.text.split("?slot=")[6].split()[0]
    phone.goto(f"/m/{token}?slot={sixth}")
    dialog = phone.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Book this time?")
    expect(dialog).to_contain_text((first_day + timedelta(days=5)).strftime("%-d %b %Y") + ", 16:00")
    dialog.get_by_role("button", name="Yes, book this time").click()
    expect(phone.get_by_role("status").filter(has_text="Your booking is confirmed.")).to_be_visible()
    expect(phone.locator(".status")).to_have_text("Confirmed")
    assert no_horizontal_scroll(phone)
    assert _payment(app, booking.id).status == "captured"
    assert _emails(app, "slot_picked", booking.id) and _emails(app, "booking_confirmed", booking.id)


def _propose(booking_id: int) -> None:
    with unit_of_work() as s:
        owner = s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one()
        requests.propose_reschedule(s, actor=actor_for(owner), booking_id=booking_id, message="Closed that day.",
                                    slots=[utcnow() + timedelta(days=40), utcnow() + timedelta(days=41)])


def test_customer_replies_and_the_provider_sees_it(app, phone, desktop):
    booking, token = _arrange_request(name="Ria Reply")
    _propose(booking.id)
    phone.goto(f"/m/{token}")
    phone.get_by_label("Or answer with a message").fill("Could we do the Saturday after?")
    phone.get_by_role("button", name="Send message").click()
    expect(phone.get_by_role("status").filter(has_text="Your message was sent to the provider.")).to_be_visible()
    assert _emails(app, "customer_replied", booking.id)[0].text.count("Could we do the Saturday after?") == 1
    sign_in(desktop, next_path=routes.INBOX)
    expect(desktop.locator(".proposal", has_text="Ria Reply")).to_contain_text("Could we do the Saturday after?")


def test_a_conversation_both_ways_then_the_provider_confirms_the_customers_time(app, page):
    width = page.viewport_size["width"]
    booking, token = _arrange_request(name=f"Connie Chat {width}")
    _propose(booking.id)
    sunday = (utcnow() + timedelta(days=45)).astimezone(BERLIN).date()

    # The customer answers the proposal with a message and a time of their own.
    page.goto(f"/m/{token}")
    page.get_by_label("Or answer with a message").fill("Could we do a Sunday instead?")
    page.get_by_label("Suggested date").fill(sunday.isoformat())
    page.get_by_label("Suggested time").fill("16:30")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("status").filter(has_text="Your message was sent to the provider.")).to_be_visible()
    thread = page.locator(".messages-section .message")
    expect(thread).to_have_count(2)
    expect(thread.nth(0)).to_contain_text("Closed that day.")
    expect(thread.nth(1)).to_contain_text("You")
    expect(thread.nth(1)).to_contain_text("Could we do a Sunday instead?")
    expect(thread.nth(1).locator(".suggested-time")).to_contain_text("16:30")
    [asked] = _emails(app, "customer_replied", booking.id)
    customer_email = _customer_email(app, booking)
    assert asked.reply_to == customer_email and "Could we do a Sunday instead?" in asked.text and "16:30" in asked.text

    # The provider sees who it is (order number, email) and answers with a message only.
    sign_in(page, next_path=routes.INBOX)
    card = page.locator(f"#proposal-{booking.reference}")
    expect(card.locator(".order-reference")).to_contain_text(booking.reference)
    expect(card).to_contain_text(customer_email)
    expect(card).to_contain_text("Could we do a Sunday instead?")
    expect(card.locator(".suggested-time")).to_contain_text("16:30")
    card.get_by_role("button", name="Reply").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Your message").fill("Sunday works if you can come at 16:30 sharp.")
    dialog.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Message sent. The customer has been emailed")).to_be_visible()
    [answered] = _emails(app, "provider_message", booking.id)
    assert answered.to_email == customer_email and answered.reply_to == "demo@example.com"
    assert "16:30 sharp" in answered.text and f"/m/{token}" in answered.text

    # ... then confirms the customer's time, with the place to meet.
    card = page.locator(f"#proposal-{booking.reference}")
    card.get_by_role("button", name=re.compile(r"^Confirm .*16:30")).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Confirm the time the customer suggests?")
    dialog.get_by_label("Where you meet (address)").fill("Weinbergweg 3")
    assert no_horizontal_scroll(page)
    dialog.get_by_role("button", name="Confirm this time").click()
    expect(page.get_by_text("Booking confirmed at the time the customer suggested.")).to_be_visible()
    expect(page.locator(f"#proposal-{booking.reference}")).to_have_count(0)
    confirmed = _booking(app, booking.id)
    assert confirmed.status == "confirmed" and confirmed.location == "Weinbergweg 3"
    assert confirmed.starts_at.astimezone(BERLIN).date() == sunday and confirmed.starts_at.astimezone(BERLIN).hour == 16
    assert _payment(app, booking.id).status == "captured"

    # The order page shows the whole conversation, oldest first.
    page.goto(f"/dashboard/orders/{booking.reference}")
    messages = page.locator(".order-messages .message")
    expect(messages).to_have_count(3)
    expect(messages.nth(0)).to_contain_text("Closed that day.")
    expect(messages.nth(1)).to_contain_text(f"Connie Chat {width}")
    expect(messages.nth(2)).to_contain_text("16:30 sharp")
    expect(page.get_by_text("Weinbergweg 3", exact=True)).to_be_visible()
    assert no_horizontal_scroll(page)

    # The customer's page shows the provider's answer and the new time.
    page.goto(f"/m/{token}")
    expect(page.locator(".status")).to_have_text("Confirmed")
    expect(page.locator(".messages-section .message").nth(2)).to_contain_text("16:30 sharp")
    expect(page.get_by_text("Weinbergweg 3", exact=True)).to_be_visible()


def test_after_a_reply_the_provider_proposes_new_times_again(app, desktop):
    booking, token = _arrange_request(name="Paul Propose-Again")
    _propose(booking.id)
    with unit_of_work() as s:
        requests.reply_to_proposal(s, token=token, message="None of those work for us.")
    sign_in(desktop, next_path=routes.INBOX)
    card = desktop.locator(f"#proposal-{booking.reference}")
    card.get_by_role("button", name="Propose new times").click()
    dialog = desktop.get_by_role("dialog")
    dialog.get_by_label("Why the requested time does not work").fill("Then perhaps one of these?")
    row = dialog.locator(".slot-row").nth(0)
    row.get_by_label("Date", exact=True).fill((utcnow() + timedelta(days=50)).astimezone(BERLIN).date().isoformat())
    row.get_by_label("Time", exact=True).fill("15:00")
    dialog.get_by_role("button", name="Send proposal").click()
    expect(desktop.get_by_text("Proposal sent.")).to_be_visible()
    expect(desktop.locator(f"#proposal-{booking.reference}")).to_contain_text("No reply yet.")
    emails = _emails(app, "reschedule_proposed", booking.id)
    assert len(emails) == 2 and "Then perhaps one of these?" in emails[1].text and emails[1].reply_to == "demo@example.com"
    desktop.locator(f"#proposal-{booking.reference}").get_by_role("link", name="Open the order").click()
    messages = desktop.locator(".order-messages .message")
    expect(messages).to_have_count(3)
    expect(messages.nth(1)).to_contain_text("None of those work for us.")
    expect(messages.nth(2)).to_contain_text("Then perhaps one of these?")


def test_customer_asks_for_a_refund(app, phone):
    booking, token = _arrange_request(name="Rolf Refund")
    _propose(booking.id)
    phone.goto(f"/m/{token}")
    phone.get_by_role("button", name="None of these work").click()
    phone.get_by_role("alertdialog").get_by_role("button", name="Yes, cancel").click()
    expect(phone.get_by_role("status").filter(has_text="hold on your card released")).to_be_visible()
    expect(phone.locator(".status")).to_have_text("Cancelled")
    assert _payment(app, booking.id).status == "released"
    assert _emails(app, "refund_requested", booking.id) and _emails(app, "refund_requested_provider", booking.id)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_provider_rejects_with_a_reason(app, request, viewport):
    page = request.getfixturevalue(viewport)
    booking, _ = _arrange_request(name=f"Rex Reject {viewport}")
    sign_in(page, next_path=routes.INBOX)
    _card(page, f"Rex Reject {viewport}").get_by_role("button", name="Reject", exact=True).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Reject").click()
    expect(dialog.get_by_role("alert")).to_contain_text("Choose a reason")
    dialog.get_by_label("Reason").click()
    page.get_by_role("option", name="We are fully booked at that time.").click()
    dialog.get_by_role("button", name="Reject").click()
    expect(_toast(page, "Request rejected.")).to_be_in_viewport()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(_card(page, f"Rex Reject {viewport}")).to_have_count(0)
    # Focus went on to the next card (or the page's main region), not to the page body.
    expect(page.locator(":is(.request, .proposal, .rebooking-ask, main):focus")).to_have_count(1)
    assert _booking(app, booking.id).status == "rejected"
    assert _payment(app, booking.id).status == "released"
    assert "fully booked" in _emails(app, "request_rejected", booking.id)[0].text


def test_sweeper_expires_an_unanswered_request(app, desktop):
    booking, token = _arrange_request(name="Evi Expire")
    with unit_of_work() as s:
        row = s.get(Booking, booking.id)
        row.respond_by = utcnow() - timedelta(minutes=1)
        s.add(row)
    app.sweep()
    assert _booking(app, booking.id).status == "expired"
    assert _payment(app, booking.id).status == "released"
    assert _emails(app, "request_expired", booking.id)[0].status == "sent"
    assert _emails(app, "request_expired_provider", booking.id)
    sign_in(desktop, next_path=routes.INBOX)
    expect(desktop.get_by_role("heading", name="Waiting for your answer")).to_be_visible()
    expect(_card(desktop, "Evi Expire")).to_have_count(0)
    desktop.goto(f"/m/{token}")
    expect(desktop.locator(".status")).to_have_text("Expired")


def test_confirm_on_a_card_below_the_fold_answers_in_view_and_focus_moves_to_the_next_card(app, page, request):
    width = request.node.callspec.id
    made = [_arrange_request(tbd=False, name=f"Fold {width} {i}")[0] for i in range(5)]
    sign_in(page, next_path=routes.INBOX)
    target, following = made[3], made[4]
    card = page.locator(f"#request-{target.reference}")
    card.get_by_role("button", name="Confirm").click()
    assert page.evaluate("window.scrollY") > 0  # the card was below the fold
    page.get_by_role("dialog").get_by_role("button", name="OK").click()

    expect(_toast(page, "Booking confirmed. The customer has been emailed.")).to_be_in_viewport()
    expect(card).to_have_count(0)
    expect(page.locator(f"#request-{following.reference}")).to_be_focused()
    expect(page.locator(f"#request-{following.reference}")).to_be_in_viewport()
    assert _booking(app, target.id).status == "confirmed"
    page.keyboard.press("Tab")  # the keyboard goes on inside that card, not from the top of the page
    assert page.evaluate(f"document.getElementById('request-{following.reference}').contains(document.activeElement)")


def test_propose_answers_in_view_and_focus_moves_to_the_next_card(app, page, request):
    width = request.node.callspec.id
    made = [_arrange_request(name=f"Move {width} {i}")[0] for i in range(3)]
    sign_in(page, next_path=routes.INBOX)
    page.locator(f"#request-{made[1].reference}").get_by_role("button", name="Reschedule").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Why the requested time does not work").fill("Closed that day.")
    day = (utcnow() + timedelta(days=30)).astimezone(BERLIN).date().isoformat()
    dialog.get_by_label("Date", exact=True).fill(day)
    dialog.get_by_label("Time", exact=True).fill("18:00")
    dialog.get_by_role("button", name="Send proposal").click()

    expect(_toast(page, "Proposal sent.")).to_be_in_viewport()
    expect(page.locator(f"#request-{made[2].reference}")).to_be_focused()
    expect(page.locator(f"#proposal-{made[1].reference}")).to_be_visible()


def test_the_respond_link_of_the_new_booking_email_scrolls_to_its_card_and_focuses_it(app, page, request):
    width = request.node.callspec.id
    made = [_arrange_request(name=f"Respond {width} {i}")[0] for i in range(4)]
    text = _emails(app, "new_booking", made[-1].id)[0].text
    path = re.search(rf"/dashboard/inbox\?booking={made[-1].reference}\b", text).group(0)
    sign_in(page, next_path=routes.INBOX)
    page.goto(path)
    card = page.locator(f"#request-{made[-1].reference}")
    expect(card).to_be_focused()
    expect(card).to_be_in_viewport()
