"""Dashboard → Schedule (/dashboard/schedule): the week of class sessions, "New session";
and one session (/dashboard/schedule/<id>): participants, capacity."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.attendance import attendance_control
from bookingapp.components.badges import flag_badge
from bookingapp.components.common import empty_state, field, form_error
from bookingapp.components.i18n import credits_word, t
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.session_admin import cancelled_badge, session_actions, who
from bookingapp.components.timezone_note import timezone_note
from bookingapp.components.waitlist_panel import waitlist_panel
from bookingapp.states.class_session import CancelledRow, MemberOption, ParticipantRow
from bookingapp.states.class_session import ClassSessionState as C
from bookingapp.states.schedule import DayColumn, SessionCard
from bookingapp.states.schedule import ScheduleState as S
from bookingapp.states.session_admin import SessionAdminState as A

_NATIVE_CONTROL = {"width": "100%", "padding": "0.45rem 0.5rem", "borderRadius": "6px",
                   "border": f"1px solid {rx.color('gray', 7)}", "background": rx.color("gray", 1), "fontSize": "16px"}


def _input(id_: str, kind: str = "text", **props) -> rx.Component:
    return rx.input(id=id_, name=id_, type=kind, width="100%", size="3",
                    aria_invalid=rx.cond(S.form_field == id_, "true", "false"), **props)


def _default(id_: str) -> dict:
    """The chosen class's own setting; controlled, so what staff type after choosing a
    class is never replaced by a late answer to choosing it (events apply in order)."""
    return {"value": S.chosen[id_], "on_change": lambda value: S.set_chosen(id_, value)}


def _class_select() -> rx.Component:
    return rx.el.select(
        rx.foreach(S.services, lambda o: rx.el.option(o.label, value=o.value)),
        id="service_id", name="service_id", style=_NATIVE_CONTROL, on_change=S.choose_class, value=S.chosen["service_id"],
    )


def _no_class_yet() -> rx.Component:
    return rx.vstack(
        rx.text(t("Create a class first"), weight="bold"),
        rx.text(t("Sessions belong to a class: its name, price in credits and usual capacity. Create one, then come back here."),
                size="2"),
        rx.hstack(
            rx.dialog.close(rx.button(t("Cancel"), type="button", variant="soft", color_scheme="gray")),
            rx.button(rx.link(t("Create a class"), href=routes.new_service("class"), underline="none"), as_child=True),
            justify="end", width="100%", spacing="3",
        ),
        spacing="3", width="100%", class_name="no-class-yet",
    )


def _select(id_: str, options, *, placeholder: str = "") -> rx.Component:
    return rx.el.select(
        rx.el.option(t(placeholder), value="") if placeholder else rx.fragment(),
        rx.foreach(options, lambda o: rx.el.option(o.label, value=o.value)),
        id=id_, name=id_, style=_NATIVE_CONTROL,
    )


def _checkbox(id_: str, label: str, checked: bool = True) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", id=id_, name=id_, default_checked=checked, style={"width": "18px", "height": "18px"}),
        rx.text(t(label), size="2"),
        html_for=id_, style={"display": "flex", "gap": "0.5rem", "alignItems": "center", "cursor": "pointer"},
    )


# --- week -------------------------------------------------------------------------------


def _session_card(card: SessionCard) -> rx.Component:
    return rx.link(
        rx.card(
            rx.vstack(
                rx.hstack(rx.text(card.time, weight="bold"), rx.spacer(),
                          rx.badge(card.booked, color_scheme=rx.cond(card.full, "red", "gray"), size="2",
                                   aria_label=card.booked_label, class_name="booked-count"),
                          width="100%", align="center"),
                rx.hstack(rx.text(card.title, size="2"), flag_badge(rx.cond(card.flagged, t("A flagged customer is booked"), "")),
                          wrap="wrap", align="center"),
                rx.text(rx.cond(card.staff != "", card.staff + " · ", ""), card.location, size="1", color=rx.color("gray", 11)),
                rx.cond(~card.online, rx.text(t("Staff only: no online booking"), size="1", color=rx.color("amber", 11))),
                rx.cond(card.cancelled, rx.badge(t("Cancelled"), color_scheme="red", class_name="cancelled-badge")),
                spacing="1", width="100%",
            ),
            width="100%",
        ),
        href=card.href, underline="none", color="inherit", width="100%", class_name="class-session",
    )


def _day(day: DayColumn) -> rx.Component:
    return rx.vstack(
        rx.heading(day.label, size="3", as_="h2"),
        rx.foreach(day.sessions, _session_card),
        spacing="2", width="100%",
    )


def _new_session_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(t("New session")),
            rx.cond(S.services.length() == 0, _no_class_yet(), rx.form(
                rx.vstack(
                    form_error(S.form_error),
                    field("Class", "service_id", _class_select(), hint="The form starts with this class's own settings."),
                    field("Start", "starts_at", _input("starts_at", "datetime-local"), hint="In your business's timezone."),
                    rx.flex(
                        field("Duration (minutes)", "duration", _input("duration", "number", min="5", **_default("duration"))),
                        field("Capacity", "capacity", _input("capacity", "number", min="1", **_default("capacity"))),
                        spacing="3", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
                    ),
                    rx.flex(
                        field("Credits per place", "credit_cost", _input("credit_cost", "number", min="0", **_default("credit_cost"))),
                        field("Free cancellation until (hours before)", "window_hours",
                              _input("window_hours", "number", min="0", **_default("window_hours"))),
                        spacing="3", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
                    ),
                    field("Location", "location", _input("location", max_length=200), hint="Empty: the class's usual location."),
                    field("Staff member", "staff_user_id", _select("staff_user_id", S.staff_options, placeholder="The class's usual staff member")),
                    _checkbox("online_booking", "Customers can book online"),
                    rx.radio_group.root(
                        rx.vstack(
                            rx.el.label(rx.radio_group.item(value="once", id="repeat-once"), t("Once"), html_for="repeat-once",
                                        style={"display": "flex", "gap": "0.5rem", "alignItems": "center"}),
                            rx.el.label(rx.radio_group.item(value="weekly", id="repeat-weekly"), t("Every week until"),
                                        html_for="repeat-weekly", style={"display": "flex", "gap": "0.5rem", "alignItems": "center"}),
                            spacing="2",
                        ),
                        value=S.repeat, on_change=S.set_repeat, aria_label=t("Repeat"),
                    ),
                    rx.cond(S.repeat == "weekly",
                            field("Last day", "repeat_until", _input("repeat_until", "date"), hint="At most 52 weekly sessions.")),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("Cancel"), type="button", variant="soft", color_scheme="gray")),
                        rx.button(t("Create"), type="submit"),
                        justify="end", width="100%", spacing="3",
                    ),
                    spacing="3", width="100%",
                ),
                on_submit=S.create, width="100%",
            )),
            max_width="32rem",
        ),
        open=S.dialog_open, on_open_change=S.set_dialog_open,
    )


def schedule_page() -> rx.Component:
    return dashboard_shell(
        "Schedule",
        rx.flex(
            rx.hstack(
                rx.icon_button(rx.icon("chevron-left", aria_hidden="true"), variant="soft", on_click=S.previous_week,
                               aria_label=t("Previous week")),
                rx.button(t("Today"), variant="soft", on_click=S.this_week),
                rx.icon_button(rx.icon("chevron-right", aria_hidden="true"), variant="soft", on_click=S.next_week,
                               aria_label=t("Next week")),
                spacing="2",
            ),
            rx.heading(S.week_label, size="4", as_="h2", class_name="week-label"),
            spacing="3", wrap="wrap", align="center", width="100%",
        ),
        timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%")),
        rx.cond(
            S.session_count > 0,
            rx.grid(rx.foreach(S.days, _day), columns=rx.breakpoints(initial="1", md="2", lg="3"), spacing="4", width="100%"),
            empty_state("calendar-days", "No class sessions this week",
                        "Create a session, or go to another week. Customers book sessions from your booking page when online booking is on."),
        ),
        _new_session_dialog(),
        actions=rx.button(rx.icon("plus", size=16, aria_hidden="true"), t("New session"), on_click=S.open_new),
    )


# --- one session ------------------------------------------------------------------------


def _participant(row: ParticipantRow) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.hstack(rx.link(row.name, href=row.href, weight="medium"), flag_badge(row.alert), wrap="wrap", align="center"),
            rx.text(row.email, " · ", row.credits, " ", credits_word(row.credits), size="1", color=rx.color("gray", 11), word_break="break-all"),
            spacing="0", align="start", min_width="0", flex="1 1 12rem",
        ),
        rx.cond(row.markable, attendance_control(row.attendance, lambda target: C.mark_attendance(row.booking_id, target), row.name)),
        rx.icon_button(rx.icon("trash-2", size=16, aria_hidden="true"), variant="soft", color_scheme="red",
                       on_click=C.open_remove(row.booking_id, row.name), aria_label=t("Remove") + " " + who(row.name, row.email),
                       class_name="remove-participant"),
        width="100%", align="center", padding_y="0.5rem", border_bottom=f"1px solid {rx.color('gray', 4)}", gap="2", wrap="wrap",
        class_name="participant",
    )


def _member_option(option: MemberOption) -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.vstack(rx.text(option.name, weight="medium"),
                      rx.text(option.email, " · ", option.balance, " ", credits_word(option.balance), size="1"), spacing="0", align="start"),
            variant="outline", width="100%", height="auto", padding="0.5rem", justify="start",
            on_click=C.add_member(option.id), class_name="member-option", flex="1", min_width="0",
        ),
        flag_badge(option.alert),  # beside the button, not inside it: no button in a button
        width="100%", align="center", spacing="2",
    )


def _add_member() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Add a member"), size="3", as_="h3"),
        rx.el.label(t("Search by name or email"), html_for="member-search", style={"fontWeight": 500, "fontSize": "14px"}),
        rx.input(id="member-search", type="search", value=C.query, on_change=C.search.debounce(250), width="100%", size="3",
                 auto_complete="off", aria_controls="member-results"),
        rx.el.label(rx.checkbox(checked=C.use_credits, on_change=C.set_use_credits, id="use-credits"),
                    rx.text(t("Take the class's credits from their balance"), size="2"), html_for="use-credits",
                    style={"display": "flex", "gap": "0.5rem", "alignItems": "center"}),
        form_error(C.member_error),
        rx.vstack(rx.foreach(C.results, _member_option), spacing="2", width="100%", id="member-results", aria_live="polite"),
        rx.cond((C.query.length() >= 2) & (C.results.length() == 0),
                rx.text(t("No customer found. Add them as a guest below."), size="2", color=rx.color("gray", 11))),
        spacing="2", width="100%",
    )


def _add_guest() -> rx.Component:
    def guest_input(id_: str, kind: str, autocomplete: str) -> rx.Component:
        return rx.input(id=id_, name=id_, type=kind, auto_complete=autocomplete, width="100%", size="3",
                        aria_invalid=rx.cond(C.guest_field == id_, "true", "false"))

    return rx.form(
        rx.vstack(
            rx.heading(t("Add a guest"), size="3", as_="h3"),
            rx.text(t("A new customer is created from the name and email; guests pay on site (no credits are taken)."),
                    size="2", color=rx.color("gray", 11)),
            form_error(C.guest_error),
            field("Name", "guest_name", guest_input("guest_name", "text", "off")),
            field("Email", "guest_email", guest_input("guest_email", "email", "off")),
            rx.button(t("Add guest"), type="submit", variant="soft"),
            spacing="2", width="100%", align="start",
        ),
        on_submit=C.add_guest, width="100%",
    )


def _remove_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Remove"), " ", C.remove_name, "?"),
            rx.form(
                rx.vstack(
                    rx.callout(C.remove_message, icon="info",
                               color_scheme=rx.cond(C.remove_free, "green", "amber"), width="100%", class_name="credit-outcome"),
                    field("Reason (the customer sees it)", "reason",
                          rx.text_area(id="reason", name="reason", rows="3", max_length=500, width="100%")),
                    form_error(C.remove_error),
                    rx.hstack(rx.button(t("Back"), type="button", variant="soft", color_scheme="gray", on_click=C.close_remove),
                              rx.button(t("Yes, remove"), type="submit", color_scheme="red"),
                              justify="end", width="100%", spacing="3"),
                    spacing="3", width="100%",
                ),
                on_submit=C.remove, width="100%",
            ),
            max_width="28rem",
        ),
        open=C.remove_id != 0, on_open_change=C.set_remove_open,
    )


def _settings_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.vstack(
                rx.el.label(t("Capacity"), html_for="capacity", style={"fontWeight": 500, "fontSize": "14px"}),
                rx.input(id="capacity", name="capacity", type="number", min="1", default_value=C.capacity.to_string(),
                         key=C.capacity.to_string(), width="7rem", size="3"),
                spacing="1",
            ),
            rx.el.label(
                rx.el.input(type="checkbox", id="session-online", name="online_booking", default_checked=C.online_booking,
                            key=C.online_booking.to_string(), style={"width": "18px", "height": "18px"}),
                rx.text(t("Customers can book online"), size="2"),
                html_for="session-online", style={"display": "flex", "gap": "0.5rem", "alignItems": "center"},
            ),
            rx.button(t("Save"), type="submit", variant="soft"),
            spacing="3", align="end", wrap="wrap", width="100%",
        ),
        rx.cond(C.capacity_error != "", rx.text(C.capacity_error, color=rx.color("red", 11), size="2", role="alert")),
        on_submit=C.save_session, width="100%",
    )


def _row(label: str, value) -> rx.Component:
    return rx.hstack(rx.text(t(label), color=rx.color("gray", 11), size="2", min_width="9rem"), rx.text(value, size="2", weight="medium"),
                     width="100%", align="start", wrap="wrap")


def _cancelled(row: CancelledRow) -> rx.Component:
    return rx.text(row.name, rx.cond(row.reason != "", " · " + row.reason, ""), size="2", color=rx.color("gray", 11))


def _cancelled_participant(row: CancelledRow) -> rx.Component:
    return rx.hstack(rx.text(row.name, size="2", color=rx.color("gray", 10)),
                     rx.badge(t("cancelled"), color_scheme="gray", variant="soft", size="1"),
                     align="center", spacing="2", width="100%", class_name="cancelled-participant")


def class_session_page() -> rx.Component:
    return dashboard_shell(
        "Class session",
        rx.cond(
            C.found,
            rx.vstack(
                rx.link(t("Back to the schedule"), href=routes.SCHEDULE, size="2"),
                rx.cond(C.notice != "", rx.callout(C.notice, icon="check", color_scheme="green", role="status", width="100%")),
                rx.hstack(rx.heading(C.title, size="5", as_="h2"), cancelled_badge(), rx.spacer(),
                          rx.badge(C.booked.to_string() + "/" + C.capacity.to_string(), size="3", class_name="booked-count",
                                   color_scheme=rx.cond(C.booked >= C.capacity, "red", "gray")),
                          width="100%", align="center", wrap="wrap"),
                rx.card(
                    rx.vstack(
                        _row("Date and time", C.when),
                        _row("Timezone", C.timezone),
                        _row("Location", C.location),
                        _row("Staff member", C.staff),
                        _row("Credits per place", C.credit_cost),
                        _row("Free cancellation", rx.fragment(t("until"), " ", C.window, " ", t("before the start"))),
                        session_actions(),
                        rx.cond(~A.session_cancelled, rx.fragment(rx.divider(), _settings_form())),
                        spacing="2", width="100%",
                    ),
                    width="100%",
                ),
                rx.card(
                    rx.vstack(
                        rx.heading(t("Participants"), size="4", as_="h2"),
                        form_error(C.mark_error),
                        rx.cond(C.participants.length() > 0,
                                rx.vstack(rx.foreach(C.participants, _participant), spacing="0", width="100%"),
                                # A cancelled session lists whom it had, greyed and marked.
                                rx.cond(A.session_cancelled & (C.cancelled.length() > 0),
                                        rx.vstack(rx.foreach(C.cancelled, _cancelled_participant), spacing="1", width="100%",
                                                  class_name="cancelled-participants"),
                                        rx.text(t("Nobody is booked yet."), size="2", color=rx.color("gray", 11)))),
                        # A cancelled session takes nobody new.
                        rx.cond(~A.session_cancelled, rx.vstack(rx.divider(), _add_member(), rx.divider(), _add_guest(),
                                                                spacing="3", width="100%")),
                        spacing="3", width="100%",
                    ),
                    width="100%",
                ),
                waitlist_panel(),
                rx.cond((C.cancelled.length() > 0) & ~A.session_cancelled, rx.vstack(
                    rx.heading(t("Cancelled"), size="3", as_="h2"),
                    rx.foreach(C.cancelled, _cancelled), spacing="1", width="100%")),
                _remove_dialog(),
                spacing="4", width="100%",
            ),
            empty_state("search-x", "Session not found", "There is no class session with this number in your business.",
                        rx.link(t("Back to the schedule"), href=routes.SCHEDULE)),
        ),
    )
