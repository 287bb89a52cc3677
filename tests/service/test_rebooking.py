"""Rebookings (issue 7): the provider proposes 1-3 new dates, the customer picks one or
takes the refund; customers of request-only services ask, the provider answers; the
provider cancels with the quote shown first and the platform commission retained."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from icalendar import Calendar
from sqlmodel import Session, select

from bookingapp import jobs
from bookingapp.db import unit_of_work
from bookingapp.domain.errors import (
    InvalidTransition,
    NotFound,
    PaymentError,
    StaleBooking,
    ValidationFailed,
)
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    ActivityLog,
    Booking,
    ClassSession,
    Organization,
    OutboxEmail,
    Payment,
    Proposal,
    ProposedSlot,
    Service,
    StaffUser,
)
from bookingapp.services import appointments, manage_links, payments, rebooking
from bookingapp.services.accounts import actor_for
from bookingapp.services.rebooking import (
    AlternativeTaken,
    NoRebookingRequest,
    PlaceTaken,
    RebookingAlreadyOpen,
    RebookingNotOffered,
)
from bookingapp.services.requests import ProposalClosed
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
BERLIN = ZoneInfo("Europe/Berlin")
VISA = CardInput("4242424242424242", 12, 2030, "123")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A time in November 2026, Berlin clock."""
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


@dataclass
class World:
    org: Organization
    owner: StaffUser
    service: Service


@pytest.fixture
def world(engine) -> World:
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "physio", timezone="Europe/Berlin", platform_commission_pct="23.8",
                                     response_window_hours=48)
        owner = factories.staff(s, org)
        service = factories.appointment_service(s, org, staff_user_id=owner.id)  # €45.00, one hour
        s.commit()
        return World(org, owner, service)


@pytest.fixture
def other_actor(engine):
    with Session(engine, expire_on_commit=False) as s:
        other = factories.organization(s, "elsewhere")
        actor = factories.staff_actor(s, other)
        s.commit()
        return actor


def _book(engine, world, start=None, *, paid=True, gateway=None, email="ann@example.com") -> tuple[Booking, str]:
    with unit_of_work(engine) as s:
        return appointments.book(s, service_id=world.service.id, starts_at=(start or at(26, 10)).astimezone(UTC), name="Ann Customer",
                                 email=email, card=VISA if paid else None, gateway=gateway if paid else None, now=NOW)


def _staff(world):
    return actor_for(world.owner)


def _request(engine, world, booking, slots=None, *, initiator="provider", reason="The room is being renovated.", actor=None,
             now=NOW, **kw) -> Proposal:
    with unit_of_work(engine) as s:
        return rebooking.request_rebooking(s, actor=actor or _staff(world), booking_id=booking.id, initiator=initiator, reason=reason,
                                           slots=[at(27, 10), at(28, 11), at(29, 12)] if slots is None else slots, now=now, **kw)


def _slots(engine, proposal) -> list[ProposedSlot]:
    with Session(engine, expire_on_commit=False) as s:
        return list(s.exec(select(ProposedSlot).where(ProposedSlot.proposal_id == proposal.id).order_by(ProposedSlot.starts_at)))


def _pick(engine, token, slot_id, now=NOW) -> Booking:
    with unit_of_work(engine) as s:
        return rebooking.pick_rebooking_slot(s, token=token, slot_id=slot_id, now=now)


def _refuse(engine, token, gateway, now=NOW) -> Booking:
    with unit_of_work(engine) as s:
        return rebooking.refuse_rebooking(s, token=token, gateway=gateway, now=now)


def _reload(engine, model, id_):
    with Session(engine, expire_on_commit=False) as s:
        return s.get(model, id_)


def _emails(engine, key) -> list[OutboxEmail]:
    with Session(engine, expire_on_commit=False) as s:
        return list(s.exec(select(OutboxEmail).where(OutboxEmail.template_key == key).order_by(OutboxEmail.id)))


def _history(engine, booking_id) -> list[str]:
    with Session(engine) as s:
        return list(s.exec(select(ActivityLog.action).where(ActivityLog.booking_id == booking_id).order_by(ActivityLog.id)))


def _payment(engine, booking_id) -> Payment:
    with Session(engine, expire_on_commit=False) as s:
        return s.exec(select(Payment).where(Payment.booking_id == booking_id)).one()


