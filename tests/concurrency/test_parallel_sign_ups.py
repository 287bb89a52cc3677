"""The same new address signs up several times at once (a double click, two tabs): one
customer profile stands, every attempt gets the same calm answer, and exactly one
verification email goes out (the others are sign-in links for the profile just made)."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import Session, func, select

from bookingapp.db import unit_of_work
from bookingapp.models import Customer, OutboxEmail
from bookingapp.services import customer_accounts
from tests import factories
from tests.concurrency.race import race_threads, seeded


def sign_up(engine, email: str) -> None:
    with unit_of_work(engine) as s:
        customer_accounts.sign_up(s, org_slug="studio", name="Nora New", email=email)


@pytest.mark.parametrize("clients", [2, 4])
def test_parallel_sign_ups_of_one_address_make_one_customer_and_one_verification_email(engine, clients):
    with unit_of_work(engine) as s:
        factories.organization(s, "studio", customer_accounts="verify_email")
    seed, rng = seeded()

    outcomes = race_threads(engine, [lambda e: sign_up(e, "nora@example.com")] * clients, rng)

    assert Counter(outcomes) == {"ok": clients}, f"seed {seed}: {outcomes}"
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(Customer).where(Customer.email == "nora@example.com")).one() == 1
        keys = Counter(s.exec(select(OutboxEmail.template_key).where(OutboxEmail.to_email == "nora@example.com")).all())
    assert keys == {"customer_sign_up": 1, "customer_sign_in": clients - 1}, f"seed {seed}: {keys}"
