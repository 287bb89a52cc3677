"""Sign up and sign in."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.domain.business_rules import DEFAULT_TIMEZONE, LOCALES, TIMEZONES, currency_options
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.i18n import LANGUAGES
from bookingapp.services import accounts
from bookingapp.states.base import AppState

# The browser's own timezone, to prefill the sign-up form.
BROWSER_TIMEZONE = "Intl.DateTimeFormat().resolvedOptions().timeZone"


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
            return rx.call_script(BROWSER_TIMEZONE, callback=AuthState.set_browser_timezone)
        return None

    @rx.event
    def set_browser_timezone(self, name):
        if isinstance(name, str) and name in TIMEZONES:
            self.timezone = name

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
        if form.get("locale", "") in LANGUAGES:  # the UI speaks en and de; emails also pl
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
