"""Settings → Notifications: edit, preview, test and reset the organization's emails."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.email_catalog import CATALOG
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.models import Organization
from bookingapp.services import template_editor
from bookingapp.states.base import AppState

SUBJECT_ID = "template-subject"
BODY_ID = "template-body"
EDITOR_ID = "template-editor"


class TemplateEditorState(AppState):
    key: str = ""
    audience: str = ""
    locale: str = "en"
    subject: str = ""
    body: str = ""
    saved_subject: str = ""
    saved_body: str = ""
    is_custom: bool = False
    allowed: list[str] = []
    customized: dict[str, str] = {}  # email key -> "EN, DE" for emails with the organization's own text
    preview_subject: str = ""
    preview_text: str = ""
    preview_html: str = ""
    unknown: str = ""
    error: str = ""
    error_field: str = ""
    notice: str = ""
    notice_mailbox: bool = False
    confirm_reset: bool = False
    pending: str = ""  # "key:<email>" or "locale:<lang>" waiting for "discard unsaved changes?"

    @rx.var
    def dirty(self) -> bool:
        return self.subject != self.saved_subject or self.body != self.saved_body

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            summaries = template_editor.list_templates(session, actor=actor)
            org_locale = session.get(Organization, actor.organization_id).locale
        self._set_customized(summaries)
        if not self.key:  # first visit: start in the organization's language
            self.locale = org_locale if org_locale in template_editor.LANGUAGES else "en"
        keys = [s.key for s in summaries]
        wanted = self._query("email")
        self.key = wanted if wanted in keys else self.key if self.key in keys else keys[0]
        self._open()

    @rx.event
    def select(self, key: str):
        if key == self.key:
            return self._to_editor()
        if key not in CATALOG:
            return None
        if self.dirty:
            self.pending = f"key:{key}"
            return None
        return self._switch(key=key)

    @rx.event
    def set_locale(self, locale: str | list[str]):
        if not isinstance(locale, str) or locale not in template_editor.LANGUAGES or locale == self.locale:
            return None
        if self.dirty:
            self.pending = f"locale:{locale}"
            return None
        return self._switch(locale=locale)

    @rx.event
    def discard_changes(self):
        what, _, value = self.pending.partition(":")
        self.pending = ""
        return self._switch(**{what: value}) if what in ("key", "locale") else None

    @rx.event
    def keep_editing(self, is_open: bool = False):
        if not is_open:
            self.pending = ""

    def _switch(self, key: str = "", locale: str = ""):
        self.key, self.locale = key or self.key, locale or self.locale
        self._open()
        return self._to_editor() if key else None

    def _to_editor(self):
        # On a phone the editor is below the list: bring it (and the reader's focus) there.
        # Side by side, only scroll back up when the editor's heading is out of sight.
        return rx.call_script(
            f"(() => {{ const el = document.getElementById('{EDITOR_ID}'); if (!el) return;"
            " const narrow = window.innerWidth < 1024;"
            " if (narrow || el.getBoundingClientRect().top < 0) el.scrollIntoView({block: 'start'});"
            " if (narrow) el.focus({preventScroll: true}); })()"
        )

    @rx.event
    def set_subject(self, value: str):
        self.subject = value
        self._edited()

    @rx.event
    def set_body(self, value: str):
        self.body = value
        self._edited()

    @rx.event
    def insert_at(self, grabbed: list):
        """Put a variable where the cursor was: `grabbed` is [name, field id, value, start, end] read in the browser."""
        try:
            name, field_id, value, start, end = grabbed
        except (TypeError, ValueError):
            return None
        if name not in self.allowed:
            return None
        if field_id not in (SUBJECT_ID, BODY_ID):  # no field focused yet: the end of the text
            field_id, value, start, end = BODY_ID, None, None, None
        on_subject = field_id == SUBJECT_ID
        current = self.subject if on_subject else self.body
        value = value if isinstance(value, str) else current
        start = start if isinstance(start, int) and 0 <= start <= len(value) else len(value)
        end = end if isinstance(end, int) and start <= end <= len(value) else start
        tag = f"[{name}]"
        updated = value[:start] + tag + value[end:]
        if on_subject:
            self.subject = updated
        else:
            self.body = updated
        self._edited()
        caret = start + len(tag)
        target = SUBJECT_ID if on_subject else BODY_ID
        return rx.call_script(
            f"setTimeout(() => {{ const el = document.getElementById('{target}');"
            f" if (el) {{ el.focus(); el.setSelectionRange({caret}, {caret}); }} }}, 80)"
        )

    @rx.event
    def save(self):
        text = self._run(lambda session, actor: template_editor.save_template(
            session, actor=actor, key=self.key, locale=self.locale, subject=self.subject, body=self.body))
        if text is None:
            return
        self._show(text)
        self.notice = self._("Saved. From now on this email uses your text.")
        self._refresh_list()

    @rx.event
    def ask_reset(self):
        self.confirm_reset = True

    @rx.event
    def set_confirm_reset(self, is_open: bool):
        self.confirm_reset = is_open

    @rx.event
    def reset_to_default(self):
        self.confirm_reset = False
        text = self._run(lambda session, actor: template_editor.reset_template(
            session, actor=actor, key=self.key, locale=self.locale))
        if text is None:
            return
        self._show(text)
        self.notice = self._("The default text is back.")
        self._refresh_list()

    @rx.event
    def send_test(self):
        email = self._run(lambda session, actor: template_editor.send_test(
            session, actor=actor, key=self.key, locale=self.locale, subject=self.subject, body=self.body))
        if email is None:
            return
        self.notice = self._("Test email sent to {email}. See the Dev mailbox.").format(email=email.to_email)
        self.notice_mailbox = True

    def _run(self, action):
        actor = self._actor()
        if actor is None:
            return None
        self.notice, self.notice_mailbox = "", False
        try:
            with unit_of_work() as session:
                result = action(session, actor)
        except DomainError as error:
            self.error = self._message(error)
            self.error_field = error.field if isinstance(error, ValidationFailed) else ""
            return None
        self.error = self.error_field = ""
        return result

    def _open(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            text = template_editor.load_template(session, actor=actor, key=self.key, locale=self.locale)
        kind = CATALOG[self.key]
        self.audience, self.allowed = kind.audience, list(kind.variables)
        self.error = self.error_field = self.notice = ""
        self.notice_mailbox = self.confirm_reset = False
        self.pending = ""
        self._show(text)

    def _show(self, text: template_editor.TemplateText):
        self.subject, self.body, self.is_custom = text.subject, text.body, text.is_custom
        self.saved_subject, self.saved_body = text.subject, text.body
        self._refresh_preview()

    def _edited(self):
        self.notice, self.notice_mailbox = "", False
        self.error = self.error_field = ""
        self._refresh_preview()

    def _refresh_preview(self):
        shown = template_editor.preview(key=self.key, subject=self.subject, body=self.body, locale=self.locale,
                                        organization_name=self.org_name, staff_name=self.staff_name)
        self.preview_subject, self.preview_text, self.preview_html = shown.subject, shown.text, shown.html
        self.unknown = ", ".join(shown.unknown)

    def _refresh_list(self):
        actor = self._actor()
        with read_only() as session:
            self._set_customized(template_editor.list_templates(session, actor=actor))

    def _set_customized(self, summaries: list[template_editor.TemplateSummary]):
        self.customized = {s.key: ", ".join(lang.upper() for lang in s.customized) for s in summaries if s.customized}
