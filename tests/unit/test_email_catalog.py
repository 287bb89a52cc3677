"""The email catalog: every email has English, German and Polish defaults that use only
the variables that email can fill, and the same ones in every language."""

from __future__ import annotations

import pytest

from bookingapp.domain.email_catalog import CATALOG, EmailKind, _translated
from bookingapp.domain.templates import VARIABLES, tags_in

KINDS = sorted(CATALOG)


def _tags(kind: EmailKind, locale: str) -> set[str]:
    subject, body = kind.defaults[locale]
    return tags_in(subject) | tags_in(body)


@pytest.mark.parametrize("key", KINDS)
def test_english_default_uses_only_the_variables_of_its_email(key):
    kind = CATALOG[key]

    assert _tags(kind, "en") <= set(kind.variables)
    assert set(kind.variables) <= set(VARIABLES)


@pytest.mark.parametrize("locale", ["de", "pl"])
@pytest.mark.parametrize("key", KINDS)
def test_translated_default_has_the_same_variables_as_english(key, locale):
    kind = CATALOG[key]
    subject, body = kind.defaults[locale]

    assert subject.strip() and body.strip()
    assert _tags(kind, locale) <= set(kind.variables)
    assert _tags(kind, locale) == _tags(kind, "en")
    assert (subject, body) != kind.defaults["en"]


@pytest.mark.parametrize("locale", ["de", "pl"])
@pytest.mark.parametrize("key", KINDS)
def test_subjects_are_one_line(key, locale):
    assert "\n" not in CATALOG[key].defaults[locale][0]


def test_an_email_added_without_a_translation_keeps_its_english_default():
    kind = _translated(EmailKind("brand_new", "customer", "Not translated yet", ("CUSTOMER_NAME",), {"en": ("Hi", "Hello [CUSTOMER_NAME]")}))

    assert kind.defaults == {"en": ("Hi", "Hello [CUSTOMER_NAME]")}


def test_a_default_written_next_to_the_english_one_wins_over_the_translation_table():
    german = CATALOG["test_message"].defaults["de"]

    assert german[0] == "Testnachricht von [ORGANIZATION_NAME]"


def test_the_new_booking_email_gives_its_link_once():
    for locale in ("en", "de", "pl"):
        assert CATALOG["new_booking"].defaults[locale][1].count("[INBOX_URL]") == 1


def test_the_answer_reminder_says_the_time_left_instead_of_24_hours():
    for locale in ("en", "de", "pl"):
        subject, body = CATALOG["respond_reminder"].defaults[locale]
        assert "[TIME_LEFT]" in subject and "24" not in subject + body
