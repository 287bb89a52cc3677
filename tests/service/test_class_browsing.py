"""The portal's class list week by week (issue 22): past the old four-week end up to each
class's booking horizon, filtered by class, and the free-cancellation note's data."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session

from bookingapp.db import unit_of_work
from bookingapp.models import Organization
from bookingapp.services import class_schedule
from tests import factories
from tests.service.class_fixtures import NOW, class_service, class_session


def _studio(engine, *, horizon_days: int = 90):
    """Yoga every week for 20 weeks (its horizon: `horizon_days`) and Pilates in week 2."""
    with unit_of_work(engine) as s:
        org = factories.organization(s, "browse", timezone="Europe/Berlin")
        yoga = class_service(s, org, horizon_days=horizon_days)
        pilates = class_service(s, org, name="Pilates", slug="pilates")
        weekly = [class_session(s, yoga, starts_at=NOW + timedelta(days=2 + 7 * w)).id for w in range(20)]
        pilates_id = class_session(s, pilates, starts_at=NOW + timedelta(days=9, hours=1)).id
        return org.id, weekly, pilates_id


def _week(engine, org_id, **kw) -> class_schedule.PublicWeek:
    with Session(engine) as s:
        return class_schedule.public_week(s, org=s.get(Organization, org_id), now=NOW, **kw)


def test_weeks_browse_past_four_weeks_up_to_the_booking_horizon(engine):
    org_id, weekly, _ = _studio(engine, horizon_days=90)

    seventh = _week(engine, org_id, wanted=NOW.date() + timedelta(weeks=6), service_slug="yoga")
    assert [p.session.id for p in seventh.sessions] == [weekly[6]]  # week 7: the old list ended after 4
    assert seventh.week.previous == NOW.date() + timedelta(weeks=5)

    last = _week(engine, org_id, wanted=date(2030, 1, 1), service_slug="yoga")  # far off: the horizon's week
    assert last.week.next is None
    assert [p.session.id for p in last.sessions] == [weekly[12]]  # day 86; day 93 lies past the 90-day horizon


def test_a_short_horizon_hides_sessions_beyond_it(engine):
    org_id, weekly, _ = _studio(engine, horizon_days=10)

    first = _week(engine, org_id, service_slug="yoga")
    second = _week(engine, org_id, wanted=NOW.date() + timedelta(days=7), service_slug="yoga")

    assert [p.session.id for p in first.sessions] == [weekly[0]]
    assert [p.session.id for p in second.sessions] == [weekly[1]]  # day 9, inside the 10 days
    assert second.week.next is None


def test_filtering_by_class_shows_only_its_sessions_and_lists_every_class(engine):
    org_id, weekly, pilates_id = _studio(engine)

    both = _week(engine, org_id, wanted=NOW.date() + timedelta(days=7))
    only = _week(engine, org_id, wanted=NOW.date() + timedelta(days=7), service_slug="pilates")

    assert [p.session.id for p in both.sessions] == [weekly[1], pilates_id]
    assert [p.session.id for p in only.sessions] == [pilates_id]
    assert [s.slug for s in only.services] == ["yoga", "pilates"]  # Morning yoga, Pilates


def test_an_empty_week_still_offers_the_next_one(engine):
    org_id, _, pilates_id = _studio(engine)

    empty = _week(engine, org_id, service_slug="pilates")

    assert empty.sessions == [] and empty.week.next == NOW.date() + timedelta(days=7)


def test_the_free_cancellation_note_has_the_deadline_or_says_it_ended(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "late", timezone="Europe/Berlin")
        service = class_service(s, org)
        soon = class_session(s, service, starts_at=NOW + timedelta(hours=10), window_minutes=400 * 60)
        later = class_session(s, service, starts_at=NOW + timedelta(days=3), window_minutes=12 * 60)
        org_id, soon_id, later_id = org.id, soon.id, later.id

    found = {p.session.id: p for p in _week(engine, org_id).sessions}

    assert found[soon_id].free_cancel_until is None
    assert found[later_id].free_cancel_until == NOW + timedelta(days=3) - timedelta(hours=12)


def test_next_week_stops_at_the_last_week_with_a_class_before_the_horizon(engine):
    """Pilates has one session (day 9) and a 90-day horizon: no empty weeks after it."""
    org_id, _, pilates_id = _studio(engine)

    second = _week(engine, org_id, wanted=NOW.date() + timedelta(days=7), service_slug="pilates")
    far = _week(engine, org_id, wanted=NOW.date() + timedelta(weeks=8), service_slug="pilates")

    assert [p.session.id for p in second.sessions] == [pilates_id] and second.week.next is None
    assert far.week.first == second.week.first  # a week past the last class shows the last one


def test_an_empty_week_offers_a_jump_to_the_next_classes(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "gap", timezone="Europe/Berlin")
        yoga = class_service(s, org, horizon_days=90)
        later = class_session(s, yoga, starts_at=NOW + timedelta(days=30)).id
        org_id = org.id

    now_week = _week(engine, org_id)

    assert now_week.sessions == []
    assert now_week.next_classes == NOW.date() + timedelta(weeks=4)  # day 30 lies in the fifth week
    jumped = _week(engine, org_id, wanted=now_week.next_classes)
    assert [p.session.id for p in jumped.sessions] == [later] and jumped.week.next is None


def test_nothing_more_scheduled_offers_neither_next_week_nor_a_jump(engine):
    with unit_of_work(engine) as s:
        org_id = factories.organization(s, "none", timezone="Europe/Berlin").id
        class_service(s, s.get(Organization, org_id), horizon_days=90)

    week = _week(engine, org_id)

    assert week.sessions == [] and week.week.next is None and week.next_classes is None
