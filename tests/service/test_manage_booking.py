"""Customers managing their own appointment through the manage link (pay, cancel, move
it), and staff deciding afterwards (refund or keep a cancelled payment, replace a link)."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar
from sqlalchemy import text
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.change_policy import CancellationNotOffered, CutoffPassed
from bookingapp.domain.errors import InvalidTransition, NotFound, PaymentDeclined, PaymentError
from bookingapp.domain.formatting import fmt_datetime
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    Booking,
    Customer,
    Organization,
    OutboxEmail,
    Payment,
    Service,
    StaffUser,
)
from bookingapp.services import appointments, manage_booking, manage_links, payments
from bookingapp.services.accounts import actor_for
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")
VISA = CardInput("4242424242424242", 12, 2030, "123")
DECLINED = CardInput("4000000000000002", 12, 2030, "123")
MASTERCARD = CardInput("5555555555554444", 12, 2030, "123")


@pytest.fixture(autouse=True)
def clock():
    """The gateway's clock and the services' `now` agree."""
    with time_machine.travel(NOW, tick=True):
        yield


@dataclass
class World:
    org: Organization
    owner: StaffUser
    service: Service


@pytest.fixture
def world(engine) -> World:
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "consult", timezone="Europe/Berlin", platform_commission_pct="23.8")
        owner = factories.staff(s, org)
        # One hour, a slot every 30 minutes, open 9-17 on every day, 24-hour cutoff (the default).
        service = factories.appointment_service(s, org, staff_user_id=owner.id)
        s.commit()
        return World(org, owner, service)


@pytest.fixture
def other_org_actor(engine):
    with Session(engine, expire_on_commit=False) as s:
        other = factories.organization(s, "elsewhere", timezone="Europe/Berlin")
        actor = factories.staff_actor(s, other)
        s.commit()
        return actor


# --- helpers ---------------------------------------------------------------------------


def _free(engine, service, day: int, month: int = 11, now: datetime = NOW) -> list[datetime]:
    with Session(engine) as s:
        days = appointments.month(s, service=s.get(Service, service.id), year=2026, month_number=month, now=now)
    return days[day - 1].slots


def _slot(engine, service, day: int, hhmm: str, month: int = 11) -> datetime:
    """A free time of the calendar, by its local clock time."""
    wanted = datetime.strptime(hhmm, "%H:%M").time()
    matches = [s for s in _free(engine, service, day, month) if s.astimezone(BERLIN).time() == wanted]
    assert matches, f"{hhmm} on {day}.{month}. is not a free time"
    return matches[0]


def _set_service(engine, service, **changes) -> None:
    with unit_of_work(engine) as s:
        row = s.get(Service, service.id)
        for key, value in changes.items():
            setattr(row, key, value)


def _book(engine, service, start, email="ann@example.com", card=None, gateway=None) -> tuple[Booking, str]:
    with unit_of_work(engine) as s:
        return appointments.book(s, service_id=service.id, starts_at=start, name="Ann Customer", email=email,
                                 card=card, gateway=gateway, now=NOW)


def _reload(engine, booking_id) -> Booking:
    with Session(engine, expire_on_commit=False) as s:
        return s.get(Booking, booking_id)


def _emails(engine, key=None, booking_id=None) -> list[OutboxEmail]:
    with Session(engine, expire_on_commit=False) as s:
        stmt = select(OutboxEmail).order_by(OutboxEmail.id)
        if key:
            stmt = stmt.where(OutboxEmail.template_key == key)
        if booking_id:
            stmt = stmt.where(OutboxEmail.booking_id == booking_id)
        return list(s.exec(stmt))


def _payments(engine, booking_id) -> list[Payment]:
    with Session(engine, expire_on_commit=False) as s:
        return list(s.exec(select(Payment).where(Payment.booking_id == booking_id)))


def _op_count(engine, payment_id, kind) -> int:
    with Session(engine) as s:
        return payments.operations_count(s, payment_id, kind)


def _ics(email: OutboxEmail):
    files = [a for a in email.attachments if a["content_type"] == "text/calendar"]
    assert len(files) == 1 and files[0]["filename"].endswith(".ics")
    return Calendar.from_ical(files[0]["content"]).walk("VEVENT")[0]


def _deadline(booking: Booking) -> datetime:
    return booking.starts_at - timedelta(hours=24)


def _view(engine, token, now=NOW) -> manage_booking.ManageView:
    with Session(engine, expire_on_commit=False) as s:
        return manage_booking.view(s, token=token, now=now)


def _pay(engine, token, gateway, card=VISA, now=NOW, attempt=None) -> Booking:
    with unit_of_work(engine) as s:
        return manage_booking.pay(s, token=token, card=card, gateway=gateway, now=now, attempt=attempt)


def _cancel(engine, token, gateway, now=NOW) -> Booking:
    with unit_of_work(engine) as s:
        return manage_booking.cancel(s, token=token, gateway=gateway, now=now)


def _reschedule(engine, token, start, now=NOW) -> Booking:
    with unit_of_work(engine) as s:
        return manage_booking.reschedule(s, token=token, starts_at=start, now=now)


def _staff(engine, world):
    return actor_for(world.owner)


def _paid_and_cancelled(engine, world, gateway, hhmm="10:00", email="ann@example.com", day=26) -> Booking:
    booking, token = _book(engine, world.service, _slot(engine, world.service, day, hhmm), email=email, card=VISA, gateway=gateway)
    _cancel(engine, token, gateway)
    return _reload(engine, booking.id)


# --- pay -------------------------------------------------------------------------------


@pytest.fixture
def required(engine, world):
    _set_service(engine, world.service, prepayment="required")
    return world


def test_paying_a_pending_booking_confirms_it_and_captures_the_full_price(engine, required, gateway):
    booking, token = _book(engine, required.service, _slot(engine, required.service, 26, "10:00"))
    assert booking.status == "pending_payment" and _view(engine, token).amount_due == 4500

    paid = _pay(engine, token, gateway)

    assert paid.status == "confirmed" and _reload(engine, booking.id).status == "confirmed"
    [payment] = _payments(engine, booking.id)
    assert (payment.status, payment.amount_minor, payment.captured_minor, payment.refunded_minor) == ("captured", 4500, 4500, 0)
    assert gateway.status(payment.external_id)["captured_minor"] == 4500
    assert _view(engine, token).amount_due == 0


def test_paying_emails_a_receipt_and_the_confirmation_with_a_calendar_file(engine, required, gateway):
    booking, token = _book(engine, required.service, _slot(engine, required.service, 26, "10:00"))
    _pay(engine, token, gateway)
    [receipt] = _emails(engine, "payment_received")
    assert receipt.to_email == "ann@example.com" and receipt.booking_id == booking.id
    [confirmation] = _emails(engine, "booking_confirmed")
    assert confirmation.to_email == "ann@example.com"
    event = _ics(confirmation)
    assert event.decoded("dtstart") == booking.starts_at
    assert manage_links.url_of(_reload(engine, booking.id)) in str(event["description"])


def test_paying_twice_finds_nothing_to_pay_and_captures_once(engine, required, gateway):
    booking, token = _book(engine, required.service, _slot(engine, required.service, 26, "10:00"))
    _pay(engine, token, gateway)
    with pytest.raises(manage_booking.NothingToPay):
        _pay(engine, token, gateway)
    [payment] = _payments(engine, booking.id)
    assert _op_count(engine, payment.id, "capture") == 1
    assert len(_emails(engine, "payment_received")) == 1


def test_a_declined_card_changes_nothing(engine, required, gateway):
    booking, token = _book(engine, required.service, _slot(engine, required.service, 26, "10:00"))
    emails_before = len(_emails(engine))
    with pytest.raises(PaymentDeclined, match="declined"):
        _pay(engine, token, gateway, card=DECLINED)
    assert _reload(engine, booking.id).status == "pending_payment"
    assert [p for p in _payments(engine, booking.id) if p.status == "captured"] == []
    assert len(_emails(engine)) == emails_before
    assert _view(engine, token).amount_due == 4500


def test_after_a_declined_card_another_card_can_pay(engine, required, gateway):
    booking, token = _book(engine, required.service, _slot(engine, required.service, 26, "10:00"))
    # Each press of the pay form is its own attempt (the manage page names it).
    with pytest.raises(PaymentDeclined):
        _pay(engine, token, gateway, card=DECLINED, attempt="form-1")
    _pay(engine, token, gateway, card=MASTERCARD, attempt="form-2")
    assert _reload(engine, booking.id).status == "confirmed"
    [payment] = _payments(engine, booking.id)
    assert (payment.status, payment.captured_minor, payment.card_last4) == ("captured", 4500, "4444")


def test_resending_the_same_pay_attempt_charges_once(engine, required, gateway):
    booking, token = _book(engine, required.service, _slot(engine, required.service, 26, "10:00"))
    _pay(engine, token, gateway, attempt="form-1")
    with pytest.raises(manage_booking.NothingToPay):
        _pay(engine, token, gateway, attempt="form-1")
    [payment] = _payments(engine, booking.id)
    assert _op_count(engine, payment.id, "capture") == 1


def test_a_confirmed_booking_with_optional_prepayment_can_pay(engine, world, gateway):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    assert booking.status == "confirmed" and _view(engine, token).amount_due == 4500
    _pay(engine, token, gateway)
    assert _reload(engine, booking.id).status == "confirmed"
    [payment] = _payments(engine, booking.id)
    assert (payment.status, payment.captured_minor) == ("captured", 4500)
    assert len(_emails(engine, "payment_received")) == 1
    assert len(_emails(engine, "booking_confirmed")) == 1  # the one from booking: it was confirmed already


def test_a_service_without_prepayment_has_nothing_to_pay(engine, world, gateway):
    _set_service(engine, world.service, prepayment="none")
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    assert _view(engine, token).amount_due == 0
    with pytest.raises(manage_booking.NothingToPay):
        _pay(engine, token, gateway)
    assert _payments(engine, booking.id) == []


# --- book with a card ------------------------------------------------------------------


def test_booking_with_a_card_charges_and_confirms_at_once(engine, required, gateway):
    booking, _ = _book(engine, required.service, _slot(engine, required.service, 26, "10:00"), card=VISA, gateway=gateway)
    assert _reload(engine, booking.id).status == "confirmed"
    [payment] = _payments(engine, booking.id)
    assert (payment.status, payment.captured_minor) == ("captured", 4500)
    keys = sorted(e.template_key for e in _emails(engine))
    assert keys == ["booking_confirmed", "new_booking_instant"]


def test_booking_with_a_declined_card_books_nothing(engine, required, gateway):
    start = _slot(engine, required.service, 26, "10:00")
    with pytest.raises(PaymentDeclined):
        _book(engine, required.service, start, card=DECLINED, gateway=gateway)
    with Session(engine) as s:
        assert s.exec(select(Booking)).all() == [] and s.exec(select(Payment)).all() == []
        assert s.exec(select(Customer)).all() == []
    assert _emails(engine) == []
    assert start in _free(engine, required.service, 26)


# --- cancel ----------------------------------------------------------------------------


def test_cancelling_before_the_cutoff_frees_the_slot_and_emails_both(engine, world, gateway):
    start = _slot(engine, world.service, 26, "10:00")
    booking, token = _book(engine, world.service, start)
    assert start not in _free(engine, world.service, 26)

    cancelled = _cancel(engine, token, gateway, now=_deadline(booking) - timedelta(seconds=1))

    assert cancelled.status == "cancelled" and _reload(engine, booking.id).status == "cancelled"
    assert start in _free(engine, world.service, 26)
    [to_customer] = _emails(engine, "booking_cancelled")
    [to_provider] = _emails(engine, "booking_cancelled_provider")
    assert to_customer.to_email == "ann@example.com"
    assert to_provider.to_email == world.owner.email


@pytest.mark.parametrize("late", [timedelta(0), timedelta(seconds=1), timedelta(hours=23, minutes=59)],
                         ids=["at-the-deadline", "a-second-after", "a-minute-before-the-visit"])
def test_cancelling_at_or_after_the_cutoff_is_refused_and_changes_nothing(engine, world, gateway, late):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    emails_before = len(_emails(engine))
    with pytest.raises(CutoffPassed):
        _cancel(engine, token, gateway, now=_deadline(booking) + late)
    after = _reload(engine, booking.id)
    assert (after.status, after.lock_version, after.refund_decision) == ("confirmed", booking.lock_version, None)
    assert len(_emails(engine)) == emails_before


def test_a_cancelled_paid_booking_is_not_refunded_automatically(engine, world, gateway):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"), card=VISA, gateway=gateway)
    _cancel(engine, token, gateway)
    after = _reload(engine, booking.id)
    assert (after.status, after.refund_decision) == ("cancelled", "pending")
    [payment] = _payments(engine, booking.id)
    assert (payment.status, payment.captured_minor, payment.refunded_minor) == ("captured", 4500, 0)
    assert _op_count(engine, payment.id, "refund") == 0
    assert gateway.status(payment.external_id)["refunded_minor"] == 0
    [to_provider] = _emails(engine, "booking_cancelled_provider")
    assert "Nothing was refunded" in to_provider.text


def test_a_cancelled_unpaid_booking_has_no_refund_decision(engine, world, gateway):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    _cancel(engine, token, gateway)
    assert _reload(engine, booking.id).refund_decision is None
    with Session(engine) as s:
        assert manage_booking.refunds_to_decide(s, actor=_staff(engine, world)) == []


def test_rebooking_request_only_services_cannot_be_cancelled_online(engine, world, gateway):
    _set_service(engine, world.service, customer_cancellation="rebooking_request_only")
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    emails_before = len(_emails(engine))
    with pytest.raises(CancellationNotOffered):
        _cancel(engine, token, gateway)
    assert _reload(engine, booking.id).status == "confirmed"
    assert len(_emails(engine)) == emails_before


def test_a_cancelled_booking_cannot_be_cancelled_again(engine, world, gateway):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    _cancel(engine, token, gateway)
    emails_before = len(_emails(engine))
    with pytest.raises(InvalidTransition):
        _cancel(engine, token, gateway)
    assert len(_emails(engine)) == emails_before


# --- reschedule ------------------------------------------------------------------------


def test_rescheduling_to_a_taken_time_is_refused(engine, world):
    mine, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    taken = _slot(engine, world.service, 26, "14:00")
    _book(engine, world.service, taken, email="bob@example.com")
    with pytest.raises(appointments.SlotUnavailable):
        _reschedule(engine, token, taken)
    with pytest.raises(appointments.SlotUnavailable):
        _reschedule(engine, token, taken - timedelta(minutes=30))  # would overlap Bob's hour
    assert _reload(engine, mine.id).starts_at == mine.starts_at


@pytest.mark.parametrize("local", [
    datetime(2026, 11, 26, 17, 0),  # closing time
    datetime(2026, 11, 26, 16, 30),  # would end after closing
    datetime(2026, 11, 26, 8, 0),  # before opening
    datetime(2026, 11, 26, 11, 10),  # not on the grid
    datetime(2026, 11, 23, 9, 30),  # inside the hour of lead time (and in the past for today)
])
def test_rescheduling_outside_the_free_times_is_refused(engine, world, local):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    with pytest.raises(appointments.SlotUnavailable):
        _reschedule(engine, token, local.replace(tzinfo=BERLIN))
    assert _reload(engine, booking.id).starts_at == booking.starts_at


def test_rescheduling_to_its_own_time_is_refused(engine, world):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    with pytest.raises(manage_booking.SameTime):
        _reschedule(engine, token, booking.starts_at)
    assert _reload(engine, booking.id).lock_version == booking.lock_version


def test_moving_frees_the_old_time_and_takes_the_new_one(engine, world):
    old = _slot(engine, world.service, 26, "10:00")
    new = _slot(engine, world.service, 27, "15:00")
    booking, token = _book(engine, world.service, old)

    moved = _reschedule(engine, token, new)

    assert (moved.starts_at, moved.ends_at) == (new, new + timedelta(hours=1))
    assert old in _free(engine, world.service, 26)
    assert new not in _free(engine, world.service, 27)
    assert new - timedelta(minutes=30) not in _free(engine, world.service, 27)  # overlaps the moved hour


def test_moving_by_half_an_hour_into_its_own_time_is_allowed(engine, world):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    later, before = booking.starts_at + timedelta(minutes=30), booking.starts_at - timedelta(minutes=30)
    assert later not in _free(engine, world.service, 26) and before not in _free(engine, world.service, 26)
    moved = _reschedule(engine, token, later)
    assert (moved.starts_at, moved.ends_at) == (later, later + timedelta(hours=1))
    assert before in _free(engine, world.service, 26)  # 9:30-10:30 no longer overlaps 10:30-11:30
    earlier = _reschedule(engine, token, booking.starts_at)  # and back: overlaps again
    assert earlier.starts_at == booking.starts_at


@pytest.mark.parametrize("late", [timedelta(0), timedelta(minutes=1)], ids=["at-the-deadline", "after"])
def test_rescheduling_closes_at_the_cutoff(engine, world, late):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    target = _slot(engine, world.service, 28, "10:00")
    emails_before = len(_emails(engine))
    with pytest.raises(CutoffPassed):
        _reschedule(engine, token, target, now=_deadline(booking) + late)
    assert _reload(engine, booking.id).starts_at == booking.starts_at
    assert len(_emails(engine)) == emails_before


def test_rescheduling_just_before_the_cutoff_is_allowed(engine, world):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    target = _slot(engine, world.service, 28, "10:00")
    assert _reschedule(engine, token, target, now=_deadline(booking) - timedelta(seconds=1)).starts_at == target


def test_rescheduling_keeps_everything_else_about_the_booking(engine, world, gateway):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"), card=VISA, gateway=gateway)
    with unit_of_work(engine) as s:
        row = s.get(Booking, booking.id)
        row.answers, row.note = {"Topic": "Taxes 2025"}, "Please bring the letters"
    # The service changes afterwards: the booking keeps what was booked.
    _set_service(engine, world.service, price_minor=9900, location="Room 7")
    before = _reload(engine, booking.id)

    _reschedule(engine, token, _slot(engine, world.service, 27, "11:00"))

    after = _reload(engine, booking.id)
    fields = ("reference", "service_id", "staff_user_id", "customer_id", "location", "answers", "note", "price_minor",
              "currency", "status", "organization_id", "manage_token_hash")
    assert {f: getattr(after, f) for f in fields} == {f: getattr(before, f) for f in fields}
    assert (after.location, after.price_minor, after.staff_user_id) == ("Room 1", 4500, world.owner.id)
    [payment] = _payments(engine, booking.id)
    assert (payment.status, payment.captured_minor, payment.refunded_minor) == ("captured", 4500, 0)


def test_moving_an_unpaid_pending_booking_repeats_the_payment_request(engine, required):
    booking, token = _book(engine, required.service, _slot(engine, required.service, 26, "10:00"))
    new = _slot(engine, required.service, 27, "11:00")
    _reschedule(engine, token, new)

    requests_ = _emails(engine, "booking_payment_required")
    assert len(requests_) == 2
    latest = requests_[-1]
    assert latest.to_email == "ann@example.com"
    assert latest.subject.startswith("Booking confirmation – payment required")
    assert "27" in latest.subject  # the new date
    assert _emails(engine, "booking_changed") == []
    [to_provider] = _emails(engine, "booking_changed_provider")
    assert to_provider.to_email == required.owner.email
    assert _reload(engine, booking.id).status == "pending_payment"


@pytest.mark.parametrize("paid", [False, True], ids=["confirmed-unpaid", "confirmed-paid"])
def test_moving_a_confirmed_booking_sends_a_change_with_an_updated_calendar_entry(engine, world, gateway, paid):
    extra = {"card": VISA, "gateway": gateway} if paid else {}
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"), **extra)
    new = _slot(engine, world.service, 27, "11:00")
    _reschedule(engine, token, new)

    [first] = _emails(engine, "booking_confirmed")
    [change] = _emails(engine, "booking_changed")
    assert change.to_email == "ann@example.com" and change.subject.startswith("Booking change")
    original, updated = _ics(first), _ics(change)
    assert str(updated["uid"]) == str(original["uid"])
    assert int(updated["sequence"]) > int(original["sequence"])
    assert updated.decoded("dtstart") == new and updated.decoded("dtend") == new + timedelta(hours=1)
    url = manage_links.url_of(_reload(engine, booking.id))
    assert url in str(updated["description"]) and url == manage_links.url_of(booking)
    [to_provider] = _emails(engine, "booking_changed_provider")
    assert to_provider.to_email == world.owner.email
    assert _emails(engine, "booking_payment_required") == []


def test_two_changes_give_increasing_calendar_sequences(engine, world):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    _reschedule(engine, token, _slot(engine, world.service, 27, "11:00"))
    _reschedule(engine, token, _slot(engine, world.service, 28, "12:00"))
    sequences = [int(_ics(e)["sequence"]) for e in _emails(engine, "booking_confirmed") + _emails(engine, "booking_changed")]
    assert sequences == sorted(set(sequences)) and len(sequences) == 3


def test_the_manage_link_expiry_moves_with_the_booking(engine, world):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    old_expiry = booking.manage_token_expires_at
    assert old_expiry == booking.ends_at + timedelta(days=30)
    new = _slot(engine, world.service, 10, "10:00", month=12)

    _reschedule(engine, token, new)

    after = _reload(engine, booking.id)
    assert after.manage_token_expires_at == after.ends_at + timedelta(days=30) == new + timedelta(hours=1, days=30)
    assert _view(engine, token, now=old_expiry + timedelta(hours=1)).booking.id == booking.id
    with pytest.raises(NotFound):
        _view(engine, token, now=after.manage_token_expires_at + timedelta(seconds=1))


# --- two customers racing ----------------------------------------------------------------


def _race(*attempts) -> list[str]:
    results: list[str] = []
    barrier = threading.Barrier(len(attempts))

    def run(attempt):
        barrier.wait()
        try:
            attempt()
            results.append("won")
        except appointments.SlotUnavailable:
            results.append("taken")
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test below
            results.append(repr(error))

    threads = [threading.Thread(target=run, args=(a,)) for a in attempts]
    [t.start() for t in threads]
    [t.join() for t in threads]
    return sorted(results)


def _active_at(engine, start) -> list[Booking]:
    with Session(engine) as s:
        return list(s.exec(select(Booking).where(Booking.starts_at == start, Booking.status != "cancelled")))


def test_two_customers_moving_onto_the_same_time_one_wins(engine, world):
    _, ann = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"), email="ann@example.com")
    _, bob = _book(engine, world.service, _slot(engine, world.service, 26, "12:00"), email="bob@example.com")
    target = _slot(engine, world.service, 26, "15:00")

    results = _race(lambda: _reschedule(engine, ann, target), lambda: _reschedule(engine, bob, target))

    assert results == ["taken", "won"]
    assert len(_active_at(engine, target)) == 1
    assert len(_emails(engine, "booking_changed")) == 1


def test_a_reschedule_racing_a_new_booking_for_the_same_time_one_wins(engine, world):
    _, ann = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"), email="ann@example.com")
    target = _slot(engine, world.service, 26, "15:00")

    results = _race(lambda: _reschedule(engine, ann, target), lambda: _book(engine, world.service, target, email="cleo@example.com"))

    assert results == ["taken", "won"]
    assert len(_active_at(engine, target)) == 1
    with Session(engine) as s:
        assert len(s.exec(select(Booking)).all()) in (1, 2)


# --- manage link security ------------------------------------------------------------------


@pytest.mark.parametrize("token", ["", "nope", "A" * 43, "x" * 101], ids=["empty", "short", "wrong", "too-long"])
def test_a_wrong_token_is_not_found(engine, world, token):
    _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    with pytest.raises(NotFound):
        _view(engine, token)


@pytest.mark.parametrize("position", [0, 21, -1])
def test_a_tampered_token_is_not_found(engine, world, position):
    _, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    chars = list(token)
    chars[position] = "B" if chars[position] != "B" else "C"
    tampered = "".join(chars)
    assert tampered != token and len(tampered) == len(token)
    with pytest.raises(NotFound):
        _view(engine, tampered)


def test_an_expired_token_is_not_found(engine, world):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    expiry = booking.ends_at + timedelta(days=30)
    assert _view(engine, token, now=expiry).booking.id == booking.id  # the last moment it works
    with pytest.raises(NotFound):
        _view(engine, token, now=expiry + timedelta(seconds=1))
    with pytest.raises(NotFound):
        _view(engine, token, now=expiry + timedelta(days=365))


def test_a_token_opens_exactly_its_own_booking(engine, world):
    ann, ann_token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"), email="ann@example.com")
    bob, bob_token = _book(engine, world.service, _slot(engine, world.service, 26, "12:00"), email="bob@example.com")
    assert ann_token != bob_token
    assert _view(engine, ann_token).booking.id == ann.id and _view(engine, ann_token).customer.email == "ann@example.com"
    assert _view(engine, bob_token).booking.id == bob.id and _view(engine, bob_token).customer.email == "bob@example.com"


def test_only_the_hash_and_nonce_of_the_token_are_stored(engine, world):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    with Session(engine) as s:
        row = s.connection().execute(text("SELECT * FROM booking WHERE id = :id"), {"id": booking.id}).mappings().one()
    assert all(token not in str(value) for value in row.values())
    assert row["manage_token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert row["manage_token_nonce"] and row["manage_token_nonce"] != token
    assert manage_links.token_of(_reload(engine, booking.id)) == token
    assert len(token) >= 43  # 256 bits, URL-safe base64


def test_staff_replacing_the_link_revokes_the_old_one_and_emails_the_new_one(engine, world):
    booking, old_token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    old_url = manage_links.url_of(booking)
    with unit_of_work(engine) as s:
        manage_booking.replace_manage_link(s, actor=_staff(engine, world), booking_id=booking.id)

    with pytest.raises(NotFound):
        _view(engine, old_token)
    after = _reload(engine, booking.id)
    new_token = manage_links.token_of(after)
    assert new_token != old_token and _view(engine, new_token).booking.id == booking.id
    assert after.manage_token_expires_at == after.ends_at + timedelta(days=30)
    [email] = _emails(engine, "manage_link_replaced")
    assert email.to_email == "ann@example.com"
    assert manage_links.url_of(after) in email.text
    assert old_url not in email.text and old_token not in email.text and old_token not in email.html


def test_staff_of_another_organization_cannot_replace_the_link(engine, world, other_org_actor):
    booking, token = _book(engine, world.service, _slot(engine, world.service, 26, "10:00"))
    with pytest.raises(NotFound), unit_of_work(engine) as s:
        manage_booking.replace_manage_link(s, actor=other_org_actor, booking_id=booking.id)
    assert _view(engine, token).booking.id == booking.id
    assert _emails(engine, "manage_link_replaced") == []


# --- staff refund decision ----------------------------------------------------------------


def test_the_refund_quote_returns_everything_and_keeps_the_commission(engine, world, gateway):
    booking = _paid_and_cancelled(engine, world, gateway)
    with Session(engine) as s:
        quote = manage_booking.refund_quote(s, actor=_staff(engine, world), booking_id=booking.id)
    assert (quote.already_refunded_minor, quote.currency) == (0, "EUR")
    q = quote.quote
    assert (q.gross_minor, q.refund_minor, q.commission_minor, q.net_minor) == (4500, 4500, 1071, -1071)
    assert q.gross_minor == q.refund_minor + q.commission_minor + q.net_minor


@pytest.mark.parametrize("price, commission", [
    (750, 179),  # 178.5 rounds half up (banker's rounding would give 178)
    (250, 60),  # 59.5
    (1005, 239),  # 239.19
    (1050, 250),  # 249.9
    (1, 0),  # 0.238
])
def test_the_commission_is_rounded_half_up(engine, world, gateway, price, commission):
    _set_service(engine, world.service, price_minor=price)
    booking = _paid_and_cancelled(engine, world, gateway)
    with Session(engine) as s:
        q = manage_booking.refund_quote(s, actor=_staff(engine, world), booking_id=booking.id).quote
    assert (q.refund_minor, q.commission_minor, q.net_minor) == (price, commission, -commission)


def test_refunding_a_cancelled_booking_refunds_once_and_tells_the_customer(engine, world, gateway):
    booking = _paid_and_cancelled(engine, world, gateway)
    staff = _staff(engine, world)
    with unit_of_work(engine) as s:
        manage_booking.refund_cancelled(s, actor=staff, booking_id=booking.id, quoted_refunded_minor=0, gateway=gateway, now=NOW)

    [payment] = _payments(engine, booking.id)
    assert (payment.status, payment.refunded_minor, payment.commission_retained_minor) == ("refunded", 4500, 1071)
    assert _reload(engine, booking.id).refund_decision == "refunded"
    assert gateway.status(payment.external_id)["refunded_minor"] == 4500
    [email] = _emails(engine, "booking_refunded")
    assert email.to_email == "ann@example.com" and "45.00" in email.text

    with pytest.raises(manage_booking.NoRefundToDecide), unit_of_work(engine) as s:
        manage_booking.refund_cancelled(s, actor=staff, booking_id=booking.id, quoted_refunded_minor=4500, gateway=gateway, now=NOW)
    assert _op_count(engine, payment.id, "refund") == 1
    assert gateway.status(payment.external_id)["refunded_minor"] == 4500
    assert len(_emails(engine, "booking_refunded")) == 1


def test_a_stale_refund_quote_is_refused_and_nothing_is_refunded(engine, world, gateway):
    booking = _paid_and_cancelled(engine, world, gateway)
    with pytest.raises(PaymentError), unit_of_work(engine) as s:
        manage_booking.refund_cancelled(s, actor=_staff(engine, world), booking_id=booking.id, quoted_refunded_minor=1000,
                                        gateway=gateway, now=NOW)
    [payment] = _payments(engine, booking.id)
    assert (payment.status, payment.refunded_minor, payment.commission_retained_minor) == ("captured", 0, 0)
    assert _op_count(engine, payment.id, "refund") == 0
    assert gateway.status(payment.external_id)["refunded_minor"] == 0
    assert _reload(engine, booking.id).refund_decision == "pending"
    assert _emails(engine, "booking_refunded") == []


def test_keeping_the_payment_refunds_nothing(engine, world, gateway):
    booking = _paid_and_cancelled(engine, world, gateway)
    staff = _staff(engine, world)
    with unit_of_work(engine) as s:
        manage_booking.keep_payment(s, actor=staff, booking_id=booking.id, now=NOW)
    assert _reload(engine, booking.id).refund_decision == "kept"
    [payment] = _payments(engine, booking.id)
    assert (payment.status, payment.refunded_minor) == ("captured", 0)
    assert _op_count(engine, payment.id, "refund") == 0
    assert _emails(engine, "booking_refunded") == []
    with pytest.raises(manage_booking.NoRefundToDecide), unit_of_work(engine) as s:
        manage_booking.refund_cancelled(s, actor=staff, booking_id=booking.id, quoted_refunded_minor=0, gateway=gateway, now=NOW)
    with pytest.raises(manage_booking.NoRefundToDecide), unit_of_work(engine) as s:
        manage_booking.keep_payment(s, actor=staff, booking_id=booking.id, now=NOW)


def test_staff_of_another_organization_cannot_decide_the_refund(engine, world, gateway, other_org_actor):
    booking = _paid_and_cancelled(engine, world, gateway)
    with pytest.raises(NotFound), Session(engine) as s:
        manage_booking.refund_quote(s, actor=other_org_actor, booking_id=booking.id)
    with pytest.raises(NotFound), unit_of_work(engine) as s:
        manage_booking.refund_cancelled(s, actor=other_org_actor, booking_id=booking.id, quoted_refunded_minor=0,
                                        gateway=gateway, now=NOW)
    with pytest.raises(NotFound), unit_of_work(engine) as s:
        manage_booking.keep_payment(s, actor=other_org_actor, booking_id=booking.id, now=NOW)
    [payment] = _payments(engine, booking.id)
    assert (payment.status, payment.refunded_minor) == ("captured", 0)
    assert _reload(engine, booking.id).refund_decision == "pending"
    with Session(engine) as s:
        assert manage_booking.refunds_to_decide(s, actor=other_org_actor) == []


def test_refunds_to_decide_lists_only_pending_ones_of_the_staff_members_organization(engine, world, gateway):
    pending = _paid_and_cancelled(engine, world, gateway, "10:00", email="p1@example.com")
    refunded = _paid_and_cancelled(engine, world, gateway, "12:00", email="p2@example.com")
    kept = _paid_and_cancelled(engine, world, gateway, "14:00", email="p3@example.com")
    _, unpaid_token = _book(engine, world.service, _slot(engine, world.service, 27, "10:00"), email="p4@example.com")
    _cancel(engine, unpaid_token, gateway)
    _book(engine, world.service, _slot(engine, world.service, 27, "12:00"), email="p5@example.com", card=VISA, gateway=gateway)
    staff = _staff(engine, world)
    with unit_of_work(engine) as s:
        manage_booking.refund_cancelled(s, actor=staff, booking_id=refunded.id, quoted_refunded_minor=0, gateway=gateway, now=NOW)
        manage_booking.keep_payment(s, actor=staff, booking_id=kept.id, now=NOW)
    # Another organization's pending refund.
    with Session(engine, expire_on_commit=False) as s:
        other = factories.organization(s, "elsewhere", timezone="Europe/Berlin")
        other_staff = factories.staff(s, other)
        other_service = factories.appointment_service(s, other, staff_user_id=other_staff.id)
        s.commit()
    other_booking = _paid_and_cancelled(engine, World(other, other_staff, other_service), gateway, "10:00")

    with Session(engine) as s:
        mine = [b.id for b in manage_booking.refunds_to_decide(s, actor=staff)]
        theirs = [b.id for b in manage_booking.refunds_to_decide(s, actor=actor_for(other_staff))]
    assert mine == [pending.id]
    assert theirs == [other_booking.id]


def test_each_reader_gets_every_date_of_a_change_in_their_own_language(engine, world):
    """A German business, a Polish customer: the customer's email is Polish throughout, the
    provider's German throughout (issue 23 saw one email mixing two date formats)."""
    with unit_of_work(engine) as s:
        s.get(Organization, world.org.id).locale = "de"
    old, new = _slot(engine, world.service, 26, "10:00"), _slot(engine, world.service, 27, "11:00")
    booking, token = _book(engine, world.service, old)
    with unit_of_work(engine) as s:
        s.get(Customer, booking.customer_id).locale = "pl"

    _reschedule(engine, token, new)

    [change] = _emails(engine, "booking_changed")
    [to_provider] = _emails(engine, "booking_changed_provider")
    for email, lang in ((change, "pl"), (to_provider, "de")):
        assert fmt_datetime(new, "Europe/Berlin", lang) in email.text, (lang, email.text)
        assert fmt_datetime(old, "Europe/Berlin", lang) in email.text, (lang, email.text)
    assert fmt_datetime(new, "Europe/Berlin", "pl") not in to_provider.text
