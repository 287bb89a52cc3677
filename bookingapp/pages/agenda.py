"""Dashboard → Agenda (/dashboard/agenda): the calendar. Day and week views of all bookings
and class sessions; on phones the week becomes a list by day."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.badges import status_badge
from bookingapp.components.common import empty_state, new_booking_button
from bookingapp.components.flag import flag_icon
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.agenda import AgendaDayView, AgendaLine
from bookingapp.states.agenda import AgendaState as S


def _item(item: AgendaLine) -> rx.Component:
    return rx.box(
        rx.flex(
            rx.link(
                rx.vstack(
                    rx.text(item.time, size="1", weight="bold"),
                    rx.text(item.title, size="2", weight="medium", style={"overflowWrap": "anywhere"}),
                    rx.text(item.detail, size="1", color=rx.color("gray", 11), style={"overflowWrap": "anywhere"}),
                    spacing="0", align="start",
                ),
                href=item.href, underline="none", color="inherit", flex="1", min_width="0",
            ),
            flag_icon(item.alert),
            spacing="1", align="start", width="100%",
        ),
        rx.cond(item.kind == "booking", status_badge(item.status, item.status_label),
                rx.badge(item.status_label, color_scheme="violet", size="1")),
        # Week columns are narrow: a long status ("Rebooking requested") wraps instead of overflowing.
        style={"& .rt-Badge": {"whiteSpace": "normal", "maxWidth": "100%"}},
        padding="0.4rem 0.5rem", border_radius="8px", width="100%",
        background=rx.cond(item.kind == "session", rx.color("violet", 3), rx.color("accent", 3)),
        border_left=rx.cond(item.alert != "", f"3px solid {rx.color('red', 9)}", f"3px solid {rx.color('gray', 6)}"),
        class_name=rx.cond(item.kind == "session", "agenda-item agenda-session", "agenda-item agenda-booking"),
    )


def _day(day: AgendaDayView) -> rx.Component:
    return rx.vstack(
        rx.button(day.label, variant=rx.cond(day.today, "solid", "ghost"), size="1", on_click=S.open_day(day.iso),
                  aria_label=day.label, class_name="agenda-day-label"),
        rx.cond(day.lines.length() > 0,
                rx.vstack(rx.foreach(day.lines, _item), spacing="2", width="100%"),
                rx.text(t("Nothing booked"), size="1", color=rx.color("gray", 11))),
        spacing="2", width="100%", min_width="0", align="start",
        padding="0.5rem", border=f"1px solid {rx.color('gray', 4)}", border_radius="10px",
        class_name="agenda-day", custom_attrs={"data-day": day.iso},
    )


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
        rx.heading(S.range_label, size="3", as_="h2", class_name="agenda-range"),
        spacing="3", wrap="wrap", align="center", width="100%",
    )


def agenda_page() -> rx.Component:
    return dashboard_shell(
        "Agenda",
        _toolbar(),
        rx.text(t("Calendar of bookings and class sessions. Times are in"), " ", S.timezone, ".", size="1",
                color=rx.color("gray", 11)),
        rx.cond(
            S.view == "week",
            rx.grid(rx.foreach(S.days, _day), columns=rx.breakpoints(initial="1", md="7"), spacing="2", width="100%",
                    class_name="agenda-grid agenda-week"),
            rx.vstack(rx.foreach(S.days, _day), spacing="2", width="100%", class_name="agenda-grid agenda-day-view"),
        ),
        rx.cond(S.empty, empty_state("calendar", "Nothing on the calendar",
                                     "No bookings or class sessions in this period. Use the arrows to look at other dates.")),
        actions=new_booking_button(routes.NEW_BOOKING),
    )
