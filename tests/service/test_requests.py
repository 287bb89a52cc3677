"""The request flow: hold, 48-hour answer window, confirm, propose, pick, reply, refund, reject, expiry."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
import time_machine
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import (
    InvalidTransition,
    NotFound,
    PaymentDeclined,
    StaleBooking,
    ValidationFailed,
)
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    ActivityLog,
    Booking,
    Customer,
    OutboxEmail,
    Payment,
    PaymentOperation,
    Proposal,
)
from bookingapp.services import booking_common, conversations, manage_links, requests
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
VISA = CardInput("4242424242424242", 12, 2030, "123")


@pytest.fixture(autouse=True)
def clock():
    """The gateway's clock (hold deadlines) and the services' `now` agree."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def world(session):
    org = factories.organization(session, "studio", timezone="Europe/Berlin")
    owner = factories.staff(session, org)
    service = factories.request_service(session, org, staff_user_id=owner.id)
    session.commit()
    return org, owner, service


def _form(service, **kw) -> requests.RequestForm:
    base = dict(service_id=service.id, starts_at=NOW + timedelta(days=3), party_size=2, group=True, name="Alex Example",
                email="Alex@Example.com", phone="+49 30 1", note="Window seat please", card=VISA)
    base.update(kw)
    return requests.RequestForm(**base)


def _request(session, service, gateway, **kw):
    booking, token = requests.create_request(session, form=_form(service, **kw), gateway=gateway, now=NOW)
    session.commit()
    return booking, token


def _emails(session, key=None):
    stmt = select(OutboxEmail)
    if key:
        stmt = stmt.where(OutboxEmail.template_key == key)
    return list(session.exec(stmt))


def _actor(owner):
    from bookingapp.services.accounts import actor_for

    return actor_for(owner)


def test_request_holds_the_card_and_emails_both_sides(session, world, gateway):
    org, owner, service = world
    booking, token = _request(session, service, gateway)
    assert booking.status == "requested"
    assert booking.respond_by == NOW + timedelta(hours=48)
    payment = session.exec(select(Payment)).one()
    assert (payment.status, payment.amount_minor, payment.captured_minor) == ("authorized", 12000, 0)
    assert gateway.status(payment.external_id)["status"] == "requires_capture"
    received = _emails(session, "request_received")[0]
    assert received.to_email == "alex@example.com" and manage_links.url_of(booking) in received.text
    new = _emails(session, "new_booking")[0]
    assert new.to_email == owner.email and f"/dashboard/inbox?booking={booking.reference}" in new.text
    assert manage_links.booking_for(session, token, now=NOW).id == booking.id


def test_the_same_submission_sent_twice_makes_one_booking_one_hold_and_one_pair_of_emails(session, world, gateway):
    _, _, service = world
    first, token = _request(session, service, gateway, submission="form-1")
    again, token_again = _request(session, service, gateway, submission="form-1")
    assert (again.id, token_again) == (first.id, token)
    assert len(session.exec(select(Booking)).all()) == 1
    assert [p.external_id for p in session.exec(select(Payment))] == [session.exec(select(Payment)).one().external_id]
    assert len(_emails(session, "request_received")) == 1 and len(_emails(session, "new_booking")) == 1


def test_another_submission_or_changed_answers_make_a_new_request(session, world, gateway):
    _, _, service = world
    first, _ = _request(session, service, gateway, submission="form-1")
    later, _ = _request(session, service, gateway, submission="form-1", starts_at=NOW + timedelta(days=4))
    other, _ = _request(session, service, gateway, submission="form-2")
    assert len({first.id, later.id, other.id}) == 3
    assert len({p.external_id for p in session.exec(select(Payment))}) == 3


def test_declined_card_shows_the_decline_and_creates_nothing(engine, world, gateway):
    _, _, service = world
    with pytest.raises(PaymentDeclined, match="declined"), unit_of_work(engine) as s:
        requests.create_request(s, form=_form(service, card=CardInput("4000000000000002", 12, 2030, "123")), gateway=gateway, now=NOW)
    with Session(engine, expire_on_commit=False) as s:
        assert s.exec(select(Booking)).all() == [] and s.exec(select(Customer)).all() == [] and _emails(s) == []


