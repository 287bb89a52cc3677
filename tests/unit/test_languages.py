"""The portal starts in the browser's language when the visitor has not chosen one."""

import pytest

from bookingapp.domain.languages import preferred_language

SUPPORTED = ("en", "de", "pl")


@pytest.mark.parametrize(("header", "expected"), [
    ("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", "pl"),
    ("de-AT", "de"),
    ("fr-FR,fr;q=0.9,de;q=0.5,en;q=0.4", "de"),
    ("en;q=0.5,pl;q=0.8", "pl"),
    ("fr,es", "en"),
    ("", "en"),
    ("pl;q=0,de", "de"),
    ("*", "en"),
    ("pl;q=abc,de;q=0.3", "de"),
    ("DE-de", "de"),
])
def test_the_best_supported_language_wins(header, expected):
    assert preferred_language(header, SUPPORTED) == expected
