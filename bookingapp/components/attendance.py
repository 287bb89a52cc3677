"""Attendance (issue 24): two buttons per booking, "Attended" and "No-show", each one tap
on a phone. The pressed one is solid; tapping it again clears the mark, tapping the other
replaces it. The button sends the mark it will set (not "toggle"), so a double tap sets
the same mark twice, which changes nothing."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t


def _button(value, mark: str, text: str, icon: str, tone: str, on_mark, class_name: str) -> rx.Component:
    pressed = value == mark
    return rx.button(
        rx.icon(icon, size=16, aria_hidden="true"), t(text),
        variant=rx.cond(pressed, "solid", "outline"), color_scheme=tone, size="2", type="button",
        aria_pressed=rx.cond(pressed, "true", "false"),
        on_click=on_mark(rx.cond(pressed, "", mark)),
        class_name=class_name, min_height="44px",
    )


def attendance_control(value, on_mark, name) -> rx.Component:
    """`value`: attended | no_show | ""; `on_mark(target)`: the event setting `target` ("" clears)."""
    return rx.hstack(
        _button(value, "attended", "Attended", "check", "green", on_mark, "mark-attended"),
        _button(value, "no_show", "No-show", "user-x", "red", on_mark, "mark-no-show"),
        role="group", aria_label=t("Attendance") + " · " + name, spacing="2", wrap="wrap",
        class_name="attendance-control",
    )
