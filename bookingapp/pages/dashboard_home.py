"""Dashboard → Home: a new business's setup checklist; once done, where to go next."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.dashboard_home import DashboardHomeState as S


def _step(number: str, done: rx.Var, title: str, text: str, action: str, href: str) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.cond(
                done,
                rx.icon("circle-check", size=24, color=rx.color("green", 10), aria_hidden="true"),
                rx.box(rx.text(number, size="2", weight="bold"), width="24px", height="24px", border_radius="999px",
                       border=f"2px solid {rx.color('gray', 8)}", display="flex", align_items="center",
                       justify_content="center", flex_shrink="0", aria_hidden="true"),
            ),
            rx.vstack(
                rx.heading(t(title), size="3", as_="h3"),
                rx.text(t(text), size="2", color=rx.color("gray", 11)),
                rx.cond(
                    done,
                    rx.text(t("Done"), size="2", weight="medium", color=rx.color("green", 11)),
                    rx.button(rx.link(t(action), href=href, underline="none"), as_child=True, size="2"),
                ),
                spacing="1", align="start", min_width="0",
            ),
            spacing="3", align="start", width="100%",
        ),
        class_name=rx.cond(done, "setup-step done", "setup-step"),
        style={"listStyle": "none", "padding": "0.75rem 0", "borderTop": f"1px solid {rx.color('gray', 4)}"},
    )


def _checklist() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Set up your booking page"), size="4", as_="h2"),
            rx.text(t("Three steps to your first booking."), size="2", color=rx.color("gray", 11)),
            rx.el.ol(
                _step("1", S.service_done, "Add a service", "What customers can book: an appointment, a request or a class.",
                      "Add a service", routes.SERVICES),
                _step("2", S.hours_done, "Set your hours", "When you work, so the booking page offers only those times.",
                      "Set your hours", routes.AVAILABILITY),
                _step("3", S.share_done, "Share your booking page", "Copy its link, print its QR code or put it on your website.",
                      "Share your booking page", routes.SHARE),
                style={"margin": 0, "padding": 0, "width": "100%"},
            ),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _link(label: str, href, icon: str) -> rx.Component:
    return rx.button(rx.link(rx.icon(icon, size=16, aria_hidden="true"), t(label), href=href, underline="none"),
                     as_child=True, variant="soft")


def _all_set() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("party-popper", size=22, color=rx.color("green", 10), aria_hidden="true"),
                      rx.heading(t("You're all set"), size="4", as_="h2"), align="center", spacing="2"),
            rx.text(t("Customers can book you now. New requests land in your inbox."), size="2", color=rx.color("gray", 11)),
            rx.hstack(
                _link("Inbox", routes.INBOX, "inbox"),
                _link("Agenda", routes.AGENDA, "calendar"),
                _link("Your booking page", S.portal_href, "external-link"),
                spacing="2", wrap="wrap",
            ),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def dashboard_home_page() -> rx.Component:
    return dashboard_shell("Home", rx.cond(S.loaded, rx.cond(S.all_done, _all_set(), _checklist())))
