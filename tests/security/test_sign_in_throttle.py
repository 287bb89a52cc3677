"""Guessing in parallel is no faster than guessing one after another.

An attacker fires many wrong passwords at one address at the same moment (threads here,
two app workers on PostgreSQL). Every failure must count: after them the address is
locked, even for the right password, and no request fails with a server error. The
same for customers: parallel requests for sign-in links send at most the hourly five.
"""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import Session, func, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import TooManyAttempts
from bookingapp.models import CustomerSignInLink, SignInThrottle
from bookingapp.services import accounts, customer_accounts
from bookingapp.services.accounts import FREE_FAILURES
from bookingapp.services.customer_accounts import LINKS_PER_HOUR
from tests import factories
from tests.concurrency.race import race_processes, race_threads, seeded

GUESSES = 12
RIGHT = "correct-horse-battery"  # the factories' staff password


def guess_staff_password(engine, attempt: int) -> None:
    with unit_of_work(engine) as s:
        accounts.sign_in(s, email="owner@throttle.test", password=f"wrong-{attempt}")


def guess_customer_password(engine, attempt: int) -> None:
    with unit_of_work(engine) as s:
        customer_accounts.sign_in_with_password(s, org_slug="throttle", email="pat@example.com", password=f"wrong-{attempt}")


def ask_for_link(engine, attempt: int) -> None:
    with unit_of_work(engine) as s:
        customer_accounts.request_sign_in_link(s, org_slug="throttle", email="pat@example.com")


@pytest.fixture
def accounts_to_guess(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "throttle", customer_accounts="password")
        factories.staff(s, org, "owner@throttle.test")
        customer = factories.customer(s, org, "pat@example.com", name="Pat Password")
        customer_accounts.set_password(s, customer=customer, password=RIGHT)


def _failures(engine, key_part: str) -> int:
    with Session(engine) as s:
        return sum(t.failures for t in s.exec(select(SignInThrottle).where(SignInThrottle.key.contains(key_part))))


def _only_refusals(outcomes) -> Counter:
    counted = Counter(outcomes)
    assert set(counted) <= {"SignInFailed", "TooManyAttempts"}, f"seed outcomes: {counted}"
    return counted


def test_parallel_wrong_staff_passwords_all_count_and_lock_the_address(engine, accounts_to_guess):
    seed, rng = seeded()
    outcomes = race_threads(engine, [lambda e, i=i: guess_staff_password(e, i) for i in range(GUESSES)], rng)

    counted = _only_refusals(outcomes)
    # Each guess either was checked and counted, or was turned away by the lock.
    assert _failures(engine, "owner@throttle.test") == counted["SignInFailed"], f"seed {seed}: {counted}"
    assert counted["SignInFailed"] >= FREE_FAILURES
    with pytest.raises(TooManyAttempts), unit_of_work(engine) as s:
        accounts.sign_in(s, email="owner@throttle.test", password=RIGHT)


def test_parallel_wrong_customer_passwords_all_count_and_lock_the_address(engine, accounts_to_guess):
    seed, rng = seeded()
    outcomes = race_threads(engine, [lambda e, i=i: guess_customer_password(e, i) for i in range(GUESSES)], rng)

    counted = _only_refusals(outcomes)
    assert _failures(engine, "pat@example.com") == counted["SignInFailed"], f"seed {seed}: {counted}"
    with pytest.raises(TooManyAttempts), unit_of_work(engine) as s:
        customer_accounts.sign_in_with_password(s, org_slug="throttle", email="pat@example.com", password=RIGHT)


def test_two_workers_guessing_at_once_are_throttled_as_one(db_url, engine, accounts_to_guess):
    seed, rng = seeded()
    outcomes = race_processes(db_url, "tests.security.test_sign_in_throttle:guess_staff_password",
                              [(i,) for i in range(GUESSES)], rng)

    counted = _only_refusals(outcomes.values())
    assert _failures(engine, "owner@throttle.test") == counted["SignInFailed"], f"seed {seed}: {counted}"


def test_parallel_requests_for_sign_in_links_send_at_most_the_hourly_five(engine, accounts_to_guess):
    seed, rng = seeded()
    outcomes = race_threads(engine, [lambda e, i=i: ask_for_link(e, i) for i in range(GUESSES)], rng)

    assert set(outcomes) == {"ok"}, f"seed {seed}: {Counter(outcomes)}"  # the same answer, sent or not
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(CustomerSignInLink)).one() == LINKS_PER_HOUR
