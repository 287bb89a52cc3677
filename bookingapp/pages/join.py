"""/join/<token>: join a team from an invitation email."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.common import field, form_error
from bookingapp.components.i18n import t
from bookingapp.components.layout import centered_card, language_switch
from bookingapp.states.join import JoinState as S


def _input(name: str, kind: str = "text", autocomplete: str = "", max_length: int = 120, **props) -> rx.Component:
    return rx.input(
        id=name, name=name, type=kind, auto_complete=autocomplete, max_length=max_length + 1, size="3", width="100%",
        aria_invalid=rx.cond(S.errors.contains(name), "true", "false"), aria_describedby=f"{name}-error", **props,
    )


def _form() -> rx.Component:
    return rx.fragment(
        rx.text(t("You are invited to the team of"), " ", rx.text.strong(S.invited_org), ".", size="3"),
        rx.text(t("Your sign-in email:"), " ", rx.text.strong(S.invited_email, style={"overflowWrap": "anywhere"}), size="2"),
        form_error(S.form_message),
        rx.form(
            rx.vstack(
                field("Your name", "name", _input("name", autocomplete="name", default_value=S.invited_name, key=S.invited_name),
                      S.errors.get("name", "")),
                field("Password", "password", _input("password", "password", "new-password", 128), S.errors.get("password", ""),
                      hint="At least 10 characters."),
                rx.button(t("Join and sign in"), type="submit", size="3", width="100%"),
                spacing="3",
            ),
            on_submit=S.accept, width="100%",
        ),
    )


def join_page() -> rx.Component:
    return centered_card(
        rx.hstack(rx.heading(t("Join the team"), size="6", as_="h1"), rx.spacer(), language_switch(), align="center", width="100%"),
        rx.cond(
            S.link_error != "",
            rx.vstack(
                rx.callout(S.link_error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
                rx.link(t("Sign in"), href=routes.SIGN_IN),
                spacing="3", width="100%",
            ),
            rx.cond(S.loaded, _form(), rx.spinner()),
        ),
    )
