"""The customer's manage page of an appointment: pay, move, cancel, and when it says no."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from bookingapp import routes
from bookingapp.domain.formatting import fmt_datetime
from tests.e2e.conftest import no_horizontal_scroll
from tests.e2e.helpers_booking import (
    BERLIN,
    DECLINED,
    book,
    book_soon,
    booking,
    choose,
    emails,
    fill_card,
    free_days,
    payments_of,
    unique_email,
)

PROVIDER = {"consultation": "demo@example.com", "portrait-session": "coach@example.com"}


def _when(moment) -> str:
    return fmt_datetime(moment, "Europe/Berlin")


def _date_row(page: Page):
    return page.get_by_text("Date and time", exact=True).locator("xpath=following-sibling::*[1]")


def _pay(page: Page, number: str, amount: str) -> None:
    page.locator(".pay-section").get_by_role("button", name=f"Pay {amount}").click()
    fill_card(page, number)
    page.locator(".pay-section").get_by_role("button", name=f"Pay {amount}").click()


def test_paying_an_unpaid_booking_confirms_it(app, page: Page):
    email = unique_email("pia")
    arranged, token = book(app, "portrait-session", email=email, name="Pia Pay")
    page.goto(routes.manage(token))
    expect(page.locator(".status")).to_have_text("Payment required")
    expect(page.locator(".pay-section")).to_contain_text("Amount: €89.00")
    _pay(page, "4242 4242 4242 4242", "€89.00")

    expect(page.get_by_role("status").filter(has_text="Thank you: your payment went through.")).to_be_visible()
    expect(page.locator(".status")).to_have_text("Confirmed")
    expect(page.locator(".receipt")).to_contain_text("Paid €89.00 by card ending 4242")
    expect(page.locator(".pay-section")).to_have_count(0)
    assert no_horizontal_scroll(page)

    assert booking(app, arranged.id).status == "confirmed"
    [payment] = payments_of(app, arranged.id)
    assert (payment.status, payment.captured_minor) == ("captured", 8900)
    [receipt] = emails(app, "payment_received", arranged.id)
    assert receipt.to_email == email and "€89.00" in receipt.text
    assert emails(app, "booking_confirmed", arranged.id)[0].attachments[0]["filename"].endswith(".ics")


def test_a_declined_card_in_the_pay_form_changes_nothing(app, page: Page):
    email = unique_email("dora")
    arranged, token = book(app, "portrait-session", email=email, name="Dora Declined")
    page.goto(routes.manage(token))
    _pay(page, DECLINED, "€89.00")

    expect(page.locator("#card-error")).to_have_text("Your card was declined.")
    expect(page.locator(".status")).to_have_text("Payment required")
    expect(page.locator(".receipt")).to_have_count(0)
    assert no_horizontal_scroll(page)
    assert booking(app, arranged.id).status == "pending_payment"
    assert payments_of(app, arranged.id) == []
    assert not emails(app, "payment_received", arranged.id)


def test_after_a_declined_card_another_card_pays(app, page: Page):
    """A customer whose first card is declined tries a second one: that one must go through."""
    arranged, token = book(app, "portrait-session", email=unique_email("retry"), name="Rita Retry")
    page.goto(routes.manage(token))
    _pay(page, DECLINED, "€89.00")
    expect(page.locator("#card-error")).to_contain_text("declined")
    fill_card(page, "4242 4242 4242 4242")
    page.locator(".pay-section").get_by_role("button", name="Pay €89.00").click()

    expect(page.get_by_role("status").filter(has_text="Thank you: your payment went through.")).to_be_visible()
    expect(page.locator(".status")).to_have_text("Confirmed")
    [payment] = payments_of(app, arranged.id)
    assert (payment.status, payment.captured_minor, payment.card_last4) == ("captured", 8900, "4242")


def test_rescheduling_a_paid_booking_moves_only_the_time(app, page: Page):
    email = unique_email("mo")
    arranged, token = book(app, "consultation", email=email, name="Mo Move", paid=True)
    target = next(d for d in free_days(app, "consultation", ignore=arranged.id)
                  if d.day != arranged.starts_at.astimezone(BERLIN).date()).slots[-1]
    page.goto(routes.manage(token))
    expect(_date_row(page)).to_have_text(_when(arranged.starts_at))
    page.get_by_role("button", name="Reschedule").click()
    panel = page.locator(".reschedule-section")
    expect(panel).to_contain_text("Only the date and time change. Service, staff member, location and your answers stay as booked")
    expect(panel).to_contain_text("Consultation · Dana Demo · Lindenstraße 5, Berlin")
    expect(panel.locator(".slot-calendar")).to_be_visible()
    choose(page, target)
    assert no_horizontal_scroll(page)
    panel.get_by_role("button", name=f"Move my booking to {target.astimezone(BERLIN):%H:%M}").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Move your booking?")
    expect(dialog).to_contain_text(f"Current time: {_when(arranged.starts_at)}")
    # Both dates in one format (issue 23 saw "Thu, 17 Dec 2026, 11:00 CET" beside "Tuesday, December 22, 2026 · 12:00").
    expect(dialog).to_contain_text(f"New time: {_when(target)}")
    dialog.get_by_role("button", name="Yes, move it").click()

    expect(page.get_by_role("status").filter(has_text="Your booking is moved.")).to_be_visible()
    expect(_date_row(page)).to_have_text(_when(target))
    expect(page.locator(".status")).to_have_text("Confirmed")
    expect(page.locator(".reschedule-section")).to_have_count(0)
    assert no_horizontal_scroll(page)

    moved = booking(app, arranged.id)
    assert (moved.starts_at, moved.ends_at - moved.starts_at, moved.status) == (target, arranged.ends_at - arranged.starts_at, "confirmed")
    [payment] = payments_of(app, arranged.id)
    assert (payment.status, payment.captured_minor) == ("captured", 4500)
    [changed] = emails(app, "booking_changed", arranged.id)
    assert changed.to_email == email and _when(arranged.starts_at) in changed.text and _when(target) in changed.text
    assert changed.attachments[0]["filename"] == f"booking-{arranged.reference}.ics"
    [provider] = emails(app, "booking_changed_provider", arranged.id)
    assert provider.to_email == PROVIDER["consultation"]
    assert not emails(app, "booking_payment_required", arranged.id)


def test_rescheduling_an_unpaid_prepaid_booking_asks_for_payment_again(app, page: Page):
    email = unique_email("una")
    arranged, token = book(app, "portrait-session", email=email, name="Una Unpaid")
    target = next(d for d in free_days(app, "portrait-session", ignore=arranged.id)
                  if d.day != arranged.starts_at.astimezone(BERLIN).date()).slots[0]
    page.goto(routes.manage(token))
    page.get_by_role("button", name="Reschedule").click()
    choose(page, target)
    page.locator(".reschedule-section").get_by_role("button", name=re.compile(r"^Move my booking to")).click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, move it").click()

    expect(page.get_by_role("status").filter(has_text="Your booking is moved.")).to_be_visible()
    expect(_date_row(page)).to_have_text(_when(target))
    expect(page.locator(".status")).to_have_text("Payment required")
    expect(page.locator(".pay-section")).to_contain_text("€89.00")
    moved = booking(app, arranged.id)
    assert (moved.starts_at, moved.status) == (target, "pending_payment")
    first, again = emails(app, "booking_payment_required", arranged.id)
    assert again.to_email == email and _when(target) in again.text
    assert not emails(app, "booking_changed", arranged.id)
    assert emails(app, "booking_changed_provider", arranged.id)[0].to_email == PROVIDER["portrait-session"]


def test_cancelling_a_paid_booking_keeps_the_payment_for_the_provider_to_decide(app, page: Page):
    email = unique_email("cleo")
    arranged, token = book(app, "consultation", email=email, name="Cleo Cancel", paid=True)
    page.goto(routes.manage(token))
    page.get_by_role("button", name="Cancel booking").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Cancel your booking?")
    expect(dialog).to_contain_text(f"Consultation · {_when(arranged.starts_at)}")
    expect(dialog).to_contain_text("Your booking will be cancelled and the time freed.")  # said before it happens
    expect(dialog).to_contain_text("Cancelling will not refund your payment by itself")
    dialog.get_by_role("button", name="Back").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    expect(page.locator(".status")).to_have_text("Confirmed")
    assert booking(app, arranged.id).status == "confirmed"
    assert not emails(app, "booking_cancelled", arranged.id)

    page.get_by_role("button", name="Cancel booking").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.get_by_role("status").filter(has_text="Your booking is cancelled.")).to_be_visible()
    expect(page.locator(".status")).to_have_text("Cancelled")
    expect(page.get_by_text("Refunds are not automatic: the provider decides and lets you know.")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel booking")).to_have_count(0)
    expect(page.get_by_role("button", name="Reschedule")).to_have_count(0)
    assert no_horizontal_scroll(page)

    cancelled = booking(app, arranged.id)
    assert (cancelled.status, cancelled.refund_decision) == ("cancelled", "pending")
    [payment] = payments_of(app, arranged.id)
    assert (payment.status, payment.captured_minor, payment.refunded_minor) == ("captured", 4500, 0)
    [to_customer] = emails(app, "booking_cancelled", arranged.id)
    assert to_customer.to_email == email
    [to_provider] = emails(app, "booking_cancelled_provider", arranged.id)
    assert to_provider.to_email == PROVIDER["consultation"]
    assert "Nothing was refunded" in to_provider.text


def test_cancelling_an_unpaid_booking_says_nothing_about_refunds(app, page: Page):
    arranged, token = book(app, "consultation", email=unique_email("ugo"), name="Ugo Unpaid")
    page.goto(routes.manage(token))
    page.get_by_role("button", name="Cancel booking").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.locator(".status")).to_have_text("Cancelled")
    expect(page.get_by_text("Refunds are not automatic")).to_have_count(0)
    cancelled = booking(app, arranged.id)
    assert (cancelled.status, cancelled.refund_decision) == ("cancelled", None)
    assert emails(app, "booking_cancelled", arranged.id) and emails(app, "booking_cancelled_provider", arranged.id)


def test_past_the_cutoff_changes_are_closed_and_the_provider_is_named(app, page: Page):
    arranged, token = book_soon(app, email=unique_email("late"), name="Lars Late")
    page.goto(routes.manage(token))
    expect(page.locator(".status")).to_have_text("Confirmed")
    callout = page.locator(".cutoff-passed")
    deadline = booking(app, arranged.id).starts_at - timedelta(hours=24)
    expect(callout).to_contain_text(f"Online changes have closed: they were possible until {_when(deadline)}.")
    expect(callout).to_contain_text("no later than 24 hours before the visit")
    expect(callout.get_by_role("link", name="demo@example.com")).to_have_attribute("href", "mailto:demo@example.com")
    expect(page.get_by_role("button", name="Reschedule")).to_have_count(0)
    expect(page.get_by_role("button", name="Cancel booking")).to_have_count(0)
    assert no_horizontal_scroll(page)


def test_a_tampered_link_opens_nothing(app, page: Page):
    arranged, token = book(app, "consultation", email=unique_email("tom"), name="Tamara Tampered")
    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    page.goto(routes.manage(tampered))
    expect(page.get_by_role("heading", name="This link does not open a booking")).to_be_visible()
    content = page.locator("main").inner_text()
    assert arranged.reference not in content and "Tamara" not in content and "Consultation" not in content
    expect(page.get_by_role("button", name="Cancel booking")).to_have_count(0)
    assert no_horizontal_scroll(page)
    assert booking(app, arranged.id).status == "confirmed"


# --- issue 21: payment history (7), a payment deadline (8), wording and dead ends (9) -----


def test_paid_on_keeps_the_capture_time_after_a_refund_and_each_refund_is_listed(app, page: Page):
    from sqlmodel import Session, select

    from bookingapp.db import unit_of_work
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.models import PaymentOperation, StaffUser, utcnow
    from bookingapp.services import payment_history
    from bookingapp.services.accounts import actor_for

    arranged, token = book(app, "consultation", email=unique_email("rita"), name="Rita Refund", paid=True)
    [payment] = payments_of(app, arranged.id)
    captured_at = utcnow() - timedelta(days=3)
    with unit_of_work() as s:  # paid three days ago, refunded now: the two dates differ on the page
        capture = s.exec(select(PaymentOperation).where(PaymentOperation.payment_id == payment.id,
                                                        PaymentOperation.kind == "capture")).one()
        capture.created_at = captured_at
        s.add(capture)
    with Session(app.engine) as s:
        owner = actor_for(s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one())
    with unit_of_work() as s:
        payment_history.refund_part(s, actor=owner, booking_id=arranged.id, amount="10", quoted_refunded_minor=0,
                                    gateway=get_gateway())
    refunded_at = utcnow()

    page.goto(routes.manage(token))
    expect(page.locator(".receipt")).to_have_text(f"Paid €45.00 by card ending 4242 on {_when(captured_at)}")
    lines = page.locator(".refund-line")
    expect(lines).to_have_count(1)
    expect(lines.first).to_have_text(re.compile(rf"^€10.00 refunded on {_when(refunded_at)[:12]}"))
    assert no_horizontal_scroll(page)


def test_the_cancel_dialog_speaks_in_the_future_and_the_reason_reaches_the_provider(app, page: Page):
    from tests.e2e.conftest import sign_in

    arranged, token = book(app, "consultation", email=unique_email("rhea"), name="Rhea Reason")
    page.goto(routes.manage(token))
    page.get_by_role("button", name="Cancel booking").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Your booking will be cancelled and the time freed.")
    expect(dialog).not_to_contain_text("refund")  # nothing was paid
    dialog.get_by_label("Reason (optional)").fill("My train was cancelled.")
    assert no_horizontal_scroll(page)
    dialog.get_by_role("button", name="Yes, cancel my booking").click()
    expect(page.locator(".status")).to_have_text("Cancelled")
    assert booking(app, arranged.id).cancel_reason == "My train was cancelled."
    [to_provider] = emails(app, "booking_cancelled_provider", arranged.id)
    assert "Reason given: My train was cancelled." in to_provider.text

    sign_in(page)
    page.goto(routes.order(arranged.reference))
    expect(page.locator(".cancel-reason")).to_have_text("My train was cancelled.")


def test_an_action_from_a_replaced_link_says_so_once(app, page: Page):
    from sqlmodel import Session, select

    from bookingapp.db import unit_of_work
    from bookingapp.models import StaffUser
    from bookingapp.services import manage_booking
    from bookingapp.services.accounts import actor_for

    arranged, token = book(app, "consultation", email=unique_email("remy"), name="Remy Replaced")
    page.goto(routes.manage(token))
    expect(page.locator(".status")).to_have_text("Confirmed")
    with Session(app.engine) as s:
        owner = actor_for(s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one())
    with unit_of_work() as s:  # meanwhile staff send a new link: this page's link stops working
        manage_booking.replace_manage_link(s, actor=owner, booking_id=arranged.id)

    page.get_by_role("button", name="Cancel booking").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, cancel my booking").click()
    message = "This link was replaced; use the newest link from your email."
    expect(page.get_by_text(message)).to_have_count(1)
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    expect(page.get_by_text("Not found.")).to_have_count(0)
    expect(page.get_by_role("heading", name="Consultation")).to_have_count(0)
    assert booking(app, arranged.id).status == "confirmed"
    assert no_horizontal_scroll(page)


def test_the_invalid_link_page_never_shows_the_business_of_a_booking_opened_before(app, page: Page):
    _, token = book(app, "consultation", email=unique_email("iris"), name="Iris Invalid")
    page.goto(routes.manage(token))
    expect(page.locator(".status")).to_have_text("Confirmed")
    expect(page.get_by_text("Studio Lindenhof")).to_be_visible()
    expect(page.get_by_role("navigation", name="Portal")).to_be_visible()

    page.goto(routes.manage("x" * 43))  # the same tab, so the same app state
    expect(page.get_by_role("heading", name="This link does not open a booking")).to_be_visible()
    expect(page.get_by_text("Studio Lindenhof")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Portal")).to_have_count(0)
    assert no_horizontal_scroll(page)


def test_the_history_lines_up(app, page: Page):
    arranged, token = book(app, "consultation", email=unique_email("hana"), name="Hana History", paid=True)
    page.goto(routes.manage(token))
    lines = page.locator(".manage-history .history-line")
    expect(lines.first).to_be_visible()
    assert lines.count() >= 3  # booked, authorized, captured, paid …
    boxes = [[child.bounding_box() for child in line.locator(":scope > *").all()] for line in lines.all()]
    # Every time and every text starts at the same left edge as the same column of the other lines.
    assert len({round(b[0]["x"]) for b in boxes}) == 1 and len({round(b[1]["x"]) for b in boxes}) == 1, boxes
    if page.viewport_size["width"] < 500:  # a phone: the time above its text
        assert all(b[1]["y"] >= b[0]["y"] + b[0]["height"] - 1 for b in boxes), boxes
    assert no_horizontal_scroll(page)


def test_an_unpaid_booking_shows_its_payment_deadline_to_both_sides(app, page: Page):
    from tests.e2e.conftest import sign_in

    arranged, token = book(app, "portrait-session", email=unique_email("pete"), name="Pete Pending")
    deadline = booking(app, arranged.id).payment_deadline
    assert deadline is not None
    page.goto(routes.manage(token))
    expect(page.locator(".pay-section .payment-deadline")).to_have_text(f"Please pay by {_when(deadline)}.")
    assert no_horizontal_scroll(page)

    sign_in(page)
    page.goto(routes.order(arranged.reference))
    expect(page.locator(".pay-by")).to_have_text(_when(deadline))
    assert no_horizontal_scroll(page)
