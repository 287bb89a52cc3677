"""The class waitlist: joining a full class, positions, offers on a freed place, expiry
passing the offer on, claims that book and debit credits, leaving, closing at the start,
and the race for the last place."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from bookingapp.db import unit_of_work
from bookingapp.domain.class_rules import (
    AlreadyBooked,
    NotEnoughCredits,
    OnlineBookingClosed,
    PlaceHeldForWaitlist,
    SessionFull,
)
from bookingapp.domain.errors import NotFound, PermissionDenied
from bookingapp.domain.waitlist_rules import (
    AlreadyOnWaitlist,
    NoOpenOffer,
    NotFull,
    OfferExpired,
    WaitlistClosed,
)
from bookingapp.models import (
    ActivityLog,
    Booking,
    ClassSession,
    Customer,
    Organization,
    OutboxEmail,
    Service,
    WaitlistEntry,
)
from bookingapp.services import class_bookings, class_schedule, credits, waitlist
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import (
    CLASS_START,
    NOW,
    class_service,
    class_session,
    give_credits,
)

HOUR = timedelta(hours=1)


@dataclass
class World:
    org_id: int
    staff: object
    session_id: int
    booked: list[int]  # the two customers holding the two places
    waiting: list[int]  # three customers with credits, not booked


@pytest.fixture
def world(engine) -> World:
    """A full class (2 places, 2 credits each) and three customers who could wait."""
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin", waitlist_offer_minutes=120)
        staff = factories.staff_actor(s, org)
        cs = class_session(s, class_service(s, org), capacity=2, credit_cost=2)
        people = []
        for name in ("ann", "bob", "cat", "dan", "eve"):
            row = factories.customer(s, org, f"{name}@example.com", name=name.title())
            give_credits(s, row, 5)
            people.append(row.id)
    world = World(org.id, staff, cs.id, people[:2], people[2:])
    for customer_id in world.booked:
        _book(engine, world, customer_id)
    return world


def _customer(s: Session, customer_id: int) -> Customer:
    return s.get(Customer, customer_id)


def _book(engine, world: World, customer_id: int, *, now=NOW, actor=None, source="online"):
    with unit_of_work(engine) as s:
        customer = _customer(s, customer_id)
        return class_bookings.book_seat(s, class_session_id=world.session_id, customer=customer,
                                        actor=actor or customer_actor(customer), now=now, source=source)


def _join(engine, world: World, customer_id: int, *, now=NOW) -> waitlist.Joined:
    with unit_of_work(engine) as s:
        customer = _customer(s, customer_id)
        return waitlist.join(s, class_session_id=world.session_id, customer=customer, actor=customer_actor(customer), now=now)


def _cancel(engine, world: World, customer_id: int, *, now=NOW) -> None:
    with unit_of_work(engine) as s:
        booking = s.exec(select(Booking).where(Booking.session_id == world.session_id, Booking.customer_id == customer_id,
                                               Booking.status == "confirmed")).one()
        class_bookings.cancel_seat(s, booking_id=booking.id, actor=customer_actor(_customer(s, customer_id)),
                                   reason="Cannot come", now=now)


def _entries(engine, world: World) -> dict[int, WaitlistEntry]:
    with Session(engine) as s:
        return {e.customer_id: e for e in s.exec(select(WaitlistEntry).where(WaitlistEntry.session_id == world.session_id))}


def _offer_token(engine, customer_id: int) -> str:
    """The claim link's token, read from the newest offer email, as the customer would."""
    with Session(engine) as s:
        email = s.exec(select(OutboxEmail).join(Customer, Customer.email == OutboxEmail.to_email)
                       .where(Customer.id == customer_id, OutboxEmail.template_key == "waitlist_offer")
                       .order_by(col(OutboxEmail.id).desc())).first()
    assert email is not None, "no offer email"
    return re.search(r"/b/yoga/waitlist/([A-Za-z0-9_-]+)", email.text).group(1)


def _claim(engine, token: str, *, now=NOW) -> waitlist.ClaimOutcome:
    with unit_of_work(engine) as s:
        return waitlist.claim(s, token=token, now=now)


