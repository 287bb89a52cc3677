"""Dashboard home's overview: today's lists in the organization's timezone, each in its
order with its flags, and this week's booked hours against each person's open hours."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest

from bookingapp.domain.errors import NotFound
from bookingapp.models import ClassSession, DateOverride, Organization, TimeOff, WaitlistEntry
from bookingapp.services.accounts import actor_for
from bookingapp.services.actors import Actor
from bookingapp.services.overview import StaffHours, hours_points, hours_table, overview
from tests import factories
from tests.service.class_fixtures import class_service

# Wednesday 9 December 2026, 11:00 in Berlin: the week runs Monday 7 to Sunday 13 December.
NOW = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)
_n = itertools.count(1)


def berlin(day: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in December 2026 in Berlin (UTC+1), as UTC."""
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC) - timedelta(hours=1)


def _booking(s, org, service, start: datetime, minutes: int, status: str, *, name: str = "", **kw):
    customer = factories.customer(s, org, email=f"c{next(_n)}@example.com", name=name or f"Customer {next(_n)}")
    return factories.booking(s, org, customer_row=customer, service=service, status=status, starts_at=start,
                             ends_at=start + timedelta(minutes=minutes), **kw)


def _session(s, service, staff, start: datetime, minutes: int, **kw) -> ClassSession:
    row = ClassSession(organization_id=service.organization_id, service_id=service.id, staff_user_id=staff.id,
                       starts_at=start, ends_at=start + timedelta(minutes=minutes), capacity=8, **kw)
    s.add(row)
    s.flush()
    return row


