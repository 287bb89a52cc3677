"""Unpaid prepaid bookings (issue 21, item 8): a payment deadline set at booking and shown
to both sides, one reminder email before it, and the business's choice when it passes:
keep the booking, or cancel it and free the time (each exactly once)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import ActivityLog, Booking, Organization, OutboxEmail, Service, StaffUser
from bookingapp.services import appointments, business, manage_booking, payment_deadlines
from bookingapp.services.accounts import actor_for
from bookingapp.services.booking_common import booking_context
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # Thursday 11:00 in Berlin
DEADLINE = NOW + timedelta(hours=24)
VISA = CardInput("4242424242424242", 12, 2030, "123")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


@dataclass
class World:
    org_id: int
    owner: StaffUser
    service: Service


@pytest.fixture
def world(engine) -> World:
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "prepaid", timezone="Europe/Berlin")
        owner = factories.staff(s, org)
        service = factories.appointment_service(s, org, staff_user_id=owner.id, prepayment="required", price_minor=4500)
        s.commit()
        return World(org.id, owner, service)


def _settings(engine, world: World, **changes) -> None:
    with unit_of_work(engine) as s:
        form = business.form_of(s.get(Organization, world.org_id))
        business.update_business(s, actor=actor_for(s.get(StaffUser, world.owner.id)),
                                 form=dataclasses.replace(form, **changes))


def _book(engine, world: World, starts_at: datetime = THURSDAY, card=None, gateway=None) -> tuple[Booking, str]:
    with unit_of_work(engine) as s:
        return appointments.book(s, service_id=world.service.id, starts_at=starts_at, name="Una Paid",
                                 email="una@example.com", card=card, gateway=gateway, now=NOW)


def _booking(engine, booking_id) -> Booking:
    with Session(engine) as s:
        return s.get(Booking, booking_id)


def _emails(engine, key: str) -> list[OutboxEmail]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxEmail).where(OutboxEmail.template_key == key)))


def _sweep(engine, gateway, at: datetime) -> int:
    return (payment_deadlines.send_deadline_reminders(engine=engine, now=at)
            + payment_deadlines.handle_passed_deadlines(gateway=gateway, engine=engine, now=at))


# --- the deadline -----------------------------------------------------------------------


def test_an_unpaid_booking_gets_a_deadline_a_day_after_booking(engine, world):
    booking, _ = _book(engine, world)
    assert (booking.status, booking.payment_deadline) == ("pending_payment", DEADLINE)


def test_the_deadline_is_never_after_the_start(engine, world):
    soon = NOW + timedelta(hours=3)
    booking, _ = _book(engine, world, starts_at=soon)
    assert booking.payment_deadline == soon


def test_a_business_without_a_deadline_sets_none_and_sends_nothing(engine, world, gateway):
    _settings(engine, world, payment_deadline_hours="0")
    booking, _ = _book(engine, world)
    assert booking.payment_deadline is None
    assert _sweep(engine, gateway, THURSDAY - timedelta(minutes=1)) == 0
    assert _booking(engine, booking.id).status == "pending_payment"


def test_the_manage_view_and_the_emails_carry_the_deadline(engine, world):
    booking, token = _book(engine, world)
    with Session(engine) as s:
        assert manage_booking.view(s, token=token, now=NOW).booking.payment_deadline == DEADLINE
        values = booking_context(s, s.get(Booking, booking.id)).values
    assert values["PAYMENT_DEADLINE"] == "Tue, 24 Nov 2026, 09:00 CET"


# --- the reminder -----------------------------------------------------------------------


def test_one_reminder_goes_out_six_hours_before_the_deadline(engine, world, gateway):
    booking, _ = _book(engine, world)
    assert _sweep(engine, gateway, DEADLINE - timedelta(hours=6, minutes=1)) == 0
    reminded_at = DEADLINE - timedelta(hours=6) + timedelta(seconds=1)  # the booking was made a moment after NOW
    assert _sweep(engine, gateway, reminded_at) == 1
    assert _sweep(engine, gateway, DEADLINE - timedelta(hours=1)) == 0  # once

    [email] = _emails(engine, "payment_deadline_reminder")
    assert email.to_email == "una@example.com" and email.booking_id == booking.id
    assert "Please pay €45.00 by Tue, 24 Nov 2026, 09:00 CET" in email.text and "/m/" in email.text
    assert _booking(engine, booking.id).deadline_reminder_sent_at == reminded_at


def test_a_booking_paid_before_the_reminder_gets_none(engine, world, gateway):
    booking, token = _book(engine, world)
    with unit_of_work(engine) as s:
        manage_booking.pay(s, token=token, card=VISA, gateway=gateway, attempt="p1", now=NOW + timedelta(hours=1))
    assert _sweep(engine, gateway, DEADLINE + timedelta(hours=1)) == 0
    assert _emails(engine, "payment_deadline_reminder") == []
    assert _booking(engine, booking.id).status == "confirmed"


def test_a_booking_paid_at_once_has_nothing_to_remind(engine, world, gateway):
    booking, _ = _book(engine, world, card=VISA, gateway=gateway)
    assert booking.status == "confirmed"
    assert _sweep(engine, gateway, DEADLINE + timedelta(hours=1)) == 0


# --- when it passes ---------------------------------------------------------------------


def test_by_default_the_booking_is_kept_once_the_deadline_passes_and_can_still_be_paid(engine, world, gateway):
    booking, token = _book(engine, world)
    assert _sweep(engine, gateway, DEADLINE) == 1
    assert _sweep(engine, gateway, DEADLINE + timedelta(hours=1)) == 0

    row = _booking(engine, booking.id)
    assert (row.status, row.deadline_passed_at) == ("pending_payment", DEADLINE)
    with Session(engine) as s:
        actions = s.exec(select(ActivityLog.action).where(ActivityLog.booking_id == booking.id)).all()
    assert actions.count("booking.payment_overdue_kept") == 1
    assert _emails(engine, "booking_unpaid_cancelled") == []
    with unit_of_work(engine) as s:
        manage_booking.pay(s, token=token, card=VISA, gateway=gateway, attempt="late", now=DEADLINE + timedelta(hours=2))
    assert _booking(engine, booking.id).status == "confirmed"


def test_cancel_at_the_deadline_frees_the_time_and_tells_both_sides_once(engine, world, gateway):
    _settings(engine, world, unpaid_after_deadline="cancel")
    booking, _ = _book(engine, world)
    assert _sweep(engine, gateway, DEADLINE - timedelta(seconds=1)) == 1  # only the reminder
    assert _booking(engine, booking.id).status == "pending_payment"
    assert _sweep(engine, gateway, DEADLINE) == 1
    assert _sweep(engine, gateway, DEADLINE + timedelta(minutes=5)) == 0

    row = _booking(engine, booking.id)
    assert (row.status, row.cancel_reason) == ("cancelled", "Not paid by the payment deadline")
    [to_customer] = _emails(engine, "booking_unpaid_cancelled")
    assert "was not paid by Tue, 24 Nov 2026, 09:00 CET" in to_customer.text
    assert "METHOD:CANCEL" in to_customer.attachments[0]["content"]
    [to_provider] = _emails(engine, "booking_unpaid_cancelled_provider")
    assert to_provider.to_email == world.owner.email and booking.reference in to_provider.text
    # The time is free again: someone else books it.
    with unit_of_work(engine) as s:
        other, _ = appointments.book(s, service_id=world.service.id, starts_at=THURSDAY, name="Otto Other",
                                     email="otto@example.com", now=DEADLINE + timedelta(minutes=10))
    assert other.status == "pending_payment"


def test_a_booking_paid_in_time_is_never_cancelled(engine, world, gateway):
    _settings(engine, world, unpaid_after_deadline="cancel")
    booking, token = _book(engine, world)
    with unit_of_work(engine) as s:
        manage_booking.pay(s, token=token, card=VISA, gateway=gateway, attempt="p1", now=DEADLINE - timedelta(minutes=1))
    assert _sweep(engine, gateway, DEADLINE) == 0
    assert _booking(engine, booking.id).status == "confirmed"


def test_a_deadline_already_given_outlives_a_change_of_the_settings(engine, world, gateway):
    booking, _ = _book(engine, world)
    _settings(engine, world, payment_deadline_hours="72", unpaid_after_deadline="cancel")
    assert _booking(engine, booking.id).payment_deadline == DEADLINE
    _sweep(engine, gateway, DEADLINE)
    assert _booking(engine, booking.id).status == "cancelled"  # what happens is the business's choice now


# --- Settings → Business ----------------------------------------------------------------


def test_the_owner_sets_the_hours_and_the_choice(engine, world):
    _settings(engine, world, payment_deadline_hours="48", unpaid_after_deadline="cancel")
    with Session(engine) as s:
        org = s.get(Organization, world.org_id)
        assert (org.payment_deadline_hours, org.unpaid_after_deadline) == (48, "cancel")
        assert business.form_of(org).payment_deadline_hours == "48"


@pytest.mark.parametrize("changes, field", [
    ({"payment_deadline_hours": "337"}, "payment_deadline_hours"),
    ({"payment_deadline_hours": "-1"}, "payment_deadline_hours"),
    ({"payment_deadline_hours": "two"}, "payment_deadline_hours"),
    ({"unpaid_after_deadline": "delete"}, "unpaid_after_deadline"),
])
def test_bad_settings_are_refused_and_nothing_changes(engine, world, changes, field):
    with pytest.raises(ValidationFailed) as refused:
        _settings(engine, world, **changes)
    assert refused.value.field == field
    with Session(engine) as s:
        org = s.get(Organization, world.org_id)
        assert (org.payment_deadline_hours, org.unpaid_after_deadline) == (24, "keep")


def test_moving_an_unpaid_booking_earlier_than_its_deadline_brings_the_deadline_forward(engine, world):
    booking, token = _book(engine, world)
    sooner = NOW + timedelta(hours=5)  # Monday 14:00 in Berlin, before the 24-hour deadline
    with unit_of_work(engine) as s:
        manage_booking.reschedule(s, token=token, starts_at=sooner, now=NOW)
    assert _booking(engine, booking.id).payment_deadline == sooner
