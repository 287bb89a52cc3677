"""The "Cancellation reasons" settings card (issue 22) with its translations (issue 23);
it loads itself on mount."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.domain.localized_text import LANGUAGE_NAMES, TEXT_LANGUAGES
from bookingapp.states.cancellation_reasons import CancellationReasonsState as S


def _translation(lang: str) -> rx.Component:
    """Shown for each language but the business's own."""
    box = f"cancellation-reasons-{lang}"
    return rx.cond(
        S.reason_translations.contains(lang),
        rx.vstack(
            rx.el.label(t("Reasons"), " (", t(LANGUAGE_NAMES[lang]), ")", html_for=box, style={"fontWeight": 500, "fontSize": "14px"}),
            rx.text_area(id=box, name=f"reasons_{lang}", default_value=S.reason_translations[lang],
                         key=box + S.reasons_version.to_string(), rows="4", width="100%", read_only=S.staff_role != "owner",
                         lang=lang),
            spacing="1", width="100%",
        ),
    )


def cancellation_reasons_card() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("Cancellation reasons"), size="4", as_="h2"),
                rx.el.label(t("The reasons staff choose from when they cancel a class session, one per line. They can always "
                              "add a note of their own."), html_for="cancellation-reasons",
                            style={"fontSize": "14px"}),
                rx.text_area(id="cancellation-reasons", name="reasons", default_value=S.reasons_text,
                             key="cancellation-reasons" + S.reasons_version.to_string(),
                             rows="5", width="100%", read_only=S.staff_role != "owner",
                             placeholder=t("Teacher ill")),
                rx.heading(t("Translations"), size="3", as_="h3"),
                rx.text(t("Customers who read another language get the reason in it: one line for each reason, in the "
                          "same order. An empty line keeps the reason as written above."), size="2", color=rx.color("gray", 11)),
                *[_translation(lang) for lang in TEXT_LANGUAGES],
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
