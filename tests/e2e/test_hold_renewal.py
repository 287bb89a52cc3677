"""A request waits longer than a card hold lasts: the sweeper renews the hold, and when
the bank wants the customer, the customer enters the card again on a phone."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.integrations.gateways import get_gateway
from bookingapp.integrations.payments import CardInput
from bookingapp.models import Booking, Organization, OutboxEmail, Payment, Service, utcnow
from bookingapp.services import requests
from tests.e2e.conftest import no_horizontal_scroll


def _payments(app, booking_id):
    with Session(app.engine) as s:
        return list(s.exec(select(Payment).where(Payment.booking_id == booking_id).order_by(Payment.id)))


def test_bank_wants_the_customer_who_enters_the_card_again_on_a_phone(app, phone):
    with unit_of_work() as s:
        org = s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        window = org.response_window_hours
        org.response_window_hours = 24 * 10  # longer than a hold lasts
        s.add(org)
        service = s.exec(select(Service).where(Service.slug == "wine-tasting")).one()
        form = requests.RequestForm(service_id=service.id, starts_at=utcnow() + timedelta(days=20), party_size=2, group=False,
                                    name="Hanna Hold", email="hanna@example.com", phone="", note="",
                                    card=CardInput("4000002500003155", 12, 2031, "123"))
        booking, token = requests.create_request(s, form=form, gateway=get_gateway())
    with unit_of_work() as s:
        s.get(Organization, booking.organization_id).response_window_hours = window
        payment = s.exec(select(Payment).where(Payment.booking_id == booking.id)).one()
        assert payment.saved_method_ref
        payment.hold_expires_at = utcnow() + timedelta(hours=3)  # the hold is about to lapse
        s.add(payment)

    app.sweep()
    [payment] = _payments(app, booking.id)
    assert payment.status == "authorized" and payment.failure_message
    with Session(app.engine) as s:
        email = s.exec(select(OutboxEmail).where(OutboxEmail.booking_id == booking.id,
                                                 OutboxEmail.template_key == "card_action_needed")).one()
    assert f"/m/{token}" in email.text

    phone.goto(f"/m/{token}")
    box = phone.locator(".card-attention")
    expect(box).to_contain_text("Your card needs attention")
    box.get_by_label("Card number").fill("4242 4242 4242 4242")
    box.get_by_label("Expiry (MM/YY)").fill("12/30")
    box.get_by_label("CVC").fill("123")
    box.get_by_role("button", name="Put my card on hold again").click()
    expect(phone.get_by_role("status").filter(has_text="your card is on hold again")).to_be_visible()
    expect(phone.locator(".card-attention")).to_have_count(0)
    assert no_horizontal_scroll(phone)
    old, new = _payments(app, booking.id)
    assert (old.status, new.status, new.card_last4) == ("released", "authorized", "4242")
    with Session(app.engine) as s:
        assert s.get(Booking, booking.id).status == "requested"
