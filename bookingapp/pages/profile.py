"""Dashboard → Your profile: the member's private calendar feed address, how to subscribe
to it in Google Calendar, Apple Calendar and Thunderbird, and how to replace it."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.base import AppState
from bookingapp.states.profile import ProfileState as S

HOW_TO = (
    ("Google Calendar", "On a computer, open Google Calendar. Next to “Other calendars”, click + and choose “From URL”. "
                        "Paste the address and click “Add calendar”. Your phone's Google Calendar shows it too. "
                        "Google fetches it again only every few hours."),
    ("Apple Calendar", "On a Mac: File → New Calendar Subscription…, paste the address, then choose how often to refresh. "
                       "On an iPhone or iPad: Settings → Calendar → Accounts → Add Account → Other → Add Subscribed Calendar. "
                       "Or use “Open in your calendar app” above."),
    ("Thunderbird", "In the calendar, click “New Calendar…”, choose “On the Network”, paste the address as the location, "
                    "click “Find Calendars”, then “Subscribe”."),
)


def _who() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(AppState.staff_name, size="4", as_="h2"),
            rx.text(AppState.staff_email, " · ", rx.cond(AppState.staff_role == "owner", t("Owner"), t("Staff")), size="2",
                    color=rx.color("gray", 11)),
            rx.text(AppState.org_name, size="2"),
            spacing="1", width="100%",
        ),
        width="100%",
    )


def _feed_card() -> rx.Component:
    copy_button = rx.button(
        rx.cond(S.copied, rx.icon("check", size=16, aria_hidden="true"), rx.icon("copy", size=16, aria_hidden="true")),
        rx.cond(S.copied, t("Copied"), t("Copy address")),
        on_click=S.copy_address, type="button", aria_controls="feed-url", size="3", flex_shrink="0",
    )
    return rx.card(
        rx.vstack(
            rx.heading(t("Your calendar"), size="4", as_="h2"),
            rx.text(t("Subscribe to this private address in your calendar app: your bookings and the classes you teach "
                      "appear there, from a month back to a year ahead, and cancelled bookings drop out by themselves."),
                    size="2"),
            rx.el.label(t("Your calendar's private address"), html_for="feed-url", style={"fontWeight": 500, "fontSize": "14px"}),
            rx.flex(
                rx.input(id="feed-url", value=S.feed_url, read_only=True, size="3", width="100%", min_width="0"),
                copy_button,
                spacing="2", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
            ),
            rx.box(rx.text(rx.cond(S.copied, t("Address copied to the clipboard."), ""), size="2"),
                   role="status", aria_live="polite"),
            rx.link(rx.icon("calendar-plus", size=16, aria_hidden="true"), t("Open in your calendar app"), href=S.webcal_url,
                    size="2", style={"display": "inline-flex", "alignItems": "center", "gap": "0.375rem"}),
            rx.callout(t("Keep this address to yourself: whoever has it sees your bookings, your customers' names and notes, "
                         "and the links to their bookings."), icon="lock", color_scheme="amber", size="1", width="100%"),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _how_to() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("How to subscribe"), size="4", as_="h2"),
            *[rx.vstack(rx.heading(t(app), size="3", as_="h3"), rx.text(t(steps), size="2"), spacing="1")
              for app, steps in HOW_TO],
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _replace_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Replace the address"), size="4", as_="h2"),
            rx.text(t("If the address gets into the wrong hands, replace it. The old address stops working at once; "
                      "you then subscribe again with the new one."), size="2"),
            rx.button(rx.icon("refresh-cw", size=16, aria_hidden="true"), t("Replace address"), variant="soft",
                      color_scheme="red", on_click=S.set_confirming(True), type="button"),
            spacing="3", width="100%", align="start",
        ),
        width="100%",
    )


def _confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Replace your calendar address?")),
            rx.alert_dialog.description(t("The old address will stop working at once: calendars subscribed to it will no longer update. "
                                          "You will then need to subscribe again with the new address.")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Back"), variant="soft", color_scheme="gray")),
                rx.button(t("Yes, replace"), color_scheme="red", on_click=S.replace_address),
                justify="end", spacing="3", margin_top="1rem", wrap="wrap",
            ),
            max_width="28rem",
        ),
        open=S.confirming, on_open_change=S.set_confirming,
    )


def profile_page() -> rx.Component:
    messages = rx.fragment(
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%")),
        rx.cond(S.error != "", rx.callout(S.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%")),
    )
    return dashboard_shell("Your profile", messages, rx.cond(S.loaded, rx.vstack(
        _who(), _feed_card(), _how_to(), _replace_card(), _confirm_dialog(), spacing="4", width="100%")))
