"""Rebookings (issue 7): moving a confirmed booking to another date, and the provider's
cancellation with the platform commission retained.

- The provider asks the customer to pick one of 1-3 new dates (because they must move
  the date, or because the customer asked them to). The customer picks one (the place
  is checked again at that moment) or takes their money back.
- Where a service lets customers only *request* a rebooking, the customer asks with a
  reason; the provider answers with up to 3 dates or declines with a message.
- The provider cancels with a reason, after seeing the quote; the customer gets back
  everything they paid and the platform keeps its commission from the provider.

Proposal(kind="rebooking") statuses: "asked" (a customer's request waiting for the
provider, no dates yet), "open" (dates waiting for the customer, held for them:
`proposal_holds`), then "approved", "declined", "accepted", "refund_requested", "expired",
"cancelled", or (issue 21, `proposals`) "withdrawn" or "replaced" by the provider.

Expiry rule: an open proposal expires at the earliest of (now + the organization's
response window, the earliest alternative; and, when the customer initiated it, the
original start). A customer's request without dates expires at the earliest of the
window and the original start. What expiry means depends on who wanted the change:
- the provider had to move the date: the original date is gone, so the booking is
  cancelled and refunded exactly as a provider cancellation (commission retained);
- the customer asked: nothing was agreed, so the booking stays on its original date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Annotated

from sqlmodel import Session, col, func, select

from bookingapp.domain.booking_states import ACTIVE, Action, Status, next_status
from bookingapp.domain.change_policy import frozen_terms
from bookingapp.domain.errors import DomainError, NotFound, PaymentError, ValidationFailed
from bookingapp.domain.formatting import datetime_shown, fmt_datetime, fmt_money
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.money import CancellationQuote, cancellation_quote
from bookingapp.domain.user_input import (
    Choice,
    Id,
    Ids,
    LinkToken,
    Moments,
    Paragraph,
    Text,
    user_input,
)
from bookingapp.integrations.payments import PaymentGateway
from bookingapp.models import (
    Booking,
    ClassSession,
    Customer,
    Organization,
    Payment,
    Proposal,
    ProposedSlot,
    Service,
    utcnow,
)
from bookingapp.services import appointments, manage_links, payments, proposal_holds
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import (
    BookingContext,
    acting_staff_email,
    booking_context,
    cancellation_file,
    customer_actor,
    email_confirmation,
    provider_email,
    transition,
)
from bookingapp.services.notifications import queue_email
from bookingapp.services.requests import ProposalClosed, validate_alternatives

MAX_ALTERNATIVES = 3
INITIATORS = {"provider": "I must move the date", "customer": "The customer asked me"}
REQUEST_ONLY = "rebooking_request_only"
# Bookings the provider may cancel from the order page (requests are rejected instead).
CANCELLABLE = (Status.CONFIRMED, Status.PENDING_PAYMENT, Status.REBOOKING_REQUESTED)


class PlaceTaken(DomainError):
    message = "This date was just taken. Please pick another one, or get your money back."


class AlternativeTaken(ValidationFailed):
    def __init__(self, when: object) -> None:
        super().__init__(N_("{when} is already taken. Choose another time."), field="slots", when=when)


class RebookingAlreadyOpen(DomainError):
    message = "New dates were already sent for this booking. The customer is choosing now."


class NoRebookingRequest(DomainError):
    message = "This booking has no rebooking request from the customer waiting for an answer."


class RebookingNotOffered(DomainError):
    message = "This booking cannot be rebooked online. Please contact the provider."


class BookingStarted(DomainError):
    message = "This booking has already started, so it cannot be moved any more."


# --- what the screens show ----------------------------------------------------------


@dataclass(frozen=True)
class ProviderQuote:
    """The money of a provider cancellation, shown before confirming it."""

    quote: CancellationQuote
    currency: str
    commission_pct: str
    already_refunded_minor: int
    hold_to_release_minor: int  # a card hold is released, never "refunded"


@dataclass
class CustomerRebooking:
    """The rebooking part of the customer's manage page."""

    proposal: Proposal | None = None  # dates waiting for the customer
    slots: list[ProposedSlot] = field(default_factory=list)
    ask: Proposal | None = None  # the customer's own request, waiting for the provider
    can_ask: bool = False
    refund_minor: int = 0  # what "my money back" refunds


