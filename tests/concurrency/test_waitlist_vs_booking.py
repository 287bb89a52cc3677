"""A waitlist offer claimed while others book the freed place directly and staff add a walk-in."""

from __future__ import annotations

from bookingapp.domain.class_rules import SessionFull
from tests.concurrency.race import race_threads, seeded
from tests.service.test_waitlist import (  # noqa: F401 (world is a fixture)
    _balance,
    _book,
    _booked_count,
    _cancel,
    _claim,
    _join,
    _offer_token,
    world,
)


def test_claims_direct_bookings_and_staff_additions_never_overfill(engine, world):  # noqa: F811
    cat, dan, eve = world.waiting
    ann, bob = world.booked
    seed, rng = seeded()
    _join(engine, world, cat)
    _cancel(engine, world, ann)  # one place frees up: cat is offered it
    token = _offer_token(engine, cat)

    def claim(e):
        if _claim(e, token).booking is None:
            raise SessionFull()  # taken a moment earlier: cat is back in the queue

    calls = [claim, lambda e: _book(e, world, dan), lambda e: _book(e, world, eve, actor=world.staff, source="staff")]
    rng.shuffle(calls)
    outcomes = race_threads(engine, calls, rng)

    assert outcomes.count("ok") == 1, (seed, outcomes)
    # The others hear the class is full, or that the freed place is held for the waitlist.
    assert set(outcomes) - {"ok"} <= {"SessionFull", "PlaceHeldForWaitlist"}, (seed, outcomes)
    assert _booked_count(engine, world) == 2  # the capacity, never more
    assert sorted(_balance(engine, c) for c in (cat, dan, eve)) == [3, 5, 5], seed  # only the winner paid
