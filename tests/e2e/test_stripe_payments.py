"""The request flow with the app configured for Stripe (test keys), against localstripe.

localstripe's stripe.js has no createPaymentMethod, so without a publishable key the
app keeps its test-card form and the server turns the test card into Stripe's test
payment method: the hold, capture and webhook are real calls to the Stripe API fake.
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import stripe
from playwright.sync_api import expect
from sqlmodel import Session, select

from bookingapp.db import make_engine
from bookingapp.models import Booking, Customer, Payment, utcnow
from tests.e2e.conftest import DESKTOP, PHONE, running_app
from tests.stripe_fakes import LocalStripe, event, signed

WEBHOOK_SECRET = "whsec_e2e"


@pytest.fixture(scope="module")
def localstripe(tmp_path_factory):
    server = LocalStripe(tmp_path_factory.mktemp("localstripe"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def stripe_app(tmp_path_factory, localstripe):
    from bookingapp.settings import ROOT

    extra = {"STRIPE_SECRET_KEY": "sk_test_e2e", "STRIPE_API_BASE": localstripe.url, "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET}
    with running_app(tmp_path_factory.mktemp("stripe_app"), extra_env=extra,
                     web_dir=str(ROOT / ".cache" / "web-e2e-stripe")) as running:
        yield running


def _stripe(localstripe):
    return stripe.StripeClient("sk_test_e2e", base_addresses={"api": localstripe.url})


def test_request_on_a_phone_holds_on_stripe_and_confirm_captures(stripe_app, localstripe, browser):
    phone = browser.new_context(viewport=PHONE, base_url=stripe_app.url).new_page()
    phone.goto("/b/lindenhof/s/wine-tasting")
    expect(phone.get_by_text("Test mode: no real charge")).to_be_visible()
    day = (utcnow() + timedelta(days=9)).astimezone(ZoneInfo("Europe/Berlin")).date().isoformat()
    phone.get_by_label("Date", exact=True).fill(day)
    phone.get_by_label("Time", exact=True).fill("19:00")
    phone.get_by_label("Name", exact=True).fill("Stella Stripe")
    phone.get_by_label("Email", exact=True).fill("stella@example.com")
    phone.get_by_label("Card number").fill("4242 4242 4242 4242")
    phone.get_by_label("Expiry (MM/YY)").fill("12/30")
    phone.get_by_label("CVC").fill("123")
    phone.get_by_role("button", name="Send request").click()
    expect(phone.get_by_text("Your request is sent and waiting for the provider.")).to_be_visible()

    engine = make_engine(stripe_app.env["DATABASE_URL"], for_writes=False)
    with Session(engine) as s:
        booking = s.exec(select(Booking).join(Customer, Customer.id == Booking.customer_id)
                         .where(Customer.email == "stella@example.com")).one()
        payment = s.exec(select(Payment).where(Payment.booking_id == booking.id)).one()
    assert payment.gateway == "stripe" and payment.external_id.startswith("pi_")
    assert _stripe(localstripe).v1.payment_intents.retrieve(payment.external_id).status == "requires_capture"

    desktop = browser.new_context(viewport=DESKTOP, base_url=stripe_app.url).new_page()
    desktop.goto("/signin")
    desktop.get_by_label("Email").fill("demo@example.com")
    desktop.get_by_label("Password").fill("demo-password")
    desktop.get_by_role("button", name="Sign in").click()
    card = desktop.locator(".request", has_text="Stella Stripe")
    card.get_by_role("button", name="Confirm").click()
    dialog = desktop.get_by_role("dialog")
    dialog.get_by_label("Message to the customer").fill("We meet at the vineyard gate.")
    dialog.get_by_role("button", name="Yes, send and confirm").click()
    expect(desktop.get_by_text("Booking confirmed.")).to_be_visible()
    assert _stripe(localstripe).v1.payment_intents.retrieve(payment.external_id).status == "succeeded"
    with Session(engine) as s:
        assert s.get(Payment, payment.id).status == "captured"

    # A refund made in Stripe's dashboard arrives as a signed webhook and is recorded once.
    evt = event("evt_e2e_refund", "charge.refunded", {"id": "ch_x", "payment_intent": payment.external_id,
                                                      "amount_captured": payment.amount_minor, "amount_refunded": 2000})
    body, header = signed(evt, WEBHOOK_SECRET)
    for _ in range(2):
        response = desktop.request.post("/api/webhooks/stripe", data=body,
                                        headers={"Stripe-Signature": header, "Content-Type": "application/json"})
        assert response.ok
    bad = desktop.request.post("/api/webhooks/stripe", data=body, headers={"Stripe-Signature": "t=1,v1=00"})
    assert bad.status == 400
    with Session(engine) as s:
        assert (s.get(Payment, payment.id).refunded_minor, s.get(Payment, payment.id).status) == (2000, "partially_refunded")
    engine.dispose()


def test_settings_show_stripe_test_mode(stripe_app, browser):
    page = browser.new_context(viewport=DESKTOP, base_url=stripe_app.url).new_page()
    page.goto("/signin?next=/dashboard/settings")
    page.get_by_label("Email").fill("demo@example.com")
    page.get_by_label("Password").fill("demo-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Stripe, test mode")).to_be_visible()
    expect(page.get_by_text("never stored in the database")).to_be_visible()
    assert "sk_test_e2e" not in page.content()
