"""Extract every msgid into bookingapp/locales/messages.pot and update the catalogs.

    python scripts/i18n_extract.py            # write messages.pot, update de and pl .po files
    python scripts/i18n_extract.py --check    # exit 1 if the template is stale or a translation
                                              # is missing or fuzzy (what the tests check)

Where msgids come from:
- pybabel's Python extractor over bookingapp/ with the keywords `t`, `tf`, `_`, `N_` and the
  plural keywords `_n`/`tn` (singular, plural);
- the UI: every `t()`/`tn()` hit while building each registered page (a `t(label)` of a
  table value is only known then: bookingapp.i18n.USED / USED_PLURALS);
- server messages pybabel cannot see: the `message` of every DomainError subclass, every
  string literal given to `ValidationFailed(...)`/a DomainError subclass, and every `label=`
  text given to a call (those of `clean_text(...)` also capitalized) in bookingapp/services
  and bookingapp/domain; status labels and the display tables translated at run time.

A new msgid arrives in the .po files untranslated (never guessed as fuzzy), so the catalog
test fails until a translator fills it in: translators edit only .po files.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import string
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

SERVER_PACKAGES = ("bookingapp.services", "bookingapp.domain")


KEYWORDS = {"t": None, "tf": None, "_": None, "N_": None, "_n": (1, 2), "tn": (1, 2)}
LOCALES = ROOT / "bookingapp" / "locales"
TEMPLATE = LOCALES / "messages.pot"
TRANSLATED = ("de", "pl")


def ui_msgids() -> tuple[set[str], set[tuple[str, str]]]:
    """Build every registered page (as `reflex run` does) and return the t() and tn() msgids."""
    from bookingapp import i18n
    from bookingapp.bookingapp import app

    titles = set()
    for page in app._unevaluated_pages.values():
        page.component()
        if isinstance(page.title, str):
            titles.add(page.title)  # the browser tab's title, translated on load (AppState.pick_language)
    return set(i18n.USED) | titles, set(i18n.USED_PLURALS)


def pybabel_msgids() -> tuple[set[str], set[tuple[str, str]]]:
    """pybabel's own extraction of the keyword calls in bookingapp/."""
    from babel.messages.extract import extract_from_dir

    singular, plural = set(), set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT / "bookingapp"), method_map=[("**.py", "python")], keywords=KEYWORDS):
        if isinstance(message, tuple):
            plural.add((message[0], message[1]))
        else:
            singular.add(message)
    return singular, plural


def _import_all(package: str) -> list[Path]:
    module = importlib.import_module(package)
    files = [Path(module.__file__)]
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        files.append(Path(importlib.import_module(info.name).__file__))
    return files


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def server_msgids() -> set[str]:
    from bookingapp.domain.errors import DomainError

    files = [f for package in SERVER_PACKAGES for f in _import_all(package)]
    error_classes = {DomainError, *_subclasses(DomainError)}
    msgids = {cls.__dict__["message"] for cls in error_classes if isinstance(cls.__dict__.get("message"), str)}
    error_names = {cls.__name__ for cls in error_classes}

    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in error_names or name == "Choice":  # Choice(..., message="...") refuses with it
                texts = node.args[:1] + [k.value for k in node.keywords if k.arg == "message"]
                msgids |= {a.value for a in texts if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            for k in node.keywords:  # a `label=` is translated where the message is shown ("Enter {label}.")
                if k.arg == "label" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str):
                    msgids |= {k.value.value, k.value.value.capitalize()} if name == "clean_text" else {k.value.value}

    from bookingapp.domain.booking_states import LABELS, STAFF_LABELS
    from bookingapp.domain.user_input import Choice

    msgids.add(Choice.message)
    from bookingapp.domain.service_rules import BOUNDS
    from bookingapp.services.activity import ACTION_TEXTS
    from bookingapp.services.catalog import NUMBER_INPUTS
    from bookingapp.states.inbox import HOLD_LABELS
    from bookingapp.states.manage import PAYMENT_LABELS
    from bookingapp.states.new_booking import KIND_LABELS
    from bookingapp.states.new_booking_payment import CLASS_HINTS, PAYMENTS
    from bookingapp.states.settings_page import EMAIL_MODES, PAYMENT_MODES
    from bookingapp.states.team import LEFT_REASONS

    msgids |= set(LABELS.values()) | {label.lower() for label in LABELS.values()} | set(STAFF_LABELS.values())
    # Display texts looked up in tables and translated with self._() at run time.
    for table in (ACTION_TEXTS, HOLD_LABELS, PAYMENT_LABELS, EMAIL_MODES, PAYMENT_MODES, LEFT_REASONS, KIND_LABELS, CLASS_HINTS):
        msgids |= set(table.values())
    msgids |= {text for label_and_hint in PAYMENTS.values() for text in label_and_hint}
    msgids |= {label for _, _, label in NUMBER_INPUTS.values()} | {bounds.message for bounds in BOUNDS.values()}  # the editor's "Enter {label} as a whole number."
    return msgids


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def fstring_msgids() -> tuple[set[str], set[tuple[str, str]]]:
    """The keyword calls pybabel's tokenizer cannot see on Python 3.11: those inside an
    f-string (`f"{self._('Group')} · …"`). The AST sees them."""
    singular, plural = set(), set()
    for path in sorted((ROOT / "bookingapp").rglob("*.py")):
        for fstring in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(fstring, ast.JoinedStr):
                continue
            for node in ast.walk(fstring):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                texts = [_literal(arg) for arg in node.args[:2]]
                if name in ("_", "t", "tf", "N_", "translate") and texts and texts[0]:
                    singular.add(texts[0])
                elif name in ("_n", "tn") and len(texts) == 2 and all(texts):
                    plural.add((texts[0], texts[1]))
    return singular, plural


