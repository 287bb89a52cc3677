"""Requests the provider must answer ("private tickets").

The customer picks any date and time; their card is authorized (not charged); the
provider confirms (capture), proposes other times (the customer picks one, replies or
asks for a refund) or rejects (release). Without an answer inside the organization's
response window the sweeper rejects the request and releases the hold.

Every transition goes through `domain.booking_states` and a conditional UPDATE on the
booking's lock_version, so of two racing actors (two staff, a click and the sweeper)
exactly one acts and the other is told the booking changed.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated

from sqlalchemy import update
from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import LABELS, Action, Status
from bookingapp.domain.business_rules import LOCALES, REMINDER_BEFORE, reminder_due
from bookingapp.domain.errors import (
    DomainError,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from bookingapp.domain.formatting import fmt_datetime, fmt_time_left
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.user_input import (
    CardText,
    Choice,
    Email,
    Id,
    Line,
    LinkToken,
    Moment,
    Moments,
    Paragraph,
    Text,
    user_input,
)
from bookingapp.i18n import translate
from bookingapp.integrations.payments import CardInput, PaymentGateway, card_problem
from bookingapp.models import (
    Booking,
    Organization,
    Payment,
    Proposal,
    ProposedSlot,
    Service,
    utcnow,
)
from bookingapp.services import address_checks, appointments, conversations, manage_links, payments
from bookingapp.services.accounts import clean_text, normalize_email
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import (
    BookingContext,
    acting_staff_email,
    alert_for,
    announce_request,
    booking_context,
    cancellation_file,
    customer_actor,
    customer_for,
    email_confirmation,
    new_reference,
    provider_email,
    transition,
    was_in_customer_calendar,
)
from bookingapp.services.notifications import queue_email

MAX_ALTERNATIVES = 20
# A hold must still be capturable when the customer answers: stop this long before it lapses.
HOLD_SAFETY_MARGIN = timedelta(hours=1)
MIN_LEAD_TIME = timedelta(hours=1)

REJECT_REASONS = {
    "fully_booked": "We are fully booked at that time.",
    "not_available": "We are not available on that date.",
    "party_size": "We cannot host a group of this size.",
    "other": "Another reason (see the note).",
}


class LocationRequired(ValidationFailed):
    """Confirming a booking whose location was to be arranged: the place is settled now."""

    def __init__(self) -> None:
        super().__init__(N_("The location is still to be arranged: enter where you meet the customer."), field="address")


class NoSuggestedTime(DomainError):
    message = "The customer has not suggested a time since your last proposal."


class TooManyAlternatives(ValidationFailed):
    def __init__(self, limit: int = MAX_ALTERNATIVES) -> None:
        super().__init__("You can propose at most {max} alternative times.", field="slots", max=limit)


class ProposalClosed(DomainError):
    message = "This proposal is no longer open."


@dataclass(frozen=True)
class RequestForm:
    service_id: Id
    starts_at: Moment
    party_size: int
    group: bool
    name: Line
    email: Email
    phone: Line
    note: Paragraph
    card: CardInput | CardText  # typed test card, or a payment method id from Stripe.js
    # Random per form shown: the same submission sent again (a double tap, a retry after a
    # worker died between the card hold and the commit) finds the same hold, not a second.
    submission: LinkToken = ""
    # The portal's language: the customer's emails use it.
    locale: Annotated[str | None, Choice(LOCALES)] = None


def _hold_key(form: RequestForm, service: Service, email: str) -> str | None:
    """The hold's idempotency key for this submission of these answers with this card. The
    answers are in it because the gateway refuses a key reused with other parameters (Stripe
    does); the card because the gateway replays a decline for a key it has seen, so a
    customer who types another card after a decline must make a new attempt."""
    if not form.submission:
        return None
    answers = f"{form.submission}|{service.id}|{form.starts_at.astimezone(UTC).isoformat()}|{form.party_size}|{form.group}|{email}"
    return f"request-{hashlib.sha256(f'{answers}|{_card_identity(form.card)}'.encode()).hexdigest()[:40]}"


def _card_identity(card: CardInput | str) -> str:
    """What tells one card entry from another: a payment method id, or the typed card (a
    corrected expiry or CVC is a new attempt too). Only its hash, salted with the random
    submission, leaves this function."""
    if isinstance(card, CardInput):
        return f"{''.join(re.findall('[0-9]', card.number))}|{card.exp_month}|{card.exp_year}|{card.cvc}"
    return card


# --- customer: send a request -------------------------------------------------------


@user_input
def create_request(session: Session, *, form: RequestForm, gateway: PaymentGateway, now: datetime | None = None) -> tuple[Booking, str]:
    """Validate, authorize the card and store the request. Returns the booking and its
    manage token. A declined card raises and nothing is written. The same submission sent
    again returns the booking it made (one booking, one hold, one pair of emails)."""
    now = now or utcnow()
    service = session.get(Service, form.service_id)
    if service is None or service.kind != "request" or not service.active or not service.online_booking:
        raise NotFound()
    org = session.get(Organization, service.organization_id)
    _validate_request(form, service, now)
    name = clean_text(form.name, field="name", label="your name", max_length=120)
    email = normalize_email(form.email)
    phone = clean_text(form.phone, field="phone", label="a phone number", max_length=40, required=False)
    note = clean_text(form.note, field="note", label="a note", max_length=2000, required=False)
    if isinstance(form.card, CardInput) and (problem := card_problem(form.card, now)):
        raise ValidationFailed(problem, field="card")

    hold_key = _hold_key(form, service, email)
    if hold_key and (made := _made_by(session, hold_key)):
        return made, manage_links.token_of(made)
    customer = customer_for(session, org, email=email, name=name, phone=phone, locale=form.locale)
    # Durations are elapsed time: add them in UTC, or a booking across a DST change
    # would last an hour more or less than the service.
    start = form.starts_at.astimezone(UTC)
    booking = Booking(
        organization_id=org.id, reference=new_reference(), customer_id=customer.id, service_id=service.id,
        staff_user_id=service.staff_user_id, starts_at=start,
        ends_at=start + timedelta(minutes=service.duration_minutes),
        party_size=form.party_size, group_booking=form.group, note=note, status=Status.REQUESTED,
        location=service.location, location_tbd=service.location_tbd, alert_message=alert_for(customer),
        price_minor=service.price_minor, currency=service.currency,
        cutoff_minutes=service.cutoff_minutes, customer_cancellation=service.customer_cancellation,  # frozen terms
    )
    token = manage_links.issue(booking)
    session.add(booking)
    session.flush()
    actor = Actor("customer", org.id, customer.id, customer.name)
    payment = payments.authorize_hold(session, actor=actor, booking=booking, card=form.card, gateway=gateway, key=hold_key)
    held = address_checks.must_confirm(org, customer)
    window = timedelta(hours=org.response_window_hours)
    booking.respond_by = now + window
    # A request held for its address may reach the provider only at the end of that wait.
    if booking.respond_by + (window if held else timedelta(0)) > payment.hold_expires_at - HOLD_SAFETY_MARGIN:
        # The wait outlives the hold: keep the card so the sweeper can renew the hold.
        payments.save_card(session, actor=actor, payment=payment, card=form.card, gateway=gateway)
    session.add(booking)
    log_action(session, actor=actor, action="booking.requested", organization_id=org.id, booking_id=booking.id,
               customer_id=customer.id, data={"starts_at": booking.starts_at.isoformat(), "party_size": booking.party_size})
    if held:
        address_checks.hold(session, booking=booking, org=org, customer=customer, now=now)
    else:
        announce_request(session, booking)
    return booking, token


def _made_by(session: Session, hold_key: str) -> Booking | None:
    payment = session.exec(select(Payment).where(Payment.idempotency_key == hold_key)).first()
    return session.get(Booking, payment.booking_id) if payment else None


def _validate_request(form: RequestForm, service: Service, now: datetime) -> None:
    if form.starts_at.tzinfo is None:
        raise ValidationFailed("Choose a date and a time.", field="starts_at")
    if form.starts_at < now + MIN_LEAD_TIME:
        raise ValidationFailed("Choose a time at least one hour from now.", field="starts_at")
    check_party(service, party_size=form.party_size, group=form.group)


def check_party(service: Service, *, party_size: int, group: bool) -> None:
    """Private or group as the service offers, and a party within its limits."""
    if group and not service.allows_group:
        raise ValidationFailed("This service can only be booked privately.", field="group")
    if not group and not service.allows_private:
        raise ValidationFailed("This service can only be booked as a group.", field="group")
    if not service.min_party <= party_size <= service.max_party:
        raise ValidationFailed("Choose between {min} and {max} people.", field="party_size", min=service.min_party, max=service.max_party)


# --- provider: confirm, propose, reject ----------------------------------------------


@user_input
def confirm_request(session: Session, *, actor: Actor, booking_id: Id, gateway: PaymentGateway,
                    location_message: Paragraph | None = None, address: Line | None = None, now: datetime | None = None) -> Booking:
    """Confirm the requested time. The message (if any) goes to the customer and into the
    booking's conversation; where the location was to be arranged, the address is required
    and from now on is the booking's location in every email, calendar file and page."""
    now = now or utcnow()
    booking = get_owned(session, Booking, booking_id, actor)
    if booking.status != Status.REQUESTED:  # a proposal is open: confirm_suggested_time settles it
        raise InvalidTransition(status=LABELS.get(booking.status, booking.status).lower())
    message, place = _confirm_inputs(booking, location_message, address)
    transition(session, booking, Action.CONFIRM, now)
    _settle_confirmed(session, actor, booking, gateway, message, place, now)
    return booking


