"""The provider's rebooking and cancellation buttons and dialogs (issue 7).

`order_actions(reference, status)` goes into the order page's action row;
`rebooking_dialog()` is rendered once on every page that opens these dialogs.
"""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.components.timezone_note import timezone_note
from bookingapp.services.rebooking import INITIATORS
from bookingapp.states.order_actions import DateRow, OrderActionsState

S = OrderActionsState


def order_actions(reference, status) -> rx.Component:
    return rx.fragment(
        rx.cond(status == "confirmed",
                rx.button(rx.icon("calendar-clock", size=16, aria_hidden="true"), t("Request rebooking"), variant="soft",
                          on_click=S.open_rebook(reference, "order"))),
        rx.cond((status == "confirmed") | (status == "pending_payment") | (status == "rebooking_requested"),
                rx.button(t("Cancel booking"), variant="soft", color_scheme="red", on_click=S.open_cancel(reference, "order"))),
        rx.cond((S.notice != "") & (S.reference == reference), rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%",
                                           class_name="order-actions-notice")),
        rx.cond((S.error != "") & (S.dialog == ""), rx.callout(S.error, color_scheme="red", role="alert", width="100%")),
        rebooking_dialog(),
    )


def _error() -> rx.Component:
    return rx.cond(S.error != "", rx.callout(S.error, icon="triangle_alert", color_scheme="red", role="alert", width="100%"))


def _buttons(yes: str, on_yes, tone: str = "indigo") -> rx.Component:
    return rx.flex(
        rx.button(t("Back"), variant="soft", color_scheme="gray", on_click=S.close),
        rx.button(t(yes), color_scheme=tone, on_click=on_yes),
        justify="end", spacing="3", width="100%", wrap="wrap",
    )


def _labelled(label: str, for_id: str, control: rx.Component) -> rx.Component:
    return rx.vstack(rx.el.label(t(label), html_for=for_id, style={"fontWeight": 500}), control, spacing="1", width="100%")


def _date_row(row: DateRow, index) -> rx.Component:
    remove = rx.icon_button(rx.icon("x", size=16), variant="soft", color_scheme="gray", on_click=S.remove_row(index),
                            aria_label=t("Remove this date"), disabled=S.row_count <= 1)
    return rx.cond(
        S.is_class,
        rx.hstack(
            rx.el.select(
                rx.el.option(t("Choose a session"), value=""),
                rx.foreach(S.sessions, lambda option: rx.el.option(option.label, value=option.id)),
                value=row.session_id, on_change=lambda v: S.set_row_session(index, v), aria_label=t("Session"),
                style={"flex": "1", "minWidth": "0", "height": "2rem", "borderRadius": "6px"},
            ),
            remove, spacing="2", align="center", width="100%", class_name="date-row",
        ),
        rx.hstack(
            rx.input(type="date", value=row.date, on_change=lambda v: S.set_row_date(index, v), aria_label=t("Date"),
                     flex="1", min_width="0"),
            rx.input(type="time", value=row.time, on_change=lambda v: S.set_row_time(index, v), aria_label=t("Time"),
                     width="7rem"),
            remove, spacing="2", align="center", width="100%", class_name="date-row",
        ),
    )


def _initiator() -> rx.Component:
    items = []
    for value, label in INITIATORS.items():
        items += [rx.hstack(rx.radio_group.item(value=value, id=f"initiator-{value}"),
                            rx.el.label(t(label), html_for=f"initiator-{value}"), spacing="2", align="center")]
    return rx.vstack(
        rx.text(t("Who wants the new date?"), weight="medium", id="initiator-label"),
        rx.radio_group.root(rx.vstack(*items, spacing="2"), value=S.initiator, on_change=S.set_initiator, name="initiator",
                            aria_labelledby="initiator-label"),
        spacing="1",
    )


def _rebook() -> rx.Component:
    return rx.vstack(
        rx.dialog.title(rx.cond(S.proposal_id != 0, t("Change the proposed dates"),
                                rx.cond(S.answering, t("Propose new dates"), t("Request rebooking")))),
        rx.text(S.label, size="2"),
        rx.cond(S.answering,
                rx.callout(rx.text(rx.text.strong(t("The customer asks"), ": "), S.customer_reason), icon="message-circle", width="100%"),
                rx.cond(S.proposal_id == 0, _initiator())),
        _labelled("Reason (the customer sees it)", "rebook-reason",
                  rx.text_area(id="rebook-reason", value=S.reason, on_change=S.set_reason, rows="3", max_length=2000, width="100%")),
        rx.hstack(rx.text(t("New dates"), weight="medium"), rx.spacer(),
                  rx.text(S.row_count, " ", t("of"), " ", S.max_rows, size="2", id="date-counter"), width="100%"),
        rx.cond(S.is_class, rx.text(t("Sessions with a free place"), size="1", color=rx.color("gray", 11)),
                timezone_note(S.timezone, size="1", color=rx.color("gray", 11))),
        rx.vstack(rx.foreach(S.rows, _date_row), spacing="2", width="100%"),
        rx.cond(S.row_count < S.max_rows,
                rx.button(rx.icon("plus", size=16, aria_hidden="true"), t("Add a date"), variant="soft", on_click=S.add_row)),
        rx.box(
            rx.text(t("Preview of the email"), weight="medium", size="2"),
            rx.text(S.reason, size="2", white_space="pre-wrap"),
            rx.foreach(S.preview, lambda line: rx.text("• ", line, size="2")),
            rx.text(t("The customer can also cancel and get back everything they paid."), size="1", color=rx.color("gray", 11)),
            padding="0.75rem", background=rx.color("gray", 2), border_radius="8px", width="100%", class_name="rebook-preview",
        ),
        rx.cond(S.quote_refund != "", _if_refused()),
        _error(),
        _buttons("Send the dates", S.send_rebooking),
        spacing="3", width="100%",
    )


