"""What customers do with their own booking through its manage link: pay, cancel,
move it to another free time. And what staff do afterwards: decide about the refund
of a cancelled paid booking, or replace a leaked link.

Cancel and reschedule close at the service's cutoff. Cancelling never refunds by itself:
a paid booking waits as "refund to decide" until staff refund it (with the quote shown
first) or keep the payment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated

from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import Action, Status, next_status
from bookingapp.domain.change_policy import (
    CancellationNotOffered,
    ChangeRights,
    CutoffPassed,
    change_rights,
    frozen_terms,
)
from bookingapp.domain.customer_reminders import can_switch
from bookingapp.domain.errors import DomainError, PaymentError
from bookingapp.domain.formatting import datetime_shown, fmt_datetime, fmt_money
from bookingapp.domain.money import CancellationQuote, cancellation_quote
from bookingapp.domain.user_input import CardText, Id, LinkToken, Moment, Text, user_input
from bookingapp.integrations.payments import CardInput, PaymentGateway
from bookingapp.models import (
    Booking,
    Customer,
    Organization,
    Payment,
    Proposal,
    ProposedSlot,
    Service,
    StaffUser,
    utcnow,
)
from bookingapp.services import (
    appointments,
    conversations,
    manage_links,
    payment_history,
    payments,
    requests,
)
from bookingapp.services.activity import booking_history, log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import (
    booking_context,
    cancellation_file,
    customer_actor,
    email_confirmation,
    provider_email,
    transition,
)
from bookingapp.services.notifications import queue_email

# The customer's own words on cancelling (optional), kept on the booking for the provider.
CancelReason = Annotated[str, Text(500, multiline=True, field="cancel_reason")]


class NothingToPay(DomainError):
    message = "There is nothing to pay for this booking."


class SameTime(DomainError):
    message = "Your booking is already at this time. Choose another one."


class RescheduleNotOffered(DomainError):
    message = "This booking cannot be moved online. Please contact the provider."


class NoRefundToDecide(DomainError):
    message = "This booking has no payment waiting for a refund decision."


class RemindersClosed(DomainError):
    message = "Reminders can only be changed for an upcoming booking."


@dataclass
class ManageView:
    booking: Booking
    org: Organization
    service: Service
    customer: Customer
    payment: Payment | None
    rights: ChangeRights
    amount_due: int
    history: list
    staff_name: str
    provider_contact: str
    proposal: Proposal | None = None
    slots: list[ProposedSlot] = field(default_factory=list)
    # The switch "Email me a reminder": offered while the business sends reminders and
    # the booking is active and has not started.
    reminder_switch: bool = False
    messages: list[conversations.ThreadEntry] = field(default_factory=list)
    # When it was paid and every refund since (issue 21, item 7).
    payments: payment_history.PaymentHistory = field(default_factory=payment_history.PaymentHistory)


def _paid(payment: Payment | None) -> bool:
    return payment is not None and payment.status in ("captured", "partially_refunded", "refunded")


def amount_due(booking: Booking, service: Service, payment: Payment | None) -> int:
    """What the customer can pay online now: the price, unless paid, held, or free. A
    booking waiting for payment is due whatever its kind: the front desk sends payment
    links for requests and for services paid on site too."""
    if booking.status not in (Status.PENDING_PAYMENT, Status.CONFIRMED):
        return 0
    if booking.price_minor <= 0 or _paid(payment):
        return 0
    if payment is not None and payment.status == "authorized":
        return 0
    if booking.status == Status.PENDING_PAYMENT:
        return booking.price_minor
    if service.kind == "request" or service.prepayment == "none":
        return 0
    return booking.price_minor


def _rights(booking: Booking, service: Service, now: datetime) -> ChangeRights:
    cutoff, policy = frozen_terms(booking, service)
    return change_rights(status=booking.status, kind=service.kind, starts_at=booking.starts_at,
                         cutoff_minutes=cutoff, customer_cancellation=policy, now=now)


@user_input
def view(session: Session, *, token: LinkToken, now: datetime | None = None) -> ManageView:
    """Everything the customer's manage page shows, including an open proposal of other times."""
    now = now or utcnow()
    booking = manage_links.booking_for(session, token, now=now)
    service = session.get(Service, booking.service_id)
    payment = payments.active_hold(session, booking.id)
    org = session.get(Organization, booking.organization_id)
    staff = session.get(StaffUser, booking.staff_user_id) if booking.staff_user_id else None
    result = ManageView(
        booking=booking, org=org, service=service,
        customer=session.get(Customer, booking.customer_id), payment=payment, rights=_rights(booking, service, now),
        amount_due=amount_due(booking, service, payment),
        history=booking_history(session, booking_id=booking.id, organization_id=booking.organization_id),
        staff_name=staff.name if staff else "", provider_contact=provider_email(session, org, service, booking),
        reminder_switch=org.customer_reminder_minutes > 0 and can_switch(booking.status, booking.starts_at, now),
        messages=conversations.thread(session, booking),
        payments=payment_history.history(session, booking.id),
    )
    if booking.status == Status.RESCHEDULE_PROPOSED:
        result.proposal = requests.open_proposal(session, booking)
        result.slots = requests.proposal_slots(session, result.proposal) if result.proposal else []
    return result


