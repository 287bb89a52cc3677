"""Dashboard → Services (/dashboard/services): appointments, requests and classes, each in
the order the booking page shows them, with "New …" for each kind; archived ones apart."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.common import empty_state, form_error
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.services_list import ServiceRow
from bookingapp.states.services_list import ServicesState as S

KIND_SECTIONS = (
    # kind, heading, rows, new button, empty title, empty text
    ("appointment", "Appointments", S.appointments, "New appointment service", "No appointment services yet",
     "Customers pick a free time from your team's hours and book at once."),
    ("request", "Requests", S.requests, "New request service", "No request services yet",
     "Customers propose a date; you confirm it, propose other times or reject it."),
    ("class", "Classes", S.classes, "New class", "No classes yet",
     "Create a class, then add its sessions in the schedule; customers book places."),
)


def _new_button(kind: str, label: str, variant: str = "soft") -> rx.Component:
    return rx.button(rx.link(rx.icon("plus", size=16, aria_hidden="true"), t(label), href=routes.new_service(kind),
                             underline="none", class_name=f"new-{kind}"), as_child=True, variant=variant)


def _row(row: ServiceRow, movable: bool = True) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.link(row.name, href=row.href, weight="medium", class_name="service-name"),
            rx.text(row.details, size="1", color=rx.color("gray", 11)),
            rx.cond(~row.online, rx.text(t("Staff only: no online booking"), size="1", color=rx.color("amber", 11))),
            spacing="0", align="start", min_width="0", flex="1",
        ),
        rx.hstack(
            rx.icon_button(rx.icon("arrow-up", size=16, aria_hidden="true"), variant="soft", color_scheme="gray",
                           on_click=S.move_up(row.id), disabled=row.first, aria_label=t("Move up") + ": " + row.name),
            rx.icon_button(rx.icon("arrow-down", size=16, aria_hidden="true"), variant="soft", color_scheme="gray",
                           on_click=S.move_down(row.id), disabled=row.last, aria_label=t("Move down") + ": " + row.name),
            spacing="1",
        ) if movable else rx.button(t("Restore"), variant="soft", on_click=S.restore(row.id),
                                    aria_label=t("Restore") + ": " + row.name, class_name="restore-service"),
        width="100%", align="center", padding_y="0.5rem", border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="service-row",
    )


def _section(kind: str, heading: str, rows, new_label: str, empty_title: str, empty_text: str) -> rx.Component:
    return rx.el.section(
        rx.vstack(
            rx.heading(t(heading), size="4", as_="h2"),
            rx.cond(
                rows.length() > 0,
                rx.vstack(rx.foreach(rows, lambda row: _row(row)), spacing="0", width="100%"),
                empty_state("layout-list", empty_title, empty_text, _new_button(kind, new_label, "solid")),
            ),
            spacing="2", width="100%",
        ),
        id=f"services-{kind}", style={"width": "100%"},
    )


def services_page() -> rx.Component:
    return dashboard_shell(
        "Services",
        rx.text(t("The order here is the order on your booking page."), " ",
                rx.link(t("Open your booking page"), href=S.portal_href, is_external=True), size="2", color=rx.color("gray", 11)),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%")),
        form_error(S.error),
        rx.cond(S.loaded, rx.vstack(*[_section(*section) for section in KIND_SECTIONS], spacing="6", width="100%")),
        rx.cond(S.archived.length() > 0, rx.el.section(
            rx.vstack(
                rx.heading(t("Archived"), size="4", as_="h2"),
                rx.text(t("Not on your booking page; their bookings stay."), size="2", color=rx.color("gray", 11)),
                rx.foreach(S.archived, lambda row: _row(row, movable=False)),
                spacing="2", width="100%",
            ),
            id="services-archived", style={"width": "100%"},
        )),
        actions=rx.hstack(*[_new_button(kind, label, "solid" if kind == "appointment" else "soft")
                            for kind, _, _, label, _, _ in KIND_SECTIONS], spacing="2", wrap="wrap"),
    )
