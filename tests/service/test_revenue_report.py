"""Reports → Bookings and revenue: by week or month in the organization's timezone, filtered
by service and staff, agreeing to the cent with the monthly statement."""

from __future__ import annotations

import csv
import io
import itertools
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookingapp.domain.day_range import parse_day
from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import Payment, PaymentOperation
from bookingapp.services import payments
from bookingapp.services.actors import Actor
from bookingapp.services.revenue_report import (
    Grouping,
    report_table,
    revenue_csv,
    revenue_report,
)
from bookingapp.services.statements import monthly_statement
from tests import factories

CARD = CardInput("4242424242424242", 12, 2031, "123")
_ids = itertools.count(1)


@pytest.fixture
def org(session):
    return factories.organization(session, "studio", timezone="Europe/Berlin", platform_commission_pct="23.8")


@pytest.fixture
def actor(session, org):
    return factories.staff_actor(session, org)


def _paid(session, org, actor, gateway, at, *, price=12000, service=None, **booking):
    customer = factories.customer(session, org, email=f"c{next(_ids)}@example.com")
    service = service or factories.request_service(session, org, price_minor=price, slug=f"s{next(_ids)}")
    row = factories.booking(session, org, customer_row=customer, service=service, status="confirmed", **booking)
    with time_machine.travel(at, tick=False):
        payment = payments.charge(session, actor=actor, booking=row, card=CARD, gateway=gateway)
    session.flush()
    return row, payment


def _refund(session, actor, gateway, payment, at, amount, commission=0):
    with time_machine.travel(at, tick=False):
        payments.refund(session, actor=actor, payment=payment, gateway=gateway, amount_minor=amount, commission_minor=commission)
    session.flush()


def _figures(report):
    return [(r.first, r.bookings, r.gross_minor, r.refund_minor, r.commission_minor, r.net_minor) for r in report.rows]


def test_months_follow_the_timezone_and_refunds_count_when_they_happen(session, org, actor, gateway):
    _paid(session, org, actor, gateway, datetime(2026, 10, 31, 22, 59, tzinfo=UTC), price=1000)  # 23:59 on 31 October in Berlin
    _, paid = _paid(session, org, actor, gateway, datetime(2026, 10, 31, 23, 30, tzinfo=UTC), price=4500)  # 1 November
    _refund(session, actor, gateway, paid, datetime(2026, 12, 3, 9, 0, tzinfo=UTC), 4500, commission=1071)

    report = revenue_report(session, actor=actor, first=date(2026, 10, 1), last=date(2026, 12, 31), grouping=Grouping.MONTH)

    assert _figures(report) == [(date(2026, 10, 1), 1, 1000, 0, 0, 1000), (date(2026, 11, 1), 1, 4500, 0, 0, 4500),
                                (date(2026, 12, 1), 0, 0, 4500, 1071, -5571)]
    [total] = report.totals
    assert (total.bookings, total.gross_minor, total.refund_minor, total.commission_minor, total.net_minor) == (
        2, 5500, 4500, 1071, 5500 - 4500 - 1071)


def test_weeks_start_on_monday_local_time_and_the_range_cuts_the_ends(session, org, actor, gateway):
    # Monday 2 November 2026 begins at 23:00 UTC on Sunday 1 November in Berlin.
    _paid(session, org, actor, gateway, datetime(2026, 11, 1, 22, 59, tzinfo=UTC), price=100)
    _paid(session, org, actor, gateway, datetime(2026, 11, 1, 23, 0, tzinfo=UTC), price=200)
    _paid(session, org, actor, gateway, datetime(2026, 11, 10, 12, 0, tzinfo=UTC), price=400)
    _paid(session, org, actor, gateway, datetime(2026, 11, 12, 12, 0, tzinfo=UTC), price=800)  # after the range

    report = revenue_report(session, actor=actor, first=date(2026, 11, 1), last=date(2026, 11, 11), grouping=Grouping.WEEK)

    assert [(r.first, r.last, r.gross_minor) for r in report.rows] == [
        (date(2026, 10, 26), date(2026, 11, 1), 100), (date(2026, 11, 2), date(2026, 11, 8), 200),
        (date(2026, 11, 9), date(2026, 11, 15), 400)]