def _confirm_inputs(booking: Booking, message: str | None, address: str | None) -> tuple[str, str]:
    text = (message or "").strip()
    if len(text) > 4000:
        raise ValidationFailed("The message is too long (at most {max} characters).", field="message", max=4000)
    place = clean_text(address, field="address", label="the address", max_length=200, required=False)
    if booking.location_tbd and not place:
        raise LocationRequired()
    return text, place


def _settle_confirmed(session: Session, actor: Actor, booking: Booking, gateway: PaymentGateway, message: str, place: str,
                      now: datetime, data: dict | None = None) -> None:
    """What every confirmation of a request does after its transition: record the place,
    capture the hold, log, and email the customer (the message first, then the confirmation
    with the calendar file)."""
    if place:
        booking.location, booking.location_tbd = place, False
        session.add(booking)
    _capture(session, actor, booking, gateway)
    log_action(session, actor=actor, action="booking.confirmed", organization_id=booking.organization_id, booking_id=booking.id,
               data={**(data or {}), **({"location": place} if place else {})})
    ctx = booking_context(session, booking)
    if message:
        conversations.add_provider_message(session, booking=booking, actor=actor, body=message, now=now)
        # "About the location" where the place was to be arranged; any other message is just a message.
        about_place = bool(place)
        conversations.email_customer(session, ctx, message, key="location_message" if about_place else "provider_message")
        log_action(session, actor=actor, action="booking.location_message_sent" if about_place else "booking.provider_replied",
                   organization_id=booking.organization_id, booking_id=booking.id, data={"message": message})
    email_confirmation(session, ctx, now)


