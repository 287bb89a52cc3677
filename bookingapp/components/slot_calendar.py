"""Month calendar with availability dots, then the chosen day's free times.

Works with any state built on `states.slot_picker.SlotPicker`. Days are buttons with
a spoken label ("Tuesday 24 November: a few free times"); full or closed days are
disabled; the dots are decoration (aria-hidden) because the label already says it.
"""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.slot_picker import DayCell, TimeChoice


def _dots(count: rx.Var) -> rx.Component:
    dot = rx.box(width="5px", height="5px", border_radius="50%", background=rx.color("indigo", 9))
    return rx.hstack(
        rx.cond(count >= 1, dot), rx.cond(count >= 2, dot), rx.cond(count >= 3, dot),
        spacing="1", height="5px", justify="center", aria_hidden="true",
    )


def _day(state, cell: DayCell) -> rx.Component:
    selected = state.day == cell.iso
    return rx.cond(
        cell.iso == "",
        rx.box(),
        rx.el.button(
            rx.vstack(rx.text(cell.number, size="2", weight=rx.cond(selected, "bold", "regular")), _dots(cell.dots),
                      spacing="1", align="center"),
            on_click=state.pick_day(cell.iso),
            disabled=cell.dots == 0,
            aria_label=cell.aria,
            aria_pressed=rx.cond(selected, "true", "false"),
            class_name="cal-day",
            custom_attrs={"data-day": cell.iso},  # the day in any language, for tests and scripts
            style={
                "width": "100%", "minHeight": "44px", "borderRadius": "8px", "cursor": "pointer",
                "border": rx.cond(selected, f"2px solid {rx.color('indigo', 9)}", f"1px solid {rx.color('gray', 5)}"),
                "background": rx.cond(selected, rx.color("indigo", 3), "transparent"),
                "color": "inherit", "padding": "4px 0",
                "&:disabled": {"cursor": "default", "color": rx.color("gray", 9), "borderColor": "transparent"},
            },
        ),
    )


def _time(state, choice: TimeChoice) -> rx.Component:
    return rx.button(
        choice.label, size="3",
        variant=rx.cond(state.chosen_time == choice.iso, "solid", "outline"),
        aria_pressed=rx.cond(state.chosen_time == choice.iso, "true", "false"),
        on_click=state.pick_time(choice.iso, choice.label), class_name="time-choice",
    )


def slot_calendar(state, timezone: rx.Var) -> rx.Component:
    # Back on a page in the same tab, the last visit's month shows until the page's on_load
    # has run: the calendar says it is busy and takes no clicks meanwhile.
    loading = ~rx.State.is_hydrated
    return rx.vstack(
        rx.hstack(
            rx.icon_button(rx.icon("chevron-left", aria_hidden="true"), variant="soft", on_click=state.previous_month,
                           disabled=~state.can_go_back | loading, aria_label=t("Previous month")),
            rx.heading(state.cal_title, size="4", as_="h2", aria_live="polite", text_align="center", flex="1"),
            rx.icon_button(rx.icon("chevron-right", aria_hidden="true"), variant="soft", on_click=state.next_month,
                           disabled=~state.can_go_forward | loading, aria_label=t("Next month")),
            width="100%", align="center",
        ),
        rx.grid(
            rx.foreach(state.weekdays, lambda name: rx.text(name, size="1", color=rx.color("gray", 11), text_align="center",
                                                              aria_hidden="true")),
            rx.foreach(state.cells, lambda cell: _day(state, cell)),
            columns="7", spacing="1", width="100%",
        ),
        timezone_note(timezone, t("More dots, more free times."), size="1", color=rx.color("gray", 11)),
        rx.cond(
            state.day != "",
            rx.vstack(
                rx.heading(state.day_label, size="3", as_="h3"),
                rx.cond(
                    state.times.length() > 0,
                    rx.flex(rx.foreach(state.times, lambda c: _time(state, c)), wrap="wrap", spacing="2", role="group",
                            aria_label=t("Free times")),
                    rx.text(t("No free times left on this day. Choose another day."), size="2"),
                ),
                spacing="2", width="100%",
            ),
            rx.text(t("Choose a day to see its free times."), size="2", color=rx.color("gray", 11)),
        ),
        spacing="3", width="100%", class_name="slot-calendar", aria_busy=rx.cond(loading, "true", "false"),
        style={"opacity": rx.cond(loading, "0.5", "1"), "pointerEvents": rx.cond(loading, "none", "auto")},
    )
