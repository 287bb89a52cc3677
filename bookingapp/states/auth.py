"""Sign up and sign in."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.domain.business_rules import DEFAULT_TIMEZONE, LOCALES, currency_options
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.i18n import LANGUAGES
from bookingapp.services import accounts
from bookingapp.states.base import AppState

# Prefill the sign-up form with the browser's own timezone, where it is one of the list
# and the person has not typed one yet (the page may have been quicker than this script).
BROWSER_TIMEZONE = """(() => {
  const input = document.getElementById("timezone");
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const known = zone && document.querySelector(`#timezone-list option[value="${CSS.escape(zone)}"]`);
  if (input && known && input.value === input.defaultValue) { input.value = zone; }
})()"""


class AuthState(AppState):
    errors: dict[str, str] = {}
    form_message: str = ""
    busy: bool = False
    timezone: str = DEFAULT_TIMEZONE
    currency: str = "EUR"
    locale: str = "en"
    currency_options: list[list[str]] = []

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
        if self.router.url.path.rstrip("/") == routes.SIGN_UP:
            self.locale = self.lang if self.lang in LOCALES else "en"
            self.currency_options = [list(option) for option in currency_options(self.lang)]
            return rx.call_script(BROWSER_TIMEZONE)
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
                    timezone=form.get("timezone", ""),
                    currency=form.get("currency", ""),
                    locale=form.get("locale", ""),
                )
        except DomainError as error:
            self._fail(error)
            return None
        if form.get("locale", "") in LANGUAGES:  # the owner speaks the business's language from now on
            self.lang = form["locale"]
        self.session_token = accounts.session_token(user)
        self.errors, self.form_message = {}, ""
        return rx.redirect(routes.DASHBOARD)

    @rx.event
    def submit_sign_in(self, form: dict):
        try:
            with unit_of_work() as session:
                user = accounts.sign_in(session, email=form.get("email", ""), password=form.get("password", ""))
        except DomainError as error:
            self._fail(error)
            return None
        return self._signed_in(user)
