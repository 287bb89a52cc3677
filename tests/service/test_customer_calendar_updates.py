"""Calendar updates for customers (issue 20): every email that ends a booking the customer
has in their calendar carries an .ics with METHOD:CANCEL, the booking's UID and a SEQUENCE
above every earlier file's, so the entry disappears; a booking waiting for its payment is
in their calendar too (tentative); a move keeps the UID and raises SEQUENCE. A request
never confirmed was never in their calendar, so its rejection carries no file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.integrations.payments import CardInput
from bookingapp.models import Booking, Customer, Organization, OutboxEmail, Service, StaffUser
from bookingapp.services import (
    appointments,
    class_bookings,
    manage_booking,
    manage_links,
    rebooking,
    requests,
)
from bookingapp.services.accounts import actor_for
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.ics_rules import valid_calendar
from tests.service.class_fixtures import class_service, class_session, give_credits

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
VISA = CardInput("4242424242424242", 12, 2030, "123")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


@dataclass
class World:
    owner: StaffUser
    service: Service  # an appointment, paid on site or online
    prepaid: Service  # an appointment that needs its payment first


@pytest.fixture
def world(engine) -> World:
    with unit_of_work(engine) as s:
        org = factories.organization(s, "studio", name="Studio Lindenhof", timezone="Europe/Berlin")
        owner = factories.staff(s, org)
        service = factories.appointment_service(s, org, staff=owner, cutoff_minutes=60)
        prepaid = factories.appointment_service(s, org, staff=owner, name="Portrait", slug="portrait", prepayment="required",
                                                price_minor=8900, cutoff_minutes=60)
        return World(owner, service, prepaid)


def _free_time(engine, service: Service, days: int) -> datetime:
    day = (NOW + timedelta(days=days)).date()
    with Session(engine) as s:
        month = appointments.month(s, service=s.get(Service, service.id), year=day.year, month_number=day.month, now=NOW)
    return next(entry.slots[2] for entry in month if entry.day >= day and entry.slots)


def _book(engine, service: Service, days: int = 3, **kw) -> tuple[Booking, str]:
    with unit_of_work(engine) as s:
        return appointments.book(s, service_id=service.id, starts_at=_free_time(engine, service, days), name="Ann Customer",
                                 email="ann@example.com", now=NOW, **kw)


def _mail(engine, key: str, booking_id: int) -> OutboxEmail:
    with Session(engine) as s:
        [email] = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == key, OutboxEmail.booking_id == booking_id)).all()
        return email


def _file(email: OutboxEmail):
    """The email's one calendar file, checked against the rules of the format, and its event."""
    [attachment] = [a for a in email.attachments if a["content_type"] == "text/calendar"]
    cal = valid_calendar(attachment["content"])
    [event] = cal.walk("VEVENT")
    return str(cal["method"]), event


def _files_in_order(engine, booking_id: int) -> list[tuple[str, str, int, str]]:
    """(template, METHOD, SEQUENCE, UID) of every customer file about the booking, in sending order."""
    with Session(engine) as s:
        emails = s.exec(select(OutboxEmail).where(OutboxEmail.booking_id == booking_id).order_by(OutboxEmail.id)).all()
    files = []
    for email in emails:
        if any(a["content_type"] == "text/calendar" for a in email.attachments):
            method, event = _file(email)
            files.append((email.template_key, method, int(event["sequence"]), str(event["uid"])))
    return files


def _assert_cancelled(engine, booking: Booking, key: str) -> None:
    method, event = _file(_mail(engine, key, booking.id))
    assert method == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == f"{booking.reference}@bookings"
    files = _files_in_order(engine, booking.id)
    assert files[-1][0] == key and {uid for *_, uid in files} == {f"{booking.reference}@bookings"}
    sequences = [sequence for _, _, sequence, _ in files]
    assert sequences == sorted(set(sequences)), files  # each file supersedes the ones before
    with Session(engine) as s:
        assert int(event["sequence"]) == s.get(Booking, booking.id).lock_version