def _offers(engine, world: World) -> list[int]:
    return sorted(c for c, e in _entries(engine, world).items() if e.status == "offered")


def _balance(engine, customer_id: int) -> int:
    with Session(engine) as s:
        return credits.balance(s, customer_id)


def _booked_count(engine, world: World) -> int:
    with Session(engine) as s:
        return class_bookings.taken_places(s, world.session_id)


# --- joining ----------------------------------------------------------------------------


def test_joining_is_refused_while_places_are_free_and_nothing_is_written(engine, world):
    _cancel(engine, world, world.booked[0])
    with pytest.raises(NotFull):
        _join(engine, world, world.waiting[0])
    assert _entries(engine, world) == {}


def test_positions_follow_the_joining_order_and_the_email_shows_the_position_and_link(engine, world):
    cat, dan, eve = world.waiting
    assert [_join(engine, world, c).position for c in (cat, dan, eve)] == [1, 2, 3]

    with Session(engine) as s:
        email = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "waitlist_joined",
                                                 OutboxEmail.to_email == "dan@example.com")).one()
        logged = s.exec(select(ActivityLog).where(ActivityLog.action == "waitlist.joined")).all()
    assert "number 2 on the waitlist" in email.text
    assert re.search(r"/b/yoga/waitlist/[A-Za-z0-9_-]{40,}", email.text)
    assert len(logged) == 3


def test_the_shown_position_moves_up_when_someone_ahead_leaves(engine, world):
    cat, dan, eve = world.waiting
    joined = [_join(engine, world, c) for c in (cat, dan, eve)]
    with unit_of_work(engine) as s:
        waitlist.leave(s, token=joined[0].token, now=NOW)
    with Session(engine) as s:
        assert waitlist.position(s, s.get(WaitlistEntry, joined[2].entry.id)) == 2


def test_joining_twice_or_when_already_booked_is_refused(engine, world):
    _join(engine, world, world.waiting[0])
    with pytest.raises(AlreadyOnWaitlist):
        _join(engine, world, world.waiting[0])
    with pytest.raises(AlreadyBooked):
        _join(engine, world, world.booked[0])


def test_customers_cannot_join_a_staff_only_session_but_staff_can_add_them(engine, world):
    with unit_of_work(engine) as s:
        s.get(ClassSession, world.session_id).online_booking = False
    with pytest.raises(OnlineBookingClosed):
        _join(engine, world, world.waiting[0])
    with unit_of_work(engine) as s:
        joined = waitlist.add(s, class_session_id=world.session_id, customer_id=world.waiting[0], actor=world.staff, now=NOW)
    assert joined.position == 1
    assert _entries(engine, world)[world.waiting[0]].added_by_staff_id == world.staff.id


def test_staff_cannot_add_another_organizations_customer_and_customers_cannot_use_add(engine, world):
    with unit_of_work(engine) as s:
        other = factories.organization(s, "other")
        stranger = factories.customer(s, other, "stranger@example.com")
    with pytest.raises(NotFound), unit_of_work(engine) as s:
        waitlist.add(s, class_session_id=world.session_id, customer_id=stranger.id, actor=world.staff, now=NOW)
    with pytest.raises(PermissionDenied), unit_of_work(engine) as s:
        cat = _customer(s, world.waiting[0])
        waitlist.add(s, class_session_id=world.session_id, customer_id=cat.id, actor=customer_actor(cat), now=NOW)


def test_the_waitlist_closes_when_the_class_starts(engine, world):
    with pytest.raises(WaitlistClosed):
        _join(engine, world, world.waiting[0], now=CLASS_START)


# --- offers -----------------------------------------------------------------------------