def extracted() -> tuple[set[str], set[tuple[str, str]]]:
    """Every singular msgid and every (singular, plural) pair the app uses."""
    ui, ui_plural = ui_msgids()
    code, code_plural = pybabel_msgids()
    inner, inner_plural = fstring_msgids()
    plural = ui_plural | code_plural | inner_plural
    singular = (ui | code | inner | server_msgids()) - {""}
    clash = singular & {s for s, _ in plural}
    if clash:  # gettext keys a plural entry by its singular: one msgid cannot be both
        raise SystemExit(f"used both alone and as a plural's singular: {sorted(clash)}")
    return singular, plural


def all_msgids() -> set[str]:
    singular, plural = extracted()
    return singular | {s for s, _ in plural}


def template() -> Catalog:
    singular, plural = extracted()
    catalog = Catalog(project="bookingapp", version="1", copyright_holder="bookingapp team",
                      creation_date=datetime(2026, 1, 1, tzinfo=UTC), fuzzy=False)
    for msgid in sorted(singular):
        catalog.add(msgid)
    for pair in sorted(plural):
        catalog.add(pair)
    return catalog


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, no_location=True, sort_output=True, ignore_obsolete=True, width=0)


def update(lang: str, pot: Catalog) -> Catalog:
    """The language's catalog brought to the template: new msgids empty, gone ones dropped."""
    path = LOCALES / lang / "LC_MESSAGES" / "messages.po"
    po = _read(path, lang) if path.exists() else Catalog(locale=lang, project="bookingapp", version="1", fuzzy=False)
    po.update(pot, no_fuzzy_matching=True, update_header_comment=False)
    return po


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # an unbalanced brace: report it as its own "placeholder"
        return {"<invalid format string>"}


def _forms(message) -> list[str]:
    return list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]


def problems(lang: str) -> list[str]:
    """Missing, fuzzy or wrongly-placeholdered translations of the committed catalog."""
    found = []
    po = _read(LOCALES / lang / "LC_MESSAGES" / "messages.po", lang)
    pot = _read(TEMPLATE)
    have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in po if m.id}
    for entry in pot:
        if not entry.id:
            continue
        key = entry.id if isinstance(entry.id, str) else entry.id[0]
        message = have.get(key)
        if message is None or not all(_forms(message)):
            found.append(f"{lang}: missing: {key!r}")
        elif message.fuzzy:
            found.append(f"{lang}: fuzzy: {key!r}")
        elif isinstance(entry.id, tuple) and (not isinstance(message.id, tuple) or len(_forms(message)) != po.num_plurals):
            found.append(f"{lang}: needs {po.num_plurals} plural forms: {key!r}")
        else:
            wanted = placeholders(key) | (placeholders(entry.id[1]) if isinstance(entry.id, tuple) else set())
            for form in _forms(message):
                if placeholders(form) - wanted or (not isinstance(entry.id, tuple) and placeholders(form) != wanted):
                    found.append(f"{lang}: placeholders differ: {key!r} -> {form!r}")
    return found


def stale_template() -> list[str]:
    """What a fresh extraction has that the committed template lacks, and the other way round."""
    fresh = {m.id for m in template() if m.id}
    committed = {m.id for m in _read(TEMPLATE) if m.id}
    return [f"not in messages.pot: {m!r}" for m in sorted(fresh - committed, key=str)] + \
        [f"no longer used: {m!r}" for m in sorted(committed - fresh, key=str)]


def main(argv: list[str]) -> int:
    if "--check" in argv:
        found = stale_template()
        if found:
            found.append("run: python scripts/i18n_extract.py")
        for lang in TRANSLATED:
            found += problems(lang)
        print("\n".join(found))
        return 1 if found else 0
    pot = template()
    _write(TEMPLATE, pot)
    for lang in TRANSLATED:
        _write(LOCALES / lang / "LC_MESSAGES" / "messages.po", update(lang, pot))
    gaps = [p for lang in TRANSLATED for p in problems(lang)]
    print("\n".join(gaps) or "every msgid is translated")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
