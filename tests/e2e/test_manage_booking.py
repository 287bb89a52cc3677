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
    expect(dialog).to_contain_text(f"From: {_when(arranged.starts_at)}")
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
    expect(dialog).to_contain_text("Cancel your booking")
    expect(dialog).to_contain_text(f"Consultation · {_when(arranged.starts_at)}")
    expect(dialog).to_contain_text("Cancelling does not refund a payment by itself")
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
