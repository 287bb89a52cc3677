"""Unpaid prepaid bookings (issue 21, item 8), run by the sweeper: the customer's reminder
before the payment deadline, and what the business chose for when it passes (Settings →
Business, `Organization.unpaid_after_deadline`): keep the booking, or cancel it and free
the time.

The rules are in `domain/payment_deadlines.py`. Each step is claimed with a conditional
UPDATE in the transaction that acts on it (as `services/reminders.py` does), so any number
of sweepers remind once and act once; a booking paid meanwhile no longer matches the claim.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import update
from sqlmodel import col, select

from bookingapp.domain.booking_states import Action, Status
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.payment_deadlines import REMINDER_MAX_LEAD, deadline_passed, reminder_due
from bookingapp.integrations.payments import PaymentGateway
from bookingapp.models import Booking, ClassSession, Organization, Service, utcnow
from bookingapp.services import class_bookings, payments
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor
from bookingapp.services.booking_common import (
    booking_context,
    cancellation_file,
    provider_email,
    transition,
)
from bookingapp.services.notifications import queue_email

log = logging.getLogger("bookingapp.sweeper")


def send_deadline_reminders(*, engine=None, now: datetime | None = None) -> int:
    """Queue each due reminder exactly once; returns how many this sweeper queued."""
    from bookingapp.db import read_only

    now = now or utcnow()
    with read_only(engine) as session:
        rows = session.exec(
            select(Booking.id, Booking.status, Booking.created_at, Booking.payment_deadline, Booking.deadline_reminder_sent_at)
            .where(Booking.status == Status.PENDING_PAYMENT, col(Booking.payment_deadline) > now,
                   col(Booking.payment_deadline) <= now + REMINDER_MAX_LEAD,
                   col(Booking.deadline_reminder_sent_at).is_(None))
        ).all()
    due = [(booking_id, deadline) for booking_id, status, booked_at, deadline, sent_at in rows
           if reminder_due(status=status, booked_at=booked_at, deadline=deadline, sent_at=sent_at, now=now)]
    done = 0
    for booking_id, deadline in due:
        try:
            done += _remind(booking_id, deadline, engine=engine, now=now)
        except Exception:  # one broken booking must not hold back the others
            log.exception("payment deadline reminder failed", extra={"booking_id": booking_id})
    return done


def _remind(booking_id: int, deadline: datetime, *, engine, now: datetime) -> int:
    from bookingapp.db import unit_of_work

    with unit_of_work(engine) as session:
        claimed = session.exec(update(Booking).where(
            Booking.id == booking_id, Booking.status == Status.PENDING_PAYMENT, Booking.payment_deadline == deadline,
            col(Booking.deadline_reminder_sent_at).is_(None),
        ).values(deadline_reminder_sent_at=now))
        if claimed.rowcount != 1:
            return 0
        booking = session.get(Booking, booking_id)
        log_action(session, actor=Actor.system(booking.organization_id), action="booking.payment_reminder_sent",
                   organization_id=booking.organization_id, booking_id=booking.id)
        ctx = booking_context(session, booking)
        queue_email(session, org=ctx.org, key="payment_deadline_reminder", to=ctx.customer.email, booking_id=booking.id,
                    locale=ctx.customer.locale, values=ctx.values)
    return 1


def handle_passed_deadlines(*, gateway: PaymentGateway, engine=None, now: datetime | None = None) -> int:
    """Act once on every booking whose deadline passed unpaid; returns how many this sweeper handled."""
    from bookingapp.db import read_only

    now = now or utcnow()
    with read_only(engine) as session:
        rows = session.exec(
            select(Booking.id, Booking.status, Booking.payment_deadline, Booking.deadline_passed_at, Booking.service_id,
                   Booking.session_id)
            .where(Booking.status == Status.PENDING_PAYMENT, col(Booking.payment_deadline) <= now,
                   col(Booking.deadline_passed_at).is_(None))
        ).all()
    due = [(booking_id, service_id, session_id) for booking_id, status, deadline, handled, service_id, session_id in rows
           if deadline_passed(status=status, deadline=deadline, handled_at=handled, now=now)]
    done = 0
    for booking_id, service_id, session_id in due:
        try:
            done += _pass_deadline(booking_id, service_id, session_id, gateway=gateway, engine=engine, now=now)
        except Exception:
            log.exception("payment deadline failed", extra={"booking_id": booking_id})
    return done


def _pass_deadline(booking_id: int, service_id: int, session_id: int | None, *, gateway: PaymentGateway, engine,
                   now: datetime) -> int:
    from bookingapp.db import unit_of_work

    with unit_of_work(engine) as session:
        # The locks a payment on the manage page takes (the service row), and for a class place
        # its session's: a customer paying at the deadline and this sweeper run one after the
        # other, so a booking is either paid or cancelled, never charged and then cancelled.
        session.get(Service, service_id, with_for_update=True)
        if session_id:
            session.get(ClassSession, session_id, with_for_update=True)
        claimed = session.exec(update(Booking).where(
            Booking.id == booking_id, Booking.status == Status.PENDING_PAYMENT, col(Booking.payment_deadline) <= now,
            col(Booking.deadline_passed_at).is_(None),
        ).values(deadline_passed_at=now))
        if claimed.rowcount != 1:
            return 0
        booking = session.get(Booking, booking_id)
        session.refresh(booking)
        org = session.get(Organization, booking.organization_id)
        actor = Actor.system(org.id)
        if org.unpaid_after_deadline != "cancel":
            log_action(session, actor=actor, action="booking.payment_overdue_kept", organization_id=org.id, booking_id=booking.id)
            return 1
        _cancel_unpaid(session, booking, actor, gateway, now)
    return 1


def _cancel_unpaid(session, booking: Booking, actor: Actor, gateway: PaymentGateway, now: datetime) -> None:
    """Cancel and free the time: the cancelling transition ends its hold on the slot (or seat)."""
    transition(session, booking, Action.CANCEL, now)
    payment = payments.active_hold(session, booking.id)
    if payment is not None and payment.status == "authorized":
        payments.release(session, actor=actor, payment=payment, gateway=gateway)  # a hold is not money taken
    booking.cancel_reason = N_("Not paid by the payment deadline")
    session.add(booking)
    log_action(session, actor=actor, action="booking.cancelled_unpaid", organization_id=booking.organization_id,
               booking_id=booking.id)
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="booking_unpaid_cancelled", to=ctx.customer.email, booking_id=booking.id,
                locale=ctx.customer.locale, values=ctx.values, attachments=[cancellation_file(ctx)])
    queue_email(session, org=ctx.org, key="booking_unpaid_cancelled_provider",
                to=provider_email(session, ctx.org, ctx.service, booking), booking_id=booking.id, values=ctx.provider_values)
    if booking.session_id:  # the freed place goes to the waitlist
        class_bookings.notify_place_freed(session, session.get(ClassSession, booking.session_id), now)