def test_another_card_after_a_decline_is_a_new_attempt_and_the_same_card_again_is_not(engine, world, gateway):
    _, _, service = world
    declined = CardInput("4000000000000002", 12, 2030, "123")
    with pytest.raises(PaymentDeclined), unit_of_work(engine) as s:
        requests.create_request(s, form=_form(service, card=declined, submission="form-1"), gateway=gateway, now=NOW)
    with unit_of_work(engine) as s:
        booking, token = requests.create_request(s, form=_form(service, card=VISA, submission="form-1"), gateway=gateway, now=NOW)
    with unit_of_work(engine) as s:  # the working card sent twice (a double tap): the same booking
        again, token_again = requests.create_request(s, form=_form(service, card=VISA, submission="form-1"), gateway=gateway, now=NOW)
    assert (again.id, token_again) == (booking.id, token)
    with Session(engine, expire_on_commit=False) as s:
        assert [b.id for b in s.exec(select(Booking))] == [booking.id]
        assert [(p.status, p.card_last4) for p in s.exec(select(Payment))] == [("authorized", "4242")]
        assert len(_emails(s, "request_received")) == 1
    with gateway.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM local_gateway_intent")).scalar() == 1


def test_the_same_card_typed_again_is_the_same_attempt_and_a_corrected_expiry_a_new_one(engine, world, gateway):
    _, _, service = world
    for card in (CardInput("4000000000000002", 12, 2030, "123"), CardInput("4000 0000 0000 0002", 12, 2030, "123"),
                 CardInput("4000000000000002", 1, 2031, "123")):
        with pytest.raises(PaymentDeclined), unit_of_work(engine) as s:
            requests.create_request(s, form=_form(service, card=card, submission="f"), gateway=gateway, now=NOW)
    with gateway.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM local_gateway_operation")).scalar() == 2


@pytest.mark.parametrize("change, field", [
    ({"party_size": 9}, "party_size"),
    ({"party_size": 0}, "party_size"),
    ({"starts_at": NOW + timedelta(minutes=30)}, "starts_at"),
    ({"email": "not-an-email"}, "email"),
    ({"name": " "}, "name"),
    ({"note": "x" * 2001}, "note"),
    ({"card": CardInput("4242424242424241", 12, 2030, "123")}, "card"),
])
def test_bad_request_input_is_refused_with_its_field(engine, world, gateway, change, field):
    _, _, service = world
    with pytest.raises(ValidationFailed) as error, unit_of_work(engine) as s:
        requests.create_request(s, form=_form(service, **change), gateway=gateway, now=NOW)
    assert error.value.field == field
    with Session(engine, expire_on_commit=False) as s:
        assert s.exec(select(Booking)).all() == []


def test_confirm_captures_the_hold_and_sends_a_calendar_file(session, world, gateway):
    _, owner, service = world
    booking, _ = _request(session, service, gateway)
    requests.confirm_request(session, actor=_actor(owner), booking_id=booking.id, gateway=gateway, now=NOW)
    session.commit()
    assert booking.status == "confirmed"
    payment = session.exec(select(Payment)).one()
    assert (payment.status, payment.captured_minor) == ("captured", 12000)
    email = _emails(session, "booking_confirmed")[0]
    ics = email.attachments[0]
    assert ics["filename"].endswith(".ics") and manage_links.url_of(booking) in ics["content"].replace("\r\n ", "")