def _refunds(engine, payment_id) -> int:
    with Session(engine) as s:
        return payments.operations_count(s, payment_id, "refund")


def _proposals(engine, booking_id) -> list[Proposal]:
    with Session(engine, expire_on_commit=False) as s:
        return list(s.exec(select(Proposal).where(Proposal.booking_id == booking_id).order_by(Proposal.id)))


# --- the provider asks for a new date ----------------------------------------------------


def test_provider_requests_a_rebooking_with_three_dates_and_the_customer_gets_the_choices(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)

    proposal = _request(engine, world, booking)

    assert _reload(engine, Booking, booking.id).status == "rebooking_requested"
    assert (proposal.kind, proposal.initiator, proposal.status) == ("rebooking", "provider", "open")
    assert proposal.message == "The room is being renovated."
    slots = _slots(engine, proposal)
    assert [s.starts_at for s in slots] == [at(27, 10), at(28, 11), at(29, 12)]
    assert all(s.ends_at - s.starts_at == timedelta(hours=1) for s in slots)
    # Expiry: the earliest of now + 48 h response window and the earliest alternative.
    assert proposal.expires_at == NOW + timedelta(hours=48)
    [email] = _emails(engine, "rebooking_requested")
    assert email.to_email == "ann@example.com"
    assert "The room is being renovated." in email.text
    for slot in slots:
        assert f"/m/{token}?slot={slot.id}" in email.text
    assert "Fri, 27 Nov 2026, 10:00 CET" in email.text
    assert _history(engine, booking.id)[-1] == "booking.rebooking_requested"


def test_the_proposal_never_outlives_its_earliest_alternative(engine, world, gateway):
    booking, _ = _book(engine, world, at(27, 10), gateway=gateway)

    proposal = _request(engine, world, booking, [at(23, 15), at(25, 10)])

    assert proposal.expires_at == at(23, 15)


@pytest.mark.parametrize(("change", "message"), [
    (dict(reason="  "), "Enter a reason."),
    (dict(slots=[]), "Add at least one alternative time."),
    (dict(slots=[at(27, 10), at(27, 11), at(27, 12), at(27, 13)]), "at most 3 alternative times"),
    (dict(slots=[at(22, 10)]), "must be in the future"),
    (dict(slots=[at(27, 10), at(27, 10)]), "listed twice"),
    (dict(slots=[at(26, 10)]), "the booking's current time"),
    (dict(initiator="nobody"), "Choose who wants the new date."),
], ids=["no-reason", "no-dates", "four-dates", "past", "duplicate", "same-as-now", "initiator"])
def test_bad_input_is_refused_and_changes_nothing(engine, world, gateway, change, message):
    booking, _ = _book(engine, world, gateway=gateway)

    with pytest.raises(ValidationFailed, match=message):
        _request(engine, world, booking, **change)

    assert _reload(engine, Booking, booking.id).status == "confirmed"
    assert _proposals(engine, booking.id) == []
    assert _emails(engine, "rebooking_requested") == []


def test_an_alternative_already_taken_by_another_booking_is_refused(engine, world, gateway):
    booking, _ = _book(engine, world, gateway=gateway)
    _book(engine, world, at(27, 10), paid=False, email="bob@example.com")

    with pytest.raises(AlternativeTaken, match="Fri, 27 Nov 2026, 10:00 CET is already taken"):
        _request(engine, world, booking, [at(28, 11), at(27, 10)])

    assert _reload(engine, Booking, booking.id).status == "confirmed"
    assert _proposals(engine, booking.id) == []


def test_a_second_request_while_the_customer_is_choosing_is_refused(engine, world, gateway):
    booking, _ = _book(engine, world, gateway=gateway)
    _request(engine, world, booking)

    with pytest.raises(RebookingAlreadyOpen):
        _request(engine, world, booking, [at(30, 10)])

    assert len(_proposals(engine, booking.id)) == 1


