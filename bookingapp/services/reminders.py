"""The customer's reminder email before a booking (issue 20), sent by the sweeper.

Who is reminded and when is the rule in `domain/customer_reminders.py`. Each reminder is
claimed with a conditional UPDATE in the transaction that queues it, so any number of
sweepers send it once; a booking cancelled, moved or switched off meanwhile no longer
matches the claim and is skipped.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import col, select

from bookingapp.domain.customer_reminders import REMINDED_STATUSES, reminder_due, window_opens
from bookingapp.models import Booking, ClassSession, Organization, utcnow
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor
from bookingapp.services.booking_common import booking_context, email_confirmation

log = logging.getLogger("bookingapp.sweeper")


def _candidates(session, now: datetime) -> list[tuple[int, datetime, int]]:
    """(booking id, start, lead minutes) of every reminder due now. Read per lead time and
    by organization ids, so each read is a range of start times on the (organization,
    status, start) index: confirmed bookings pile up over the years (nothing completes
    them yet), and a read by status alone would scan them all on every sweep."""
    by_lead: dict[int, list[int]] = defaultdict(list)
    for org_id, lead in session.exec(select(Organization.id, Organization.customer_reminder_minutes)
                                     .where(Organization.customer_reminder_minutes > 0)):
        by_lead[lead].append(org_id)
    due = []
    for lead, org_ids in by_lead.items():
        for start in range(0, len(org_ids), 500):
            chunk = org_ids[start:start + 500]
            rows = session.exec(
                select(Booking.id, Booking.status, Booking.starts_at, Booking.customer_reminder_sent_at)
                .outerjoin(ClassSession, col(ClassSession.id) == Booking.session_id)
                .where(col(Booking.organization_id).in_(chunk), col(Booking.status).in_(sorted(REMINDED_STATUSES)),
                       Booking.starts_at > now, Booking.starts_at <= now + timedelta(minutes=lead),
                       Booking.customer_reminders_off == False,  # noqa: E712 (SQL)
                       or_(col(Booking.session_id).is_(None), ClassSession.cancelled == False))  # noqa: E712
            ).all()
            due += [(booking_id, starts_at, lead) for booking_id, status, starts_at, sent_at in rows
                    if reminder_due(status=status, starts_at=starts_at, lead_minutes=lead, sent_at=sent_at,
                                    turned_off=False, now=now)]
    return due


def send_customer_reminders(*, engine=None, now: datetime | None = None) -> int:
    """Queue every reminder that is due, each exactly once; returns how many were queued."""
    from bookingapp.db import read_only

    now = now or utcnow()
    with read_only(engine) as session:
        due = _candidates(session, now)
    done = 0
    for booking_id, starts_at, lead in due:
        try:
            done += _remind(booking_id, starts_at, lead, engine=engine, now=now)
        except Exception:  # one broken booking must not hold back the reminders after it
            log.exception("customer reminder failed", extra={"booking_id": booking_id})
    return done


def _remind(booking_id: int, starts_at: datetime, lead: int, *, engine, now: datetime) -> int:
    """Claim and queue one reminder in one transaction: 1 if this sweeper sent it, else 0."""
    from bookingapp.db import unit_of_work

    with unit_of_work(engine) as session:
        # Still confirmed, at the same start, not switched off, not yet reminded for this date.
        claimed = session.exec(update(Booking).where(
            Booking.id == booking_id, col(Booking.status).in_(REMINDED_STATUSES), Booking.starts_at == starts_at,
            Booking.customer_reminders_off == False,  # noqa: E712 (SQL)
            or_(col(Booking.customer_reminder_sent_at).is_(None),
                col(Booking.customer_reminder_sent_at) < window_opens(starts_at, lead)),
        ).values(customer_reminder_sent_at=now))
        if claimed.rowcount != 1:
            return 0
        booking = session.get(Booking, booking_id)
        log_action(session, actor=Actor.system(booking.organization_id), action="booking.customer_reminder_sent",
                   organization_id=booking.organization_id, booking_id=booking.id)
        email_confirmation(session, booking_context(session, booking), now, key="booking_reminder")
    return 1
