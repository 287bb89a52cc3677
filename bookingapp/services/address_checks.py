"""Verified email for bookings (issue 21). Where the business asks for confirmed addresses
(Settings → Customer accounts: `Organization.confirm_booking_emails`, with accounts on), a
portal booking (a request or an appointment) from an address never confirmed is *held*:

- it is stored as `awaiting_email`, with the status its flow gave it in `held_status`; it
  holds its time (it is ACTIVE) and its card hold, but the business is not emailed, it is
  no request in the inbox, and the customer gets no confirmation or reminder yet;
- the customer is emailed `confirm_booking_email` with a link for this booking alone (a
  random 256-bit token, only its SHA-256 stored): a different secret from the manage link,
  which the person who booked sees in their browser;
- confirming (`confirm_address`) marks the address verified (later bookings from it go
  straight through) and moves the booking on to its held status, with that flow's emails as
  if it had just been made: a request's answer window starts then;
- not confirmed by `respond_by` (the business's response window, and never after the
  start), the sweeper (`lapse_unconfirmed`) expires it: the time is freed and any card hold
  released. Nobody is emailed: the address may not belong to whoever booked.

Staff booking for a customer (front desk) and signed-in customers' class places are never
held: staff vouch for the customer, and signing in confirms the address.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bookingapp import routes
from bookingapp.domain.address_check import confirm_by, must_confirm_address, still_open
from bookingapp.domain.booking_states import Action, Status
from bookingapp.domain.errors import DomainError
from bookingapp.domain.localized_text import service_name_texts
from bookingapp.domain.user_input import LinkToken, user_input
from bookingapp.integrations.payments import PaymentGateway
from bookingapp.models import Booking, Customer, Organization, Payment, Service, utcnow
from bookingapp.services import manage_links, payments
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor
from bookingapp.services.booking_common import (
    announce_booking,
    announce_request,
    booking_context,
    customer_actor,
    transition,
)
from bookingapp.services.notifications import queue_email
from bookingapp.settings import get_settings

# A request's hold must still be capturable when the provider answers (requests.HOLD_SAFETY_MARGIN).
HOLD_SAFETY_MARGIN = timedelta(hours=1)


class ConfirmationLinkInvalid(DomainError):
    # Unknown and another business's links alike: a link reveals nothing about why.
    message = "This confirmation link does not open a booking. Use the link in your most recent email."


class ConfirmationLapsed(DomainError):
    message = "This booking was not confirmed in time and has lapsed; its time is free again. You are welcome to book again."


def must_confirm(org: Organization, customer: Customer) -> bool:
    return must_confirm_address(customer_accounts=org.customer_accounts, confirm_booking_emails=org.confirm_booking_emails,
                                email_verified=customer.email_verified)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hold(session: Session, *, booking: Booking, org: Organization, customer: Customer, now: datetime) -> None:
    """Hold a booking its flow has just written until the customer confirms their address,
    and email them the link. The caller sends none of its own emails."""
    token = secrets.token_urlsafe(32)
    booking.held_status = booking.status
    booking.status = Status.AWAITING_EMAIL
    booking.email_check_hash = _hash(token)
    booking.respond_by = confirm_by(now=now, response_window_hours=org.response_window_hours, starts_at=booking.starts_at)
    session.add(booking)
    session.flush()
    ctx = booking_context(session, booking)
    url = get_settings().public_base_url.rstrip("/") + routes.confirm_booking(org.slug, token)
    queue_email(session, org=org, key="confirm_booking_email", to=customer.email, booking_id=booking.id,
                locale=customer.locale, values={**ctx.values, "CONFIRM_URL": url})
    log_action(session, actor=customer_actor(session, booking), action="booking.held_for_email",
               organization_id=org.id, booking_id=booking.id, customer_id=customer.id,
               data={"confirm_by": booking.respond_by.isoformat()})


@dataclass(frozen=True)
class HeldBooking:
    """What the confirmation page shows: `state` is "waiting", "confirmed" or "lapsed"."""

    org: Organization
    service_name: str
    booking: Booking
    state: str


def _by_token(session: Session, org_slug: str, token: str, *, lock: bool = False) -> Booking:
    if not token or len(token) > 100:
        raise ConfirmationLinkInvalid()
    query = select(Booking).where(Booking.email_check_hash == _hash(token))
    booking = session.exec(query.with_for_update() if lock else query).first()
    org = session.get(Organization, booking.organization_id) if booking else None
    if booking is None or org is None or org.slug != org_slug:
        raise ConfirmationLinkInvalid()
    return booking


def _state(booking: Booking, now: datetime) -> str:
    if booking.status == Status.AWAITING_EMAIL:
        return "waiting" if still_open(booking.respond_by, now) else "lapsed"
    # Confirming clears held_status; a booking that lapsed (or was cancelled) keeps it.
    return "confirmed" if booking.held_status is None else "lapsed"


@user_input
def held_booking(session: Session, *, org_slug: LinkToken, token: LinkToken, now: datetime | None = None) -> HeldBooking:
    now = now or utcnow()
    booking = _by_token(session, org_slug, token)
    service = session.get(Service, booking.service_id)
    return HeldBooking(session.get(Organization, booking.organization_id), service_name_texts(service), booking, _state(booking, now))


@user_input
def confirm_address(session: Session, *, org_slug: LinkToken, token: LinkToken, gateway: PaymentGateway,
                    now: datetime | None = None) -> tuple[Booking, str]:
    """The customer confirms their address with the emailed link: the booking goes on as
    its flow made it. Returns the booking and its manage token; confirming again only opens
    the booking. A lapsed booking raises ConfirmationLapsed and changes nothing."""
    now = now or utcnow()
    booking = _by_token(session, org_slug, token, lock=True)
    state = _state(booking, now)
    if state == "lapsed":
        raise ConfirmationLapsed()
    if state == "confirmed":
        return booking, manage_links.token_of(booking)

    org = session.get(Organization, booking.organization_id)
    customer = session.get(Customer, booking.customer_id, with_for_update=True)
    actor = customer_actor(session, booking)
    transition(session, booking, Action.CONFIRM_EMAIL, now)
    booking.held_status = None
    if not customer.email_verified:
        customer.email_verified = True
        session.add(customer)
        log_action(session, actor=actor, action="customer.email_confirmed", organization_id=org.id, customer_id=customer.id)
    log_action(session, actor=actor, action="booking.email_confirmed", organization_id=org.id, booking_id=booking.id,
               customer_id=customer.id)
    payment = payments.active_hold(session, booking.id)
    if booking.status == Status.REQUESTED:
        # The business hears of the request now: its answer window starts now.
        booking.respond_by = now + timedelta(hours=org.response_window_hours)
        if payment is not None and not payment.saved_method_ref and payment.hold_expires_at:
            booking.respond_by = min(booking.respond_by, payment.hold_expires_at - HOLD_SAFETY_MARGIN)
        session.add(booking)
        announce_request(session, booking)
    else:
        booking.respond_by = None
        session.add(booking)
        # A card given when booking was held, not charged: it is charged now.
        if payment is not None and payment.status == "authorized":
            payments.capture(session, actor=actor, payment=payment, gateway=gateway)
            if booking.status == Status.PENDING_PAYMENT:
                transition(session, booking, Action.PAY, now)
        announce_booking(session, booking, now)
    return booking, manage_links.token_of(booking)


def lapse_unconfirmed(*, engine=None, now: datetime | None = None, gateway: PaymentGateway | None = None) -> int:
    """Expire the held bookings whose address was not confirmed in time: the time is free
    again and a card hold released. Each is claimed by the transition's conditional UPDATE,
    so parallel sweepers expire it once."""
    from bookingapp.db import read_only, unit_of_work
    from bookingapp.integrations.gateways import get_gateway

    now, gateway = now or utcnow(), gateway or get_gateway()
    with read_only(engine) as session:
        due = list(session.exec(select(Booking.id).where(Booking.status == Status.AWAITING_EMAIL,
                                                         col(Booking.respond_by) <= now)))
    done = 0
    for booking_id in due:
        try:
            with unit_of_work(engine) as session:
                booking = session.get(Booking, booking_id)
                transition(session, booking, Action.EXPIRE, now)
                system = Actor.system(booking.organization_id)
                payment: Payment | None = payments.active_hold(session, booking.id)
                if payment is not None and payment.status == "authorized":
                    payments.release(session, actor=system, payment=payment, gateway=gateway)
                log_action(session, actor=system, action="booking.email_unconfirmed", organization_id=booking.organization_id,
                           booking_id=booking.id, customer_id=booking.customer_id)
            done += 1
        except DomainError:  # a confirmation or another sweeper acted a moment ago
            continue
    return done
