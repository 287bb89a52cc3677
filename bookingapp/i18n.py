"""UI translations from gettext catalogs (bookingapp/locales/<lang>/LC_MESSAGES/messages.po).

English is the source language. The .po files are read with Babel at import, so no
compile step is needed; a test checks every UI string has a German translation.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = {"en": "English", "de": "Deutsch"}
USED: set[str] = set()  # every msgid the UI asked for, for the completeness test


@lru_cache
def catalog(lang: str) -> dict[str, str]:
    path = LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    return {str(m.id): str(m.string) for m in po if m.id and m.string and not m.fuzzy}


def translate(msgid: str, lang: str) -> str:
    if lang == "en":
        return msgid
    return catalog(lang).get(msgid, msgid)


def translations(msgid: str) -> dict[str, str]:
    """The msgid in every non-English language that has it."""
    USED.add(msgid)
    return {lang: catalog(lang)[msgid] for lang in LANGUAGES if lang != "en" and msgid in catalog(lang)}