def _locked(session: Session, token: str, now: datetime) -> tuple[Booking, Service]:
    booking = manage_links.booking_for(session, token, now=now)
    # The service row lock serializes everything that takes or frees this service's times.
    service = session.get(Service, booking.service_id, with_for_update=True)
    session.refresh(booking)
    return booking, service


@user_input
def pay(session: Session, *, token: LinkToken, card: CardInput | CardText, gateway: PaymentGateway, attempt: LinkToken | None = None,
        now: datetime | None = None) -> Booking:
    """Pay the booking in full now. `attempt` names the form submission (see payments.charge);
    the service row lock and the amount-due check make a second payment find nothing to pay."""
    now = now or utcnow()
    booking, service = _locked(session, token, now)
    payment = payments.active_hold(session, booking.id)
    if amount_due(booking, service, payment) <= 0:
        raise NothingToPay()
    actor = customer_actor(session, booking)
    paid = payments.charge(session, actor=actor, booking=booking, card=card, gateway=gateway, attempt=attempt)
    was_pending = booking.status == Status.PENDING_PAYMENT
    transition(session, booking, Action.PAY, now)
    log_action(session, actor=actor, action="booking.paid", organization_id=booking.organization_id,
               booking_id=booking.id, data={"amount_minor": paid.captured_minor})
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="payment_received", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, values=ctx.values)
    if was_pending:
        email_confirmation(session, ctx, now)
    return booking


@user_input
def cancel(session: Session, *, token: LinkToken, gateway: PaymentGateway, reason: CancelReason = "",
           now: datetime | None = None) -> Booking:
    """The customer cancels; `reason` (optional) is stored on the booking and shown to the provider."""
    now = now or utcnow()
    reason = (reason or "").strip()
    booking, service = _locked(session, token, now)
    rights = _rights(booking, service, now)
    if not rights.can_cancel:
        _refuse(session, booking, rights)
        raise CancellationNotOffered()
    actor = customer_actor(session, booking)
    transition(session, booking, Action.CANCEL, now)
    payment = payments.active_hold(session, booking.id)
    if payment is not None and payment.status == "authorized":
        payments.release(session, actor=actor, payment=payment, gateway=gateway)  # a hold is not money taken
    if _paid(payment) and payment.refunded_minor < payment.captured_minor:
        booking.refund_decision = "pending"
    booking.cancel_reason = reason or "Cancelled by the customer"
    session.add(booking)
    log_action(session, actor=actor, action="booking.cancelled_by_customer", organization_id=booking.organization_id,
               booking_id=booking.id, data={"refund_decision": booking.refund_decision, "reason": reason})
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="booking_cancelled", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, values=ctx.values, attachments=[cancellation_file(ctx)])
    note = f"Reason given: {reason}\n" if reason else ""
    if booking.refund_decision == "pending":
        paid = fmt_money(payment.captured_minor - payment.refunded_minor, payment.currency, ctx.org.locale)
        note += f"The customer paid {paid}. Nothing was refunded: decide about a refund on the booking's page."
    queue_email(session, org=ctx.org, key="booking_cancelled_provider", to=provider_email(session, ctx.org, service, booking),
                booking_id=booking.id, values={**ctx.provider_values, "MESSAGE": note})
    return booking


def _refuse(session: Session, booking: Booking, rights: ChangeRights) -> None:
    """Say why a change is not possible: the booking's state, or the cutoff."""
    if rights.reason == "status":
        next_status(booking.status, Action.CANCEL)  # raises InvalidTransition naming the status
    if rights.reason == "cutoff":
        org = session.get(Organization, booking.organization_id)
        raise CutoffPassed(deadline=datetime_shown(rights.deadline, org.timezone))


@user_input
def reschedule(session: Session, *, token: LinkToken, starts_at: Moment, now: datetime | None = None) -> Booking:
    """Move the booking to another free time; everything else about it stays as booked."""
    now = now or utcnow()
    booking, service = _locked(session, token, now)
    rights = _rights(booking, service, now)
    if not rights.can_reschedule:
        _refuse(session, booking, rights)
        raise RescheduleNotOffered()
    org = session.get(Organization, booking.organization_id)
    # The booking stays with its staff member: only their free times count.
    start = appointments.ensure_free(session, service=service, org=org, starts_at=starts_at, now=now, ignore=booking.id,
                                     staff_user_id=booking.staff_user_id)
    if start == booking.starts_at:
        raise SameTime()
    previous = booking.starts_at
    transition(session, booking, Action.RESCHEDULE, now)
    length = booking.ends_at - booking.starts_at
    booking.starts_at, booking.ends_at = start, start + length
    manage_links.follow_end(booking)
    booking.reminder_sent_at = None
    if booking.payment_deadline is not None and booking.payment_deadline > start:
        booking.payment_deadline = start  # never due after the visit it pays for
    session.add(booking)
    actor = customer_actor(session, booking)
    log_action(session, actor=actor, action="booking.rescheduled", organization_id=booking.organization_id,
               booking_id=booking.id, data={"from": previous.isoformat(), "to": start.isoformat()})
    ctx = booking_context(session, booking)
    before = {"PREVIOUS_DATE": fmt_datetime(previous, org.timezone, ctx.customer.locale or org.locale)}
    payment = payments.active_hold(session, booking.id)
    if booking.status == Status.PENDING_PAYMENT and amount_due(booking, service, payment) > 0:
        email_confirmation(session, ctx, now, key="booking_payment_required")
    else:
        email_confirmation(session, ctx, now, key="booking_changed", extra=before)
    queue_email(session, org=org, key="booking_changed_provider", to=provider_email(session, org, service, booking),
                booking_id=booking.id, values={**ctx.provider_values, "PREVIOUS_DATE": fmt_datetime(previous, org.timezone, org.locale)})
    return booking


