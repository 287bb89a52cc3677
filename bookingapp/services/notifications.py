"""Queue emails: render the organization's template (or the default) into the outbox,
in the caller's transaction, so an email leaves if and only if the action commits."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from bookingapp.domain.email_catalog import CATALOG, EmailKind
from bookingapp.domain.errors import NotFound
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.localized_text import for_reader
from bookingapp.domain.templates import render_html, render_text, validate_template
from bookingapp.i18n import translate
from bookingapp.models import MessageTemplate, Organization, OutboxEmail, utcnow


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    content: str  # text content (.ics)

    def as_json(self) -> dict:
        return {"filename": self.filename, "content_type": self.content_type, "content": self.content}


def template_for(session: Session, org: Organization, key: str, locale: str) -> tuple[str, str]:
    kind = _kind(key)
    row = session.exec(
        select(MessageTemplate).where(
            MessageTemplate.organization_id == org.id, MessageTemplate.key == key, MessageTemplate.locale == locale
        )
    ).first()
    if row:
        return row.subject, row.body
    return kind.defaults.get(locale) or kind.defaults["en"]


def _kind(key: str) -> EmailKind:
    try:
        return CATALOG[key]
    except KeyError:
        raise NotFound() from None


def queue_email(
    session: Session,
    *,
    org: Organization,
    key: str,
    to: str | None,
    values: dict[str, str],
    locale: str | None = None,
    booking_id: int | None = None,
    reply_to: str | None = None,
    attachments: list[Attachment] | None = None,
) -> OutboxEmail | None:
    """Render the email into the outbox; None (nothing queued) for a recipient without an
    address: a customer the front desk took by phone, whom every flow books all the same."""
    if not to:
        return None
    lang = locale or org.locale
    subject, body = template_for(session, org, key, lang)
    subject, body, values = with_alert(_kind(key), subject, body, values, lang)
    # The business's own texts (a service's name) in the customer's language; staff read the default.
    values = for_reader(values, lang, customer=_kind(key).audience == "customer")
    values = {"ORGANIZATION_NAME": org.name, **values}
    email = OutboxEmail(
        organization_id=org.id,
        booking_id=booking_id,
        template_key=key,
        locale=lang,
        to_email=to,
        reply_to=reply_to,
        # Subjects are plain text; a newline there would be a header injection.
        subject=" ".join(render_text(subject, values).split())[:300],
        text=render_text(body, values),
        html=render_html(body, values),
        attachments=[a.as_json() for a in attachments or []],
        next_attempt_at=utcnow(),
    )
    session.add(email)
    return email


ALERT_MARK = "\u2691"  # ⚑, the flag


def with_alert(kind: EmailKind, subject: str, body: str, values: dict[str, str], lang: str) -> tuple[str, str, dict[str, str]]:
    """Staff see a flagged customer's alert in every email about their booking (issue 21):
    [CUSTOMER_ALERT] becomes "Flagged customer: <message>", put first in the body when the
    template does not place it, and the subject starts with the flag. Customers never see it."""
    alert = values.get("CUSTOMER_ALERT", "")
    if kind.audience != "provider" or "CUSTOMER_ALERT" not in kind.variables:
        return subject, body, {k: v for k, v in values.items() if k != "CUSTOMER_ALERT"}
    if not alert:
        return subject, body, {**values, "CUSTOMER_ALERT": ""}
    line = f"{ALERT_MARK} {translate(N_('Flagged customer'), lang)}: {alert}"
    if "[CUSTOMER_ALERT]" not in body:
        body = "[CUSTOMER_ALERT]\n\n" + body
    if "[CUSTOMER_ALERT]" not in subject:
        subject = f"{ALERT_MARK} {translate(N_('Flagged customer'), lang)} · {subject}"
    return subject, body, {**values, "CUSTOMER_ALERT": line}


def save_template(session: Session, *, org: Organization, key: str, locale: str, subject: str, body: str) -> MessageTemplate:
    kind = _kind(key)
    validate_template(subject, body, allowed=set(kind.variables))
    row = session.exec(
        select(MessageTemplate).where(
            MessageTemplate.organization_id == org.id, MessageTemplate.key == key, MessageTemplate.locale == locale
        )
    ).first() or MessageTemplate(organization_id=org.id, key=key, locale=locale, subject="", body="")
    row.subject, row.body, row.updated_at = subject, body, utcnow()
    session.add(row)
    return row
