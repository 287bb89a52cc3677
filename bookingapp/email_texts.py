"""The default texts of every email, read from gettext catalogs with Babel.

bookingapp/locales/emails.pot holds the English source: one entry per text, msgctxt
"<email key>|subject" or "<email key>|body", msgid the English text. Each language has
bookingapp/locales/<lang>/LC_MESSAGES/emails.po with the same entries and its msgstr.

A translation counts only when it translates today's English: an entry that is fuzzy,
empty, or whose msgid differs from the English one (the English was edited since) is
left out, so that email goes in English until a translator updates it, and
`EmailTexts.problems` names it (a unit test fails on any problem).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "emails"
SOURCE = "en"
TRANSLATED = ("de", "pl")
PARTS = ("subject", "body")


@dataclass(frozen=True)
class EmailTexts:
    english: dict[str, tuple[str, str]]  # key -> (subject, body)
    translated: dict[str, dict[str, tuple[str, str]]]  # locale -> key -> (subject, body)
    problems: tuple[str, ...]  # what a translator has to fix, one line each

    def defaults(self, key: str) -> dict[str, tuple[str, str]]:
        """Every language with a complete, current text for this email (English always)."""
        found = {SOURCE: self.english[key]}
        for locale, texts in self.translated.items():
            if key in texts:
                found[locale] = texts[key]
        return found

    def default(self, key: str, locale: str) -> tuple[str, str]:
        """The text in that language, else English. A KeyError for an email with no text."""
        return self.translated.get(locale, {}).get(key) or self.english[key]


def _read(path: Path, locale: str | None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def _split(context: str | None) -> tuple[str, str] | None:
    key, _, part = (context or "").rpartition("|")
    return (key, part) if key and part in PARTS else None


@lru_cache
def load(directory: Path) -> EmailTexts:
    problems: list[str] = []
    source: dict[tuple[str, str], str] = {}
    for message in _read(directory / f"{DOMAIN}.pot", None):
        if not message.id:
            continue
        where = _split(message.context)
        if where is None:
            problems.append(f"{DOMAIN}.pot: msgctxt {message.context!r} is not '<key>|subject' or '<key>|body'")
            continue
        source[where] = str(message.id)
    english = _pairs(source, "en", problems)

    translated: dict[str, dict[str, tuple[str, str]]] = {}
    for locale in TRANSLATED:
        path = directory / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not path.exists():
            problems.append(f"{locale}: {path.name} is missing")
            continue
        catalog = _read(path, locale)
        texts: dict[tuple[str, str], str] = {}
        seen: set[tuple[str, str]] = set()
        for message in catalog:
            if not message.id:
                continue
            where = _split(message.context)
            label = f"{locale}: {message.context}"
            if where not in source:
                problems.append(f"{label} is not in {DOMAIN}.pot")
                continue
            seen.add(where)
            if message.fuzzy:
                problems.append(f"{label} is fuzzy")
            elif str(message.id) != source[where]:
                problems.append(f"{label} translates an older English text")
            elif not str(message.string).strip():
                problems.append(f"{label} is not translated")
            else:
                texts[where] = str(message.string)
        problems.extend(f"{locale}: {key}|{part} is missing" for key, part in source if (key, part) not in seen)
        problems.extend(f"{locale}: obsolete entry {m.context or m.id!r}" for m in catalog.obsolete.values())
        translated[locale] = _pairs(texts, locale, [])
    return EmailTexts(english, translated, tuple(problems))


def _pairs(texts: dict[tuple[str, str], str], locale: str, problems: list[str]) -> dict[str, tuple[str, str]]:
    """Whole emails only: a subject without its body (or the reverse) is not used."""
    keys = dict.fromkeys(key for key, _ in texts)
    pairs = {}
    for key in keys:
        if (key, "subject") in texts and (key, "body") in texts:
            pairs[key] = (texts[key, "subject"], texts[key, "body"])
        else:
            problems.append(f"{locale}: {key} has a subject or a body, not both")
    return pairs


# LOCALES_DIR is read at each call, so a test can point it at catalogs of its own.
def defaults(key: str) -> dict[str, tuple[str, str]]:
    return load(LOCALES_DIR).defaults(key)


def default(key: str, locale: str) -> tuple[str, str]:
    return load(LOCALES_DIR).default(key, locale)