def test_confirm_with_location_tbd_needs_the_address_which_becomes_the_bookings_location(session, world, gateway):
    _, owner, service = world
    service.location_tbd = True
    session.add(service)
    session.commit()
    booking, _ = _request(session, service, gateway)
    with pytest.raises(requests.LocationRequired) as refused:
        requests.confirm_request(session, actor=_actor(owner), booking_id=booking.id, gateway=gateway, now=NOW,
                                 location_message="Shall we meet at the vineyard?")
    assert refused.value.field == "address"
    session.rollback()
    assert session.get(Booking, booking.id).status == "requested" and not _emails(session, "location_message")
    requests.confirm_request(session, actor=_actor(owner), booking_id=booking.id, gateway=gateway, now=NOW,
                             location_message="Shall we meet at the vineyard?", address="Weinbergweg 3, Gate B")
    session.commit()
    booking = session.get(Booking, booking.id)
    assert (booking.location, booking.location_tbd) == ("Weinbergweg 3, Gate B", False)
    message = _emails(session, "location_message")[0]
    assert message.reply_to == owner.email and "Shall we meet at the vineyard?" in message.text
    confirmation = _emails(session, "booking_confirmed")[0]
    assert "Location: Weinbergweg 3, Gate B" in confirmation.text and "To be arranged" not in confirmation.text
    ics = confirmation.attachments[0]["content"].replace("\r\n ", "")
    assert "LOCATION:Weinbergweg 3\\, Gate B" in ics
    thread = conversations.thread(session, booking)
    assert [(e.message.author, e.message.body, e.author_name) for e in thread] == [
        ("provider", "Shall we meet at the vineyard?", owner.name)]


def test_second_confirm_is_refused_and_captures_once(session, world, gateway):
    _, owner, service = world
    booking, _ = _request(session, service, gateway)
    requests.confirm_request(session, actor=_actor(owner), booking_id=booking.id, gateway=gateway, now=NOW)
    session.commit()
    with pytest.raises(InvalidTransition, match="confirmed"):
        requests.confirm_request(session, actor=_actor(owner), booking_id=booking.id, gateway=gateway, now=NOW)
    session.rollback()
    assert session.exec(select(PaymentOperation).where(PaymentOperation.kind == "capture")).all().__len__() == 1


def test_stale_version_loses_to_the_first_actor(session, world, gateway):
    _, owner, service = world
    booking, _ = _request(session, service, gateway)
    stale = Booking.model_validate(booking.model_dump())  # what a second staff member loaded
    requests.confirm_request(session, actor=_actor(owner), booking_id=booking.id, gateway=gateway, now=NOW)
    session.commit()
    with pytest.raises(StaleBooking):
        booking_common.transition(session, stale, requests.Action.REJECT, NOW)


def test_propose_twenty_slots_and_customer_picks_one(session, world, gateway):
    _, owner, service = world
    booking, token = _request(session, service, gateway)
    slots = [NOW + timedelta(days=4, hours=i) for i in range(20)]
    proposal = requests.propose_reschedule(session, actor=_actor(owner), booking_id=booking.id,
                                           message="We are closed that day.", slots=slots, now=NOW)
    session.commit()
    assert booking.status == "reschedule_proposed"
    email = _emails(session, "reschedule_proposed")[0]
    assert email.text.count("?slot=") == 20 and "We are closed that day." in email.text
    picked = requests.proposal_slots(session, proposal)[5]
    requests.pick_slot(session, token=token, slot_id=picked.id, gateway=gateway, now=NOW + timedelta(hours=1))
    session.commit()
    assert (booking.status, booking.starts_at) == ("confirmed", picked.starts_at)
    assert session.exec(select(Payment)).one().status == "captured"
    assert _emails(session, "slot_picked") and _emails(session, "booking_confirmed")


def test_twenty_one_alternatives_are_refused(session, world, gateway):
    _, owner, service = world
    booking, _ = _request(session, service, gateway)
    with pytest.raises(requests.TooManyAlternatives, match="at most 20"):
        requests.propose_reschedule(session, actor=_actor(owner), booking_id=booking.id, message="Sorry",
                                    slots=[NOW + timedelta(days=4, hours=i) for i in range(21)], now=NOW)


