"""`N_("Waiting")` marks a text for the translation catalog where it is defined (a table, an
argument passed on); it is translated where it is shown, with the reader's language."""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the gettext convention pybabel extracts by name
    return text
