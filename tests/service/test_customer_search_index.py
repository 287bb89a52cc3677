"""Customers are found by any part of their name or email, through the trigram index on
SQLite (FTS5) and PostgreSQL (pg_trgm), and the index follows every change to a customer."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bookingapp.db import unit_of_work
from bookingapp.models import Customer, Organization
from bookingapp.services import class_schedule, customers, orders
from bookingapp.services.accounts import actor_for
from tests import factories


@pytest.fixture
def studio(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "studio", timezone="Europe/Berlin")
        owner = factories.staff(s, org)
        for name, email in [("Johanna Berg", "jo.berg@example.com"), ("Anna Müller", "anna@mueller.example"),
                            ("Ben O'Neil", "ben_100%@example.com"), ("Carla Diaz", "carla@example.org")]:
            factories.customer(s, org, email, name=name)
        other = factories.organization(s, "other", timezone="Europe/Berlin")
        factories.customer(s, other, "hanna@other.example", name="Hanna Other")
        return actor_for(owner)


def _names(session, actor, query: str) -> list[str]:
    return sorted(c.name for c in session.exec(select(Customer).where(
        customers.matching(actor.organization_id, query, session.get_bind().dialect.name))))


@pytest.mark.parametrize("query, expected", [
    ("anna", ["Anna Müller", "Johanna Berg"]),      # anywhere in the name, any case
    ("ANNA", ["Anna Müller", "Johanna Berg"]),
    ("na B", ["Johanna Berg"]),                       # across the space
    ("mueller.ex", ["Anna Müller"]),                  # in the address
    ("Müller", ["Anna Müller"]),                      # beyond ASCII
    ("_100%", ["Ben O'Neil"]),                        # LIKE's wildcards are plain text
    ("O'Neil", ["Ben O'Neil"]),
    ('"', []),
    ("ar", ["Carla Diaz"]),                           # two letters: matched by scanning
    ("zzz", []),
])
def test_any_part_of_a_name_or_address_finds_the_customer_and_only_in_the_own_organization(session, studio, query, expected):
    assert _names(session, studio, query) == expected


def test_the_index_follows_renames_new_addresses_and_deletions(engine, studio):
    with unit_of_work(engine) as s:
        jo = s.exec(select(Customer).where(Customer.name == "Johanna Berg")).one()
        jo.name, jo.email = "Josefine Stern", "josefine@stern.example"
        s.add(jo)
    with unit_of_work(engine) as s:
        assert _names(s, studio, "hanna") == []
        assert _names(s, studio, "Stern") == ["Josefine Stern"]
        assert _names(s, studio, "jo.berg") == []
        s.delete(s.exec(select(Customer).where(Customer.name == "Carla Diaz")).one())
    with unit_of_work(engine) as s:
        assert _names(s, studio, "carla") == []
        factories.customer(s, s.get(Organization, studio.organization_id), "new@x.example", name="Newcomer Quinn")
    with unit_of_work(engine) as s:
        assert _names(s, studio, "comer q") == ["Newcomer Quinn"]


def test_the_staff_pickers_and_the_orders_search_use_the_same_matching(session, studio):
    assert [c.name for c in class_schedule.find_customers(session, actor=studio, query="hanna")] == ["Johanna Berg"]
    assert [h.name for h in customers.search_customers(session, actor=studio, query="müll")] == ["Anna Müller"]
    assert orders._search(session, studio.organization_id, "hanna") == []  # no bookings yet: no orders to show
