"""Waitlist pieces placed into the classes pages: the staff's panel on a session's
participants page, and "Join the waitlist" on a full class of the customer's schedule."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import form_error
from bookingapp.components.i18n import t
from bookingapp.components.session_admin import promote_button, promote_dialog, promote_error, who
from bookingapp.states.class_session import ClassSessionState as C
from bookingapp.states.portal_classes import ClassCard
from bookingapp.states.session_admin import SessionAdminState as A
from bookingapp.states.waitlist import PortalWaitlistState as PW
from bookingapp.states.waitlist import QueueRow, WaitlistCandidate
from bookingapp.states.waitlist import WaitlistPanelState as W

_STATUS_COLORS = {"waiting": "gray", "offered": "amber", "claimed": "green", "expired": "gray", "left": "gray"}


# --- dashboard ----------------------------------------------------------------------------


def _queue_row(row: QueueRow) -> rx.Component:
    return rx.hstack(
        rx.text(rx.cond(row.position > 0, row.position.to_string() + ".", "–"), weight="bold", min_width="2rem"),
        # The name takes the line on a phone (its basis is wider than what is left of 375 px);
        # the status and the buttons wrap below it.
        rx.vstack(
            rx.text(row.name, weight="medium", size="2"),
            rx.text(row.email, size="1", color=rx.color("gray", 11), word_break="break-all"),
            spacing="0", flex="1 1 14rem", min_width="0", class_name="waitlist-who",
        ),
        rx.vstack(
            rx.badge(row.status_label, color_scheme=rx.match(row.status, *_STATUS_COLORS.items(), "gray"), size="2"),
            rx.cond(row.detail != "", rx.text(row.detail, size="1", color=rx.color("gray", 11))),
            spacing="1", align="end",
        ),
        promote_button(row.entry_id, row.name, row.email, row.position),
        rx.cond(
            row.position > 0,
            rx.icon_button(rx.icon("trash-2", size=16), variant="ghost", color_scheme="red", size="2",
                           on_click=W.ask_remove(row.entry_id, row.name),
                           aria_label=t("Remove from the waitlist") + ": " + who(row.name, row.email)),
        ),
        width="100%", align="center", padding_y="0.5rem", border_bottom=f"1px solid {rx.color('gray', 4)}",
        class_name="waitlist-row", wrap="wrap",
    )


def _candidate(option: WaitlistCandidate) -> rx.Component:
    return rx.button(
        rx.vstack(rx.text(option.name, weight="medium"), rx.text(option.email, size="1", word_break="break-all"),
                  spacing="0", align="start"),
        variant="outline", width="100%", height="auto", padding_y="0.5rem", justify="start",
        on_click=W.add_to_waitlist(option.id), aria_label=t("Add to the waitlist") + ": " + who(option.name, option.email),
        class_name="waitlist-candidate",
    )


def _confirm_remove() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Remove"), " ", W.confirm_name, " ", t("from the waitlist?")),
            rx.alert_dialog.description(t("They will lose their place on the waitlist; an open offer will go to the next person."),
                                        size="2"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Back"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("Yes, remove"), color_scheme="red", on_click=W.remove_from_waitlist)),
                justify="end", width="100%", spacing="3", margin_top="1rem",
            ),
            max_width="28rem",
        ),
        open=W.confirm_entry_id != 0, on_open_change=W.set_confirm_open,
    )


def waitlist_panel() -> rx.Component:
    """The queue with positions and statuses, "Add to the waitlist", remove.

    Wrapped in a box keyed on the session's bookings and capacity: when staff remove a
    participant or raise the capacity (and an offer goes out), the key changes, React mounts
    the card again and its on_mount reloads the queue. (The key must sit on a parent: Reflex
    runs on_mount in the card's own memo wrapper, which a key on the card itself leaves alone.)"""
    return rx.box(rx.card(
        rx.vstack(
            rx.heading(t("Waitlist"), size="4", as_="h2"),
            rx.cond(W.waitlist_notice != "", rx.callout(W.waitlist_notice, icon="check", color_scheme="green", role="status",
                                                        width="100%")),
            form_error(W.waitlist_error),
            promote_error(),
            rx.cond(W.queue.length() > 0,
                    rx.vstack(rx.foreach(W.queue, _queue_row), spacing="0", width="100%", class_name="waitlist-queue"),
                    rx.text(t("Nobody is waiting."), size="2", color=rx.color("gray", 11))),
            rx.cond(
                ~C.started & ~A.session_cancelled,
                rx.vstack(
                    rx.el.label(t("Add to the waitlist: search by name or email"), html_for="waitlist-search",
                                style={"fontWeight": 500, "fontSize": "14px"}),
                    rx.input(id="waitlist-search", type="search", value=W.waitlist_query,
                             on_change=W.search_waitlist.debounce(250), width="100%", size="3", auto_complete="off",
                             aria_controls="waitlist-results"),
                    rx.vstack(rx.foreach(W.candidates, _candidate), spacing="2", width="100%", id="waitlist-results",
                              aria_live="polite"),
                    rx.cond((W.waitlist_query.length() >= 2) & (W.candidates.length() == 0),
                            rx.text(t("No customer found."), size="2", color=rx.color("gray", 11))),
                    rx.text(t("Customers can join only when the class is full; add a guest above first if they are new."),
                            size="1", color=rx.color("gray", 11)),
                    spacing="2", width="100%",
                ),
                rx.text(rx.cond(A.session_cancelled, t("The waitlist closed when the session was cancelled."),
                                t("The waitlist closed when the class started.")), size="2", color=rx.color("gray", 11),
                        class_name="waitlist-closed"),
            ),
            _confirm_remove(),
            promote_dialog(),
            spacing="3", width="100%",
        ),
        width="100%", class_name="waitlist-panel", on_mount=W.load_queue,
    ), key=C.session_id.to_string() + "-" + C.booked.to_string() + "-" + C.capacity.to_string(), width="100%")


# --- portal -------------------------------------------------------------------------------


def waitlist_join(card: ClassCard) -> rx.Component:
    """On a full class: join (then the position and "Leave the waitlist"), for a signed-in customer."""
    key = card.id.to_string()
    position = PW.positions[key]
    return rx.box(
        rx.cond(
            PW.signed_in,
            rx.cond(
                PW.positions.contains(key),
                rx.vstack(
                    rx.text(t("You are on the waitlist: number"), " ", position, ".", size="2", weight="medium",
                            role="status", class_name="waitlist-position"),
                    rx.button(t("Leave the waitlist"), variant="soft", color_scheme="gray", size="3", width="100%",
                              on_click=PW.leave_waitlist(card.id),
                              aria_label=t("Leave the waitlist") + ": " + card.title + ", " + card.day + " " + card.time),
                    spacing="2", width="100%",
                ),
                rx.vstack(
                    rx.button(t("Join the waitlist"), variant="outline", size="3", width="100%",
                              on_click=PW.join_waitlist(card.id),
                              aria_label=t("Join the waitlist") + ": " + card.title + ", " + card.day + " " + card.time),
                    rx.text(t("When a place frees up we email you a link to claim it."), size="1", color=rx.color("gray", 11)),
                    spacing="1", width="100%",
                ),
            ),
            rx.text(t("Sign in to join the waitlist."), size="2", color=rx.color("gray", 11)),
        ),
        rx.cond(PW.waitlist_error.contains(key),
                rx.text(PW.waitlist_error[key], color=rx.color("red", 11), size="2", role="alert")),
        # Mounted inside the schedule's list: Reflex runs the hook once for the page, so it
        # loads the customer's entries for every class at once (and takes no card argument).
        width="100%", on_mount=PW.load_entries,
    )