@dataclass(frozen=True)
class SessionChoice:
    id: int
    starts_at: datetime
    free_places: int


@dataclass(frozen=True)
class ActionContext:
    """What the order page's dialogs need about one booking."""

    booking: Booking
    service: Service
    org: Organization
    customer: Customer
    ask: Proposal | None
    quote: ProviderQuote | None
    sessions: list[SessionChoice]


@dataclass(frozen=True)
class RebookingAsk:
    booking: Booking
    customer: Customer
    service: Service
    ask: Proposal


# --- provider: ask the customer to pick a new date -----------------------------------


@user_input
def request_rebooking(session: Session, *, actor: Actor, booking_id: Id, initiator: Annotated[str, Choice(INITIATORS, message="Choose who wants the new date.")], reason: Paragraph,
                      slots: Moments = (), session_ids: Ids = (), now: datetime | None = None) -> Proposal:
    """Send the customer 1-3 new dates (times, or class sessions with a free place).
    Also the provider's approval of a customer's request (then the customer initiated it)."""
    now = now or utcnow()
    booking, service = locked_for_dates(session, actor, booking_id)
    ask = _asked(session, booking)
    if ask is None and booking.status == Status.REBOOKING_REQUESTED:
        raise RebookingAlreadyOpen()
    if ask is not None:
        initiator = "customer"  # the provider approves what the customer asked for
    if initiator not in INITIATORS:
        raise ValidationFailed("Choose who wants the new date.", field="initiator")
    text = clean_text(reason, field="reason", label="a reason", max_length=2000)
    action = Action.PROPOSE_REBOOKING if ask else Action.REQUEST_REBOOKING
    next_status(booking.status, action)  # a cancelled or past booking says so before the dates are checked
    if booking.starts_at <= now:
        raise BookingStarted()
    if ask is not None:
        ask.status, ask.decided_at = "approved", now
        session.add(ask)
    return send_dates(session, actor=actor, booking=booking, service=service, initiator=initiator, text=text, slots=slots,
                      session_ids=session_ids, action=action, now=now)


def locked_for_dates(session: Session, actor: Actor, booking_id: int) -> tuple[Booking, Service]:
    """The booking and its service, locked as taking a time locks them (the service row,
    then the person's), so a proposal and a booking of the same time serialize."""
    booking = get_owned(session, Booking, booking_id, actor, lock=True)
    service = session.get(Service, booking.service_id, with_for_update=True)  # serializes taking places
    appointments.lock_staff(session, [booking.staff_user_id] if booking.staff_user_id else [])
    session.refresh(booking)
    return booking, service


def send_dates(session: Session, *, actor: Actor, booking: Booking, service: Service, initiator: str, text: str,
               slots: Sequence[datetime], session_ids: Sequence[int], action: Action, now: datetime,
               log_code: str = "booking.rebooking_requested") -> Proposal:
    """Check the dates, open the proposal (its times are held from now on) and email them."""
    if booking.organization_id != actor.organization_id:
        raise NotFound()
    alternatives = _alternatives(session, booking, service, slots, session_ids, now)
    transition(session, booking, action, now)
    org = session.get(Organization, booking.organization_id)
    deadline = min(now + timedelta(hours=org.response_window_hours), alternatives[0][0])
    if initiator == "customer":
        deadline = min(deadline, booking.starts_at)  # after that the original date has passed anyway
    proposal = Proposal(organization_id=booking.organization_id, booking_id=booking.id, kind="rebooking", initiator=initiator,
                        message=text, expires_at=deadline, created_by_staff_id=actor.id)
    session.add(proposal)
    session.flush()
    rows = [ProposedSlot(proposal_id=proposal.id, starts_at=start, ends_at=end, session_id=sid) for start, end, sid in alternatives]
    session.add_all(rows)
    session.flush()
    booking.respond_by = deadline
    session.add(booking)
    log_action(session, actor=actor, action=log_code, organization_id=booking.organization_id,
               booking_id=booking.id, data={"initiator": initiator, "reason": text, "slots": [a[0].isoformat() for a in alternatives]})
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="rebooking_requested", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, reply_to=provider_email(session, ctx.org, ctx.service, ctx.booking),
                values={**ctx.values, "REASON": text, "PROPOSED_SLOTS": _slot_lines(ctx, rows)})
    return proposal