@user_input
def set_reminders(session: Session, *, token: LinkToken, wanted: bool, now: datetime | None = None) -> Booking:
    """The customer turns the reminder email before this booking on or off (only this
    booking). The sweeper's claim reads the switch, so a reminder not yet sent stays unsent."""
    now = now or utcnow()
    booking = manage_links.booking_for(session, token, now=now, lock=True)
    if not can_switch(booking.status, booking.starts_at, now):
        raise RemindersClosed()
    if booking.customer_reminders_off == (not wanted):
        return booking  # a second click, or another tab: nothing changes, nothing is logged
    booking.customer_reminders_off = not wanted
    session.add(booking)
    log_action(session, actor=customer_actor(session, booking), organization_id=booking.organization_id, booking_id=booking.id,
               action="booking.customer_reminders_on" if wanted else "booking.customer_reminders_off")
    return booking


# --- staff ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RefundQuote:
    payment_id: int
    already_refunded_minor: int
    quote: CancellationQuote
    currency: str


@user_input
def refund_quote(session: Session, *, actor: Actor, booking_id: Id) -> RefundQuote:
    """What refunding the cancelled booking does with the money, shown before confirming:
    the customer gets what they paid back; a platform commission stays retained."""
    booking = get_owned(session, Booking, booking_id, actor)
    payment = payments.active_hold(session, booking.id)
    if booking.refund_decision != "pending" or not _paid(payment):
        raise NoRefundToDecide()
    org = session.get(Organization, booking.organization_id)
    remaining = payment.captured_minor - payment.refunded_minor
    return RefundQuote(payment.id, payment.refunded_minor, cancellation_quote(remaining, org.platform_commission_pct), payment.currency)


@user_input
def refund_cancelled(session: Session, *, actor: Actor, booking_id: Id, quoted_refunded_minor: int, gateway: PaymentGateway,
                     now: datetime | None = None) -> Payment:
    booking = get_owned(session, Booking, booking_id, actor, lock=True)
    quote = refund_quote(session, actor=actor, booking_id=booking.id)
    payment = session.get(Payment, quote.payment_id)
    if quote.quote.refund_minor <= 0:
        raise PaymentError(reason="nothing is left to refund")
    payments.refund(session, actor=actor, payment=payment, gateway=gateway, amount_minor=quote.quote.refund_minor,
                    commission_minor=quote.quote.commission_minor, quoted_refunded_minor=quoted_refunded_minor)
    booking.refund_decision, booking.updated_at = "refunded", now or utcnow()
    session.add(booking)
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="booking_refunded", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale,
                values={**ctx.values, "AMOUNT": fmt_money(quote.quote.refund_minor, payment.currency, ctx.customer.locale or ctx.org.locale)})
    return payment


@user_input
def keep_payment(session: Session, *, actor: Actor, booking_id: Id, now: datetime | None = None) -> Booking:
    """Staff decide the cancelled booking's payment is not refunded (late cancellation, policy)."""
    booking = get_owned(session, Booking, booking_id, actor, lock=True)
    if booking.refund_decision != "pending":
        raise NoRefundToDecide()
    booking.refund_decision, booking.updated_at = "kept", now or utcnow()
    session.add(booking)
    log_action(session, actor=actor, action="booking.payment_kept", organization_id=booking.organization_id, booking_id=booking.id)
    return booking


@user_input
def replace_manage_link(session: Session, *, actor: Actor, booking_id: Id) -> Booking:
    """Revoke the customer's link (say it was forwarded by mistake) and email a new one."""
    booking = get_owned(session, Booking, booking_id, actor, lock=True)
    manage_links.issue(booking)
    session.add(booking)
    log_action(session, actor=actor, action="booking.manage_link_replaced", organization_id=booking.organization_id,
               booking_id=booking.id)
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="manage_link_replaced", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, values=ctx.values)
    return booking


def refunds_to_decide(session: Session, *, actor: Actor) -> list[Booking]:
    return list(session.exec(
        select(Booking).where(Booking.organization_id == actor.organization_id, Booking.refund_decision == "pending")
        .order_by(col(Booking.updated_at).desc())
    ))

