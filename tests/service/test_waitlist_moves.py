"""A waitlist that moves (issue 22): an offer passes over whoever cannot pay (they keep
their place), or — the business's choice — they claim and pay on site; a lapsed offer is
emailed once to the person who lost it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import PermissionDenied
from bookingapp.models import ActivityLog, Booking, Customer, OutboxEmail
from bookingapp.services import waitlist
from bookingapp.services.actors import Actor
from tests.service import test_waitlist as base
from tests.service.class_fixtures import NOW, give_credits
from tests.service.test_waitlist import (
    World,
    _balance,
    _cancel,
    _claim,
    _entries,
    _join,
    _offer_token,
    _offers,
)

world = base.world  # the fixture: a full class of 2 places and three customers who could wait


def _make_poor(engine, customer_id: int) -> None:
    with unit_of_work(engine) as s:
        give_credits(s, s.get(Customer, customer_id), -5)  # 0 left; the class costs 2


def _pay_on_site(engine, world: World, allowed: bool, *, now=NOW) -> None:
    with unit_of_work(engine) as s:
        waitlist.set_pay_on_site(s, actor=world.staff, allowed=allowed, now=now)


def test_an_offer_skips_a_guest_who_cannot_pay_and_they_keep_their_place(engine, world):
    cat, dan, _ = world.waiting
    _make_poor(engine, cat)
    _join(engine, world, cat)
    _join(engine, world, dan)

    _cancel(engine, world, world.booked[0])

    entries = _entries(engine, world)
    assert _offers(engine, world) == [dan]
    assert entries[cat].status == "waiting"
    with Session(engine) as s:
        assert waitlist.position(s, entries[cat]) == 1  # still first in the queue
        passed = s.exec(select(ActivityLog).where(ActivityLog.action == "waitlist.passed_over")).one()
        assert passed.customer_id == cat
        assert s.exec(select(OutboxEmail).join(Customer, Customer.email == OutboxEmail.to_email).where(
            Customer.id == cat, OutboxEmail.template_key == "waitlist_offer")).first() is None


def test_once_they_can_pay_the_next_freed_place_is_theirs(engine, world):
    cat, dan, _ = world.waiting
    _make_poor(engine, cat)
    _join(engine, world, cat)
    _join(engine, world, dan)
    _cancel(engine, world, world.booked[0])
    with unit_of_work(engine) as s:
        give_credits(s, s.get(Customer, cat), 2)

    _cancel(engine, world, world.booked[1])

    assert _offers(engine, world) == sorted([cat, dan])


def test_with_pay_on_site_they_get_the_offer_and_claim_without_credits(engine, world):
    cat, dan, _ = world.waiting
    _make_poor(engine, cat)
    _pay_on_site(engine, world, True)
    _join(engine, world, cat)
    _join(engine, world, dan)

    _cancel(engine, world, world.booked[0])
    with Session(engine) as s:  # their offer says they pay at the class, not that credits are taken
        offer = s.exec(select(OutboxEmail).where(OutboxEmail.to_email == "cat@example.com",
                                                 OutboxEmail.template_key == "waitlist_offer_pay_on_site")).one()
    assert "pay at the class" in offer.text and "credits from your balance" not in offer.text
    outcome = _claim(engine, re.search(r"/b/yoga/waitlist/([A-Za-z0-9_-]+)", offer.text).group(1))

    assert _offers(engine, world) == []
    with Session(engine) as s:
        booking = s.get(Booking, outcome.booking.id)
        assert (booking.customer_id, booking.credits_spent, booking.status) == (cat, 0, "confirmed")
    assert _balance(engine, cat) == 0  # nothing taken: they pay at the class


def test_whoever_can_pay_still_pays_with_credits_when_pay_on_site_is_on(engine, world):
    cat, _, _ = world.waiting
    _pay_on_site(engine, world, True)
    _join(engine, world, cat)
    _cancel(engine, world, world.booked[0])

    outcome = _claim(engine, _offer_token(engine, cat))

    assert outcome.booking.credits_spent == 2 and _balance(engine, cat) == 3


def test_turning_pay_on_site_on_offers_a_place_held_back_from_a_guest_who_could_not_pay(engine, world):
    cat, _, _ = world.waiting
    _make_poor(engine, cat)
    _join(engine, world, cat)
    _cancel(engine, world, world.booked[0])
    assert _offers(engine, world) == []  # nobody who can pay is waiting: the place is free to book

    _pay_on_site(engine, world, True)

    assert _offers(engine, world) == [cat]


def test_only_the_owner_chooses_pay_on_site(engine, world):
    staff = world.staff
    member = Actor("staff", staff.organization_id, staff.id, staff.name, role="staff")
    with pytest.raises(PermissionDenied), unit_of_work(engine) as s:
        waitlist.set_pay_on_site(s, actor=member, allowed=True, now=NOW)


def test_a_lapsed_offer_is_emailed_once_to_the_person_who_lost_it(engine, world):
    cat, dan, _ = world.waiting
    _join(engine, world, cat)
    _join(engine, world, dan)
    _cancel(engine, world, world.booked[0])
    deadline = _entries(engine, world)[cat].offer_expires_at

    assert waitlist.expire_offers(engine=engine, now=deadline) == 1
    assert waitlist.expire_offers(engine=engine, now=deadline + timedelta(minutes=1)) == 0

    with Session(engine) as s:
        lapsed = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "waitlist_offer_lapsed")).all()
    assert [e.to_email for e in lapsed] == ["cat@example.com"]
    assert "/b/yoga/classes?service=" in lapsed[0].text and "next person" in lapsed[0].text
    assert _offers(engine, world) == [dan]
    with pytest.raises(waitlist.OfferExpired):  # the offer's own link still says so
        _claim(engine, _offer_token(engine, cat), now=deadline)