def test_another_organization_cannot_touch_the_booking(engine, world, gateway, other_actor):
    booking, _ = _book(engine, world, gateway=gateway)

    with pytest.raises(NotFound):
        _request(engine, world, booking, actor=other_actor)
    with unit_of_work(engine) as s, pytest.raises(NotFound):
        rebooking.provider_cancellation_quote(s, actor=other_actor, booking_id=booking.id)
    with unit_of_work(engine) as s, pytest.raises(NotFound):
        rebooking.cancel_by_provider(s, actor=other_actor, booking_id=booking.id, reason="x", quoted_refunded_minor=0, gateway=gateway)
    with unit_of_work(engine) as s, pytest.raises(NotFound):
        rebooking.decline_rebooking_request(s, actor=other_actor, booking_id=booking.id, message="no")
    with Session(engine) as s, pytest.raises(NotFound):
        rebooking.action_context(s, actor=other_actor, reference=booking.reference)

    assert _reload(engine, Booking, booking.id).status == "confirmed"
    assert _payment(engine, booking.id).refunded_minor == 0


# --- the customer answers -----------------------------------------------------------------


def test_the_customer_picks_a_date_the_booking_moves_and_both_sides_are_told(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)
    proposal = _request(engine, world, booking)
    chosen = _slots(engine, proposal)[1]

    moved = _pick(engine, token, chosen.id)

    assert (moved.status, moved.starts_at, moved.ends_at) == ("confirmed", at(28, 11), at(28, 12))
    assert moved.respond_by is None
    assert _reload(engine, Proposal, proposal.id).status == "accepted"
    assert _reload(engine, ProposedSlot, chosen.id).chosen
    [customer_email] = _emails(engine, "booking_changed")
    assert customer_email.to_email == "ann@example.com" and "Thu, 26 Nov 2026, 10:00 CET" in customer_email.text
    event = Calendar.from_ical(customer_email.attachments[0]["content"]).walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(28, 11)
    [provider_email] = _emails(engine, "rebooking_picked_provider")
    assert provider_email.to_email == world.owner.email and "Sat, 28 Nov 2026, 11:00 CET" in provider_email.text
    assert _history(engine, booking.id)[-1] == "booking.rebooking_picked"
    payment = _payment(engine, booking.id)  # the price stays paid; nothing is charged or refunded
    assert (payment.status, payment.captured_minor, payment.refunded_minor) == ("captured", 4500, 0)


def test_a_date_taken_meanwhile_is_refused_nothing_changes_and_another_can_be_picked(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)
    proposal = _request(engine, world, booking)
    first, second, _ = _slots(engine, proposal)
    with pytest.raises(appointments.SlotUnavailable):  # the proposal holds 10:00-11:00 (issue 21, item 12)
        _book(engine, world, at(27, 10, 30), paid=False, email="quick@example.com")
    with unit_of_work(engine) as s:  # taken all the same, as by a row written before holds existed
        factories.booking(s, s.get(Organization, world.org.id), service=s.get(Service, world.service.id), status="confirmed",
                          staff_user_id=world.owner.id, starts_at=at(27, 10, 30).astimezone(UTC))

    with pytest.raises(PlaceTaken, match="This date was just taken"):
        _pick(engine, token, first.id)

    still = _reload(engine, Booking, booking.id)
    assert (still.status, still.starts_at) == ("rebooking_requested", at(26, 10))
    assert _reload(engine, Proposal, proposal.id).status == "open"
    assert _emails(engine, "booking_changed") == []

    assert _pick(engine, token, second.id).starts_at == at(28, 11)


def test_a_slot_of_another_proposal_is_not_found(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)
    other, _ = _book(engine, world, at(30, 10), gateway=gateway, email="other@example.com")
    _request(engine, world, booking)
    foreign = _slots(engine, _request(engine, world, other, [at(30, 14)]))[0]

    with pytest.raises(NotFound):
        _pick(engine, token, foreign.id)


def test_refusing_refunds_everything_paid_and_retains_the_commission_from_the_provider(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)
    _request(engine, world, booking)

    cancelled = _refuse(engine, token, gateway)

    assert cancelled.status == "cancelled" and cancelled.refund_decision == "refunded"
    payment = _payment(engine, booking.id)
    # 23.8 % of €45.00 = 1071 cents (half up); the customer gets all 4500 back.
    assert (payment.status, payment.refunded_minor, payment.commission_retained_minor) == ("refunded", 4500, 1071)
    assert gateway.status(payment.external_id)["refunded_minor"] == 4500
    [to_customer] = _emails(engine, "rebooking_refused")
    assert to_customer.to_email == "ann@example.com" and "€45.00" in to_customer.text and "/m/" in to_customer.text
    [to_provider] = _emails(engine, "rebooking_refused_provider")
    assert "€45.00" in to_provider.text and "€10.71" in to_provider.text
    assert "booking.rebooking_refused" in _history(engine, booking.id)

    with pytest.raises((ProposalClosed, InvalidTransition)):
        _refuse(engine, token, gateway)
    assert _refunds(engine, payment.id) == 1