def test_a_cancellation_offers_the_place_to_the_first_person_waiting_by_email(engine, world):
    cat, dan, _ = world.waiting
    _join(engine, world, cat)
    _join(engine, world, dan)

    _cancel(engine, world, world.booked[0])

    entries = _entries(engine, world)
    assert entries[cat].status == "offered" and entries[dan].status == "waiting"
    assert entries[cat].offer_expires_at == NOW + 2 * HOUR  # the class's hold time, far from the start
    with Session(engine) as s:
        email = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "waitlist_offer")).one()
    assert email.to_email == "cat@example.com"
    assert "by Mon, 23 Nov 2026, 11:00 CET" in email.text  # the deadline, in the organization's timezone
    assert "2 credits" in email.text
    # The offer's token replaced the joining one: only its hash is stored.
    token = _offer_token(engine, cat)
    assert entries[cat].offer_token_hash not in email.text and token not in entries[cat].offer_token_hash


def test_the_offer_is_held_as_long_as_the_class_says(engine, world):
    """The hold time is set per class in the services editor; the organization's old default is not it."""
    with unit_of_work(engine) as s:
        service = s.get(Service, s.get(ClassSession, world.session_id).service_id)
        service.waitlist_offer_minutes = 30
    cat = world.waiting[0]
    _join(engine, world, cat)
    _cancel(engine, world, world.booked[0])
    assert _entries(engine, world)[cat].offer_expires_at == NOW + timedelta(minutes=30)


def test_raising_the_capacity_offers_each_new_place_once(engine, world):
    cat, dan, eve = world.waiting
    for c in (cat, dan, eve):
        _join(engine, world, c)

    with unit_of_work(engine) as s:
        class_schedule.update_session(s, actor=world.staff, class_session_id=world.session_id, capacity=4,
                                      online_booking=True, now=NOW)

    assert _offers(engine, world) == sorted([cat, dan])
    # Freeing nothing more sends nothing more: still one open offer per free place.
    with unit_of_work(engine) as s:
        waitlist.place_freed(s, s.get(ClassSession, world.session_id), NOW)
    assert _offers(engine, world) == sorted([cat, dan])
    with Session(engine) as s:
        assert len(s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "waitlist_offer")).all()) == 2


def test_an_offer_close_to_the_start_ends_the_margin_before_it(engine, world):
    _join(engine, world, world.waiting[0])
    late = CLASS_START - 90 * timedelta(minutes=1)
    _cancel(engine, world, world.booked[0], now=late)
    assert _entries(engine, world)[world.waiting[0]].offer_expires_at == CLASS_START - timedelta(minutes=30)


def test_claiming_books_the_place_and_debits_the_credits(engine, world):
    cat = world.waiting[0]
    _join(engine, world, cat)
    _cancel(engine, world, world.booked[0])

    outcome = _claim(engine, _offer_token(engine, cat), now=NOW + HOUR)

    assert outcome.booking is not None
    assert _entries(engine, world)[cat].status == "claimed"
    assert _balance(engine, cat) == 3
    assert _booked_count(engine, world) == 2
    with Session(engine) as s:
        booking = s.get(Booking, outcome.booking.id)
        confirmation = s.exec(select(OutboxEmail).where(OutboxEmail.booking_id == booking.id)).one()
        claimed_log = s.exec(select(ActivityLog).where(ActivityLog.action == "waitlist.claimed")).one()
    assert (booking.customer_id, booking.status, booking.credits_spent) == (cat, "confirmed", 2)
    assert confirmation.template_key == "class_booked" and "/m/" in confirmation.text
    assert claimed_log.booking_id == booking.id


def test_a_claim_twice_is_refused_and_books_once(engine, world):
    cat = world.waiting[0]
    _join(engine, world, cat)
    _cancel(engine, world, world.booked[0])
    token = _offer_token(engine, cat)
    _claim(engine, token)
    with pytest.raises(NoOpenOffer, match="already claimed"):
        _claim(engine, token)
    assert _balance(engine, cat) == 3


def test_a_claim_without_enough_credits_is_refused_and_the_offer_stays_open(engine, world):
    cat = world.waiting[0]
    _join(engine, world, cat)
    _cancel(engine, world, world.booked[0])
    with unit_of_work(engine) as s:
        credits.grant(s, actor=world.staff, customer_id=cat, delta=-4, reason="Correction", kind="adjust")

    with pytest.raises(NotEnoughCredits):
        _claim(engine, _offer_token(engine, cat))

    assert _entries(engine, world)[cat].status == "offered"
    assert _booked_count(engine, world) == 1