def test_filters_for_service_and_staff(session, org, actor, gateway):
    massage = factories.request_service(session, org, slug="massage", name="Massage")
    yoga = factories.request_service(session, org, slug="yoga", name="Yoga")
    ana = factories.staff(session, org, email="ana@studio.test", name="Ana")
    ben = factories.staff(session, org, email="ben@studio.test", name="Ben")
    at = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)
    _paid(session, org, actor, gateway, at, service=massage, staff_user_id=ana.id, price_minor=1000)
    _paid(session, org, actor, gateway, at, service=massage, staff_user_id=ben.id, price_minor=2000)
    _paid(session, org, actor, gateway, at, service=yoga, staff_user_id=ana.id, price_minor=4000)

    def gross(**filters):
        return revenue_report(session, actor=actor, first=date(2026, 11, 1), last=date(2026, 11, 30), **filters).totals[0].gross_minor

    assert gross() == 7000
    assert gross(service_id=massage.id) == 3000
    assert gross(staff_id=ana.id) == 5000
    assert gross(service_id=massage.id, staff_id=ana.id) == 1000
    assert gross(service_id=yoga.id, staff_id=ben.id) == 0


def test_another_organizations_money_never_shows(session, org, actor, gateway):
    other = factories.organization(session, "other", timezone="Europe/Berlin")
    other_actor = factories.staff_actor(session, other)
    _paid(session, other, other_actor, gateway, datetime(2026, 11, 10, 12, 0, tzinfo=UTC), price=9900)

    report = revenue_report(session, actor=actor, first=date(2026, 11, 1), last=date(2026, 11, 30))
    assert report.empty and report.totals[0].gross_minor == 0


@pytest.mark.parametrize(("first", "last", "message"), [
    (None, date(2026, 11, 30), "Choose the first and the last day."),
    (date(2026, 11, 30), date(2026, 11, 1), "The last day comes before the first."),
    (date(2020, 1, 1), date(2026, 1, 1), "Choose at most {max} days."),
    (date(1800, 1, 1), date(1800, 2, 1), "Choose a date between {first} and {last}."),
])
def test_bad_ranges_are_refused_with_a_message(session, actor, first, last, message):
    with pytest.raises(ValidationFailed) as refused:
        revenue_report(session, actor=actor, first=first, last=last)
    assert refused.value.msgid == message


def test_bad_dates_grouping_and_ids(session, org, actor):
    with pytest.raises(ValidationFailed) as refused:
        parse_day("30/11/2026", "first")
    assert refused.value.msgid == "Choose a date such as 2026-11-30." and refused.value.field == "first"
    # An unknown grouping falls back to months; an id that cannot exist is not found.
    report = revenue_report(session, actor=actor, first=date(2026, 11, 1), last=date(2026, 11, 30), grouping="fortnight")
    assert report.grouping is Grouping.MONTH
    with pytest.raises(NotFound):
        revenue_report(session, actor=actor, first=date(2026, 11, 1), last=date(2026, 11, 30), service_id=2**40)
    with pytest.raises(NotFound):
        revenue_report(session, actor=Actor(kind="customer", organization_id=org.id), first=date(2026, 11, 1), last=date(2026, 11, 30))


