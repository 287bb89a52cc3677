"""Staff decide about the money of a booking the customer cancelled, and replace a leaked link."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.domain.formatting import fmt_money
from bookingapp.domain.money import cancellation_quote
from bookingapp.integrations.gateways import get_gateway
from bookingapp.services import manage_booking
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import (
    book,
    booking,
    emails,
    manage_token_in,
    organization,
    payments_of,
    refund_operations,
    unique_email,
)


def _cancelled_paid_booking(app, who: str):
    """A paid consultation the customer cancelled through their link: its refund waits for staff."""
    email = unique_email(who)
    arranged, token = book(app, "consultation", email=email, name=f"{who.title()} Cancelled", paid=True)
    with unit_of_work() as s:
        manage_booking.cancel(s, token=token, gateway=get_gateway())
    assert booking(app, arranged.id).refund_decision == "pending"
    return arranged, email


def _orders_to_decide(page: Page, search: str) -> None:
    page.goto(routes.ORDERS)
    page.get_by_role("combobox", name="Show").click()
    page.get_by_role("option", name="Refund to decide").click()
    expect(page.get_by_role("combobox", name="Show")).to_have_text("Refund to decide")
    page.get_by_label("Search orders").fill(search)


def test_refunding_a_cancelled_paid_booking_shows_the_quote_and_refunds_once(app, page: Page):
    arranged, email = _cancelled_paid_booking(app, "rosa")
    sign_in(page)
    _orders_to_decide(page, email)
    row = page.get_by_role("link").filter(has_text="Rosa Cancelled")
    expect(row).to_have_count(1)
    expect(row.locator(".refund-pending")).to_have_text("Refund to decide")
    expect(row.locator(".status")).to_have_text("Cancelled")
    assert no_horizontal_scroll(page)
    row.click()
    page.wait_for_url(re.compile(rf"/dashboard/orders/{arranged.reference}$"))

    decision = page.locator(".refund-decision")
    expect(decision).to_contain_text("The customer cancelled a paid booking. Nothing was refunded automatically.")
    decision.get_by_role("button", name="Refund €45.00").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Refund this booking?")
    pct = organization(app).platform_commission_pct
    quote = cancellation_quote(4500, pct)
    assert (quote.refund_minor, quote.commission_minor, quote.net_minor) == (4500, 1071, -1071)  # 23.8 % of €45.00
    figures = dialog.locator(".refund-quote")
    expect(figures).to_contain_text(f"Refund to the customer{fmt_money(quote.refund_minor, 'EUR')}")
    expect(figures).to_contain_text(f"Platform commission retained{fmt_money(quote.commission_minor, 'EUR')} ({pct}%)")
    expect(figures).to_contain_text(f"Your net from this booking{fmt_money(quote.net_minor, 'EUR')}")
    expect(figures).to_contain_text("€10.71 (23.8%)")
    expect(figures).to_contain_text("-€10.71")
    assert no_horizontal_scroll(page)
    dialog.get_by_role("button", name="Yes, refund").click()

    expect(page.get_by_role("status").filter(has_text="Refunded. The customer is told by email.")).to_be_visible()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    expect(page.locator(".refund-decision")).to_have_count(0)
    expect(page.get_by_text("Refunded", exact=True).locator("xpath=following-sibling::*[1]")).to_have_text("€45.00")
    expect(page.get_by_text("Commission retained", exact=True).locator("xpath=following-sibling::*[1]")).to_have_text("€10.71")

    [payment] = payments_of(app, arranged.id)
    assert (payment.status, payment.refunded_minor, payment.commission_retained_minor) == ("refunded", 4500, 1071)
    assert len(refund_operations(app, payment.id)) == 1
    assert booking(app, arranged.id).refund_decision == "refunded"
    [told] = emails(app, "booking_refunded", arranged.id)
    assert told.to_email == email and "€45.00" in told.text

    _orders_to_decide(page, email)
    expect(page.get_by_text("No orders here")).to_be_visible()
    expect(page.get_by_role("link").filter(has_text="Rosa Cancelled")).to_have_count(0)


def test_keeping_the_payment_ends_the_decision_without_a_refund(app, page: Page):
    arranged, email = _cancelled_paid_booking(app, "kai")
    sign_in(page)
    page.goto(routes.order(arranged.reference))
    page.locator(".refund-decision").get_by_role("button", name="Keep the payment").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Keep the payment?")
    dialog.get_by_role("button", name="Yes, keep it").click()

    expect(page.get_by_role("status").filter(has_text="Payment kept. The order no longer waits for a decision.")).to_be_visible()
    expect(page.locator(".refund-decision")).to_have_count(0)
    expect(page.get_by_text("Refund decision", exact=True).locator("xpath=following-sibling::*[1]")).to_have_text("Payment kept")
    assert no_horizontal_scroll(page)

    assert booking(app, arranged.id).refund_decision == "kept"
    [payment] = payments_of(app, arranged.id)
    assert (payment.status, payment.captured_minor, payment.refunded_minor) == ("captured", 4500, 0)
    assert refund_operations(app, payment.id) == []
    assert not emails(app, "booking_refunded", arranged.id)

    _orders_to_decide(page, email)
    expect(page.get_by_text("No orders here")).to_be_visible()


def test_a_new_booking_link_replaces_the_old_one(app, page: Page):
    email = unique_email("lina")
    arranged, old_token = book(app, "consultation", email=email, name="Lina Leaked", paid=True)
    sign_in(page)
    page.goto(routes.order(arranged.reference))
    page.get_by_role("button", name="Send a new booking link").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("The customer's current link will stop working at once")
    dialog.get_by_role("button", name="Yes, replace the link").click()
    expect(page.get_by_role("status").filter(has_text="The old link no longer works.")).to_be_visible()
    assert no_horizontal_scroll(page)

    page.goto(routes.manage(old_token))
    expect(page.get_by_role("heading", name="This link does not open a booking")).to_be_visible()
    assert arranged.reference not in page.locator("main").inner_text()

    [replaced] = emails(app, "manage_link_replaced", arranged.id)
    assert replaced.to_email == email
    new_token = manage_token_in(replaced.text)
    assert new_token != old_token
    assert f"{app.url}/m/{new_token}" in replaced.text
    page.goto(routes.manage(new_token))
    expect(page.get_by_role("heading", name="Consultation", level=1)).to_be_visible()
    expect(page.get_by_text(arranged.reference, exact=True)).to_be_visible()
    expect(page.locator(".status")).to_have_text("Confirmed")
    assert booking(app, arranged.id).status == "confirmed"


def test_refunding_part_of_a_payment_shows_the_quote_first_and_never_more_than_was_paid(app, page: Page):
    """Issue 21, item 7: any amount up to what is still paid, the commission rule applied."""
    email = unique_email("pia")
    arranged, token = book(app, "consultation", email=email, name="Pia Partial", paid=True)
    sign_in(page)
    page.goto(routes.order(arranged.reference))
    page.get_by_role("button", name="Refund part of the payment").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Still paid: €45.00")
    dialog.get_by_label("Amount to refund").fill("45.01")
    dialog.get_by_role("button", name="Show the quote").click()
    expect(dialog.get_by_role("alert")).to_have_text("You can refund at most €45.00.")
    assert refund_operations(app, payments_of(app, arranged.id)[0].id) == []

    dialog.get_by_label("Amount to refund").fill("20")
    dialog.get_by_role("button", name="Show the quote").click()
    quote = cancellation_quote(2000, organization(app).platform_commission_pct)
    figures = dialog.locator(".partial-refund-quote")
    expect(figures).to_contain_text("Refund to the customer€20.00")
    expect(figures).to_contain_text(f"Platform commission retained{fmt_money(quote.commission_minor, 'EUR')} (23.8%)")
    expect(figures).to_contain_text(f"Your net from this refund{fmt_money(quote.net_minor, 'EUR')}")
    assert no_horizontal_scroll(page)
    dialog.get_by_role("button", name="Yes, refund €20.00").click()

    expect(page.get_by_text("Refunded €20.00. The customer is told by email.")).to_be_visible()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
    refund_line = page.locator(".payment-operation").filter(has_text="Refund to the customer")
    expect(refund_line).to_contain_text("€20.00")
    expect(refund_line).to_contain_text(f"commission retained {fmt_money(quote.commission_minor, 'EUR')}")
    [payment] = payments_of(app, arranged.id)
    assert (payment.status, payment.refunded_minor, payment.commission_retained_minor) == (
        "partially_refunded", 2000, quote.commission_minor)
    assert len(refund_operations(app, payment.id)) == 1
    [told] = emails(app, "booking_refunded", arranged.id)
    assert told.to_email == email and "€20.00" in told.text

    page.goto(routes.manage(token))  # the customer sees the refund under the payment
    expect(page.locator(".refund-line")).to_have_count(1)
    expect(page.locator(".refund-line")).to_contain_text("€20.00 refunded on")
