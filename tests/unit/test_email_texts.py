"""The default email texts live in gettext catalogs (bookingapp/locales/emails.pot and
<lang>/LC_MESSAGES/emails.po): every email has a current subject and body in English,
German and Polish, each using exactly the variables of the English text, which that
email can fill. A stale, fuzzy or missing translation falls back to English and fails here."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bookingapp import email_texts
from bookingapp.domain.email_catalog import CATALOG
from bookingapp.domain.templates import VARIABLES, tags_in

KINDS = sorted(CATALOG)
LOCALES = ("en", *email_texts.TRANSLATED)
TEXTS = email_texts.load(email_texts.LOCALES_DIR)


def _tags(key: str, locale: str) -> set[str]:
    subject, body = TEXTS.defaults(key)[locale]
    return tags_in(subject) | tags_in(body)


def _catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def test_the_catalog_files_have_no_stale_fuzzy_missing_stray_or_obsolete_entry():
    assert TEXTS.problems == ()


def test_the_english_source_has_one_subject_and_one_body_for_every_email_and_nothing_else():
    pot = _catalog(email_texts.LOCALES_DIR / "emails.pot")
    contexts = [message.context for message in pot if message.id]

    assert sorted(contexts) == sorted(f"{key}|{part}" for key in CATALOG for part in ("subject", "body"))
    assert all(not message.string for message in pot if message.id)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("key", KINDS)
def test_every_email_has_a_subject_and_a_body_in_every_language(key, locale):
    subject, body = TEXTS.defaults(key)[locale]

    assert subject.strip() and body.strip()
    assert "\n" not in subject


@pytest.mark.parametrize("key", KINDS)
def test_english_text_uses_only_the_variables_of_its_email(key):
    assert _tags(key, "en") <= set(CATALOG[key].variables)
    assert set(CATALOG[key].variables) <= set(VARIABLES)


@pytest.mark.parametrize("locale", email_texts.TRANSLATED)
@pytest.mark.parametrize("key", KINDS)
def test_a_translation_uses_exactly_the_variables_of_the_english_text(key, locale):
    (subject, body), (english_subject, english_body) = TEXTS.defaults(key)[locale], TEXTS.defaults(key)["en"]

    assert tags_in(subject) == tags_in(english_subject)
    assert tags_in(body) == tags_in(english_body)
    assert TEXTS.defaults(key)[locale] != TEXTS.defaults(key)["en"]


@pytest.mark.parametrize("locale", email_texts.TRANSLATED)
def test_translation_files_declare_their_language_and_plural_forms(locale):
    po = _catalog(email_texts.LOCALES_DIR / locale / "LC_MESSAGES" / "emails.po", locale)

    assert str(po.locale) == locale
    assert po.mime_headers and dict(po.mime_headers)["Language"] == locale
    assert "nplurals=" in dict(po.mime_headers)["Plural-Forms"]
    assert not po.fuzzy
    assert list(po.check()) == []  # Babel's own checks (format placeholders and the like)


# German addresses the reader with "du". "Sie"/"Ihr" in the middle of a sentence is the
# polite form; at the start of a sentence "Sie ist storniert" (the booking) is not, so
# only words after something other than a sentence end count.
POLITE_GERMAN = re.compile(r"(?<![.!?:\n])(?<![.!?:] )\b(Sie|Ihnen|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres)\b")


@pytest.mark.parametrize("key", KINDS)
def test_german_texts_say_du_not_sie(key):
    subject, body = TEXTS.defaults(key)["de"]

    assert POLITE_GERMAN.findall(f"{subject}\n{body}") == []


def test_the_du_check_tells_the_polite_form_from_a_sentence_about_the_booking():
    assert POLITE_GERMAN.findall("Wir haben Ihre Buchung erhalten. Bitte zahlen Sie bis morgen.") == ["Ihre", "Sie"]
    assert POLITE_GERMAN.findall("Deine Buchung ist bezahlt. Sie gilt bis morgen.") == []


GREETING = re.compile(r"^(Hello|Hi) \[[A-Z_]+\],\n\n(\S)")


@pytest.mark.parametrize("key", KINDS)
def test_english_starts_with_a_capital_after_the_greeting(key):
    match = GREETING.match(TEXTS.defaults(key)["en"][1])

    assert match is None or not match.group(2).islower()


def test_the_new_booking_email_gives_its_link_once():
    for locale in LOCALES:
        assert TEXTS.defaults("new_booking")[locale][1].count("[INBOX_URL]") == 1


def test_the_answer_reminder_says_the_time_left_instead_of_24_hours():
    for locale in LOCALES:
        subject, body = TEXTS.defaults("respond_reminder")[locale]
        assert "[TIME_LEFT]" in subject and "24" not in subject + body


# --- the loader: what happens when a translator's file falls behind -----------------------

def _write(path: Path, locale: str | None, entries: list[tuple[str, str, str, bool]]) -> None:
    """entries: (context, msgid, msgstr, fuzzy)"""
    catalog = Catalog(locale=locale, fuzzy=False)
    for context, msgid, msgstr, fuzzy in entries:
        catalog.add(msgid, msgstr, context=context, flags=("fuzzy",) if fuzzy else ())
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


@pytest.fixture
def locales(tmp_path):
    english = [("hi|subject", "Hello", "", False), ("hi|body", "Hello [CUSTOMER_NAME]", "", False)]
    _write(tmp_path / "emails.pot", None, english)
    _write(tmp_path / "pl" / "LC_MESSAGES" / "emails.po", "pl",
           [("hi|subject", "Hello", "Dzień dobry", False), ("hi|body", "Hello [CUSTOMER_NAME]", "Dzień dobry [CUSTOMER_NAME]", False)])
    return tmp_path


def test_a_current_translation_is_used(locales):
    _write(locales / "de" / "LC_MESSAGES" / "emails.po", "de",
           [("hi|subject", "Hello", "Hallo", False), ("hi|body", "Hello [CUSTOMER_NAME]", "Hallo [CUSTOMER_NAME]", False)])

    texts = email_texts.load(locales)

    assert texts.default("hi", "de") == ("Hallo", "Hallo [CUSTOMER_NAME]")
    assert texts.default("hi", "pl") == ("Dzień dobry", "Dzień dobry [CUSTOMER_NAME]")
    assert texts.problems == ()


def test_a_fuzzy_translation_is_not_used_and_is_a_problem(locales):
    _write(locales / "de" / "LC_MESSAGES" / "emails.po", "de",
           [("hi|subject", "Hello", "Hallo", False), ("hi|body", "Hello [CUSTOMER_NAME]", "Hallo [CUSTOMER_NAME]", True)])

    texts = email_texts.load(locales)

    assert texts.default("hi", "de") == ("Hello", "Hello [CUSTOMER_NAME]")
    assert texts.problems == ("de: hi|body is fuzzy",)


def test_a_translation_of_an_older_english_text_is_not_used_and_is_a_problem(locales):
    _write(locales / "de" / "LC_MESSAGES" / "emails.po", "de",
           [("hi|subject", "Hello", "Hallo", False), ("hi|body", "hello [CUSTOMER_NAME]", "Hallo [CUSTOMER_NAME]", False)])

    texts = email_texts.load(locales)

    assert texts.default("hi", "de") == ("Hello", "Hello [CUSTOMER_NAME]")
    assert "de" not in texts.defaults("hi")
    assert texts.problems == ("de: hi|body translates an older English text",)


def test_missing_empty_stray_and_obsolete_entries_are_problems(locales):
    _write(locales / "de" / "LC_MESSAGES" / "emails.po", "de",
           [("hi|subject", "Hello", "", False), ("gone|body", "Bye", "Tschüss", False)])
    with (locales / "de" / "LC_MESSAGES" / "emails.po").open("a", encoding="utf-8") as handle:
        handle.write('\n#~ msgctxt "old|body"\n#~ msgid "Old"\n#~ msgstr "Alt"\n')

    texts = email_texts.load(locales)

    assert texts.default("hi", "de") == ("Hello", "Hello [CUSTOMER_NAME]")
    assert set(texts.problems) == {
        "de: hi|subject is not translated",
        "de: gone|body is not in emails.pot",
        "de: hi|body is missing",
        "de: obsolete entry 'old|body'",
    }


def test_a_language_without_its_file_is_a_problem_and_gets_english(locales):
    texts = email_texts.load(locales)

    assert texts.default("hi", "de") == ("Hello", "Hello [CUSTOMER_NAME]")
    assert texts.problems == ("de: emails.po is missing",)


def test_the_app_reads_the_catalogs_in_locales_dir(tmp_path, monkeypatch):
    shutil.copytree(email_texts.LOCALES_DIR, tmp_path, dirs_exist_ok=True)
    po = tmp_path / "de" / "LC_MESSAGES" / "emails.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Buchung bestätigt: [SERVICE_NAME]", "Gebucht: [SERVICE_NAME]"),
                  encoding="utf-8")
    monkeypatch.setattr(email_texts, "LOCALES_DIR", tmp_path)

    assert email_texts.default("booking_confirmed", "de")[0].startswith("Gebucht: [SERVICE_NAME]")
