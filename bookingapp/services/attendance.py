"""Attendance (issue 24): staff mark a booking or a class place attended or no-show.

- `mark`: one transaction with the booking's row locked; a second identical mark changes
  nothing and logs nothing. Class places of a business that returns a no-show's credits
  get them back (ledger rows "refund", reason "No-show · reference"); changing the mark
  back takes them again only while the customer still has them, else they stay with the
  customer and the log says so.
- `set_no_show_keeps_credits`: the owner's switch (Settings → Classes).
- `no_show_counts`: no-shows per customer, one grouped query (profile and report).

Rules (confirmed only, from the booking's day on) are in domain/attendance.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from sqlalchemy import func
from sqlmodel import Session, col, select

from bookingapp.domain.attendance import Attendance, check_markable, credits_to_move, is_markable
from bookingapp.domain.errors import PermissionDenied
from bookingapp.domain.user_input import Choice, Id, user_input
from bookingapp.models import Booking, CreditLedger, Customer, Organization
from bookingapp.services import credits
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.sql_hints import likely

_LOG = {Attendance.ATTENDED: "booking.attended", Attendance.NO_SHOW: "booking.no_show", None: "booking.attendance_cleared"}


@dataclass(frozen=True)
class MarkResult:
    booking: Booking
    changed: bool
    credits_back: int = 0  # credits returned to the customer by this mark
    credits_taken: int = 0  # credits taken again by this mark
    credits_kept: int = 0  # credits that should have been taken again but were already spent


def returned_credits(session: Session, booking: Booking) -> int:
    """How many of the place's credits went back to the customer (net of its ledger rows)."""
    net = session.exec(select(func.coalesce(func.sum(CreditLedger.delta), 0)).where(
        CreditLedger.booking_id == booking.id, col(CreditLedger.kind).in_(("debit", "refund")))).one()
    return booking.credits_spent + int(net or 0)


@user_input
def mark(session: Session, *, actor: Actor, booking_id: Id,
         attendance: Annotated[Attendance | None, Choice(Attendance, message="Choose attended or no-show.")],
         now: datetime) -> MarkResult:
    if not actor.is_staff:
        raise PermissionDenied()
    booking = get_owned(session, Booking, booking_id, actor, lock=True)
    org = session.get(Organization, booking.organization_id)
    check_markable(status=booking.status, starts_at=booking.starts_at, now=now, timezone=org.timezone)
    before = Attendance(booking.attendance) if booking.attendance else None
    if before == attendance:
        return MarkResult(booking, False)
    back = taken = kept = 0
    if booking.session_id is not None and booking.credits_spent > 0:
        move = credits_to_move(mark=attendance, keeps_credits=org.no_show_keeps_credits, spent=booking.credits_spent,
                               returned=returned_credits(session, booking))
        if move > 0:
            credits.refund(session, booking=booking, credits=move, reason=f"No-show · {booking.reference}",
                           staff_user_id=actor.id, now=now)
            back = move
        elif move < 0:
            customer = session.get(Customer, booking.customer_id)
            if credits.locked_balance(session, customer, now) >= -move:
                credits.debit(session, customer=customer, booking=booking, cost=-move,
                              reason=f"Attended after all · {booking.reference}", now=now)
                taken = -move
            else:
                kept = -move
    booking.attendance = attendance.value if attendance else None
    booking.updated_at = now
    booking.lock_version += 1
    session.add(booking)
    log_action(session, actor=actor, action=_LOG[attendance], organization_id=booking.organization_id,
               booking_id=booking.id, customer_id=booking.customer_id,
               data={"before": before.value if before else None, "after": booking.attendance,
                     "credits_back": back, "credits_taken": taken, "credits_kept": kept})
    return MarkResult(booking, True, back, taken, kept)


def set_no_show_keeps_credits(session: Session, *, actor: Actor, keeps: bool) -> Organization:
    if not actor.is_owner:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id, with_for_update=True)
    if org.no_show_keeps_credits != bool(keeps):
        org.no_show_keeps_credits = bool(keeps)
        session.add(org)
        log_action(session, actor=actor, action="class.no_show_credits_changed", organization_id=org.id,
                   data={"keeps_credits": org.no_show_keeps_credits})
    return org


def no_show_counts(session: Session, organization_id: int, customer_ids: list[int]) -> dict[int, int]:
    if not customer_ids:
        return {}
    # likely(): SQLite, without statistics, would walk every booking of the organization
    # instead of looking up these customers' bookings (ix_booking_customer_status_starts_at).
    rows = session.exec(select(Booking.customer_id, func.count()).where(
        likely(Booking.organization_id == organization_id), col(Booking.customer_id).in_(customer_ids),
        Booking.attendance == Attendance.NO_SHOW.value).group_by(Booking.customer_id)).all()
    return {cid: int(n) for cid, n in rows}


def markable(booking: Booking, org: Organization, now: datetime) -> bool:
    """Whether the agenda and participant list offer the two buttons for this booking."""
    return is_markable(status=booking.status, starts_at=booking.starts_at, now=now, timezone=org.timezone)
