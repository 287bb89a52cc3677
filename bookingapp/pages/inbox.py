"""Dashboard → Inbox: requests waiting for an answer and proposals waiting for the customer."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.badges import countdown, flag_badge
from bookingapp.components.common import empty_state, new_booking_button
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.order_actions import actions_notice, ask_actions, rebooking_dialog
from bookingapp.components.timezone_note import timezone_note
from bookingapp.services.requests import MAX_ALTERNATIVES, REJECT_REASONS
from bookingapp.states.inbox import InboxRow, InboxState, RebookingAskRow
from bookingapp.states.inbox_conversation import InboxConversationState as Conv


def _line(label: str, value) -> rx.Component:
    return rx.text(rx.text.strong(t(label), ": "), value, size="2")


def _history(row: InboxRow) -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("History"), style={"cursor": "pointer", "fontSize": "14px"}),
        rx.vstack(rx.foreach(row.history, lambda line: rx.text(line, size="1")), spacing="1", padding_top="0.25rem"),
        class_name="history",
    )


def _contact(row: InboxRow) -> rx.Component:
    """Order number, email and phone: two requests by the same name still look different."""
    return rx.flex(
        rx.text(t("Order"), " ", rx.text.strong(row.reference), size="2", class_name="order-reference"),
        rx.cond(row.email != "", rx.link(row.email, href="mailto:" + row.email, size="2", style={"overflowWrap": "anywhere"})),
        rx.cond(row.phone != "", rx.link(row.phone, href="tel:" + row.phone, size="2")),
        spacing="3", wrap="wrap", align="center", class_name="contact",
    )


def _request_card(row: InboxRow) -> rx.Component:
    label = row.customer + " · " + row.when
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(row.customer, size="4", as_="h3"),
                flag_badge(row.alert),
                rx.spacer(),
                countdown(row.respond_by_iso, row.urgent),
                width="100%", align="center", wrap="wrap",
            ),
            rx.text(row.service, " · ", row.when, weight="medium"),
            _contact(row),
            _line("Party", row.party),
            rx.cond(row.note != "", _line("Note", row.note)),
            _line("Hold", row.hold + " · " + row.hold_status + " · " + t("until") + " " + row.hold_until),
            _line("Answer by", row.respond_by),
            rx.hstack(
                rx.button(t("Confirm"), on_click=InboxState.open_confirm(row.id, label, row.location_tbd)),
                rx.button(t("Reschedule"), variant="soft", on_click=InboxState.open_propose(row.id, label)),
                rx.button(t("Reject"), variant="soft", color_scheme="red", on_click=InboxState.open_reject(row.id, label)),
                wrap="wrap", spacing="2",
            ),
            _history(row),
            spacing="2", width="100%",
        ),
        width="100%",
        class_name="request",
        id="request-" + row.reference,
        tab_index=-1,  # focus lands here from the "Respond" link and after acting on the card above
        border=rx.cond(row.urgent, f"2px solid {rx.color('red', 9)}", rx.cond(row.highlighted, f"2px solid {rx.color('accent', 9)}", "")),
    )


def _proposal_card(row: InboxRow) -> rx.Component:
    label = row.customer + " · " + row.when
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(row.customer, size="4", as_="h3"), flag_badge(row.alert), rx.spacer(),
                      countdown(row.respond_by_iso, row.urgent), width="100%", align="center", wrap="wrap"),
            rx.text(row.service, " · ", t("originally"), " ", row.when),
            _contact(row),
            _line("Your message", row.proposal_message),
            rx.cond(row.reply != "",
                    rx.callout(rx.vstack(rx.text(row.reply, white_space="pre-wrap"),
                                         rx.cond(row.suggested != "", rx.text(t("Suggests"), ": ", rx.text.strong(row.suggested),
                                                                              class_name="suggested-time")),
                                         spacing="1"),
                               icon="message-circle", title=t("Customer replied"), width="100%"),
                    rx.text(t("No reply yet."), size="2", color=rx.color("gray", 11))),
            rx.flex(
                rx.cond(row.suggested != "", rx.button(t("Confirm"), " ", row.suggested, size="2",
                                                       on_click=Conv.open_confirm_suggested(row.id, label, row.suggested, row.location_tbd))),
                rx.cond(row.reply != "", rx.button(t("Reply"), variant="soft", size="2", on_click=Conv.open_reply(row.id, label))),
                rx.cond(row.reply != "", rx.button(t("Propose new times"), variant="soft", size="2",
                                                   on_click=InboxState.open_propose(row.id, label))),
                rx.button(t("Reject"), variant="soft", color_scheme="red", size="2", on_click=InboxState.open_reject(row.id, label)),
                # The whole conversation is on the order page.
                rx.link(t("Open the order"), href=routes.ORDERS + "/" + row.reference, size="2"),
                spacing="2", wrap="wrap", align="center",
            ),
            _history(row),
            spacing="2", width="100%",
        ),
        width="100%", class_name="proposal", id="proposal-" + row.reference, tab_index=-1,
    )


def _rebooking_ask_card(row: RebookingAskRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(row.customer, size="4", as_="h3"), flag_badge(row.alert), width="100%", align="center", wrap="wrap"),
            rx.text(row.service, " · ", row.when, weight="medium"),
            _line("Reason", row.reason),
            _line("Answer by", row.respond_by),
            rx.text(t("Without an answer the booking stays on its date."), size="1", color=rx.color("gray", 11)),
            rx.flex(ask_actions(row.reference), rx.link(t("Open the order"), href=row.href, size="2"),
                    spacing="3", wrap="wrap", align="center"),
            spacing="2", width="100%",
        ),
        width="100%", class_name="rebooking-ask", id="rebooking-ask-" + row.reference, tab_index=-1,
    )


def _error() -> rx.Component:
    return rx.cond(InboxState.error != "", rx.callout(InboxState.error, icon="triangle_alert", color_scheme="red", role="alert"))


def _buttons(*buttons: rx.Component) -> rx.Component:
    return rx.hstack(rx.button(t("Back"), variant="soft", color_scheme="gray", on_click=InboxState.close_dialog), *buttons,
                     justify="end", spacing="3", width="100%", wrap="wrap")


def _action_dialog(title: str, *body: rx.Component, action: rx.Component) -> rx.Component:
    """Every inbox dialog: what it does to which booking, its fields, the error, Back and the action."""
    return rx.vstack(rx.dialog.title(t(title)), rx.text(InboxState.selected_label), *body, _error(), _buttons(action), spacing="3")


def _message_field(label: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(t(label), html_for="confirm-message", style={"fontWeight": 500}),
        rx.text_area(id="confirm-message", value=InboxState.message, on_change=InboxState.set_message, rows="4",
                     max_length=4000, width="100%"),
        spacing="1", width="100%",
    )


def _address_field() -> rx.Component:
    """Where the provider meets the customer: from now on the booking's location everywhere."""
    return rx.vstack(
        rx.el.label(t("Where you meet (address)"), html_for="confirm-address", style={"fontWeight": 500}),
        rx.input(id="confirm-address", value=InboxState.address, on_change=InboxState.set_address, max_length=200, width="100%",
                 required=True, aria_describedby="confirm-address-hint"),
        rx.text(t("Shown to the customer in the confirmation, the calendar file and on their booking page."), size="1",
                color=rx.color("gray", 11), id="confirm-address-hint"),
        spacing="1", width="100%",
    )