@user_input
def confirm_suggested_time(session: Session, *, actor: Actor, booking_id: Id, gateway: PaymentGateway, message: Paragraph = "",
                           address: Line | None = None, now: datetime | None = None) -> Booking:
    """The customer answered a proposal with a time of their own: the provider takes it.
    The booking moves to that time and is confirmed (hold captured), the open proposal is
    closed, and the customer gets the confirmation with the calendar file."""
    now = now or utcnow()
    booking = get_owned(session, Booking, booking_id, actor)
    proposal = open_proposal(session, booking) if booking.status == Status.RESCHEDULE_PROPOSED else None
    if proposal is None:
        raise InvalidTransition(status=LABELS.get(booking.status, booking.status).lower())
    suggestion = conversations.latest_suggestion(session, booking, since=proposal.created_at)
    if suggestion is None:
        raise NoSuggestedTime()
    if suggestion.suggested_starts_at < now + MIN_LEAD_TIME:
        raise ValidationFailed("The time the customer suggested has passed: propose new times instead.", field="slots")
    text, place = _confirm_inputs(booking, message, address)
    transition(session, booking, Action.CONFIRM, now)
    duration = booking.ends_at - booking.starts_at
    booking.starts_at, booking.respond_by = suggestion.suggested_starts_at, None
    booking.ends_at = booking.starts_at + duration
    manage_links.follow_end(booking)
    _close_open_proposals(session, booking, "replaced", now)
    _settle_confirmed(session, actor, booking, gateway, text, place, now, data={"starts_at": booking.starts_at.isoformat(),
                                                                                  "suggested_by_customer": True})
    return booking


@user_input
def propose_reschedule(session: Session, *, actor: Actor, booking_id: Id, message: Paragraph, slots: Moments,
                       now: datetime | None = None) -> Proposal:
    now = now or utcnow()
    booking = locked_for_proposal(session, actor, booking_id)
    text = clean_text(message, field="message", label="a message explaining why", max_length=4000)
    starts = validate_alternatives(slots, now, limit=MAX_ALTERNATIVES)
    return send_alternatives(session, actor=actor, booking=booking, text=text, starts=starts, now=now)


