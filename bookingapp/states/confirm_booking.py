"""/b/<org>/confirm/<token>: the link that confirms a booking made from an address not yet
confirmed (issue 21; services/address_checks.py). Confirming takes a press of the button,
not just opening the link, so a mail scanner that opens links confirms nothing."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.domain.formatting import fmt_datetime, timezone_label
from bookingapp.domain.localized_text import in_language
from bookingapp.integrations.gateways import get_gateway
from bookingapp.services import address_checks
from bookingapp.states.base import AppState


class ConfirmBookingState(AppState):
    link_found: bool = True
    org_name: str = ""
    org_slug: str = ""
    service_name: str = ""
    when: str = ""
    timezone: str = ""
    deadline: str = ""
    state: str = ""  # waiting | confirmed | lapsed
    error: str = ""

    @rx.event
    def load(self):
        self.error = ""
        try:
            with read_only() as session:
                view = address_checks.held_booking(session, org_slug=self._param("org"), token=self._param("token"))
        except DomainError:
            self.link_found, self.state = False, ""
            return
        org, b, lang = view.org, view.booking, self.lang
        self.link_found, self.org_name, self.org_slug, self.service_name = True, org.name, org.slug, in_language(view.service_name, self.lang)
        self.when, self.timezone = fmt_datetime(b.starts_at, org.timezone, lang), timezone_label(org.timezone, lang)
        self.deadline = fmt_datetime(b.respond_by, org.timezone, lang) if b.respond_by else ""
        self.state = view.state

    @rx.event
    def confirm(self):
        try:
            with unit_of_work() as session:
                booking, token = address_checks.confirm_address(session, org_slug=self._param("org"), token=self._param("token"),
                                                                 gateway=get_gateway())
                sent = booking.status == "requested"
        except address_checks.ConfirmationLapsed as error:
            self.state, self.error = "lapsed", self._message(error)
            return None
        except DomainError as error:
            self.error = self._message(error)
            return None
        # The manage page then greets it as a request just sent or a time just booked.
        return rx.redirect(routes.manage(token) + ("?sent=1" if sent else "?booked=1"))
