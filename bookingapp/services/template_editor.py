"""Settings → Notifications: the organization's own text for every email, per language.

A saved template is checked against the variables its email can fill, so a template
never promises a value the app does not have; a draft can be previewed with sample
values and sent to the staff member as a test before anything is saved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Annotated

from sqlmodel import Session, select

from bookingapp.domain.email_catalog import CATALOG, EmailKind
from bookingapp.domain.errors import NotFound, PermissionDenied, UnknownVariable, ValidationFailed
from bookingapp.domain.templates import VARIABLES, render_html, render_text, sample_values, tags_in
from bookingapp.domain.user_input import Choice, Line, Text, user_input
from bookingapp.models import MessageTemplate, Organization, OutboxEmail, StaffUser, utcnow
from bookingapp.services import notifications
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor

# The languages emails can be written in (the dashboard itself may speak fewer).
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "pl": "Polski"}
# Keys and languages come from the editor's address: an unknown one is not found.
TemplateKey = Annotated[str, Choice(CATALOG, missing=True)]
Locale = Annotated[str, Choice(LANGUAGES, missing=True)]
AUDIENCES = ("customer", "provider")
MAX_SUBJECT = 300
MAX_BODY = 20000
Subject = Annotated[str, Text(MAX_SUBJECT)]
Body = Annotated[str, Text(MAX_BODY, multiline=True)]
TEST_PREFIX = "[Test] "


@dataclass(frozen=True)
class TemplateSummary:
    key: str
    audience: str
    description: str
    customized: tuple[str, ...]  # languages with the organization's own text, in LANGUAGES order


@dataclass(frozen=True)
class TemplateText:
    key: str
    locale: str
    subject: str
    body: str
    is_custom: bool


@dataclass(frozen=True)
class Preview:
    subject: str
    text: str
    html: str  # escaped by render_html: safe to show as markup
    unknown: tuple[str, ...]  # tags this email cannot fill, as "[NAME]"


def email_kinds() -> list[EmailKind]:
    """Every email the app sends, customer emails first, each group in catalog order."""
    return sorted(CATALOG.values(), key=lambda kind: AUDIENCES.index(kind.audience) if kind.audience in AUDIENCES else len(AUDIENCES))


def variables_for(key: str) -> tuple[str, ...]:
    return _kind(key).variables


def list_templates(session: Session, *, actor: Actor) -> list[TemplateSummary]:
    _require_staff(actor)
    rows = session.exec(
        select(MessageTemplate.key, MessageTemplate.locale).where(MessageTemplate.organization_id == actor.organization_id)
    ).all()
    custom: dict[str, set[str]] = defaultdict(set)
    for key, locale in rows:
        custom[key].add(locale)
    return [
        TemplateSummary(kind.key, kind.audience, kind.description, tuple(lang for lang in LANGUAGES if lang in custom[kind.key]))
        for kind in email_kinds()
    ]


@user_input
def load_template(session: Session, *, actor: Actor, key: TemplateKey, locale: Locale) -> TemplateText:
    """The organization's text, else the default in that language, else the English default."""
    _require_staff(actor)
    kind = CATALOG[key]  # key and locale are known: TemplateKey and Locale refuse others as not found
    row = _row(session, actor, key, locale)
    if row is not None:
        return TemplateText(key, locale, row.subject, row.body, True)
    subject, body = kind.defaults.get(locale) or kind.defaults["en"]
    return TemplateText(key, locale, subject, body, False)


@user_input
def save_template(session: Session, *, actor: Actor, key: TemplateKey, locale: Locale, subject: Subject, body: Body) -> TemplateText:
    _require_owner(actor)
    kind = CATALOG[key]
    subject, body = _clean(kind, subject, body)
    org = session.get(Organization, actor.organization_id)
    notifications.save_template(session, org=org, key=key, locale=locale, subject=subject, body=body)
    log_action(session, actor=actor, action="template.saved", organization_id=org.id, data={"key": key, "locale": locale})
    return TemplateText(key, locale, subject, body, True)


@user_input
def reset_template(session: Session, *, actor: Actor, key: TemplateKey, locale: Locale) -> TemplateText:
    """Back to the default text: the organization's row for this email and language goes."""
    _require_owner(actor)
    row = _row(session, actor, key, locale)
    if row is not None:
        session.delete(row)
        session.flush()
        log_action(session, actor=actor, action="template.reset", organization_id=actor.organization_id,
                   data={"key": key, "locale": locale})
    return load_template(session, actor=actor, key=key, locale=locale)