def locked_for_proposal(session: Session, actor: Actor, booking_id: int) -> Booking:
    """The request, with its service's row and then its person's locked as taking a time
    locks them: the times a proposal holds cannot be booked between its check and commit."""
    booking = get_owned(session, Booking, booking_id, actor)
    session.get(Service, booking.service_id, with_for_update=True)
    appointments.lock_staff(session, [booking.staff_user_id] if booking.staff_user_id else [])
    session.refresh(booking)
    return booking


def send_alternatives(session: Session, *, actor: Actor, booking: Booking, text: str, starts: list[datetime], now: datetime,
                      log_code: str = "booking.reschedule_proposed") -> Proposal:
    """Open the proposal (its times are held from now on: `proposal_holds`) and email it."""
    if booking.organization_id != actor.organization_id:
        raise NotFound()
    # Like a request itself, other times may be any times the provider chooses (they are not
    # checked against bookings or other proposals); once sent, they are held for this customer.
    org = session.get(Organization, booking.organization_id)
    duration = booking.ends_at - booking.starts_at
    payment = payments.active_hold(session, booking.id)
    transition(session, booking, Action.PROPOSE_RESCHEDULE, now)
    # Proposing again (the customer answered with a message): the new times replace the old.
    _close_open_proposals(session, booking, "replaced", now)
    deadline = now + timedelta(hours=org.response_window_hours)
    if payment and payment.hold_expires_at and not payment.saved_method_ref:
        # Without a saved card the hold cannot be renewed: the proposal ends before it.
        deadline = min(deadline, payment.hold_expires_at - HOLD_SAFETY_MARGIN)
    deadline = min(deadline, starts[0])  # never let the customer pick a time already past
    proposal = Proposal(organization_id=booking.organization_id, booking_id=booking.id, kind="reschedule",
                        initiator="provider", message=text, expires_at=deadline, created_by_staff_id=actor.id,
                        created_at=now)
    session.add(proposal)
    session.flush()
    rows = [ProposedSlot(proposal_id=proposal.id, starts_at=start, ends_at=start + duration) for start in starts]
    session.add_all(rows)
    session.flush()
    booking.respond_by, booking.customer_reply = deadline, None
    session.add(booking)
    conversations.add_provider_message(session, booking=booking, actor=actor, body=text, now=now)
    log_action(session, actor=actor, action=log_code, organization_id=booking.organization_id,
               booking_id=booking.id, data={"message": text, "slots": [s.isoformat() for s in starts]})
    ctx = booking_context(session, booking)
    # The email invites a reply: it goes to the provider, as the proposal dialog promises.
    queue_email(session, org=ctx.org, key="reschedule_proposed", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, values={**ctx.values, "MESSAGE": text, "PROPOSED_SLOTS": _slot_lines(ctx, rows),
                                                     "RESPOND_BY": fmt_datetime(deadline, ctx.org.timezone, ctx.customer.locale or ctx.org.locale)},
                reply_to=provider_email(session, ctx.org, ctx.service, ctx.booking))
    return proposal


def validate_alternatives(slots: list[datetime], now: datetime, *, limit: int) -> list[datetime]:
    if not slots:
        raise ValidationFailed("Add at least one alternative time.", field="slots")
    if len(slots) > limit:
        raise TooManyAlternatives(limit)
    if any(s.tzinfo is None for s in slots):
        raise ValidationFailed("Every alternative needs a date and a time.", field="slots")
    if any(s <= now for s in slots):
        raise ValidationFailed("Every alternative must be in the future.", field="slots")
    utc_slots = [s.astimezone(UTC) for s in slots]  # see create_request: durations add in UTC
    if len(set(utc_slots)) != len(utc_slots):
        raise ValidationFailed("The same time is listed twice.", field="slots")
    return sorted(utc_slots)


