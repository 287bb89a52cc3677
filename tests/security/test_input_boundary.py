"""The input boundary as a contract (see bookingapp/domain/user_input.py).

Like the cross-organization meta-test, these fail for new code that forgets the rule:
- every service called from outside the services (states, pages, API, jobs) declares
  what each of its inputs is (a `Text`, `Query`, `Token`, `Choice`, `RowId`, `When`, or
  `Internal` for text the app writes itself) and is wrapped by `@user_input`, which
  applies those rules;
- every browser event passes the app's `InputBoundary` middleware first, and no state,
  page or component reads the address bar except through `AppState._query`/`_param`.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import typing
from datetime import date, datetime
from pathlib import Path

import pytest
import reflex as rx

from bookingapp.domain import user_input
from bookingapp.domain.user_input import Each, Internal, RowId, When, input_dataclass, rule_of
from tests.run_async import run_async

ROOT = Path(__file__).resolve().parents[2] / "bookingapp"
SERVICES = ROOT / "services"
# Parameters that are never typed by a person: the unit of work, who acts, and the
# collaborators and clock the caller hands in.
PLUMBING = {"session", "actor", "engine", "gateway", "sender", "now", "self"}


def _entry_points() -> list[tuple[str, str]]:
    """(module, function) of every service used from outside services/ and domain/."""
    modules = {p.stem for p in SERVICES.glob("*.py")} - {"__init__"}
    found: set[tuple[str, str]] = set()
    for path in ROOT.rglob("*.py"):
        if path.is_relative_to(SERVICES) or path.is_relative_to(ROOT / "domain"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules:
                found.add((node.value.id, node.attr))
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("bookingapp.services."):
                found |= {(node.module.rsplit(".", 1)[1], alias.name) for alias in node.names}
    entries = []
    for module, name in sorted(found):
        obj = getattr(importlib.import_module(f"bookingapp.services.{module}"), name, None)
        if inspect.isfunction(obj) and obj.__module__ == f"bookingapp.services.{module}":
            entries.append((module, name))
    return entries


def _plain_text(hint) -> bool:
    """`str` (or `str | None`, `list[str]`, …) that no rule covers."""
    if rule_of(hint) is not None:
        return False
    return hint is str or hint is dict or typing.get_origin(hint) is dict or any(_plain_text(a) for a in typing.get_args(hint))


def _problems(name: str, hint) -> list[str]:
    if name in PLUMBING:
        return []
    rule = rule_of(hint)
    if isinstance(rule, Internal):
        return []
    cls = input_dataclass(hint)
    if cls is not None and cls.__module__.startswith("bookingapp"):
        hints = typing.get_type_hints(cls, include_extras=True)
        return [f"{cls.__name__}.{p}" for f in dataclasses.fields(cls) for p in [f.name] if _problems(p, hints[p])]
    if _plain_text(hint):
        return [f"{name} (text without a rule)"]
    bare = typing.get_args(hint) if typing.get_origin(hint) is not typing.Annotated else ()
    types = {hint, *bare}
    if name.endswith("_id") and int in types and not isinstance(rule, RowId):
        return [f"{name} (an id without RowId)"]
    items = {a for t in types for a in typing.get_args(t)}  # list[int], Sequence[datetime]
    if name.endswith("_ids") and int in items and not (isinstance(rule, Each) and isinstance(rule.rule, RowId)):
        return [f"{name} (ids without Each(RowId()))"]
    if (types | items) & {datetime, date} and not isinstance(getattr(rule, "rule", rule), When):
        return [f"{name} (a date without When)"]
    return []


ENTRY_POINTS = _entry_points()


def test_the_scan_finds_the_services_the_app_calls():
    assert ("requests", "create_request") in ENTRY_POINTS
    assert ("orders", "list_orders") in ENTRY_POINTS
    assert len(ENTRY_POINTS) > 80


@pytest.mark.parametrize(("module", "name"), ENTRY_POINTS, ids=[f"{m}.{n}" for m, n in ENTRY_POINTS])
def test_every_service_entry_point_declares_its_inputs_and_applies_them(module, name):
    fn = getattr(importlib.import_module(f"bookingapp.services.{module}"), name)
    hints = typing.get_type_hints(fn, include_extras=True)
    params = [p for p in inspect.signature(fn).parameters if p in hints]
    problems = [problem for p in params for problem in _problems(p, hints[p])]
    assert not problems, f"{module}.{name} takes input past the boundary: {problems}"
    if any(rule_of(hints[p]) is not None or input_dataclass(hints[p]) is not None for p in params if p not in PLUMBING):
        assert getattr(fn, "__user_input__", False), f"{module}.{name} declares rules but is not wrapped by @user_input"


def test_the_app_cleans_every_browser_event_before_any_handler():
    from bookingapp.bookingapp import app
    from bookingapp.states.input_boundary import InputBoundary

    assert isinstance(app._middlewares[0], InputBoundary)


def test_the_boundary_middleware_cleans_nested_form_data_in_place():
    from bookingapp.states.input_boundary import InputBoundary

    event = rx.event.Event(name="x.y", payload={"form": {"name": "A\x00nn\ud800", "note": "a\nb\tc"}, "q": "x" * 30_000,
                                                     "n": 5})
    assert run_async(InputBoundary().preprocess(app=None, state=None, event=event)) is None
    assert event.payload == {"form": {"name": "Ann", "note": "a\nb\tc"}, "q": "x" * user_input.EVENT_TEXT_LIMIT, "n": 5}


ADDRESS_READS = ("query_parameters", "router_data", "_page", "params")


def test_no_state_page_or_component_reads_the_address_bar_past_the_boundary():
    offenders = []
    for folder in ("states", "pages", "components"):
        for path in (ROOT / folder).glob("*.py"):
            if path == ROOT / "states" / "base.py":
                continue  # AppState._query and _param: the boundary itself
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.Attribute) and node.attr in ADDRESS_READS and "router" in ast.unparse(node):
                    offenders.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    assert not offenders, offenders


def test_no_number_is_read_with_isdigit():
    """`"²".isdigit()` is True and `int("²")` raises: a digit check must be `whole_number`."""
    offenders = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in ROOT.rglob("*.py")
                 for node in ast.walk(ast.parse(path.read_text()))
                 if isinstance(node, ast.Attribute) and node.attr in ("isdigit", "isnumeric")]
    assert not offenders, offenders


def test_every_state_is_an_app_state():
    """AppState carries the boundary's address readers; a state beside it would not."""
    from bookingapp.bookingapp import app  # noqa: F401 - registers every page's state
    from bookingapp.states.base import AppState

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = [cls for cls in subclasses(rx.State) if cls.__module__.startswith("bookingapp.") and not cls._mixin]
    strays = [cls.__qualname__ for cls in ours if not issubclass(cls, AppState)]
    assert ours and not strays, strays
