"""The monthly statement: a refunded cancellation with commission, the totals and the CSV."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_date
from playwright.sync_api import Page, expect
from sqlmodel import select

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.formatting import fmt_money
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import StaffUser
from bookingapp.services import manage_booking
from bookingapp.services.accounts import actor_for
from bookingapp.services.demo import DEMO_EMAIL
from bookingapp.services.statements import monthly_statement, statement_csv
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import BERLIN, book, unique_email


def _staff():
    with read_only() as s:
        return actor_for(s.exec(select(StaffUser).where(StaffUser.email == DEMO_EMAIL)).one())


def _refunded_cancellation(app, who: str):
    """A paid consultation the customer cancelled and staff refunded: 23.8 % commission retained."""
    arranged, token = book(app, "consultation", email=unique_email(who), name=f"{who.title()} Statement", paid=True)
    with unit_of_work() as s:
        manage_booking.cancel(s, token=token, gateway=get_gateway())
    with unit_of_work() as s:
        manage_booking.refund_cancelled(s, actor=_staff(), booking_id=arranged.id, quoted_refunded_minor=0, gateway=get_gateway())
    return arranged


def _this_month():
    now = datetime.now(BERLIN)
    with read_only() as s:
        return monthly_statement(s, actor=_staff(), year=now.year, month=now.month)


def test_a_refunded_cancellation_with_commission_shows_in_the_months_statement(app, page: Page):
    arranged = _refunded_cancellation(app, "stella")
    sign_in(page)
    page.goto(routes.REPORTS_STATEMENT)

    expect(page.locator(".statement-month")).to_have_text(format_date(datetime.now(BERLIN).date(), "LLLL y", locale="en"))
    lines = page.locator(".statement-line").filter(has_text=arranged.reference)
    expect(lines).to_have_count(2)
    expect(lines.first).to_contain_text("Payment")
    expect(lines.first).to_contain_text("Gross: €45.00")
    expect(lines.last).to_contain_text("Refund: €45.00")
    expect(lines.last).to_contain_text("Commission retained: €10.71")
    expect(lines.last).to_contain_text("Net: -€55.71")

    [total] = _this_month().totals
    expect(page.locator(".total-gross")).to_contain_text(fmt_money(total.gross_minor, "EUR"))
    expect(page.locator(".total-refunds")).to_contain_text(fmt_money(total.refund_minor, "EUR"))
    expect(page.locator(".total-commission")).to_contain_text(fmt_money(total.commission_minor, "EUR"))
    expect(page.locator(".total-net")).to_contain_text(fmt_money(total.net_minor, "EUR"))
    assert total.commission_minor >= 1071
    assert no_horizontal_scroll(page)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    now = datetime.now(BERLIN)
    assert download.value.suggested_filename == f"statement-lindenhof-{now.year:04d}-{now.month:02d}.csv"
    with open(download.value.path(), encoding="utf-8", newline="") as saved:
        content = saved.read()
    assert content == statement_csv(_this_month())
    assert f",{arranged.reference},Stella Statement,refund,0.00,45.00,10.71,-55.71,EUR\r\n" in content
    assert content.startswith("Date (Europe/Berlin),Order number,Customer,Kind,Gross,Refund,Commission retained,Net,Currency\r\n")


def test_the_month_picker_moves_between_months_and_refuses_a_bad_month(app, page: Page):
    sign_in(page)
    page.goto(routes.REPORTS_STATEMENT)
    today = datetime.now(BERLIN).date()
    previous = (today.replace(day=1).toordinal() - 1)
    previous_month = datetime.fromordinal(previous).date()
    expect(page.locator(".statement-month")).to_have_text(format_date(today, "LLLL y", locale="en"))

    page.get_by_role("link", name="Previous month").click()
    page.wait_for_url(f"**month={previous_month:%Y-%m}")
    expect(page.locator(".statement-month")).to_have_text(format_date(previous_month, "LLLL y", locale="en"))
    page.get_by_role("link", name="Next month").click()
    expect(page.locator(".statement-month")).to_have_text(format_date(today, "LLLL y", locale="en"))

    page.goto(f"{routes.REPORTS_STATEMENT}?month=2026-13")
    expect(page.get_by_role("alert")).to_have_text("Choose a month such as 2026-11.")
    expect(page.locator(".statement-month")).to_have_text(format_date(today, "LLLL y", locale="en"))
    assert no_horizontal_scroll(page)