def _figure(label: str, value, class_name: str) -> rx.Component:
    return rx.hstack(rx.text(t(label), size="2", color=rx.color("gray", 11)), rx.spacer(), rx.text(value, size="2", weight="medium"),
                     width="100%", class_name=class_name, wrap="wrap")


def _quote(*figures: rx.Component, class_name: str) -> rx.Component:
    """The money of a provider cancellation (`rebooking.ProviderQuote`): the cancel dialog
    shows it, and the dates dialog shows what the same refund would cost."""
    return rx.vstack(
        *figures,
        _figure("Refund to the customer", S.quote_refund, "quote-refund"),
        _figure("Platform commission retained", rx.fragment(S.quote_commission, " (", S.quote_pct, ")"), "quote-commission"),
        _figure("Your net from this booking", S.quote_net, "quote-net"),
        spacing="1", width="100%", class_name=class_name, padding="0.75rem", background=rx.color("gray", 2),
        border_radius="8px",
    )


def _if_refused() -> rx.Component:
    """Issue 21: before sending, what it costs if the customer takes the refund instead."""
    return rx.vstack(
        rx.text(t("If the customer takes the refund instead"), weight="medium", size="2"),
        _quote(class_name="refusal-quote"),
        rx.cond(S.quote_hold != "", rx.text(t("The hold on the customer's card will be released"), ": ", S.quote_hold, size="2")),
        spacing="1", width="100%",
    )


def _cancel() -> rx.Component:
    return rx.vstack(
        rx.dialog.title(t("Cancel this booking?")),
        rx.text(S.label, size="2"),
        _labelled("Reason (the customer sees it)", "cancel-reason",
                  rx.text_area(id="cancel-reason", value=S.reason, on_change=S.set_reason, rows="3", max_length=500, width="100%")),
        _quote(_figure("Paid by the customer (gross)", S.quote_gross, "quote-gross"), class_name="cancel-quote"),
        rx.cond(S.quote_hold != "", rx.text(t("The hold on the customer's card will be released"), ": ", S.quote_hold, size="2")),
        rx.text(t("The refund will go back to the customer's card at once, and you will both be emailed. This cannot be undone."), size="2"),
        _error(),
        _buttons("Yes, cancel and refund", S.confirm_cancel, "red"),
        spacing="3", width="100%",
    )


def _decline() -> rx.Component:
    return rx.vstack(
        rx.dialog.title(t("Decline the rebooking request?")),
        rx.text(S.label, size="2"),
        rx.callout(rx.text(rx.text.strong(t("The customer asks"), ": "), S.customer_reason), icon="message-circle", width="100%"),
        _labelled("Message to the customer", "decline-message",
                  rx.text_area(id="decline-message", value=S.reason, on_change=S.set_reason, rows="3", max_length=2000, width="100%")),
        rx.text(t("The booking will stay on its date; the customer will be emailed your message."), size="2"),
        _error(),
        _buttons("Decline the request", S.send_decline, "red"),
        spacing="3", width="100%",
    )


def rebooking_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.match(S.dialog, ("rebook", _rebook()), ("cancel", _cancel()), ("decline", _decline()), rx.fragment()),
            max_width="34rem", aria_describedby=None, class_name="order-action-dialog",
        ),
        open=S.dialog != "",
        on_open_change=S.set_dialog_open,
    )



def ask_actions(reference) -> rx.Component:
    """Approve (propose dates) or decline a customer's rebooking request, in the inbox."""
    return rx.flex(
        rx.button(t("Propose new dates"), on_click=S.open_rebook(reference, "inbox")),
        rx.button(t("Decline"), variant="soft", color_scheme="red", on_click=S.open_decline(reference, "inbox")),
        spacing="2", wrap="wrap",
    )


def actions_notice(origin: str) -> rx.Component:
    return rx.fragment(
        rx.cond((S.notice != "") & (S.origin == origin), rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%",
                                           class_name="order-actions-notice")),
        rx.cond((S.error != "") & (S.dialog == ""), rx.callout(S.error, color_scheme="red", role="alert", width="100%")),
    )
