"""Small pieces shared by dashboard and portal pages."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t


def empty_state(icon: str, title: str, text: str, *actions: rx.Component) -> rx.Component:
    return rx.vstack(
        rx.icon(icon, size=36, color=rx.color("gray", 9), aria_hidden="true"),
        rx.heading(t(title), size="4", as_="h2"),
        rx.text(t(text), color=rx.color("gray", 11), max_width="32rem", text_align="center"),
        *actions,
        align="center",
        spacing="3",
        padding_y="3rem",
        padding_x="1rem",
        border=f"1px dashed {rx.color('gray', 6)}",
        border_radius="12px",
        width="100%",
    )


def page_not_found() -> rx.Component:
    return empty_state("search-x", "Page not found", "There is no booking page at this address. Check the link you were given.")


def field(label: str, for_id: str, control: rx.Component, error: rx.Var | str = "", hint: str = "") -> rx.Component:
    """A labelled form field with its hint and its error message right under it."""
    return rx.vstack(
        rx.el.label(t(label), html_for=for_id, style={"fontWeight": 500, "fontSize": "14px"}),
        control,
        rx.text(t(hint), size="1", color=rx.color("gray", 11)) if hint else rx.fragment(),
        rx.cond(
            error != "",
            rx.text(error, color=rx.color("red", 11), size="2", role="alert", id=f"{for_id}-error"),
        ),
        spacing="1",
        width="100%",
        align="stretch",
    )


def form_error(message: rx.Var) -> rx.Component:
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
    )


def test_mode_banner() -> rx.Component:
    return rx.box(
        rx.text(t("Test mode: no real charge. Use the test card 4242 4242 4242 4242."), size="2", weight="medium"),
        background=rx.color("amber", 4),
        color=rx.color("amber", 12),
        padding="0.5rem 1rem",
        text_align="center",
        width="100%",
        role="status",
    )


def new_booking_button(href: rx.Var | str) -> rx.Component:
    """The way into the front desk's new-booking page (routes.new_booking), from any dashboard page."""
    return rx.button(rx.link(rx.icon("plus", size=16, aria_hidden="true"), t("New booking"), href=href, underline="none",
                             class_name="new-booking-link"), as_child=True)


def sign_in_prompt(message: str, portal_slug: rx.Var) -> rx.Component:
    """A portal page's call to sign in, for what only a signed-in customer can do there."""
    return rx.callout(
        rx.vstack(
            rx.text(t(message), weight="medium"),
            rx.link(t("Sign in or create an account"), href="/b/" + portal_slug + "/signin", weight="medium"),
            spacing="1",
        ),
        icon="log-in", width="100%",
    )