@user_input
def reject_request(session: Session, *, actor: Actor, booking_id: Id, reason: Annotated[str, Choice(REJECT_REASONS, message="Choose a reason.")], note: Paragraph = "",
                   gateway: PaymentGateway, now: datetime | None = None) -> Booking:
    now = now or utcnow()
    note = clean_text(note, field="note", label="a note", max_length=1000, required=reason == "other")
    booking = get_owned(session, Booking, booking_id, actor)
    transition(session, booking, Action.REJECT, now)
    booking.cancel_reason = f"{REJECT_REASONS[reason]} {note}".strip()
    session.add(booking)
    _release(session, actor, booking, gateway)
    _close_open_proposals(session, booking, "rejected", now)
    if note:
        conversations.add_provider_message(session, booking=booking, actor=actor, body=note, now=now)
    log_action(session, actor=actor, action="booking.rejected", organization_id=booking.organization_id,
               booking_id=booking.id, data={"reason": reason, "note": note})
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="request_rejected", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, values={**ctx.values, "REASON": booking.cancel_reason},
                reply_to=provider_email(session, ctx.org, ctx.service, ctx.booking))
    _tell_the_one_who_acted(session, ctx, actor, N_("You rejected the request"), booking.cancel_reason)
    return booking


def _tell_the_one_who_acted(session: Session, ctx: BookingContext, actor: Actor, action: str, reason: str) -> None:
    """The staff member who acted gets their own record ("You rejected the request …")."""
    to = acting_staff_email(session, actor)
    if to is None:
        return
    queue_email(session, org=ctx.org, key="staff_action_done", to=to, booking_id=ctx.booking.id,
                values={**ctx.provider_values, "ACTION": translate(action, ctx.org.locale), "REASON": reason or "-",
                        "STAFF_NAME": actor.name})


# --- customer: answer a proposal -----------------------------------------------------


def open_proposal(session: Session, booking: Booking) -> Proposal | None:
    return session.exec(
        select(Proposal).where(Proposal.booking_id == booking.id, Proposal.status == "open").order_by(col(Proposal.id).desc())
    ).first()


def proposal_slots(session: Session, proposal: Proposal) -> list[ProposedSlot]:
    return list(session.exec(select(ProposedSlot).where(ProposedSlot.proposal_id == proposal.id).order_by(ProposedSlot.starts_at)))


@user_input
def pick_slot(session: Session, *, token: LinkToken, slot_id: Id, gateway: PaymentGateway, now: datetime | None = None) -> Booking:
    now = now or utcnow()
    booking = manage_links.booking_for(session, token, now=now)
    proposal = _live_proposal(session, booking, now)
    slot = session.get(ProposedSlot, slot_id)
    if slot is None or slot.proposal_id != proposal.id:
        raise NotFound()
    transition(session, booking, Action.PICK_SLOT, now)
    booking.starts_at, booking.ends_at, booking.respond_by = slot.starts_at, slot.ends_at, None
    manage_links.follow_end(booking)
    slot.chosen = True
    proposal.status, proposal.decided_at = "accepted", now
    session.add_all([booking, slot, proposal])
    actor = customer_actor(session, booking)
    _capture(session, actor, booking, gateway)
    log_action(session, actor=actor, action="booking.slot_picked", organization_id=booking.organization_id,
               booking_id=booking.id, data={"starts_at": slot.starts_at.isoformat()})
    ctx = booking_context(session, booking)
    email_confirmation(session, ctx, now)
    queue_email(session, org=ctx.org, key="slot_picked", to=provider_email(session, ctx.org, ctx.service, ctx.booking),
                booking_id=booking.id, values=ctx.provider_values)
    return booking


@user_input
def reply_to_proposal(session: Session, *, token: LinkToken, message: Annotated[str, Text(5000, multiline=True, field="reply")],
                      suggested_starts_at: Moment | None = None, now: datetime | None = None) -> Booking:
    """The customer answers the proposal with a message, and may ask for a time of their
    own, which the provider can then confirm (confirm_suggested_time)."""
    now = now or utcnow()
    booking = manage_links.booking_for(session, token, now=now)
    _live_proposal(session, booking, now)
    text = clean_text(message, field="reply", label="your message", max_length=2000)
    if suggested_starts_at is not None:
        if suggested_starts_at.tzinfo is None:
            raise ValidationFailed("Choose a date and a time.", field="suggested")
        if suggested_starts_at < now + MIN_LEAD_TIME:
            raise ValidationFailed("Choose a time at least one hour from now.", field="suggested")
        suggested_starts_at = suggested_starts_at.astimezone(UTC)
    booking.customer_reply, booking.updated_at = text, now
    session.add(booking)
    conversations.add_message(session, booking=booking, author="customer", body=text, suggested_starts_at=suggested_starts_at, now=now)
    actor = customer_actor(session, booking)
    log_action(session, actor=actor, action="booking.customer_replied", organization_id=booking.organization_id,
               booking_id=booking.id, data={"message": text, **({"suggested_starts_at": suggested_starts_at.isoformat()}
                                                                 if suggested_starts_at else {})})
    org = session.get(Organization, booking.organization_id)
    suggested = fmt_datetime(suggested_starts_at, org.timezone, org.locale) if suggested_starts_at else "-"
    conversations.email_provider(session, booking, text, suggested=suggested)
    return booking


