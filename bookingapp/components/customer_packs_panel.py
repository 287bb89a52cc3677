"""The credit packs of a customer's profile: each purchase (credits left, paid, expiry) and a
staff refund that shows the amount and the credits it removes before anything happens."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import field, form_error
from bookingapp.components.dialog_focus import return_focus, watch_opener
from bookingapp.components.i18n import t
from bookingapp.states.customer_packs import CustomerPacksState as P
from bookingapp.states.customer_packs import PurchaseRow


def _purchase(row: PurchaseRow) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.hstack(rx.text(row.name, weight="medium", style={"overflowWrap": "anywhere"}),
                      rx.badge(row.status_label, color_scheme=rx.cond(row.status == "paid", "green", "gray")),
                      spacing="2", wrap="wrap", align="center"),
            rx.text(row.left, size="2", class_name="pack-left"),
            rx.text(row.paid, rx.cond(row.expires != "", " · " + row.expires, ""), size="1", color=rx.color("gray", 11)),
            spacing="1", flex="1 1 14rem", min_width="0",
        ),
        # Hidden, not left out: a button with an event inside rx.cond in a foreach loses the loop variable.
        rx.button(rx.icon("undo-2", size=16, aria_hidden="true"), t("Refund"), variant="soft", color_scheme="red",
                  on_click=P.open_refund(row.purchase_id, row.name), aria_label=t("Refund") + " " + row.name,
                  display=rx.cond(row.refundable, "flex", "none")),
        gap="0.75rem", wrap="wrap", align="center", justify="between", width="100%",
        padding_y="0.5rem", border_bottom=f"1px solid {rx.color('gray', 4)}", class_name="pack-purchase",
    )


def _refund_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(rx.cond(P.refund_result != "", t("Pack refunded"), t("Refund this pack?"))),
            rx.alert_dialog.description(P.refund_name, size="2", color=rx.color("gray", 11)),
            rx.cond(
                P.refund_result != "",
                rx.vstack(
                    rx.callout(P.refund_result, icon="check", color_scheme="green", role="status", width="100%"),
                    rx.hstack(rx.alert_dialog.cancel(rx.button(t("Close"), type="button", auto_focus=True)), justify="end", width="100%"),
                    spacing="3", width="100%", margin_top="0.75rem",
                ),
                rx.form(
                    rx.vstack(
                        rx.cond(P.quote_text != "", rx.callout(P.quote_text, icon="info", color_scheme="amber", width="100%",
                                                               class_name="refund-quote")),
                        form_error(P.refund_error),
                        rx.cond(P.quote_text != "", field(
                            "Reason (the customer sees it)", "pack-refund-reason",
                            rx.text_area(id="pack-refund-reason", name="reason", rows="3", max_length=200, width="100%"))),
                        rx.hstack(
                            rx.alert_dialog.cancel(rx.button(t("Cancel"), type="button", variant="soft", color_scheme="gray")),
                            rx.button(t("Confirm refund"), type="submit", color_scheme="red", disabled=P.quote_text == ""),
                            justify="end", width="100%", spacing="3", wrap="wrap",
                        ),
                        spacing="3", width="100%", margin_top="0.75rem",
                    ),
                    on_submit=P.refund, width="100%",
                ),
            ),
            on_close_auto_focus=return_focus(), max_width="28rem",
        ),
        open=P.refund_id != 0, on_open_change=P.set_refund_open, on_mount=watch_opener(),
    )


def customer_packs_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Credit packs"), size="4", as_="h2"),
            rx.cond(P.notice != "", rx.callout(P.notice, icon="check", color_scheme="green", role="status", width="100%")),
            form_error(P.error),
            rx.cond(P.purchases.length() > 0, rx.vstack(rx.foreach(P.purchases, _purchase), spacing="0", width="100%"),
                    rx.text(t("No packs bought yet."), size="2", color=rx.color("gray", 11))),
            _refund_dialog(),
            spacing="3", width="100%",
        ),
        width="100%", class_name="customer-packs-panel",
    )
