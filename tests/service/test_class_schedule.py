"""The class schedule: creating sessions (weekly across DST), validation, capacity changes,
the week view with flags, participants, the public schedule and recurring bookings."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.class_rules import NotEnoughCredits, SessionFull
from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.models import (
    Booking,
    ClassSession,
    Customer,
    Organization,
    RecurringSeries,
    Service,
)
from bookingapp.services import class_bookings, class_schedule, credits
from bookingapp.services.class_schedule import NewSessions, NoClassThatWeek, RecurringNotOffered
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import class_service, give_credits

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # Monday 2 March 2026, before the spring DST change
FIRST = datetime(2026, 3, 17, 17, 0, tzinfo=UTC)  # Tuesday 17 March, 18:00 CET


@pytest.fixture
def org(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin", allow_recurring=True)
        staff = factories.staff_actor(s, org)
        service = class_service(s, org, allow_recurring=True)
        return org, staff, service


def _new(service, **kw) -> NewSessions:
    values = dict(service_id=service.id, starts_at=FIRST, duration_minutes=60, capacity=8, credit_cost=1,
                  free_cancellation_minutes=720, location="Studio B")
    values.update(kw)
    return NewSessions(**values)


def _create(engine, staff, new, now=NOW):
    with unit_of_work(engine) as s:
        return class_schedule.create_sessions(s, actor=staff, new=new, now=now)


def test_a_single_session_takes_every_field_and_the_services_online_setting(engine, org):
    _, staff, service = org

    [row] = _create(engine, staff, _new(service, staff_user_id=staff.id))

    assert (row.starts_at, row.ends_at - row.starts_at, row.capacity, row.credit_cost) == (FIRST, timedelta(hours=1), 8, 1)
    assert (row.location, row.free_cancellation_minutes, row.staff_user_id, row.online_booking) == ("Studio B", 720, staff.id, True)


def test_weekly_sessions_keep_18_00_local_across_the_dst_change(engine, org):
    _, staff, service = org

    rows = _create(engine, staff, _new(service, repeat_until=date(2026, 4, 7), online_booking=False))

    assert [r.starts_at.astimezone(BERLIN).strftime("%d.%m %H:%M") for r in rows] == [
        "17.03 18:00", "24.03 18:00", "31.03 18:00", "07.04 18:00"]
    assert [r.starts_at.hour for r in rows] == [17, 17, 16, 16]
    assert not any(r.online_booking for r in rows)  # staff-only sessions


@pytest.mark.parametrize(("change", "field"), [
    ({"capacity": 0}, "capacity"),
    ({"duration_minutes": 0}, "duration"),
    ({"credit_cost": -1}, "credit_cost"),
    ({"free_cancellation_minutes": -5}, "window"),
    ({"starts_at": NOW - timedelta(minutes=1)}, "starts_at"),
    ({"repeat_until": date(2026, 3, 17)}, "repeat_until"),  # not after the first class
    ({"repeat_until": date(2027, 3, 17)}, "repeat_until"),  # 53 weeks: too many
])
def test_bad_sessions_are_refused_and_nothing_is_created(engine, org, change, field):
    _, staff, service = org

    with pytest.raises(ValidationFailed) as refused:
        _create(engine, staff, _new(service, **change))

    assert refused.value.field == field
    with Session(engine) as s:
        assert s.exec(select(ClassSession)).all() == []


def test_a_year_of_weekly_classes_is_allowed(engine, org):
    _, staff, service = org

    assert len(_create(engine, staff, _new(service, repeat_until=date(2027, 3, 9)))) == 52


def _customer(engine, org_row, email, amount=10, **kw):
    with unit_of_work(engine) as s:
        row = factories.customer(s, s.get(Organization, org_row.id), email, name=email.split("@")[0].title(), **kw)
        give_credits(s, row, amount)
        return row


def _book(engine, session_id, customer, now=NOW):
    with unit_of_work(engine) as s:
        c = s.get(Customer, customer.id)
        return class_bookings.book_seat(s, class_session_id=session_id, customer=c, actor=customer_actor(c), now=now)


def test_the_week_view_counts_booked_places_and_flags_a_flagged_customer(engine, org):
    org_row, staff, service = org
    first, second = _create(engine, staff, _new(service, repeat_until=date(2026, 3, 24)))
    _book(engine, first.id, _customer(engine, org_row, "ann@example.com"))
    _book(engine, first.id, _customer(engine, org_row, "max@example.com", alert_message="Unpaid invoice"))
    _book(engine, second.id, _customer(engine, org_row, "eve@example.com"))

    with Session(engine) as s:
        this_week = class_schedule.week(s, actor=staff, monday=date(2026, 3, 16))
        next_week = class_schedule.week(s, actor=staff, monday=date(2026, 3, 23))

    assert [(w.booked, w.session.capacity, w.flagged) for w in this_week] == [(2, 8, True)]
    assert [(w.booked, w.flagged) for w in next_week] == [(1, False)]


def test_raising_capacity_is_allowed_but_never_below_the_booked_places(engine, org):
    org_row, staff, service = org
    [row] = _create(engine, staff, _new(service, capacity=2))
    _book(engine, row.id, _customer(engine, org_row, "ann@example.com"))
    _book(engine, row.id, _customer(engine, org_row, "bob@example.com"))

    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        class_schedule.update_session(s, actor=staff, class_session_id=row.id, capacity=1, online_booking=True, now=NOW)
    assert str(refused.value) == "2 places are booked: the capacity cannot be lower."
    with pytest.raises(SessionFull):
        _book(engine, row.id, _customer(engine, org_row, "eve@example.com"))
    with unit_of_work(engine) as s:
        class_schedule.update_session(s, actor=staff, class_session_id=row.id, capacity=3, online_booking=True, now=NOW)
    assert _book(engine, row.id, _customer(engine, org_row, "zoe@example.com")).status == "confirmed"


def test_staff_add_a_member_with_credits_and_a_guest_who_becomes_a_customer(engine, org):
    org_row, staff, service = org
    [row] = _create(engine, staff, _new(service))
    ann = _customer(engine, org_row, "ann@example.com", amount=3)

    with unit_of_work(engine) as s:
        class_schedule.add_member(s, actor=staff, class_session_id=row.id, customer_id=ann.id, use_credits=True, now=NOW)
        class_schedule.add_guest(s, actor=staff, class_session_id=row.id, name="Gina Guest", email="Gina@Example.com ", now=NOW)
    with Session(engine) as s:
        detail = class_schedule.session_detail(s, actor=staff, class_session_id=row.id)
        guest = s.exec(select(Customer).where(Customer.email == "gina@example.com")).one()
        assert credits.balance(s, ann.id) == 2

    assert [(p.customer.name, p.booking.credits_spent) for p in detail.participants] == [("Ann", 1), ("Gina Guest", 0)]
    assert guest.name == "Gina Guest" and detail.summary.booked == 2


def test_a_guest_with_a_bad_email_is_refused(engine, org):
    _, staff, service = org
    [row] = _create(engine, staff, _new(service))

    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        class_schedule.add_guest(s, actor=staff, class_session_id=row.id, name="Gina", email="not-an-email", now=NOW)
    assert refused.value.field == "guest_email"


@pytest.mark.parametrize(("name", "email", "field"), [("G" * 5000, "gina@example.com", "guest_name"),
                                                      ("Gina", "g" * 5000 + "@example.com", "guest_email")])
def test_an_absurdly_long_guest_name_or_email_is_refused_next_to_its_field(engine, org, name, email, field):
    _, staff, service = org
    [row] = _create(engine, staff, _new(service))

    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        class_schedule.add_guest(s, actor=staff, class_session_id=row.id, name=name, email=email, now=NOW)
    assert refused.value.field == field


def test_the_public_schedule_shows_only_online_sessions_with_free_places(engine, org):
    org_row, staff, service = org
    [open_one] = _create(engine, staff, _new(service, capacity=2))
    _create(engine, staff, _new(service, starts_at=FIRST + timedelta(days=1), online_booking=False))
    ann = _customer(engine, org_row, "ann@example.com")
    _book(engine, open_one.id, ann)

    with Session(engine) as s:
        listed = class_schedule.public_schedule(s, org=s.get(Organization, org_row.id), now=NOW, customer=ann)

    assert [(p.session.id, p.free, p.booked_by_you) for p in listed] == [(open_one.id, 1, True)]


def _series(engine, customer, session_id, until, now=NOW):
    with unit_of_work(engine) as s:
        c = s.get(Customer, customer.id)
        return class_schedule.book_series(s, actor=customer_actor(c), customer=c, class_session_id=session_id, until=until, now=now)


def test_a_recurring_booking_books_each_week_and_reports_the_full_and_unaffordable_ones(engine, org):
    org_row, staff, service = org
    weeks = _create(engine, staff, _new(service, capacity=1, credit_cost=2, repeat_until=date(2026, 4, 7)))
    _book(engine, weeks[1].id, _customer(engine, org_row, "early@example.com"))  # week 2 is full
    with unit_of_work(engine) as s:  # week 4 is not held at all
        s.delete(s.get(ClassSession, weeks[3].id))
    ann = _customer(engine, org_row, "ann@example.com", amount=3)  # enough for one class of 2 credits
    _create(engine, staff, _new(service, capacity=1, credit_cost=2, starts_at=datetime(2026, 4, 14, 16, 0, tzinfo=UTC)))

    result = _series(engine, ann, weeks[0].id, until=date(2026, 4, 14))

    assert [o.starts_at.astimezone(BERLIN).day for o in result.occurrences] == [17, 24, 31, 7, 14]
    assert len(result.booked) == 1 and result.booked[0].session_id == weeks[0].id
    assert [type(o.error) for o in result.skipped] == [SessionFull, NotEnoughCredits, NoClassThatWeek, NotEnoughCredits]
    with Session(engine) as s:
        series = s.exec(select(RecurringSeries)).one()
        bookings = s.exec(select(Booking).where(Booking.customer_id == ann.id)).all()
        assert credits.balance(s, ann.id) == 1
    assert [b.series_id for b in bookings] == [series.id]
    assert (series.weekday, series.start_time.hour, series.until) == (1, 18, date(2026, 4, 14))


def test_each_recurring_occurrence_is_its_own_booking_with_its_own_link(engine, org):
    org_row, staff, service = org
    weeks = _create(engine, staff, _new(service, repeat_until=date(2026, 3, 31)))
    ann = _customer(engine, org_row, "ann@example.com", amount=10)

    result = _series(engine, ann, weeks[0].id, until=date(2026, 3, 31))

    assert [b.session_id for b in result.booked] == [w.id for w in weeks] and result.skipped == []
    assert len({b.manage_token_hash for b in result.booked}) == 3


def test_recurring_bookings_need_the_organization_and_the_service_to_allow_them(engine, org):
    org_row, staff, service = org
    [row] = _create(engine, staff, _new(service))
    ann = _customer(engine, org_row, "ann@example.com")
    with unit_of_work(engine) as s:
        s.get(Organization, org_row.id).allow_recurring = False

    with pytest.raises(RecurringNotOffered):
        _series(engine, ann, row.id, until=date(2026, 4, 7))
    with unit_of_work(engine) as s:
        s.get(Organization, org_row.id).allow_recurring = True
        s.get(Service, service.id).allow_recurring = False
    with pytest.raises(RecurringNotOffered):
        _series(engine, ann, row.id, until=date(2026, 4, 7))


def test_a_recurring_booking_that_books_nothing_leaves_no_series(engine, org):
    org_row, staff, service = org
    [row] = _create(engine, staff, _new(service, credit_cost=5))
    poor = _customer(engine, org_row, "poor@example.com", amount=1)

    result = _series(engine, poor, row.id, until=date(2026, 3, 31))

    assert result.series is None and result.booked == [] and len(result.skipped) == 3
    with Session(engine) as s:
        assert s.exec(select(RecurringSeries)).all() == []


def test_a_customers_class_bookings_are_listed_for_their_staff_only(engine, org):
    org_row, staff, service = org
    first, second = _create(engine, staff, _new(service, repeat_until=date(2026, 3, 24)))
    ann = _customer(engine, org_row, "ann@example.com")
    _book(engine, first.id, ann)
    _book(engine, second.id, ann)
    with unit_of_work(engine) as s:
        stranger = factories.staff_actor(s, factories.organization(s, "other"))

    with Session(engine) as s:
        listed = class_schedule.customer_class_bookings(s, actor=staff, customer_id=ann.id)
        with pytest.raises(NotFound):
            class_schedule.customer_class_bookings(s, actor=stranger, customer_id=ann.id)

    assert [(cs.id, name) for _, cs, name in listed] == [(second.id, "Morning yoga"), (first.id, "Morning yoga")]


def test_a_class_menu_left_unchosen_asks_to_choose_a_class_in_the_readers_language(engine, org):
    """The New session dialog once said "Gib the class als ganze Zahl ein." for its class menu."""
    from bookingapp.i18n import translate

    _, staff, _ = org
    with unit_of_work(engine) as s, pytest.raises(ValidationFailed) as refused:
        class_schedule.new_sessions_from_form(s, actor=staff, form={"service_id": "", "starts_at": "2026-03-17T18:00",
                                                                    "duration": "60", "capacity": "5", "credit_cost": "1"})
    assert refused.value.field == "service_id"
    assert refused.value.render() == "Choose a class."
    assert refused.value.render(lambda text: translate(text, "de")) == "Wähle einen Kurs."
