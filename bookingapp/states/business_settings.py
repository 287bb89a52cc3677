"""Settings → Business (owner only): the business's name, address, region and defaults."""

from __future__ import annotations

import dataclasses

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.business_rules import currency_options
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_percent
from bookingapp.services import business
from bookingapp.settings import get_settings
from bookingapp.states.base import AppState

FIELDS = tuple(f.name for f in dataclasses.fields(business.BusinessForm))


class BusinessSettingsState(AppState):
    loaded: bool = False
    values: dict[str, str] = {}
    commission: str = ""
    address_prefix: str = ""
    currency_options: list[list[str]] = []
    errors: dict[str, str] = {}
    form_message: str = ""
    form_key: int = 0

    def _show(self, settings: business.BusinessSettings) -> None:
        self.values = {name: str(getattr(settings.form, name)) for name in FIELDS}
        self.commission = fmt_percent(settings.commission_pct, self.lang)
        self.org_slug = settings.form.slug
        self.org_name = settings.form.name
        self.form_key += 1

    @rx.event
    def load(self):
        self.errors, self.form_message, self.loaded = {}, "", False
        actor = self._actor()
        if actor is None or actor.role != "owner":
            return
        self.address_prefix = get_settings().public_base_url.rstrip("/") + routes.portal("")
        self.currency_options = [list(option) for option in currency_options(self.lang)]
        with read_only() as session:
            self._show(business.business_settings(session, actor=actor))
        self.loaded = True

    @rx.event
    def save(self, form: dict):
        actor = self._actor()
        if actor is None:
            return rx.redirect(routes.SIGN_IN)
        typed = business.BusinessForm(**{name: str(form.get(name, "")) for name in FIELDS})
        try:
            with unit_of_work() as session:
                business.update_business(session, actor=actor, form=typed)
        except ValidationFailed as error:
            self.values = {name: getattr(typed, name) for name in FIELDS}  # keep what was typed
            self.errors = {error.field or "form": self._message(error)}
            self.form_message = "" if error.field else self._message(error)
            return None
        except DomainError as error:
            self.errors, self.form_message = {}, self._message(error)
            return None
        self.errors, self.form_message = {}, ""
        with read_only() as session:
            self._show(business.business_settings(session, actor=actor))
        return rx.toast.success(self._("Business settings saved."))