@user_input
def preview(*, key: TemplateKey, subject: Subject, body: Body, locale: Locale = "en", organization_name: Line = "",
            staff_name: Line = "") -> Preview:
    """A draft rendered with sample values, as a recipient would read it (dates and money in `locale`)."""
    kind = CATALOG[key]
    values = _sample_values(organization_name, staff_name, locale)
    unknown = sorted((tags_in(subject) | tags_in(body)) - set(kind.variables))
    return Preview(
        subject=_subject_line(render_text(subject, values)),
        text=render_text(body, values),
        html=render_html(body, values),
        unknown=tuple(f"[{name}]" for name in unknown),
    )


@user_input
def send_test(session: Session, *, actor: Actor, key: TemplateKey, locale: Locale, subject: Subject, body: Body) -> OutboxEmail:
    """Queue the draft, filled with sample values, to the signed-in staff member only."""
    _require_owner(actor)
    kind = CATALOG[key]
    subject, body = _clean(kind, subject, body)
    user = session.get(StaffUser, actor.id)
    if user is None or user.organization_id != actor.organization_id:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id)
    values = _sample_values(org.name, user.name, locale)
    email = OutboxEmail(
        organization_id=org.id,
        template_key=key,
        locale=locale,
        to_email=user.email,
        subject=_subject_line(TEST_PREFIX + render_text(subject, values)),
        text=render_text(body, values),
        html=render_html(body, values),
        next_attempt_at=utcnow(),
    )
    session.add(email)
    log_action(session, actor=actor, action="template.test_sent", organization_id=org.id,
               data={"key": key, "locale": locale, "to": user.email})
    return email


def _clean(kind: EmailKind, subject: str, body: str) -> tuple[str, str]:
    # A subject is one line: a newline in it would be a header injection.
    subject = " ".join((subject or "").split())
    body = (body or "").replace("\r\n", "\n")
    if not subject:
        raise ValidationFailed("Enter a subject.", field="subject")
    if len(subject) > MAX_SUBJECT:
        raise ValidationFailed("The subject is too long (at most {max} characters).", field="subject", max=MAX_SUBJECT)
    if not body.strip():
        raise ValidationFailed("Enter the text of the email.", field="body")
    if len(body) > MAX_BODY:
        raise ValidationFailed("The text is too long (at most {max} characters).", field="body", max=MAX_BODY)
    used = tags_in(subject) | tags_in(body)
    unknown = sorted(used - set(VARIABLES))
    if unknown:
        raise UnknownVariable(names=_names(unknown))
    elsewhere = sorted(used - set(kind.variables))
    if elsewhere:
        # Known variables, but this email has no value for them (a sign-in link in a booking email).
        raise ValidationFailed("This email cannot use {names}. Use only the variables listed.", names=_names(elsewhere))
    return subject, body


def _names(names: list[str]) -> str:
    return ", ".join(f"[{name}]" for name in names)


def _subject_line(text: str) -> str:
    return " ".join(text.split())[:MAX_SUBJECT]


def _sample_values(organization_name: str, staff_name: str, locale: str = "en") -> dict[str, str]:
    values = sample_values(locale)
    if organization_name:
        values["ORGANIZATION_NAME"] = organization_name
    if staff_name:
        values["STAFF_NAME"] = staff_name
    return values


def _row(session: Session, actor: Actor, key: str, locale: str) -> MessageTemplate | None:
    return session.exec(
        select(MessageTemplate).where(
            MessageTemplate.organization_id == actor.organization_id, MessageTemplate.key == key, MessageTemplate.locale == locale
        )
    ).first()


def _require_staff(actor: Actor) -> None:
    if not actor.is_staff or actor.organization_id is None:
        raise PermissionDenied()


def _require_owner(actor: Actor) -> None:
    # Staff may read the templates; changing what the business sends is the owner's.
    if not actor.is_owner:
        raise PermissionDenied()


def _kind(key: str) -> EmailKind:
    kind = CATALOG.get(key)
    if kind is None:
        raise NotFound()
    return kind

