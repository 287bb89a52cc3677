"""/m/<token>: the customer's own view of one booking (phone first)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.badges import status_badge
from bookingapp.components.card_fields import card_fields
from bookingapp.components.class_manage import class_changes
from bookingapp.components.common import empty_state
from bookingapp.components.email_hold import awaiting_email_notice
from bookingapp.components.i18n import t, tf
from bookingapp.components.layout import portal_shell
from bookingapp.components.payment_history import payment_deadline, payment_lines
from bookingapp.components.slot_calendar import slot_calendar
from bookingapp.components.thread import thread
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.manage import HistoryLine, SlotChoice
from bookingapp.states.manage import ManageState as S
from bookingapp.states.manage_messages import ManageMessagesState as M
from bookingapp.states.manage_reminders import ManageRemindersState


def _row(label: str, value) -> rx.Component:
    return rx.hstack(rx.text(t(label), color=rx.color("gray", 11), size="2", min_width="7rem"), rx.text(value, size="2", weight="medium"),
                     width="100%", align="start")


def _sent_banner() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(t("Your request is sent and waiting for the provider."), weight="bold"),
            rx.text(S.answer_window),
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
            rx.text_area(id="reply", value=M.draft, on_change=M.set_draft, rows="3", max_length=2000, width="100%"),
            rx.el.fieldset(
                rx.el.legend(t("Suggest another time (optional)"), style={"fontWeight": 500, "fontSize": "14px"}),
                rx.flex(
                    rx.input(type="date", value=M.suggest_date, on_change=M.set_suggest_date, aria_label=t("Suggested date")),
                    rx.input(type="time", value=M.suggest_time, on_change=M.set_suggest_time, aria_label=t("Suggested time")),
                    spacing="2", wrap="wrap",
                ),
                timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
                style={"border": "none", "padding": 0, "margin": 0, "minWidth": 0},
            ),
            rx.button(t("Send message"), variant="soft", on_click=M.send, width="100%"),
            rx.divider(),
            rx.button(t("None of these work: cancel and release the hold on my card"), variant="soft", color_scheme="red", width="100%",
                      on_click=S.open_refund),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _rebooking_slot(choice: SlotChoice) -> rx.Component:
    return rx.button(choice.label, variant=rx.cond(choice.suggested, "solid", "outline"), size="3", width="100%",
                     on_click=S.open_rebooking_pick(choice.id, choice.label), class_name="rebooking-choice")


def _rebooking() -> rx.Component:
    """Dates the provider proposes: pick one, or take the money back."""
    return rx.card(
        rx.vstack(
            rx.heading(rx.cond(S.rebooking_by_provider, t("The provider needs to move your booking"), t("New dates for your booking")),
                       size="4", as_="h2"),
            rx.text(rx.text.strong(t("Reason"), ": "), S.rebooking_reason, white_space="pre-wrap"),
            rx.text(t("Please choose by"), " ", S.respond_by, ".", size="2", color=rx.color("gray", 11)),
            rx.text(t("Pick a new date"), weight="medium", id="rebooking-dates"),
            rx.vstack(rx.foreach(S.rebooking_slots, _rebooking_slot), spacing="2", width="100%", role="group",
                      aria_labelledby="rebooking-dates"),
            rx.divider(),
            rx.button(t("I'd rather have my money back"), variant="soft", color_scheme="red", width="100%",
                      on_click=S.open_rebooking_refund),
            spacing="3", width="100%",
        ),
        width="100%", class_name="rebooking-section",
    )


def _ask_rebooking() -> rx.Component:
    """Request-only services: no cancel button, only a request with a reason."""
    return rx.card(
        rx.vstack(
            rx.heading(t("Request a rebooking"), size="4", as_="h2"),
            rx.text(t("You can ask the provider to move this booking, for example when you are ill. "
                      "The provider decides: they propose new dates or answer you."), size="2"),
            rx.el.label(t("Reason"), html_for="ask-reason", style={"fontWeight": 500}),
            rx.text_area(id="ask-reason", value=S.ask_reason, on_change=S.set_ask_reason, rows="3", max_length=2000, width="100%"),
            rx.button(t("Send request"), size="3", width="100%", on_click=S.ask_rebooking),
            spacing="2", width="100%",
        ),
        width="100%", class_name="ask-rebooking",
    )


def _ask_pending() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(t("Your request for a new date was sent."), weight="medium"),
            rx.text(rx.text.strong(t("Reason"), ": "), S.ask_pending, size="2"),
            rx.text(t("The provider will propose new dates or answer you. Until then your booking stays as it is."), size="2"),
            spacing="1",
        ),
        icon="send", width="100%", class_name="ask-pending",
    )


def _confirm(title: str, body: rx.Component, yes: str, on_yes, tone: str = "indigo") -> rx.Component:
    return rx.vstack(
        rx.alert_dialog.title(t(title)),
        body,
        rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", role="alert")),
        rx.hstack(rx.button(t("Back"), variant="soft", color_scheme="gray", on_click=S.close_dialog),
                  rx.button(t(yes), color_scheme=tone, on_click=on_yes), justify="end", width="100%", spacing="3", wrap="wrap"),
        spacing="3",
    )


def _cancel_body() -> rx.Component:
    """What will happen, said before it happens, and room for the customer's reason."""
    return rx.vstack(
        rx.text(S.service_name, " · ", S.when, weight="medium"),
        rx.text(t("Your booking will be cancelled and the time freed."), size="2"),
        rx.cond(S.money.receipt != "",
                rx.text(t("Cancelling will not refund your payment by itself: the provider will decide about a refund "
                          "and let you know."), size="2")),
        rx.el.label(t("Reason (optional)"), html_for="cancel-reason", style={"fontWeight": 500, "fontSize": "14px"}),
        rx.text_area(id="cancel-reason", value=S.cancel_reason, on_change=S.set_cancel_reason, rows="3", max_length=500,
                     width="100%", aria_describedby="cancel-reason-hint"),
        rx.text(t("The provider sees it with your cancellation."), size="1", color=rx.color("gray", 11), id="cancel-reason-hint"),
        spacing="2", width="100%",
    )


