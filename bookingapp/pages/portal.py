"""The public portal: /b/<org-slug>."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import empty_state, page_not_found
from bookingapp.components.i18n import t
from bookingapp.components.layout import portal_shell
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.portal import PortalState, ServiceCard


def _kind_label(kind: rx.Var) -> rx.Component:
    return rx.match(kind, ("request", t("Request a date")), ("appointment", t("Book a time")), ("class", t("Class")), kind)


def _service(card: ServiceCard) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(rx.heading(card.name, size="4", as_="h2"), rx.spacer(), rx.badge(_kind_label(card.kind)), width="100%", align="center"),
                rx.text(card.description, color=rx.color("gray", 11), size="2"),
                rx.hstack(rx.text(card.duration, size="2"), rx.text("·", size="2"), rx.text(card.price, size="2", weight="medium")),
                spacing="2",
                align="start",
            ),
            width="100%",
        ),
        href=card.href,
        underline="none",
        color="inherit",
        width="100%",
    )


def _contact() -> rx.Component:
    """The business's contact details, as it chose to show them (Settings → Business)."""
    return rx.cond(
        (PortalState.contact_email != "") | (PortalState.contact_phone != ""),
        rx.el.footer(
            rx.vstack(
                rx.heading(t("Contact"), size="3", as_="h2"),
                rx.cond(PortalState.contact_email != "",
                        rx.link(PortalState.contact_email, href="mailto:" + PortalState.contact_email, size="2")),
                rx.cond(PortalState.contact_phone != "",
                        rx.link(PortalState.contact_phone, href="tel:" + PortalState.contact_phone, size="2")),
                spacing="1", padding_top="1rem", border_top=f"1px solid {rx.color('gray', 5)}", width="100%",
            ),
            style={"width": "100%"},
        ),
    )


def portal_page() -> rx.Component:
    return portal_shell(
        rx.cond(
            PortalState.found,
            rx.vstack(
                rx.heading(t("Book online"), size="6", as_="h1"),
                timezone_note(PortalState.timezone, size="2", color=rx.color("gray", 11)),
                rx.cond(
                    PortalState.services.length() > 0,
                    rx.vstack(rx.foreach(PortalState.services, _service), width="100%", spacing="3"),
                    empty_state("calendar-x", "Nothing to book yet", "This business has not published any services yet. Please check back later."),
                ),
                _contact(),
                width="100%",
                spacing="3",
            ),
            page_not_found(),
        ),
        org_name=PortalState.portal_org, org_slug=PortalState.portal_slug, embedded=PortalState.embedded,
    )
