"""Booking and cancelling places in classes: capacity, credits, the free-cancellation edge,
online booking off, and the race for the last place."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.class_rules import (
    AlreadyBooked,
    NotEnoughCredits,
    OnlineBookingClosed,
    SessionFull,
    SessionStarted,
)
from bookingapp.domain.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from bookingapp.models import (
    ActivityLog,
    Booking,
    ClassSession,
    CreditLedger,
    Customer,
    Organization,
    OutboxEmail,
    Service,
)
from bookingapp.services import class_bookings, credits, manage_links, waitlist
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import (
    CLASS_START,
    NOW,
    class_service,
    class_session,
    give_credits,
)


@dataclass
class World:
    org_id: int
    staff: object
    session_id: int
    ann_id: int
    bob_id: int


@pytest.fixture
def world(engine) -> World:
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin")
        staff = factories.staff_actor(s, org)
        service = class_service(s, org)
        cs = class_session(s, service, capacity=2, credit_cost=2, window_minutes=12 * 60)
        ann = factories.customer(s, org, "ann@example.com", name="Ann")
        bob = factories.customer(s, org, "bob@example.com", name="Bob")
        give_credits(s, ann, 5)
        give_credits(s, bob, 5)
        return World(org.id, staff, cs.id, ann.id, bob.id)


def _book(engine, world: World, customer_id: int, *, now=NOW, source="online", actor=None, use_credits=True):
    with unit_of_work(engine) as s:
        customer = s.get(Customer, customer_id)
        return class_bookings.book_seat(s, class_session_id=world.session_id, customer=customer,
                                        actor=actor or customer_actor(customer), now=now, source=source,
                                        use_credits=use_credits)


def _balance(engine, customer_id: int) -> int:
    with Session(engine) as s:
        return credits.balance(s, customer_id)


def _counts(engine) -> tuple[int, int, int]:
    with Session(engine) as s:
        return (len(s.exec(select(Booking)).all()), len(s.exec(select(CreditLedger)).all()),
                len(s.exec(select(OutboxEmail)).all()))


def _new_customer(engine, world: World, email: str, credits_: int = 5) -> int:
    with unit_of_work(engine) as s:
        org = s.get(Organization, world.org_id)
        row = factories.customer(s, org, email, name=email.split("@")[0])
        give_credits(s, row, credits_)
        return row.id


def test_booking_debits_the_credits_and_emails_the_manage_link(engine, world):
    booking = _book(engine, world, world.ann_id)

    assert booking.status == "confirmed" and booking.credits_spent == 2 and booking.session_id == world.session_id
    assert _balance(engine, world.ann_id) == 3
    with Session(engine) as s:
        debit = s.exec(select(CreditLedger).where(CreditLedger.kind == "debit")).one()
        email = s.exec(select(OutboxEmail)).one()
        assert (debit.delta, debit.booking_id) == (-2, booking.id)
        assert email.template_key == "class_booked" and email.to_email == "ann@example.com"
        assert manage_links.url_of(s.get(Booking, booking.id)) in email.text
        assert "Credits used: 2" in email.text and "Your credit balance: 3" in email.text
        assert s.exec(select(ActivityLog.action).where(ActivityLog.booking_id == booking.id)).all() == ["class.booked"]


def test_not_enough_credits_is_refused_and_nothing_is_written(engine, world):
    poor = _new_customer(engine, world, "poor@example.com", credits_=1)
    before = _counts(engine)

    with pytest.raises(NotEnoughCredits) as refused:
        _book(engine, world, poor)

    assert (refused.value.balance, refused.value.cost) == (1, 2)
    assert str(refused.value) == "Not enough credits: this class costs 2 and your balance is 1."
    assert _counts(engine) == before and _balance(engine, poor) == 1


def test_the_session_never_takes_more_than_its_capacity(engine, world):
    _book(engine, world, world.ann_id)
    _book(engine, world, world.bob_id)
    third = _new_customer(engine, world, "third@example.com")

    with pytest.raises(SessionFull):
        _book(engine, world, third)
    assert _balance(engine, third) == 5


def test_a_customer_cannot_book_the_same_class_twice(engine, world):
    _book(engine, world, world.ann_id)

    with pytest.raises(AlreadyBooked):
        _book(engine, world, world.ann_id)
    assert _balance(engine, world.ann_id) == 3


def test_a_started_class_cannot_be_booked(engine, world):
    with pytest.raises(SessionStarted):
        _book(engine, world, world.ann_id, now=CLASS_START)


def test_online_booking_off_refuses_customers_but_staff_can_add(engine, world):
    with unit_of_work(engine) as s:
        s.get(ClassSession, world.session_id).online_booking = False

    with pytest.raises(OnlineBookingClosed):
        _book(engine, world, world.ann_id)
    booking = _book(engine, world, world.ann_id, source="staff", actor=world.staff)

    assert booking.status == "confirmed" and _balance(engine, world.ann_id) == 3


def test_an_archived_class_takes_no_online_bookings_from_a_page_still_open(engine, world):
    with unit_of_work(engine) as s:
        s.get(Service, s.get(ClassSession, world.session_id).service_id).active = False

    with pytest.raises(OnlineBookingClosed):
        _book(engine, world, world.ann_id)
    assert _balance(engine, world.ann_id) == 5
    assert _book(engine, world, world.ann_id, source="staff", actor=world.staff).status == "confirmed"


def test_a_customer_cannot_book_as_staff_or_for_someone_else(engine, world):
    with unit_of_work(engine) as s:
        bob = s.get(Customer, world.bob_id)
        ann_actor = customer_actor(s.get(Customer, world.ann_id))
    with pytest.raises(PermissionDenied):
        _book(engine, world, world.ann_id, source="staff")
    with pytest.raises(PermissionDenied):
        _book(engine, world, bob.id, actor=ann_actor)
    with pytest.raises(PermissionDenied):
        _book(engine, world, world.ann_id, use_credits=False)
    assert _counts(engine)[0] == 0


def test_staff_can_book_without_taking_credits(engine, world):
    booking = _book(engine, world, world.ann_id, source="staff", actor=world.staff, use_credits=False)

    assert booking.credits_spent == 0 and _balance(engine, world.ann_id) == 5


def test_another_organizations_session_is_not_found(engine, world):
    with unit_of_work(engine) as s:
        other = factories.organization(s, "other")
        stranger = factories.customer(s, other, "stranger@example.com")
        give_credits(s, stranger, 5)
        stranger_id = stranger.id
    with pytest.raises(NotFound):
        _book(engine, world, stranger_id)


def _cancel(engine, booking_id: int, *, actor, now, reason="Cannot come"):
    with unit_of_work(engine) as s:
        return class_bookings.cancel_seat(s, booking_id=booking_id, actor=actor, reason=reason, now=now)


def _ann(engine, world):
    with Session(engine) as s:
        return customer_actor(s.get(Customer, world.ann_id))


DEADLINE = CLASS_START - timedelta(hours=12)


def test_cancelling_exactly_at_the_window_edge_gives_the_credits_back(engine, world):
    booking = _book(engine, world, world.ann_id)

    outcome = _cancel(engine, booking.id, actor=_ann(engine, world), now=DEADLINE)

    assert (outcome.free, outcome.refunded_credits) == (True, 2)
    assert _balance(engine, world.ann_id) == 5
    with Session(engine) as s:
        refund = s.exec(select(CreditLedger).where(CreditLedger.kind == "refund")).one()
        cancelled = s.get(Booking, booking.id)
        email = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "class_cancelled")).one()
    assert (refund.delta, refund.booking_id) == (2, booking.id)
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "Cannot come"
    assert "Credits returned: 2" in email.text and "[BOOKING_CONTROL_URL]" not in email.text and "/m/" in email.text


def test_cancelling_one_second_after_the_window_keeps_the_credits(engine, world):
    booking = _book(engine, world, world.ann_id)

    outcome = _cancel(engine, booking.id, actor=_ann(engine, world), now=DEADLINE + timedelta(seconds=1))

    assert (outcome.free, outcome.refunded_credits, outcome.credits_spent) == (False, 0, 2)
    assert _balance(engine, world.ann_id) == 3
    with Session(engine) as s:
        assert s.exec(select(CreditLedger).where(CreditLedger.kind == "refund")).all() == []


def test_the_preview_says_the_same_as_the_cancellation_on_both_sides_of_the_edge(engine, world):
    booking = _book(engine, world, world.ann_id)
    with Session(engine) as s:
        token = manage_links.token_of(s.get(Booking, booking.id))
        at_edge = class_bookings.cancellation_preview(s, token=token, now=DEADLINE)
        late = class_bookings.cancellation_preview(s, booking_id=booking.id, actor=world.staff, now=DEADLINE + timedelta(seconds=1))
    assert (at_edge.free, at_edge.refunded_credits) == (True, 2)
    assert (late.free, late.refunded_credits, late.credits_spent) == (False, 0, 2)
    assert _balance(engine, world.ann_id) == 3  # a preview changes nothing


def test_staff_removal_inside_the_window_refunds_and_emails_the_reason(engine, world):
    booking = _book(engine, world, world.ann_id)

    outcome = _cancel(engine, booking.id, actor=world.staff, now=NOW, reason="Class moved to a smaller room")

    assert outcome.refunded_credits == 2 and _balance(engine, world.ann_id) == 5
    with Session(engine) as s:
        email = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "class_removed_by_staff")).one()
        log = s.exec(select(ActivityLog).where(ActivityLog.action == "class.removed_by_staff")).one()
    assert "Class moved to a smaller room" in email.text and "/m/" in email.text
    assert log.data["refunded_credits"] == 2


def test_a_cancelled_place_can_be_booked_again(engine, world):
    first = _book(engine, world, world.ann_id)
    _book(engine, world, world.bob_id)
    _cancel(engine, first.id, actor=_ann(engine, world), now=NOW)
    third = _new_customer(engine, world, "third@example.com")

    assert _book(engine, world, third).status == "confirmed"


def test_a_reason_is_required_and_a_missing_one_changes_nothing(engine, world):
    booking = _book(engine, world, world.ann_id)

    with pytest.raises(ValidationFailed):
        _cancel(engine, booking.id, actor=_ann(engine, world), now=NOW, reason="  ")
    with Session(engine) as s:
        assert s.get(Booking, booking.id).status == "confirmed"


def test_customers_cannot_cancel_after_the_start_but_staff_can_remove(engine, world):
    booking = _book(engine, world, world.ann_id)

    with pytest.raises(SessionStarted):
        _cancel(engine, booking.id, actor=_ann(engine, world), now=CLASS_START)
    outcome = _cancel(engine, booking.id, actor=world.staff, now=CLASS_START + timedelta(minutes=5))
    assert outcome.refunded_credits == 0


def test_cancelling_twice_is_refused_and_refunds_once(engine, world):
    booking = _book(engine, world, world.ann_id)
    _cancel(engine, booking.id, actor=_ann(engine, world), now=NOW)

    with pytest.raises(InvalidTransition):
        _cancel(engine, booking.id, actor=world.staff, now=NOW)
    assert _balance(engine, world.ann_id) == 5


def test_a_customer_cannot_cancel_someone_elses_booking(engine, world):
    booking = _book(engine, world, world.bob_id)

    with pytest.raises(NotFound):
        _cancel(engine, booking.id, actor=_ann(engine, world), now=NOW)


def test_the_waitlist_hook_hears_about_every_freed_place(engine, world, monkeypatch):
    heard: list[int] = []
    monkeypatch.setattr(waitlist, "place_freed", lambda session, class_session, now: heard.append(class_session.id))
    booking = _book(engine, world, world.ann_id)

    _cancel(engine, booking.id, actor=_ann(engine, world), now=NOW)

    assert heard == [world.session_id]


def test_many_customers_racing_for_the_last_place_exactly_one_wins(engine, world):
    _book(engine, world, world.ann_id)  # one of two places left
    racers = [_new_customer(engine, world, f"racer{i}@example.com") for i in range(6)]
    results: list[str] = []

    def attempt(customer_id: int) -> None:
        try:
            _book(engine, world, customer_id)
            results.append("booked")
        except SessionFull:
            results.append("full")

    threads = [threading.Thread(target=attempt, args=(c,)) for c in racers]
    [t.start() for t in threads]
    [t.join() for t in threads]

    assert sorted(results) == ["booked"] + ["full"] * 5
    with Session(engine) as s:
        assert len(s.exec(select(Booking).where(Booking.session_id == world.session_id)).all()) == 2
        spent = [credits.balance(s, c) for c in racers]
    assert sorted(spent) == [3] + [5] * 5  # only the winner paid


def test_staff_and_customers_racing_for_the_last_place_exactly_one_wins(engine, world):
    _book(engine, world, world.ann_id)
    online = _new_customer(engine, world, "online@example.com")
    walk_in = _new_customer(engine, world, "walkin@example.com")
    results: list[str] = []

    def attempt(customer_id: int, staff: bool) -> None:
        try:
            _book(engine, world, customer_id, source="staff" if staff else "online", actor=world.staff if staff else None)
            results.append("booked")
        except SessionFull:
            results.append("full")

    threads = [threading.Thread(target=attempt, args=(online, False)), threading.Thread(target=attempt, args=(walk_in, True))]
    [t.start() for t in threads]
    [t.join() for t in threads]

    assert sorted(results) == ["booked", "full"]
