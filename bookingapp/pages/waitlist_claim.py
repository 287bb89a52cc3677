"""/b/<org>/waitlist/<token>: the customer's waitlist place, from the link in the waitlist
emails — see the position, claim an offered place, or leave (phone first)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import page_not_found
from bookingapp.components.i18n import credits_word, t
from bookingapp.components.layout import portal_shell
from bookingapp.states.waitlist import WaitlistClaimState as S


def _row(label: str, value) -> rx.Component:
    return rx.hstack(rx.text(t(label), color=rx.color("gray", 11), size="2", min_width="6.5rem"),
                     rx.text(value, size="2", weight="medium"), width="100%", align="start")


def _offer() -> rx.Component:
    return rx.vstack(
        rx.callout(
            rx.vstack(
                rx.text(t("A place is free for you."), weight="bold"),
                rx.text(t("It is held for you until"), " ", rx.text.strong(S.deadline, class_name="offer-deadline"), " (",
                        S.timezone, ")."),
                rx.text(t("After that it is offered to the next person on the waitlist.")),
                spacing="1",
            ),
            icon="clock", color_scheme="amber", width="100%",
        ),
        _row("Costs", rx.fragment(S.cost, " ", credits_word(S.cost))),
        _row("Your balance", rx.fragment(S.balance, " ", credits_word(S.balance))),
        rx.cond(S.balance < S.cost,
                rx.cond(S.pay_on_site,
                        rx.text(t("Your balance is too low for this class: claim the place anyway and pay at the class."), size="2",
                                weight="medium", class_name="pay-on-site"),
                        rx.text(t("Your balance is too low for this class. Ask the business for credits, then claim the place."), size="2",
                                color=rx.color("red", 11)))),
        rx.button(t("Claim my place"), size="3", width="100%", on_click=S.claim),
        spacing="3", width="100%",
    )


def _state() -> rx.Component:
    return rx.match(
        S.status,
        ("offered", _offer()),
        ("waiting", rx.callout(rx.text(t("You are on the waitlist: number"), " ", S.position, ". ",
                                       t("When a place frees up and it is your turn, we email you a link to claim it.")),
                               icon="hourglass", width="100%", class_name="waitlist-position")),
        ("claimed", rx.callout(t("You claimed this place. Your booking confirmation with its link is in your inbox."),
                               icon="check", color_scheme="green", width="100%")),
        ("expired", rx.callout(t("This offer has expired, or the waitlist closed when the class started."),
                               icon="clock", color_scheme="gray", width="100%")),
        ("left", rx.callout(t("You left this waitlist."), icon="log-out", color_scheme="gray", width="100%")),
        rx.fragment(),
    )


def waitlist_claim_page() -> rx.Component:
    return portal_shell(
        rx.cond(
            S.found,
            rx.vstack(
                rx.heading(t("Your waitlist place"), size="6", as_="h1"),
                rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%")),
                rx.cond(S.error != "", rx.callout(S.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%")),
                rx.card(
                    rx.vstack(
                        rx.heading(S.service_name, size="4", as_="h2"),
                        _row("When", S.when),
                        _row("Timezone", S.timezone),
                        _row("Location", S.location),
                        spacing="2", width="100%",
                    ),
                    width="100%",
                ),
                _state(),
                rx.cond(
                    (S.status == "waiting") | (S.status == "offered"),
                    rx.button(t("Leave the waitlist"), variant="soft", color_scheme="gray", size="3", width="100%",
                              on_click=S.leave),
                ),
                rx.link(t("See all classes"), href="/b/" + S.portal_slug + "/classes", size="2"),
                spacing="4", width="100%",
            ),
            page_not_found(),
        ),
        org_name=S.portal_org, org_slug=S.portal_slug,
    )
