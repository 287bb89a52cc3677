"""Print the msgids that have no German translation yet.

    python scripts/i18n_collect.py            # missing msgids, one per line (exit 1 if any)
    python scripts/i18n_collect.py --po       # the same as .po entries to paste and translate
    python scripts/i18n_collect.py --all      # every msgid the app uses

Where msgids come from:
- the UI: every `t("...")` hit while building each registered page (bookingapp.i18n.USED);
- server messages: the `message` of every DomainError subclass, every string literal given
  to `ValidationFailed(...)`/a DomainError subclass, and every `label=` text given to a call
  (those of `clean_text(...)` also capitalized) in bookingapp/services and bookingapp/domain;
  every `self._("...")` (and both forms of `self._n(...)`) in bookingapp/states;
  status labels (bookingapp.domain.booking_states.LABELS, also lowercased).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SERVER_PACKAGES = ("bookingapp.services", "bookingapp.domain")


def ui_msgids() -> set[str]:
    """Build every registered page (as `reflex run` does) and return the t() msgids."""
    from bookingapp import i18n
    from bookingapp.bookingapp import app

    for page in app._unevaluated_pages.values():
        page.component()
    return set(i18n.USED)


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
    files += sorted((ROOT / "bookingapp" / "states").glob("*.py"))
    error_classes = {DomainError, *_subclasses(DomainError)}
    msgids = {cls.__dict__["message"] for cls in error_classes if isinstance(cls.__dict__.get("message"), str)}
    error_names = {cls.__name__ for cls in error_classes}

    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name == "_" and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                msgids.add(node.args[0].value)  # self._("...") in a state
            if name == "_n":  # self._n("{count} place free", "{count} places free", n): both forms
                msgids.update(a.value for a in node.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str))
            if name in error_names or name == "Choice":  # Choice(..., message="...") refuses with it
                texts = node.args[:1] + [k.value for k in node.keywords if k.arg == "message"]
                msgids |= {a.value for a in texts if isinstance(a, ast.Constant) and isinstance(a.value, str)}
            for k in node.keywords:  # a `label=` is translated where the message is shown ("Enter {label}.")
                if k.arg == "label" and isinstance(k.value, ast.Constant) and isinstance(k.value.value, str):
                    msgids |= {k.value.value, k.value.value.capitalize()} if name == "clean_text" else {k.value.value}

    from bookingapp.domain.booking_states import LABELS
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

    msgids |= set(LABELS.values()) | {label.lower() for label in LABELS.values()}
    # Display texts looked up in tables and translated with self._() at run time.
    for table in (ACTION_TEXTS, HOLD_LABELS, PAYMENT_LABELS, EMAIL_MODES, PAYMENT_MODES, LEFT_REASONS, KIND_LABELS, CLASS_HINTS):
        msgids |= set(table.values())
    msgids |= {text for label_and_hint in PAYMENTS.values() for text in label_and_hint}
    msgids |= {label for _, _, label in NUMBER_INPUTS.values()} | {bounds.message for bounds in BOUNDS.values()}  # the editor's "Enter {label} as a whole number."
    return msgids


def all_msgids() -> set[str]:
    return ui_msgids() | server_msgids()


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # an unbalanced brace: report it as its own "placeholder"
        return {"<invalid format string>"}


def missing(lang: str = "de") -> list[str]:
    from bookingapp.i18n import catalog

    have = catalog(lang)
    return sorted(m for m in all_msgids() if m not in have)


def placeholder_mismatches(lang: str = "de") -> list[tuple[str, str]]:
    from bookingapp.i18n import catalog

    return sorted((msgid, text) for msgid, text in catalog(lang).items() if placeholders(msgid) != placeholders(text))


def _po_entry(msgid: str) -> str:
    escaped = msgid.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'msgid "{escaped}"\nmsgstr ""\n'


def main(argv: list[str]) -> int:
    if "--all" in argv:
        print("\n".join(sorted(all_msgids())))
        return 0
    gaps = missing()
    if "--po" in argv:
        print("\n".join(_po_entry(m) for m in gaps))
    else:
        print("\n".join(gaps))
    for msgid, text in placeholder_mismatches():
        print(f"placeholders differ: {msgid!r} -> {text!r}", file=sys.stderr)
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
