"""The business's own texts in the reader's language: a translation when there is a
non-blank one, the business default otherwise; what a form sends, checked."""

from __future__ import annotations

import pytest

from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.localized_text import (
    PerLanguage,
    clean_translations,
    for_reader,
    localized,
    localized_reason,
    translation_languages,
)

TRANSLATIONS = {"de": {"name": "Weinprobe", "description": "  "}, "pl": {"name": ""}}


@pytest.mark.parametrize(("field", "lang", "expected"), [
    ("name", "de", "Weinprobe"),
    ("name", "de-AT", "Weinprobe"),  # a regional locale reads its language
    ("name", "pl", "Wine tasting"),  # blank: the default
    ("name", "en", "Wine tasting"),
    ("name", "fr", "Wine tasting"),  # a language nobody translated into
    ("description", "de", "Wine tasting"),  # only spaces: the default
    ("name", None, "Wine tasting"),
])
def test_a_translation_is_read_when_there_is_one_and_the_default_otherwise(field, lang, expected):
    assert localized("Wine tasting", TRANSLATIONS, field, lang) == expected


def test_no_translations_at_all_reads_the_default():
    assert localized("Yoga", None, "name", "de") == "Yoga"
    assert localized("Yoga", {"de": "not a mapping"}, "name", "de") == "Yoga"


def test_translations_are_offered_in_every_language_but_the_defaults_own():
    assert translation_languages("en") == ("de", "pl")
    assert translation_languages("de_DE") == ("en", "pl")
    assert translation_languages("pl") == ("en", "de")


def test_a_form_is_cleaned_blanks_dropped_and_the_defaults_language_ignored():
    given = {"de": {"name": "  Wein   probe ", "description": "Zeile eins\nZeile zwei "},
             "pl": {"name": "   ", "description": ""}, "en": {"name": "Tasting"}, "fr": {"name": "Dégustation"}}
    cleaned = clean_translations(given, limits={"name": 120, "description": 2000}, default_locale="en",
                                 multiline=("description",))
    assert cleaned == {"de": {"name": "Wein probe", "description": "Zeile eins\nZeile zwei"}}


def test_a_too_long_translation_is_refused_next_to_its_input():
    with pytest.raises(ValidationFailed) as refused:
        clean_translations({"pl": {"name": "x" * 121}}, limits={"name": 120}, default_locale="en")
    assert refused.value.field == "name_pl"


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("Teacher ill", "de", "Lehrkraft krank"),
    ("Teacher ill: back next week", "de", "Lehrkraft krank: back next week"),  # the note stays as written
    ("Teacher ill", "pl", "Teacher ill"),  # not translated into Polish
    ("Teacher illness", "de", "Teacher illness"),  # another text that starts alike
    ("Room flooded", "de", "Room flooded"),
    ("", "de", ""),
])
def test_a_recorded_reason_is_read_in_the_customers_language(text, lang, expected):
    reasons = {"Teacher ill": {"de": "Lehrkraft krank", "pl": " "}}
    assert localized_reason(text, reasons, lang) == expected


def test_email_values_carry_the_translation_to_customers_and_the_default_to_staff():
    values = {"SERVICE_NAME": PerLanguage("Wine tasting", TRANSLATIONS, "name"), "PRICE": "€10.00"}
    assert values["SERVICE_NAME"] == "Wine tasting"  # reads as the default wherever a str is used
    assert for_reader(values, "de", customer=True) == {"SERVICE_NAME": "Weinprobe", "PRICE": "€10.00"}
    staff = for_reader(values, "de", customer=False)
    assert staff == {"SERVICE_NAME": "Wine tasting", "PRICE": "€10.00"}
    assert type(staff["SERVICE_NAME"]) is str
