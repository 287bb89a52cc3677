"""/b/<org>/signin and /b/<org>/bookings: the customer's sign-in and their Bookings tab."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.badges import status_badge
from bookingapp.components.common import empty_state, field, page_not_found
from bookingapp.components.i18n import t
from bookingapp.components.layout import portal_shell
from bookingapp.components.my_classes_panel import my_classes_panel
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.customer_account import BookingCard
from bookingapp.states.customer_account import CustomerBookingsState as Bookings
from bookingapp.states.customer_account import CustomerSignInState as SignIn
from bookingapp.states.customer_sign_up import SENT
from bookingapp.states.customer_sign_up import CustomerSignUpState as SignUp


def _input(id_: str, error: rx.Var, kind: str = "text", autocomplete: str = "", max_length: int = 254,
           name: str = "") -> rx.Component:
    return rx.input(
        id=id_, name=name or id_, type=kind, auto_complete=autocomplete, max_length=max_length + 1, size="3", width="100%",
        aria_invalid=rx.cond(error != "", "true", "false"), aria_describedby=f"{id_}-error",
    )


def _callout(message: rx.Var, tone: str, icon: str, role: str) -> rx.Component:
    return rx.cond(message != "", rx.callout(message, icon=icon, color_scheme=tone, role=role, width="100%"))


# --- sign in ------------------------------------------------------------------------------


def _link_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            field("Email", "link_email", _input("link_email", SignIn.email_error, "email", "email", name="email"), SignIn.email_error),
            rx.button(rx.icon("mail", size=18, aria_hidden="true"), t("Send me a sign-in link"), type="submit", size="3", width="100%"),
            spacing="3",
            width="100%",
        ),
        on_submit=SignIn.request_link,
        width="100%",
    )


def _password_form() -> rx.Component:
    return rx.vstack(
        rx.divider(),
        rx.heading(t("Sign in with your password"), size="4", as_="h2"),
        rx.form(
            rx.vstack(
                field("Email", "password_email", _input("password_email", SignIn.password_error, "email", "username", name="email")),
                field("Password", "password", _input("password", SignIn.password_error, "password", "current-password", 128),
                      SignIn.password_error),
                rx.button(t("Sign in"), type="submit", size="3", width="100%", variant="outline"),
                spacing="3",
                width="100%",
            ),
            on_submit=SignIn.sign_in_with_password,
            width="100%",
        ),
        rx.text(t("No password yet? Sign in with a link first, then set one on your Bookings page."), size="2",
                color=rx.color("gray", 11)),
        spacing="3",
        width="100%",
    )


def _link_failed() -> rx.Component:
    return rx.vstack(
        rx.callout(SignIn.error, icon="link-2-off", color_scheme="red", role="alert", width="100%"),
        rx.button(t("Ask for a new link"), size="3", width="100%", on_click=SignIn.ask_again),
        spacing="3",
        width="100%",
    )


def _sign_in_forms() -> rx.Component:
    return rx.vstack(
        rx.text(t("We email you a link that signs you in once, within 15 minutes. No password needed."),
                color=rx.color("gray", 11)),
        _callout(SignIn.notice, "green", "mail-check", "status"),
        _callout(SignIn.error, "red", "triangle_alert", "alert"),
        _link_form(),
        rx.cond(SignIn.accounts_policy == "password", _password_form()),
        rx.divider(),
        rx.text(t("New here?"), weight="medium"),
        rx.button(rx.icon("user-plus", size=18, aria_hidden="true"), t("Create an account"), size="3", width="100%",
                  variant="outline", on_click=SignUp.open_sign_up),
        spacing="3",
        width="100%",
    )


def _sign_up_form() -> rx.Component:
    def error_of(name: str) -> rx.Var:
        return rx.cond(SignUp.sign_up_field == name, SignUp.sign_up_error, "")

    return rx.form(
        rx.vstack(
            rx.cond(SignUp.sign_up_field == "", _callout(SignUp.sign_up_error, "red", "triangle_alert", "alert")),
            field("Your name", "sign_up_name", _input("sign_up_name", error_of("name"), "text", "name", 120, name="name"),
                  error_of("name")),
            field("Email", "sign_up_email", _input("sign_up_email", error_of("email"), "email", "email", name="email"),
                  error_of("email")),
            rx.cond(
                SignUp.accounts_policy == "password",
                field("Password (optional)", "sign_up_password",
                      _input("sign_up_password", error_of("password"), "password", "new-password", 128, name="password"),
                      error_of("password"), hint="At least 10 characters. Without one, you sign in by email link."),
            ),
            rx.button(t("Create account"), type="submit", size="3", width="100%"),
            spacing="3",
            width="100%",
        ),
        on_submit=SignUp.sign_up,
        width="100%",
    )


def _sign_up() -> rx.Component:
    return rx.vstack(
        rx.text(t("We email you a link to confirm your address. Opening it signs you in."), color=rx.color("gray", 11)),
        rx.cond(
            SignUp.sent,
            rx.callout(t(SENT), icon="mail-check", color_scheme="green", role="status", width="100%"),
            _sign_up_form(),
        ),
        rx.button(t("Back to sign in"), variant="ghost", size="3", on_click=SignUp.close_sign_up),
        spacing="3",
        width="100%",
        class_name="sign-up",
    )


def customer_sign_in_page() -> rx.Component:
    return portal_shell(
        rx.cond(
            SignIn.found,
            rx.vstack(
                rx.heading(rx.cond(SignUp.signing_up & (SignIn.accounts_policy != "none") & ~SignIn.link_failed,
                                   t("Create an account"), t("Sign in to see your bookings")), size="6", as_="h1"),
                rx.cond(
                    SignIn.link_failed,
                    _link_failed(),
                    rx.cond(
                        SignIn.accounts_policy == "none",
                        rx.callout(t("This business does not offer customer sign-in. Use the link in your booking emails to manage a booking."),
                                   icon="info", width="100%"),
                        rx.cond(SignUp.signing_up, _sign_up(), _sign_in_forms()),
                    ),
                ),
                spacing="4",
                width="100%",
            ),
            page_not_found(),
        ),
        org_name=SignIn.portal_org,
        org_slug=SignIn.portal_slug,
    )


# --- the Bookings tab ---------------------------------------------------------------------


def _booking(card: BookingCard) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(card.service, size="4", as_="h3"), rx.spacer(), status_badge(card.status, card.status_label),
                      width="100%", align="center", wrap="wrap", spacing="2"),
            rx.text(card.when, size="3", weight="medium"),
            rx.cond(card.location != "", rx.text(card.location, size="2", color=rx.color("gray", 11))),
            rx.flex(
                rx.text(t("Order"), " ", card.reference, rx.cond(card.price != "", rx.fragment(" · ", card.price)), size="2",
                        color=rx.color("gray", 11)),
                rx.cond(card.payment != "", rx.badge(card.payment, color_scheme=rx.cond(card.paid, "green", "gray"),
                                                     class_name="booking-payment")),
                spacing="2", align="center", wrap="wrap",
            ),
            rx.cond(
                card.href != "",
                rx.link(rx.hstack(t("Manage booking"), rx.icon("chevron-right", size=16, aria_hidden="true"), spacing="1", align="center"),
                        href=card.href, weight="medium", size="3", aria_label=t("Manage booking") + ": " + card.service + ", " + card.when,
                        padding_y="0.25rem"),
            ),
            spacing="2",
            width="100%",
            align="start",
        ),
        width="100%",
        class_name="customer-booking",
    )


def _password_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Set a password"), size="4", as_="h2"),
            rx.text(t("This business asks customers to have a password. Set one to sign in without waiting for an email."), size="2"),
            rx.form(
                rx.vstack(
                    # For password managers: the account the new password belongs to.
                    rx.el.input(type="email", name="username", value=Bookings.customer_email, auto_complete="username",
                                read_only=True, hidden=True, aria_hidden="true"),
                    field("New password", "new_password",
                          _input("new_password", Bookings.password_error, "password", "new-password", 128, name="password"),
                          Bookings.password_error, hint="At least 10 characters."),
                    rx.button(t("Set password"), type="submit", size="3", width="100%"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=Bookings.set_password,
                reset_on_submit=True,
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="set-password",
    )


def _bookings() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading(t("Your bookings"), size="6", as_="h1"),
            rx.spacer(),
            rx.button(rx.icon("log-out", size=16, aria_hidden="true"), t("Sign out"), variant="soft", on_click=Bookings.customer_sign_out),
            width="100%", align="center", wrap="wrap", spacing="2",
        ),
        rx.text(t("Signed in as"), " ", rx.text.strong(Bookings.customer_email), size="2", color=rx.color("gray", 11),
                style={"overflowWrap": "anywhere"}),
        timezone_note(Bookings.timezone, size="2", color=rx.color("gray", 11)),
        rx.link(rx.hstack(rx.icon("ticket", size=16, aria_hidden="true"), t("Buy credits"), spacing="1", align="center"),
                href="/b/" + Bookings.portal_slug + "/credits", weight="medium", class_name="buy-credits"),
        _callout(Bookings.notice, "green", "check", "status"),
        rx.heading(t("Upcoming"), size="5", as_="h2"),
        rx.cond(
            Bookings.upcoming.length() > 0,
            rx.vstack(rx.foreach(Bookings.upcoming, _booking), spacing="3", width="100%", class_name="upcoming"),
            empty_state("calendar", "No upcoming bookings", "When you book something, it shows up here.",
                        rx.link(t("Book now"), href="/b/" + Bookings.portal_slug, weight="medium")),
        ),
        my_classes_panel(),
        rx.heading(t("Past and cancelled"), size="5", as_="h2"),
        rx.cond(
            Bookings.past.length() > 0,
            rx.vstack(rx.foreach(Bookings.past, _booking), spacing="3", width="100%", class_name="past"),
            rx.text(t("No past bookings yet."), size="2", color=rx.color("gray", 11)),
        ),
        rx.cond((Bookings.accounts_policy == "password") & ~Bookings.has_password, _password_card()),
        rx.button(t("Sign out on all devices"), variant="ghost", color_scheme="gray", on_click=Bookings.sign_out_everywhere),
        spacing="4",
        width="100%",
    )


def customer_bookings_page() -> rx.Component:
    return portal_shell(
        rx.cond(
            Bookings.found,
            rx.cond(Bookings.customer_email != "", _bookings(), rx.center(rx.spinner(size="3"), padding="3rem", width="100%")),
            page_not_found(),
        ),
        org_name=Bookings.portal_org,
        org_slug=Bookings.portal_slug,
    )
