"""Proposed dates are held (issue 21, item 12): while a proposal waits for the customer,
its times are neither offered to nor bookable by anyone else, on the portal or at the
front desk, nor proposable to another customer; they come free when the proposal is
answered, withdrawn, changed or lapses (even before the sweeper marks it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import event
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import ValidationFailed
from bookingapp.models import (
    Booking,
    ClassSession,
    Customer,
    Organization,
    Proposal,
    ProposedSlot,
    Service,
    StaffUser,
)
from bookingapp.services import (
    appointments,
    class_seats,
    front_desk,
    manage_links,
    proposals,
    rebooking,
    requests,
)
from bookingapp.services.accounts import actor_for
from bookingapp.services.actors import Actor
from bookingapp.services.class_seats import PlaceHeldForProposal
from bookingapp.services.rebooking import AlternativeTaken
from tests import factories
from tests.service.class_fixtures import class_service, class_session, give_credits

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in November 2026, Berlin clock, as UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


@dataclass
class World:
    org_id: int
    owner: StaffUser
    service_id: int
    request_service_id: int


@pytest.fixture
def world(engine) -> World:
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "physio", timezone="Europe/Berlin", response_window_hours=48)
        owner = factories.staff(s, org, name="Olga Owner")
        service = factories.appointment_service(s, org, staff=owner, prepayment="none")  # 09-17, one hour
        tasting = factories.request_service(s, org, staff_user_id=owner.id, duration_minutes=60)
        s.commit()
        return World(org.id, owner, service.id, tasting.id)


def _book(engine, world, start: datetime, email: str) -> Booking:
    with unit_of_work(engine) as s:
        return appointments.book(s, service_id=world.service_id, starts_at=start, name=email.split("@")[0], email=email, now=NOW)[0]


def _propose(engine, world, booking, slots) -> Proposal:
    with unit_of_work(engine) as s:
        return rebooking.request_rebooking(s, actor=actor_for(world.owner), booking_id=booking.id, initiator="provider",
                                           reason="The room is being painted.", slots=slots, now=NOW)


def _free(engine, world, day: int, *, now=NOW, for_staff=False) -> list[datetime]:
    with Session(engine) as s:
        month = appointments.month(s, service=s.get(Service, world.service_id), year=2026, month_number=11, now=now,
                                   for_staff=for_staff)
    return next(d.slots for d in month if d.day.day == day)


def _desk(engine, world, start: datetime, name: str = "Walk In") -> Booking:
    with unit_of_work(engine) as s:
        form = front_desk.FrontDeskBooking(service_id=world.service_id, new_name=name, starts_at=start, payment="venue",
                                           outside_hours=True)
        return front_desk.book(s, actor=actor_for(world.owner), form=form, now=NOW)


@pytest.fixture
def held(engine, world) -> tuple[Booking, Proposal]:
    """Ann's booking on the 26th at 10:00, with new dates proposed on the 27th 10:00 and 28th 11:00."""
    ann = _book(engine, world, at(26, 10), "ann@example.com")
    return ann, _propose(engine, world, ann, [at(27, 10), at(28, 11)])


def test_the_proposed_times_are_not_offered_on_the_portal_nor_at_the_front_desk(engine, world, held):
    for for_staff in (False, True):
        free = _free(engine, world, 27, for_staff=for_staff)
        # A one-hour service on a half-hour grid: 09:30 and 10:30 overlap the held hour too.
        assert at(27, 10) not in free and at(27, 9, 30) not in free and at(27, 10, 30) not in free
        assert at(27, 9) in free and at(27, 11) in free
        assert at(28, 11) not in _free(engine, world, 28, for_staff=for_staff)


def test_nobody_else_can_book_a_held_time_online_or_at_the_front_desk(engine, world, held):
    with pytest.raises(appointments.SlotUnavailable):
        _book(engine, world, at(27, 10), "bea@example.com")
    with pytest.raises(front_desk.StaffBusy):  # not even "outside the hours"
        _desk(engine, world, at(27, 10, 15))
    with Session(engine) as s:
        assert s.exec(select(Booking).where(Booking.starts_at == at(27, 10))).first() is None


def test_a_held_time_cannot_be_proposed_to_another_customer_as_a_new_date(engine, world, held):
    bea = _book(engine, world, at(30, 10), "bea@example.com")
    with pytest.raises(AlternativeTaken, match="is already taken"):
        _propose(engine, world, bea, [at(27, 10, 30)])


def test_times_of_a_reschedule_proposal_are_held_too(engine, world):
    with unit_of_work(engine) as s:
        request = factories.booking(s, s.get(Organization, world.org_id), service=s.get(Service, world.request_service_id),
                                    staff_user_id=world.owner.id, starts_at=at(30, 14))
        requests.propose_reschedule(s, actor=actor_for(world.owner), booking_id=request.id, message="Full that day.",
                                    slots=[at(27, 14)], now=NOW)
    assert at(27, 14) not in _free(engine, world, 27)
    with pytest.raises(appointments.SlotUnavailable):
        _book(engine, world, at(27, 14), "bea@example.com")