def _dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.match(
                S.dialog,
                ("pick", _confirm("Book this time?", rx.vstack(
                    rx.text(S.chosen_label),
                    rx.text(t("Your booking will be confirmed and your card will be charged"), " ", S.price, ".", size="2")), "Yes, book this time", S.pick)),
                ("cancel", _confirm("Cancel your booking?", _cancel_body(), "Yes, cancel my booking", S.cancel_booking, "red")),
                ("rebook_pick", _confirm("Move your booking to this date?", rx.vstack(
                    rx.text(t("Current time"), ": ", S.when, size="2"),
                    rx.text(t("New time"), ": ", S.chosen_label, weight="medium")), "Yes, move my booking", S.pick_rebooking)),
                ("rebook_refund", _confirm("Cancel and get your money back?", rx.vstack(
                    rx.text(S.service_name, " · ", S.when, weight="medium"),
                    rx.cond(S.rebooking_refund != "",
                            rx.text(t("Your booking will be cancelled and this amount refunded to your card"), ": ", rx.text.strong(S.rebooking_refund),
                                    size="2", class_name="refund-amount"),
                            rx.text(t("Your booking will be cancelled. You have not paid anything, so nothing will be charged."), size="2"))),
                    "Yes, cancel and refund", S.refuse_rebooking, "red")),
                ("move", _confirm("Move your booking?", rx.vstack(
                    rx.text(t("Current time"), ": ", S.when, size="2"),
                    rx.text(t("New time"), ": ", S.chosen_when, weight="medium")), "Yes, move it", S.move_booking)),
                _confirm("Cancel your request?", rx.text(
                    t("Your request will be cancelled and the hold on your card released. Nothing will be charged."), size="2"),
                    "Yes, cancel", S.refund, "red"),
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
                    card_fields(S.card_error),
                    rx.button(t("Put my card on hold again"), type="submit", width="100%"),
                    spacing="2", width="100%",
                ),
                on_submit=S.replace_card, width="100%",
            ),
            spacing="3", width="100%",
        ),
        width="100%", class_name="card-attention",
    )


def _pay() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Payment due"), size="4", as_="h2"),
            rx.text(t("Amount"), ": ", S.amount_due, weight="medium"),
            payment_deadline(S.money),
            rx.cond(
                S.paying,
                rx.form(
                    rx.vstack(
                        card_fields(S.card_error),
                        rx.hstack(rx.button(t("Back"), type="button", variant="soft", color_scheme="gray", on_click=S.stop_paying),
                                  rx.button(tf("Pay {amount}", amount=S.amount_due), type="submit", size="3", flex="1"), width="100%"),
                        spacing="3", width="100%",
                    ),
                    on_submit=S.pay, width="100%",
                ),
                rx.button(tf("Pay {amount}", amount=S.amount_due), size="3", width="100%", on_click=S.start_paying),
            ),
            spacing="3", width="100%",
        ),
        width="100%", class_name="pay-section",
    )


def _locked() -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(t("Only the date and time change. Service, staff member, location and your answers stay as booked: "
                      "to change these, cancel and book again."), size="2"),
            rx.text(S.service_name, rx.cond(S.staff != "", rx.fragment(" · ", S.staff)), " · ", S.location,
                    rx.cond(S.answers != "", rx.fragment(" · ", S.answers)), size="2", weight="medium"),
            spacing="1",
        ),
        icon="lock", color_scheme="gray", width="100%",
    )


