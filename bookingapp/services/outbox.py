"""Outbox delivery and the dev mailbox.

Rows are claimed with a conditional UPDATE (a lease), sent outside any transaction,
then marked. A crash between commit and send leaves the row pending (or its lease
lapses), so it is sent later with the same idempotency key: nothing lost, and the
provider deduplicates a repeat.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import NotFound, PermissionDenied
from bookingapp.domain.user_input import Code, Id, user_input
from bookingapp.integrations.email import DeliveryError, EmailSender
from bookingapp.models import OutboxEmail, utcnow
from bookingapp.services.actors import Actor, get_owned

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
FIRST_RETRY = timedelta(minutes=1)
MAX_RETRY = timedelta(hours=1)


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, ... minutes, capped at an hour."""
    return min(FIRST_RETRY * 2 ** max(0, attempts - 1), MAX_RETRY)


def _due(now: datetime):
    return or_(
        and_(OutboxEmail.status == "pending", or_(col(OutboxEmail.next_attempt_at).is_(None), col(OutboxEmail.next_attempt_at) <= now)),
        and_(OutboxEmail.status == "sending", col(OutboxEmail.claimed_until) < now),
    )


def claim(session: Session, email_id: int, *, runner: str, now: datetime) -> bool:
    result = session.exec(
        update(OutboxEmail)
        .where(OutboxEmail.id == email_id, _due(now))
        .values(status="sending", claimed_by=runner, claimed_until=now + LEASE, attempts=OutboxEmail.attempts + 1)
    )
    return result.rowcount == 1


@user_input
def deliver_due(*, sender: EmailSender, runner: Code, now: datetime | None = None, engine: Engine | None = None,
                limit: int = 50, max_batches: int = 20) -> int:
    """Deliver what is due, batch after batch (bounded, so one sweep cannot run away);
    returns how many emails this runner sent."""
    now = now or utcnow()
    sent, after_id = 0, 0
    for _ in range(max_batches):
        with read_only(engine) as session:
            ids = list(session.exec(select(OutboxEmail.id).where(_due(now), OutboxEmail.id > after_id)
                                    .order_by(OutboxEmail.id).limit(limit)))
        sent += _deliver_batch(ids, sender=sender, runner=runner, now=now, engine=engine)
        if len(ids) < limit:
            break
        after_id = ids[-1]
    return sent


def _deliver_batch(ids: list[int], *, sender: EmailSender, runner: str, now: datetime, engine: Engine | None) -> int:
    sent = 0
    for email_id in ids:
        with unit_of_work(engine) as session:
            if not claim(session, email_id, runner=runner, now=now):
                continue  # another runner has it
        with read_only(engine) as session:
            email = session.get(OutboxEmail, email_id)
        try:
            provider_id = sender.send(email, idempotency_key=f"outbox-{email.id}")
        except DeliveryError as exc:
            _mark_failure(email_id, str(exc), runner, now, engine)
            continue
        except Exception as exc:
            # A bug or an unwrapped network error in a sender: retry with backoff like a
            # refusal, so one bad email neither stops the batch nor retries forever.
            log.exception("sending email %s failed unexpectedly", email_id)
            _mark_failure(email_id, f"{type(exc).__name__}: {exc}", runner, now, engine)
            continue
        with unit_of_work(engine) as session:
            session.exec(
                update(OutboxEmail)
                .where(OutboxEmail.id == email_id, OutboxEmail.claimed_by == runner)
                .values(status="sent", provider_id=provider_id, sent_at=utcnow(), claimed_until=None, last_error=None)
            )
        sent += 1
    return sent


def _mark_failure(email_id: int, error: str, runner: str, now: datetime, engine: Engine | None) -> None:
    with unit_of_work(engine) as session:
        email = session.get(OutboxEmail, email_id)
        if email is None or email.claimed_by != runner:
            return
        email.last_error = error[:500]
        email.claimed_until = None
        if email.attempts >= MAX_ATTEMPTS:
            email.status = "failed"
            log.warning("email %s failed for good after %s attempts: %s", email_id, email.attempts, error)
        else:
            email.status = "pending"
            email.next_attempt_at = now + retry_delay(email.attempts)
        session.add(email)


@user_input
def retry_email(session: Session, *, actor: Actor, email_id: Id) -> OutboxEmail:
    email = get_owned(session, OutboxEmail, email_id, actor)
    if email.status != "failed":
        raise NotFound()
    email.status, email.attempts, email.next_attempt_at, email.last_error = "pending", 0, utcnow(), None
    session.add(email)
    return email


def mailbox(session: Session, *, actor: Actor, page: int = 0, per_page: int = 20) -> tuple[list[OutboxEmail], int]:
    """The organization's emails, newest first, and how many there are. Owner only: they
    carry one-time links (team invitations, customers' sign-in links) that would let a
    reader join or sign in as someone else."""
    if not actor.is_owner:
        raise PermissionDenied()
    base = select(OutboxEmail).where(OutboxEmail.organization_id == actor.organization_id)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    rows = session.exec(base.order_by(col(OutboxEmail.id).desc()).offset(page * per_page).limit(per_page))
    return list(rows), total