@user_input
def request_refund(session: Session, *, token: LinkToken, gateway: PaymentGateway, now: datetime | None = None) -> Booking:
    now = now or utcnow()
    booking = manage_links.booking_for(session, token, now=now)
    if booking.status == Status.RESCHEDULE_PROPOSED:
        _live_proposal(session, booking, now)
    in_calendar = was_in_customer_calendar(booking.status)
    transition(session, booking, Action.REQUEST_REFUND, now)
    _close_open_proposals(session, booking, "refund_requested", now)
    actor = customer_actor(session, booking)
    _release(session, actor, booking, gateway)
    log_action(session, actor=actor, action="booking.refund_requested", organization_id=booking.organization_id, booking_id=booking.id)
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="refund_requested", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, values=ctx.values, attachments=[cancellation_file(ctx)] if in_calendar else [])
    queue_email(session, org=ctx.org, key="refund_requested_provider", to=provider_email(session, ctx.org, ctx.service, ctx.booking),
                booking_id=booking.id, values=ctx.provider_values)
    return booking


def _live_proposal(session: Session, booking: Booking, now: datetime) -> Proposal:
    proposal = open_proposal(session, booking) if booking.status == Status.RESCHEDULE_PROPOSED else None
    if proposal is None or (proposal.expires_at and proposal.expires_at <= now):
        raise ProposalClosed()
    return proposal


# --- the sweeper's jobs ---------------------------------------------------------------


def _each_due(ids: list[int], engine, act) -> int:
    """Run `act(session, id)` for each due item in its own transaction; count the items
    it handled. A DomainError means someone acted on the item a moment ago: skip it."""
    from bookingapp.db import unit_of_work

    done = 0
    for item_id in ids:
        try:
            with unit_of_work(engine) as session:
                if act(session, item_id) is False:
                    continue
            done += 1
        except DomainError:
            continue
    return done


def _tell_both_expired(session: Session, booking: Booking) -> None:
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="request_expired", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, values=ctx.values)
    queue_email(session, org=ctx.org, key="request_expired_provider", to=provider_email(session, ctx.org, ctx.service, ctx.booking),
                booking_id=booking.id, values=ctx.provider_values)


def expire_overdue_requests(*, engine=None, now: datetime | None = None, gateway: PaymentGateway | None = None) -> int:
    """Reject every request whose response window has passed; release its hold."""
    from bookingapp.db import read_only
    from bookingapp.integrations.gateways import get_gateway

    now, gateway = now or utcnow(), gateway or get_gateway()
    with read_only(engine) as session:
        due = list(session.exec(select(Booking.id).where(Booking.status == Status.REQUESTED, col(Booking.respond_by) <= now)))

    def expire(session: Session, booking_id: int) -> None:
        booking = session.get(Booking, booking_id)
        transition(session, booking, Action.EXPIRE, now)
        system = Actor.system(booking.organization_id)
        _release(session, system, booking, gateway)
        log_action(session, actor=system, action="booking.expired", organization_id=booking.organization_id, booking_id=booking.id)
        _tell_both_expired(session, booking)

    return _each_due(due, engine, expire)


def expire_proposals(*, engine=None, now: datetime | None = None, gateway: PaymentGateway | None = None) -> int:
    """Cancel bookings whose reschedule proposal went unanswered; release the hold."""
    from bookingapp.db import read_only
    from bookingapp.integrations.gateways import get_gateway

    now, gateway = now or utcnow(), gateway or get_gateway()
    with read_only(engine) as session:
        due = list(session.exec(select(Proposal.id).where(Proposal.status == "open", Proposal.kind == "reschedule",
                                                          col(Proposal.expires_at) <= now)))

    def expire(session: Session, proposal_id: int) -> None:
        proposal = session.get(Proposal, proposal_id)
        booking = session.get(Booking, proposal.booking_id)
        transition(session, booking, Action.EXPIRE, now)
        proposal.status, proposal.decided_at = "expired", now
        session.add(proposal)
        system = Actor.system(booking.organization_id)
        _release(session, system, booking, gateway)
        log_action(session, actor=system, action="booking.proposal_expired", organization_id=booking.organization_id, booking_id=booking.id)
        ctx = booking_context(session, booking)
        queue_email(session, org=ctx.org, key="proposal_expired", to=ctx.customer.email, booking_id=booking.id,
                    locale=ctx.customer.locale, values=ctx.values)

    return _each_due(due, engine, expire)


