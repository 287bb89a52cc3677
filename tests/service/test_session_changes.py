"""Staff edit and cancel class sessions (issue 22): a change of time or place reaches every
participant with the calendar file moved (same UID, higher SEQUENCE); capacity never drops
below the places booked; cancelling a session, or it and the rest of its weekly set,
returns every credit even past the free-cancellation window, emails each participant once
with METHOD:CANCEL and ends the waitlist with an email; staff promote from the waitlist
within capacity and credits; the cancellations report and its CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from bookingapp.db import unit_of_work
from bookingapp.domain.class_rules import NotEnoughCredits, SessionCancelled, SessionFull
from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.domain.waitlist_rules import NoOpenOffer
from bookingapp.models import (
    ActivityLog,
    Booking,
    ClassSession,
    Customer,
    Organization,
    OutboxEmail,
    WaitlistEntry,
)
from bookingapp.services import class_bookings, class_schedule, credits, session_changes, waitlist
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.ics_rules import valid_calendar
from tests.service.class_fixtures import CLASS_START, NOW, class_service, give_credits

HOUR = timedelta(hours=1)
WEEK = timedelta(days=7)


@dataclass
class World:
    org_id: int
    staff: object
    session_ids: list[int]  # a weekly set of four, created together
    people: list[int]  # ann and bob are booked in every session; cat waits on the first one's list


def _customer(s: Session, customer_id: int) -> Customer:
    return s.get(Customer, customer_id)


@pytest.fixture
def world(engine) -> World:
    """Four weekly sessions (2 places, 2 credits, 12 h free-cancellation window); Ann and Bob
    booked into each; Cat on the first one's waitlist."""
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin", cancellation_reasons=["Teacher ill", "Room closed"])
        staff = factories.staff_actor(s, org)
        service = class_service(s, org)
        rows = class_schedule.create_sessions(s, actor=staff, now=NOW, new=class_schedule.NewSessions(
            service_id=service.id, starts_at=CLASS_START, duration_minutes=60, capacity=2, credit_cost=2,
            free_cancellation_minutes=12 * 60, location="Studio A", repeat_until=(CLASS_START + 3 * WEEK).date()))
        people = []
        for name in ("ann", "bob", "cat"):
            row = factories.customer(s, org, f"{name}@example.com", name=name.title())
            give_credits(s, row, 20)
            people.append(row.id)
        for row in rows:
            for customer_id in people[:2]:
                customer = _customer(s, customer_id)
                class_bookings.book_seat(s, class_session_id=row.id, customer=customer, actor=customer_actor(customer), now=NOW)
        cat = _customer(s, people[2])
        waitlist.join(s, class_session_id=rows[0].id, customer=cat, actor=customer_actor(cat), now=NOW)
    return World(org.id, staff, [r.id for r in rows], people)


def _edit(**kw) -> session_changes.SessionEdit:
    values = dict(starts_at=CLASS_START, duration_minutes=60, capacity=2, credit_cost=2, location="Studio A")
    values.update(kw)
    return session_changes.SessionEdit(**values)


def _emails(engine, key: str) -> list[OutboxEmail]:
    with Session(engine) as s:
        return list(s.exec(select(OutboxEmail).where(OutboxEmail.template_key == key).order_by(col(OutboxEmail.id))))


def _calendar_event(email: OutboxEmail):
    [attachment] = [a for a in email.attachments if a["content_type"] == "text/calendar"]
    cal = valid_calendar(attachment["content"])
    [event] = cal.walk("VEVENT")
    return str(cal["method"]), event


def _balance(engine, customer_id: int) -> int:
    with Session(engine) as s:
        return credits.balance(s, customer_id)


def _cancel(engine, world: World, session_id: int, *, scope="this", reason="Teacher ill", note="", now=NOW):
    with unit_of_work(engine) as s:
        return session_changes.cancel_sessions(s, actor=world.staff, class_session_id=session_id, scope=scope, reason=reason,
                                               note=note, now=now)


# --- editing --------------------------------------------------------------------------------


