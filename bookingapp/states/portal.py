"""The public portal of an organization."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only
from bookingapp.domain.errors import NotFound
from bookingapp.domain.formatting import fmt_minutes, fmt_money, timezone_label
from bookingapp.domain.localized_text import service_description, service_name
from bookingapp.services import portal
from bookingapp.states.base import AppState
from bookingapp.states.portal_address import moved_portal

KIND_LABELS = {"request": "Request a date", "appointment": "Book a time", "class": "Classes"}


@dataclass
class ServiceCard:
    name: str
    description: str
    kind: str
    duration: str
    price: str
    href: str


def _href(org_slug: str, service) -> str:
    """Where a service's card leads: its booking page, or for a class its own sessions."""
    if service.kind == "appointment":
        return routes.portal_book(org_slug, service.slug)
    if service.kind == "class":
        return routes.portal_classes(org_slug, service.slug)
    return routes.portal_service(org_slug, service.slug)


class PortalState(AppState):
    found: bool = True
    portal_org: str = ""
    portal_slug: str = ""
    timezone: str = ""
    services: list[ServiceCard] = []
    contact_email: str = ""
    contact_phone: str = ""
    embedded: bool = False  # ?embed=1: inside another site's page (the Share page's snippet)

    def _credits(self, n: int) -> str:
        return self._n("{count} credit", "{count} credits", n)

    @rx.event
    def load(self):
        self.embedded = self._query("embed") == "1"
        try:
            with read_only() as session:
                org = portal.organization_by_slug(session, self._param("org"))
                services = portal.bookable_services(session, org)
        except NotFound:
            self.found, self.services = False, []
            return moved_portal(self)
        self.found, self.portal_org, self.portal_slug = True, org.name, org.slug
        self.timezone = timezone_label(org.timezone, self.lang)
        self.contact_email, self.contact_phone = org.contact_email or "", org.contact_phone or ""
        self.services = [
            ServiceCard(
                name=service_name(s, self.lang), description=service_description(s, self.lang), kind=s.kind,
                duration=fmt_minutes(s.duration_minutes, self.lang),
                price=self._credits(s.credit_cost) if s.kind == "class" and s.credit_cost else fmt_money(s.price_minor, s.currency, self.lang),
                href=_href(org.slug, s),
            )
            for s in services
        ]