def _alternatives(session: Session, booking: Booking, service: Service, slots: Sequence[datetime], session_ids: Sequence[int],
                  now: datetime) -> list[tuple[datetime, datetime, int | None]]:
    """(start, end, class session) of each alternative, earliest first; each must have room now."""
    org = session.get(Organization, booking.organization_id)
    if service.kind == "class":
        return _session_alternatives(session, booking, list(session_ids), now, org)
    starts = validate_alternatives(list(slots), now, limit=MAX_ALTERNATIVES)
    length = booking.ends_at - booking.starts_at
    for start in starts:
        if start == booking.starts_at:
            raise ValidationFailed("One of the times is the booking's current time.", field="slots")
        if _overlaps(session, booking, start, start + length, now):
            raise AlternativeTaken(datetime_shown(start, org.timezone))
    return [(start, start + length, None) for start in starts]


def _session_alternatives(session: Session, booking: Booking, ids: list[int], now: datetime,
                          org: Organization) -> list[tuple[datetime, datetime, int | None]]:
    if not ids:
        raise ValidationFailed("Add at least one alternative time.", field="slots")
    if len(ids) > MAX_ALTERNATIVES:
        raise ValidationFailed("You can propose at most {max} alternative times.", field="slots", max=MAX_ALTERNATIVES)
    if len(set(ids)) != len(ids):
        raise ValidationFailed("The same time is listed twice.", field="slots")
    chosen = []
    for session_id in ids:
        row = session.get(ClassSession, session_id, with_for_update=True)  # as booking a place locks it
        if row is None or row.organization_id != booking.organization_id or row.service_id != booking.service_id or row.cancelled:
            raise NotFound()
        if row.starts_at <= now:
            raise ValidationFailed("Every alternative must be in the future.", field="slots")
        if row.id == booking.session_id:
            raise ValidationFailed("One of the times is the booking's current time.", field="slots")
        if _free_places(session, row, ignore=booking.id, now=now) < booking.party_size:
            raise AlternativeTaken(datetime_shown(row.starts_at, org.timezone))
        chosen.append((row.starts_at, row.ends_at, row.id))
    return sorted(chosen, key=lambda alt: alt[0])


def _overlaps(session: Session, booking: Booking, start: datetime, end: datetime, now: datetime) -> bool:
    """Another active booking, or another booking's open proposal, holds the staff member
    (or, without one, the service) then."""
    owner = Booking.staff_user_id == booking.staff_user_id if booking.staff_user_id else Booking.service_id == booking.service_id
    found = session.exec(select(Booking.id).where(
        Booking.organization_id == booking.organization_id, owner, col(Booking.status).in_(ACTIVE),
        Booking.starts_at < end, Booking.ends_at > start, Booking.id != booking.id)).first()
    return found is not None or proposal_holds.held_overlap(session, booking=booking, start=start, end=end, now=now)


def _free_places(session: Session, class_session: ClassSession, *, ignore: int, now: datetime) -> int:
    """Places neither taken nor held by other bookings' open proposals (the booking's own aside)."""
    taken = session.exec(select(func.coalesce(func.sum(Booking.party_size), 0)).where(
        Booking.session_id == class_session.id, col(Booking.status).in_(ACTIVE), Booking.id != ignore)).one()
    held = proposal_holds.held_places(session, class_session_id=class_session.id, now=now, ignore_booking_id=ignore)
    return class_session.capacity - int(taken) - held


def _slot_lines(ctx: BookingContext, slots: list[ProposedSlot]) -> str:
    url = manage_links.url_of(ctx.booking)
    locale = ctx.customer.locale or ctx.org.locale
    return "\n".join(f"- {fmt_datetime(s.starts_at, ctx.org.timezone, locale)}: {url}?slot={s.id}" for s in slots)


def session_choices(session: Session, *, booking: Booking, now: datetime, limit: int = 30) -> list[SessionChoice]:
    """Upcoming sessions of the booking's class with room for its party, for the dates form."""
    rows = session.exec(select(ClassSession).where(
        ClassSession.service_id == booking.service_id, ClassSession.organization_id == booking.organization_id,
        ClassSession.starts_at > now, ClassSession.cancelled == False,  # noqa: E712
        ClassSession.id != (booking.session_id or 0)).order_by(col(ClassSession.starts_at)).limit(limit))
    choices = [SessionChoice(row.id, row.starts_at, _free_places(session, row, ignore=booking.id, now=now)) for row in rows]
    return [c for c in choices if c.free_places >= booking.party_size]


