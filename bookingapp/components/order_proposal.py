"""The order page's open proposal (issue 21, item 11): the dates waiting for the customer
(Withdraw, Change) or the customer's own request for a rebooking (Propose dates, Decline)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.states.order_actions import OrderActionsState
from bookingapp.states.order_proposal import OrderProposalState

S = OrderProposalState


def _row(label: str, value, class_name: str = "") -> rx.Component:
    return rx.hstack(rx.text(t(label), color=rx.color("gray", 11), size="2", min_width="9rem"),
                     rx.text(value, size="2", weight="medium", white_space="pre-wrap", min_width="0", overflow_wrap="anywhere"),
                     width="100%", align="start", wrap="wrap", class_name=class_name)


def _open() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(t("Open proposal"), size="4", as_="h2"), rx.badge(S.kind_label, color_scheme="amber"),
                      align="center", wrap="wrap"),
            rx.cond(S.initiator_label != "", _row("Who wants it", S.initiator_label, "proposal-initiator")),
            rx.cond(S.sent_by != "", _row("Sent by", S.sent_by, "proposal-sender")),
            _row("Reason", S.reason, "proposal-reason"),
            rx.hstack(
                rx.text(t("Proposed dates"), color=rx.color("gray", 11), size="2", min_width="9rem"),
                rx.el.ul(rx.foreach(S.dates, lambda d: rx.el.li(rx.text(d, size="2", weight="medium"), class_name="proposed-date")),
                         style={"margin": 0, "paddingLeft": "1.1rem"}),
                width="100%", align="start", wrap="wrap",
            ),
            _row("Answer by", S.deadline, "proposal-deadline"),
            rx.text(t("These times are held for this customer until they answer or the deadline passes."), size="1",
                    color=rx.color("gray", 11)),
            rx.flex(
                rx.button(rx.icon("pencil", size=16, aria_hidden="true"), t("Change"), variant="soft",
                          on_click=OrderActionsState.open_change(S.reference)),
                rx.button(t("Withdraw"), variant="soft", color_scheme="red", on_click=S.open_withdraw),
                spacing="3", wrap="wrap",
            ),
            spacing="2", width="100%",
        ),
        width="100%", class_name="open-proposal",
    )


def _ask() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("The customer asks for a new date"), size="4", as_="h2"),
            _row("Reason", S.ask_reason, "ask-reason"),
            rx.cond(S.ask_deadline != "", _row("Answer by", S.ask_deadline)),
            rx.flex(
                rx.button(t("Propose dates"), on_click=OrderActionsState.open_rebook(S.reference, "order")),
                rx.button(t("Decline"), variant="soft", color_scheme="red", on_click=OrderActionsState.open_decline(S.reference, "order")),
                spacing="3", wrap="wrap",
            ),
            spacing="2", width="100%",
        ),
        width="100%", class_name="rebooking-ask",
    )


def _withdraw_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.vstack(
                rx.alert_dialog.title(t("Withdraw the proposed dates?")),
                rx.alert_dialog.description(
                    t("The customer will no longer be able to choose them and will be emailed that the booking stays as it was."), size="2"),
                rx.cond(S.error != "", rx.callout(S.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%")),
                rx.flex(
                    rx.alert_dialog.cancel(rx.button(t("Back"), variant="soft", color_scheme="gray")),
                    rx.button(t("Yes, withdraw"), color_scheme="red", on_click=S.withdraw),
                    justify="end", spacing="3", width="100%", wrap="wrap",
                ),
                spacing="3", width="100%",
            ),
            max_width="30rem",
        ),
        open=S.dialog == "withdraw",
        on_open_change=S.set_dialog_open,
    )


def open_proposal_section() -> rx.Component:
    return rx.fragment(
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%",
                                           class_name="proposal-notice")),
        rx.cond(S.proposal_id != 0, _open()),
        rx.cond(S.ask_reason != "", _ask()),
        _withdraw_dialog(),
    )
