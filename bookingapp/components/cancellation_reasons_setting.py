"""The "Cancellation reasons" settings card (issue 22); it loads itself on mount."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.states.cancellation_reasons import CancellationReasonsState as S


def cancellation_reasons_card() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("Cancellation reasons"), size="4", as_="h2"),
                rx.el.label(t("The reasons staff choose from when they cancel a class session, one per line. They can always "
                              "add a note of their own."), html_for="cancellation-reasons",
                            style={"fontSize": "14px"}),
                rx.text_area(id="cancellation-reasons", name="reasons", default_value=S.reasons_text, key=S.reasons_text,
                             rows="5", width="100%", read_only=S.staff_role != "owner",
                             placeholder=t("Teacher ill")),
                rx.cond(S.staff_role == "owner", rx.button(t("Save reasons"), type="submit", variant="soft",
                                                           class_name="save-reasons")),
                rx.cond(S.reasons_saved, rx.text(t("Saved."), size="2", color=rx.color("green", 11), role="status")),
                rx.cond(S.reasons_error != "", rx.text(S.reasons_error, size="2", color=rx.color("red", 11), role="alert")),
                spacing="3", width="100%", align="start",
            ),
            on_submit=S.save_reasons, width="100%",
        ),
        width="100%", id="cancellation-reasons-card", on_mount=S.load_reasons,
    )