def _confirm_dialog() -> rx.Component:
    return _action_dialog(
        "Confirm this booking?",
        rx.text(t("The hold on the customer's card will be captured and the customer will get a confirmation with a calendar file."), size="2"),
        _message_field("Message to the customer (optional)"),
        action=rx.button(t("OK"), on_click=InboxState.confirm),
    )


def _location_dialog() -> rx.Component:
    return _action_dialog(
        "The location is still to be arranged",
        rx.callout(t("Your message will be emailed to the customer and their replies will come straight to your email address: you will be in direct email contact."),
                   icon="info", color_scheme="amber"),
        _address_field(),
        _message_field("Message to the customer (optional)"),
        action=rx.button(t("Yes, send and confirm"), on_click=InboxState.confirm),
    )


def _slot_row(slot, index) -> rx.Component:
    return rx.hstack(
        rx.input(type="date", value=slot.date, on_change=lambda v: InboxState.set_slot_date(index, v), aria_label=t("Date"), required=True),
        rx.input(type="time", value=slot.time, on_change=lambda v: InboxState.set_slot_time(index, v), aria_label=t("Time"), required=True),
        rx.icon_button(rx.icon("x", size=16), variant="soft", color_scheme="gray", on_click=InboxState.remove_slot(index),
                       aria_label=t("Remove this time"), disabled=InboxState.slot_count <= 1),
        spacing="2", align="center", class_name="slot-row",
    )