def test_refusing_an_unpaid_booking_refunds_nothing_and_frees_the_date(engine, world, gateway):
    booking, token = _book(engine, world, paid=False)
    _request(engine, world, booking)

    assert _refuse(engine, token, gateway).status == "cancelled"

    with Session(engine) as s:
        assert s.exec(select(Payment).where(Payment.booking_id == booking.id)).all() == []
    assert "€0.00" in _emails(engine, "rebooking_refused")[0].text


def test_an_expired_proposal_can_no_longer_be_answered(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)
    proposal = _request(engine, world, booking)
    slot = _slots(engine, proposal)[0]

    with pytest.raises(ProposalClosed):
        _pick(engine, token, slot.id, now=proposal.expires_at)
    with pytest.raises(ProposalClosed):
        _refuse(engine, token, gateway, now=proposal.expires_at + timedelta(seconds=1))


def test_the_manage_page_view_shows_the_dates_and_the_refund(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)
    _request(engine, world, booking)

    with Session(engine) as s:
        b = s.get(Booking, booking.id)
        view = rebooking.customer_view(s, booking=b, service=s.get(Service, b.service_id), now=NOW)

    assert [s.starts_at for s in view.slots] == [at(27, 10), at(28, 11), at(29, 12)]
    assert (view.refund_minor, view.ask, view.can_ask) == (4500, None, False)


# --- the provider cancels -------------------------------------------------------------------


def _quote(engine, world, booking):
    with Session(engine) as s:
        return rebooking.provider_cancellation_quote(s, actor=_staff(world), booking_id=booking.id)


def _cancel(engine, world, booking, gateway, reason="Our therapist is ill.", quoted=0):
    with unit_of_work(engine) as s:
        return rebooking.cancel_by_provider(s, actor=_staff(world), booking_id=booking.id, reason=reason, quoted_refunded_minor=quoted,
                                            gateway=gateway, now=NOW)


def test_the_quote_shows_gross_refund_commission_and_the_providers_net(engine, world, gateway):
    booking, _ = _book(engine, world, gateway=gateway)

    quote = _quote(engine, world, booking)

    q = quote.quote
    assert (q.gross_minor, q.refund_minor, q.commission_minor, q.net_minor) == (4500, 4500, 1071, -1071)
    assert (quote.currency, quote.commission_pct, quote.already_refunded_minor) == ("EUR", "23.8", 0)


def test_provider_cancellation_refunds_once_retains_the_commission_and_tells_both(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)

    cancelled = _cancel(engine, world, booking, gateway)

    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "Our therapist is ill.")
    payment = _payment(engine, booking.id)
    assert (payment.refunded_minor, payment.commission_retained_minor) == (4500, 1071)
    [to_customer] = _emails(engine, "provider_cancelled")
    assert "Our therapist is ill." in to_customer.text and "€45.00" in to_customer.text and f"/m/{token}" in to_customer.text
    [to_provider] = _emails(engine, "provider_cancelled_provider")
    assert to_provider.to_email == world.owner.email and "€10.71" in to_provider.text
    assert "booking.cancelled_by_provider" in _history(engine, booking.id)

    with pytest.raises(InvalidTransition, match="cancelled"):
        _cancel(engine, world, booking, gateway)
    assert _refunds(engine, payment.id) == 1


def test_a_cancellation_without_a_reason_changes_nothing(engine, world, gateway):
    booking, _ = _book(engine, world, gateway=gateway)

    with pytest.raises(ValidationFailed, match="Enter a reason."):
        _cancel(engine, world, booking, gateway, reason=" ")

    assert _reload(engine, Booking, booking.id).status == "confirmed"
    assert _payment(engine, booking.id).refunded_minor == 0