@pytest.fixture
def world(session):
    org = factories.organization(session, "studio", timezone="Europe/Berlin")
    owner = factories.staff(session, org, "olga@studio.test", name="Olga Owner")
    sam = factories.staff(session, org, "sam@studio.test", name="Sam Staff", role="staff")
    tina = factories.staff(session, org, "tina@studio.test", name="Tina Teacher", role="staff")
    gone = factories.staff(session, org, "gone@studio.test", name="Gone Member", role="staff", active=False)
    # Sam: Monday to Friday 9-17 (40 h), minus 4 h off on Thursday afternoon and a short Friday (9-12).
    cut = factories.appointment_service(session, org, staff=sam, weekdays=range(5), name="Haircut", slug="cut")
    session.add(TimeOff(organization_id=org.id, staff_user_id=sam.id, starts_at=berlin(10, 13), ends_at=berlin(10, 17)))
    session.add(DateOverride(organization_id=org.id, staff_user_id=sam.id, day=date(2026, 12, 11),
                             start_time=time(9), end_time=time(12)))
    # Tina: Monday and Wednesday 10-14 (8 h).
    factories.weekly_hours(session, tina, {0: [(time(10), time(14))], 2: [(time(10), time(14))]})
    factories.weekly_hours(session, gone, {0: [(time(9), time(17))]})
    yoga = class_service(session, org, name="Yoga", slug="yoga", duration_minutes=90)
    request = factories.request_service(session, org, name="Tasting", slug="tasting")

    # Today's bookings and sessions.
    _booking(session, org, cut, berlin(9, 9), 60, "confirmed", staff_user_id=sam.id)  # over before now
    _booking(session, org, cut, berlin(9, 14), 60, "confirmed", name="Fay Flag", staff_user_id=sam.id,
             alert_message="Allergic to nuts")
    _booking(session, org, cut, berlin(9, 16), 60, "pending_payment", name="Paul Pay", staff_user_id=sam.id,
             payment_deadline=NOW + timedelta(hours=2))
    _booking(session, org, cut, berlin(9, 23, 30), 60, "confirmed", name="Late Larry", staff_user_id=owner.id)
    _booking(session, org, cut, berlin(10, 0, 30), 60, "confirmed", staff_user_id=sam.id)  # tomorrow, local
    _booking(session, org, cut, berlin(9, 15), 60, "cancelled", staff_user_id=sam.id)
    class_today = _session(session, yoga, tina, berlin(9, 12), 90)
    _booking(session, org, yoga, class_today.starts_at, 90, "confirmed", session_id=class_today.id, party_size=2,
             alert_message="Knee injury")
    # The rest of the week.
    _booking(session, org, cut, berlin(7, 10), 120, "completed", staff_user_id=sam.id)
    _booking(session, org, cut, berlin(8, 10), 60, "cancelled", staff_user_id=sam.id)
    _booking(session, org, cut, berlin(6, 10), 60, "confirmed", staff_user_id=sam.id)  # last week
    _booking(session, org, cut, berlin(14, 10), 60, "confirmed", staff_user_id=sam.id)  # next week
    empty_class = _session(session, yoga, tina, berlin(10, 10), 60)  # nobody booked: not booked time
    cancelled = _session(session, yoga, tina, berlin(11, 10), 60, cancelled=True)
    _booking(session, org, yoga, cancelled.starts_at, 60, "cancelled", session_id=cancelled.id)
    # Requests waiting for an answer.
    _booking(session, org, request, berlin(20, 18), 120, "requested", name="Rita Later", respond_by=NOW + timedelta(hours=30))
    _booking(session, org, request, berlin(21, 18), 120, "requested", name="Rob Soon", respond_by=NOW + timedelta(hours=2),
             alert_message="Pays late")
    _booking(session, org, request, berlin(22, 18), 120, "requested", name="Ned Nodeadline", respond_by=None)
    # Waiting for payment.
    _booking(session, org, cut, berlin(16, 10), 60, "pending_payment", name="Una Unpaid", staff_user_id=sam.id,
             payment_deadline=NOW + timedelta(days=1))
    _booking(session, org, request, berlin(23, 18), 120, "pending_payment", name="Dee Nodeadline", payment_deadline=None)
    # Waitlist offers: one open, one lapsed, one still waiting.
    for status, until, name in (("offered", NOW + timedelta(hours=1), "Olive Offer"), ("offered", NOW - timedelta(minutes=1), "Lapsed"),
                                ("waiting", None, "Wendy Waiting")):
        person = factories.customer(session, org, email=f"w{next(_n)}@example.com", name=name)
        session.add(WaitlistEntry(organization_id=org.id, session_id=empty_class.id, customer_id=person.id, position=next(_n),
                                  status=status, offer_expires_at=until))
    session.flush()

    other = factories.organization(session, "other", timezone="Europe/Berlin")
    stranger = factories.staff(session, other, "x@other.test", name="Xavier Other")
    _booking(session, other, factories.request_service(session, other, slug="t2"), berlin(20, 10), 60, "requested",
             respond_by=NOW + timedelta(hours=1))
    return {"actor": actor_for(owner), "stranger": actor_for(stranger), "sam": sam, "tina": tina, "owner": owner,
            "class_today": class_today, "empty_class": empty_class}


def test_today_lists_what_is_still_to_come_today_in_berlin_with_flags(session, world):
    found = overview(session, actor=world["actor"], now=NOW)
    assert (found.today, found.week_first, found.week_last) == (date(2026, 12, 9), date(2026, 12, 7), date(2026, 12, 13))
    assert found.timezone == "Europe/Berlin"
    rows = [(i.starts_at, i.service, i.customer, i.alert, i.session_id, i.places) for i in found.next_today.items]
    assert rows == [
        (berlin(9, 12), "Yoga", "", "Knee injury", world["class_today"].id, 2),
        (berlin(9, 14), "Haircut", "Fay Flag", "Allergic to nuts", None, 0),
        (berlin(9, 16), "Haircut", "Paul Pay", "", None, 0),
        (berlin(9, 23, 30), "Haircut", "Late Larry", "", None, 0),  # 23:30 local is still today; 00:30 is not
    ]
    assert found.next_today.count == 4
    assert all(i.reference for i in found.next_today.items if i.session_id is None)


def test_requests_are_listed_by_the_answer_due_soonest(session, world):
    found = overview(session, actor=world["actor"], now=NOW)
    assert [(r.customer, r.respond_by, r.alert) for r in found.requests.items] == [
        ("Rob Soon", NOW + timedelta(hours=2), "Pays late"),
        ("Rita Later", NOW + timedelta(hours=30), ""),
        ("Ned Nodeadline", None, ""),
    ]
    assert found.requests.count == 3