def test_creating_a_weekly_set_gives_its_sessions_one_series_key(engine, world):
    with Session(engine) as s:
        keys = {s.get(ClassSession, i).series_key for i in world.session_ids}
        single = class_schedule.create_sessions(s, actor=world.staff, now=NOW, new=class_schedule.NewSessions(
            service_id=s.get(ClassSession, world.session_ids[0]).service_id, starts_at=CLASS_START + HOUR,
            duration_minutes=60, capacity=5, credit_cost=1, free_cancellation_minutes=0))
    assert len(keys) == 1 and None not in keys
    assert single[0].series_key is None


def test_moving_a_session_emails_each_participant_a_calendar_file_with_the_same_uid_and_a_higher_sequence(engine, world):
    first = world.session_ids[0]
    [booked_ann] = [e for e in _emails(engine, "class_booked") if e.to_email == "ann@example.com"][:1]
    _, before = _calendar_event(booked_ann)
    with unit_of_work(engine) as s:
        result = session_changes.edit_session(s, actor=world.staff, class_session_id=first, now=NOW,
                                              edit=_edit(starts_at=CLASS_START + 2 * HOUR, location="Studio B"))
    assert set(result.changed) == {"starts_at", "ends_at", "location"} and result.told == 2
    moved = _emails(engine, "class_session_changed")
    assert sorted(e.to_email for e in moved) == ["ann@example.com", "bob@example.com"]
    ann = next(e for e in moved if e.to_email == "ann@example.com")
    method, event = _calendar_event(ann)
    assert method == "PUBLISH"
    assert str(event["uid"]) == str(before["uid"])
    assert int(event["sequence"]) > int(before["sequence"])
    assert event.decoded("dtstart") == CLASS_START + 2 * HOUR
    assert str(event["location"]) == "Studio B"
    assert "Studio A" in ann.text and "Studio B" in ann.text
    with Session(engine) as s:
        bookings = s.exec(select(Booking).where(Booking.session_id == first)).all()
        assert {b.starts_at for b in bookings} == {CLASS_START + 2 * HOUR}
        assert {b.location for b in bookings} == {"Studio B"}
        assert s.exec(select(ActivityLog).where(ActivityLog.action == "class.session_edited")).one().data["participants_told"] == 2


def test_changing_only_capacity_staff_or_credits_tells_nobody(engine, world):
    with unit_of_work(engine) as s:
        result = session_changes.edit_session(s, actor=world.staff, class_session_id=world.session_ids[1], now=NOW,
                                              edit=_edit(starts_at=CLASS_START + WEEK, capacity=8, credit_cost=3))
    assert set(result.changed) == {"capacity", "credit_cost"} and result.told == 0
    assert _emails(engine, "class_session_changed") == []
    with Session(engine) as s:  # a place already booked keeps what it cost
        assert {b.credits_spent for b in s.exec(select(Booking).where(Booking.session_id == world.session_ids[1]))} == {2}


def test_saving_the_same_values_again_changes_and_logs_nothing(engine, world):
    for _ in range(2):
        with unit_of_work(engine) as s:
            session_changes.edit_session(s, actor=world.staff, class_session_id=world.session_ids[0], now=NOW,
                                         edit=_edit(location="Studio C"))
    assert len(_emails(engine, "class_place_changed")) == 2  # two participants, once
    with Session(engine) as s:
        assert len(s.exec(select(ActivityLog).where(ActivityLog.action == "class.session_edited")).all()) == 1


def test_changing_only_the_place_sends_a_new_place_email_not_a_moved_one(engine, world):
    with unit_of_work(engine) as s:
        result = session_changes.edit_session(s, actor=world.staff, class_session_id=world.session_ids[0], now=NOW,
                                              edit=_edit(location="Studio C"))
    assert result.changed == ["location"] and result.told == 2
    assert _emails(engine, "class_session_changed") == []
    placed = _emails(engine, "class_place_changed")
    assert sorted(e.to_email for e in placed) == ["ann@example.com", "bob@example.com"]
    ann = next(e for e in placed if e.to_email == "ann@example.com")
    assert ann.subject.startswith("New place for ") and ann.subject.endswith(": Studio C")
    assert "Studio A" in ann.text and "Studio C" in ann.text
    assert "new time" not in ann.text and "moved:" not in ann.subject
    _, event = _calendar_event(ann)
    assert str(event["location"]) == "Studio C"


