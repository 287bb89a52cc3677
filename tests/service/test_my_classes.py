"""A customer's "Your classes": places, series, waitlist places, credits; and cancelling a
whole series with the refund rule applied to each class."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.models import ActivityLog, Booking, CreditLedger, OutboxEmail, WaitlistEntry
from bookingapp.services import class_bookings, class_schedule, credits, my_classes, waitlist
from bookingapp.services.accounts import actor_for
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import (
    CLASS_START,
    NOW,
    class_service,
    class_session,
    give_credits,
)


@pytest.fixture
def world(engine):
    """Alex books Wednesday yoga every week for four weeks (2 credits each, 12 h window);
    Bea has no series. Ids only: each test opens its own sessions."""
    with unit_of_work(engine) as s:
        org = factories.organization(s, "studio", name="Studio Lindenhof", allow_recurring=True)
        owner = factories.staff(s, org, "owner@studio.test")
        yoga = class_service(s, org, allow_recurring=True)
        sessions = [class_session(s, yoga, starts_at=CLASS_START + timedelta(weeks=w), capacity=1) for w in range(4)]
        alex = factories.customer(s, org, "alex@example.com", name="Alex Example")
        bea = factories.customer(s, org, "bea@example.com", name="Bea Waiting")
        give_credits(s, alex, 10)
        give_credits(s, bea, 10)
        result = class_schedule.book_series(s, actor=customer_actor(alex), customer=alex, class_session_id=sessions[0].id,
                                            until=date(2026, 12, 16), now=NOW)
        assert len(result.booked) == 4
        # Bea waits for the second week, which Alex's series fills (capacity 1).
        waitlist.join(s, class_session_id=sessions[1].id, customer=bea, actor=customer_actor(bea), now=NOW)
        return dict(org=org.id, owner=actor_for(owner), alex=alex.id, bea=bea.id, series=result.series.id,
                    sessions=[x.id for x in sessions], alex_actor=customer_actor(alex), bea_actor=customer_actor(bea))


def _mine(engine, actor, customer_id, now=NOW):
    with Session(engine) as s:
        return my_classes.my_classes(s, actor=actor, customer_id=customer_id, now=now)


def test_your_classes_lists_places_series_waitlist_and_credits_newest_first(engine, world):
    mine = _mine(engine, world["alex_actor"], world["alex"])

    assert [p.starts_at for p in mine.places] == [CLASS_START + timedelta(weeks=w) for w in range(4)]
    assert {p.series_id for p in mine.places} == {world["series"]}
    assert all(p.manage_path.startswith("/m/") for p in mine.places)
    [series] = mine.series
    assert (series.series_id, series.service_name, series.upcoming, series.weekday) == (world["series"], "Morning yoga", 4, 2)
    assert series.next_starts_at == CLASS_START
    assert mine.balance == 2 and mine.waitlist == []
    assert [row.delta for row in mine.ledger] == [-2, -2, -2, -2, 10]  # newest first
    assert all(row.reason for row in mine.ledger)

    bea = _mine(engine, world["bea_actor"], world["bea"])
    [place] = bea.waitlist
    assert (place.position, place.status, place.starts_at) == (1, "waiting", CLASS_START + timedelta(weeks=1))
    assert bea.places == [] and bea.series == [] and bea.balance == 10


def test_a_customer_sees_only_their_own_classes(engine, world):
    with pytest.raises(NotFound):
        _mine(engine, world["bea_actor"], world["alex"])
    with Session(engine) as s, pytest.raises(NotFound):
        my_classes.series_cancel_preview(s, actor=world["bea_actor"], series_id=world["series"], now=NOW)
    with pytest.raises(NotFound), unit_of_work(engine) as s:
        my_classes.cancel_series(s, actor=world["bea_actor"], series_id=world["series"], reason="not mine", now=NOW)
    assert len(_mine(engine, world["alex_actor"], world["alex"]).places) == 4


def test_staff_of_the_business_see_a_customers_classes(engine, world):
    assert len(_mine(engine, world["owner"], world["alex"]).places) == 4


def test_past_and_cancelled_places_are_not_upcoming(engine, world):
    with unit_of_work(engine) as s:
        first = s.exec(select(Booking).where(Booking.customer_id == world["alex"]).order_by(col(Booking.starts_at))).first()
        class_bookings.cancel_seat(s, booking_id=first.id, actor=world["alex_actor"], reason="ill", now=NOW)

    mine = _mine(engine, world["alex_actor"], world["alex"])
    assert len(mine.places) == 3 and mine.series[0].upcoming == 3
    later = _mine(engine, world["alex_actor"], world["alex"], now=CLASS_START + timedelta(weeks=3, minutes=1))
    assert later.places == [] and later.series == []


def test_the_preview_says_per_class_whether_credits_come_back(engine, world):
    # 30 h before the first class: its 12 h window is open, and so are the later ones'.
    early = CLASS_START - timedelta(hours=30)
    with Session(engine) as s:
        preview = my_classes.series_cancel_preview(s, actor=world["alex_actor"], series_id=world["series"], now=early)
    assert [o.free for o in preview.occurrences] == [True] * 4
    assert preview.refunded_credits == 8 and preview.lost_credits == 0

    late = CLASS_START - timedelta(hours=2)  # inside the first class's 12 h: that one is late
    with Session(engine) as s:
        preview = my_classes.series_cancel_preview(s, actor=world["alex_actor"], series_id=world["series"], now=late)
    assert [o.free for o in preview.occurrences] == [False, True, True, True]
    assert [o.refunded_credits for o in preview.occurrences] == [0, 2, 2, 2]
    assert preview.occurrences[0].deadline == CLASS_START - timedelta(hours=12)
    assert preview.balance == 2 and preview.lost_credits == 2


def test_cancelling_a_series_cancels_each_class_with_its_own_refund_rule(engine, world):
    late = CLASS_START - timedelta(hours=2)
    with unit_of_work(engine) as s:
        done = my_classes.cancel_series(s, actor=world["alex_actor"], series_id=world["series"], reason="Moving away", now=late)

    assert [o.refunded_credits for o in done.occurrences] == [0, 2, 2, 2]
    assert done.balance == 2 + 6
    with Session(engine) as s:
        statuses = s.exec(select(Booking.status).where(Booking.customer_id == world["alex"])).all()
        assert set(statuses) == {"cancelled"}
        assert credits.balance(s, world["alex"]) == 8
        refunds = s.exec(select(CreditLedger).where(CreditLedger.customer_id == world["alex"], CreditLedger.kind == "refund")).all()
        assert sorted(r.delta for r in refunds) == [2, 2, 2]
        emails = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "class_cancelled",
                                                  OutboxEmail.to_email == "alex@example.com")).all()
        assert len(emails) == 4  # one per class, as a single cancellation sends, each with its METHOD:CANCEL file
        assert all("Moving away" in e.text for e in emails)
        assert all("METHOD:CANCEL" in e.attachments[0]["content"] for e in emails)
        # The freed place of week 2 went to Bea, who was waiting for it.
        entry = s.exec(select(WaitlistEntry).where(WaitlistEntry.customer_id == world["bea"])).one()
        assert entry.status == "offered"
        assert s.exec(select(OutboxEmail).where(OutboxEmail.to_email == "bea@example.com")).first() is not None
        assert "class.series_cancelled" in s.exec(select(ActivityLog.action)).all()
    assert _mine(engine, world["alex_actor"], world["alex"], now=late).series == []


def test_a_series_with_nothing_left_or_no_reason_is_refused_and_nothing_changes(engine, world):
    with pytest.raises(ValidationFailed), unit_of_work(engine) as s:
        my_classes.cancel_series(s, actor=world["alex_actor"], series_id=world["series"], reason="  ", now=NOW)
    with Session(engine) as s:
        assert set(s.exec(select(Booking.status).where(Booking.customer_id == world["alex"])).all()) == {"confirmed"}

    after_last = CLASS_START + timedelta(weeks=3, minutes=5)
    with pytest.raises(my_classes.NothingToCancel), unit_of_work(engine) as s:
        my_classes.cancel_series(s, actor=world["alex_actor"], series_id=world["series"], reason="too late", now=after_last)


def test_only_the_series_places_still_active_are_cancelled(engine, world):
    with unit_of_work(engine) as s:
        third = s.exec(select(Booking).where(Booking.customer_id == world["alex"]).order_by(col(Booking.starts_at))).all()[2]
        third.status = "completed"  # a final state: cancelling it would be no transition
        s.add(third)
        third_id = third.id
    with unit_of_work(engine) as s:
        done = my_classes.cancel_series(s, actor=world["alex_actor"], series_id=world["series"], reason="x", now=NOW)
    assert len(done.occurrences) == 3 and third_id not in {o.booking_id for o in done.occurrences}
    with Session(engine) as s:
        assert s.get(Booking, third_id).status == "completed"


def test_a_refusal_midway_rolls_the_whole_series_back(engine, world, monkeypatch):
    real = class_bookings.cancel_seat
    calls = []

    def fail_on_the_third(session, **kw):
        calls.append(kw["booking_id"])
        if len(calls) == 3:
            raise class_bookings.SessionStarted()
        return real(session, **kw)

    monkeypatch.setattr(class_bookings, "cancel_seat", fail_on_the_third)
    with pytest.raises(class_bookings.SessionStarted), unit_of_work(engine) as s:
        my_classes.cancel_series(s, actor=world["alex_actor"], series_id=world["series"], reason="x", now=NOW)
    with Session(engine) as s:
        assert set(s.exec(select(Booking.status).where(Booking.customer_id == world["alex"])).all()) == {"confirmed"}
        assert credits.balance(s, world["alex"]) == 2
        assert s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "class_cancelled")).first() is None
