"""The customer's request form on the portal (phone first)."""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound, ValidationFailed
from bookingapp.domain.formatting import fmt_minutes, fmt_money, timezone_label
from bookingapp.domain.localized_text import service_description, service_name
from bookingapp.integrations.gateways import get_gateway
from bookingapp.services import requests
from bookingapp.states.base import AppState
from bookingapp.states.card_form import card_from_form
from bookingapp.states.portal_address import moved_portal


class RequestFormState(AppState):
    found: bool = True
    kind: str = ""
    org_name: str = ""
    service_id: int = 0
    portal_slug: str = ""
    service_name: str = ""
    description: str = ""
    price: str = ""
    duration: str = ""
    timezone: str = ""
    tz_name: str = ""
    allows_private: bool = True
    allows_group: bool = False
    min_party: int = 1
    max_party: int = 1
    party_hint: str = ""  # "Between 1 and 4 people."
    window_hint: str = ""  # "The provider answers within 48 hours. …"
    window_hours: int = 48
    group: str = "private"
    errors: dict[str, str] = {}
    form_message: str = ""
    _submission: str = ""  # names this showing of the form; see RequestForm.submission

    @rx.event
    def load(self):
        self.errors, self.form_message = {}, ""
        self._submission = secrets.token_urlsafe(16)
        try:
            with read_only() as session:
                org, service = requests.request_service(session, org_slug=self._param("org"), service_slug=self._param("service"))
        except NotFound:
            self.found = False
            return moved_portal(self)
        if service.kind == "class":  # a class is booked by its sessions, not with this form
            return rx.redirect(routes.portal_classes(org.slug, service.slug), replace=True)
        self.found, self.kind, self.org_name, self.portal_slug = True, service.kind, org.name, org.slug
        self.service_id = service.id
        self.service_name = service_name(service, self.lang)
        self.description = service_description(service, self.lang)
        self.price = fmt_money(service.price_minor, service.currency, self.lang)
        self.duration = fmt_minutes(service.duration_minutes, self.lang)
        self.tz_name, self.timezone = org.timezone, timezone_label(org.timezone, self.lang)
        self.allows_private, self.allows_group = service.allows_private, service.allows_group
        self.min_party, self.max_party = service.min_party, service.max_party
        self.group = "private" if service.allows_private else "group"
        self.window_hours = org.response_window_hours
        self.party_hint = self._("Between {min} and {max} people.").format(min=self.min_party, max=self.max_party)
        self.window_hint = self._n("The provider answers within {count} hour. Without an answer the hold is released.",
                                   "The provider answers within {count} hours. Without an answer the hold is released.",
                                   self.window_hours)

    @rx.event
    def set_group(self, value: str):
        self.group = value

    @rx.event
    def submit(self, form: dict):
        try:
            request = self._parse(form)
            with unit_of_work() as session:
                _booking, token = requests.create_request(session, form=request, gateway=get_gateway())
        except ValidationFailed as error:
            self.errors = {error.field or "form": self._message(error)}
            self.form_message = self._message(error) if not error.field else ""
            return None
        except DomainError as error:
            self.errors, self.form_message = {}, self._message(error)
            return None
        self.errors, self.form_message = {}, ""
        return rx.redirect(routes.manage(token) + "?sent=1")

    def _parse(self, form: dict) -> requests.RequestForm:
        try:
            local = datetime.fromisoformat(f"{form.get('date', '')}T{form.get('time', '')}")
        except ValueError:
            raise ValidationFailed("Choose a date and a time.", field="starts_at") from None
        try:
            party = int(form.get("party_size") or 1)
        except ValueError:
            raise ValidationFailed("Choose between {min} and {max} people.", field="party_size", min=self.min_party, max=self.max_party) from None
        card = card_from_form(form)
        return requests.RequestForm(
            service_id=self.service_id, starts_at=local.replace(tzinfo=ZoneInfo(self.tz_name)), party_size=party,
            group=self.group == "group", name=form.get("name", ""), email=form.get("email", ""),
            phone=form.get("phone", ""), note=form.get("note", ""), card=card, submission=self._submission,
            locale=self.lang,
        )