def test_a_start_sent_back_to_the_minute_is_no_change(engine, world):
    with unit_of_work(engine) as s:
        row = s.get(ClassSession, world.session_ids[0])
        row.starts_at, row.ends_at = row.starts_at + timedelta(seconds=30), row.ends_at + timedelta(seconds=30)
        s.add(row)
    with unit_of_work(engine) as s:
        result = session_changes.edit_session(s, actor=world.staff, class_session_id=world.session_ids[0], now=NOW,
                                              edit=_edit(capacity=3))
    assert result.changed == ["capacity"] and _emails(engine, "class_session_changed") == []


def test_capacity_never_drops_below_the_places_booked(engine, world):
    with unit_of_work(engine) as s, pytest.raises(ValidationFailed) as refused:
        session_changes.edit_session(s, actor=world.staff, class_session_id=world.session_ids[0], now=NOW,
                                     edit=_edit(capacity=1, location="Elsewhere"))
    assert refused.value.field == "capacity" and "2 places are booked" in str(refused.value)
    with Session(engine) as s:
        row = s.get(ClassSession, world.session_ids[0])
        assert (row.capacity, row.location) == (2, "Studio A")


def test_raising_the_capacity_offers_the_new_place_to_the_waitlist(engine, world):
    with unit_of_work(engine) as s:
        session_changes.edit_session(s, actor=world.staff, class_session_id=world.session_ids[0], now=NOW, edit=_edit(capacity=3))
    assert [e.to_email for e in _emails(engine, "waitlist_offer")] == ["cat@example.com"]


@pytest.mark.parametrize("edit, field", [
    (dict(starts_at=NOW - HOUR), "starts_at"),
    (dict(duration_minutes=2), "duration"),
    (dict(credit_cost=-1), "credit_cost"),
    (dict(capacity=0), "capacity"),
    (dict(location="x" * 201), "location"),
])
def test_bad_values_are_refused_with_their_field_and_nothing_changes(engine, world, edit, field):
    with unit_of_work(engine) as s, pytest.raises(ValidationFailed) as refused:
        session_changes.edit_session(s, actor=world.staff, class_session_id=world.session_ids[0], now=NOW, edit=_edit(**edit))
    assert refused.value.field == field
    assert _emails(engine, "class_session_changed") == []


def test_a_customer_cannot_edit_or_cancel_a_session(engine, world):
    with Session(engine) as s:
        ann = customer_actor(_customer(s, world.people[0]))
        with pytest.raises(PermissionDenied):
            session_changes.edit_session(s, actor=ann, class_session_id=world.session_ids[0], now=NOW, edit=_edit())
        with pytest.raises(PermissionDenied):
            session_changes.cancel_sessions(s, actor=ann, class_session_id=world.session_ids[0], scope="this",
                                            reason="Teacher ill", note="", now=NOW)


# --- cancelling -------------------------------------------------------------------------------


def test_the_preview_counts_participants_credits_and_waitlist_before_anything_happens(engine, world):
    with Session(engine) as s:
        one = session_changes.cancel_preview(s, actor=world.staff, class_session_id=world.session_ids[0], scope="this", now=NOW)
        rest = session_changes.cancel_preview(s, actor=world.staff, class_session_id=world.session_ids[1], scope="series", now=NOW)
    assert (one.sessions, one.participants, one.credits, one.waitlisted, one.has_series) == (1, 2, 4, 1, True)
    assert (rest.sessions, rest.participants, rest.credits, rest.waitlisted) == (3, 6, 12, 0)
    assert _emails(engine, "class_session_cancelled") == []


