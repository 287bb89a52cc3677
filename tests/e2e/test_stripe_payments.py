"""The request flow with the app configured for Stripe (test keys), against localstripe.

With a publishable key the form mounts Stripe's card field from Stripe.js. Stripe.js
cannot be reached here and localstripe's copy has no createPaymentMethod, so the test
serves a small stand-in with the same surface (Stripe(key).elements().create("card"),
mount, createPaymentMethod) that answers with Stripe's test payment methods. Everything
after the browser (hold, capture, webhooks) is real calls to localstripe.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


FAKE_STRIPE_JS = b"""
window.Stripe = function (key) {
  return {
    elements: function () { return { create: function () { return {
      mount: function (el) {
        var input = document.createElement("input");
        input.setAttribute("aria-label", "Card number (Stripe)");
        el.appendChild(input);
        this.input = input;
      } }; } }; },
    createPaymentMethod: function (data) {
      var number = data.card.input.value.replace(/ /g, "");
      var known = {"4242424242424242": "pm_card_visa", "4000000000000002": "pm_card_chargeCustomerFail"};
      if (!key.startsWith("pk_test_")) return Promise.resolve({error: {message: "Invalid API key"}});
      if (!known[number]) return Promise.resolve({error: {message: "Your card number is invalid."}});
      return Promise.resolve({paymentMethod: {id: known[number]}});
    }
  };
};
"""


@pytest.fixture(scope="module")
def fake_stripe_js():
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/javascript")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(FAKE_STRIPE_JS)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v3/"
    server.shutdown()


@pytest.fixture(scope="module")
def stripe_app(tmp_path_factory, localstripe, fake_stripe_js):
    from bookingapp.settings import ROOT

    extra = {"STRIPE_SECRET_KEY": "sk_test_e2e", "STRIPE_API_BASE": localstripe.url, "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
             "STRIPE_PUBLISHABLE_KEY": "pk_test_e2e", "STRIPE_JS_URL": fake_stripe_js}
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
    expect(phone.get_by_label("Expiry (MM/YY)")).to_have_count(0)  # no card fields of ours
    card_field = phone.get_by_label("Card number (Stripe)")
    card_field.fill("4111 1111 1111 1112")
    phone.get_by_role("button", name="Send request").click()
    expect(phone.locator("#stripe-card-error")).to_have_text("Your card number is invalid.")
    card_field.fill("4242 4242 4242 4242")
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
    desktop.goto("/signin?next=/dashboard/inbox")  # sign-in lands on the home unless asked
    desktop.get_by_label("Email").fill("demo@example.com")
    desktop.get_by_label("Password").fill("demo-password")
    desktop.get_by_role("button", name="Sign in").click()
    card = desktop.locator(".request", has_text="Stella Stripe")
    card.get_by_role("button", name="Confirm").click()
    dialog = desktop.get_by_role("dialog")
    dialog.get_by_label("Where you meet (address)").fill("Weinbergweg 3, vineyard gate")
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