def _reschedule() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(t("Choose a new time"), size="4", as_="h2"), rx.spacer(),
                      rx.button(t("Close"), variant="ghost", on_click=S.stop_reschedule), width="100%", align="center"),
            _locked(),
            slot_calendar(S, S.timezone),
            rx.cond(S.chosen_time != "",
                    rx.button(t("Move my booking to"), " ", S.chosen_label, size="3", width="100%", on_click=S.open_move)),
            spacing="3", width="100%",
        ),
        width="100%", class_name="reschedule-section",
    )


def _contact() -> rx.Component:
    return rx.text(t("Contact the provider"), ": ", rx.link(S.provider_contact, href="mailto:" + S.provider_contact), size="2")


def _changes() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.can_cancel | S.can_reschedule,
            rx.vstack(
                rx.text(S.cutoff_rule, " ", t("Possible until"), " ", S.deadline, ".", size="2", color=rx.color("gray", 11)),
                rx.flex(
                    rx.cond(S.can_reschedule, rx.button(t("Reschedule"), size="3", variant="outline", on_click=S.start_reschedule,
                                                        flex="1", min_width="9rem")),
                    rx.cond(S.can_cancel, rx.button(t("Cancel booking"), size="3", variant="outline", color_scheme="red",
                                                    on_click=S.open_cancel, flex="1", min_width="9rem")),
                    spacing="3", wrap="wrap", width="100%",
                ),
                spacing="2", width="100%",
            ),
        ),
        rx.match(
            S.change_reason,
            ("cutoff", rx.callout(rx.vstack(
                rx.text(t("Online changes have closed: they were possible until"), " ", S.deadline, ".", weight="medium"),
                rx.text(S.cutoff_rule, size="2"),
                rx.text(t("To change or cancel now, please get in touch with the provider."), size="2"),
                _contact(), spacing="1"), icon="clock", color_scheme="amber", width="100%", class_name="cutoff-passed")),
            ("policy", rx.callout(rx.vstack(
                rx.text(t("This booking cannot be cancelled online. To cancel, please get in touch with the provider."), size="2"),
                _contact(), spacing="1"), icon="info", width="100%")),
            ("kind", rx.callout(rx.vstack(
                rx.text(t("To move this booking to another date, please get in touch with the provider."), size="2"),
                _contact(), spacing="1"), icon="info", width="100%")),
            rx.fragment(),
        ),
        rx.cond(S.rescheduling, _reschedule()),
        spacing="3", width="100%",
    )


def _reminder() -> rx.Component:
    """Per booking: the customer may not want the reminder email the business sends."""
    return rx.card(
        rx.vstack(
            rx.el.label(
                rx.switch(checked=S.reminder.on, on_change=ManageRemindersState.set_reminders, id="reminder-switch",
                          aria_describedby="reminder-hint"),
                rx.text(t("Email me a reminder before this booking"), size="2", weight="medium"),
                html_for="reminder-switch", style={"display": "flex", "gap": "0.75rem", "alignItems": "center"},
            ),
            rx.text(S.reminder.hint, size="2", color=rx.color("gray", 11), id="reminder-hint"),
            rx.cond(S.reminder.notice != "",
                    rx.callout(S.reminder.notice, icon="check", color_scheme="green", role="status", width="100%",
                               class_name="reminder-notice")),
            rx.cond(S.reminder.error != "", rx.callout(S.reminder.error, color_scheme="red", role="alert", width="100%")),
            spacing="2", width="100%",
        ),
        width="100%", class_name="reminder-section",
    )


def _history(line: HistoryLine) -> rx.Component:
    # On a phone the time sits above its line, so every line starts at the same edge;
    # from the sm breakpoint on, a fixed time column.
    return rx.flex(
        rx.text(line.when, size="1", color=rx.color("gray", 11), min_width={"initial": "0", "sm": "10rem"}, flex_shrink="0"),
        rx.text(line.text, size="2", style={"overflowWrap": "anywhere"}),
        direction={"initial": "column", "sm": "row"}, spacing={"initial": "0", "sm": "3"}, align="start", width="100%",
        class_name="history-line",
    )


