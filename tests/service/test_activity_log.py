"""The activity log: written in the caller's transaction, known codes only, tenant-scoped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, func, select

from bookingapp.db import unit_of_work
from bookingapp.models import ActivityLog, utcnow
from bookingapp.services.activity import ACTION_TEXTS, booking_history, log_action
from bookingapp.services.actors import Actor
from tests import factories as f


def _count(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(ActivityLog)).one()


def test_log_action_records_actor_action_and_data(session):
    org = f.organization(session)
    actor = f.staff_actor(session, org)
    booking = f.booking(session, org)

    entry = log_action(session, actor=actor, action="booking.confirmed", organization_id=org.id,
                       booking_id=booking.id, customer_id=booking.customer_id, data={"note": "ok"})
    session.commit()

    stored = session.get(ActivityLog, entry.id)
    assert (stored.action, stored.actor_kind, stored.actor_id, stored.actor_name) == ("booking.confirmed", "staff", actor.id, actor.name)
    assert (stored.booking_id, stored.customer_id, stored.data) == (booking.id, booking.customer_id, {"note": "ok"})


def test_log_action_commits_with_the_callers_transaction(engine):
    with unit_of_work(engine) as session:
        org = f.organization(session)
        log_action(session, actor=Actor.system(org.id), action="demo.loaded", organization_id=org.id)

    assert _count(engine) == 1


def test_log_action_is_rolled_back_with_the_callers_transaction(engine):
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        org = f.organization(session)
        log_action(session, actor=Actor.system(org.id), action="demo.loaded", organization_id=org.id)
        session.flush()
        raise RuntimeError("the action failed after logging")

    assert _count(engine) == 0


def test_log_action_refuses_unknown_action_codes(session):
    org = f.organization(session)

    with pytest.raises(ValueError, match="booking.teleported"):
        log_action(session, actor=Actor.system(org.id), action="booking.teleported", organization_id=org.id)
    session.flush()
    assert session.exec(select(func.count()).select_from(ActivityLog)).one() == 0


def test_every_action_code_has_a_display_text():
    assert all(text.strip() for text in ACTION_TEXTS.values())


def test_booking_history_is_newest_first(session):
    org = f.organization(session)
    booking = f.booking(session, org)
    actor = Actor.system(org.id)
    start = utcnow()
    for minutes, action in [(0, "booking.requested"), (10, "booking.reschedule_proposed"), (20, "booking.slot_picked")]:
        entry = log_action(session, actor=actor, action=action, organization_id=org.id, booking_id=booking.id)
        entry.created_at = start + timedelta(minutes=minutes)
    session.flush()

    history = booking_history(session, booking_id=booking.id, organization_id=org.id)

    assert [e.action for e in history] == ["booking.slot_picked", "booking.reschedule_proposed", "booking.requested"]


def test_booking_history_breaks_ties_by_insertion_order(session):
    org = f.organization(session)
    booking = f.booking(session, org)
    same_time = utcnow()
    for action in ["booking.requested", "booking.confirmed"]:
        log_action(session, actor=Actor.system(org.id), action=action, organization_id=org.id, booking_id=booking.id).created_at = same_time
    session.flush()

    assert [e.action for e in booking_history(session, booking_id=booking.id, organization_id=org.id)] == ["booking.confirmed", "booking.requested"]


def test_booking_history_is_tenant_scoped_and_per_booking(session):
    org_a, org_b = f.organization(session, "alpha"), f.organization(session, "beta")
    booking_a, other_a = f.booking(session, org_a), f.booking(session, org_a)
    log_action(session, actor=Actor.system(org_a.id), action="booking.requested", organization_id=org_a.id, booking_id=booking_a.id)
    log_action(session, actor=Actor.system(org_a.id), action="booking.requested", organization_id=org_a.id, booking_id=other_a.id)
    session.flush()

    assert [e.booking_id for e in booking_history(session, booking_id=booking_a.id, organization_id=org_a.id)] == [booking_a.id]
    assert booking_history(session, booking_id=booking_a.id, organization_id=org_b.id) == []