# --- customer: answer the dates -------------------------------------------------------


def _live_proposal(session: Session, booking: Booking, now: datetime) -> Proposal:
    proposal = session.exec(select(Proposal).where(Proposal.booking_id == booking.id, Proposal.kind == "rebooking",
                                                   Proposal.status == "open").order_by(col(Proposal.id).desc())).first()
    if booking.status != Status.REBOOKING_REQUESTED or proposal is None or (proposal.expires_at and proposal.expires_at <= now):
        raise ProposalClosed()
    return proposal


def _customer_locked(session: Session, token: str, now: datetime) -> tuple[Booking, Service]:
    booking = manage_links.booking_for(session, token, now=now)
    service = session.get(Service, booking.service_id, with_for_update=True)
    session.refresh(booking)
    return booking, service


@user_input
def pick_rebooking_slot(session: Session, *, token: LinkToken, slot_id: Id, now: datetime | None = None) -> Booking:
    """Move the booking to the date the customer picked, if it still has room; else
    PlaceTaken and nothing changes (the customer picks another or takes the refund)."""
    now = now or utcnow()
    booking, _service = _customer_locked(session, token, now)
    proposal = _live_proposal(session, booking, now)
    slot = session.get(ProposedSlot, slot_id)
    if slot is None or slot.proposal_id != proposal.id:
        raise NotFound()
    if slot.starts_at <= now:
        raise PlaceTaken()
    if slot.session_id is not None:
        class_session = session.get(ClassSession, slot.session_id, with_for_update=True)
        if class_session is None or class_session.cancelled or _free_places(session, class_session, ignore=booking.id, now=now) < booking.party_size:
            raise PlaceTaken()
    elif _overlaps(session, booking, slot.starts_at, slot.ends_at, now):
        raise PlaceTaken()
    previous = booking.starts_at
    transition(session, booking, Action.PICK_SLOT, now)
    booking.starts_at, booking.ends_at, booking.respond_by, booking.reminder_sent_at = slot.starts_at, slot.ends_at, None, None
    if slot.session_id is not None:
        booking.session_id = slot.session_id
    manage_links.follow_end(booking)
    slot.chosen = True
    proposal.status, proposal.decided_at = "accepted", now
    session.add_all([booking, slot, proposal])
    actor = customer_actor(session, booking)
    log_action(session, actor=actor, action="booking.rebooking_picked", organization_id=booking.organization_id,
               booking_id=booking.id, data={"from": previous.isoformat(), "to": slot.starts_at.isoformat()})
    ctx = booking_context(session, booking)
    locale = ctx.customer.locale or ctx.org.locale
    email_confirmation(session, ctx, now, key="booking_changed", extra={"PREVIOUS_DATE": fmt_datetime(previous, ctx.org.timezone, locale)})
    queue_email(session, org=ctx.org, key="rebooking_picked_provider", to=provider_email(session, ctx.org, ctx.service, ctx.booking),
                booking_id=booking.id, values={**ctx.provider_values, "PREVIOUS_DATE": fmt_datetime(previous, ctx.org.timezone, ctx.org.locale)})
    return booking


@user_input
def refuse_rebooking(session: Session, *, token: LinkToken, gateway: PaymentGateway, now: datetime | None = None) -> Booking:
    """None of the dates suits the customer: cancel and give back everything they paid.
    The platform keeps its commission from the provider, as on a provider cancellation."""
    now = now or utcnow()
    booking, _service = _customer_locked(session, token, now)
    proposal = _live_proposal(session, booking, now)
    transition(session, booking, Action.REQUEST_REFUND, now)
    proposal.status, proposal.decided_at = "refund_requested", now
    session.add(proposal)
    actor = customer_actor(session, booking)
    refund, commission = _give_money_back(session, actor, booking, gateway, quoted_refunded_minor=None)
    booking.cancel_reason, booking.respond_by = "The customer took the refund instead of a new date", None
    session.add(booking)
    log_action(session, actor=actor, action="booking.rebooking_refused", organization_id=booking.organization_id,
               booking_id=booking.id, data={"refund_minor": refund, "commission_minor": commission})
    _tell_both(session, booking, "rebooking_refused", "rebooking_refused_provider", refund, commission)
    return booking


