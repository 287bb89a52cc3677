"""`t("Sign in")`: a UI text in the visitor's language.

Every translation is compiled into the page and chosen in the browser by the `lang`
cookie, so switching language needs no round trip and no catalog is sent at runtime.
"""

from __future__ import annotations

import reflex as rx

from bookingapp.i18n import translations
from bookingapp.states.base import AppState


def t(msgid: str) -> rx.Var | str:
    choices = translations(msgid)
    if not choices:
        return msgid
    # A string Var, so a translated text can be joined with other text Vars (`a + t("until")`).
    return rx.match(AppState.lang, *choices.items(), msgid).to(str)


def credits_word(count) -> rx.Var | str:
    """ "credit" or "credits" after a number (1 credit, 2 credits, 0 credits)."""
    return rx.cond(count == 1, t("credit"), t("credits"))
