"""Every UI text and every message a user can see has a German translation with the
same placeholders. `python scripts/i18n_collect.py --po` prints what is missing."""

from __future__ import annotations

import importlib.util

import pytest

from bookingapp.domain.errors import ValidationFailed
from bookingapp.i18n import catalog, translate
from bookingapp.settings import ROOT

_spec = importlib.util.spec_from_file_location("i18n_collect", ROOT / "scripts" / "i18n_collect.py")
collect = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(collect)


@pytest.fixture(scope="module")
def msgids() -> set[str]:
    return collect.all_msgids()


def test_the_collection_finds_ui_and_server_messages(msgids):
    assert {"Sign in", "Inbox", "Dev mailbox", "Email or password is wrong.", "Enter {label}."} <= msgids


def test_every_msgid_has_a_german_translation(msgids):
    missing = sorted(m for m in msgids if m not in catalog("de"))
    assert not missing, "add these to bookingapp/locales/de/LC_MESSAGES/messages.po:\n" + "\n".join(missing)


def test_placeholders_match():
    assert collect.placeholder_mismatches("de") == []
    for msgid, text in catalog("de").items():
        text.format(**{name: "x" for name in collect.placeholders(msgid)})  # no stray braces


def test_german_catalog_basics():
    assert translate("Sign in", "de") == "Anmelden"
    assert translate("Sign in", "en") == "Sign in"
    assert translate("not a msgid", "de") == "not a msgid"


def test_text_parameters_of_messages_are_translated_too():
    error = ValidationFailed("Enter {label}.", field="name", label="your name")
    assert error.render(lambda text: translate(text, "de")) == "Gib deinen Namen ein."
    assert error.render() == "Enter your name."
