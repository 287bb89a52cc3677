"""/m/<token>: the customer's own view of one booking (phone first)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import empty_state
from bookingapp.components.i18n import t
from bookingapp.components.layout import portal_shell
from bookingapp.states.manage import HistoryLine, SlotChoice
from bookingapp.states.manage import ManageState as S


def _row(label: str, value) -> rx.Component:
    return rx.hstack(rx.text(t(label), color=rx.color("gray", 11), size="2", min_width="7rem"), rx.text(value, size="2", weight="medium"),
                     width="100%", align="start")


def _sent_banner() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(t("Your request is sent and waiting for the provider."), weight="bold"),
            rx.text(t("The provider has"), " ", S.window_hours, " ", t("hours to answer"), " (", t("until"), " ", S.respond_by, ")."),
            rx.text(t("Your card is only on hold: nothing is charged unless the booking is confirmed.")),
            rx.text(t("Keep this page's link (it is also in your email) to see the answer and manage your booking.")),
            spacing="1",
        ),
        icon="send", color_scheme="green", width="100%", role="status",
    )


def _slot(choice: SlotChoice) -> rx.Component:
    return rx.button(choice.label, variant=rx.cond(choice.suggested, "solid", "outline"), size="3", width="100%",
                     on_click=S.open_pick(choice.id, choice.label), class_name="slot-choice")


def _proposal() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("The provider proposes other times"), size="4", as_="h2"),
            rx.text(S.proposal_message, white_space="pre-wrap"),
            rx.text(t("Please answer by"), " ", S.respond_by, ".", size="2", color=rx.color("gray", 11)),
            rx.text(t("Pick a time"), weight="medium"),
            rx.vstack(rx.foreach(S.slots, _slot), spacing="2", width="100%"),
            rx.divider(),
            rx.el.label(t("Or answer with a message"), html_for="reply", style={"fontWeight": 500}),
            rx.text_area(id="reply", value=S.reply, on_change=S.set_reply, rows="3", max_length=2000, width="100%"),
            rx.button(t("Send message"), variant="soft", on_click=S.send_reply, width="100%"),
            rx.cond(S.reply_sent != "", rx.text(t("Your last message"), ": ", S.reply_sent, size="2", color=rx.color("gray", 11))),
            rx.divider(),
            rx.button(t("None of these work: cancel and release my card"), variant="soft", color_scheme="red", width="100%",
                      on_click=S.open_refund),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.cond(
                S.dialog == "pick",
                rx.vstack(
                    rx.alert_dialog.title(t("Book this time?")),
                    rx.text(S.chosen_label),
                    rx.text(t("Your booking is confirmed and your card is charged"), " ", S.price, ".", size="2"),
                    rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", role="alert")),
                    rx.hstack(rx.button(t("Back"), variant="soft", color_scheme="gray", on_click=S.close_dialog),
                              rx.button(t("Yes, book this time"), on_click=S.pick), justify="end", width="100%", spacing="3"),
                    spacing="3",
                ),
                rx.vstack(
                    rx.alert_dialog.title(t("Cancel your request?")),
                    rx.text(t("Your request is cancelled and the hold on your card released. Nothing is charged."), size="2"),
                    rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", role="alert")),
                    rx.hstack(rx.button(t("Back"), variant="soft", color_scheme="gray", on_click=S.close_dialog),
                              rx.button(t("Yes, cancel"), color_scheme="red", on_click=S.refund), justify="end", width="100%", spacing="3"),
                    spacing="3",
                ),
            ),
            max_width="28rem",
        ),
        open=S.dialog != "",
        on_open_change=S.set_dialog_open,
    )


def _card_attention() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Your card needs attention"), size="4", as_="h2"),
            rx.text(t("The hold on your card runs out on"), " ", S.hold_until, ". ",
                    t("Your bank wants you to confirm a new one: enter your card to keep your request.")),
            rx.form(
                rx.vstack(
                    rx.el.label(t("Card number"), html_for="card_number"),
                    rx.input(id="card_number", name="card_number", auto_complete="cc-number", input_mode="numeric", width="100%"),
                    rx.grid(
                        rx.vstack(rx.el.label(t("Expiry (MM/YY)"), html_for="card_expiry"),
                                  rx.input(id="card_expiry", name="card_expiry", auto_complete="cc-exp", width="100%"), spacing="1"),
                        rx.vstack(rx.el.label(t("CVC"), html_for="card_cvc"),
                                  rx.input(id="card_cvc", name="card_cvc", auto_complete="cc-csc", input_mode="numeric", width="100%"),
                                  spacing="1"),
                        columns="2", spacing="3", width="100%",
                    ),
                    rx.cond(S.card_error != "", rx.text(S.card_error, color=rx.color("red", 11), size="2", role="alert")),
                    rx.button(t("Put my card on hold again"), type="submit", width="100%"),
                    spacing="2", width="100%",
                ),
                on_submit=S.replace_card, width="100%",
            ),
            spacing="3", width="100%",
        ),
        width="100%", class_name="card-attention",
    )


def _history(line: HistoryLine) -> rx.Component:
    return rx.hstack(rx.text(line.when, size="1", color=rx.color("gray", 11), min_width="9rem"), rx.text(line.text, size="2"), align="start")


def manage_page() -> rx.Component:
    return portal_shell(
        rx.cond(
            S.found,
            rx.vstack(
                rx.cond(S.just_sent & (S.status == "requested"), _sent_banner()),
                rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%")),
                rx.hstack(rx.heading(S.service_name, size="6", as_="h1"), rx.spacer(), rx.badge(S.status_label, size="2", class_name="status"),
                          width="100%", align="center", wrap="wrap"),
                rx.card(
                    rx.vstack(
                        _row("Order", S.reference),
                        _row("Date and time", S.when),
                        _row("Timezone", S.timezone),
                        _row("Location", S.location),
                        _row("People", S.party),
                        _row("Price", S.price),
                        _row("Payment", S.payment),
                        rx.cond(S.status == "requested", _row("Answer by", S.respond_by)),
                        spacing="2", width="100%",
                    ),
                    width="100%",
                ),
                rx.cond(S.card_attention, _card_attention()),
                rx.cond(S.status == "reschedule_proposed", _proposal()),
                rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", role="alert", width="100%")),
                rx.heading(t("History"), size="3", as_="h2"),
                rx.vstack(rx.foreach(S.history, _history), spacing="1", width="100%"),
                _dialog(),
                spacing="4", width="100%",
            ),
            empty_state("link-2-off", "This link does not open a booking",
                        "It may be mistyped, replaced by a newer link, or expired. Use the link in your most recent email or contact the business."),
        ),
        org_name=S.org_name,
    )
