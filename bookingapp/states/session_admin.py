"""Dashboard → Schedule → one session: Edit session, Cancel session (this one or the rest of
its series, with what will happen said before confirming), and Promote from the waitlist.
The rules live in services/session_changes.py; this holds the dialogs."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound, ValidationFailed
from bookingapp.domain.formatting import fmt_date
from bookingapp.models import ClassSession, Organization, utcnow
from bookingapp.services import class_schedule, session_changes
from bookingapp.states.class_session import ClassSessionState
from bookingapp.states.schedule import Option


class SessionAdminState(ClassSessionState):
    session_cancelled: bool = False
    cancelled_because: str = ""
    cancelled_on: str = ""  # the day it was cancelled, in the business's timezone
    edit_open: bool = False
    edit_values: dict[str, str] = {}
    staff_choices: list[Option] = []
    edit_error: str = ""
    edit_field: str = ""
    cancel_open: bool = False
    cancel_scope: str = "this"
    has_series: bool = False
    reason_choices: list[str] = []
    cancel_summary: str = ""
    cancel_error: str = ""
    promote_error: str = ""

    @rx.event
    def load_admin(self):
        actor = self._actor()
        if actor is None:
            return
        self.edit_open = self.cancel_open = False
        self.promote_error = ""
        with read_only() as session:
            row = session.get(ClassSession, self._id() or 0)
            if row is None or row.organization_id != actor.organization_id:
                return
            self.session_cancelled, self.cancelled_because = row.cancelled, row.cancel_reason or ""
            tz = session.get(Organization, row.organization_id).timezone
            self.cancelled_on = fmt_date(row.cancelled_at, tz, self.lang) if row.cancelled and row.cancelled_at else ""

    # --- edit -----------------------------------------------------------------------------

    @rx.event
    def open_edit(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            row = session.get(ClassSession, self.session_id)
            if row is None or row.organization_id != actor.organization_id:
                return
            tz = session.get(Organization, actor.organization_id).timezone
            self.staff_choices = [Option(str(u.id), u.name) for u in class_schedule.staff_members(session, actor=actor)]
        local = row.starts_at.astimezone(ZoneInfo(tz))
        self.edit_values = {
            "starts_at": local.strftime("%Y-%m-%dT%H:%M"),
            "duration": str(int((row.ends_at - row.starts_at).total_seconds() // 60)),
            "capacity": str(row.capacity), "credit_cost": str(row.credit_cost), "location": row.location or "",
            "staff_user_id": str(row.staff_user_id or ""),
        }
        self.edit_error = self.edit_field = ""
        self.edit_open = True

    @rx.event
    def set_edit_open(self, is_open: bool):
        self.edit_open = bool(is_open)

    @rx.event
    def set_edit_value(self, key: str, value: str):
        if key in self.edit_values:
            self.edit_values = {**self.edit_values, key: str(value)[:200]}

    @rx.event
    def save_edit(self, form: dict):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                edit = session_changes.edit_from_form(session, actor=actor, form={**self.edit_values, **form})
                result = session_changes.edit_session(session, actor=actor, class_session_id=self.session_id, edit=edit,
                                                      now=utcnow())
        except DomainError as error:
            self.edit_error = self._message(error)
            self.edit_field = error.field if isinstance(error, ValidationFailed) and error.field else ""
            return None
        self.edit_open = False
        if not result.changed:
            self.notice = self._("Nothing changed.")
        elif result.told:
            self.notice = self._n("Session saved. {count} participant is told by email, with the updated calendar entry.",
                                  "Session saved. {count} participants are told by email, with the updated calendar entry.",
                                  result.told)
        else:
            self.notice = self._("Session saved.")
        return [ClassSessionState.load, SessionAdminState.load_admin]

    # --- cancel ---------------------------------------------------------------------------

    def _preview(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                preview = session_changes.cancel_preview(session, actor=actor, class_session_id=self.session_id,
                                                         scope=self.cancel_scope, now=utcnow())
                self.reason_choices = session_changes.reasons(session, actor=actor)
        except DomainError as error:
            self.cancel_error = self._message(error)
            return
        self.has_series = preview.has_series
        parts = [self._n("{count} session will be cancelled.", "{count} sessions will be cancelled.", preview.sessions),
                 self._n("{count} participant will be emailed.", "{count} participants will be emailed.", preview.participants)]
        if preview.credits:
            parts.append(self._n("{count} credit goes back to them.", "{count} credits go back to them.", preview.credits))
        if preview.waitlisted:
            parts.append(self._n("{count} person on the waitlist will be told.", "{count} people on the waitlist will be told.",
                                 preview.waitlisted))
        self.cancel_summary = " ".join(parts)

    @rx.event
    def open_cancel(self):
        self.cancel_scope, self.cancel_error = "this", ""
        self._preview()
        self.cancel_open = True

    @rx.event
    def set_cancel_open(self, is_open: bool):
        self.cancel_open = bool(is_open)

    @rx.event
    def set_cancel_scope(self, scope: str):
        self.cancel_scope = "series" if scope == "series" else "this"
        self._preview()

    @rx.event
    def confirm_cancel(self, form: dict):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                result = session_changes.cancel_sessions(
                    session, actor=actor, class_session_id=self.session_id, scope=self.cancel_scope,
                    reason=str(form.get("reason", "") or ""), note=str(form.get("note", "") or ""), now=utcnow())
        except NotFound:
            self.cancel_error = self._("This session no longer exists.")
            return None
        except DomainError as error:
            self.cancel_error = self._message(error)
            return None
        self.cancel_open = False
        self.notice = " ".join([
            self._n("{count} session cancelled.", "{count} sessions cancelled.", len(result.session_ids)),
            self._n("{count} participant emailed.", "{count} participants emailed.", result.participants),
            self._n("{count} credit returned.", "{count} credits returned.", result.credits)])
        return [ClassSessionState.load, SessionAdminState.load_admin]

    # --- waitlist -------------------------------------------------------------------------

    @rx.event
    def promote(self, entry_id: int):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                session_changes.promote(session, actor=actor, entry_id=entry_id, now=utcnow())
        except DomainError as error:
            self.promote_error = self._message(error)
            return None
        self.promote_error = ""
        self.notice = self._("Moved into the class. They get a confirmation by email.")
        return ClassSessionState.load