RENEW_BEFORE = timedelta(hours=24)
WAITING = (Status.REQUESTED, Status.RESCHEDULE_PROPOSED)


def renew_expiring_holds(*, engine=None, now: datetime | None = None, gateway: PaymentGateway | None = None) -> int:
    """Renew, off-session, the holds that lapse within a day while their request waits.
    When the bank wants the customer, email them once to enter their card again."""
    from bookingapp.db import read_only, unit_of_work
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.integrations.payments import AuthenticationRequired

    now, gateway = now or utcnow(), gateway or get_gateway()
    with read_only(engine) as session:
        due = list(session.exec(
            select(Payment.id).join(Booking, Booking.id == Payment.booking_id)
            .where(Payment.status == "authorized", col(Payment.saved_method_ref).is_not(None),
                   col(Payment.failure_message).is_(None), col(Payment.hold_expires_at) <= now + RENEW_BEFORE,
                   col(Booking.status).in_(WAITING))))
    done = 0
    for payment_id in due:
        with unit_of_work(engine) as session:
            # Claim it: of two sweepers only one renews (the other sees the changed row).
            claimed = session.exec(update(Payment).where(Payment.id == payment_id, Payment.status == "authorized",
                                                         col(Payment.failure_message).is_(None))
                                   .values(updated_at=now, failure_message="renewing"))
            if claimed.rowcount != 1:
                continue
            old = session.get(Payment, payment_id)
            booking = session.get(Booking, old.booking_id)
            system = Actor.system(booking.organization_id)
            try:
                with session.begin_nested():
                    old.failure_message = None
                    payments.renew_hold(session, actor=system, booking=booking, old=old, gateway=gateway)
            except (AuthenticationRequired, DomainError) as error:
                old.failure_message = error.render()[:300]
                session.add(old)
                log_action(session, actor=system, action="payment.renewal_failed", organization_id=booking.organization_id,
                           booking_id=booking.id, data={"reason": old.failure_message})
                ctx = booking_context(session, booking)
                queue_email(session, org=ctx.org, key="card_action_needed", to=ctx.customer.email, booking_id=booking.id,
                            locale=ctx.customer.locale, values={**ctx.values, "RESPOND_BY": fmt_datetime(
                                old.hold_expires_at, ctx.org.timezone, ctx.customer.locale or ctx.org.locale)})
        done += 1
    return done


def end_lapsed_holds(*, engine=None, now: datetime | None = None) -> int:
    """A waiting request whose hold lapsed guarantees nothing any more: end it."""
    from bookingapp.db import read_only

    now = now or utcnow()
    with read_only(engine) as session:
        due = sorted(set(session.exec(
            select(Booking.id).join(Payment, Payment.booking_id == Booking.id)
            .where(col(Booking.status).in_(WAITING), Payment.status == "authorized", col(Payment.hold_expires_at) <= now))))

    def end(session: Session, booking_id: int) -> bool:
        booking = session.get(Booking, booking_id)
        latest = payments.active_hold(session, booking.id)
        if latest is None or latest.hold_expires_at > now:
            return False  # renewed meanwhile
        latest.status = "released"
        session.add(latest)
        log_action(session, actor=Actor.system(booking.organization_id), action="payment.hold_expired",
                   organization_id=booking.organization_id, booking_id=booking.id)
        end_request_after_hold_lapsed(session, booking=booking, now=now)
        return True

    return _each_due(due, engine, end)


