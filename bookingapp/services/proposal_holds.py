"""Times held by open proposals (issue 21, item 12).

The email of a proposal (other times for a request, new dates for a rebooking) promises
the customer each of its times until the deadline. So while the proposal is open those
times count as taken for everyone else: the portal does not offer them, neither portal
nor front desk can book them, and no other rebooking may name them (other times for a
request, like the request itself, may be any time the provider chooses). They come free the
moment the proposal is answered, withdrawn or changed (its status leaves "open") or its
deadline passes, even before the sweeper marks it expired.

A time held for a booking's staff member blocks that person; a booking without one holds
its service, as its own date does (`free_times.load`). A proposed class session holds the
party's places in that session.

The writers serialize as bookings do: a proposal is created after locking the service row
and then the person's row (`appointments.lock_staff`), or the class session's row.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from bookingapp.models import Booking, Proposal, ProposedSlot

HOLDING = "open"  # the only status in which a proposal's times wait for an answer


def _open(now: datetime):
    return (Proposal.status == HOLDING, col(Proposal.expires_at) > now)


def held_times(organization_id: int, now: datetime, start_column, end_column):
    """SELECT (the held booking's staff member, start, end) of every time open proposals
    hold in the organization (class sessions aside); `start_column`/`end_column` turn the
    slot's columns into what the caller compares (e.g. epoch seconds)."""
    return (
        select(Booking.staff_user_id, start_column(ProposedSlot.starts_at), end_column(ProposedSlot.ends_at))
        .join(Proposal, col(Proposal.id) == ProposedSlot.proposal_id)
        .join(Booking, col(Booking.id) == Proposal.booking_id)
        .where(Proposal.organization_id == organization_id, *_open(now), col(ProposedSlot.session_id).is_(None))
    )


def held_staff(session: Session, *, organization_id: int, staff_ids: list[int], start: datetime, end: datetime,
               now: datetime) -> set[int]:
    """Who of them has a time held by an open proposal overlapping start..end."""
    if not staff_ids:
        return set()
    stmt = held_times(organization_id, now, lambda c: c, lambda c: c).where(
        col(Booking.staff_user_id).in_(staff_ids), ProposedSlot.starts_at < end, ProposedSlot.ends_at > start)
    return {staff_id for staff_id, _s, _e in session.exec(stmt)}


def held_overlap(session: Session, *, booking: Booking, start: datetime, end: datetime, now: datetime) -> bool:
    """Another booking's open proposal holds the same person (or, without one, the same
    service) at some time overlapping start..end."""
    owner = Booking.staff_user_id == booking.staff_user_id if booking.staff_user_id else Booking.service_id == booking.service_id
    stmt = held_times(booking.organization_id, now, lambda c: c, lambda c: c).where(
        owner, Booking.id != booking.id, ProposedSlot.starts_at < end, ProposedSlot.ends_at > start)
    return session.exec(stmt.limit(1)).first() is not None


def held_places(session: Session, *, class_session_id: int, now: datetime, ignore_booking_id: int | None = None) -> int:
    """Places of a class session held for bookings whose open rebooking proposes it."""
    total = session.exec(
        select(func.coalesce(func.sum(Booking.party_size), 0))
        .select_from(ProposedSlot)
        .join(Proposal, col(Proposal.id) == ProposedSlot.proposal_id)
        .join(Booking, col(Booking.id) == Proposal.booking_id)
        .where(ProposedSlot.session_id == class_session_id, *_open(now), Booking.id != (ignore_booking_id or 0))
    ).one()
    return int(total)

