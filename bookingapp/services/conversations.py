"""The conversation on a booking (issue 21): every message between the provider and the
customer is stored on the booking, shown as a thread on the manage page and on the order
page, and emailed to the other side with Reply-To set to the writer, so either can answer
from their own mail program as well as from the page.

Messages that come with an action (the provider's words with a confirmation, a proposal
or a rejection; the customer's answer to a proposal) are written by that action's service,
in its transaction, through `add_message`. The two plain replies live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import ACTIVE
from bookingapp.domain.errors import DomainError
from bookingapp.domain.user_input import Id, LinkToken, Paragraph, user_input
from bookingapp.models import Booking, BookingMessage, Customer, Organization, StaffUser, utcnow
from bookingapp.services import manage_links
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import (
    BookingContext,
    booking_context,
    customer_actor,
    provider_email,
)
from bookingapp.services.notifications import queue_email

MAX_MESSAGE = 4000


class ConversationClosed(DomainError):
    message = "This booking has ended: messages can no longer be sent here."


@dataclass(frozen=True)
class ThreadEntry:
    message: BookingMessage
    author_name: str  # the customer's name, the staff member's, or the business's


def add_message(session: Session, *, booking: Booking, author: str, body: str, staff_user_id: int | None = None,
                suggested_starts_at: datetime | None = None, now: datetime | None = None) -> BookingMessage:
    """Store one message on the booking, in the caller's transaction (the caller emails it)."""
    row = BookingMessage(organization_id=booking.organization_id, booking_id=booking.id, author=author, body=body,
                         staff_user_id=staff_user_id, suggested_starts_at=suggested_starts_at, created_at=now or utcnow())
    session.add(row)
    session.flush()
    return row


def add_provider_message(session: Session, *, booking: Booking, actor: Actor, body: str, now: datetime) -> BookingMessage:
    """The provider's words on the booking, signed by the staff member who wrote them (the
    business's name shows where no staff member acted)."""
    return add_message(session, booking=booking, author="provider", body=body, staff_user_id=actor.id if actor.is_staff else None,
                       now=now)


def thread(session: Session, booking: Booking) -> list[ThreadEntry]:
    """The booking's messages, oldest first; the caller has checked who may read them."""
    rows = session.exec(select(BookingMessage, StaffUser.name).outerjoin(StaffUser, StaffUser.id == BookingMessage.staff_user_id)
                        .where(BookingMessage.booking_id == booking.id, BookingMessage.organization_id == booking.organization_id)
                        .order_by(col(BookingMessage.created_at), col(BookingMessage.id))).all()
    customer = session.get(Customer, booking.customer_id)
    org = session.get(Organization, booking.organization_id)
    return [ThreadEntry(m, customer.name if m.author == "customer" else staff_name or org.name) for m, staff_name in rows]


def latest_suggestion(session: Session, booking: Booking, since: datetime | None) -> BookingMessage | None:
    """The customer's latest message with a time they ask for, written after `since` (the
    open proposal's creation): an older suggestion was answered by that proposal."""
    stmt = select(BookingMessage).where(BookingMessage.booking_id == booking.id, BookingMessage.author == "customer",
                                        col(BookingMessage.suggested_starts_at).is_not(None))
    if since is not None:
        stmt = stmt.where(col(BookingMessage.created_at) >= since)
    return session.exec(stmt.order_by(col(BookingMessage.created_at).desc(), col(BookingMessage.id).desc())).first()


def message_text(message: str, *, field: str = "message", label: str = "a message") -> str:
    return clean_text(message, field=field, label=label, max_length=MAX_MESSAGE)


def email_customer(session: Session, ctx: BookingContext, text: str, *, key: str = "provider_message") -> None:
    """The provider's message to the customer; their reply goes back to the provider."""
    queue_email(session, org=ctx.org, key=key, to=ctx.customer.email, booking_id=ctx.booking.id,
                locale=ctx.customer.locale, values={**ctx.values, "MESSAGE": text},
                reply_to=provider_email(session, ctx.org, ctx.service, ctx.booking))


@user_input
def reply_to_customer(session: Session, *, actor: Actor, booking_id: Id, message: Paragraph, now: datetime | None = None) -> BookingMessage:
    """Staff write to the customer about a booking (message only, nothing else changes)."""
    now = now or utcnow()
    booking = get_owned(session, Booking, booking_id, actor)
    text = message_text(message)
    if booking.status not in ACTIVE:
        raise ConversationClosed()
    row = add_provider_message(session, booking=booking, actor=actor, body=text, now=now)
    log_action(session, actor=actor, action="booking.provider_replied", organization_id=booking.organization_id,
               booking_id=booking.id, data={"message": text})
    email_customer(session, booking_context(session, booking), text)
    return row


@user_input
def write_to_provider(session: Session, *, token: LinkToken, message: Paragraph, now: datetime | None = None) -> BookingMessage:
    """The customer writes to the provider from the manage page (an answer to a proposal
    goes through requests.reply_to_proposal, which can also suggest a time)."""
    now = now or utcnow()
    booking = manage_links.booking_for(session, token, now=now)
    text = message_text(message, label="your message")
    if booking.status not in ACTIVE:
        raise ConversationClosed()
    row = add_message(session, booking=booking, author="customer", body=text, now=now)
    actor = customer_actor(session, booking)
    log_action(session, actor=actor, action="booking.customer_wrote", organization_id=booking.organization_id,
               booking_id=booking.id, data={"message": text})
    email_provider(session, booking, text, suggested="-")
    return row


def email_provider(session: Session, booking: Booking, text: str, *, suggested: str) -> None:
    """The customer's message to the provider; the provider's reply goes to the customer."""
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="customer_replied", to=provider_email(session, ctx.org, ctx.service, ctx.booking),
                booking_id=booking.id, values={**ctx.provider_values, "MESSAGE": text, "SUGGESTED_TIME": suggested},
                reply_to=ctx.customer.email)
