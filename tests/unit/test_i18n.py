"""Every UI text and every message a user can see is in the template and translated into
German and Polish, with the same placeholders and each language's plural forms.
`python scripts/i18n_extract.py` updates the template and the catalogs."""

from __future__ import annotations

import importlib.util
import shutil

import pytest
from babel.messages.pofile import read_po, write_po

from bookingapp.domain.errors import ValidationFailed
from bookingapp.i18n import LANGUAGES, catalog, translate, translate_plural
from bookingapp.settings import ROOT

_spec = importlib.util.spec_from_file_location("i18n_extract", ROOT / "scripts" / "i18n_extract.py")
extract = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(extract)


def test_the_extraction_finds_ui_server_and_plural_messages():
    singular, plural = extract.extracted()
    assert {"Sign in", "Inbox", "Dev mailbox", "Email or password is wrong.", "Enter {label}."} <= singular
    assert ("{count} place free", "{count} places free") in plural


def test_the_template_is_up_to_date():
    assert extract.stale_template() == [], "run: python scripts/i18n_extract.py"


@pytest.mark.parametrize("lang", ["de", "pl"])
def test_every_msgid_is_translated_with_its_placeholders(lang):
    assert extract.problems(lang) == []


def _copy_catalogs(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(extract.LOCALES, locales)
    monkeypatch.setattr(extract, "LOCALES", locales)
    monkeypatch.setattr(extract, "TEMPLATE", locales / "messages.pot")
    return locales / "pl" / "LC_MESSAGES" / "messages.po"


def _edit(path, change):
    with path.open("rb") as handle:
        po = read_po(handle, locale="pl")
    change(po)
    with path.open("wb") as handle:
        write_po(handle, po)


def test_the_check_fails_on_a_missing_or_fuzzy_translation(tmp_path, monkeypatch):
    path = _copy_catalogs(tmp_path, monkeypatch)

    def empty_and_fuzzy(po):
        po["Sign in"].string = ""
        po["Inbox"].flags.add("fuzzy")

    _edit(path, empty_and_fuzzy)
    assert set(extract.problems("pl")) == {"pl: missing: 'Sign in'", "pl: fuzzy: 'Inbox'"}


def test_the_check_fails_on_a_missing_plural_form_or_placeholder(tmp_path, monkeypatch):
    path = _copy_catalogs(tmp_path, monkeypatch)

    def break_them(po):
        message = po["{count} place free"]
        message.string = (message.string[0], message.string[1], "")
        po["Enter {label}."].string = "Wpisz."

    _edit(path, break_them)
    assert set(extract.problems("pl")) == {"pl: missing: '{count} place free'", "pl: placeholders differ: 'Enter {label}.' -> 'Wpisz.'"}


def test_every_interface_language_is_offered():
    assert {"en", "de", "pl"} <= set(LANGUAGES)


def test_catalog_basics():
    assert translate("Sign in", "de") == "Anmelden"
    assert translate("Sign in", "pl") == "Zaloguj się"
    assert translate("Sign in", "en") == "Sign in"
    assert translate("not a msgid", "pl") == "not a msgid"
    assert "Sign in" in catalog("pl")


@pytest.mark.parametrize(("count", "german", "polish"), [
    (1, "1 Platz frei", "1 wolne miejsce"),
    (2, "2 Plätze frei", "2 wolne miejsca"),
    (5, "5 Plätze frei", "5 wolnych miejsc"),
    (12, "12 Plätze frei", "12 wolnych miejsc"),
    (22, "22 Plätze frei", "22 wolne miejsca"),
    (0, "0 Plätze frei", "0 wolnych miejsc"),
])
def test_plurals_follow_each_languages_rule(count, german, polish):
    def text(lang):
        return translate_plural("{count} place free", "{count} places free", count, lang).format(count=count)

    assert (text("de"), text("pl")) == (german, polish)
    assert text("en") == ("1 place free" if count == 1 else f"{count} places free")


def test_text_parameters_of_messages_are_translated_too():
    error = ValidationFailed("Enter {label}.", field="name", label="your name")
    assert error.render(lambda text: translate(text, "de")) == "Gib deinen Namen ein."
    assert error.render() == "Enter your name."


def test_german_says_du_to_the_reader():
    """The formal "Sie" is capitalized mid-sentence ("Wählen Sie", "Ihre Buchung"); a
    sentence may still start with "Sie" meaning "it" or "they", or "Ihr" meaning "you all"."""
    import re

    formal = re.compile(r"\b(Ihnen|Ihrem|Ihren|Ihrer|Ihres)\b|(?<=[a-zäöüß,] )(Sie|Ihr|Ihre)\b")
    texts = [form for lang_forms in extract._read(extract.LOCALES / "de" / "LC_MESSAGES" / "messages.po", "de")
             for form in extract._forms(lang_forms) if lang_forms.id]
    assert [text for text in texts if formal.search(text)] == []
