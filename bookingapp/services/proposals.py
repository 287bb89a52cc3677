"""The open proposal on the order page (issue 21, item 11): what the customer is choosing
from, and the provider's second thoughts about it.

A proposal is either other times for a request (kind "reschedule") or new dates for a
confirmed booking (kind "rebooking"). While it is open its times are held for the customer
(`proposal_holds`). The provider may

- withdraw it: a request waits for the provider's answer again (by the same deadline), a
  rebooking keeps its original date; the customer is emailed that the dates no longer hold;
- change it: new dates or a new reason replace it. The old one ends as "replaced" (its
  times come free), the new one is sent as the first was, with a fresh deadline.

Both name the proposal the screen showed: if the customer answered meanwhile, the
provider is told so and nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from bookingapp.domain.booking_states import Action, Status
from bookingapp.domain.errors import NotFound
from bookingapp.domain.user_input import Id, Ids, LinkToken, Moments, Paragraph, user_input
from bookingapp.models import Booking, Organization, Proposal, ProposedSlot, StaffUser, utcnow
from bookingapp.services import rebooking, requests
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import booking_context, provider_email, transition
from bookingapp.services.notifications import queue_email
from bookingapp.services.requests import ProposalClosed

# The booking status an open proposal of each kind goes with.
STATUS_OF = {"reschedule": Status.RESCHEDULE_PROPOSED, "rebooking": Status.REBOOKING_REQUESTED}


@dataclass(frozen=True)
class OpenProposal:
    proposal: Proposal
    slots: list[ProposedSlot]  # earliest first
    sent_by: str  # the staff member who sent it, "" when unknown


@dataclass(frozen=True)
class OrderProposal:
    """What the order page shows about proposals: dates waiting for the customer, or the
    customer's own rebooking request waiting for the provider (or neither)."""

    booking: Booking
    org: Organization
    open: OpenProposal | None
    ask: Proposal | None


@user_input
def on_order(session: Session, *, actor: Actor, reference: LinkToken) -> OrderProposal:
    booking = session.exec(select(Booking).where(Booking.reference == reference.strip().upper(),
                                                 Booking.organization_id == actor.organization_id)).first()
    if booking is None:
        raise NotFound()
    org = session.get(Organization, booking.organization_id)
    proposal = _open(session, booking)
    found = None
    if proposal is not None:
        staff = session.get(StaffUser, proposal.created_by_staff_id) if proposal.created_by_staff_id else None
        found = OpenProposal(proposal, requests.proposal_slots(session, proposal), staff.name if staff else "")
    ask = rebooking.asked(session, booking)
    return OrderProposal(booking, org, found, ask)


def _open(session: Session, booking: Booking) -> Proposal | None:
    proposal = requests.open_proposal(session, booking)
    if proposal is None or STATUS_OF.get(proposal.kind) != booking.status:
        return None
    return proposal


def _current(session: Session, booking: Booking, proposal_id: int, now: datetime) -> Proposal:
    """The open proposal the screen showed; ProposalClosed if it was answered, replaced or
    lapsed meanwhile."""
    proposal = _open(session, booking)
    if proposal is None or proposal.id != proposal_id or (proposal.expires_at and proposal.expires_at <= now):
        raise ProposalClosed()
    return proposal


@user_input
def withdraw_proposal(session: Session, *, actor: Actor, booking_id: Id, proposal_id: Id, now: datetime | None = None) -> Booking:
    now = now or utcnow()
    booking = get_owned(session, Booking, booking_id, actor, lock=True)
    proposal = _current(session, booking, proposal_id, now)
    transition(session, booking, Action.WITHDRAW_PROPOSAL, now)
    proposal.status, proposal.decided_at = "withdrawn", now
    # A request waits for the provider's answer again, by the deadline the proposal had
    # (never later: the card hold may not last longer); a rebooking keeps its date.
    booking.respond_by = proposal.expires_at if proposal.kind == "reschedule" else None
    session.add_all([proposal, booking])
    log_action(session, actor=actor, action="booking.proposal_withdrawn", organization_id=booking.organization_id,
               booking_id=booking.id, data={"kind": proposal.kind})
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="proposal_withdrawn", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, reply_to=provider_email(session, ctx.org, ctx.service, ctx.booking), values=ctx.values)
    return booking


@user_input
def change_proposal(session: Session, *, actor: Actor, booking_id: Id, proposal_id: Id, reason: Paragraph,
                    slots: Moments = (), session_ids: Ids = (), now: datetime | None = None) -> Proposal:
    """Replace the open proposal with new dates and reason, sent like the first."""
    now = now or utcnow()
    if get_owned(session, Booking, booking_id, actor).status == Status.REBOOKING_REQUESTED:
        booking, service = rebooking.locked_for_dates(session, actor, booking_id)
    else:
        booking, service = requests.locked_for_proposal(session, actor, booking_id), None
    proposal = _current(session, booking, proposal_id, now)
    if proposal.kind == "rebooking":
        text = clean_text(reason, field="reason", label="a reason", max_length=2000)
        if booking.starts_at <= now:
            raise rebooking.BookingStarted()
        _replace(session, proposal, now)
        return rebooking.send_dates(session, actor=actor, booking=booking, service=service, initiator=proposal.initiator, text=text,
                                    slots=slots, session_ids=session_ids, action=Action.PROPOSE_REBOOKING, now=now,
                                    log_code="booking.proposal_changed")
    text = clean_text(reason, field="reason", label="a message explaining why", max_length=4000)
    starts = requests.validate_alternatives(list(slots), now, limit=requests.MAX_ALTERNATIVES)
    # Sending other times again replaces the open proposal (see requests.send_alternatives).
    return requests.send_alternatives(session, actor=actor, booking=booking, text=text, starts=starts, now=now,
                                      log_code="booking.proposal_changed")


def _replace(session: Session, proposal: Proposal, now: datetime) -> None:
    proposal.status, proposal.decided_at = "replaced", now
    session.add(proposal)
    session.flush()  # its times no longer hold, so the new dates may keep some of them
