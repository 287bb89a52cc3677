"""The monthly statement: captured, refunded and retained money by month in the
organization's timezone, and its CSV."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.services import payments
from bookingapp.services.actors import Actor
from bookingapp.services.statements import (
    monthly_statement,
    parse_month,
    statement_csv,
    statement_filename,
)
from tests import factories

CARD = CardInput("4242424242424242", 12, 2031, "123")


@pytest.fixture
def org(session):
    return factories.organization(session, "studio", timezone="Europe/Berlin", platform_commission_pct="23.8")


@pytest.fixture
def actor(session, org):
    return factories.staff_actor(session, org)


def _paid(session, org, actor, gateway, at: datetime, *, name: str = "Alex Example", price: int = 12000, reference=None):
    customer = factories.customer(session, org, email=f"{reference or at.timestamp()}@example.com", name=name)
    service = factories.request_service(session, org, price_minor=price)
    extra = {"reference": reference} if reference else {}
    booking = factories.booking(session, org, customer_row=customer, service=service, status="confirmed", **extra)
    with time_machine.travel(at, tick=False):
        payment = payments.charge(session, actor=actor, booking=booking, card=CARD, gateway=gateway)
    session.flush()
    return booking, payment


def _refund(session, actor, gateway, payment, at: datetime, amount: int, commission: int = 0) -> None:
    with time_machine.travel(at, tick=False):
        payments.refund(session, actor=actor, payment=payment, gateway=gateway, amount_minor=amount, commission_minor=commission)
    session.flush()


def _totals(statement):
    [total] = statement.totals
    return total.gross_minor, total.refund_minor, total.commission_minor, total.net_minor


def test_month_edges_follow_the_organizations_timezone(session, org, actor, gateway):
    # 23:30 UTC on 31 October is 00:30 on 1 November in Berlin; 23:30 UTC on 30 November is 00:30 on 1 December.
    _paid(session, org, actor, gateway, datetime(2026, 10, 31, 22, 59, tzinfo=UTC), price=1000)  # 23:59 on 31 October
    _paid(session, org, actor, gateway, datetime(2026, 10, 31, 23, 30, tzinfo=UTC), price=2000)
    _paid(session, org, actor, gateway, datetime(2026, 11, 30, 22, 59, tzinfo=UTC), price=3000)  # 23:59 on 30 November
    _paid(session, org, actor, gateway, datetime(2026, 11, 30, 23, 30, tzinfo=UTC), price=4000)

    assert _totals(monthly_statement(session, actor=actor, year=2026, month=10)) == (1000, 0, 0, 1000)
    assert _totals(monthly_statement(session, actor=actor, year=2026, month=11)) == (5000, 0, 0, 5000)
    assert _totals(monthly_statement(session, actor=actor, year=2026, month=12)) == (4000, 0, 0, 4000)


def test_october_has_its_extra_hour_and_march_loses_one(session, org, actor, gateway):
    # Summer time ends on 25 October 2026: October runs from 22:00 UTC on 30 September to 23:00 UTC on 31 October.
    _paid(session, org, actor, gateway, datetime(2026, 9, 30, 22, 0, tzinfo=UTC), price=100)
    _paid(session, org, actor, gateway, datetime(2026, 10, 31, 22, 59, tzinfo=UTC), price=200)
    _paid(session, org, actor, gateway, datetime(2026, 10, 31, 23, 0, tzinfo=UTC), price=400)
    # Summer time starts on 29 March: April begins at 22:00 UTC on 31 March.
    _paid(session, org, actor, gateway, datetime(2026, 3, 31, 21, 59, tzinfo=UTC), price=800)
    _paid(session, org, actor, gateway, datetime(2026, 3, 31, 22, 0, tzinfo=UTC), price=1600)

    assert _totals(monthly_statement(session, actor=actor, year=2026, month=10))[0] == 300
    assert _totals(monthly_statement(session, actor=actor, year=2026, month=3))[0] == 800
    assert _totals(monthly_statement(session, actor=actor, year=2026, month=4))[0] == 1600


def test_a_refund_with_commission_counts_in_the_month_it_happened(session, org, actor, gateway):
    _, paid = _paid(session, org, actor, gateway, datetime(2026, 10, 20, 10, 0, tzinfo=UTC), price=4500)
    _refund(session, actor, gateway, paid, datetime(2026, 11, 3, 9, 0, tzinfo=UTC), 4500, commission=1071)

    october = _totals(monthly_statement(session, actor=actor, year=2026, month=10))
    november = _totals(monthly_statement(session, actor=actor, year=2026, month=11))

    assert october == (4500, 0, 0, 4500)
    assert november == (0, 4500, 1071, -5571)
    # Over both months the customer got everything back and the provider carries the platform's share.
    assert october[3] + november[3] == -1071


def test_net_is_gross_less_refunds_less_commission(session, org, actor, gateway):
    _, first = _paid(session, org, actor, gateway, datetime(2026, 11, 2, 10, 0, tzinfo=UTC), price=12000)
    _, second = _paid(session, org, actor, gateway, datetime(2026, 11, 5, 10, 0, tzinfo=UTC), price=4500)
    _refund(session, actor, gateway, first, datetime(2026, 11, 6, 10, 0, tzinfo=UTC), 3000)
    _refund(session, actor, gateway, second, datetime(2026, 11, 7, 10, 0, tzinfo=UTC), 4500, commission=1071)

    statement = monthly_statement(session, actor=actor, year=2026, month=11)

    assert [(line.kind, line.gross_minor, line.refund_minor, line.commission_minor, line.net_minor) for line in statement.lines] == [
        ("payment", 12000, 0, 0, 12000), ("payment", 4500, 0, 0, 4500),
        ("refund", 0, 3000, 0, -3000), ("refund", 0, 4500, 1071, -5571)]
    assert _totals(statement) == (16500, 7500, 1071, 16500 - 7500 - 1071)


def test_a_released_hold_moves_no_money(session, org, actor, gateway):
    customer = factories.customer(session, org)
    booking = factories.booking(session, org, customer_row=customer)
    with time_machine.travel(datetime(2026, 11, 10, 10, 0, tzinfo=UTC), tick=False):
        hold = payments.authorize_hold(session, actor=actor, booking=booking, card=CARD, gateway=gateway)
        payments.release(session, actor=actor, payment=hold, gateway=gateway)

    statement = monthly_statement(session, actor=actor, year=2026, month=11)
    assert statement.lines == [] and _totals(statement) == (0, 0, 0, 0)


def test_the_csv_has_a_header_a_row_per_operation_and_totals(session, org, actor, gateway):
    _, paid = _paid(session, org, actor, gateway, datetime(2026, 11, 2, 9, 5, tzinfo=UTC), name="Anna Berg", price=4500,
                    reference="KX7M2P9Q")
    _refund(session, actor, gateway, paid, datetime(2026, 11, 30, 23, 30, tzinfo=UTC), 4500, commission=1071)  # 1 Dec locally
    _, other = _paid(session, org, actor, gateway, datetime(2026, 11, 12, 15, 0, tzinfo=UTC), name="Ben, Jr.", price=12000,
                     reference="P9QKX7M2")
    _refund(session, actor, gateway, other, datetime(2026, 11, 13, 8, 0, tzinfo=UTC), 12000, commission=2856)

    statement = monthly_statement(session, actor=actor, year=2026, month=11)

    assert statement_filename(statement) == "statement-studio-2026-11.csv"
    assert statement_csv(statement) == (
        "Date (Europe/Berlin),Order number,Customer,Kind,Gross,Refund,Commission retained,Net,Currency\r\n"
        "2026-11-02 10:05,KX7M2P9Q,Anna Berg,payment,45.00,0.00,0.00,45.00,EUR\r\n"
        "2026-11-12 16:00,P9QKX7M2,\"Ben, Jr.\",payment,120.00,0.00,0.00,120.00,EUR\r\n"
        "2026-11-13 09:00,P9QKX7M2,\"Ben, Jr.\",refund,0.00,120.00,28.56,-148.56,EUR\r\n"
        "Total,,,,165.00,120.00,28.56,16.44,EUR\r\n"
    )


def test_the_csv_keeps_formulas_as_text_and_negative_amounts_as_numbers(session, org, actor, gateway):
    _, paid = _paid(session, org, actor, gateway, datetime(2026, 11, 2, 9, 0, tzinfo=UTC), name="=HYPERLINK(\"http://x\")",
                    price=1000, reference="ABCD2345")
    _refund(session, actor, gateway, paid, datetime(2026, 11, 3, 9, 0, tzinfo=UTC), 1000, commission=238)

    rows = statement_csv(monthly_statement(session, actor=actor, year=2026, month=11)).splitlines()

    assert ",\"'=HYPERLINK(\"\"http://x\"\")\"," in rows[1]
    assert rows[2].endswith(",refund,0.00,10.00,2.38,-12.38,EUR")
    assert rows[3] == "Total,,,,10.00,10.00,2.38,-2.38,EUR"


def test_another_organizations_money_never_shows(session, org, actor, gateway):
    _paid(session, org, actor, gateway, datetime(2026, 11, 2, 9, 0, tzinfo=UTC), price=1000)
    other = factories.organization(session, "other", timezone="Europe/Berlin")
    other_actor = factories.staff_actor(session, other)
    _paid(session, other, other_actor, gateway, datetime(2026, 11, 2, 9, 0, tzinfo=UTC), price=7777)

    assert _totals(monthly_statement(session, actor=actor, year=2026, month=11)) == (1000, 0, 0, 1000)
    assert _totals(monthly_statement(session, actor=other_actor, year=2026, month=11)) == (7777, 0, 0, 7777)
    with pytest.raises(NotFound):
        monthly_statement(session, actor=Actor.system(), year=2026, month=11)


@pytest.mark.parametrize("text", ["", "2026-13", "November", "2026-11-01", "1999-12"])
def test_a_bad_month_is_refused_with_a_clear_message(text):
    with pytest.raises(ValidationFailed) as refused:
        parse_month(text)
    assert str(refused.value) == "Choose a month such as 2026-11."


def test_a_month_from_the_address(session):
    assert parse_month(" 2026-02 ") == (2026, 2)