# --- customer: ask for a rebooking (request-only services) ------------------------------


@user_input
def ask_for_rebooking(session: Session, *, token: LinkToken, reason: Annotated[str, Text(5000, multiline=True, field="ask_reason")], now: datetime | None = None) -> Proposal:
    """Where customers may not cancel, they may ask to move the booking (say, ill):
    the request waits in the provider's inbox; the original date stands until answered."""
    now = now or utcnow()
    booking, service = _customer_locked(session, token, now)
    if frozen_terms(booking, service)[1] != REQUEST_ONLY:
        raise RebookingNotOffered()
    text = clean_text(reason, field="ask_reason", label="a reason", max_length=2000)
    next_status(booking.status, Action.REQUEST_REBOOKING)
    if booking.starts_at <= now:
        raise BookingStarted()
    transition(session, booking, Action.REQUEST_REBOOKING, now)
    org = session.get(Organization, booking.organization_id)
    deadline = min(now + timedelta(hours=org.response_window_hours), booking.starts_at)
    ask = Proposal(organization_id=booking.organization_id, booking_id=booking.id, kind="rebooking", initiator="customer",
                   message=text, status="asked", expires_at=deadline)
    session.add(ask)
    booking.respond_by = deadline
    session.add(booking)
    actor = customer_actor(session, booking)
    log_action(session, actor=actor, action="booking.rebooking_asked", organization_id=booking.organization_id,
               booking_id=booking.id, data={"reason": text})
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="rebooking_asked", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, values={**ctx.values, "MESSAGE": text})
    queue_email(session, org=ctx.org, key="rebooking_asked_provider", to=provider_email(session, ctx.org, service, booking),
                booking_id=booking.id, reply_to=ctx.customer.email, values={**ctx.provider_values, "MESSAGE": text})
    return ask


@user_input
def decline_rebooking_request(session: Session, *, actor: Actor, booking_id: Id, message: Paragraph,
                              now: datetime | None = None) -> Booking:
    """The provider's decision: no new date; the booking stays as it is."""
    now = now or utcnow()
    booking = get_owned(session, Booking, booking_id, actor, lock=True)
    ask = _asked(session, booking)
    if ask is None:
        raise NoRebookingRequest()
    text = clean_text(message, field="message", label="a message to the customer", max_length=2000)
    transition(session, booking, Action.DECLINE_REBOOKING, now)
    ask.status, ask.decided_at = "declined", now
    booking.respond_by = None
    session.add_all([ask, booking])
    log_action(session, actor=actor, action="booking.rebooking_declined", organization_id=booking.organization_id,
               booking_id=booking.id, data={"message": text})
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="rebooking_declined", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, reply_to=provider_email(session, ctx.org, ctx.service, ctx.booking), values={**ctx.values, "MESSAGE": text})
    return booking


def asked(session: Session, booking: Booking) -> Proposal | None:
    """The customer's rebooking request waiting for the provider's answer, if any."""
    return _asked(session, booking)


def _asked(session: Session, booking: Booking) -> Proposal | None:
    if booking.status != Status.REBOOKING_REQUESTED:
        return None
    return session.exec(select(Proposal).where(Proposal.booking_id == booking.id, Proposal.kind == "rebooking",
                                               Proposal.status == "asked").order_by(col(Proposal.id).desc())).first()


def asks_waiting(session: Session, *, actor: Actor, limit: int = 50) -> list[RebookingAsk]:
    """Customers' rebooking requests for the provider's inbox, soonest deadline first."""
    rows = session.exec(
        select(Booking, Customer, Service, Proposal)
        .join(Customer, col(Customer.id) == Booking.customer_id)
        .join(Service, col(Service.id) == Booking.service_id)
        .join(Proposal, col(Proposal.booking_id) == Booking.id)
        .where(Booking.organization_id == actor.organization_id, Booking.status == Status.REBOOKING_REQUESTED,
               Proposal.kind == "rebooking", Proposal.status == "asked")
        .order_by(col(Proposal.expires_at), col(Booking.id)).limit(limit))
    return [RebookingAsk(b, c, s, p) for b, c, s, p in rows]


# --- provider: cancel with the commission retained --------------------------------------


