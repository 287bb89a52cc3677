"""ResendSender against a local fake of the Resend API: what leaves, with which key,
and what happens when Resend refuses."""

from __future__ import annotations

import base64
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlmodel import Session

from bookingapp.db import unit_of_work
from bookingapp.integrations.resend_sender import ResendSender
from bookingapp.models import OutboxEmail, utcnow
from bookingapp.services import outbox
from bookingapp.services.notifications import Attachment, queue_email
from bookingapp.settings import Settings
from tests import factories


class FakeResend:
    """Records POST /emails; answers with an id, or with the status it is told to."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail_status: int | None = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if fake.fail_status:
                    self._answer(fake.fail_status, {"statusCode": fake.fail_status, "name": "application_error",
                                                    "message": "Something went wrong"})
                else:
                    self._answer(200, {"id": f"re_{len(fake.requests)}"})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def fake_resend():
    fake = FakeResend()
    yield fake
    fake.close()


@pytest.fixture
def sender(fake_resend):
    return ResendSender(Settings(resend_api_key="re_test_key", resend_api_url=fake_resend.url,
                                 email_from="Studio <hello@studio.test>"))


def _queue(engine, **kw) -> int:
    with unit_of_work(engine) as s:
        org = factories.organization(s, f"mail{utcnow().timestamp()}".replace(".", ""))
        email = queue_email(s, org=org, key="test_message", to="owner@studio.test", values={"STAFF_NAME": "Sam"}, **kw)
        s.flush()
        return email.id


def _row(engine, email_id) -> OutboxEmail:
    with Session(engine) as s:
        return s.get(OutboxEmail, email_id)


def test_outbox_row_goes_out_with_its_idempotency_key_reply_to_and_ics(engine, sender, fake_resend):
    email_id = _queue(engine, reply_to="provider@studio.test",
                      attachments=[Attachment("booking.ics", "text/calendar", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")])
    assert outbox.deliver_due(sender=sender, runner="r", engine=engine, now=utcnow() + timedelta(seconds=1)) == 1
    request = fake_resend.requests[0]
    assert request["path"] == "/emails"
    assert request["headers"]["Idempotency-Key"] == f"outbox-{email_id}"
    assert request["headers"]["Authorization"] == "Bearer re_test_key"
    body = request["body"]
    assert body["from"] == "Studio <hello@studio.test>" and body["to"] == ["owner@studio.test"]
    assert body["reply_to"] == "provider@studio.test"
    assert base64.b64decode(body["attachments"][0]["content"]).startswith(b"BEGIN:VCALENDAR")
    assert "Sam" in body["text"] and "<div" in body["html"]
    row = _row(engine, email_id)
    assert (row.status, row.provider_id) == ("sent", "re_1")


def test_refusals_retry_with_growing_backoff_then_fail_visibly(engine, sender, fake_resend):
    fake_resend.fail_status = 500
    email_id = _queue(engine)
    now = utcnow() + timedelta(seconds=1)
    waits = []
    for _attempt in range(outbox.MAX_ATTEMPTS):
        outbox.deliver_due(sender=sender, runner="r", engine=engine, now=now)
        row = _row(engine, email_id)
        if row.status == "failed":
            break
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert row.status == "failed" and "Something went wrong" in row.last_error
    assert waits == sorted(waits) and waits[0] == timedelta(minutes=1) and waits[-1] <= timedelta(hours=1)
    # Every attempt carried the same key, so Resend would never send it twice.
    assert {r["headers"]["Idempotency-Key"] for r in fake_resend.requests} == {f"outbox-{email_id}"}


def test_a_crash_between_commit_and_send_leaves_the_email_pending(engine, sender, fake_resend):
    """The action committed its email; the process died before the sweeper ran."""
    email_id = _queue(engine)
    assert _row(engine, email_id).status == "pending" and fake_resend.requests == []
    outbox.deliver_due(sender=sender, runner="after-restart", engine=engine, now=utcnow() + timedelta(seconds=1))
    assert _row(engine, email_id).status == "sent" and len(fake_resend.requests) == 1
