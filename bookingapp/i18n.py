"""UI translations from gettext catalogs (bookingapp/locales/<lang>/LC_MESSAGES/messages.po).

English is the source language. `scripts/i18n_extract.py` extracts every msgid into
bookingapp/locales/messages.pot with pybabel and updates the German and Polish catalogs;
tests fail on a stale template or a missing or fuzzy translation. The .po files are read
with Babel at import (compiled to gettext in memory), so no compile step is needed, and
plurals follow each language's own rule from the catalog header (Polish has three forms).

The pseudo-locale `PSEUDO` ("⟦Sign in⟧") exists only when `BOOKINGAPP_PSEUDO_LOCALE=1`: a
browser test switches to it and fails on any visible text that did not go through here.
"""

from __future__ import annotations

import io
import os
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES_DIR = Path(__file__).parent / "locales"
PSEUDO = "xx"
PSEUDO_ON = os.environ.get("BOOKINGAPP_PSEUDO_LOCALE") == "1"
LANGUAGES = {"en": "English", "de": "Deutsch", "pl": "Polski"}  # each in its own language
if PSEUDO_ON:
    LANGUAGES[PSEUDO] = "Pseudo"
USED: set[str] = set()  # every msgid the UI asked for, for the extraction
USED_PLURALS: set[tuple[str, str]] = set()


def pseudo(text: str) -> str:
    return f"⟦{text}⟧"


def _po_path(lang: str, domain: str = "messages") -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@lru_cache
def gettext_for(lang: str) -> Translations | None:
    """The catalog as gettext: fuzzy entries are left out, as msgfmt does."""
    path = _po_path(lang)
    if lang == "en" or not path.exists():
        return None
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, po)
    buffer.seek(0)
    return Translations(buffer)


@lru_cache
def catalog(lang: str) -> dict[str, str]:
    """Singular msgid -> translation, for the client-side `t()` and the checks."""
    path = _po_path(lang)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    return {str(m.id): str(m.string) for m in po if m.id and isinstance(m.id, str) and m.string and not m.fuzzy}


@lru_cache
def plural_catalog(lang: str) -> dict[tuple[str, str], tuple[str, ...]]:
    """(singular, plural) -> every plural form of the language, in its catalog's order."""
    path = _po_path(lang)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        po = read_po(handle, locale=lang)
    return {
        (str(m.id[0]), str(m.id[1])): tuple(m.string)
        for m in po
        if isinstance(m.id, tuple) and not m.fuzzy and all(m.string)
    }


def translate(msgid: str, lang: str) -> str:
    if lang == PSEUDO and PSEUDO_ON:
        return pseudo(msgid)
    translations = gettext_for(lang)
    return translations.gettext(msgid) if translations else msgid


def translate_plural(singular: str, plural: str, count: int, lang: str) -> str:
    """ngettext: the form of `count` by the language's own plural rule (unformatted)."""
    if lang == PSEUDO and PSEUDO_ON:
        return pseudo(singular if count == 1 else plural)
    translations = gettext_for(lang)
    if translations is None:
        return singular if count == 1 else plural
    return translations.ngettext(singular, plural, count)


def translations(msgid: str) -> dict[str, str]:
    """The msgid in every non-English language that has it (compiled into the page)."""
    USED.add(msgid)
    found = {lang: catalog(lang)[msgid] for lang in LANGUAGES if lang != "en" and msgid in catalog(lang)}
    if PSEUDO_ON:
        found[PSEUDO] = pseudo(msgid)
    return found


def plural_forms(singular: str, plural: str) -> dict[str, tuple[str, ...]]:
    """Every language's forms of a plural msgid (English: the two given)."""
    USED_PLURALS.add((singular, plural))
    found = {"en": (singular, plural)}
    for lang in LANGUAGES:
        if lang not in ("en", PSEUDO) and (singular, plural) in plural_catalog(lang):
            found[lang] = plural_catalog(lang)[(singular, plural)]
    if PSEUDO_ON:
        found[PSEUDO] = (pseudo(singular), pseudo(plural))
    return found


@lru_cache
def plural_expression(lang: str) -> str:
    """The language's gettext plural expression in `n` (a C expression, valid JavaScript)."""
    path = _po_path(lang)
    if lang in ("en", PSEUDO) or not path.exists():
        return "n != 1"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang).plural_expr