def test_a_stale_quote_is_refused_instead_of_refunding_twice(engine, world, gateway):
    booking, _ = _book(engine, world, gateway=gateway)
    with unit_of_work(engine) as s:  # a partial refund lands after the quote was shown
        payments.refund(s, actor=_staff(world), payment=s.get(Payment, _payment(engine, booking.id).id), gateway=gateway, amount_minor=500)

    with pytest.raises(PaymentError, match="meanwhile"):
        _cancel(engine, world, booking, gateway, quoted=0)

    assert _reload(engine, Booking, booking.id).status == "confirmed"
    assert _cancel(engine, world, booking, gateway, quoted=500).status == "cancelled"
    payment = _payment(engine, booking.id)
    assert (payment.refunded_minor, payment.commission_retained_minor) == (4500, 952)  # 23.8 % of the 4000 left


def test_cancelling_a_booking_waiting_for_the_customers_choice_closes_the_proposal(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)
    proposal = _request(engine, world, booking)

    _cancel(engine, world, booking, gateway)

    assert _reload(engine, Proposal, proposal.id).status == "cancelled"
    with pytest.raises(ProposalClosed):
        _pick(engine, token, _slots(engine, proposal)[0].id)


def test_a_request_still_waiting_for_an_answer_is_rejected_not_cancelled(engine, world, gateway):
    with Session(engine, expire_on_commit=False) as s:
        booking = factories.booking(s, s.get(Organization, world.org.id))
        s.commit()

    with pytest.raises(InvalidTransition):
        _quote(engine, world, booking)


# --- customers who may only request a rebooking ------------------------------------------


@pytest.fixture
def request_only(engine, world) -> World:
    with unit_of_work(engine) as s:
        s.get(Service, world.service.id).customer_cancellation = "rebooking_request_only"
    return world


def _ask(engine, token, reason="I have the flu.", now=NOW):
    with unit_of_work(engine) as s:
        return rebooking.ask_for_rebooking(s, token=token, reason=reason, now=now)


def _decline(engine, world, booking, message="We are fully booked until January, sorry."):
    with unit_of_work(engine) as s:
        return rebooking.decline_rebooking_request(s, actor=_staff(world), booking_id=booking.id, message=message, now=NOW)


def test_a_customer_asks_the_request_reaches_the_inbox_and_the_provider(engine, request_only, gateway):
    booking, token = _book(engine, request_only, gateway=gateway)

    ask = _ask(engine, token)

    assert (ask.initiator, ask.status, ask.message) == ("customer", "asked", "I have the flu.")
    assert ask.expires_at == NOW + timedelta(hours=48)
    assert _reload(engine, Booking, booking.id).status == "rebooking_requested"
    with Session(engine) as s:
        [waiting] = rebooking.asks_waiting(s, actor=_staff(request_only))
    assert (waiting.booking.id, waiting.ask.message) == (booking.id, "I have the flu.")
    [to_provider] = _emails(engine, "rebooking_asked_provider")
    assert to_provider.reply_to == "ann@example.com" and "I have the flu." in to_provider.text
    assert f"/dashboard/inbox?booking={booking.reference}" in to_provider.text
    assert _emails(engine, "rebooking_asked")[0].to_email == "ann@example.com"
    assert _history(engine, booking.id)[-1] == "booking.rebooking_asked"


def test_asking_needs_a_reason_and_the_request_only_policy(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)
    with pytest.raises(RebookingNotOffered):
        _ask(engine, token)

    with unit_of_work(engine) as s:  # the booking keeps the terms it was made with: change those
        s.get(Booking, booking.id).customer_cancellation = "rebooking_request_only"
    with pytest.raises(ValidationFailed, match="Enter a reason."):
        _ask(engine, token, reason="")

    assert _reload(engine, Booking, booking.id).status == "confirmed"
    assert _proposals(engine, booking.id) == []


def test_the_provider_approves_with_dates_and_the_customer_picks_one(engine, request_only, gateway):
    booking, token = _book(engine, request_only, gateway=gateway)
    ask = _ask(engine, token)

    proposal = _request(engine, request_only, booking, [at(30, 10), at(30, 15)], initiator="provider", reason="Get well soon!")

    assert proposal.initiator == "customer"  # approving the customer's request
    assert _reload(engine, Proposal, ask.id).status == "approved"
    assert _reload(engine, Booking, booking.id).status == "rebooking_requested"
    assert _pick(engine, token, _slots(engine, proposal)[1].id).starts_at == at(30, 15)
    with Session(engine) as s:
        assert rebooking.asks_waiting(s, actor=_staff(request_only)) == []