def test_a_move_keeps_the_uid_and_a_cancellation_then_takes_the_entry_out(engine, world, gateway):
    booking, token = _book(engine, world.service)
    with unit_of_work(engine) as s:
        manage_booking.reschedule(s, token=token, starts_at=_free_time(engine, world.service, 4), now=NOW)
    with unit_of_work(engine) as s:
        manage_booking.cancel(s, token=token, gateway=gateway, now=NOW)
    files = _files_in_order(engine, booking.id)
    assert [(key, method) for key, method, _, _ in files] == [
        ("booking_confirmed", "PUBLISH"), ("booking_changed", "PUBLISH"), ("booking_cancelled", "CANCEL")]
    assert files[0][2] < files[1][2] < files[2][2]
    _assert_cancelled(engine, booking, "booking_cancelled")
    _, moved = _file(_mail(engine, "booking_changed", booking.id))
    _, gone = _file(_mail(engine, "booking_cancelled", booking.id))
    assert gone.decoded("dtstart") == moved.decoded("dtstart") != _file(_mail(engine, "booking_confirmed", booking.id))[1].decoded("dtstart")
    assert manage_links.url_of(booking) in str(gone["description"])
    assert str(gone["organizer"]) == "mailto:bookings@example.com"  # the address the emails come from


def test_a_booking_waiting_for_payment_is_in_the_calendar_as_tentative_until_paid(engine, world, gateway):
    booking, token = _book(engine, world.prepaid)
    method, waiting = _file(_mail(engine, "booking_payment_required", booking.id))
    assert method == "PUBLISH" and str(waiting["status"]) == "TENTATIVE"
    assert str(waiting["uid"]) == f"{booking.reference}@bookings" and waiting.decoded("dtstart") == booking.starts_at
    with unit_of_work(engine) as s:
        manage_booking.pay(s, token=token, card=VISA, gateway=gateway, now=NOW)
    _, paid = _file(_mail(engine, "booking_confirmed", booking.id))
    assert str(paid["status"]) == "CONFIRMED" and str(paid["uid"]) == str(waiting["uid"])
    assert int(paid["sequence"]) > int(waiting["sequence"])


def test_cancelling_a_booking_waiting_for_payment_takes_it_out_again(engine, world, gateway):
    booking, token = _book(engine, world.prepaid)
    with unit_of_work(engine) as s:
        manage_booking.cancel(s, token=token, gateway=gateway, now=NOW)
    _assert_cancelled(engine, booking, "booking_cancelled")


def test_moving_a_booking_waiting_for_payment_moves_its_tentative_entry(engine, world):
    booking, token = _book(engine, world.prepaid)
    later = _free_time(engine, world.prepaid, 5)
    with unit_of_work(engine) as s:
        manage_booking.reschedule(s, token=token, starts_at=later, now=NOW)
    with Session(engine) as s:
        emails = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "booking_payment_required",
                                                  OutboxEmail.booking_id == booking.id).order_by(OutboxEmail.id)).all()
    (_, first), (_, moved) = (_file(e) for e in emails)
    assert str(moved["uid"]) == str(first["uid"]) and int(moved["sequence"]) > int(first["sequence"])
    assert moved.decoded("dtstart") == later and str(moved["status"]) == "TENTATIVE"


def test_a_provider_cancellation_takes_the_entry_out(engine, world, gateway):
    booking, _ = _book(engine, world.service, card=VISA, gateway=gateway)
    with unit_of_work(engine) as s:
        rebooking.cancel_by_provider(s, actor=actor_for(world.owner), booking_id=booking.id, reason="The studio is closed",
                                     quoted_refunded_minor=0, gateway=gateway, now=NOW)
    _assert_cancelled(engine, booking, "provider_cancelled")


def _ask_for_a_new_date(engine, world, booking: Booking, initiator: str = "provider") -> None:
    with unit_of_work(engine) as s:
        rebooking.request_rebooking(s, actor=actor_for(world.owner), booking_id=booking.id, initiator=initiator,
                                    reason="A water leak", slots=[_free_time(engine, world.service, 6)], now=NOW)