def _propose_dialog() -> rx.Component:
    return _action_dialog(
        "Propose other times",
        rx.el.label(t("Why the requested time does not work"), html_for="propose-message", style={"fontWeight": 500}),
        rx.text_area(id="propose-message", value=InboxState.message, on_change=InboxState.set_message, rows="3", max_length=4000, width="100%"),
        rx.hstack(rx.text(t("Alternative times"), weight="medium"), rx.spacer(),
                  rx.text(InboxState.slot_count, " ", t("of"), f" {MAX_ALTERNATIVES}", size="2", id="slot-counter"), width="100%"),
        timezone_note(InboxState.timezone, size="1", color=rx.color("gray", 11)),
        rx.vstack(rx.foreach(InboxState.slots, _slot_row), spacing="2", width="100%"),
        rx.button(rx.icon("plus", size=16), t("Add a time"), variant="soft", on_click=InboxState.add_slot),
        rx.box(
            rx.text(t("Preview of the email"), weight="medium", size="2"),
            rx.text(InboxState.message, size="2", white_space="pre-wrap"),
            rx.foreach(InboxState.preview_slots, lambda line: rx.text("• ", line, size="2")),
            padding="0.75rem", background=rx.color("gray", 2), border_radius="8px", width="100%",
        ),
        action=rx.button(t("Send proposal"), on_click=InboxState.send_proposal),
    )


def _reject_dialog() -> rx.Component:
    return _action_dialog(
        "Reject this request?",
        rx.el.label(t("Reason"), html_for="reject-reason", style={"fontWeight": 500}),
        rx.select.root(
            rx.select.trigger(placeholder=t("Choose a reason"), id="reject-reason", width="100%"),
            rx.select.content(*[rx.select.item(t(text), value=key) for key, text in REJECT_REASONS.items()]),
            value=InboxState.reason, on_change=InboxState.set_reason,
        ),
        rx.el.label(t("Note to the customer (optional)"), html_for="reject-note", style={"fontWeight": 500}),
        rx.text_area(id="reject-note", value=InboxState.reject_note, on_change=InboxState.set_reject_note, rows="3", max_length=1000, width="100%"),
        rx.text(t("The customer will be emailed and the hold on their card released."), size="2"),
        action=rx.button(t("Reject"), color_scheme="red", on_click=InboxState.reject),
    )


def _reply_dialog() -> rx.Component:
    return _action_dialog(
        "Reply to the customer",
        rx.text(t("Only your message will be sent: the proposal stays open. The customer's answer will come to your email address."), size="2"),
        _message_field("Your message"),
        action=rx.button(t("Send message"), on_click=Conv.send_reply),
    )


def _suggested_dialog() -> rx.Component:
    return _action_dialog(
        "Confirm the time the customer suggests?",
        rx.text(t("New time"), ": ", rx.text.strong(Conv.suggested_label), " (", InboxState.timezone, ")"),
        rx.text(t("The booking will move to this time, the hold on the customer's card will be captured and the customer will get a confirmation with a calendar file."),
                size="2"),
        rx.cond(Conv.suggested_location_tbd, _address_field()),
        _message_field("Message to the customer (optional)"),
        action=rx.button(t("Confirm this time"), on_click=Conv.confirm_suggested),
    )


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.match(
                InboxState.dialog,
                ("confirm", _confirm_dialog()),
                ("location", _location_dialog()),
                ("propose", _propose_dialog()),
                ("reject", _reject_dialog()),
                ("reply", _reply_dialog()),
                ("suggested", _suggested_dialog()),
                rx.fragment(),
            ),
            max_width="34rem",
            aria_describedby=None,
        ),
        open=InboxState.dialog != "",
        on_open_change=InboxState.set_dialog_open,
    )


def inbox_page() -> rx.Component:
    return dashboard_shell(
        "Inbox",
        timezone_note(InboxState.timezone, size="2", color=rx.color("gray", 11)),
        actions_notice("inbox"),
        rx.heading(t("Waiting for your answer"), size="4", as_="h2"),
        rx.cond(
            InboxState.requests.length() > 0,
            rx.vstack(rx.foreach(InboxState.requests, _request_card), spacing="3", width="100%"),
            empty_state("inbox", "No requests waiting", "When a customer asks for a date, the request appears here with the time left to answer it."),
        ),
        rx.cond(
            InboxState.rebooking_asks.length() > 0,
            rx.vstack(
                rx.heading(t("Rebooking requests from customers"), size="4", as_="h2"),
                rx.vstack(rx.foreach(InboxState.rebooking_asks, _rebooking_ask_card), spacing="3", width="100%"),
                spacing="3", width="100%",
            ),
        ),
        rx.heading(t("Waiting for the customer"), size="4", as_="h2"),
        rx.cond(
            InboxState.proposals.length() > 0,
            rx.vstack(rx.foreach(InboxState.proposals, _proposal_card), spacing="3", width="100%"),
            rx.text(t("No proposals are waiting for a customer."), color=rx.color("gray", 11)),
        ),
        _dialog(),
        rebooking_dialog(),
        actions=new_booking_button(routes.NEW_BOOKING),
    )
