"""A business's own texts in the reader's language (issue 23): a service's name and
description, a class's name, the cancellation reasons. The existing field holds the
business default, written in the organization's locale; translations sit beside it as
`{lang: {field: text}}` and a blank or missing one falls back to the default.

Customers read their language; staff screens and reports keep the default, so a
report still groups by the one stored text.
"""

from __future__ import annotations

from collections.abc import Mapping

from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.i18n_marks import N_

TEXT_LANGUAGES = ("en", "de", "pl")
# Each language in its own name, as the language menus show them.
# A language as the reader calls it, in a label ("Nazwa (niemiecki)"): translated where shown.
LANGUAGE_NAMES = {"en": N_("English"), "de": N_("German"), "pl": N_("Polish")}


def base_language(locale: str | None) -> str:
    """ "de-AT" and "de_DE" are "de"."""
    return (locale or "en").replace("_", "-").split("-")[0].lower() or "en"


def translation_languages(default_locale: str | None) -> tuple[str, ...]:
    """The languages a translation can be given in: all but the default text's own."""
    own = base_language(default_locale)
    return tuple(lang for lang in TEXT_LANGUAGES if lang != own)


def localized(default: str, translations: Mapping | None, field: str, lang: str | None) -> str:
    """The translation of `field` into `lang` if there is a non-blank one, else the default."""
    if not translations or not lang:
        return default
    entry = translations.get(base_language(lang))
    text = entry.get(field) if isinstance(entry, Mapping) else None
    return text if isinstance(text, str) and text.strip() else default


def clean_translations(given: Mapping, *, limits: Mapping[str, int], default_locale: str | None,
                       multiline: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """What a form sends (`{lang: {field: text}}`), checked: spaces trimmed (one line, or
    several for a `multiline` field), blanks dropped ("use the default"), other languages
    and fields ignored, too long refused next to its input `<field>_<lang>`."""
    out: dict[str, dict[str, str]] = {}
    for lang in translation_languages(default_locale):
        entry = given.get(lang) if isinstance(given, Mapping) else None
        if not isinstance(entry, Mapping):
            continue
        kept: dict[str, str] = {}
        for field, limit in limits.items():
            raw = entry.get(field)
            if not isinstance(raw, str):
                continue
            text = raw.strip() if field in multiline else " ".join(raw.split())
            if len(text) > limit:
                raise ValidationFailed("This text is too long (at most {max} characters).", field=f"{field}_{lang}", max=limit)
            if text:
                kept[field] = text
        if kept:
            out[lang] = kept
    return out


def localized_reason(text: str, reasons: Mapping | None, lang: str | None) -> str:
    """A recorded cancellation reason in `lang`. The record keeps the business's text
    ("Teacher ill" or "Teacher ill: back next week"); the reason chosen from the list is
    translated (`reasons` maps it to `{lang: text}`), the note staff wrote stays as written."""
    if not text or not reasons or not lang:
        return text
    for reason, per_language in reasons.items():
        if not isinstance(per_language, Mapping) or not (text == reason or text.startswith(reason + ": ")):
            continue
        translated = per_language.get(base_language(lang))
        if isinstance(translated, str) and translated.strip():
            return translated + text[len(reason):]
    return text


class PerLanguage(str):
    """An email value the business may have translated (a service's name): the default
    text, which staff emails use as it is, carrying its translations for customer emails
    (`notifications.queue_email` picks the reader's)."""

    translations: dict
    field: str

    def __new__(cls, default: str, translations: Mapping | None, field: str) -> PerLanguage:
        value = super().__new__(cls, default)
        value.translations = dict(translations or {})
        value.field = field
        return value

    def in_language(self, lang: str | None) -> str:
        return localized(str(self), self.translations, self.field, lang)


def for_reader(values: Mapping[str, str], lang: str | None, *, customer: bool) -> dict[str, str]:
    """Email values as plain text: a customer reads each `PerLanguage` in their language,
    staff read the default."""
    return {key: (value.in_language(lang) if customer else str(value)) if isinstance(value, PerLanguage) else value
            for key, value in values.items()}


def service_name(service, lang: str | None) -> str:
    """A service's (or class's) name as a customer reading `lang` sees it."""
    return localized(service.name, service.translations, "name", lang)


def service_description(service, lang: str | None) -> str:
    return localized(service.description, service.translations, "description", lang)


def service_name_texts(service) -> PerLanguage:
    """A service's name with its translations, for a service's view that a customer's page
    reads with `in_language` and a staff page as it is."""
    return PerLanguage(service.name, service.translations, "name")


def in_language(value: str, lang: str | None) -> str:
    """A view's text in `lang`: its translation when it carries some (`PerLanguage`), else itself."""
    return value.in_language(lang) if isinstance(value, PerLanguage) else str(value)