def test_refusing_the_new_dates_takes_the_entry_out(engine, world, gateway):
    booking, token = _book(engine, world.service, card=VISA, gateway=gateway)
    _ask_for_a_new_date(engine, world, booking)
    with unit_of_work(engine) as s:
        rebooking.refuse_rebooking(s, token=token, gateway=gateway, now=NOW)
    _assert_cancelled(engine, booking, "rebooking_refused")


def test_asking_for_the_refund_instead_of_a_new_date_takes_the_entry_out(engine, world, gateway):
    booking, token = _book(engine, world.service)
    _ask_for_a_new_date(engine, world, booking)
    with unit_of_work(engine) as s:
        requests.request_refund(s, token=token, gateway=gateway, now=NOW)
    _assert_cancelled(engine, booking, "refund_requested")


@pytest.mark.parametrize(("initiator", "key", "cancelled"), [("provider", "rebooking_expired_cancelled", True),
                                                             ("customer", "rebooking_expired_kept", False)])
def test_a_rebooking_nobody_settled_cancels_or_keeps_the_entry(engine, world, gateway, initiator, key, cancelled):
    booking, _ = _book(engine, world.service)
    _ask_for_a_new_date(engine, world, booking, initiator)
    assert rebooking.expire_rebookings(engine=engine, now=NOW + timedelta(days=30), gateway=gateway) == 1
    if cancelled:
        _assert_cancelled(engine, booking, key)
    else:  # the date stays: the entry in the calendar is still right
        assert _mail(engine, key, booking.id).attachments == []


@pytest.mark.parametrize(("by_staff", "key"), [(False, "class_cancelled"), (True, "class_removed_by_staff")])
def test_a_cancelled_class_place_takes_the_entry_out(engine, world, by_staff, key):
    with unit_of_work(engine) as s:
        organization = s.get(Organization, world.owner.organization_id)
        yoga = class_session(s, class_service(s, organization), starts_at=NOW + timedelta(days=3))
        ann = factories.customer(s, organization, "ann@example.com", name="Ann Customer")
        give_credits(s, ann, 5)
        seat = class_bookings.book_seat(s, class_session_id=yoga.id, customer=ann, actor=customer_actor(ann), now=NOW)
    with unit_of_work(engine) as s:
        actor = actor_for(s.get(StaffUser, world.owner.id)) if by_staff else customer_actor(s.get(Customer, seat.customer_id))
        class_bookings.cancel_seat(s, booking_id=seat.id, actor=actor, reason="Ill", now=NOW)
    assert _files_in_order(engine, seat.id)[0][:2] == ("class_booked", "PUBLISH")
    _assert_cancelled(engine, seat, key)


def test_a_request_never_confirmed_was_never_in_the_calendar(engine, world, gateway):
    """Its rejection, expiry or refund carries no calendar file: there is nothing to take out."""
    with unit_of_work(engine) as s:
        organization = s.get(Organization, world.owner.organization_id)
        tasting = factories.request_service(s, organization)
        rejected = factories.booking(s, organization, service=tasting, starts_at=NOW + timedelta(days=5))
        proposed = factories.booking(s, organization, service=tasting, starts_at=NOW + timedelta(days=6))
        requests.reject_request(s, actor=actor_for(world.owner), booking_id=rejected.id, reason="fully_booked",
                                gateway=gateway, now=NOW)
        requests.propose_reschedule(s, actor=actor_for(world.owner), booking_id=proposed.id, message="Closed that day",
                                    slots=[NOW + timedelta(days=7)], now=NOW)
        token = manage_links.token_of(proposed)
    with unit_of_work(engine) as s:
        requests.request_refund(s, token=token, gateway=gateway, now=NOW)
    assert _mail(engine, "request_rejected", rejected.id).attachments == []
    assert _mail(engine, "refund_requested", proposed.id).attachments == []
