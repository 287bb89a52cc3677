"""Attendance (issue 24): staff mark a confirmed booking or class place attended or no-show;
one transaction, logged, idempotent; refused (with nothing changed) for another business,
a cancelled or future booking, bad input or a customer; a no-show's class credits go back
only where the business chose so, and come back only while still there; the counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from bookingapp.db import unit_of_work
from bookingapp.domain.attendance import AttendanceRefused, MarkedPlace
from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.models import ActivityLog, Booking, CreditLedger, Organization
from bookingapp.services import (
    attendance,
    class_bookings,
    class_schedule,
    credits,
    customer_reports,
    customers,
)
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import CLASS_START, NOW, class_service, give_credits

AFTER = CLASS_START + timedelta(hours=2)


@pytest.fixture
def world(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin")
        owner = factories.staff_actor(s, org)
        member = factories.staff(s, org, email="member@yoga.test", role="staff")
        service = class_service(s, org)
        [row] = class_schedule.create_sessions(s, actor=owner, now=NOW, new=class_schedule.NewSessions(
            service_id=service.id, starts_at=CLASS_START, duration_minutes=60, capacity=5, credit_cost=2,
            free_cancellation_minutes=12 * 60, location="Studio A"))
        ann = factories.customer(s, org, "ann@example.com", name="Ann")
        give_credits(s, ann, 2)
        place = class_bookings.book_seat(s, class_session_id=row.id, customer=ann, actor=customer_actor(ann), now=NOW)
        visit = factories.booking(s, org, customer_row=ann, status="confirmed", starts_at=CLASS_START - timedelta(days=1))
        cancelled = factories.booking(s, org, customer_row=ann, status="cancelled", starts_at=CLASS_START - timedelta(days=1))
        later = factories.booking(s, org, customer_row=ann, status="confirmed", starts_at=AFTER + timedelta(days=1))
        other = factories.organization(s, "other")
        stranger = factories.staff_actor(s, other)
    from bookingapp.services.accounts import actor_for
    with Session(engine) as s:
        from bookingapp.models import StaffUser
        staff = actor_for(s.get(StaffUser, member.id))
    return dict(org_id=org.id, owner=owner, staff=staff, stranger=stranger, ann=ann.id, place=place.id, visit=visit.id,
                cancelled=cancelled.id, later=later.id)


def _mark(engine, actor, booking_id, value, now=AFTER):
    with unit_of_work(engine) as s:
        return attendance.mark(s, actor=actor, booking_id=booking_id, attendance=value, now=now)


def _state(engine, booking_id):
    with Session(engine) as s:
        b = s.get(Booking, booking_id)
        logs = s.exec(select(ActivityLog.action).where(ActivityLog.booking_id == booking_id,
                                                       col(ActivityLog.action).startswith("booking.att")
                                                       | (ActivityLog.action == "booking.no_show"))).all()
        return b.attendance, b.status, list(logs)


def _balance(engine, customer_id):
    with Session(engine) as s:
        return credits.balance(s, customer_id)


def _keep_credits(engine, world, keeps):
    with unit_of_work(engine) as s:
        attendance.set_no_show_keeps_credits(s, actor=world["owner"], keeps=keeps)


def test_staff_mark_an_appointment_attended_then_no_show_then_clear_each_logged_once(engine, world):
    _mark(engine, world["staff"], world["visit"], "attended")
    assert _state(engine, world["visit"]) == ("attended", "confirmed", ["booking.attended"])
    again = _mark(engine, world["staff"], world["visit"], "attended")
    assert not again.changed
    assert _state(engine, world["visit"])[2] == ["booking.attended"]  # idempotent: no second row
    _mark(engine, world["staff"], world["visit"], "no_show")
    _mark(engine, world["staff"], world["visit"], None)
    assert _state(engine, world["visit"]) == (None, "confirmed", ["booking.attended", "booking.no_show",
                                                                  "booking.attendance_cleared"])


def test_a_class_place_marked_no_show_keeps_its_credits_by_default(engine, world):
    assert _balance(engine, world["ann"]) == 0
    result = _mark(engine, world["staff"], world["place"], "no_show")
    assert (result.changed, result.credits_back) == (True, 0)
    assert _balance(engine, world["ann"]) == 0
    with Session(engine) as s:
        assert s.get(Organization, world["org_id"]).no_show_keeps_credits is True


def test_where_the_business_returns_them_a_no_show_gets_its_credits_back_once_and_unmarking_takes_them_again(engine, world):
    _keep_credits(engine, world, False)
    assert _mark(engine, world["staff"], world["place"], "no_show").credits_back == 2
    assert _balance(engine, world["ann"]) == 2
    assert _mark(engine, world["staff"], world["place"], "no_show").credits_back == 0  # a double tap
    assert _balance(engine, world["ann"]) == 2
    with Session(engine) as s:
        reasons = s.exec(select(CreditLedger.reason).where(CreditLedger.kind == "refund")).all()
    assert reasons and all(r.startswith("No-show · ") for r in reasons)
    assert _mark(engine, world["staff"], world["place"], "attended").credits_taken == 2
    assert _balance(engine, world["ann"]) == 0
    assert _mark(engine, world["staff"], world["place"], "no_show").credits_back == 2  # and back again
    assert _balance(engine, world["ann"]) == 2


def test_credits_already_spent_are_not_taken_back_when_the_mark_is_undone(engine, world):
    _keep_credits(engine, world, False)
    _mark(engine, world["staff"], world["place"], "no_show")
    with unit_of_work(engine) as s:
        credits.grant(s, actor=world["owner"], customer_id=world["ann"], delta=-1, reason="Spent elsewhere", kind="adjust")
    result = _mark(engine, world["staff"], world["place"], None)
    assert (result.changed, result.credits_taken, result.credits_kept) == (True, 0, 2)
    assert _balance(engine, world["ann"]) == 1  # never below zero, nothing taken
    assert _state(engine, world["place"])[0] is None


@pytest.mark.parametrize(("who", "which", "value", "error", "message"), [
    ("stranger", "visit", "attended", NotFound, "Not found."),
    ("staff", "cancelled", "no_show", AttendanceRefused, "Only a confirmed booking"),
    ("staff", "later", "no_show", AttendanceRefused, "later day"),
    ("staff", "visit", "maybe", ValidationFailed, "Choose attended or no-show."),
    ("staff", 987654, "attended", NotFound, "Not found."),
])
def test_refused_marks_say_why_and_change_nothing(engine, world, who, which, value, error, message):
    booking_id = world[which] if isinstance(which, str) else which
    before = _state(engine, booking_id) if isinstance(which, str) else None
    with pytest.raises(error, match=message):
        _mark(engine, world[who], booking_id, value)
    if before is not None:
        assert _state(engine, booking_id) == before


def test_a_customer_cannot_mark_and_only_the_owner_switches_the_credit_rule(engine, world):
    with Session(engine) as s:
        from bookingapp.models import Customer
        ann = customer_actor(s.get(Customer, world["ann"]))
    with pytest.raises(PermissionDenied):
        _mark(engine, ann, world["visit"], "attended")
    with pytest.raises(PermissionDenied):
        _keep_credits(engine, dict(owner=world["staff"]), False)
    with Session(engine) as s:
        assert s.get(Organization, world["org_id"]).no_show_keeps_credits is True
        assert s.get(Booking, world["visit"]).attendance is None


def test_no_shows_are_counted_on_the_profile_and_in_the_customers_report(engine, world):
    _mark(engine, world["staff"], world["visit"], "no_show")
    _mark(engine, world["staff"], world["place"], "no_show")
    with Session(engine) as s:
        profile = customers.profile(s, actor=world["staff"], customer_id=world["ann"], now=AFTER)
        rows = customer_reports.customers_report(s, actor=world["staff"], now=AFTER)
        org = s.get(Organization, world["org_id"])
        text = customer_reports.customers_csv(rows, org)
    assert profile.no_shows == 2
    [row] = rows
    assert row.no_shows == 2
    assert text.splitlines()[0].split(",")[-1] == "No-shows" and text.splitlines()[1].endswith(",2")


def test_a_place_marked_no_show_with_its_credits_back_cannot_be_removed_and_paid_back_twice(engine, world):
    """Removing a marked place would refund its credits again: staff clear the mark first."""
    _keep_credits(engine, world, False)
    _mark(engine, world["staff"], world["place"], "no_show")
    assert _balance(engine, world["ann"]) == 2
    with unit_of_work(engine) as s, pytest.raises(MarkedPlace) as refused:
        class_bookings.cancel_seat(s, booking_id=world["place"], actor=world["staff"], reason="Left early", now=AFTER)
    assert "clear the mark first" in refused.value.render()
    assert _balance(engine, world["ann"]) == 2
    assert _state(engine, world["place"])[:2] == ("no_show", "confirmed")
    _mark(engine, world["staff"], world["place"], None)  # cleared: the credits go back to the place
    with unit_of_work(engine) as s:
        class_bookings.cancel_seat(s, booking_id=world["place"], actor=world["staff"], reason="Left early", now=AFTER)
    assert _balance(engine, world["ann"]) == 0  # removed after the class: no credits back, and none twice