def test_cancelling_inside_the_no_refund_window_returns_every_credit_and_sends_a_cancel_file(engine, world):
    late = CLASS_START - 2 * HOUR  # the free-cancellation window (12 h) has passed
    result = _cancel(engine, world, world.session_ids[0], reason="Teacher ill", note="Back next week", now=late)
    assert (result.session_ids, result.participants, result.credits, result.waitlisted) == ([world.session_ids[0]], 2, 4, 1)
    assert _balance(engine, world.people[0]) == 20 - 4 * 2 + 2
    emails = _emails(engine, "class_session_cancelled")
    assert sorted(e.to_email for e in emails) == ["ann@example.com", "bob@example.com"]
    method, event = _calendar_event(emails[0])
    assert method == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert "Teacher ill: Back next week" in emails[0].text
    [told] = _emails(engine, "waitlist_session_cancelled")
    assert told.to_email == "cat@example.com" and "Teacher ill" in told.text
    with Session(engine) as s:
        row = s.get(ClassSession, world.session_ids[0])
        assert row.cancelled and row.cancel_reason == "Teacher ill: Back next week" and row.cancelled_at == late
        assert {b.status for b in s.exec(select(Booking).where(Booking.session_id == row.id))} == {"cancelled"}
        assert {e.status for e in s.exec(select(WaitlistEntry).where(WaitlistEntry.session_id == row.id))} == {"expired"}
        # the rest of the series is untouched
        assert not any(s.get(ClassSession, i).cancelled for i in world.session_ids[1:])


def test_cancelling_the_rest_of_the_series_leaves_earlier_sessions_and_emails_once_per_booking(engine, world):
    result = _cancel(engine, world, world.session_ids[1], scope="series", reason="Room closed")
    assert result.session_ids == world.session_ids[1:] and result.participants == 6 and result.credits == 12
    with Session(engine) as s:
        assert [s.get(ClassSession, i).cancelled for i in world.session_ids] == [False, True, True, True]
    emails = _emails(engine, "class_session_cancelled")
    assert len(emails) == 6 and len({e.booking_id for e in emails}) == 6
    assert _balance(engine, world.people[0]) == 20 - 8 + 6


def test_cancelling_twice_changes_and_sends_nothing_the_second_time(engine, world):
    _cancel(engine, world, world.session_ids[0], scope="series")
    again = _cancel(engine, world, world.session_ids[0], scope="series")
    assert again.session_ids == [] and again.participants == 0
    assert len(_emails(engine, "class_session_cancelled")) == 8
    assert len(_emails(engine, "waitlist_session_cancelled")) == 1
    assert _balance(engine, world.people[0]) == 20


def test_a_person_both_booked_and_waiting_is_emailed_once(engine, world):
    with unit_of_work(engine) as s:  # staff booked Cat into session 2 after she had joined its waitlist
        session_changes.edit_session(s, actor=world.staff, class_session_id=world.session_ids[1], now=NOW,
                                     edit=_edit(starts_at=CLASS_START + WEEK, capacity=2))
        cat = _customer(s, world.people[2])
        s.add(WaitlistEntry(organization_id=world.org_id, session_id=world.session_ids[1], customer_id=cat.id, position=1))
        s.flush()
        class_schedule.update_session(s, actor=world.staff, class_session_id=world.session_ids[1], capacity=3,
                                      online_booking=True, now=NOW)
        class_schedule.add_member(s, actor=world.staff, class_session_id=world.session_ids[1], customer_id=cat.id,
                                  use_credits=True, now=NOW)
    _cancel(engine, world, world.session_ids[1])
    to_cat = [e for e in _emails(engine, "class_session_cancelled") + _emails(engine, "waitlist_session_cancelled")
              if e.to_email == "cat@example.com"]
    assert len(to_cat) == 1 and to_cat[0].template_key == "class_session_cancelled"


def test_a_cancelled_session_takes_no_booking_and_no_waitlist(engine, world):
    _cancel(engine, world, world.session_ids[0])
    with unit_of_work(engine) as s:
        cat = _customer(s, world.people[2])
        with pytest.raises(SessionCancelled):
            class_bookings.book_seat(s, class_session_id=world.session_ids[0], customer=cat, actor=customer_actor(cat), now=NOW)
        with pytest.raises(SessionCancelled):
            session_changes.edit_session(s, actor=world.staff, class_session_id=world.session_ids[0], now=NOW, edit=_edit())
        org = s.get(Organization, world.org_id)
        assert world.session_ids[0] not in {p.session.id for p in class_schedule.public_schedule(s, org=org, now=NOW)}


