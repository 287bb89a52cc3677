"""The Availability page's parts: whose hours, the week (7 rows, several intervals a day),
date overrides and time off. Everything fits 375 px: rows wrap instead of scrolling."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import field, form_error
from bookingapp.components.i18n import t
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.availability import AvailabilityState as S
from bookingapp.states.availability import DayRow, IntervalRow, OverrideRow, TimeOffRow
from bookingapp.states.availability_overrides import DateOverridesState as O
from bookingapp.states.availability_time_off import ConflictRow
from bookingapp.states.availability_time_off import TimeOffState as T
from bookingapp.states.availability_week import WeekHoursState as W

_NATIVE_CONTROL = {"width": "100%", "maxWidth": "24rem", "padding": "0.45rem 0.5rem", "borderRadius": "6px",
                   "border": f"1px solid {rx.color('gray', 7)}", "background": rx.color("gray", 1), "fontSize": "16px"}
_MUTED = rx.color("gray", 11)


def _time_input(value, label, on_change) -> rx.Component:
    # 16 px text: iOS zooms into smaller inputs. 7 rem holds "23:59" and the picker icon.
    return rx.input(type="time", value=value, on_change=on_change, aria_label=label, title=label, size="3",
                    width="7.5rem", style={"fontSize": "16px"}, class_name="time-input")


def _interval_editor(row: IntervalRow, on_start, on_end, on_remove) -> rx.Component:
    return rx.hstack(
        _time_input(row.start, row.start_label, on_start),
        rx.text("–", aria_hidden="true"),
        _time_input(row.end, row.end_label, on_end),
        rx.icon_button(rx.icon("x", size=16), type="button", variant="ghost", color_scheme="gray", size="2",
                       aria_label=row.remove_label, title=row.remove_label, on_click=on_remove),
        spacing="2", align="center", class_name="interval",
    )


# --- whose hours -------------------------------------------------------------------------------


def member_picker() -> rx.Component:
    return rx.vstack(
        rx.cond(
            S.is_owner,
            rx.vstack(
                rx.el.label(t("Team member"), html_for="member", style={"fontWeight": 500, "fontSize": "14px"}),
                rx.el.select(
                    rx.foreach(S.members, lambda m: rx.el.option(m.label, value=m.value)),
                    id="member", value=S.member_id, style=_NATIVE_CONTROL,
                    on_change=[S.choose_member, O.reset_override_form, T.reset_time_off_form],
                ),
                spacing="1", width="100%",
            ),
            rx.text(t("Your hours"), ": ", rx.text.strong(S.member_name), size="3"),
        ),
        timezone_note(S.timezone, size="2", color=_MUTED),
        form_error(S.load_error),
        rx.cond(S.no_hours, rx.callout(S.empty_text, icon="calendar-x", color_scheme="amber", width="100%",
                                       role="status", class_name="no-hours")),
        spacing="2", width="100%",
    )


# --- the week ------------------------------------------------------------------------------------


def _day(day: DayRow) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.heading(day.name, size="3", as_="h3", width=rx.breakpoints(initial="100%", md="8rem"), flex_shrink="0",
                       padding_top=rx.breakpoints(initial="0", md="0.5rem")),
            rx.vstack(
                rx.cond(day.intervals.length() == 0, rx.text(t("Closed"), color=_MUTED, padding_y="0.4rem")),
                rx.foreach(day.intervals, lambda row, i: _interval_editor(
                    row, lambda v: W.set_start(day.weekday, i, v), lambda v: W.set_end(day.weekday, i, v),
                    W.remove_interval(day.weekday, i))),
                rx.flex(
                    rx.button(rx.icon("plus", size=16), t("Add interval"), type="button", variant="soft", size="2",
                              aria_label=day.add_label, on_click=W.add_interval(day.weekday)),
                    rx.button(t("Save"), type="button", size="2", aria_label=day.save_label, on_click=W.save_day(day.weekday)),
                    rx.cond(day.intervals.length() > 0,
                            rx.button(rx.icon("copy", size=16, aria_hidden="true"), t("Copy to closed days"), type="button",
                                      variant="ghost", size="2", aria_label=day.fill_label,
                                      on_click=W.fill_closed_days(day.weekday))),
                    rx.cond(day.saved, rx.text(t("Saved."), size="2", color=rx.color("green", 11), role="status")),
                    spacing="2", wrap="wrap", align="center",
                ),
                rx.cond(day.error != "", rx.text(day.error, size="2", color=rx.color("red", 11), role="alert")),
                spacing="2", width="100%", min_width="0",
            ),
            direction=rx.breakpoints(initial="column", md="row"), gap="0.5rem", width="100%",
        ),
        padding_y="0.75rem", border_bottom=f"1px solid {rx.color('gray', 4)}", width="100%",
        class_name="weekday", role="group", aria_label=day.name,
    )


def week_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Weekly hours"), size="4", as_="h2"),
            rx.text(t("Several intervals on a day leave a break between them. A day without intervals is closed."),
                    size="2", color=_MUTED),
            rx.foreach(S.days, _day),
            spacing="2", width="100%",
        ),
        width="100%", id="weekly-hours",
    )


# --- date overrides ---------------------------------------------------------------------------


def _override_row(row: OverrideRow) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(row.label, weight="medium"),
            rx.text(row.hours, rx.cond(row.past, rx.text.span(" · ", t("past")), ""), size="2", color=_MUTED),
            spacing="0", min_width="0",
        ),
        rx.spacer(),
        rx.cond(~row.past, rx.button(t("Remove"), type="button", variant="soft", color_scheme="red", size="2",
                                     aria_label=row.remove_label, on_click=O.ask_remove_override(row.day, row.label))),
        width="100%", align="center", gap="0.5rem", wrap="wrap", class_name="date-override",
        padding_y="0.5rem", border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _remove_override_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Remove the hours for this date?")),
            rx.alert_dialog.description(O.remove_day_label, " ", t("will follow the weekly hours again.")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("Remove"), color_scheme="red", on_click=O.remove_override)),
                justify="end", spacing="3", margin_top="1rem", wrap="wrap",
            ),
            max_width="28rem",
        ),
        open=O.remove_day != "", on_open_change=O.set_remove_dialog,
    )


def overrides_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Date overrides"), size="4", as_="h2"),
            rx.text(t("Different hours on one date replace that weekday's hours. No intervals: closed all day."),
                    size="2", color=_MUTED),
            field("Date", "override-day", rx.input(id="override-day", type="date", value=O.override_day,
                                                   on_change=O.set_override_day, size="3", max_width="14rem",
                                                   style={"fontSize": "16px"},
                                                   aria_invalid=rx.cond(O.override_field == "day", "true", "false")),
                  error=rx.cond(O.override_field == "day", O.override_error, "")),
            rx.cond(O.override_intervals.length() == 0, rx.text(t("Closed all day"), color=_MUTED, class_name="override-closed")),
            rx.foreach(O.override_intervals, lambda row, i: _interval_editor(
                row, lambda v: O.set_override_start(i, v), lambda v: O.set_override_end(i, v), O.remove_override_interval(i))),
            rx.flex(
                rx.button(rx.icon("plus", size=16), t("Add interval"), type="button", variant="soft", size="2",
                          on_click=O.add_override_interval, id="override-add-interval"),
                rx.button(t("Save date"), type="button", size="2", on_click=O.save_override, id="override-save"),
                spacing="2", wrap="wrap",
            ),
            rx.cond((O.override_error != "") & (O.override_field != "day"),
                    rx.text(O.override_error, size="2", color=rx.color("red", 11), role="alert")),
            rx.cond(O.override_notice != "", rx.text(O.override_notice, size="2", color=rx.color("green", 11), role="status")),
            rx.cond(S.overrides.length() > 0, rx.vstack(rx.foreach(S.overrides, _override_row), spacing="0", width="100%")),
            _remove_override_dialog(),
            spacing="3", width="100%",
        ),
        width="100%", id="date-overrides",
    )


# --- time off -----------------------------------------------------------------------------------


def _time_off_row(row: TimeOffRow) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(row.who, weight="medium"),
            rx.text(row.when, size="2"),
            rx.cond(row.reason != "", rx.text(row.reason, size="2", color=_MUTED)),
            spacing="0", min_width="0",
        ),
        rx.spacer(),
        rx.cond(row.can_remove, rx.button(t("Remove"), type="button", variant="soft", color_scheme="red", size="2",
                                          aria_label=row.remove_label, on_click=T.ask_remove_time_off(row.id, row.when))),
        width="100%", align="center", gap="0.5rem", wrap="wrap", class_name="time-off",
        padding_y="0.5rem", border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _conflict_row(row: ConflictRow) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(rx.text.strong(row.reference), " · ", row.customer),
            rx.text(row.service, " · ", row.when, size="2", color=_MUTED),
            spacing="0", min_width="0",
        ),
        rx.spacer(),
        rx.button(rx.link(t("Rebook"), href=row.href, aria_label=row.rebook_label, underline="none"), as_child=True, size="2",
                  variant="outline"),
        width="100%", align="center", gap="0.5rem", wrap="wrap", class_name="conflict",
        padding_y="0.5rem", border_bottom=f"1px solid {rx.color('amber', 5)}",
    )


def _remove_time_off_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Remove this time off?")),
            rx.alert_dialog.description(T.remove_when, ": ", t("customers will be able to book this time again.")),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Cancel"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("Remove"), color_scheme="red", on_click=T.remove_time_off)),
                justify="end", spacing="3", margin_top="1rem", wrap="wrap",
            ),
            max_width="28rem",
        ),
        open=T.remove_id != 0, on_open_change=T.set_remove_time_off_dialog,
    )


def _moment_input(id_: str, value, on_change) -> rx.Component:
    return rx.input(id=id_, type="datetime-local", value=value, on_change=on_change, size="3", width="100%",
                    max_width="16rem", style={"fontSize": "16px"},
                    aria_invalid=rx.cond(T.time_off_field == id_, "true", "false"),
                    aria_describedby="time-off-zone")


def _scope_choice() -> rx.Component:
    item = {"display": "flex", "gap": "0.5rem", "alignItems": "center"}
    return rx.cond(
        S.is_owner,
        rx.radio_group.root(
            rx.vstack(
                rx.el.label(rx.radio_group.item(value="member", id="scope-member"), rx.text(t("Only"), " ", S.member_name),
                            html_for="scope-member", style=item),
                rx.el.label(rx.radio_group.item(value="business", id="scope-business"), t("The whole business (everyone)"),
                            html_for="scope-business", style=item),
                spacing="2",
            ),
            value=T.scope, on_change=T.set_scope, aria_label=t("Whose time off"),
        ),
        rx.text(t("For"), " ", S.member_name, size="2"),
    )


def _field_error(name: str):
    return rx.cond(T.time_off_field == name, T.time_off_error, "")


def time_off_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Time off"), size="4", as_="h2"),
            rx.text(t("Nobody can book during time off. Bookings already made stay booked: you will see them here to move them."),
                    size="2", color=_MUTED),
            _scope_choice(),
            timezone_note(S.timezone, size="2", color=_MUTED, id="time-off-zone"),
            rx.flex(
                field("Starts", "starts_at", _moment_input("starts_at", T.starts_value, T.set_starts_value),
                      error=_field_error("starts_at")),
                field("Ends", "ends_at", _moment_input("ends_at", T.ends_value, T.set_ends_value), error=_field_error("ends_at")),
                gap="0.75rem", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
            ),
            field("Reason (optional)", "time-off-reason",
                  rx.input(id="time-off-reason", value=T.reason_value, on_change=T.set_reason_value, max_length=200, size="3",
                           width="100%", style={"fontSize": "16px"}),
                  error=_field_error("reason")),
            rx.button(t("Add time off"), type="button", size="2", on_click=T.add_time_off, id="time-off-add"),
            rx.cond((T.time_off_error != "") & (T.time_off_field != "starts_at") & (T.time_off_field != "ends_at")
                    & (T.time_off_field != "reason"),
                    rx.text(T.time_off_error, size="2", color=rx.color("red", 11), role="alert")),
            rx.cond(T.time_off_notice != "", rx.callout(
                rx.vstack(
                    rx.text(T.time_off_notice),
                    rx.cond(T.conflicts.length() > 0, rx.vstack(
                        rx.text(t("Rebook opens the order, where you offer the customer new dates."), size="2"),
                        rx.foreach(T.conflicts, _conflict_row), spacing="0", width="100%", class_name="conflicts")),
                    spacing="2", width="100%",
                ),
                icon="info", color_scheme=rx.cond(T.conflicts.length() > 0, "amber", "green"), width="100%",
                role="status", id="time-off-result",
            )),
            rx.heading(t("Coming time off"), size="3", as_="h3", margin_top="0.5rem"),
            rx.cond(S.time_off.length() > 0,
                    rx.vstack(rx.foreach(S.time_off, _time_off_row), spacing="0", width="100%"),
                    rx.text(t("No time off planned."), size="2", color=_MUTED)),
            _remove_time_off_dialog(),
            spacing="3", width="100%",
        ),
        width="100%", id="time-off",
    )
