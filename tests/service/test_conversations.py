"""Conversations on a booking (issue 21): every message both ways is stored on the booking,
emailed to the other side with Reply-To set to the writer; after the customer answers a
proposal the provider can reply, propose again, or confirm the time the customer suggests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import select

from bookingapp.domain.errors import InvalidTransition, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import Booking, BookingMessage, OutboxEmail, Payment, Proposal
from bookingapp.services import conversations, manage_booking, orders, requests
from bookingapp.services.accounts import actor_for
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
VISA = CardInput("4242424242424242", 12, 2030, "123")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def world(session):
    org = factories.organization(session, "studio", timezone="Europe/Berlin")
    owner = factories.staff(session, org, name="Olivia Owner")
    service = factories.request_service(session, org, staff_user_id=owner.id)
    session.commit()
    return org, owner, service


def _request(session, service, gateway, *, tbd: bool = False):
    if tbd:
        service.location_tbd, service.location = True, None
        session.add(service)
    form = requests.RequestForm(service_id=service.id, starts_at=NOW + timedelta(days=3), party_size=2, group=False,
                                name="Alex Example", email="alex@example.com", phone="+49 30 1", note="", card=VISA)
    booking, token = requests.create_request(session, form=form, gateway=gateway, now=NOW)
    session.commit()
    return booking, token


def _proposed(session, world, gateway, *, tbd: bool = False):
    _, owner, service = world
    booking, token = _request(session, service, gateway, tbd=tbd)
    requests.propose_reschedule(session, actor=actor_for(owner), booking_id=booking.id, message="We are closed that day.",
                                slots=[NOW + timedelta(days=4), NOW + timedelta(days=5)], now=NOW + timedelta(minutes=1))
    session.commit()
    return booking, token


def _emails(session, key):
    return list(session.exec(select(OutboxEmail).where(OutboxEmail.template_key == key).order_by(OutboxEmail.id)))


def _thread(session, booking):
    return [(e.message.author, e.message.body) for e in conversations.thread(session, booking)]


SATURDAY = NOW + timedelta(days=6, hours=6)  # Sun 29 Nov 2026, 17:00 in Berlin


def test_the_proposal_email_invites_a_reply_and_the_reply_goes_to_the_provider(session, world, gateway):
    _, owner, _ = world
    booking, _ = _proposed(session, world, gateway)
    email = _emails(session, "reschedule_proposed")[0]
    assert email.reply_to == owner.email
    assert _thread(session, booking) == [("provider", "We are closed that day.")]


def test_customer_answers_with_a_time_of_their_own_and_the_provider_hears_it_with_reply_to_the_customer(session, world, gateway):
    _, owner, _ = world
    booking, token = _proposed(session, world, gateway)
    requests.reply_to_proposal(session, token=token, message="Could we do the Sunday after?", suggested_starts_at=SATURDAY,
                               now=NOW + timedelta(minutes=5))
    session.commit()
    email = _emails(session, "customer_replied")[0]
    assert (email.to_email, email.reply_to) == (owner.email, "alex@example.com")
    assert "Could we do the Sunday after?" in email.text and "Time they suggest: Sun, 29 Nov 2026, 17:00 CET" in email.text
    thread = conversations.thread(session, booking)
    assert [(e.message.author, e.author_name) for e in thread] == [("provider", "Olivia Owner"), ("customer", "Alex Example")]
    assert thread[1].message.suggested_starts_at == SATURDAY


def test_a_suggested_time_in_the_past_is_refused_and_nothing_is_written(session, world, gateway):
    booking, token = _proposed(session, world, gateway)
    with pytest.raises(ValidationFailed) as refused:
        requests.reply_to_proposal(session, token=token, message="Yesterday?", suggested_starts_at=NOW - timedelta(days=1),
                                   now=NOW + timedelta(minutes=5))
    assert refused.value.field == "suggested"
    session.rollback()
    assert _thread(session, booking) == [("provider", "We are closed that day.")] and not _emails(session, "customer_replied")


def test_provider_replies_with_a_message_only(session, world, gateway):
    _, owner, _ = world
    booking, token = _proposed(session, world, gateway)
    requests.reply_to_proposal(session, token=token, message="Is the terrace open?", now=NOW + timedelta(minutes=5))
    conversations.reply_to_customer(session, actor=actor_for(owner), booking_id=booking.id, message="Yes, from 16:00.",
                                    now=NOW + timedelta(minutes=9))
    session.commit()
    assert session.get(Booking, booking.id).status == "reschedule_proposed"  # nothing else changes
    email = _emails(session, "provider_message")[0]
    assert (email.to_email, email.reply_to) == ("alex@example.com", owner.email)
    assert "Yes, from 16:00." in email.text and "/m/" in email.text
    assert _thread(session, booking) == [("provider", "We are closed that day."), ("customer", "Is the terrace open?"),
                                         ("provider", "Yes, from 16:00.")]


def test_an_empty_reply_is_refused(session, world, gateway):
    _, owner, _ = world
    booking, _ = _proposed(session, world, gateway)
    with pytest.raises(ValidationFailed):
        conversations.reply_to_customer(session, actor=actor_for(owner), booking_id=booking.id, message="   ")
    session.rollback()
    assert not _emails(session, "provider_message")


def test_provider_proposes_new_times_again_and_the_old_proposal_is_replaced(session, world, gateway):
    _, owner, _ = world
    booking, token = _proposed(session, world, gateway)
    requests.reply_to_proposal(session, token=token, message="None of these, sorry.", now=NOW + timedelta(minutes=5))
    session.commit()
    again = requests.propose_reschedule(session, actor=actor_for(owner), booking_id=booking.id, message="How about these?",
                                        slots=[NOW + timedelta(days=8)], now=NOW + timedelta(minutes=10))
    session.commit()
    proposals = session.exec(select(Proposal).where(Proposal.booking_id == booking.id).order_by(Proposal.id)).all()
    assert [p.status for p in proposals] == ["replaced", "open"] and proposals[1].id == again.id
    assert session.get(Booking, booking.id).customer_reply is None
    assert len(_emails(session, "reschedule_proposed")) == 2
    view = manage_booking.view(session, token=token, now=NOW + timedelta(minutes=11))
    assert [s.starts_at for s in view.slots] == [NOW + timedelta(days=8)]
    assert [e.message.body for e in view.messages] == ["We are closed that day.", "None of these, sorry.", "How about these?"]


def test_provider_confirms_the_time_the_customer_suggested(session, world, gateway):
    _, owner, _ = world
    booking, token = _proposed(session, world, gateway, tbd=True)
    requests.reply_to_proposal(session, token=token, message="Sunday at five?", suggested_starts_at=SATURDAY,
                               now=NOW + timedelta(minutes=5))
    session.commit()
    with pytest.raises(requests.LocationRequired):
        requests.confirm_suggested_time(session, actor=actor_for(owner), booking_id=booking.id, gateway=gateway,
                                        now=NOW + timedelta(minutes=9))
    session.rollback()
    requests.confirm_suggested_time(session, actor=actor_for(owner), booking_id=booking.id, gateway=gateway,
                                    message="See you then!", address="Weinbergweg 3", now=NOW + timedelta(minutes=10))
    session.commit()
    booking = session.get(Booking, booking.id)
    assert (booking.status, booking.starts_at, booking.location, booking.location_tbd) == ("confirmed", SATURDAY, "Weinbergweg 3", False)
    assert booking.ends_at - booking.starts_at == timedelta(minutes=world[2].duration_minutes)
    assert session.exec(select(Payment)).one().status == "captured"
    assert session.exec(select(Proposal)).one().status == "replaced"
    confirmation = _emails(session, "booking_confirmed")[0]
    assert "Sun, 29 Nov 2026, 17:00 CET" in confirmation.text and "Location: Weinbergweg 3" in confirmation.text
    assert "LOCATION:Weinbergweg 3" in confirmation.attachments[0]["content"]
    assert _emails(session, "location_message")[0].reply_to == owner.email
    assert _thread(session, booking)[-1] == ("provider", "See you then!")


def test_without_a_suggested_time_there_is_nothing_to_confirm(session, world, gateway):
    _, owner, _ = world
    booking, token = _proposed(session, world, gateway)
    requests.reply_to_proposal(session, token=token, message="Hmm.", now=NOW + timedelta(minutes=5))
    session.commit()
    with pytest.raises(requests.NoSuggestedTime):
        requests.confirm_suggested_time(session, actor=actor_for(owner), booking_id=booking.id, gateway=gateway,
                                        now=NOW + timedelta(minutes=9))
    session.rollback()
    assert session.get(Booking, booking.id).status == "reschedule_proposed"


def test_a_suggestion_answered_by_a_new_proposal_cannot_be_confirmed_any_more(session, world, gateway):
    _, owner, _ = world
    booking, token = _proposed(session, world, gateway)
    requests.reply_to_proposal(session, token=token, message="Sunday?", suggested_starts_at=SATURDAY, now=NOW + timedelta(minutes=5))
    requests.propose_reschedule(session, actor=actor_for(owner), booking_id=booking.id, message="Sunday is full.",
                                slots=[NOW + timedelta(days=8)], now=NOW + timedelta(minutes=10))
    session.commit()
    with pytest.raises(requests.NoSuggestedTime):
        requests.confirm_suggested_time(session, actor=actor_for(owner), booking_id=booking.id, gateway=gateway,
                                        now=NOW + timedelta(minutes=11))


def test_confirm_request_does_not_confirm_a_booking_with_an_open_proposal(session, world, gateway):
    _, owner, _ = world
    booking, _ = _proposed(session, world, gateway)
    with pytest.raises(InvalidTransition):
        requests.confirm_request(session, actor=actor_for(owner), booking_id=booking.id, gateway=gateway, now=NOW + timedelta(minutes=5))


def test_reject_note_is_part_of_the_conversation_and_answerable(session, world, gateway):
    _, owner, service = world
    booking, _ = _request(session, service, gateway)
    requests.reject_request(session, actor=actor_for(owner), booking_id=booking.id, reason="other", note="We close for winter.",
                            gateway=gateway, now=NOW)
    session.commit()
    assert _thread(session, booking) == [("provider", "We close for winter.")]
    assert _emails(session, "request_rejected")[0].reply_to == owner.email


def test_customer_writes_to_the_provider_from_the_manage_page(session, world, gateway):
    _, owner, service = world
    booking, token = _request(session, service, gateway)
    conversations.write_to_provider(session, token=token, message="We will be three, not two.", now=NOW + timedelta(minutes=3))
    session.commit()
    email = _emails(session, "customer_replied")[0]
    assert (email.to_email, email.reply_to) == (owner.email, "alex@example.com") and "Time they suggest: -" in email.text
    detail = orders.order_detail(session, actor=actor_for(owner), reference=booking.reference)
    assert [(e.message.author, e.author_name, e.message.body) for e in detail.messages] == [
        ("customer", "Alex Example", "We will be three, not two.")]


def test_no_messages_on_a_booking_that_has_ended(session, world, gateway):
    _, owner, service = world
    booking, token = _request(session, service, gateway)
    requests.reject_request(session, actor=actor_for(owner), booking_id=booking.id, reason="fully_booked", gateway=gateway, now=NOW)
    session.commit()
    with pytest.raises(conversations.ConversationClosed):
        conversations.write_to_provider(session, token=token, message="Why?", now=NOW + timedelta(minutes=3))
    session.rollback()
    with pytest.raises(conversations.ConversationClosed):
        conversations.reply_to_customer(session, actor=actor_for(owner), booking_id=booking.id, message="Sorry!")
    session.rollback()
    assert session.exec(select(BookingMessage)).all() == []


def test_a_message_with_a_plain_confirmation_is_a_message_not_about_the_location(session, world, gateway):
    _, owner, service = world
    booking, _ = _request(session, service, gateway)
    requests.confirm_request(session, actor=actor_for(owner), booking_id=booking.id, gateway=gateway, now=NOW,
                             location_message="Looking forward to it!")
    session.commit()
    assert not _emails(session, "location_message")
    email = _emails(session, "provider_message")[0]
    assert email.reply_to == owner.email and "Looking forward to it!" in email.text
    assert _thread(session, booking) == [("provider", "Looking forward to it!")]
    assert session.get(Booking, booking.id).location == service.location  # the service's place stays