@pytest.mark.parametrize("reason, note, message", [
    ("", "", "Choose a reason or write one."),
    ("Made up", "", "Choose a reason from the list."),
    ("", "x" * 501, "Use at most {max} characters for the note."),
])
def test_a_cancellation_needs_a_reason_from_the_list_or_free_text(engine, world, reason, note, message):
    with unit_of_work(engine) as s, pytest.raises(ValidationFailed) as refused:
        session_changes.cancel_sessions(s, actor=world.staff, class_session_id=world.session_ids[0], scope="this",
                                        reason=reason, note=note, now=NOW)
    assert refused.value.msgid == message
    with Session(engine) as s:
        assert not s.get(ClassSession, world.session_ids[0]).cancelled


def test_free_text_alone_is_a_reason(engine, world):
    _cancel(engine, world, world.session_ids[0], reason="", note="Heating broken")
    with Session(engine) as s:
        assert s.get(ClassSession, world.session_ids[0]).cancel_reason == "Heating broken"


# --- promoting from the waitlist -----------------------------------------------------------------


def _cat_entry(engine, world: World) -> WaitlistEntry:
    with Session(engine) as s:
        return s.exec(select(WaitlistEntry).where(WaitlistEntry.customer_id == world.people[2])).one()


def test_promoting_needs_a_free_place(engine, world):
    entry_id = _cat_entry(engine, world).id
    with unit_of_work(engine) as s, pytest.raises(SessionFull):
        session_changes.promote(s, actor=world.staff, entry_id=entry_id, now=NOW)
    assert _cat_entry(engine, world).status == "waiting"


def test_promoting_books_the_place_and_takes_the_credits(engine, world):
    entry_id = _cat_entry(engine, world).id
    with unit_of_work(engine) as s:
        class_schedule.update_session(s, actor=world.staff, class_session_id=world.session_ids[0], capacity=3,
                                      online_booking=True, now=NOW)  # offers the place to Cat by email
        booking = session_changes.promote(s, actor=world.staff, entry_id=entry_id, now=NOW)
    assert booking.credits_spent == 2 and _balance(engine, world.people[2]) == 18
    assert _cat_entry(engine, world).status == "claimed"
    with unit_of_work(engine) as s, pytest.raises(NoOpenOffer):
        session_changes.promote(s, actor=world.staff, entry_id=entry_id, now=NOW)


def test_promoting_someone_without_enough_credits_is_refused(engine, world):
    with unit_of_work(engine) as s:
        cat = _customer(s, world.people[2])
        credits.grant(s, actor=world.staff, customer_id=cat.id, delta=-19, reason="Spent elsewhere", kind="adjust")
    with unit_of_work(engine) as s:
        row = s.get(ClassSession, world.session_ids[0])
        row.capacity = 3
        s.add(row)
    entry_id = _cat_entry(engine, world).id
    with unit_of_work(engine) as s, pytest.raises(NotEnoughCredits):
        session_changes.promote(s, actor=world.staff, entry_id=entry_id, now=NOW)
    assert _cat_entry(engine, world).status == "waiting"


# --- the reasons list -----------------------------------------------------------------------------


def test_the_owner_edits_the_reasons_one_a_line(engine, world):
    with unit_of_work(engine) as s:
        owner = factories.staff_actor(s, s.get(Organization, world.org_id))
        saved = session_changes.set_reasons(s, actor=owner, text="  Teacher ill \n\nteacher ill\nHoliday")
    assert saved == ["Teacher ill", "Holiday"]
    with Session(engine) as s:
        assert s.get(Organization, world.org_id).cancellation_reasons == ["Teacher ill", "Holiday"]
    with unit_of_work(engine) as s, pytest.raises(ValidationFailed):
        session_changes.set_reasons(s, actor=owner, text="x" * 121)