def test_the_csv_is_the_table(session, org, actor, gateway):
    _, paid = _paid(session, org, actor, gateway, datetime(2026, 11, 10, 12, 0, tzinfo=UTC), price=4500)
    _refund(session, actor, gateway, paid, datetime(2026, 11, 11, 12, 0, tzinfo=UTC), 1000, commission=238)
    report = revenue_report(session, actor=actor, first=date(2026, 11, 1), last=date(2026, 11, 30))
    rows, totals = report_table(report, locale="de")

    parsed = list(csv.reader(io.StringIO(revenue_csv((rows, totals)))))

    assert parsed[0] == ["Period", "Bookings", "Gross", "Refunded", "Commission retained", "Net"]
    assert parsed[1:] == [*rows, *totals]
    assert rows == [["November 2026", "1", "45,00\xa0€", "10,00\xa0€", "2,38\xa0€", "32,62\xa0€"]]


# --- reconciliation with the statement, over random operations ---------------------------

_BERLIN_2026 = datetime(2026, 1, 1, tzinfo=UTC)
_operation = st.tuples(
    st.integers(0, 364 * 24 * 60 - 1),  # minute of the year (UTC), so month and week edges are hit
    st.sampled_from(["capture", "refund"]),
    st.integers(1, 50_000),  # amount
    st.integers(0, 5_000),  # commission at a refund
    st.sampled_from(["succeeded", "succeeded", "failed"]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operations=st.lists(_operation, max_size=30), edges=st.lists(st.integers(0, 24 * 60), min_size=12, max_size=12))
def test_the_report_agrees_with_the_statement_to_the_cent(session, gateway, operations, edges):
    org = factories.organization(session, f"org{next(_ids)}", timezone="Europe/Berlin")
    actor = factories.staff_actor(session, org)
    # Some operations fall exactly on a local month's first minute, or just before it.
    at_edges = [(datetime(2026, m + 1, 1, tzinfo=UTC) - timedelta(hours=2) + timedelta(minutes=e - 720)) for m, e in
                enumerate(edges)]
    booking = factories.booking(session, org, status="confirmed")
    for n, (minute, kind, amount, commission, status) in enumerate(operations):
        payment = Payment(organization_id=org.id, booking_id=booking.id, gateway="local", external_id=f"x{next(_ids)}",
                          idempotency_key=f"k{next(_ids)}", amount_minor=amount, currency=org.currency, status="captured")
        session.add(payment)
        session.flush()
        at = at_edges[n % 12] if n % 3 == 0 else _BERLIN_2026 + timedelta(minutes=minute)
        session.add(PaymentOperation(payment_id=payment.id, kind=kind, idempotency_key=f"op{next(_ids)}", amount_minor=amount,
                                     commission_minor=commission if kind == "refund" else 0, status=status, created_at=at))
    session.flush()

    report = revenue_report(session, actor=actor, first=date(2026, 1, 1), last=date(2026, 12, 31), grouping=Grouping.MONTH)

    for row in report.rows:
        [total] = monthly_statement(session, actor=actor, year=row.first.year, month=row.first.month).totals
        assert (row.gross_minor, row.refund_minor, row.commission_minor, row.net_minor) == (
            total.gross_minor, total.refund_minor, total.commission_minor, total.net_minor)
    # The weeks add up to the same money as the months over the same days.
    weeks = revenue_report(session, actor=actor, first=date(2026, 1, 1), last=date(2026, 12, 31), grouping=Grouping.WEEK)
    assert [(t.gross_minor, t.refund_minor, t.commission_minor) for t in weeks.totals] == [
        (t.gross_minor, t.refund_minor, t.commission_minor) for t in report.totals]


def test_the_totals_row_is_named_in_the_readers_language(session, org, actor, gateway):
    """The Polish table once ended in an English "Total"."""
    from bookingapp.i18n import translate

    _paid(session, org, actor, gateway, datetime(2026, 11, 10, 12, 0, tzinfo=UTC), price=4500)
    report = revenue_report(session, actor=actor, first=date(2026, 11, 1), last=date(2026, 11, 30))

    _, totals = report_table(report, locale="pl", translate=lambda text: translate(text, "pl"))

    assert [row[0] for row in totals] == ["Razem"]
