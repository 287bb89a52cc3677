"""Reports → Customers: alert message, bookings count, last visit and credit balance per
customer, as rows and as an exact, spreadsheet-safe CSV."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import PermissionDenied
from bookingapp.models import CreditLedger, Organization
from bookingapp.services import customer_reports
from bookingapp.services.actors import Actor
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
def world(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "studio", timezone="Europe/Berlin")
        staff = factories.staff_actor(s, org)
        service = factories.request_service(s, org)
        ann = factories.customer(s, org, "ann@example.com", name="Ann", alert_message="Owes 40 EUR", phone="+49 30 1234")
        bob = factories.customer(s, org, "bob@example.com", name="=HYPERLINK(\"http://evil\")")
        factories.customer(s, org, "cleo@example.com", name="Cleo")

        def book(who, days, status):
            factories.booking(s, org, customer_row=who, service=service, status=status, starts_at=NOW + timedelta(days=days))

        book(ann, -10, "completed")
        book(ann, -3, "confirmed")      # past and took place: the last visit
        book(ann, -1, "no_show")        # not a visit, but a booking
        book(ann, -2, "cancelled")      # neither
        book(ann, 5, "confirmed")       # upcoming: counted, not a visit
        book(bob, 2, "requested")
        book(bob, -4, "rejected")
        for delta, kind in [(10, "grant"), (-3, "debit"), (2, "adjust")]:
            s.add(CreditLedger(organization_id=org.id, customer_id=ann.id, delta=delta, reason="r", kind=kind))
        other = factories.organization(s, "other")
        factories.customer(s, other, "zoe@example.com", name="Zoe Elsewhere")
        return org.id, staff


def _report(engine, actor, query=""):
    with Session(engine) as s:
        return customer_reports.customers_report(s, actor=actor, now=NOW, query=query)


def test_each_customer_has_alert_bookings_last_visit_and_balance(engine, world):
    _, staff = world
    rows = {r.email: r for r in _report(engine, staff)}
    assert set(rows) == {"ann@example.com", "bob@example.com", "cleo@example.com"}  # only this organization
    ann, bob, cleo = rows["ann@example.com"], rows["bob@example.com"], rows["cleo@example.com"]
    assert (ann.alert, ann.bookings, ann.last_visit, ann.credit_balance) == ("Owes 40 EUR", 4, NOW - timedelta(days=3), 9)
    assert (bob.alert, bob.bookings, bob.last_visit, bob.credit_balance) == ("", 1, None, 0)
    assert (cleo.bookings, cleo.last_visit, cleo.credit_balance) == (0, None, 0)


def test_search_narrows_the_report(engine, world):
    _, staff = world
    assert [r.name for r in _report(engine, staff, "cle")] == ["Cleo"]


def test_csv_is_exact_and_formula_cells_are_neutralized(engine, world):
    org_id, staff = world
    rows = _report(engine, staff)
    with Session(engine) as s:
        text = customer_reports.customers_csv(rows, s.get(Organization, org_id))
    assert text.split("\r\n") == [
        "Name,Email,Phone,Alert message,Bookings,Last visit,Credit balance,No-shows",
        '"\'=HYPERLINK(""http://evil"")",bob@example.com,,,1,,0,0',
        'Ann,ann@example.com,\'+49 30 1234,Owes 40 EUR,4,"Fri, 20 Nov 2026, 09:00 CET",9,0',
        "Cleo,cleo@example.com,,,0,,0,0",
        "",
    ]


def test_phone_numbers_starting_with_plus_are_prefixed_so_no_formula_runs():
    assert customer_reports.safe_cell("+49 30 1234") == "'+49 30 1234"
    assert customer_reports.safe_cell("-1") == "'-1"
    assert customer_reports.safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert customer_reports.safe_cell("Ann") == "Ann"


def test_only_staff_see_the_report(engine, world):
    org_id, _ = world
    with pytest.raises(PermissionDenied):
        _report(engine, Actor("customer", org_id, 1, "Ann"))
