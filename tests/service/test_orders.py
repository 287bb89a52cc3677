"""The orders overview: filters, search, dates in the organization's timezone, paging, tenants."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import OutboxEmail
from bookingapp.services import orders, payments
from bookingapp.services.activity import log_action
from bookingapp.services.orders import OrderFilter, list_orders, order_detail, parse_filter
from tests import factories

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def org(session):
    return factories.organization(session, "studio", timezone="Europe/Berlin")


@pytest.fixture
def actor(session, org):
    return factories.staff_actor(session, org)


@pytest.fixture
def tasting(session, org):
    return factories.request_service(session, org)


def _refs(page) -> list[str]:
    return [row.booking.reference for row in page.rows]


def _book(session, org, service, at: datetime, status: str = "confirmed", **kw):
    return factories.booking(session, org, service=service, starts_at=at, status=status, **kw)


def _show(session, actor, **kw) -> list[str]:
    return _refs(list_orders(session, actor=actor, filter=OrderFilter(**kw), now=NOW))


@pytest.mark.parametrize("status", orders.STATUSES)
def test_filtering_by_a_status_shows_only_bookings_in_that_status(session, org, actor, tasting, status):
    wanted = _book(session, org, tasting, NOW + timedelta(days=2), status=status)
    for other in ("confirmed", "rebooking_requested", "cancelled"):
        if other != status:
            _book(session, org, tasting, NOW + timedelta(days=3), status=other)

    assert _show(session, actor, show=status) == [wanted.reference]


def test_rebooking_requested_is_its_own_filter(session, org, actor, tasting):
    moving = _book(session, org, tasting, NOW + timedelta(days=5), status="rebooking_requested")
    _book(session, org, tasting, NOW + timedelta(days=5), status="confirmed")

    assert _show(session, actor, show="rebooking_requested") == [moving.reference]
    assert set(_show(session, actor, show="upcoming")) >= {moving.reference}


def test_upcoming_keeps_a_booking_under_way_and_drops_ended_or_cancelled_ones_soonest_first(session, org, actor, tasting):
    under_way = _book(session, org, tasting, NOW - timedelta(hours=1))  # two hours long: ends at 13:00
    later = _book(session, org, tasting, NOW + timedelta(days=9))
    sooner = _book(session, org, tasting, NOW + timedelta(days=1))
    _book(session, org, tasting, NOW - timedelta(hours=3))  # ended at 11:00
    _book(session, org, tasting, NOW + timedelta(days=2), status="cancelled")

    assert _show(session, actor, show="upcoming") == [under_way.reference, sooner.reference, later.reference]


def test_a_long_service_still_under_way_stays_upcoming(session, org, actor):
    retreat = factories.request_service(session, org, name="Retreat", slug="retreat", duration_minutes=3 * 24 * 60)
    started = _book(session, org, retreat, NOW - timedelta(days=2))

    assert _show(session, actor, show="upcoming") == [started.reference]


def test_past_shows_ended_and_finished_bookings_latest_first(session, org, actor, tasting):
    old = _book(session, org, tasting, NOW - timedelta(days=30), status="completed")
    recent = _book(session, org, tasting, NOW - timedelta(days=1), status="completed")
    cancelled_ahead = _book(session, org, tasting, NOW + timedelta(days=4), status="cancelled")
    _book(session, org, tasting, NOW + timedelta(days=4))

    assert _show(session, actor, show="past") == [cancelled_ahead.reference, recent.reference, old.reference]


def test_refund_to_decide_shows_only_pending_decisions(session, org, actor, tasting):
    pending = _book(session, org, tasting, NOW + timedelta(days=2), status="cancelled", refund_decision="pending")
    _book(session, org, tasting, NOW + timedelta(days=2), status="cancelled", refund_decision="kept")

    assert _show(session, actor, show="refund") == [pending.reference]


def test_filtering_by_service(session, org, actor, tasting):
    massage = factories.request_service(session, org, name="Massage", slug="massage")
    wanted = _book(session, org, massage, NOW + timedelta(days=2))
    _book(session, org, tasting, NOW + timedelta(days=2))

    assert _show(session, actor, show="all", service_id=massage.id) == [wanted.reference]


def test_another_organizations_service_is_refused_as_a_filter(session, org, actor, tasting):
    other = factories.organization(session, "other")
    theirs = factories.request_service(session, other)

    with pytest.raises(ValidationFailed) as refused:
        list_orders(session, actor=actor, filter=OrderFilter(show="all", service_id=theirs.id), now=NOW)
    assert refused.value.field == "service"


def test_search_finds_customer_name_email_and_order_number(session, org, actor, tasting):
    anna = factories.customer(session, org, email="anna.berg@example.com", name="Anna Müller-Berg")
    by_anna = _book(session, org, tasting, NOW + timedelta(days=1), customer_row=anna)
    other = _book(session, org, tasting, NOW + timedelta(days=2), reference="KX7M2P9Q")

    assert _show(session, actor, show="all", search="müller") == [by_anna.reference]
    assert _show(session, actor, show="all", search="ANNA.BERG@") == [by_anna.reference]
    assert _show(session, actor, show="all", search="kx7m") == [other.reference]
    assert _show(session, actor, show="all", search="#KX7M2P9Q") == [other.reference]
    assert _show(session, actor, show="all", search="nobody-like-this") == []


def test_an_address_is_matched_from_its_start_and_a_domain_anywhere(session, org, actor, tasting):
    anna = factories.customer(session, org, email="anna.berg@example.com", name="Anna Berg")
    by_anna = _book(session, org, tasting, NOW + timedelta(days=1), customer_row=anna)
    ben = factories.customer(session, org, email="ben@elsewhere.org", name="Ben")
    _book(session, org, tasting, NOW + timedelta(days=2), customer_row=ben)

    assert _show(session, actor, show="all", search="Anna.Berg@Exa") == [by_anna.reference]
    assert _show(session, actor, show="all", search="@example.com") == [by_anna.reference]
    assert _show(session, actor, show="all", search="berg@example.com") == []


def test_search_treats_wildcards_as_plain_text(session, org, actor, tasting):
    percent = factories.customer(session, org, email="p@example.com", name="100% Studio")
    wanted = _book(session, org, tasting, NOW + timedelta(days=1), customer_row=percent)
    _book(session, org, tasting, NOW + timedelta(days=1))

    assert _show(session, actor, show="all", search="%") == [wanted.reference]
    assert _show(session, actor, show="all", search="_") == []


def test_a_broad_search_gives_the_same_pages_as_a_narrow_one(session, org, actor, tasting, monkeypatch):
    many = factories.customer(session, org, email="many@example.com", name="Many Bookings")
    for day in range(7):
        _book(session, org, tasting, NOW + timedelta(days=day), customer_row=many)
    _book(session, org, tasting, NOW + timedelta(days=1))

    def pages() -> list[list[str]]:
        found, after = [], ""
        while True:
            page = list_orders(session, actor=actor, filter=OrderFilter(show="all", search="many"), after=after, now=NOW, limit=3)
            found.append(_refs(page))
            if not page.next_cursor:
                return found
            after = page.next_cursor

    narrow = pages()
    monkeypatch.setattr(orders, "NARROW_SEARCH", 2)  # as if thousands matched
    assert pages() == narrow
    assert [len(page) for page in narrow] == [3, 3, 1]


def test_date_range_is_whole_days_in_the_organizations_timezone(session, org, actor, tasting):
    # Berlin is UTC+1 in November: 22:30 UTC on the 24th is 23:30 there, 23:30 UTC is 00:30 on the 25th.
    late_on_the_24th = _book(session, org, tasting, datetime(2026, 11, 24, 22, 30, tzinfo=UTC))
    _book(session, org, tasting, datetime(2026, 11, 24, 23, 30, tzinfo=UTC))
    _book(session, org, tasting, datetime(2026, 11, 23, 22, 59, tzinfo=UTC))  # 23:59 on the 23rd
    first_minute = _book(session, org, tasting, datetime(2026, 11, 23, 23, 0, tzinfo=UTC))  # 00:00 on the 24th

    day = date(2026, 11, 24)
    assert _show(session, actor, show="all", date_from=day, date_to=day) == [late_on_the_24th.reference, first_minute.reference]


@pytest.mark.parametrize(("day", "hours"), [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25)])
def test_date_range_holds_on_days_when_the_clocks_change(session, org, actor, tasting, day, hours):
    local_midnight = {date(2026, 3, 29): datetime(2026, 3, 28, 23, 0, tzinfo=UTC),  # CET
                      date(2026, 10, 25): datetime(2026, 10, 24, 22, 0, tzinfo=UTC)}[day]  # CEST
    first = _book(session, org, tasting, local_midnight)
    last = _book(session, org, tasting, local_midnight + timedelta(hours=hours, minutes=-1))
    _book(session, org, tasting, local_midnight + timedelta(hours=hours))  # 00:00 the next day
    _book(session, org, tasting, local_midnight - timedelta(minutes=1))  # 23:59 the day before

    assert _show(session, actor, show="all", date_from=day, date_to=day) == [last.reference, first.reference]


def test_paging_forward_and_back_has_no_duplicates_and_no_gaps(session, org, actor, tasting):
    starts = [NOW + timedelta(hours=hour // 3) for hour in range(23)]  # three bookings share each start
    made = [_book(session, org, tasting, at) for at in starts]
    expected = [b.reference for b in sorted(made, key=lambda b: (b.starts_at, b.id))]

    pages, after = [], ""
    while True:
        page = list_orders(session, actor=actor, filter=OrderFilter(show="upcoming"), after=after, now=NOW, limit=5)
        assert page.total == 23 and not page.more
        pages.append(page)
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert [ref for page in pages for ref in _refs(page)] == expected
    assert [len(page.rows) for page in pages] == [5, 5, 5, 5, 3]
    assert pages[0].prev_cursor == ""

    back, before = [], pages[-1].prev_cursor
    while before:
        page = list_orders(session, actor=actor, filter=OrderFilter(show="upcoming"), before=before, now=NOW, limit=5)
        back.insert(0, _refs(page))
        before = page.prev_cursor
    assert back == [_refs(page) for page in pages[:-1]]


def test_the_count_stops_at_its_cap(session, org, actor, tasting, monkeypatch):
    monkeypatch.setattr(orders, "COUNT_CAP", 3)
    for day in range(5):
        _book(session, org, tasting, NOW + timedelta(days=day))

    page = list_orders(session, actor=actor, filter=OrderFilter(show="all"), now=NOW)
    assert (page.total, page.more, len(page.rows)) == (3, True, 5)


def test_other_organizations_orders_never_show(session, org, actor, tasting):
    mine = _book(session, org, tasting, NOW + timedelta(days=1))
    other = factories.organization(session, "other")
    theirs_customer = factories.customer(session, other, email="same@example.com", name="Same Name")
    theirs = factories.booking(session, other, customer_row=theirs_customer, starts_at=NOW + timedelta(days=1), status="confirmed")

    assert _show(session, actor, show="all") == [mine.reference]
    assert _show(session, actor, show="all", search=theirs.reference) == []
    assert _show(session, actor, show="all", search="same") == []
    with pytest.raises(NotFound):
        order_detail(session, actor=actor, reference=theirs.reference)


@pytest.mark.parametrize(("given", "field", "message"), [
    ({"date_from": "2026-11-24", "date_to": "2026-11-23"}, "to", "The “to” date is before the “from” date."),
    ({"date_from": "24.11.2026"}, "from", "Enter the date as YYYY-MM-DD, for example 2026-11-24."),
    ({"date_to": "2026-02-30"}, "to", "Enter the date as YYYY-MM-DD, for example 2026-11-24."),
    ({"service": "12; drop"}, "service", "Choose a service from the list."),
])
def test_bad_filters_are_refused_with_a_clear_message(given, field, message):
    with pytest.raises(ValidationFailed) as refused:
        parse_filter(**given)
    assert (refused.value.field, str(refused.value)) == (field, message)


@pytest.mark.parametrize("show", ["everything", "\x00", "", "upcoming\x00 "])
def test_an_unknown_view_in_the_address_is_ignored_for_the_upcoming_orders(show):
    assert parse_filter(show=show).show == "upcoming"


def test_a_broken_page_link_is_refused(session, actor):
    with pytest.raises(ValidationFailed) as refused:
        list_orders(session, actor=actor, filter=OrderFilter(show="all"), after="not-a-cursor")
    assert refused.value.field == "page"


def test_a_filter_from_the_address_round_trips(session, org, actor, tasting):
    parsed = parse_filter(show="rebooking_requested", service=str(tasting.id), date_from="2026-11-01", date_to="2026-11-30",
                          search="  anna   berg ")
    assert parsed == OrderFilter(show="rebooking_requested", service_id=tasting.id, date_from=date(2026, 11, 1),
                                 date_to=date(2026, 11, 30), search="anna berg")


def test_order_detail_has_payments_emails_and_history_newest_first(session, org, actor, tasting, gateway):
    booking = _book(session, org, tasting, NOW + timedelta(days=3), answers={"Occasion": "Birthday"})
    payment = payments.charge(session, actor=actor, booking=booking, card=CardInput("4242424242424242", 12, 2031, "123"),
                              gateway=gateway)
    payments.refund(session, actor=actor, payment=payment, gateway=gateway, amount_minor=2000, commission_minor=476)
    for minute, subject in ((1, "First"), (2, "Second")):
        session.add(OutboxEmail(organization_id=org.id, booking_id=booking.id, template_key="test", to_email="a@example.com",
                                subject=subject, text="", html="", created_at=NOW + timedelta(minutes=minute)))
    log_action(session, actor=actor, action="booking.confirmed", organization_id=org.id, booking_id=booking.id)
    session.flush()

    detail = order_detail(session, actor=actor, reference=booking.reference.lower())

    assert detail.booking.answers == {"Occasion": "Birthday"}
    [record] = detail.payments
    assert [(op.kind, op.amount_minor, op.commission_minor) for op in record.operations] == [
        ("authorize", 12000, 0), ("capture", 12000, 0), ("refund", 2000, 476)]
    assert [email.subject for email in detail.emails] == ["Second", "First"]
    assert [entry.action for entry in detail.history][:2] == ["booking.confirmed", "payment.refunded"]
