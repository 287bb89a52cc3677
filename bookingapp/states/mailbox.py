"""The dev mailbox: what the app has sent (or will send) for this organization."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.domain.formatting import fmt_datetime
from bookingapp.models import Organization
from bookingapp.services import outbox
from bookingapp.states.base import AppState

PER_PAGE = 20


@dataclass
class MailRow:
    id: int
    recipient: str
    subject: str
    when: str
    status: str
    html: str
    reply_to: str
    attachments: str
    error: str


class MailboxState(AppState):
    emails: list[MailRow] = []
    total: int = 0
    page: int = 0
    message: str = ""

    @rx.var
    def pages(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None or not actor.is_owner:  # the page guard sends staff home
            return
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            rows, self.total = outbox.mailbox(session, actor=actor, page=self.page, per_page=PER_PAGE)
        self.emails = [
            MailRow(
                id=r.id, recipient=r.to_email, subject=r.subject, when=fmt_datetime(r.created_at, org.timezone, self.lang),
                status=r.status, html=r.html, reply_to=r.reply_to or "", error=r.last_error or "",
                attachments=", ".join(a["filename"] for a in r.attachments),
            )
            for r in rows
        ]

    @rx.event
    def next_page(self):
        self.page = min(self.page + 1, self.pages - 1)
        return MailboxState.load

    @rx.event
    def prev_page(self):
        self.page = max(0, self.page - 1)
        return MailboxState.load

    @rx.event
    def retry(self, email_id: int):
        actor = self._actor()
        try:
            with unit_of_work() as session:
                outbox.retry_email(session, actor=actor, email_id=email_id)
        except DomainError as error:
            self.message = self._message(error)
            return None
        return MailboxState.load
