"""Dashboard → Team (owner only): members, invitations, roles, deactivation with the
handover of future work, and who gets the notification emails."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_datetime
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.user_input import whole_number
from bookingapp.services import team
from bookingapp.states.base import AppState

LEFT_REASONS = {
    "not_given": "They do not give this service.",
    "busy": "They are busy then.",
}


class TeamState(AppState):
    members: list[dict[str, str]] = []
    invitations: list[dict[str, str]] = []
    notify: str = "assigned"
    team_email: str = ""
    timezone: str = ""
    errors: dict[str, str] = {}
    message: str = ""  # what just happened, announced politely
    error: str = ""  # an action on a row that failed
    invite_key: int = 0  # bumped to clear the invite form after sending
    # The member just deactivated, and their future work waiting for a new owner.
    handover_id: str = ""
    handover_name: str = ""
    handover_items: list[dict[str, str]] = []
    confirm_id: str = ""  # the member whose deactivation is being confirmed
    confirm_name: str = ""

    def _view(self, actor) -> None:
        with read_only() as session:
            view = team.members(session, actor=actor)
        self.members = [{"id": str(m.id), "name": m.name, "email": m.email, "role": m.role,
                         "active": "yes" if m.active else "", "you": "yes" if m.is_you else ""} for m in view.members]
        self.invitations = [{"id": str(i.id), "name": i.name, "email": i.email, "role": i.role,
                             "expires": fmt_datetime(i.expires_at, view.timezone, self.lang),
                             "expired": "yes" if i.expired else ""} for i in view.invitations]
        self.notify = view.notify
        self.team_email = view.team_email
        self.timezone = view.timezone

    def _run(self, action, done: str = "") -> bool:
        """One action in one transaction; its error is shown, its success announced."""
        actor = self._actor()
        if actor is None:
            return False
        try:
            with unit_of_work() as session:
                action(session, actor)
        except DomainError as error:
            field = getattr(error, "field", None)
            if isinstance(error, ValidationFailed) and field in ("email", "name", "role", "team_email", "notify"):
                self.errors = {field: self._message(error)}
            else:
                self.error = self._message(error)
            self.message = ""
            return False
        self.errors, self.error, self.message = {}, "", self._(done) if done else ""
        self._view(actor)
        return True

    @rx.event
    def load(self):
        self.errors, self.error, self.message = {}, "", ""
        self.handover_id, self.handover_items, self.confirm_id = "", [], ""
        actor = self._actor()
        if actor is not None and actor.is_owner:
            self._view(actor)

    @rx.event
    def invite(self, form: dict):
        sent = self._run(lambda s, a: team.invite(s, actor=a, email=form.get("email", ""), name=form.get("name", ""),
                                                  role=form.get("role", "staff")), N_("Invitation sent."))
        if sent:
            self.invite_key += 1

    @rx.event
    def resend(self, invitation_id: str):
        self._run(lambda s, a: team.resend_invitation(s, actor=a, invitation_id=whole_number(invitation_id)),
                  N_("Invitation sent again. The earlier link no longer works."))

    @rx.event
    def revoke(self, invitation_id: str):
        self._run(lambda s, a: team.revoke_invitation(s, actor=a, invitation_id=whole_number(invitation_id)),
                  N_("Invitation withdrawn."))

    @rx.event
    def set_role(self, staff_user_id: str, role: str):
        mine = any(m["id"] == staff_user_id and m["you"] for m in self.members)
        changed = self._run(lambda s, a: team.set_role(s, actor=a, staff_user_id=whole_number(staff_user_id), role=role),
                            "Role changed.")
        if changed and mine and role != "owner":
            # Owners only from here on: someone who just made themselves staff leaves this page.
            return [rx.redirect(routes.DASHBOARD), rx.toast.info(self._("Role changed."))]
        return None

    @rx.event
    def ask_deactivate(self, staff_user_id: str, name: str):
        self.confirm_id, self.confirm_name = staff_user_id, name

    @rx.event
    def set_confirm_open(self, is_open: bool):
        if not is_open:
            self.confirm_id = ""

    @rx.event
    def deactivate(self):
        member_id, name = self.confirm_id, self.confirm_name
        self.confirm_id = ""
        found: list = []
        if self._run(lambda s, a: found.extend(team.deactivate_member(s, actor=a, staff_user_id=whole_number(member_id))),
                     N_("Member deactivated. They can no longer sign in.")):
            self._show_handover(member_id, name, found)

    def _rows(self, items: list) -> list[dict[str, str]]:
        return [{"when": fmt_datetime(i.starts_at, self.timezone, self.lang), "title": i.title, "reference": i.reference,
                 "kind": i.kind, "reason": self._(LEFT_REASONS.get(i.reason, "")) if i.reason else "",
                 "href": routes.order(i.reference) if i.kind == "booking" else routes.schedule_session(i.id)}
                for i in items]

    def _show_handover(self, member_id: str, name: str, items: list) -> None:
        self.handover_id = member_id if items else ""
        self.handover_name = name
        self.handover_items = self._rows(items)

    @rx.event
    def show_work(self, staff_user_id: str, name: str):
        found: list = []
        if self._run(lambda s, a: found.extend(team.future_work(s, actor=a, staff_user_id=whole_number(staff_user_id)))):
            self._show_handover(staff_user_id, name, found)
            if not found:
                self.message = self._("No future bookings or classes to hand over.")

    @rx.event
    def reassign(self, form: dict):
        source, done = self.handover_id, []
        if not self._run(lambda s, a: done.append(team.reassign_bookings(
                s, actor=a, from_staff_id=whole_number(source), to_staff_id=whole_number(form.get("to_staff_id", ""))))):
            return
        handover = done[0]
        # What could not move stays in the panel with its reason: rebook it, or pick someone else.
        self.handover_id = source if handover.left else ""
        self.handover_items = self._rows(handover.left)
        self.message = self._("Bookings handed over.") if not handover.left else self._(
            "{moved} handed over. {left} could not be: rebook them or choose someone else.").format(
            moved=handover.moved, left=len(handover.left))

    @rx.event
    def reactivate(self, staff_user_id: str):
        self._run(lambda s, a: team.reactivate_member(s, actor=a, staff_user_id=whole_number(staff_user_id)),
                  N_("Member reactivated."))

    @rx.event
    def save_notify(self, form: dict):
        self._run(lambda s, a: team.set_notify(s, actor=a, notify=form.get("notify", ""), team_email=form.get("team_email", "")),
                  "Saved.")

    @rx.var
    def active_others(self) -> list[dict[str, str]]:
        """Who can take over the work of the member being handed over."""
        return [m for m in self.members if m["active"] and m["id"] != self.handover_id]