@pytest.mark.parametrize("slots, text", [
    ([], "at least one"),
    ([NOW - timedelta(hours=1)], "future"),
    ([NOW + timedelta(days=1)] * 2, "twice"),
])
def test_bad_alternatives_are_refused(session, world, gateway, slots, text):
    _, owner, service = world
    booking, _ = _request(session, service, gateway)
    with pytest.raises(ValidationFailed, match=text):
        requests.propose_reschedule(session, actor=_actor(owner), booking_id=booking.id, message="Sorry", slots=slots, now=NOW)


def test_proposal_deadline_never_outlives_the_hold(session, world, gateway, clock):
    org, owner, service = world
    org.response_window_hours = 6 * 24  # inside the hold: no card is saved
    session.add(org)
    session.commit()
    booking, _ = _request(session, service, gateway)
    payment = session.exec(select(Payment)).one()
    assert payment.saved_method_ref is None and booking.respond_by < payment.hold_expires_at
    later = NOW + timedelta(days=5)
    clock.move_to(later)
    proposal = requests.propose_reschedule(session, actor=_actor(owner), booking_id=booking.id, message="Other day?",
                                           slots=[NOW + timedelta(days=20)], now=later)
    assert proposal.expires_at == payment.hold_expires_at - requests.HOLD_SAFETY_MARGIN


def test_customer_reply_is_stored_and_emailed_to_provider(session, world, gateway):
    _, owner, service = world
    booking, token = _request(session, service, gateway)
    requests.propose_reschedule(session, actor=_actor(owner), booking_id=booking.id, message="Closed.",
                                slots=[NOW + timedelta(days=5)], now=NOW)
    requests.reply_to_proposal(session, token=token, message="Could we do Saturday instead?", now=NOW)
    session.commit()
    assert booking.customer_reply == "Could we do Saturday instead?"
    email = _emails(session, "customer_replied")[0]
    assert email.to_email == owner.email and email.reply_to == "alex@example.com"


def test_customer_asks_for_refund_releases_the_hold(session, world, gateway):
    _, owner, service = world
    booking, token = _request(session, service, gateway)
    requests.propose_reschedule(session, actor=_actor(owner), booking_id=booking.id, message="Closed.",
                                slots=[NOW + timedelta(days=5)], now=NOW)
    requests.request_refund(session, token=token, gateway=gateway, now=NOW)
    session.commit()
    payment = session.exec(select(Payment)).one()
    assert booking.status == "cancelled" and payment.status == "released"
    assert gateway.status(payment.external_id)["status"] == "canceled"
    assert _emails(session, "refund_requested") and _emails(session, "refund_requested_provider")
    assert session.exec(select(Proposal)).one().status == "refund_requested"


def test_reject_needs_a_reason_releases_and_emails(session, world, gateway):
    _, owner, service = world
    booking, _ = _request(session, service, gateway)
    with pytest.raises(ValidationFailed, match="reason"):
        requests.reject_request(session, actor=_actor(owner), booking_id=booking.id, reason="", gateway=gateway, now=NOW)
    requests.reject_request(session, actor=_actor(owner), booking_id=booking.id, reason="fully_booked", gateway=gateway, now=NOW)
    session.commit()
    assert booking.status == "rejected" and session.exec(select(Payment)).one().status == "released"
    assert "fully booked" in _emails(session, "request_rejected")[0].text


def test_request_expires_after_48h_and_releases_hold(engine, world, gateway):
    with Session(engine, expire_on_commit=False) as s:
        booking, _ = _request(s, s.get(type(world[2]), world[2].id), gateway)
    assert requests.expire_overdue_requests(engine=engine, gateway=gateway, now=NOW + timedelta(hours=47, minutes=59)) == 0
    assert requests.expire_overdue_requests(engine=engine, gateway=gateway, now=NOW + timedelta(hours=48)) == 1
    assert requests.expire_overdue_requests(engine=engine, gateway=gateway, now=NOW + timedelta(hours=49)) == 0
    with Session(engine, expire_on_commit=False) as s:
        assert s.get(Booking, booking.id).status == "expired"
        assert s.exec(select(Payment)).one().status == "released"
        keys = sorted(e.template_key for e in _emails(s))
        assert keys.count("request_expired") == 1 and keys.count("request_expired_provider") == 1


