"""The open proposal on the order page (issue 21, item 11): what it shows, withdrawing it
and changing it, for new dates of a rebooking and other times for a request."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlmodel import Session, col, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.models import (
    ActivityLog,
    Booking,
    Organization,
    OutboxEmail,
    Proposal,
    ProposedSlot,
    Service,
    StaffUser,
)
from bookingapp.services import appointments, manage_links, proposals, rebooking, requests
from bookingapp.services.accounts import actor_for
from bookingapp.services.requests import ProposalClosed
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN).astimezone(UTC)


@pytest.fixture
def owner(engine) -> StaffUser:
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "physio", timezone="Europe/Berlin", response_window_hours=48)
        owner = factories.staff(s, org, name="Olga Owner")
        factories.appointment_service(s, org, staff=owner, prepayment="none")
        factories.request_service(s, org, staff_user_id=owner.id, duration_minutes=60)
        s.commit()
        return owner


def _service(s: Session, kind: str) -> Service:
    return s.exec(select(Service).where(Service.kind == kind)).one()


@pytest.fixture
def moved(engine, owner) -> tuple[Booking, Proposal]:
    """A confirmed appointment on the 26th with new dates proposed by the provider."""
    with unit_of_work(engine) as s:
        booking = appointments.book(s, service_id=_service(s, "appointment").id, starts_at=at(26, 10), name="Ann Customer",
                                    email="ann@example.com", now=NOW)[0]
        proposal = rebooking.request_rebooking(s, actor=actor_for(owner), booking_id=booking.id, initiator="provider",
                                               reason="The room is being painted.", slots=[at(27, 10), at(28, 11)], now=NOW)
        return booking, proposal


@pytest.fixture
def rescheduled(engine, owner) -> tuple[Booking, Proposal]:
    """A request for the 30th answered with other times."""
    with unit_of_work(engine) as s:
        booking = factories.booking(s, s.get(Organization, owner.organization_id), service=_service(s, "request"),
                                    staff_user_id=owner.id, starts_at=at(30, 14),
                                    customer_row=factories.customer(s, s.get(Organization, owner.organization_id), "rita@example.com"))
        proposal = requests.propose_reschedule(s, actor=actor_for(owner), booking_id=booking.id, message="We are full that day.",
                                               slots=[at(27, 14), at(28, 15)], now=NOW)
        return booking, proposal


def _reload(engine, model, id_):
    with Session(engine, expire_on_commit=False) as s:
        return s.get(model, id_)


def _emails(engine, key: str) -> list[OutboxEmail]:
    with Session(engine, expire_on_commit=False) as s:
        return list(s.exec(select(OutboxEmail).where(OutboxEmail.template_key == key).order_by(col(OutboxEmail.id))))


def _history(engine, booking_id: int) -> list[str]:
    with Session(engine) as s:
        return list(s.exec(select(ActivityLog.action).where(ActivityLog.booking_id == booking_id).order_by(col(ActivityLog.id))))


def _open_of(engine, booking_id: int) -> list[Proposal]:
    with Session(engine, expire_on_commit=False) as s:
        return list(s.exec(select(Proposal).where(Proposal.booking_id == booking_id, Proposal.status == "open")))


def test_the_order_page_reads_the_open_proposal_with_its_dates_and_sender(engine, owner, moved):
    booking, proposal = moved
    with Session(engine) as s:
        view = proposals.on_order(s, actor=actor_for(owner), reference=booking.reference.lower())
        assert view.open.proposal.id == proposal.id
        assert (view.open.proposal.kind, view.open.proposal.initiator, view.open.sent_by) == ("rebooking", "provider", "Olga Owner")
        assert [slot.starts_at for slot in view.open.slots] == [at(27, 10), at(28, 11)]
        assert view.open.proposal.expires_at == at(25, 9)  # the 48 h window
        assert view.ask is None


def test_the_order_page_reads_a_customers_rebooking_ask(engine, owner):
    with unit_of_work(engine) as s:
        service = _service(s, "appointment")
        service.customer_cancellation = "rebooking_request_only"
        booking, token = appointments.book(s, service_id=service.id, starts_at=at(26, 10), name="Ann", email="ann@example.com", now=NOW)
    with unit_of_work(engine) as s:
        rebooking.ask_for_rebooking(s, token=token, reason="I broke my leg.", now=NOW)
    with Session(engine) as s:
        view = proposals.on_order(s, actor=actor_for(owner), reference=booking.reference)
        assert view.open is None and view.ask.message == "I broke my leg."


def test_an_order_of_another_organization_is_not_found(engine, owner, moved):
    booking, _ = moved
    with unit_of_work(engine) as s:
        stranger = factories.staff_actor(s, factories.organization(s, "other"))
    with Session(engine) as s, pytest.raises(NotFound):
        proposals.on_order(s, actor=stranger, reference=booking.reference)


def test_withdrawing_new_dates_keeps_the_original_date_and_tells_the_customer(engine, owner, moved):
    booking, proposal = moved
    with unit_of_work(engine) as s:
        proposals.withdraw_proposal(s, actor=actor_for(owner), booking_id=booking.id, proposal_id=proposal.id, now=NOW)
    after = _reload(engine, Booking, booking.id)
    assert (after.status, after.starts_at, after.respond_by) == ("confirmed", at(26, 10), None)
    assert _reload(engine, Proposal, proposal.id).status == "withdrawn"
    assert _history(engine, booking.id)[-1] == "booking.proposal_withdrawn"
    [sent] = _emails(engine, "proposal_withdrawn")
    assert sent.to_email == "ann@example.com" and "can no longer be chosen" in sent.text
    assert manage_links.url_of(after) in sent.text


def test_withdrawing_other_times_puts_the_request_back_in_the_inbox_by_the_same_deadline(engine, owner, rescheduled):
    booking, proposal = rescheduled
    with unit_of_work(engine) as s:
        proposals.withdraw_proposal(s, actor=actor_for(owner), booking_id=booking.id, proposal_id=proposal.id, now=NOW)
    after = _reload(engine, Booking, booking.id)
    assert (after.status, after.respond_by) == ("requested", proposal.expires_at)
    assert _emails(engine, "proposal_withdrawn")[0].to_email == "rita@example.com"


def test_changing_new_dates_replaces_the_proposal_and_sends_the_new_ones(engine, owner, moved):
    booking, proposal = moved
    with unit_of_work(engine) as s:
        new = proposals.change_proposal(s, actor=actor_for(owner), booking_id=booking.id, proposal_id=proposal.id,
                                        reason="The painters are late.", slots=[at(28, 11), at(29, 15)], now=NOW)
    assert _reload(engine, Proposal, proposal.id).status == "replaced"
    [still_open] = _open_of(engine, booking.id)
    assert (still_open.id, still_open.initiator, still_open.message) == (new.id, "provider", "The painters are late.")
    with Session(engine) as s:
        assert [r.starts_at for r in s.exec(select(ProposedSlot).where(ProposedSlot.proposal_id == new.id)
                                            .order_by(ProposedSlot.starts_at))] == [at(28, 11), at(29, 15)]
    assert _reload(engine, Booking, booking.id).status == "rebooking_requested"
    assert _history(engine, booking.id)[-1] == "booking.proposal_changed"
    sent = _emails(engine, "rebooking_requested")
    assert len(sent) == 2 and "The painters are late." in sent[-1].text


def test_changing_other_times_sends_the_new_times(engine, owner, rescheduled):
    booking, proposal = rescheduled
    with unit_of_work(engine) as s:
        new = proposals.change_proposal(s, actor=actor_for(owner), booking_id=booking.id, proposal_id=proposal.id,
                                        reason="Or these.", slots=[at(29, 16)], now=NOW)
    assert _reload(engine, Booking, booking.id).status == "reschedule_proposed"
    assert [p.id for p in _open_of(engine, booking.id)] == [new.id]
    assert len(_emails(engine, "reschedule_proposed")) == 2


def test_a_change_without_dates_is_refused_and_the_proposal_stays(engine, owner, moved):
    booking, proposal = moved
    with pytest.raises(ValidationFailed, match="Add at least one alternative time"), unit_of_work(engine) as s:
        proposals.change_proposal(s, actor=actor_for(owner), booking_id=booking.id, proposal_id=proposal.id,
                                  reason="No dates.", slots=[], now=NOW)
    assert [p.id for p in _open_of(engine, booking.id)] == [proposal.id]
    assert _history(engine, booking.id)[-1] == "booking.rebooking_requested"


def test_a_proposal_the_customer_answered_meanwhile_cannot_be_withdrawn_or_changed(engine, owner, moved):
    booking, proposal = moved
    with Session(engine) as s:
        slot = s.exec(select(ProposedSlot).where(ProposedSlot.proposal_id == proposal.id).order_by(ProposedSlot.starts_at)).first()
    with unit_of_work(engine) as s:
        rebooking.pick_rebooking_slot(s, token=manage_links.token_of(s.get(Booking, booking.id)), slot_id=slot.id, now=NOW)
    with pytest.raises(ProposalClosed), unit_of_work(engine) as s:
        proposals.withdraw_proposal(s, actor=actor_for(owner), booking_id=booking.id, proposal_id=proposal.id, now=NOW)
    with pytest.raises(ProposalClosed), unit_of_work(engine) as s:
        proposals.change_proposal(s, actor=actor_for(owner), booking_id=booking.id, proposal_id=proposal.id,
                                  reason="x", slots=[at(29, 15)], now=NOW)
    assert _reload(engine, Booking, booking.id).starts_at == at(27, 10)


def test_a_replaced_proposal_is_no_longer_the_one_to_withdraw(engine, owner, moved):
    booking, proposal = moved
    with unit_of_work(engine) as s:
        proposals.change_proposal(s, actor=actor_for(owner), booking_id=booking.id, proposal_id=proposal.id,
                                  reason="Later.", slots=[at(29, 15)], now=NOW)
    with pytest.raises(ProposalClosed), unit_of_work(engine) as s:  # a second tab still showing the first one
        proposals.withdraw_proposal(s, actor=actor_for(owner), booking_id=booking.id, proposal_id=proposal.id, now=NOW)
    assert _reload(engine, Booking, booking.id).status == "rebooking_requested"