def _paid_remaining(payment: Payment | None) -> int:
    if payment is None or payment.status not in ("captured", "partially_refunded"):
        return 0
    return payment.captured_minor - payment.refunded_minor


def _quote(session: Session, booking: Booking) -> ProviderQuote:
    org = session.get(Organization, booking.organization_id)
    payment = payments.active_hold(session, booking.id)
    hold = payment.amount_minor if payment is not None and payment.status == "authorized" else 0
    return ProviderQuote(cancellation_quote(_paid_remaining(payment), org.platform_commission_pct), booking.currency,
                         org.platform_commission_pct, payment.refunded_minor if payment else 0, hold)


@user_input
def provider_cancellation_quote(session: Session, *, actor: Actor, booking_id: Id) -> ProviderQuote:
    """Gross, refund to the customer, commission retained and the provider's net, before confirming."""
    booking = get_owned(session, Booking, booking_id, actor)
    next_status(booking.status, Action.CANCEL)  # a cancelled or finished booking has nothing to quote
    if booking.status not in CANCELLABLE:
        raise RebookingNotOffered()
    return _quote(session, booking)


@user_input
def cancel_by_provider(session: Session, *, actor: Actor, booking_id: Id, reason: Paragraph, quoted_refunded_minor: int,
                       gateway: PaymentGateway, now: datetime | None = None) -> Booking:
    """Cancel, refund everything paid through the gateway (once: the transition and the
    quoted refund state both refuse a second click), and tell both sides."""
    now = now or utcnow()
    text = clean_text(reason, field="reason", label="a reason", max_length=500)
    booking = get_owned(session, Booking, booking_id, actor, lock=True)
    provider_cancellation_quote(session, actor=actor, booking_id=booking.id)
    payment = payments.active_hold(session, booking.id)
    if quoted_refunded_minor != (payment.refunded_minor if payment else 0):
        raise PaymentError(reason="a refund was made meanwhile; check the amounts again")
    transition(session, booking, Action.CANCEL, now)
    for proposal in session.exec(select(Proposal).where(Proposal.booking_id == booking.id, col(Proposal.status).in_(("open", "asked")))):
        proposal.status, proposal.decided_at = "cancelled", now
        session.add(proposal)
    refund, commission = _give_money_back(session, actor, booking, gateway, quoted_refunded_minor=quoted_refunded_minor)
    booking.cancel_reason, booking.respond_by = text, None
    session.add(booking)
    log_action(session, actor=actor, action="booking.cancelled_by_provider", organization_id=booking.organization_id,
               booking_id=booking.id, data={"reason": text, "refund_minor": refund, "commission_minor": commission})
    # The provider's copy ("You cancelled booking …") goes to the one who cancelled.
    _tell_both(session, booking, "provider_cancelled", "provider_cancelled_provider", refund, commission, reason=text,
               provider_to=acting_staff_email(session, actor))
    return booking


def _give_money_back(session: Session, actor: Actor, booking: Booking, gateway: PaymentGateway, *,
                     quoted_refunded_minor: int | None) -> tuple[int, int]:
    """Release a hold, or refund all that was paid with the commission retained.
    Returns (refunded, commission retained) in minor units."""
    payment = payments.active_hold(session, booking.id)
    if payment is not None and payment.status == "authorized":
        payments.release(session, actor=actor, payment=payment, gateway=gateway)
        return 0, 0
    quote = _quote(session, booking).quote
    if quote.refund_minor <= 0:
        return 0, 0
    payments.refund(session, actor=actor, payment=payment, gateway=gateway, amount_minor=quote.refund_minor,
                    commission_minor=quote.commission_minor,
                    quoted_refunded_minor=payment.refunded_minor if quoted_refunded_minor is None else quoted_refunded_minor)
    booking.refund_decision = "refunded"
    return quote.refund_minor, quote.commission_minor