def _messages() -> rx.Component:
    """The conversation with the provider, oldest first; while the booking is active the
    customer can write (an answer to a proposal is written in the proposal's card)."""
    return rx.card(
        rx.vstack(
            rx.heading(t("Messages"), size="4", as_="h2", id="messages-heading"),
            thread(S.messages, t("No messages yet.")),
            rx.cond(
                S.can_write & (S.status != "reschedule_proposed"),
                rx.vstack(
                    rx.el.label(t("Write to the provider"), html_for="message-to-provider", style={"fontWeight": 500}),
                    rx.text_area(id="message-to-provider", value=M.draft, on_change=M.set_draft, rows="3", max_length=4000, width="100%"),
                    rx.text(t("The provider gets it by email and answers you by email and here."), size="1", color=rx.color("gray", 11)),
                    rx.button(t("Send message"), variant="soft", on_click=M.send, width="100%"),
                    spacing="2", width="100%",
                ),
            ),
            spacing="3", width="100%",
        ),
        width="100%", class_name="messages-section", aria_labelledby="messages-heading",
    )


def _loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), rx.text(t("Loading your booking…"), size="2", color=rx.color("gray", 11)),
                     role="status", aria_busy="true", direction="column", spacing="2", padding="3rem", width="100%")


def _booking_view() -> rx.Component:
    return rx.vstack(
        rx.cond(S.just_sent & (S.status == "requested"), _sent_banner()),
        rx.cond(S.status == "awaiting_email", awaiting_email_notice(S.respond_by, S.timezone)),
        rx.cond(S.just_booked & (S.notice == "") & (S.status != "awaiting_email"),
                rx.callout(rx.cond(S.status == "pending_payment",
                                   t("Your time is reserved. It is confirmed once paid: pay below whenever you are ready."),
                                   t("Your booking is confirmed. A confirmation with a calendar file is on its way to your inbox.")),
                           icon="check", color_scheme="green", role="status", width="100%")),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%")),
        rx.hstack(rx.heading(S.service_name, size="6", as_="h1"), rx.spacer(), status_badge(S.status, S.status_label),
                  width="100%", align="center", wrap="wrap"),
        rx.card(
            rx.vstack(
                _row("Order", S.reference),
                _row("Date and time", S.when),
                _row("Timezone", S.timezone),
                rx.cond(S.staff != "", _row("Staff member", S.staff)),
                _row("Location", S.location),
                _row("Booking", S.booking_kind),
                _row("People", S.party),
                rx.hstack(rx.text(t("Price"), color=rx.color("gray", 11), size="2", min_width="7rem"),
                          rx.text(rx.text.span(S.price, weight="medium"), rx.cond(S.price_basis != "", rx.text.span(" ", S.price_basis)),
                                  size="2", class_name="price"),
                          width="100%", align="start"),
                _row("Payment", S.payment),
                payment_lines(S.money),
                rx.cond(S.status == "requested", _row("Answer by", S.respond_by)),
                spacing="2", width="100%",
            ),
            width="100%",
        ),
        rx.cond(S.card_attention, _card_attention()),
        rx.cond(S.refund_pending, rx.callout(
            t("You paid for this booking. Refunds are not automatic: the provider decides and lets you know."),
            icon="info", width="100%")),
        rx.cond(S.amount_due != "", _pay()),
        rx.cond(S.kind == "class", class_changes(), _changes()),
        rx.cond(S.status == "reschedule_proposed", _proposal()),
        rx.cond(S.rebooking_open, _rebooking()),
        rx.cond(S.ask_pending != "", _ask_pending()),
        rx.cond(S.can_ask_rebooking, _ask_rebooking()),
        rx.cond((S.messages.length() > 0) | S.can_write, _messages()),
        rx.cond(S.reminder.offered, _reminder()),
        rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", role="alert", width="100%")),
        rx.heading(t("History"), size="3", as_="h2"),
        rx.vstack(rx.foreach(S.history, _history), spacing="2", width="100%", class_name="manage-history"),
        _dialog(),
        spacing="4", width="100%",
    )


def manage_page() -> rx.Component:
    # Until this link's booking is loaded, a spinner: after a move from another manage page
    # (or a new booking) the state still holds the previous booking, which must not flash up.
    return portal_shell(
        rx.cond(
            S.shown_token != S.token,
            _loading(),
            rx.cond(
                S.found,
                _booking_view(),
                rx.cond(
                    S.link_replaced,
                    empty_state("link-2-off", "This link was replaced",
                                "This link was replaced; use the newest link from your email."),
                    empty_state("link-2-off", "This link does not open a booking",
                                "It may be mistyped, replaced by a newer link, or expired. Use the link in your most recent email or contact the business."),
                ),
            ),
        ),
        # The business and its tabs only once this link's booking is shown: never those of
        # a booking opened earlier in this tab, while loading or when the link opens nothing.
        org_name=rx.cond(S.found & (S.shown_token == S.token), S.org_name, ""),
        org_slug=rx.cond(S.found & (S.shown_token == S.token), S.portal_slug, ""),
    )
