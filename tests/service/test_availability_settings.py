"""Dashboard → Availability: weekly hours with breaks, date overrides and time off, who may
change whose, and bad input that writes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.domain.hours import Interval
from bookingapp.models import ActivityLog, AvailabilityRule, DateOverride, TimeOff
from bookingapp.services import availability_settings as hours
from bookingapp.services.accounts import actor_for
from tests import factories as f

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)  # a Friday, 11:00 in Berlin
TODAY = date(2026, 12, 4)


@pytest.fixture
def org(session):
    return f.organization(session, "studio", name="Studio Lindenhof", timezone="Europe/Berlin")


@pytest.fixture
def owner(session, org):
    return f.staff(session, org, "owner@studio.test", name="Dana Owner", role="owner")


@pytest.fixture
def staff(session, org):
    return f.staff(session, org, "chris@studio.test", name="Chris Staff", role="staff")


def _tables(session: Session) -> tuple:
    """Every row the availability settings write, to prove a refusal wrote nothing."""
    session.expire_all()
    return (
        sorted((r.staff_user_id, r.weekday, r.start_time, r.end_time) for r in session.exec(select(AvailabilityRule))),
        sorted((r.staff_user_id, r.day, r.start_time, r.end_time) for r in session.exec(select(DateOverride))),
        sorted((r.staff_user_id or 0, r.starts_at, r.ends_at) for r in session.exec(select(TimeOff))),
        len(session.exec(select(ActivityLog)).all()),
    )


# --- weekly hours --------------------------------------------------------------------------


def test_a_day_with_a_lunch_break_is_two_intervals_and_the_other_days_stay(session, owner):
    actor = actor_for(owner)
    hours.set_day_hours(session, actor=actor, staff_user_id=owner.id, weekday=0,
                        intervals=[("13:30", "17:00"), ("09:00", "12:30")])
    hours.set_day_hours(session, actor=actor, staff_user_id=owner.id, weekday=2, intervals=[("10:00", "16:00")])

    week = hours.weekly_hours(session, actor=actor, staff_user_id=owner.id)

    assert week.days[0] == [Interval(time(9), time(12, 30)), Interval(time(13, 30), time(17))]
    assert week.days[2] == [Interval(time(10), time(16))]
    assert week.days[1] == [] and not week.empty
    rows = session.exec(select(AvailabilityRule).where(AvailabilityRule.weekday == 0)).all()
    assert {(r.staff_user_id, r.service_id) for r in rows} == {(owner.id, None)}


def test_saving_a_day_replaces_its_intervals_and_an_empty_day_is_closed(session, owner):
    actor = actor_for(owner)
    hours.set_day_hours(session, actor=actor, staff_user_id=owner.id, weekday=4, intervals=[("09:00", "17:00")])
    hours.set_day_hours(session, actor=actor, staff_user_id=owner.id, weekday=4, intervals=[("08:00", "12:00")])
    assert hours.weekly_hours(session, actor=actor, staff_user_id=owner.id).days[4] == [Interval(time(8), time(12))]

    hours.set_day_hours(session, actor=actor, staff_user_id=owner.id, weekday=4, intervals=[])

    assert hours.weekly_hours(session, actor=actor, staff_user_id=owner.id).empty
    assert "availability.hours_set" in [e.action for e in session.exec(select(ActivityLog))]


def test_a_days_hours_fill_the_closed_days_and_leave_the_open_ones(session, owner):
    actor = actor_for(owner)
    hours.set_day_hours(session, actor=actor, staff_user_id=owner.id, weekday=5, intervals=[("10:00", "14:00")])

    filled = hours.fill_closed_days(session, actor=actor, staff_user_id=owner.id,
                                    intervals=[("09:00", "12:00"), ("13:00", "17:00")])

    assert filled == [0, 1, 2, 3, 4, 6]
    week = hours.weekly_hours(session, actor=actor, staff_user_id=owner.id)
    assert week.days[5] == [Interval(time(10), time(14))]  # Saturday had hours: kept
    assert all(week.days[d] == [Interval(time(9), time(12)), Interval(time(13), time(17))] for d in filled)
    assert hours.fill_closed_days(session, actor=actor, staff_user_id=owner.id, intervals=[("08:00", "09:00")]) == []


@pytest.mark.parametrize("intervals", [[], [("12:00", "09:00")], [("09:00", "12:00"), ("11:00", "13:00")]])
def test_filling_closed_days_needs_good_hours_and_writes_nothing_otherwise(session, owner, intervals):
    before = _tables(session)
    with pytest.raises(ValidationFailed):
        hours.fill_closed_days(session, actor=actor_for(owner), staff_user_id=owner.id, intervals=intervals)
    assert _tables(session) == before


def test_staff_fill_only_their_own_closed_days(session, owner, staff):
    with pytest.raises(PermissionDenied):
        hours.fill_closed_days(session, actor=actor_for(staff), staff_user_id=owner.id, intervals=[("09:00", "17:00")])
    assert len(hours.fill_closed_days(session, actor=actor_for(staff), staff_user_id=staff.id,
                                      intervals=[("09:00", "17:00")])) == 7


def test_a_new_person_has_no_hours(session, owner, staff):
    week = hours.weekly_hours(session, actor=actor_for(owner), staff_user_id=staff.id)
    assert week.empty and week.staff_name == "Chris Staff"


def test_old_overlapping_rows_show_as_their_union(session, org, owner):
    # 0007 moved each service's hours to its person: two services' hours may overlap.
    for start, end in ((time(9), time(17)), (time(10), time(18))):
        session.add(AvailabilityRule(organization_id=org.id, staff_user_id=owner.id, weekday=1, start_time=start, end_time=end))
    session.flush()
    assert hours.weekly_hours(session, actor=actor_for(owner), staff_user_id=owner.id).days[1] == [Interval(time(9), time(18))]


@pytest.mark.parametrize(("intervals", "message"), [
    ([("12:00", "09:00")], "the end must be after the start"),
    ([("09:00", "09:00")], "the end must be after the start"),
    ([("09:00", "13:00"), ("12:30", "17:00")], "overlap"),
    ([("09:00", "12:00"), ("09:00", "12:00")], "overlap"),
    ([("9", "12:00")], "hours and minutes"),
    ([("24:00", "25:00")], "hours and minutes"),
    ([("٠٩:٠٠", "12:00")], "hours and minutes"),
    ([("09:00", "")], "hours and minutes"),
    ([("09:00",)], "hours and minutes"),
    ("09:00-12:00", "hours and minutes"),
    ([("08:00", "08:30")] * 13, "At most"),
])
def test_bad_intervals_are_refused_and_write_nothing(session, owner, intervals, message):
    actor = actor_for(owner)
    hours.set_day_hours(session, actor=actor, staff_user_id=owner.id, weekday=0, intervals=[("09:00", "17:00")])
    before = _tables(session)

    with pytest.raises(ValidationFailed) as refused:
        hours.set_day_hours(session, actor=actor, staff_user_id=owner.id, weekday=0, intervals=intervals)

    assert message in str(refused.value) and refused.value.field == "intervals"
    assert _tables(session) == before


@pytest.mark.parametrize("weekday", [-1, 7, True, "0"])
def test_a_weekday_that_does_not_exist_is_refused(session, owner, weekday):
    with pytest.raises(ValidationFailed):
        hours.set_day_hours(session, actor=actor_for(owner), staff_user_id=owner.id, weekday=weekday, intervals=[])


def test_touching_intervals_are_fine(session, owner):
    actor = actor_for(owner)
    saved = hours.set_day_hours(session, actor=actor, staff_user_id=owner.id, weekday=3,
                                intervals=[("09:00", "12:00"), ("12:00", "13:00")])
    assert [i.label() for i in saved] == ["09:00–12:00", "12:00–13:00"]


def test_staff_edit_only_their_own_hours_and_the_owner_anyones(session, owner, staff):
    staff_actor = actor_for(staff)
    hours.set_day_hours(session, actor=staff_actor, staff_user_id=staff.id, weekday=0, intervals=[("10:00", "14:00")])
    before = _tables(session)

    with pytest.raises(PermissionDenied):
        hours.set_day_hours(session, actor=staff_actor, staff_user_id=owner.id, weekday=0, intervals=[("10:00", "14:00")])
    with pytest.raises(PermissionDenied):
        hours.weekly_hours(session, actor=staff_actor, staff_user_id=owner.id)
    with pytest.raises(PermissionDenied):
        hours.set_date_override(session, actor=staff_actor, staff_user_id=owner.id, day=TODAY, intervals=[], now=NOW)
    with pytest.raises(PermissionDenied):
        hours.add_time_off(session, actor=staff_actor, staff_user_id=owner.id, starts_at=NOW, ends_at=NOW + timedelta(hours=2),
                           now=NOW)
    assert _tables(session) == before

    hours.set_day_hours(session, actor=actor_for(owner), staff_user_id=staff.id, weekday=1, intervals=[("08:00", "12:00")])
    assert hours.weekly_hours(session, actor=staff_actor, staff_user_id=staff.id).days[1] == [Interval(time(8), time(12))]


def test_the_member_choice_is_everyone_active_for_the_owner_and_oneself_for_staff(session, org, owner, staff):
    f.staff(session, org, "gone@studio.test", name="Gone Member", role="staff", active=False)
    assert [m.name for m in hours.team_members(session, actor=actor_for(owner))] == ["Chris Staff", "Dana Owner"]
    assert [m.name for m in hours.team_members(session, actor=actor_for(staff))] == ["Chris Staff"]


def test_another_organizations_member_is_not_found(session, owner):
    other = f.organization(session, "other")
    stranger = f.staff(session, other, "x@other.test")
    with pytest.raises(NotFound):
        hours.set_day_hours(session, actor=actor_for(owner), staff_user_id=stranger.id, weekday=0, intervals=[])


# --- date overrides ----------------------------------------------------------------------


def test_a_date_override_replaces_that_dates_hours_and_an_empty_one_closes_it(session, owner):
    actor = actor_for(owner)
    christmas, new_year = date(2026, 12, 24), date(2026, 12, 31)
    hours.set_date_override(session, actor=actor, staff_user_id=owner.id, day=christmas, intervals=[("09:00", "12:00")], now=NOW)
    hours.set_date_override(session, actor=actor, staff_user_id=owner.id, day=new_year, intervals=[], now=NOW)
    hours.set_date_override(session, actor=actor, staff_user_id=owner.id, day=christmas,
                            intervals=[("08:00", "10:00"), ("11:00", "12:00")], now=NOW)

    listed = hours.date_overrides(session, actor=actor, staff_user_id=owner.id, now=NOW)

    assert [(o.day, [i.label() for i in o.intervals]) for o in listed] == [
        (christmas, ["08:00–10:00", "11:00–12:00"]), (new_year, [])]
    closed = session.exec(select(DateOverride).where(DateOverride.day == new_year)).one()
    assert closed.start_time is None and closed.end_time is None


def test_future_overrides_come_first_then_recent_past_ones(session, org, owner):
    session.add(DateOverride(organization_id=org.id, staff_user_id=owner.id, day=date(2026, 11, 1)))
    session.flush()
    actor = actor_for(owner)
    hours.set_date_override(session, actor=actor, staff_user_id=owner.id, day=TODAY, intervals=[], now=NOW)
    listed = hours.date_overrides(session, actor=actor, staff_user_id=owner.id, now=NOW)
    assert [(o.day, o.past) for o in listed] == [(TODAY, False), (date(2026, 11, 1), True)]


def test_removing_an_override_brings_back_the_weekly_hours(session, owner):
    actor = actor_for(owner)
    hours.set_date_override(session, actor=actor, staff_user_id=owner.id, day=date(2026, 12, 24), intervals=[], now=NOW)
    hours.remove_date_override(session, actor=actor, staff_user_id=owner.id, day=date(2026, 12, 24))
    assert hours.date_overrides(session, actor=actor, staff_user_id=owner.id, now=NOW) == []
    with pytest.raises(NotFound):
        hours.remove_date_override(session, actor=actor, staff_user_id=owner.id, day=date(2026, 12, 24))


@pytest.mark.parametrize(("day", "intervals", "field"), [
    (date(2026, 12, 3), [], "day"),  # yesterday in Berlin
    (None, [], "day"),
    (date(2026, 12, 24), [("17:00", "09:00")], "intervals"),
    (date(2026, 12, 24), [("09:00", "12:00"), ("11:00", "13:00")], "intervals"),
    (date(2026, 12, 24), [("nine", "12:00")], "intervals"),
])
def test_a_bad_override_is_refused_and_writes_nothing(session, owner, day, intervals, field):
    before = _tables(session)
    with pytest.raises(ValidationFailed) as refused:
        hours.set_date_override(session, actor=actor_for(owner), staff_user_id=owner.id, day=day, intervals=intervals, now=NOW)
    assert refused.value.field == field
    assert _tables(session) == before


# --- time off -----------------------------------------------------------------------------


def _service_with_bookings(session, org, owner, staff):
    service = f.appointment_service(session, org, staff_user_id=owner.id)
    alex = f.customer(session, org, "alex@example.com", name="Alex Example")
    bea = f.customer(session, org, "bea@example.com", name="Bea Beispiel")
    mine = f.booking(session, org, customer_row=alex, service=service, reference="OWN00001", status="confirmed",
                     staff_user_id=owner.id, starts_at=NOW + timedelta(days=2))
    unassigned = f.booking(session, org, customer_row=bea, service=service, reference="OWN00002", status="requested",
                           staff_user_id=None, starts_at=NOW + timedelta(days=3))
    f.booking(session, org, customer_row=alex, service=service, reference="OWN00003", status="cancelled",
              staff_user_id=owner.id, starts_at=NOW + timedelta(days=2, hours=2))
    theirs = f.booking(session, org, customer_row=bea, service=service, reference="STF00001", status="confirmed",
                       staff_user_id=staff.id, starts_at=NOW + timedelta(days=2, hours=3))
    f.booking(session, org, customer_row=bea, service=service, reference="OWN00004", status="confirmed",
              staff_user_id=owner.id, starts_at=NOW + timedelta(days=20))
    return mine, unassigned, theirs


def test_time_off_over_bookings_is_saved_and_lists_them_for_rebooking(session, org, owner, staff):
    _service_with_bookings(session, org, owner, staff)

    added = hours.add_time_off(session, actor=actor_for(owner), staff_user_id=owner.id, starts_at=NOW + timedelta(days=1),
                               ends_at=NOW + timedelta(days=7), reason="Holiday", now=NOW)

    assert [(c.reference, c.customer_name) for c in added.conflicts] == [("OWN00001", "Alex Example"), ("OWN00002", "Bea Beispiel")]
    assert session.get(TimeOff, added.entry.id).reason == "Holiday"
    assert added.entry.staff_name == "Dana Owner"
    log = session.exec(select(ActivityLog).where(ActivityLog.action == "availability.time_off_added")).one()
    assert log.data["conflicts"] == ["OWN00001", "OWN00002"]


def test_business_wide_time_off_lists_everyones_bookings_and_is_the_owners_to_add(session, org, owner, staff):
    _service_with_bookings(session, org, owner, staff)
    start, end = NOW + timedelta(days=1), NOW + timedelta(days=7)
    before = _tables(session)
    with pytest.raises(PermissionDenied):
        hours.add_time_off(session, actor=actor_for(staff), staff_user_id=None, starts_at=start, ends_at=end, now=NOW)
    assert _tables(session) == before

    added = hours.add_time_off(session, actor=actor_for(owner), staff_user_id=None, starts_at=start, ends_at=end,
                               reason="Closed for the holidays", now=NOW)

    assert [c.reference for c in added.conflicts] == ["OWN00001", "STF00001", "OWN00002"]  # by time
    assert added.entry.staff_user_id is None


def test_time_off_without_bookings_has_no_conflicts(session, owner):
    added = hours.add_time_off(session, actor=actor_for(owner), staff_user_id=owner.id, starts_at=NOW + timedelta(hours=1),
                               ends_at=NOW + timedelta(hours=3), now=NOW)
    assert added.conflicts == []


@pytest.mark.parametrize(("starts", "ends", "field"), [
    (timedelta(days=2), timedelta(days=1), "ends_at"),  # ends before it starts
    (timedelta(days=2), timedelta(days=2), "ends_at"),
    (timedelta(days=1), timedelta(days=1 + 367), "ends_at"),  # over a year
    (timedelta(days=-3), timedelta(days=-1), "ends_at"),  # already over
])
def test_bad_time_off_is_refused_and_writes_nothing(session, owner, starts, ends, field):
    before = _tables(session)
    with pytest.raises(ValidationFailed) as refused:
        hours.add_time_off(session, actor=actor_for(owner), staff_user_id=owner.id, starts_at=NOW + starts,
                           ends_at=NOW + ends, now=NOW)
    assert refused.value.field == field
    assert _tables(session) == before


def test_upcoming_time_off_is_a_persons_and_the_businesss_soonest_first(session, org, owner, staff):
    owner_actor = actor_for(owner)
    hours.add_time_off(session, actor=owner_actor, staff_user_id=None, starts_at=NOW + timedelta(days=20),
                       ends_at=NOW + timedelta(days=21), reason="Everyone", now=NOW)
    hours.add_time_off(session, actor=owner_actor, staff_user_id=staff.id, starts_at=NOW + timedelta(days=2),
                       ends_at=NOW + timedelta(days=3), reason="Chris", now=NOW)
    hours.add_time_off(session, actor=owner_actor, staff_user_id=owner.id, starts_at=NOW + timedelta(days=1),
                       ends_at=NOW + timedelta(days=2), reason="Dana", now=NOW)
    session.add(TimeOff(organization_id=org.id, staff_user_id=staff.id, starts_at=NOW - timedelta(days=3),
                        ends_at=NOW - timedelta(days=2), reason="Over"))
    session.flush()

    assert [e.reason for e in hours.upcoming_time_off(session, actor=actor_for(staff), staff_user_id=staff.id, now=NOW)] == \
        ["Chris", "Everyone"]
    assert [e.reason for e in hours.upcoming_time_off(session, actor=owner_actor, now=NOW)] == ["Dana", "Chris", "Everyone"]
    assert [e.reason for e in hours.upcoming_time_off(session, actor=actor_for(staff), now=NOW)] == ["Chris", "Everyone"]


def test_removing_time_off_is_for_its_person_or_the_owner(session, owner, staff):
    owner_actor, staff_actor = actor_for(owner), actor_for(staff)
    everyone = hours.add_time_off(session, actor=owner_actor, staff_user_id=None, starts_at=NOW + timedelta(days=1),
                                  ends_at=NOW + timedelta(days=2), now=NOW).entry
    owners = hours.add_time_off(session, actor=owner_actor, staff_user_id=owner.id, starts_at=NOW + timedelta(days=1),
                                ends_at=NOW + timedelta(days=2), now=NOW).entry
    own = hours.add_time_off(session, actor=staff_actor, staff_user_id=staff.id, starts_at=NOW + timedelta(days=1),
                             ends_at=NOW + timedelta(days=2), now=NOW).entry
    before = _tables(session)
    for entry in (everyone, owners):
        with pytest.raises(PermissionDenied):
            hours.remove_time_off(session, actor=staff_actor, time_off_id=entry.id)
    assert _tables(session) == before

    hours.remove_time_off(session, actor=staff_actor, time_off_id=own.id)
    hours.remove_time_off(session, actor=owner_actor, time_off_id=everyone.id)
    assert [e.id for e in hours.upcoming_time_off(session, actor=owner_actor, now=NOW)] == [owners.id]
    with pytest.raises(NotFound):
        hours.remove_time_off(session, actor=owner_actor, time_off_id=own.id)
