"""Payment history (issue 21, item 7): "Paid … on" keeps the capture's time after a
refund, every refund is listed with its date and amount, providers refund part of a
payment (a quote first, the commission rule applied, at most what is still paid), and
the customer's Bookings tab knows which bookings are paid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, PaymentError, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import Booking, OutboxEmail, Payment, PaymentOperation
from bookingapp.services import customer_accounts, manage_booking, manage_links, payment_history
from bookingapp.services.accounts import actor_for
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
VISA = CardInput("4242424242424242", 12, 2030, "123")


@pytest.fixture
def world(engine, gateway):
    """A paid €45.00 booking (captured at NOW) of a business with 23.8 % commission."""
    with time_machine.travel(NOW, tick=False), unit_of_work(engine) as s:
        org = factories.organization(s, "paid", timezone="Europe/Berlin", platform_commission_pct="23.8")
        owner = factories.staff(s, org)
        service = factories.appointment_service(s, org, staff_user_id=owner.id, price_minor=4500, prepayment="required")
        booking = factories.booking(s, org, service=service, status="pending_payment", starts_at=NOW + timedelta(days=5),
                                    price_minor=4500)
        token = manage_links.token_of(booking)
        s.flush()
        manage_booking.pay(s, token=token, card=VISA, gateway=gateway, attempt="a1", now=NOW)
        return {"actor": actor_for(owner), "booking_id": booking.id, "token": token, "customer_id": booking.customer_id}


def _refund(engine, gateway, world, amount: str, quoted: int, at: datetime):
    with time_machine.travel(at, tick=False), unit_of_work(engine) as s:
        return payment_history.refund_part(s, actor=world["actor"], booking_id=world["booking_id"], amount=amount,
                                           quoted_refunded_minor=quoted, gateway=gateway, now=at)


def _payment(engine, booking_id) -> Payment:
    with Session(engine, expire_on_commit=False) as s:
        return s.exec(select(Payment).where(Payment.booking_id == booking_id)).one()


def test_paid_on_keeps_the_capture_time_and_each_refund_is_listed_with_its_date(engine, gateway, world):
    later, last = NOW + timedelta(hours=3), NOW + timedelta(days=1)
    _refund(engine, gateway, world, "10.00", 0, later)
    _refund(engine, gateway, world, "5,50", 1000, last)

    with Session(engine) as s:
        found = manage_booking.view(s, token=world["token"], now=last).payments
    assert found.paid_at == NOW  # not the refunds' time, which is when the row last changed
    assert _payment(engine, world["booking_id"]).updated_at == last
    assert [(r.when, r.amount_minor) for r in found.refunds] == [(later, 1000), (last, 550)]
    assert (found.captured_minor, found.refunded_minor, found.remaining_minor) == (4500, 1550, 2950)


def test_the_quote_applies_the_commission_to_the_amount_and_moves_nothing(engine, gateway, world):
    with Session(engine) as s:
        found = payment_history.refund_part_quote(s, actor=world["actor"], booking_id=world["booking_id"], amount="30")
    q = found.quote
    assert (found.amount_minor, found.remaining_minor, found.already_refunded_minor) == (3000, 4500, 0)
    assert (q.refund_minor, q.commission_minor, q.net_minor) == (3000, 714, -714)  # 23.8 % of 30.00, kept from the provider
    assert _payment(engine, world["booking_id"]).refunded_minor == 0


@pytest.mark.parametrize("amount, message", [
    ("45.01", "You can refund at most €45.00."),
    ("0", "Enter the amount to refund, such as 12.50."),
    ("", "Enter the amount to refund, such as 12.50."),
    ("-5", "Enter an amount such as 12.50."),
    ("12.345", "Enter an amount such as 12.50."),
    ("ten", "Enter an amount such as 12.50."),
])
def test_an_amount_above_what_is_paid_or_not_an_amount_is_refused(engine, gateway, world, amount, message):
    with pytest.raises(ValidationFailed) as refused:
        _refund(engine, gateway, world, amount, 0, NOW + timedelta(hours=1))
    assert refused.value.field == "amount" and str(refused.value) == message
    payment = _payment(engine, world["booking_id"])
    assert (payment.status, payment.refunded_minor) == ("captured", 0)
    assert gateway.status(payment.external_id)["refunded_minor"] == 0


def test_a_partial_refund_refunds_once_records_the_commission_and_tells_the_customer(engine, gateway, world):
    _refund(engine, gateway, world, "30.00", 0, NOW + timedelta(hours=1))
    with pytest.raises(PaymentError):  # the same click again: the quote it was made from is stale
        _refund(engine, gateway, world, "30.00", 0, NOW + timedelta(hours=1))

    payment = _payment(engine, world["booking_id"])
    assert (payment.status, payment.refunded_minor, payment.commission_retained_minor) == ("partially_refunded", 3000, 714)
    assert gateway.status(payment.external_id)["refunded_minor"] == 3000
    with Session(engine) as s:
        ops = s.exec(select(PaymentOperation).where(PaymentOperation.payment_id == payment.id,
                                                    PaymentOperation.kind == "refund")).all()
        emails = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "booking_refunded")).all()
    assert [(op.amount_minor, op.commission_minor) for op in ops] == [(3000, 714)]
    assert len(emails) == 1 and "€30.00" in emails[0].text


def test_refunding_the_rest_refunds_it_all_and_then_nothing_is_left(engine, gateway, world):
    _refund(engine, gateway, world, "30.00", 0, NOW + timedelta(hours=1))
    with pytest.raises(ValidationFailed):
        _refund(engine, gateway, world, "15.01", 3000, NOW + timedelta(hours=2))
    _refund(engine, gateway, world, "15.00", 3000, NOW + timedelta(hours=2))
    assert _payment(engine, world["booking_id"]).status == "refunded"
    with pytest.raises(payment_history.NothingPaid):
        _refund(engine, gateway, world, "1.00", 4500, NOW + timedelta(hours=3))


def test_refunding_all_of_a_cancelled_booking_settles_its_refund_decision(engine, gateway, world):
    with unit_of_work(engine) as s:
        manage_booking.cancel(s, token=world["token"], gateway=gateway, now=NOW + timedelta(hours=1))
    _refund(engine, gateway, world, "20.00", 0, NOW + timedelta(hours=2))
    with Session(engine) as s:
        assert s.get(Booking, world["booking_id"]).refund_decision == "pending"  # something is still paid
    _refund(engine, gateway, world, "25.00", 2000, NOW + timedelta(hours=3))
    with Session(engine) as s:
        assert s.get(Booking, world["booking_id"]).refund_decision == "refunded"


def test_an_unpaid_booking_has_nothing_to_refund(engine, gateway, world):
    with unit_of_work(engine) as s:
        org_id = s.get(Booking, world["booking_id"]).organization_id
        from bookingapp.models import Organization

        unpaid = factories.booking(s, s.get(Organization, org_id), status="confirmed", starts_at=NOW + timedelta(days=2))
        unpaid_id = unpaid.id
    with pytest.raises(payment_history.NothingPaid), Session(engine) as s:
        payment_history.refund_part_quote(s, actor=world["actor"], booking_id=unpaid_id, amount="1")


def test_staff_of_another_organization_cannot_refund(engine, gateway, world):
    with unit_of_work(engine) as s:
        other = factories.staff_actor(s, factories.organization(s, "other", timezone="Europe/Berlin"))
    with pytest.raises(NotFound), unit_of_work(engine) as s:
        payment_history.refund_part(s, actor=other, booking_id=world["booking_id"], amount="1", quoted_refunded_minor=0,
                                    gateway=gateway)
    assert _payment(engine, world["booking_id"]).refunded_minor == 0


def test_the_bookings_tab_knows_which_bookings_are_paid(engine, gateway, world):
    with unit_of_work(engine) as s:
        booking = s.get(Booking, world["booking_id"])
        from bookingapp.models import Customer, Organization

        customer = s.get(Customer, booking.customer_id)
        factories.booking(s, s.get(Organization, booking.organization_id), customer_row=customer, status="confirmed",
                          starts_at=NOW + timedelta(days=6), price_minor=2000)
    with Session(engine) as s:
        upcoming, _ = customer_accounts.bookings_of(s, customer=s.get(Customer, world["customer_id"]), now=NOW)
    assert [(b.reference == booking.reference, b.payment_status) for b in upcoming] == [(True, "captured"), (False, "")]
