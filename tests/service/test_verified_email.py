"""Verified email for bookings (issue 21): where the business asks for confirmed addresses,
a portal booking from an address never confirmed waits, holding its time, until the
customer opens the emailed link; unconfirmed it lapses with the response window and frees
the time. Confirmed addresses, and businesses that do not ask, book as before."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.booking_states import Action
from bookingapp.domain.errors import InvalidTransition, PermissionDenied
from bookingapp.integrations.payments import CardInput
from bookingapp.models import ActivityLog, Booking, Customer, Organization, OutboxEmail, Payment
from bookingapp.services import address_checks, appointments, customers, requests
from bookingapp.services.booking_common import transition
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
VISA = CardInput("4242424242424242", 12, 2030, "123")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def world(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "studio", timezone="Europe/Berlin", customer_accounts="verify_email",
                                     confirm_booking_emails=True, response_window_hours=48)
        owner = factories.staff(s, org, email="owner@studio.test")
        request_service = factories.request_service(s, org, staff_user_id=owner.id)
        appointment = factories.appointment_service(s, org, hours=(time(9), time(17)), prepayment="optional")
        factories.customer(s, org, "known@example.com", name="Known", email_verified=True)
        return org.id, owner.id, request_service.id, appointment.id


def _book(engine, service_id, email="new@example.com", start=TUESDAY_10, card=None, gateway=None, now=NOW):
    with unit_of_work(engine) as s:
        booking, token = appointments.book(s, service_id=service_id, starts_at=start, name="Nina New", email=email,
                                           card=card, gateway=gateway, now=now)
        return booking.id, token


def _request(engine, service_id, gateway, email="new@example.com"):
    form = requests.RequestForm(service_id=service_id, starts_at=NOW + timedelta(days=5), party_size=2, group=True,
                                name="Nina New", email=email, phone="", note="By the window", card=VISA)
    with unit_of_work(engine) as s:
        booking, token = requests.create_request(s, form=form, gateway=gateway, now=NOW)
        return booking.id, token


def _emails(engine, key=None) -> list[OutboxEmail]:
    with Session(engine) as s:
        stmt = select(OutboxEmail).order_by(OutboxEmail.id)
        return list(s.exec(stmt.where(OutboxEmail.template_key == key) if key else stmt))


def _link_token(engine) -> str:
    (email,) = _emails(engine, "confirm_booking_email")
    return re.search(r"/b/studio/confirm/([A-Za-z0-9_-]+)", email.text).group(1)


def _booking(engine, booking_id) -> Booking:
    with Session(engine, expire_on_commit=False) as s:
        return s.get(Booking, booking_id)


def _confirm(engine, token, gateway=None, now=NOW + timedelta(hours=1)):
    with unit_of_work(engine) as s:
        booking, manage_token = address_checks.confirm_address(s, org_slug="studio", token=token, gateway=gateway, now=now)
        return booking.id, manage_token


def test_an_unconfirmed_address_is_held_the_customer_gets_only_the_link_and_staff_nothing(engine, world):
    _, _, _, appointment = world
    booking_id, _ = _book(engine, appointment)
    booking = _booking(engine, booking_id)
    assert (booking.status, booking.held_status) == ("awaiting_email", "confirmed")
    assert booking.respond_by == TUESDAY_10  # the response window would end later than the start
    assert [(e.template_key, e.to_email) for e in _emails(engine)] == [("confirm_booking_email", "new@example.com")]
    email = _emails(engine)[0]
    assert "/b/studio/confirm/" in email.text and "/m/" in email.text  # the link, and the manage link
    with Session(engine) as s:
        assert not s.exec(select(Customer).where(Customer.email == "new@example.com")).one().email_verified


def test_the_held_time_is_not_offered_to_anyone_else(engine, world):
    _, _, _, appointment = world
    _book(engine, appointment)
    with pytest.raises(appointments.SlotUnavailable):
        _book(engine, appointment, email="known@example.com")


def test_confirming_passes_the_booking_on_verifies_the_address_and_sends_the_usual_emails(engine, world):
    _, _, _, appointment = world
    booking_id, manage_token = _book(engine, appointment)
    confirmed_id, token = _confirm(engine, _link_token(engine))
    booking = _booking(engine, booking_id)
    assert confirmed_id == booking_id and token == manage_token
    assert (booking.status, booking.held_status, booking.respond_by) == ("confirmed", None, None)
    assert [e.template_key for e in _emails(engine)] == ["confirm_booking_email", "booking_confirmed", "new_booking_instant"]
    with Session(engine) as s:
        assert s.exec(select(Customer).where(Customer.email == "new@example.com")).one().email_verified
        actions = [e.action for e in s.exec(select(ActivityLog).where(ActivityLog.booking_id == booking_id).order_by(ActivityLog.id))]
    assert actions == ["booking.booked", "booking.held_for_email", "booking.email_confirmed"]
    # A confirmed address books straight through next time.
    second, _ = _book(engine, appointment, start=TUESDAY_10 + timedelta(hours=2))
    assert _booking(engine, second).status == "confirmed"


def test_opening_the_link_again_only_opens_the_booking(engine, world):
    _, _, _, appointment = world
    booking_id, manage_token = _book(engine, appointment)
    token = _link_token(engine)
    _confirm(engine, token)
    before = len(_emails(engine))
    assert _confirm(engine, token) == (booking_id, manage_token)
    assert len(_emails(engine)) == before


def test_a_card_given_while_held_is_only_on_hold_and_charged_once_confirmed(engine, world, gateway):
    _, _, _, appointment = world
    booking_id, _ = _book(engine, appointment, card=VISA, gateway=gateway)
    with Session(engine) as s:
        assert s.exec(select(Payment.status).where(Payment.booking_id == booking_id)).one() == "authorized"
    _confirm(engine, _link_token(engine), gateway=gateway)
    with Session(engine) as s:
        payment = s.exec(select(Payment).where(Payment.booking_id == booking_id)).one()
    assert (payment.status, payment.captured_minor) == ("captured", 4500)
    assert _booking(engine, booking_id).status == "confirmed"


def test_a_held_request_reaches_the_inbox_only_once_confirmed_and_its_window_starts_then(engine, world, gateway):
    _, _, request_service, _ = world
    booking_id, _ = _request(engine, request_service, gateway)
    assert _booking(engine, booking_id).status == "awaiting_email"
    assert [e.template_key for e in _emails(engine)] == ["confirm_booking_email"]
    confirmed_at = NOW + timedelta(hours=30)
    _confirm(engine, _link_token(engine), gateway=gateway, now=confirmed_at)
    booking = _booking(engine, booking_id)
    assert booking.status == "requested"
    assert booking.respond_by == confirmed_at + timedelta(hours=48)
    assert [e.template_key for e in _emails(engine)] == ["confirm_booking_email", "request_received", "new_booking"]
    (staff_email,) = _emails(engine, "new_booking")
    assert "By the window" in staff_email.text


def test_never_confirmed_it_lapses_once_frees_the_time_and_releases_the_hold(engine, world, gateway):
    _, _, request_service, appointment = world
    held_appointment, _ = _book(engine, appointment)
    held_request, _ = _request(engine, request_service, gateway, email="other@example.com")
    assert address_checks.lapse_unconfirmed(engine=engine, now=TUESDAY_10 - timedelta(minutes=1), gateway=gateway) == 0
    assert address_checks.lapse_unconfirmed(engine=engine, now=NOW + timedelta(hours=48), gateway=gateway) == 2
    assert address_checks.lapse_unconfirmed(engine=engine, now=NOW + timedelta(hours=49), gateway=gateway) == 0  # once
    assert _booking(engine, held_appointment).status == "expired"
    assert _booking(engine, held_request).status == "expired"
    with Session(engine) as s:
        assert s.exec(select(Payment.status).where(Payment.booking_id == held_request)).one() == "released"
    assert {e.template_key for e in _emails(engine)} == {"confirm_booking_email"}  # nobody else is told
    # The time is free again, and the lapsed link says so.
    _book(engine, appointment, email="known@example.com", now=NOW + timedelta(hours=1))
    with pytest.raises(address_checks.ConfirmationLapsed):
        _confirm(engine, _link_token_for(engine, "new@example.com"))


def _link_token_for(engine, address) -> str:
    email = next(e for e in _emails(engine, "confirm_booking_email") if e.to_email == address)
    return re.search(r"/b/studio/confirm/([A-Za-z0-9_-]+)", email.text).group(1)


def test_a_link_opened_after_the_deadline_but_before_the_sweep_changes_nothing(engine, world):
    _, _, _, appointment = world
    booking_id, _ = _book(engine, appointment)
    with pytest.raises(address_checks.ConfirmationLapsed):
        _confirm(engine, _link_token(engine), now=TUESDAY_10)
    assert _booking(engine, booking_id).status == "awaiting_email"


def test_a_wrong_or_other_business_link_opens_nothing(engine, world):
    _, _, _, appointment = world
    _book(engine, appointment)
    token = _link_token(engine)
    with unit_of_work(engine) as s:
        factories.organization(s, "other")
    for slug, guess in (("studio", token[:-1] + ("A" if token[-1] != "A" else "B")), ("other", token), ("studio", "")):
        with pytest.raises(address_checks.ConfirmationLinkInvalid), unit_of_work(engine) as s:
            address_checks.confirm_address(s, org_slug=slug, token=guess, gateway=None, now=NOW)


def test_known_addresses_and_businesses_that_do_not_ask_book_as_before(engine, world):
    org_id, _, _, appointment = world
    known, _ = _book(engine, appointment, email="known@example.com")
    assert _booking(engine, known).status == "confirmed"
    with unit_of_work(engine) as s:
        s.get(Organization, org_id).confirm_booking_emails = False
    fresh, _ = _book(engine, appointment, email="fresh@example.com", start=TUESDAY_10 + timedelta(hours=2))
    assert _booking(engine, fresh).status == "confirmed"
    with unit_of_work(engine) as s:  # the option means nothing without customer accounts
        org = s.get(Organization, org_id)
        org.confirm_booking_emails, org.customer_accounts = True, "none"
    other, _ = _book(engine, appointment, email="third@example.com", start=TUESDAY_10 + timedelta(hours=4))
    assert _booking(engine, other).status == "confirmed"


def test_staff_cannot_act_on_a_held_booking_as_if_it_were_a_request(engine, world, gateway):
    _, _, request_service, _ = world
    booking_id, _ = _request(engine, request_service, gateway)
    with pytest.raises(InvalidTransition), unit_of_work(engine) as s:
        transition(s, s.get(Booking, booking_id), Action.CONFIRM, NOW)


def test_the_owner_switches_the_option_it_needs_accounts_and_is_logged(engine, world):
    org_id, owner_id, _, _ = world
    from bookingapp.models import StaffUser
    from bookingapp.services.accounts import actor_for

    with Session(engine) as s:
        owner = actor_for(s.get(StaffUser, owner_id))
    with unit_of_work(engine) as s:
        customers.set_confirm_booking_emails(s, actor=owner, on=False)
    with unit_of_work(engine) as s:
        staff = actor_for(factories.staff(s, s.get(Organization, org_id), email="sam@studio.test", role="staff"))
        s.get(Organization, org_id).customer_accounts = "none"
    with pytest.raises(PermissionDenied), unit_of_work(engine) as s:
        customers.set_confirm_booking_emails(s, actor=staff, on=True)
    with pytest.raises(customers.ConfirmationNeedsAccounts), unit_of_work(engine) as s:
        customers.set_confirm_booking_emails(s, actor=owner, on=True)
    with Session(engine) as s:
        assert s.get(Organization, org_id).confirm_booking_emails is False
        entry = s.exec(select(ActivityLog).where(ActivityLog.action == "organization.confirm_booking_emails_changed")).one()
    assert entry.data == {"on": False}
