"""/b/<org>/credits: the customer's credits and the packs for sale, bought with a card (phone first)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.card_fields import card_fields
from bookingapp.components.common import empty_state, page_not_found, sign_in_prompt
from bookingapp.components.dialog_focus import return_focus, watch_opener
from bookingapp.components.i18n import credits_word, t, tf
from bookingapp.components.layout import portal_shell
from bookingapp.states.portal_credits import OwnedPack, PackCard
from bookingapp.states.portal_credits import PortalCreditsState as C


def _pack(card: PackCard) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(card.name, size="4", as_="h3"), rx.spacer(), rx.text(card.price, size="4", weight="bold"),
                      width="100%", align="center", wrap="wrap", spacing="2"),
            rx.text(card.credits, " ", credits_word(card.credits), " · ", card.validity, size="2", color=rx.color("gray", 11)),
            rx.button(t("Buy"), size="3", width="100%", on_click=C.choose(card.id),
                      aria_label=t("Buy") + ": " + card.name + ", " + card.price,
                      display=rx.cond(C.signed_in, "flex", "none")),
            spacing="2", width="100%", align="start",
        ),
        width="100%", class_name="pack-card",
    )


def _owned(pack: OwnedPack) -> rx.Component:
    return rx.hstack(
        rx.vstack(
            rx.text(pack.name, size="2", weight="medium"),
            rx.text(pack.remaining, " / ", pack.credits, " ", t("left"),
                    rx.cond(pack.expires != "", " · " + pack.expires, ""),
                    size="1", color=rx.color("gray", 11)),
            spacing="0", flex="1", min_width="0",
        ),
        rx.badge(pack.status_label, color_scheme=rx.cond(pack.status == "paid", "green", "gray")),
        width="100%", align="center", padding_y="0.25rem", border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="owned-pack",
    )


def _buy_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(C.chosen_name),
            rx.cond(
                C.bought != "",
                rx.vstack(
                    rx.callout(C.bought, icon="check", color_scheme="green", role="status", width="100%"),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button(t("Close"), type="button", variant="soft", color_scheme="gray", auto_focus=True)),
                        rx.link(rx.button(t("Book a class"), type="button"), href="/b/" + C.portal_slug + "/classes"),
                        justify="end", width="100%", spacing="3", wrap="wrap",
                    ),
                    spacing="3", width="100%",
                ),
                rx.form(
                    rx.vstack(
                        rx.text(C.chosen_terms, weight="medium"),
                        rx.text(t("Credits that expire first are used first."), size="2", color=rx.color("gray", 11)),
                        card_fields(C.buy_error),
                        rx.hstack(
                            rx.alert_dialog.cancel(rx.button(t("Back"), type="button", variant="soft", color_scheme="gray")),
                            rx.button(tf("Pay {amount}", amount=C.chosen_price), type="submit"),
                            justify="end", width="100%", spacing="3", wrap="wrap",
                        ),
                        spacing="3", width="100%",
                    ),
                    on_submit=C.buy, width="100%",
                ),
            ),
            on_close_auto_focus=return_focus(), max_width="28rem",
        ),
        open=C.chosen_id != 0, on_open_change=C.set_chosen_open, on_mount=watch_opener(),
    )


def _sign_in_box() -> rx.Component:
    return sign_in_prompt("Sign in to buy credits and see your balance.", C.portal_slug)


def portal_credits_page() -> rx.Component:
    return portal_shell(
        rx.cond(
            C.found,
            rx.vstack(
                rx.heading(t("Credits"), size="6", as_="h1"),
                rx.cond(
                    C.signed_in,
                    rx.card(rx.hstack(rx.text(t("Your credits"), weight="medium"), rx.spacer(),
                                      rx.text(C.balance, size="5", weight="bold", class_name="credit-balance"),
                                      align="center", width="100%"), width="100%"),
                    _sign_in_box(),
                ),
                rx.heading(t("Credit packs"), size="5", as_="h2"),
                rx.cond(
                    C.packs.length() > 0,
                    rx.vstack(rx.foreach(C.packs, _pack), spacing="3", width="100%"),
                    empty_state("ticket", "No credit packs for sale", "Ask the business how to get credits."),
                ),
                rx.cond(C.signed_in & (C.owned.length() > 0), rx.vstack(
                    rx.heading(t("Your packs"), size="4", as_="h2"),
                    rx.vstack(rx.foreach(C.owned, _owned), spacing="0", width="100%"),
                    spacing="2", width="100%",
                )),
                rx.link(t("See the classes"), href="/b/" + C.portal_slug + "/classes", weight="medium"),
                _buy_dialog(),
                spacing="4", width="100%",
            ),
            page_not_found(),
        ),
        org_name=C.portal_org, org_slug=C.portal_slug,
    )