def test_an_expired_offer_passes_to_the_next_person_and_cannot_be_claimed(engine, world):
    cat, dan, _ = world.waiting
    _join(engine, world, cat)
    _join(engine, world, dan)
    _cancel(engine, world, world.booked[0])
    cats_token = _offer_token(engine, cat)
    deadline = _entries(engine, world)[cat].offer_expires_at

    # One second before the deadline nothing lapses; at the deadline it does.
    assert waitlist.expire_offers(engine=engine, now=deadline - timedelta(seconds=1)) == 0
    with pytest.raises(OfferExpired):
        _claim(engine, cats_token, now=deadline)  # before the sweeper ran, too
    assert waitlist.expire_offers(engine=engine, now=deadline) == 1

    entries = _entries(engine, world)
    assert (entries[cat].status, entries[dan].status) == ("expired", "offered")
    assert entries[dan].offer_expires_at == deadline + 2 * HOUR
    with pytest.raises(OfferExpired):
        _claim(engine, cats_token, now=deadline)
    assert _claim(engine, _offer_token(engine, dan), now=deadline).booking is not None
    with Session(engine) as s:
        assert s.exec(select(ActivityLog).where(ActivityLog.action == "waitlist.offer_expired")).one().customer_id == cat


def test_an_offered_place_is_held_for_the_offer_and_freed_when_it_expires(engine, world):
    cat, dan, eve = world.waiting
    _join(engine, world, cat)
    _join(engine, world, dan)
    _cancel(engine, world, world.booked[0])

    # The email promised cat the place until the deadline: a direct booking may not take it.
    with pytest.raises(PlaceHeldForWaitlist):
        _book(engine, world, eve)
    assert _balance(engine, eve) == 5

    # ...but eve may queue behind the offer, and the schedule shows no free place.
    _join(engine, world, eve)
    with unit_of_work(engine) as s:
        listed = class_schedule.public_schedule(s, org=s.get(Organization, world.org_id), now=NOW)
    assert [p.free for p in listed if p.session.id == world.session_id] == [0]

    outcome = _claim(engine, _offer_token(engine, cat))
    assert outcome.booking is not None
    assert _entries(engine, world)[cat].status == "claimed"


def test_leaving_with_an_open_offer_passes_it_on_at_once(engine, world):
    cat, dan, _ = world.waiting
    _join(engine, world, cat)
    _join(engine, world, dan)
    _cancel(engine, world, world.booked[0])

    with unit_of_work(engine) as s:
        waitlist.leave(s, token=_offer_token(engine, cat), now=NOW)

    entries = _entries(engine, world)
    assert (entries[cat].status, entries[dan].status) == ("left", "offered")
    with pytest.raises(NoOpenOffer), unit_of_work(engine) as s:
        waitlist.leave(s, token=_offer_token(engine, cat), now=NOW)


def test_a_customer_leaves_only_their_own_entry_and_staff_remove_anyone(engine, world):
    cat, dan, _ = world.waiting
    cats = _join(engine, world, cat).entry.id
    dans = _join(engine, world, dan).entry.id
    with pytest.raises(NotFound), unit_of_work(engine) as s:
        waitlist.leave(s, entry_id=dans, actor=customer_actor(_customer(s, cat)), now=NOW)
    with unit_of_work(engine) as s:
        waitlist.leave(s, entry_id=cats, actor=customer_actor(_customer(s, cat)), now=NOW)
        waitlist.leave(s, entry_id=dans, actor=world.staff, now=NOW)
    assert {e.status for e in _entries(engine, world).values()} == {"left"}
    with Session(engine) as s:
        actions = [a.action for a in s.exec(select(ActivityLog).where(col(ActivityLog.action).like("waitlist.%")))]
    assert actions.count("waitlist.left") == 1 and actions.count("waitlist.removed_by_staff") == 1


