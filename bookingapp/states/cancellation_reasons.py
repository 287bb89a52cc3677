"""Settings → "Cancellation reasons": the list staff pick from when they cancel a class
session (one reason a line), and its translations for customers who read another
language (line N translates reason N); the card loads itself on mount."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.services import session_changes
from bookingapp.states.base import AppState


class CancellationReasonsState(AppState):
    reasons_text: str = ""
    # The languages other than the business's own, each with its lines: {"de": "...", "pl": "..."}.
    reason_translations: dict[str, str] = {}
    reasons_version: int = 0  # remounts the text areas after a load or a save
    reasons_saved: bool = False
    reasons_error: str = ""

    @rx.event
    def load_reasons(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            self.reasons_text = "\n".join(session_changes.reasons(session, actor=actor))
            self.reason_translations = session_changes.reason_translations(session, actor=actor)
        self.reasons_version += 1
        self.reasons_saved, self.reasons_error = False, ""

    @rx.event
    def save_reasons(self, form: dict):
        actor = self._actor()
        if actor is None:
            return
        # Only the languages edited: one left as loaded keeps its translations by reason.
        typed = {lang: str(form.get(f"reasons_{lang}", "") or "") for lang in self.reason_translations}
        translations = {lang: text for lang, text in typed.items() if text.rstrip() != self.reason_translations[lang].rstrip()}
        try:
            with unit_of_work() as session:
                saved = session_changes.set_reasons(session, actor=actor, text=str(form.get("reasons", "") or ""),
                                                    translations=translations)
                self.reason_translations = session_changes.reason_translations(session, actor=actor)
        except DomainError as error:
            self.reasons_error, self.reasons_saved = self._message(error), False
            return
        self.reasons_text = "\n".join(saved)
        self.reasons_version += 1
        self.reasons_saved, self.reasons_error = True, ""
