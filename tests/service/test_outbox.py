"""The outbox: emails leave iff their transaction commits, exactly once, with retries."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, PermissionDenied, UnknownVariable
from bookingapp.integrations.email import DeliveryError
from bookingapp.models import Organization, OutboxEmail, utcnow
from bookingapp.services import outbox
from bookingapp.services.accounts import actor_for
from bookingapp.services.notifications import Attachment, queue_email, save_template
from tests import factories as f


class RecordingSender:
    """A fake provider: remembers every send, optionally failing."""

    name = "recording"

    def __init__(self, fail_with: Exception | None = None, pause: float = 0) -> None:
        self.pause = pause
        self.sends: Counter[int] = Counter()
        self.keys: list[str] = []
        self.fail_with = fail_with
        self._lock = threading.Lock()

    def send(self, email: OutboxEmail, *, idempotency_key: str) -> str:
        if self.pause:
            time.sleep(self.pause)  # lets two runners interleave
        with self._lock:
            self.sends[email.id] += 1
            self.keys.append(idempotency_key)
        if self.fail_with is not None:
            raise self.fail_with
        return f"rec-{email.id}"


def _queue(engine, n: int = 1, org_slug: str = "studio") -> list[int]:
    with unit_of_work(engine) as session:
        org = f.organization(session, org_slug)
        emails = [queue_email(session, org=org, key="test_message", to=f"p{i}@example.com", values={"STAFF_NAME": "Sam"}) for i in range(n)]
        session.flush()
        return [e.id for e in emails]


def _get(engine, email_id: int) -> OutboxEmail:
    with Session(engine) as session:
        return session.get(OutboxEmail, email_id)


# --- queueing -----------------------------------------------------------------------------


def test_queue_email_renders_the_default_template_with_escaped_values(session):
    org = f.organization(session, name="Studio Lindenhof")

    email = queue_email(session, org=org, key="test_message", to="sam@example.com", values={"STAFF_NAME": "<b>Sam</b>"})
    session.flush()

    assert email.subject == "Test message from Studio Lindenhof"
    assert email.text.startswith("Hello <b>Sam</b>,")
    assert "Hello &lt;b&gt;Sam&lt;/b&gt;," in email.html and "<b>Sam</b>" not in email.html
    assert (email.status, email.attempts, email.to_email, email.template_key) == ("pending", 0, "sam@example.com", "test_message")


def test_queue_email_uses_the_organizations_locale_and_falls_back_to_english(session):
    german, polish = f.organization(session, "de-studio", locale="de"), f.organization(session, "pl-studio", locale="pl")
    french = f.organization(session, "fr-studio", locale="fr")

    de = queue_email(session, org=german, key="test_message", to="a@example.com", values={"STAFF_NAME": "Sam"})
    pl = queue_email(session, org=polish, key="test_message", to="a@example.com", values={"STAFF_NAME": "Sam"})
    fr = queue_email(session, org=french, key="test_message", to="a@example.com", values={"STAFF_NAME": "Sam"})

    assert de.subject.startswith("Testnachricht von") and de.locale == "de"
    assert pl.subject.startswith("Wiadomość testowa – ")
    assert fr.subject.startswith("Test message from")  # no French texts: English


def test_queue_email_uses_the_organizations_own_template(session):
    org = f.organization(session)
    save_template(session, org=org, key="test_message", locale="en", subject="Hi [STAFF_NAME]", body="Custom for [STAFF_NAME]")
    session.flush()

    email = queue_email(session, org=org, key="test_message", to="a@example.com", values={"STAFF_NAME": "Sam"})

    assert (email.subject, email.text) == ("Hi Sam", "Custom for Sam")


def test_saving_a_template_with_a_variable_this_email_cannot_fill_is_refused(session):
    org = f.organization(session)

    with pytest.raises(UnknownVariable, match=r"\[BOOKING_CONTROL_URL\]"):
        save_template(session, org=org, key="test_message", locale="en", subject="Hi", body="[BOOKING_CONTROL_URL]")


def test_a_subject_cannot_carry_a_header_injection(session):
    org = f.organization(session, name="Evil\r\nBcc: victim@example.com")

    email = queue_email(session, org=org, key="test_message", to="a@example.com", values={"STAFF_NAME": "Sam"})

    assert "\n" not in email.subject and "\r" not in email.subject


def test_queue_email_for_an_unknown_kind_is_refused(session):
    with pytest.raises(NotFound):
        queue_email(session, org=f.organization(session), key="no_such_email", to="a@example.com", values={})


def test_attachments_are_stored_with_the_email(session):
    ics = Attachment("booking.ics", "text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")

    email = queue_email(session, org=f.organization(session), key="test_message", to="a@example.com",
                        values={"STAFF_NAME": "Sam"}, attachments=[ics])
    session.commit()
    session.refresh(email)

    assert email.attachments == [ics.as_json()]


def test_an_email_queued_in_a_rolled_back_transaction_never_exists(engine):
    with pytest.raises(RuntimeError), unit_of_work(engine) as session:
        org = f.organization(session)
        queue_email(session, org=org, key="test_message", to="a@example.com", values={"STAFF_NAME": "Sam"})
        session.flush()
        raise RuntimeError("the action failed")

    sender = RecordingSender()
    assert outbox.deliver_due(sender=sender, runner="r1", engine=engine, now=utcnow()) == 0
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(OutboxEmail)).one() == 0
    assert not sender.sends


# --- delivery -----------------------------------------------------------------------------


def test_deliver_due_sends_pending_emails_once_and_marks_them_sent(engine):
    ids = _queue(engine, 3)
    sender = RecordingSender()
    now = utcnow()

    assert outbox.deliver_due(sender=sender, runner="r1", now=now, engine=engine) == 3
    assert outbox.deliver_due(sender=sender, runner="r1", now=now + timedelta(hours=1), engine=engine) == 0

    assert sender.sends == Counter({i: 1 for i in ids})
    assert sorted(sender.keys) == sorted(f"outbox-{i}" for i in ids)
    for email_id in ids:
        email = _get(engine, email_id)
        assert (email.status, email.provider_id, email.attempts, email.claimed_until) == ("sent", f"rec-{email_id}", 1, None)
        assert email.sent_at is not None


def test_retry_delay_doubles_from_one_minute_up_to_an_hour():
    assert [outbox.retry_delay(n) for n in range(1, 9)] == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60, 60)]


def test_a_failing_provider_is_retried_with_backoff_then_the_email_fails_for_good(engine):
    [email_id] = _queue(engine)
    sender = RecordingSender(fail_with=DeliveryError("provider down"))
    now = utcnow()
    delays = []

    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        assert outbox.deliver_due(sender=sender, runner="r1", now=now, engine=engine) == 0
        email = _get(engine, email_id)
        assert (email.attempts, email.last_error) == (attempt, "provider down")
        if email.status == "failed":
            break
        assert email.status == "pending"
        delays.append(email.next_attempt_at - now)
        # Not due a second before its retry time.
        outbox.deliver_due(sender=sender, runner="r1", now=email.next_attempt_at - timedelta(seconds=1), engine=engine)
        assert sender.sends[email_id] == attempt
        now = email.next_attempt_at

    assert delays == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16, 32, 60)]
    assert (email.status, email.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert outbox.deliver_due(sender=sender, runner="r1", now=now + timedelta(days=1), engine=engine) == 0
    assert sender.sends[email_id] == outbox.MAX_ATTEMPTS


def _owner_actor(session: Session, email_id: int):
    return f.staff_actor(session, session.get(Organization, session.get(OutboxEmail, email_id).organization_id))


def test_retry_email_puts_a_failed_email_back_to_pending_and_it_is_sent(engine):
    [email_id] = _queue(engine)
    with unit_of_work(engine) as session:
        email = session.get(OutboxEmail, email_id)
        email.status, email.attempts, email.last_error = "failed", outbox.MAX_ATTEMPTS, "provider down"
    with unit_of_work(engine) as session:
        retried = outbox.retry_email(session, actor=_owner_actor(session, email_id), email_id=email_id)
        assert (retried.status, retried.attempts, retried.last_error) == ("pending", 0, None)

    sender = RecordingSender()
    assert outbox.deliver_due(sender=sender, runner="r1", engine=engine, now=utcnow() + timedelta(seconds=1)) == 1
    assert _get(engine, email_id).status == "sent"


def test_retry_email_refuses_an_email_that_has_not_failed(engine):
    [email_id] = _queue(engine)
    with unit_of_work(engine) as session, pytest.raises(NotFound):
        outbox.retry_email(session, actor=_owner_actor(session, email_id), email_id=email_id)


def test_an_email_claimed_by_a_crashed_runner_is_delivered_after_the_lease_lapses(engine):
    [email_id] = _queue(engine)
    now = utcnow()
    with unit_of_work(engine) as session:
        assert outbox.claim(session, email_id, runner="crashed", now=now)  # ... and then the process died
    sender = RecordingSender()

    assert outbox.deliver_due(sender=sender, runner="alive", now=now + outbox.LEASE - timedelta(seconds=1), engine=engine) == 0
    assert _get(engine, email_id).status == "sending"
    assert outbox.deliver_due(sender=sender, runner="alive", now=now + outbox.LEASE + timedelta(seconds=1), engine=engine) == 1

    email = _get(engine, email_id)
    assert (email.status, email.claimed_by, email.attempts) == ("sent", "alive", 2)
    assert sender.sends[email_id] == 1


class FirstEmailBreaksSender(RecordingSender):
    """A sender with a bug that only one email triggers."""

    def __init__(self, bad_id: int) -> None:
        super().__init__()
        self.bad_id = bad_id

    def send(self, email: OutboxEmail, *, idempotency_key: str) -> str:
        if email.id == self.bad_id:
            raise KeyError("unexpected field")
        return super().send(email, idempotency_key=idempotency_key)


def test_an_unexpected_sender_error_is_retried_with_backoff_and_does_not_stop_the_batch(engine):
    bad, good = _queue(engine, 2)
    now = utcnow()
    sender = FirstEmailBreaksSender(bad)

    assert outbox.deliver_due(sender=sender, runner="r1", now=now, engine=engine) == 1

    assert _get(engine, good).status == "sent"
    email = _get(engine, bad)
    assert (email.status, email.attempts, email.claimed_until) == ("pending", 1, None)
    assert email.next_attempt_at == now + timedelta(minutes=1)
    assert "KeyError" in email.last_error


def test_an_email_that_always_breaks_the_sender_fails_for_good(engine):
    [bad] = _queue(engine)
    sender = FirstEmailBreaksSender(bad)
    now = utcnow()

    for _ in range(outbox.MAX_ATTEMPTS):
        outbox.deliver_due(sender=sender, runner="r1", now=now, engine=engine)
        now += outbox.MAX_RETRY

    assert (_get(engine, bad).status, _get(engine, bad).attempts) == ("failed", outbox.MAX_ATTEMPTS)


def test_a_claimed_email_cannot_be_claimed_again_until_its_lease_lapses(engine):
    [email_id] = _queue(engine)
    now = utcnow()
    with unit_of_work(engine) as session:
        assert outbox.claim(session, email_id, runner="r1", now=now)
    with unit_of_work(engine) as session:
        assert not outbox.claim(session, email_id, runner="r2", now=now + timedelta(seconds=5))
    with unit_of_work(engine) as session:
        assert outbox.claim(session, email_id, runner="r2", now=now + outbox.LEASE + timedelta(seconds=1))


def test_two_runners_in_two_threads_send_each_email_exactly_once(engine):
    ids = _queue(engine, 50)
    sender = RecordingSender(pause=0.002)
    now = utcnow()
    start = threading.Barrier(2)
    sent: dict[str, int] = {}
    errors: list[BaseException] = []

    def run(name: str) -> None:
        try:
            start.wait(timeout=10)
            sent[name] = outbox.deliver_due(sender=sender, runner=name, now=now, engine=engine, limit=100)
        except BaseException as exc:  # surfaced below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(name,)) for name in ("runner-1", "runner-2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert not errors
    assert sender.sends == Counter({i: 1 for i in ids})
    assert sent["runner-1"] + sent["runner-2"] == 50
    with Session(engine) as session:
        statuses = session.exec(select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)).all()
    assert statuses == [("sent", 50)]



def test_one_sweep_delivers_more_than_one_batch(engine):
    ids = _queue(engine, 120)
    sender = RecordingSender()
    assert outbox.deliver_due(sender=sender, runner="r", now=utcnow() + timedelta(seconds=1), engine=engine, limit=50) == 120
    assert sorted(sender.sends) == sorted(ids) and set(sender.sends.values()) == {1}


def test_only_the_owner_reads_the_mailbox_because_it_holds_one_time_links(session):
    """An invitation (possibly to an owner) or a customer's sign-in link sits in the mailbox:
    a staff member who could read it could join as that person."""
    org = f.organization(session)
    owner = actor_for(f.staff(session, org, "owner@x.test"))
    staff = actor_for(f.staff(session, org, "staff@x.test", role="staff"))
    queue_email(session, org=org, key="test_message", to="new@example.com", values={"STAFF_NAME": "Nina"})

    with pytest.raises(PermissionDenied):
        outbox.mailbox(session, actor=staff)
    emails, total = outbox.mailbox(session, actor=owner)
    assert total == 1 and emails[0].to_email == "new@example.com"