def test_someone_who_booked_directly_meanwhile_is_skipped(engine, world):
    cat, dan, _ = world.waiting
    _join(engine, world, cat)
    _join(engine, world, dan)
    with unit_of_work(engine) as s:  # staff squeeze cat in with a capacity raise and book her
        class_schedule.update_session(s, actor=world.staff, class_session_id=world.session_id, capacity=3,
                                      online_booking=True, now=NOW)
    _claim(engine, _offer_token(engine, cat))
    _cancel(engine, world, world.booked[0])
    assert _offers(engine, world) == [dan]


def test_when_the_class_starts_open_offers_end_and_the_waitlist_closes(engine, world):
    cat, dan, _ = world.waiting
    _join(engine, world, cat)
    _join(engine, world, dan)
    _cancel(engine, world, world.booked[0], now=CLASS_START - timedelta(minutes=10))
    token = _offer_token(engine, cat)
    assert _entries(engine, world)[cat].offer_expires_at == CLASS_START

    assert waitlist.expire_offers(engine=engine, now=CLASS_START) == 2

    assert {e.status for e in _entries(engine, world).values()} == {"expired"}
    with pytest.raises(OfferExpired):
        _claim(engine, token, now=CLASS_START)
    with Session(engine) as s:
        assert len(s.exec(select(ActivityLog).where(ActivityLog.action == "waitlist.closed")).all()) == 2
        # Cat's offer ended with the start: it was not passed on to dan.
        assert [e.to_email for e in s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "waitlist_offer"))] == [
            "cat@example.com"]


def test_an_unknown_or_tampered_link_is_not_found(engine, world):
    token = _join(engine, world, world.waiting[0]).token
    for bad in ("", "nope", token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 200):
        with pytest.raises(NotFound), unit_of_work(engine) as s:
            waitlist.claim(s, token=bad, now=NOW)
    with pytest.raises(NotFound), Session(engine) as s:
        waitlist.entry_view(s, token=token, org_slug="another-org")


# --- concurrency ------------------------------------------------------------------------


def test_two_sweepers_expiring_the_same_offer_act_once(engine, world):
    cat, dan, _ = world.waiting
    _join(engine, world, cat)
    _join(engine, world, dan)
    _cancel(engine, world, world.booked[0])
    later = NOW + 3 * HOUR
    done: list[int] = []
    threads = [threading.Thread(target=lambda: done.append(waitlist.expire_offers(engine=engine, now=later))) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]

    assert sorted(done) == [0, 1]
    with Session(engine) as s:
        assert len(s.exec(select(ActivityLog).where(ActivityLog.action == "waitlist.offer_expired")).all()) == 1
        assert len(s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "waitlist_offer")).all()) == 2
    assert _offers(engine, world) == [dan]


def test_a_direct_booking_a_claim_and_a_staff_addition_racing_for_the_last_place_exactly_one_wins(engine, world):
    cat, dan, eve = world.waiting
    _join(engine, world, cat)
    _cancel(engine, world, world.booked[0])
    token = _offer_token(engine, cat)
    results: dict[str, str] = {}

    def claim() -> None:
        outcome = _claim(engine, token)
        results["claim"] = "won" if outcome.booking else "lost"

    def direct() -> None:
        try:
            _book(engine, world, dan)
            results["direct"] = "won"
        except SessionFull:
            results["direct"] = "lost"

    def staff() -> None:
        try:
            _book(engine, world, eve, actor=world.staff, source="staff")
            results["staff"] = "won"
        except SessionFull:
            results["staff"] = "lost"

    threads = [threading.Thread(target=fn) for fn in (claim, direct, staff)]
    [t.start() for t in threads]
    [t.join() for t in threads]

    assert sorted(results.values()) == ["lost", "lost", "won"], results
    assert _booked_count(engine, world) == 2  # the capacity
    paid = sorted(_balance(engine, c) for c in (cat, dan, eve))
    assert paid == [3, 5, 5]  # only the winner paid