def test_reminder_once_when_24_hours_remain(engine, world, gateway):
    with Session(engine, expire_on_commit=False) as s:
        _request(s, s.get(type(world[2]), world[2].id), gateway)
    assert requests.remind_providers(engine=engine, now=NOW + timedelta(hours=23)) == 0
    assert requests.remind_providers(engine=engine, now=NOW + timedelta(hours=24)) == 1
    assert requests.remind_providers(engine=engine, now=NOW + timedelta(hours=30)) == 0
    with Session(engine, expire_on_commit=False) as s:
        reminders = _emails(s, "respond_reminder")
        assert len(reminders) == 1
        assert reminders[0].subject.startswith("24 hours left to answer") and "(in 24 hours)" in reminders[0].text


def test_the_reminder_says_the_time_really_left(engine, world, gateway):
    """The sweeper finds the request a few minutes after the 24-hour mark: the email says
    23 hours, not a fixed "24 hours"."""
    with Session(engine, expire_on_commit=False) as s:
        _request(s, s.get(type(world[2]), world[2].id), gateway)
    assert requests.remind_providers(engine=engine, now=NOW + timedelta(hours=25, minutes=10)) == 1
    with Session(engine, expire_on_commit=False) as s:
        reminder = _emails(s, "respond_reminder")[0]
    assert reminder.subject.startswith("23 hours left to answer") and "(in 23 hours)" in reminder.text
    assert "24 hours" not in reminder.text


def test_unanswered_proposal_expires_and_releases(engine, world, gateway):
    _, owner, _ = world
    with Session(engine, expire_on_commit=False) as s:
        booking, token = _request(s, s.get(type(world[2]), world[2].id), gateway)
        proposal = requests.propose_reschedule(s, actor=_actor(owner), booking_id=booking.id, message="Closed.",
                                               slots=[NOW + timedelta(days=5)], now=NOW)
        s.commit()
    assert requests.expire_proposals(engine=engine, gateway=gateway, now=proposal.expires_at) == 1
    with Session(engine, expire_on_commit=False) as s:
        assert s.get(Booking, booking.id).status == "cancelled"
        assert s.exec(select(Payment)).one().status == "released"
        with pytest.raises(requests.ProposalClosed):
            requests.pick_slot(s, token=token, slot_id=1, gateway=gateway, now=proposal.expires_at)