@user_input
def replace_card(session: Session, *, token: LinkToken, card: CardInput | CardText, gateway: PaymentGateway,
                 attempt: LinkToken | None = None, now: datetime | None = None) -> Payment:
    """The customer enters a card again to keep a waiting request (after a failed renewal)."""
    now = now or utcnow()
    booking = manage_links.booking_for(session, token, now=now)
    if booking.status not in WAITING:
        raise InvalidTransition(status=LABELS.get(booking.status, booking.status).lower())
    if isinstance(card, CardInput) and (problem := card_problem(card, now)):
        raise ValidationFailed(problem, field="card")
    old = payments.active_hold(session, booking.id)
    actor = customer_actor(session, booking)
    new = payments.renew_hold(session, actor=actor, booking=booking, old=old, gateway=gateway, card=card, attempt=attempt)
    if booking.respond_by and booking.respond_by > new.hold_expires_at - HOLD_SAFETY_MARGIN:
        payments.save_card(session, actor=actor, payment=new, card=card, gateway=gateway)
    return new


def end_request_after_hold_lapsed(session: Session, *, booking: Booking, now: datetime | None = None) -> None:
    """The card hold lapsed while the request was still open: expire it and tell both."""
    now = now or utcnow()
    transition(session, booking, Action.EXPIRE, now)
    _close_open_proposals(session, booking, "expired", now)
    log_action(session, actor=Actor.system(booking.organization_id), action="booking.expired",
               organization_id=booking.organization_id, booking_id=booking.id, data={"reason": "hold lapsed"})
    _tell_both_expired(session, booking)


def remind_providers(*, engine=None, now: datetime | None = None) -> int:
    """One reminder per request when 24 hours are left to answer it (half way through a
    shorter answer window)."""
    from bookingapp.db import read_only, unit_of_work

    now = now or utcnow()
    with read_only(engine) as session:
        candidates = session.exec(select(Booking.id, Booking.created_at, Booking.respond_by).where(
            Booking.status == Status.REQUESTED, col(Booking.reminder_sent_at).is_(None),
            col(Booking.respond_by) <= now + REMINDER_BEFORE, col(Booking.respond_by) > now)).all()
        due = [booking_id for booking_id, asked_at, respond_by in candidates if reminder_due(asked_at, respond_by, now)]
    done = 0
    for booking_id in due:
        with unit_of_work(engine) as session:
            claimed = session.exec(update(Booking).where(Booking.id == booking_id, col(Booking.reminder_sent_at).is_(None),
                                                         Booking.status == Status.REQUESTED).values(reminder_sent_at=now))
            if claimed.rowcount != 1:
                continue
            booking = session.get(Booking, booking_id)
            log_action(session, actor=Actor.system(booking.organization_id), action="booking.reminder_sent",
                       organization_id=booking.organization_id, booking_id=booking.id)
            ctx = booking_context(session, booking)
            left = fmt_time_left((booking.respond_by - now).total_seconds(), ctx.org.locale)
            queue_email(session, org=ctx.org, key="respond_reminder", to=provider_email(session, ctx.org, ctx.service, ctx.booking),
                        booking_id=booking.id, values={**ctx.provider_values, "TIME_LEFT": left})
        done += 1
    return done


# --- shared mechanics -----------------------------------------------------------------


def _capture(session: Session, actor: Actor, booking: Booking, gateway: PaymentGateway) -> None:
    payment = payments.active_hold(session, booking.id)
    if payment is not None and payment.status == "authorized":
        payments.capture(session, actor=actor, payment=payment, gateway=gateway)


def _release(session: Session, actor: Actor, booking: Booking, gateway: PaymentGateway) -> None:
    payment = payments.active_hold(session, booking.id)
    if payment is not None and payment.status == "authorized":
        payments.release(session, actor=actor, payment=payment, gateway=gateway)


def _close_open_proposals(session: Session, booking: Booking, status: str, now: datetime) -> None:
    for proposal in session.exec(select(Proposal).where(Proposal.booking_id == booking.id, Proposal.status == "open")):
        proposal.status, proposal.decided_at = status, now
        session.add(proposal)


def _slot_lines(ctx: BookingContext, slots: list[ProposedSlot]) -> str:
    url = manage_links.url_of(ctx.booking)
    locale = ctx.customer.locale or ctx.org.locale
    return "\n".join(f"- {fmt_datetime(s.starts_at, ctx.org.timezone, locale)}: {url}?slot={s.id}" for s in slots)


@user_input
def request_service(session: Session, *, org_slug: LinkToken, service_slug: LinkToken) -> tuple[Organization, Service]:
    from bookingapp.services.portal import organization_by_slug

    org = organization_by_slug(session, org_slug)
    service = session.exec(select(Service).where(Service.organization_id == org.id, Service.slug == service_slug,
                                                 Service.active == True)).first()  # noqa: E712
    if service is None:
        raise NotFound()
    return org, service