def _tell_both(session: Session, booking: Booking, customer_key: str, provider_key: str, refund: int, commission: int,
               reason: str = "", provider_to: str | None = None) -> None:
    ctx = booking_context(session, booking)
    locale = ctx.customer.locale or ctx.org.locale
    values, provider_values = ({**v, "REASON": reason or "-"} for v in (ctx.values, ctx.provider_values))
    # A cancelled booking leaves the customer's calendar; one that keeps its date stays as it is.
    calendar = [cancellation_file(ctx)] if booking.status == Status.CANCELLED else []
    queue_email(session, org=ctx.org, key=customer_key, to=ctx.customer.email, booking_id=booking.id, locale=ctx.customer.locale,
                reply_to=provider_email(session, ctx.org, ctx.service, ctx.booking),
                values={**values, "AMOUNT": fmt_money(refund, booking.currency, locale)}, attachments=calendar)
    queue_email(session, org=ctx.org, key=provider_key, to=provider_to or provider_email(session, ctx.org, ctx.service, ctx.booking),
                booking_id=booking.id,
                values={**provider_values, "AMOUNT": fmt_money(refund, booking.currency, ctx.org.locale),
                        "COMMISSION": fmt_money(commission, booking.currency, ctx.org.locale)})


# --- what the pages load ---------------------------------------------------------------


def customer_view(session: Session, *, booking: Booking, service: Service, now: datetime | None = None) -> CustomerRebooking:
    now = now or utcnow()
    view = CustomerRebooking()
    if booking.status == Status.REBOOKING_REQUESTED:
        view.ask = _asked(session, booking)
        try:
            view.proposal = _live_proposal(session, booking, now)
        except ProposalClosed:
            view.proposal = None
        if view.proposal is not None:
            view.slots = list(session.exec(select(ProposedSlot).where(ProposedSlot.proposal_id == view.proposal.id)
                                           .order_by(col(ProposedSlot.starts_at))))
            view.refund_minor = _quote(session, booking).quote.refund_minor
    view.can_ask = (frozen_terms(booking, service)[1] == REQUEST_ONLY and booking.status == Status.CONFIRMED and booking.starts_at > now)
    return view


@user_input
def action_context(session: Session, *, actor: Actor, reference: LinkToken, now: datetime | None = None) -> ActionContext:
    now = now or utcnow()
    booking = session.exec(select(Booking).where(Booking.reference == reference.strip().upper(),
                                                 Booking.organization_id == actor.organization_id)).first()
    if booking is None:
        raise NotFound()
    service = session.get(Service, booking.service_id)
    quote = _quote(session, booking) if booking.status in CANCELLABLE else None
    sessions = session_choices(session, booking=booking, now=now) if service.kind == "class" else []
    return ActionContext(booking, service, session.get(Organization, booking.organization_id),
                         session.get(Customer, booking.customer_id), _asked(session, booking), quote, sessions)


# --- the sweeper --------------------------------------------------------------------------


def expire_rebookings(*, engine=None, now: datetime | None = None, gateway: PaymentGateway | None = None) -> int:
    """Settle rebookings nobody answered in time (see the module's expiry rule)."""
    from bookingapp.db import read_only
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.services.requests import _each_due

    now, gateway = now or utcnow(), gateway or get_gateway()
    with read_only(engine) as session:
        due = list(session.exec(select(Proposal.id).where(Proposal.kind == "rebooking", col(Proposal.status).in_(("open", "asked")),
                                                          col(Proposal.expires_at) <= now)))

    def expire(session: Session, proposal_id: int) -> bool:
        proposal = session.get(Proposal, proposal_id)
        if proposal.status not in ("open", "asked"):
            return False  # answered a moment ago
        booking = session.get(Booking, proposal.booking_id)
        system = Actor.system(booking.organization_id)
        proposal.status, proposal.decided_at = "expired", now
        session.add(proposal)
        if proposal.initiator == "provider":
            transition(session, booking, Action.EXPIRE, now)
            refund, commission = _give_money_back(session, system, booking, gateway, quoted_refunded_minor=None)
            booking.cancel_reason = "No new date was chosen in time"
            action, keys = "booking.rebooking_expired", ("rebooking_expired_cancelled", "rebooking_expired_provider")
        else:
            transition(session, booking, Action.KEEP_DATE, now)
            refund = commission = 0
            action, keys = "booking.rebooking_lapsed", ("rebooking_expired_kept", "rebooking_expired_provider")
        booking.respond_by = None
        session.add(booking)
        log_action(session, actor=system, action=action, organization_id=booking.organization_id, booking_id=booking.id,
                   data={"refund_minor": refund, "commission_minor": commission})
        _tell_both(session, booking, *keys, refund, commission)
        return True

    return _each_due(due, engine, expire)
