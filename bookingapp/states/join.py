"""/join/<token>: a person invited to the team sets their name and password and is
signed in."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.services import accounts, team
from bookingapp.states.base import AppState


class JoinState(AppState):
    invited_org: str = ""
    invited_email: str = ""
    invited_name: str = ""
    link_error: str = ""  # the link itself is unusable: no form, only this message
    errors: dict[str, str] = {}
    form_message: str = ""
    loaded: bool = False

    @rx.event
    def load(self):
        self.errors, self.form_message, self.link_error = {}, "", ""
        self.invited_org = self.invited_email = self.invited_name = ""
        try:
            with read_only() as session:
                view = team.invitation_for_token(session, token=self._param("token"))
        except DomainError as error:
            self.link_error = self._message(error)
        else:
            self.invited_org, self.invited_email, self.invited_name = view.organization_name, view.email, view.name
        self.loaded = True

    @rx.event
    def accept(self, form: dict):
        try:
            with unit_of_work() as session:
                user = team.accept_invitation(session, token=self._param("token"), name=form.get("name", ""),
                                              password=form.get("password", ""))
        except ValidationFailed as error:
            if error.field:
                self.errors, self.form_message = {error.field: self._message(error)}, ""
            else:
                self.errors, self.form_message = {}, self._message(error)
            return None
        except DomainError as error:
            self.errors, self.link_error = {}, self._message(error)
            return None
        # Signed in as the new member, exactly as after signing in (states/auth.py).
        self.session_token = accounts.session_token(user)
        return rx.redirect(routes.DASHBOARD)