def test_picking_a_date_frees_the_others(engine, world, held):
    ann, proposal = held
    with Session(engine) as s:
        slots = {slot.starts_at: slot.id for slot in s.exec(select(ProposedSlot).where(ProposedSlot.proposal_id == proposal.id))}
    with unit_of_work(engine) as s:
        token = _token(s, ann)
        rebooking.pick_rebooking_slot(s, token=token, slot_id=slots[at(28, 11)], now=NOW)
    assert at(27, 10) in _free(engine, world, 27)
    assert _book(engine, world, at(27, 10), "bea@example.com").starts_at == at(27, 10)
    assert at(28, 11) not in _free(engine, world, 28)  # now Ann's booking


def test_withdrawing_frees_the_times(engine, world, held):
    ann, proposal = held
    with unit_of_work(engine) as s:
        proposals.withdraw_proposal(s, actor=actor_for(world.owner), booking_id=ann.id, proposal_id=proposal.id, now=NOW)
    assert at(27, 10) in _free(engine, world, 27)
    assert _desk(engine, world, at(28, 11)).starts_at == at(28, 11)


def test_a_lapsed_proposal_holds_nothing_even_before_the_sweeper_runs(engine, world, held):
    _ann, proposal = held
    later = proposal.expires_at + timedelta(minutes=1)
    with Session(engine) as s:
        assert s.get(Proposal, proposal.id).status == "open"  # nobody marked it yet
    assert at(27, 10) in _free(engine, world, 27, now=later)
    with unit_of_work(engine) as s:
        booked = appointments.book(s, service_id=world.service_id, starts_at=at(27, 10), name="Bea", email="bea@example.com",
                                   now=later)[0]
    assert booked.starts_at == at(27, 10)


def test_a_proposed_class_session_holds_the_partys_places(engine, world):
    with unit_of_work(engine) as s:
        org = s.get(Organization, world.org_id)
        yoga = class_service(s, org)
        first = class_session(s, yoga, starts_at=at(25, 18), capacity=5)
        second = class_session(s, yoga, starts_at=at(27, 18), capacity=2)
        ann, bea = factories.customer(s, org, "ann@example.com"), factories.customer(s, org, "bea@example.com")
        give_credits(s, ann, 5)
        give_credits(s, bea, 5)
        seat = class_seats.book_seat(s, class_session_id=first.id, customer=ann, actor=Actor("customer", org.id, ann.id, "Ann"),
                                     now=NOW)
        rebooking.request_rebooking(s, actor=actor_for(world.owner), booking_id=seat.id, initiator="provider", reason="Teacher ill.",
                                    session_ids=[second.id], now=NOW)
        second_id, bea_id = second.id, bea.id
    with unit_of_work(engine) as s:
        row, bea = s.get(ClassSession, second_id), s.get(Customer, bea_id)
        assert class_seats.bookable_places(s, row, bea.id, NOW) == 1
        class_seats.book_seat(s, class_session_id=row.id, customer=bea, actor=Actor("customer", world.org_id, bea.id, "Bea"), now=NOW)
    with pytest.raises(PlaceHeldForProposal), unit_of_work(engine) as s:
        cleo = factories.customer(s, s.get(Organization, world.org_id), "cleo@example.com")
        give_credits(s, cleo, 5)
        class_seats.book_seat(s, class_session_id=second_id, customer=cleo, actor=Actor("customer", world.org_id, cleo.id, "Cleo"),
                              now=NOW)


def test_reading_the_free_times_takes_the_same_queries_however_many_proposals_are_open(engine, world):
    def selects() -> int:
        seen: list[str] = []

        def listener(*args):
            if args[2].lstrip().upper().startswith("SELECT"):
                seen.append(args[2])

        event.listen(engine, "before_cursor_execute", listener)
        try:
            _free(engine, world, 27)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    without = selects()
    for day, email in ((24, "a@example.com"), (25, "b@example.com"), (26, "c@example.com")):
        _propose(engine, world, _book(engine, world, at(day, 9), email), [at(27, 9 + day - 24 + 3), at(28, 9 + day - 24 + 3)])
    assert _free(engine, world, 27).count(at(27, 12)) == 0  # the proposals are read...
    assert selects() == without  # ...in the same statements


def _token(s: Session, booking: Booking) -> str:
    return manage_links.token_of(s.get(Booking, booking.id))


def test_a_time_a_proposal_no_longer_names_after_a_change_comes_free(engine, world, held):
    ann, proposal = held
    with unit_of_work(engine) as s:
        proposals.change_proposal(s, actor=actor_for(world.owner), booking_id=ann.id, proposal_id=proposal.id,
                                  reason="The painters are late.", slots=[at(28, 11), at(29, 15)], now=NOW)
    assert at(27, 10) in _free(engine, world, 27)
    assert at(28, 11) not in _free(engine, world, 28)  # kept in the new proposal
    assert at(29, 15) not in _free(engine, world, 29)


def test_a_validation_error_on_a_held_time_names_the_time(engine, world, held):
    bea = _book(engine, world, at(30, 10), "bea@example.com")
    with pytest.raises(ValidationFailed) as refused:
        _propose(engine, world, bea, [at(28, 11)])
    assert refused.value.field == "slots"