def test_staff_who_are_not_owners_cannot_edit_the_reasons(engine, world):
    with unit_of_work(engine) as s:
        member = factories.staff(s, s.get(Organization, world.org_id), "member@yoga.test", role="staff")
        from bookingapp.services.accounts import actor_for
        with pytest.raises(PermissionDenied):
            session_changes.set_reasons(s, actor=actor_for(member), text="Mine")


# --- the report ------------------------------------------------------------------------------------


def test_the_report_shows_who_cancelled_why_and_whether_credits_came_back_and_the_csv_matches(engine, world):
    with unit_of_work(engine) as s:  # Ann cancels late herself (no credits back); staff remove Bob in time
        ann = _customer(s, world.people[0])
        [ann_booking, bob_booking] = s.exec(select(Booking).where(Booking.session_id == world.session_ids[3])
                                            .order_by(Booking.customer_id)).all()
        class_bookings.cancel_seat(s, booking_id=ann_booking.id, actor=customer_actor(ann), reason="Ill",
                                   now=CLASS_START + 3 * WEEK - HOUR)
        class_bookings.cancel_seat(s, booking_id=bob_booking.id, actor=world.staff, reason="Asked by phone", now=NOW)
    _cancel(engine, world, world.session_ids[0], reason="Room closed")
    with Session(engine) as s:
        rows = session_changes.cancellations_report(s, actor=world.staff, first=date(2026, 1, 1), last=date(2026, 12, 31))
    by = sorted((r.by, r.customer_name, r.reason, r.credits_back) for r in rows)
    assert by == [("customer", "Ann", "Ill", 0), ("staff", "Bob", "Asked by phone", 2),
                  ("studio", "Ann", "Room closed", 2), ("studio", "Bob", "Room closed", 2)]
    with Session(engine) as s:
        org = s.get(Organization, world.org_id)
    table = session_changes.report_table(rows, org=org, locale="en")
    text = session_changes.cancellations_csv(table)
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[0] == session_changes.CSV_HEADER
    assert lines[1:] == table  # exactly the table the page shows
    assert sorted((line[1], line[3], line[7], line[8]) for line in lines[1:]) == [
        ("Business", "Ann", "Room closed", "Yes"), ("Business", "Bob", "Room closed", "Yes"),
        ("Customer", "Ann", "Ill", "No"), ("Staff", "Bob", "Asked by phone", "Yes")]


def test_the_csv_keeps_a_formula_as_text():
    text = session_changes.cancellations_csv([["=cmd()", "Studio"]])
    assert list(csv.reader(io.StringIO(text)))[1] == ["'=cmd()", "Studio"]


def test_the_report_range_is_checked(engine, world):
    with Session(engine) as s:
        with pytest.raises(ValidationFailed):
            session_changes.cancellations_report(s, actor=world.staff, first=date(2026, 12, 2), last=date(2026, 12, 1))
        with pytest.raises(ValidationFailed):
            session_changes.cancellations_report(s, actor=world.staff, first=date(2024, 1, 1), last=date(2026, 1, 1))
        assert session_changes.cancellations_report(s, actor=world.staff, first=date(2020, 1, 1), last=date(2020, 1, 2)) == []


def test_another_organizations_staff_find_nothing(engine, world):
    entry_id = _cat_entry(engine, world).id
    with unit_of_work(engine) as s:
        other = factories.organization(s, "other")
        stranger = factories.staff_actor(s, other)
        with pytest.raises(NotFound):
            session_changes.cancel_sessions(s, actor=stranger, class_session_id=world.session_ids[0], scope="series",
                                            reason="", note="Mine now", now=NOW)
        with pytest.raises(NotFound):
            session_changes.promote(s, actor=stranger, entry_id=entry_id, now=NOW)
        with pytest.raises(NotFound):
            session_changes.edit_session(s, actor=stranger, class_session_id=world.session_ids[0], now=NOW, edit=_edit())
    with Session(engine) as s:
        assert not s.get(ClassSession, world.session_ids[0]).cancelled