def test_unpaid_bookings_are_listed_by_payment_deadline(session, world):
    found = overview(session, actor=world["actor"], now=NOW)
    assert [(u.customer, u.payment_deadline) for u in found.unpaid.items] == [
        ("Paul Pay", NOW + timedelta(hours=2)), ("Una Unpaid", NOW + timedelta(days=1)), ("Dee Nodeadline", None)]
    assert found.unpaid.count == 3
    assert found.unpaid.items[0].price_minor == 4500 and found.unpaid.items[0].currency == "EUR"


def test_only_open_waitlist_offers_are_listed_with_their_session(session, world):
    found = overview(session, actor=world["actor"], now=NOW)
    assert [(o.customer, o.session_id, o.starts_at, o.offer_expires_at) for o in found.offers.items] == [
        ("Olive Offer", world["empty_class"].id, berlin(10, 10), NOW + timedelta(hours=1))]
    assert found.offers.count == 1


def test_booked_hours_against_open_hours_count_time_off_overrides_and_class_sessions(session, world):
    found = overview(session, actor=world["actor"], now=NOW)
    assert found.staff_hours == [
        # 23:30-00:30 tonight is Olga's; she has no hours at all.
        StaffHours(world["owner"].id, "Olga Owner", 60, 0),
        # Done Monday 2 h + today 9:00, 14:00, 16:00 and tomorrow 0:30 (1 h each); cancelled and
        # other weeks' bookings do not count. Open: 40 h - 4 h off - 5 h of the short Friday.
        StaffHours(world["sam"].id, "Sam Staff", 360, 31 * 60),
        # Only today's class has a place booked: 1.5 h of her 8 h.
        StaffHours(world["tina"].id, "Tina Teacher", 90, 8 * 60),
    ]
    assert [h.booked_share for h in found.staff_hours] == [None, Decimal("19.4"), Decimal("18.8")]


def test_whole_business_time_off_counts_for_everyone(session, world):
    org_id = world["sam"].organization_id
    session.add(TimeOff(organization_id=org_id, staff_user_id=None, starts_at=berlin(7, 0), ends_at=berlin(8, 0)))
    session.flush()
    hours = {h.name: h.available_minutes for h in overview(session, actor=world["actor"], now=NOW).staff_hours}
    assert hours == {"Olga Owner": 0, "Sam Staff": (31 - 8) * 60, "Tina Teacher": 4 * 60}


def test_each_list_shows_five_and_counts_them_all(session, world):
    org_id = world["sam"].organization_id
    studio = session.get(Organization, org_id)
    service = factories.request_service(session, studio, name="More", slug="more")
    for hours in range(4, 8):
        _booking(session, studio, service, berlin(24, 10), 60, "requested", respond_by=NOW + timedelta(hours=hours))
    found = overview(session, actor=world["actor"], now=NOW)
    assert len(found.requests.items) == 5
    assert found.requests.count == 7
    assert [r.respond_by for r in found.requests.items] == [NOW + timedelta(hours=h) for h in (2, 4, 5, 6, 7)]


def test_another_business_sees_nothing_of_ours(session, world):
    found = overview(session, actor=world["stranger"], now=NOW)
    assert found.next_today.count == found.unpaid.count == found.offers.count == 0
    assert [r.customer for r in found.requests.items] == [found.requests.items[0].customer]
    assert found.requests.count == 1
    assert [h.name for h in found.staff_hours] == ["Xavier Other"]


def test_only_staff_see_the_overview(session, world):
    with pytest.raises(NotFound):
        overview(session, actor=Actor("customer", world["sam"].organization_id, 1, "Someone"), now=NOW)


def test_the_hours_table_reads_hours_and_shares_in_the_readers_language(session, world):
    rows = overview(session, actor=world["actor"], now=NOW).staff_hours
    assert hours_table(rows, locale="en") == [
        ["Olga Owner", "1", "0", "–"], ["Sam Staff", "6", "31", "19.4%"], ["Tina Teacher", "1.5", "8", "18.8%"]]
    assert hours_table(rows, locale="de")[2] == ["Tina Teacher", "1,5", "8", "18,8\xa0%"]
    assert hours_points(rows)[1] == {"name": "Sam Staff", "booked": 6.0, "available": 31.0}
