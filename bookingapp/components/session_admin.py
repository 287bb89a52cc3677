"""A session's Edit and Cancel dialogs, their buttons, the Cancelled badge and the waitlist's
Promote button (Dashboard → Schedule → one session)."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.common import field, form_error
from bookingapp.components.dialog_focus import return_focus, watch_opener
from bookingapp.components.i18n import t
from bookingapp.states.class_session import ClassSessionState as C
from bookingapp.states.schedule import Option
from bookingapp.states.session_admin import SessionAdminState as A
from bookingapp.states.waitlist_promote import WaitlistPromoteState as PR

_NATIVE_CONTROL = {"width": "100%", "padding": "0.45rem 0.5rem", "borderRadius": "6px",
                   "border": f"1px solid {rx.color('gray', 7)}", "background": rx.color("gray", 1), "fontSize": "16px"}


def _input(id_: str, kind: str = "text", **props) -> rx.Component:
    return rx.input(id=f"edit-{id_}", name=id_, type=kind, width="100%", size="3", value=A.edit_values[id_],
                    on_change=lambda value: A.set_edit_value(id_, value),
                    aria_invalid=rx.cond(A.edit_field == id_, "true", "false"), **props)


def _staff_option(option: Option) -> rx.Component:
    return rx.el.option(option.label, value=option.value)


def _edit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("Edit session")),
            rx.dialog.description(t("Participants are emailed when the time or the place changes, with the updated calendar entry."),
                                  size="2", color=rx.color("gray", 11)),
            rx.form(
                rx.vstack(
                    form_error(A.edit_error),
                    field("Start", "edit-starts_at", _input("starts_at", "datetime-local"), hint="In your business's timezone."),
                    rx.flex(
                        field("Duration (minutes)", "edit-duration", _input("duration", "number", min="5")),
                        field("Capacity", "edit-capacity", _input("capacity", "number", min="1")),
                        spacing="3", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
                    ),
                    field("Credits per place", "edit-credit_cost", _input("credit_cost", "number", min="0"),
                          hint="For bookings from now on; places already booked keep what they cost."),
                    field("Location", "edit-location", _input("location", max_length=200)),
                    field("Staff member", "edit-staff_user_id", rx.el.select(
                        rx.el.option(t("Nobody in particular"), value=""),
                        rx.foreach(A.staff_choices, _staff_option),
                        id="edit-staff_user_id", name="staff_user_id", style=_NATIVE_CONTROL,
                        value=A.edit_values["staff_user_id"], on_change=lambda value: A.set_edit_value("staff_user_id", value))),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("Back"), type="button", variant="soft", color_scheme="gray")),
                        rx.button(t("Save changes"), type="submit", class_name="save-session"),
                        justify="end", width="100%", spacing="3", wrap="wrap",
                    ),
                    spacing="3", width="100%",
                ),
                on_submit=A.save_edit, width="100%",
            ),
            max_width="32rem",
        ),
        open=A.edit_open, on_open_change=A.set_edit_open,
    )


def _reason_option(reason: str) -> rx.Component:
    return rx.el.option(reason, value=reason)


def _scope_choice(value: str, label: str) -> rx.Component:
    return rx.el.label(rx.radio_group.item(value=value, id=f"cancel-scope-{value}"), t(label), html_for=f"cancel-scope-{value}",
                       style={"display": "flex", "gap": "0.5rem", "alignItems": "center"})


def _cancel_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Cancel session")),
            rx.form(
                rx.vstack(
                    rx.cond(A.has_series, rx.radio_group.root(
                        rx.vstack(_scope_choice("this", "This session"),
                                  _scope_choice("series", "This and the rest of the series"), spacing="2"),
                        value=A.cancel_scope, on_change=A.set_cancel_scope, aria_label=t("Which sessions"), name="scope",
                    )),
                    rx.callout(A.cancel_summary, icon="info", color_scheme="amber", width="100%", role="status",
                               class_name="cancel-summary"),
                    # No list of reasons yet: no menu with nothing to choose, the free text is the reason.
                    rx.cond(
                        A.reason_choices.length() > 0,
                        field("Reason", "cancel-reason", rx.el.select(
                            rx.el.option(t("No reason from the list"), value=""),
                            rx.foreach(A.reason_choices, _reason_option),
                            id="cancel-reason", name="reason", style=_NATIVE_CONTROL)),
                        rx.text(t("Write the reason below. A list of reasons to choose from can be set up in"), " ",
                                rx.link(t("Settings"), href=f"{routes.SETTINGS}#cancellation-reasons-card"), ".",
                                size="2", color=rx.color("gray", 11), class_name="no-reasons-hint"),
                    ),
                    field("More about it (the participants see it)", "cancel-note",
                          rx.text_area(id="cancel-note", name="note", rows="3", max_length=500, width="100%")),
                    form_error(A.cancel_error),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button(t("Back"), type="button", variant="soft", color_scheme="gray")),
                        rx.button(t("Yes, cancel"), type="submit", color_scheme="red", class_name="confirm-cancel-session"),
                        justify="end", width="100%", spacing="3", wrap="wrap",
                    ),
                    spacing="3", width="100%",
                ),
                on_submit=A.confirm_cancel, width="100%",
            ),
            max_width="32rem",
        ),
        open=A.cancel_open, on_open_change=A.set_cancel_open,
    )


def session_actions() -> rx.Component:
    """Edit and Cancel, for a session that neither started nor was cancelled; else why not."""
    return rx.box(
        rx.cond(
            A.session_cancelled,
            rx.callout(rx.fragment(t("This session was cancelled on"), " ", A.cancelled_on,
                                   rx.cond(A.cancelled_because != "", ": " + A.cancelled_because, ".")),
                       icon="circle_x", color_scheme="red", width="100%", class_name="session-cancelled"),
            rx.cond(~C.started, rx.flex(
                rx.button(rx.icon("pencil", size=16, aria_hidden="true"), t("Edit session"), variant="soft",
                          on_click=A.open_edit, class_name="edit-session"),
                rx.button(rx.icon("calendar-x", size=16, aria_hidden="true"), t("Cancel session"), variant="soft",
                          color_scheme="red", on_click=A.open_cancel, class_name="cancel-session"),
                spacing="2", wrap="wrap", width="100%",
            )),
        ),
        _edit_dialog(),
        _cancel_dialog(),
        width="100%",
    )


def cancelled_badge() -> rx.Component:
    return rx.cond(A.session_cancelled, rx.badge(t("Cancelled"), color_scheme="red", size="3", class_name="cancelled-badge"))


def who(name, email):
    """A customer in a button's accessible name: the email too, since two customers may share a name."""
    return name + rx.cond(email != "", " (" + email + ")", "")


def promote_button(entry_id, name, email, position) -> rx.Component:
    """Per waiting person: asks first, then moves them into the class (capacity and credits checked)."""
    return rx.cond(
        (position > 0) & ~C.started & ~A.session_cancelled,
        rx.button(t("Promote"), size="1", variant="soft", on_click=PR.ask_promote(entry_id, name, email),
                  aria_label=t("Promote into the class") + ": " + who(name, email), class_name="promote-waitlisted"),
    )


def promote_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Promote from the waitlist?")),
            rx.alert_dialog.description(PR.promote_question, size="2", class_name="promote-question"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("Promote"), on_click=A.promote(PR.promote_entry_id),
                                                 class_name="confirm-promote")),
                justify="end", width="100%", spacing="3", margin_top="1rem", wrap="wrap",
            ),
            on_close_auto_focus=return_focus(), max_width="28rem",
        ),
        open=PR.promote_entry_id != 0, on_open_change=PR.set_promote_open, on_mount=watch_opener(),
    )


def promote_error() -> rx.Component:
    return form_error(A.promote_error)