def test_the_provider_declines_with_a_message_and_the_date_stays(engine, request_only, gateway):
    booking, token = _book(engine, request_only, gateway=gateway)
    ask = _ask(engine, token)

    with pytest.raises(ValidationFailed, match="Enter a message to the customer."):
        _decline(engine, request_only, booking, message="")
    assert _reload(engine, Booking, booking.id).status == "rebooking_requested"

    kept = _decline(engine, request_only, booking)

    assert (kept.status, kept.starts_at) == ("confirmed", at(26, 10))
    assert _reload(engine, Proposal, ask.id).status == "declined"
    [told] = _emails(engine, "rebooking_declined")
    assert "We are fully booked until January, sorry." in told.text and f"/m/{token}" in told.text
    assert _history(engine, booking.id)[-1] == "booking.rebooking_declined"
    with pytest.raises(NoRebookingRequest):
        _decline(engine, request_only, booking)


def test_declining_needs_a_customer_request(engine, world, gateway):
    booking, _ = _book(engine, world, gateway=gateway)
    _request(engine, world, booking)

    with pytest.raises(NoRebookingRequest):
        _decline(engine, world, booking)


def test_asking_twice_is_refused(engine, request_only, gateway):
    _, token = _book(engine, request_only, gateway=gateway)
    _ask(engine, token)

    with pytest.raises(InvalidTransition, match="rebooking requested"):
        _ask(engine, token)


# --- the sweeper ------------------------------------------------------------------------------


def test_an_unanswered_provider_rebooking_is_cancelled_and_refunded_with_the_commission(engine, world, gateway):
    booking, _ = _book(engine, world, gateway=gateway)
    proposal = _request(engine, world, booking)

    assert rebooking.expire_rebookings(engine=engine, now=proposal.expires_at - timedelta(seconds=1), gateway=gateway) == 0
    assert rebooking.expire_rebookings(engine=engine, now=proposal.expires_at, gateway=gateway) == 1
    assert rebooking.expire_rebookings(engine=engine, now=proposal.expires_at, gateway=gateway) == 0

    assert _reload(engine, Booking, booking.id).status == "cancelled"
    assert _reload(engine, Proposal, proposal.id).status == "expired"
    payment = _payment(engine, booking.id)
    assert (payment.refunded_minor, payment.commission_retained_minor) == (4500, 1071)
    assert "€45.00" in _emails(engine, "rebooking_expired_cancelled")[0].text
    assert "Cancelled" in _emails(engine, "rebooking_expired_provider")[0].text
    assert _history(engine, booking.id)[-1] == "booking.rebooking_expired"


def test_an_unsettled_customer_request_keeps_the_original_date(engine, request_only, gateway):
    booking, token = _book(engine, request_only, gateway=gateway)
    ask = _ask(engine, token)

    assert rebooking.expire_rebookings(engine=engine, now=ask.expires_at, gateway=gateway) == 1

    kept = _reload(engine, Booking, booking.id)
    assert (kept.status, kept.starts_at, kept.respond_by) == ("confirmed", at(26, 10), None)
    assert _payment(engine, booking.id).refunded_minor == 0
    assert _emails(engine, "rebooking_expired_kept")[0].to_email == "ann@example.com"
    assert _history(engine, booking.id)[-1] == "booking.rebooking_lapsed"


def test_the_sweeper_runs_the_rebooking_expiry():
    assert "expire_rebookings" in jobs.JOBS


def test_a_customer_initiated_proposal_expires_no_later_than_the_original_start(engine, world, gateway):
    booking, _ = _book(engine, world, at(24, 10), gateway=gateway)

    proposal = _request(engine, world, booking, [at(27, 10)], initiator="customer")

    assert proposal.expires_at == at(24, 10)


def test_a_pick_racing_the_sweeper_leaves_exactly_one_outcome(engine, world, gateway):
    booking, token = _book(engine, world, gateway=gateway)
    proposal = _request(engine, world, booking)
    slot = _slots(engine, proposal)[0]
    _pick(engine, token, slot.id, now=proposal.expires_at - timedelta(minutes=1))

    assert rebooking.expire_rebookings(engine=engine, now=proposal.expires_at, gateway=gateway) == 0
    assert _reload(engine, Booking, booking.id).status == "confirmed"
    assert _payment(engine, booking.id).refunded_minor == 0


