"""Sign up and sign in."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.services import accounts
from bookingapp.states.base import AppState


class AuthState(AppState):
    errors: dict[str, str] = {}
    form_message: str = ""
    busy: bool = False

    def _fail(self, error: DomainError) -> None:
        field = getattr(error, "field", None)
        if isinstance(error, ValidationFailed) and field:
            self.errors = {field: self._message(error)}
            self.form_message = ""
        else:
            self.errors = {}
            self.form_message = self._message(error)

    def _signed_in(self, user) -> rx.event.EventSpec:
        self.session_token = accounts.session_token(user)
        self.errors, self.form_message = {}, ""
        return rx.redirect(routes.safe_next(self._query("next")))

    @rx.event
    def open_sign_in(self):
        self.errors, self.form_message, self.busy = {}, "", False
        if self._actor() is not None:
            return rx.redirect(routes.safe_next(self._query("next")))
        return None

    @rx.event
    def submit_sign_up(self, form: dict):
        try:
            with unit_of_work() as session:
                user = accounts.sign_up(
                    session,
                    organization_name=form.get("organization_name", ""),
                    name=form.get("name", ""),
                    email=form.get("email", ""),
                    password=form.get("password", ""),
                    locale=self.lang,
                )
        except DomainError as error:
            self._fail(error)
            return None
        return self._signed_in(user)

    @rx.event
    def submit_sign_in(self, form: dict):
        try:
            with unit_of_work() as session:
                user = accounts.sign_in(session, email=form.get("email", ""), password=form.get("password", ""))
        except DomainError as error:
            self._fail(error)
            return None
        return self._signed_in(user)