def _race_confirm_against_expiry(engine, service, owner, gateway) -> tuple[str, set[str], list[str]]:
    with Session(engine, expire_on_commit=False) as s:
        booking, _ = _request(s, s.get(type(service), service.id), gateway)
    deadline = booking.respond_by
    outcomes: list[str] = []

    def confirm():
        try:
            with unit_of_work(engine) as s:
                requests.confirm_request(s, actor=_actor(owner), booking_id=booking.id, gateway=gateway, now=deadline)
            outcomes.append("confirmed")
        except (StaleBooking, InvalidTransition):
            outcomes.append("refused")

    def sweep():
        outcomes.append(f"expired:{requests.expire_overdue_requests(engine=engine, gateway=gateway, now=deadline)}")

    threads = [threading.Thread(target=confirm), threading.Thread(target=sweep)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    with Session(engine, expire_on_commit=False) as s:
        final = s.get(Booking, booking.id).status
        payment = s.exec(select(Payment).where(Payment.booking_id == booking.id)).one()
        kinds = [op.kind for op in s.exec(select(PaymentOperation).where(PaymentOperation.payment_id == payment.id))
                 if op.kind in ("capture", "release")]
    return final, set(outcomes), kinds


def test_confirm_racing_expiry_acts_exactly_once(engine, world, gateway):
    """A staff click and the sweeper at the deadline: one wins, one hold operation."""
    _, owner, service = world
    for _round in range(5):
        final, outcomes, kinds = _race_confirm_against_expiry(engine, service, owner, gateway)
        assert (final, kinds, outcomes) in [
            ("confirmed", ["capture"], {"confirmed", "expired:0"}),
            ("expired", ["release"], {"refused", "expired:1"}),
        ]


def test_manage_token_opens_exactly_one_booking(session, world, gateway):
    _, _, service = world
    first, token = _request(session, service, gateway)
    _request(session, service, gateway, email="other@example.com")
    assert manage_links.booking_for(session, token, now=NOW).id == first.id
    for bad in ["", token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 43]:
        with pytest.raises(NotFound):
            manage_links.booking_for(session, bad, now=NOW)
    with pytest.raises(NotFound):
        manage_links.booking_for(session, token, now=first.ends_at + timedelta(days=31))


def test_every_step_is_in_the_activity_log(session, world, gateway):
    _, owner, service = world
    booking, _ = _request(session, service, gateway)
    requests.confirm_request(session, actor=_actor(owner), booking_id=booking.id, gateway=gateway, now=NOW)
    session.commit()
    actions = [a.action for a in session.exec(select(ActivityLog).where(ActivityLog.booking_id == booking.id))]
    assert actions == ["payment.authorized", "booking.requested", "payment.captured", "booking.confirmed"]


def test_two_sweepers_release_each_overdue_hold_once(engine, world, gateway):
    with Session(engine, expire_on_commit=False) as s:
        service = s.get(type(world[2]), world[2].id)
        ids = [_request(s, service, gateway, email=f"c{i}@example.com")[0].id for i in range(12)]
    later = NOW + timedelta(hours=49)
    counts: list[int] = []
    threads = [threading.Thread(target=lambda: counts.append(
        requests.expire_overdue_requests(engine=engine, gateway=gateway, now=later))) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert sum(counts) == 12
    with Session(engine) as s:
        releases = s.exec(select(PaymentOperation).where(PaymentOperation.kind == "release")).all()
        assert len(releases) == 12
        assert {s.get(Booking, i).status for i in ids} == {"expired"}
        assert len(_emails(s, "request_expired")) == 12


@pytest.mark.parametrize("local, shown", [
    (datetime(2026, 3, 29, 3, 30), "Sun, 29 Mar 2026, 03:30 CEST"),  # the first hour of summer time
    (datetime(2026, 3, 28, 3, 30), "Sat, 28 Mar 2026, 03:30 CET"),
    (datetime(2026, 10, 25, 1, 30), "Sun, 25 Oct 2026, 01:30 CEST"),  # the last hour of summer time
    (datetime(2026, 10, 25, 3, 30), "Sun, 25 Oct 2026, 03:30 CET"),
])
def test_requested_times_round_trip_across_dst_in_berlin(session, world, gateway, local, shown):
    from zoneinfo import ZoneInfo

    _, owner, service = world
    start = local.replace(tzinfo=ZoneInfo("Europe/Berlin"))
    booking, _ = requests.create_request(session, form=_form(service, starts_at=start), gateway=gateway,
                                         now=datetime(2026, 3, 1, tzinfo=UTC))
    session.commit()
    session.expire_all()
    stored = session.get(Booking, booking.id)
    assert stored.starts_at == start and stored.starts_at.tzinfo is not None
    assert stored.ends_at - stored.starts_at == timedelta(minutes=service.duration_minutes)
    assert shown in _emails(session, "request_received")[0].text


# --- holds that must outlive the card authorization ---------------------------------

LONG_WINDOW_HOURS = 24 * 10  # longer than a card hold lasts (about 7 days)


@pytest.fixture
def long_wait(engine, world):
    org, owner, service = world
    with Session(engine, expire_on_commit=False) as s:
        row = s.get(type(org), org.id)
        row.response_window_hours = LONG_WINDOW_HOURS
        s.add(row)
        s.commit()
    return world


def _payments(engine, booking_id):
    with Session(engine) as s:
        return list(s.exec(select(Payment).where(Payment.booking_id == booking_id).order_by(Payment.id)))


def _long_request(engine, service, gateway, card=VISA):
    with Session(engine, expire_on_commit=False) as s:
        return _request(s, s.get(type(service), service.id), gateway, card=card)


def test_a_wait_longer_than_the_hold_keeps_the_card_and_the_full_window(engine, long_wait, gateway):
    booking, _ = _long_request(engine, long_wait[2], gateway)
    [payment] = _payments(engine, booking.id)
    assert payment.saved_method_ref and booking.respond_by == NOW + timedelta(hours=LONG_WINDOW_HOURS)
    assert booking.respond_by > payment.hold_expires_at


def test_a_short_wait_saves_no_card(engine, world, gateway):
    booking, _ = _long_request(engine, world[2], gateway)
    assert _payments(engine, booking.id)[0].saved_method_ref is None


def _at(clock, moment):
    clock.move_to(moment)
    return moment


def test_the_sweeper_renews_a_hold_a_day_before_it_lapses(engine, long_wait, gateway, clock):
    booking, _ = _long_request(engine, long_wait[2], gateway)
    [old] = _payments(engine, booking.id)
    assert requests.renew_expiring_holds(engine=engine, gateway=gateway, now=_at(clock, old.hold_expires_at - timedelta(hours=25))) == 0
    assert requests.renew_expiring_holds(engine=engine, gateway=gateway, now=_at(clock, old.hold_expires_at - timedelta(hours=23))) == 1
    old, new = _payments(engine, booking.id)
    assert (old.status, new.status) == ("released", "authorized")
    assert new.saved_method_ref == old.saved_method_ref and new.idempotency_key.endswith("-authorize-2")
    assert gateway.status(old.external_id)["status"] == "canceled"
    assert requests.renew_expiring_holds(engine=engine, gateway=gateway, now=_at(clock, old.hold_expires_at)) == 0


def test_two_sweepers_renew_a_hold_once(engine, long_wait, gateway, clock):
    booking, _ = _long_request(engine, long_wait[2], gateway)
    when = _at(clock, _payments(engine, booking.id)[0].hold_expires_at - timedelta(hours=1))
    threads = [threading.Thread(target=requests.renew_expiring_holds,
                                kwargs={"engine": engine, "gateway": gateway, "now": when}) for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert [p.status for p in _payments(engine, booking.id)] == ["released", "authorized"]


def test_when_the_bank_wants_the_customer_they_are_asked_once_and_can_enter_a_card(engine, long_wait, gateway, clock):
    booking, token = _long_request(engine, long_wait[2], gateway, card=CardInput("4000002500003155", 12, 2030, "123"))
    [old] = _payments(engine, booking.id)
    when = _at(clock, old.hold_expires_at - timedelta(hours=2))
    requests.renew_expiring_holds(engine=engine, gateway=gateway, now=when)
    requests.renew_expiring_holds(engine=engine, gateway=gateway, now=when + timedelta(minutes=30))
    with Session(engine) as s:
        assert len(_emails(s, "card_action_needed")) == 1
    [still] = _payments(engine, booking.id)
    assert still.status == "authorized" and "confirm" in still.failure_message
    with unit_of_work(engine) as s:
        requests.replace_card(s, token=token, card=VISA, gateway=gateway, now=when)
    old, new = _payments(engine, booking.id)
    assert (old.status, new.status, new.card_last4) == ("released", "authorized", "4242")


def test_a_lapsed_hold_ends_the_waiting_request(engine, long_wait, gateway):
    booking, _ = _long_request(engine, long_wait[2], gateway, card=CardInput("4000002500003155", 12, 2030, "123"))
    [payment] = _payments(engine, booking.id)
    assert requests.end_lapsed_holds(engine=engine, now=payment.hold_expires_at - timedelta(minutes=1)) == 0
    assert requests.end_lapsed_holds(engine=engine, now=payment.hold_expires_at) == 1
    with Session(engine) as s:
        assert s.get(Booking, booking.id).status == "expired"
        assert len(_emails(s, "request_expired")) == 1 and len(_emails(s, "request_expired_provider")) == 1