# --- class sessions ------------------------------------------------------------------------------


@pytest.fixture
def yoga(engine, world):
    with Session(engine, expire_on_commit=False) as s:
        service = Service(organization_id=world.org.id, kind="class", name="Yoga", slug="yoga", duration_minutes=60, price_minor=1500,
                          currency="EUR", prepayment="optional")
        s.add(service)
        s.flush()
        sessions = []
        for day in (26, 27, 28):
            row = ClassSession(organization_id=world.org.id, service_id=service.id, starts_at=at(day, 18), ends_at=at(day, 19),
                               capacity=2)
            s.add(row)
            sessions.append(row)
        s.flush()
        booking = factories.booking(s, s.get(Organization, world.org.id), service=service, status="confirmed", session_id=sessions[0].id,
                                    starts_at=at(26, 18).astimezone(UTC))
        s.commit()
        return booking, sessions


def _class_booking(engine, org_id, service_id, session_row, party=1) -> Booking:
    with Session(engine, expire_on_commit=False) as s:
        service = s.get(Service, service_id)
        row = factories.booking(s, s.get(Organization, org_id), service=service, status="confirmed", session_id=session_row.id,
                                starts_at=session_row.starts_at, party_size=party)
        s.commit()
        return row


def test_class_bookings_are_offered_other_sessions_with_a_free_place(engine, world, yoga):
    booking, sessions = yoga
    _class_booking(engine, world.org.id, booking.service_id, sessions[2], party=2)  # 28th is full
    with Session(engine) as s:
        choices = rebooking.session_choices(s, booking=s.get(Booking, booking.id), now=NOW)
    assert [c.id for c in choices] == [sessions[1].id]

    with pytest.raises(AlternativeTaken):
        _request(engine, world, booking, [], session_ids=[sessions[2].id])
    proposal = _request(engine, world, booking, [], session_ids=[sessions[1].id])
    [slot] = _slots(engine, proposal)
    assert (slot.session_id, slot.starts_at) == (sessions[1].id, at(27, 18))


def test_a_class_session_that_filled_up_meanwhile_cannot_be_picked(engine, world, yoga):
    booking, sessions = yoga
    proposal = _request(engine, world, booking, [], session_ids=[sessions[1].id, sessions[2].id])
    first, second = _slots(engine, proposal)
    _class_booking(engine, world.org.id, booking.service_id, sessions[1], party=2)

    with pytest.raises(PlaceTaken):
        _pick(engine, booking_token(engine, booking), first.id)

    moved = _pick(engine, booking_token(engine, booking), second.id)
    assert (moved.session_id, moved.starts_at) == (sessions[2].id, at(28, 18))


def booking_token(engine, booking) -> str:
    return manage_links.token_of(_reload(engine, Booking, booking.id))


def test_concurrent_changes_lose_cleanly(engine, world, gateway):
    """The provider cancels while the customer's page still shows the dates: the pick
    after the cancellation is refused, never applied to a cancelled booking."""
    booking, token = _book(engine, world, gateway=gateway)
    proposal = _request(engine, world, booking)
    _cancel(engine, world, booking, gateway)

    with pytest.raises((ProposalClosed, StaleBooking)):
        _pick(engine, token, _slots(engine, proposal)[0].id)
    assert _reload(engine, Booking, booking.id).status == "cancelled"


def test_the_dates_dialog_quotes_what_taking_the_refund_instead_would_cost(engine, world, gateway):
    """Issue 21, item 10: the same rule as the cancel dialog's quote, and exactly what the
    customer's refusal then refunds and retains."""
    booking, token = _book(engine, world, gateway=gateway)
    with Session(engine) as s:
        ctx = rebooking.action_context(s, actor=_staff(world), reference=booking.reference, now=NOW)
        cancel = rebooking.provider_cancellation_quote(s, actor=_staff(world), booking_id=booking.id)
    assert ctx.quote == cancel
    assert (ctx.quote.quote.refund_minor, ctx.quote.quote.commission_minor, ctx.quote.quote.net_minor) == (4500, 1071, -1071)

    _request(engine, world, booking)
    _refuse(engine, token, gateway)
    payment = _payment(engine, booking.id)
    assert (payment.refunded_minor, payment.commission_retained_minor) == (ctx.quote.quote.refund_minor, ctx.quote.quote.commission_minor)
