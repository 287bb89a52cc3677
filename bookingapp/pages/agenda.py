"""Dashboard → Agenda (/dashboard/agenda): the calendar. A time grid of a day (a column per
staff member) or a week (a column per day), with a staff filter; on phones a list by day."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.agenda_calendar import day_list, slot_dialog, time_grid
from bookingapp.components.common import empty_state, form_error
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.agenda import AgendaState as S
from bookingapp.states.agenda import StaffOption
from bookingapp.states.agenda_slot import AgendaSlotState as Slot

_CONTROL = {"padding": "0.4rem 0.5rem", "borderRadius": "6px", "border": f"1px solid {rx.color('gray', 7)}",
            "background": rx.color("gray", 1), "fontSize": "16px", "maxWidth": "100%", "height": "2rem"}


def _staff_option(option: StaffOption) -> rx.Component:
    return rx.el.option(option.label, value=option.value)


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.segmented_control.root(
            rx.segmented_control.item(t("Day"), value="day"),
            rx.segmented_control.item(t("Week"), value="week"),
            value=S.view, on_change=S.set_view, aria_label=t("Calendar view"),
        ),
        rx.hstack(
            rx.icon_button(rx.icon("chevron-left", size=16, aria_hidden="true"), variant="soft", on_click=S.previous,
                           aria_label=rx.cond(S.view == "week", t("Previous week"), t("Previous day"))),
            rx.button(t("Today"), variant="soft", on_click=S.today),
            rx.icon_button(rx.icon("chevron-right", size=16, aria_hidden="true"), variant="soft", on_click=S.next,
                           aria_label=rx.cond(S.view == "week", t("Next week"), t("Next day"))),
            spacing="2",
        ),
        rx.el.input(type="date", value=S.day, on_change=S.go_to_date, aria_label=t("Go to date"), id="agenda-date",
                    style=_CONTROL),
        rx.el.select(
            rx.el.option(t("Everyone"), value=""),
            rx.foreach(S.team, _staff_option),
            value=S.staff, on_change=S.set_staff, aria_label=t("Team member"), id="agenda-staff", style=_CONTROL,
        ),
        spacing="3", wrap="wrap", align="center", width="100%",
    )


def _actions() -> rx.Component:
    return rx.flex(
        rx.button(rx.link(rx.icon("plus", size=16, aria_hidden="true"), t("New booking"), href=S.new_booking_href,
                          underline="none", class_name="agenda-new-booking"), as_child=True),
        rx.button(rx.icon("ban", size=16, aria_hidden="true"), t("Block time"), variant="soft", on_click=Slot.open_block_time,
                  class_name="agenda-block-time"),
        gap="0.5rem", wrap="wrap",
    )


def agenda_page() -> rx.Component:
    return dashboard_shell(
        "Agenda",
        _toolbar(),
        rx.flex(
            rx.heading(S.range_label, size="3", as_="h2", class_name="agenda-range"),
            timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
            direction="column", gap="0.25rem", width="100%",
        ),
        form_error(S.load_error),
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%",
                                           class_name="agenda-notice")),
        rx.cond(S.empty, empty_state("calendar", "Nothing on the calendar",
                                     "No bookings or class sessions in this period. Use the arrows to look at other dates.")),
        time_grid(),
        day_list(),
        slot_dialog(),
        actions=_actions(),
    )
