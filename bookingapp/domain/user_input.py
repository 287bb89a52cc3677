"""The one boundary every value a person types, pastes or edits into a link passes.

Two layers use the rules here:
- the event boundary (`clean_event_payload`, run by the app's input middleware on every
  browser event) removes what no field may hold: NUL and the other C0 controls, lone
  surrogates, bidirectional overrides, and text past a hard ceiling; it also
  NFC-normalizes, so "é" typed two ways is one value;
- the service boundary (`@user_input`) gives each parameter its meaning from its type:
  `Annotated[str, Text(...)]`, a `Choice` of an enum, a `RowId`, a `When`. A service is
  called from states, jobs, the API and tests alike, so it cleans its own inputs too.

PostgreSQL refuses NUL in text and integers beyond 32 bits where SQLite takes both, so
without this a pasted control character or an edited link is a server error on one
engine only. A rule either cleans the value, refuses it with a message for the form
(`ValidationFailed`, with the parameter's name as its field), or, for filters and links,
ignores it.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import re
import typing
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from bookingapp.domain.errors import NotFound, ValidationFailed

MAX_ROW_ID = 2**31 - 1  # PostgreSQL INTEGER primary keys
# No field holds more; the event boundary cuts anything longer (a 10 MB paste stops here).
EVENT_TEXT_LIMIT = 20_000
EARLIEST_YEAR, LATEST_YEAR = 1900, 2200

# C0 controls, DEL and the C1 block; tab, newline and carriage return are handled apart.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Lone surrogates cannot be encoded (a psycopg error); bidi overrides and isolates make a
# name display as something else ("Trojan source"). Neither is ever typed on purpose.
_INVISIBLE = re.compile("[\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\t\r\n]+")
_TOKEN = re.compile(r"[A-Za-z0-9._~:-]*")


def clean(text: str, *, multiline: bool = True, limit: int = EVENT_TEXT_LIMIT) -> str:
    """NFC text without controls: tab and line breaks are kept where a field is multi-line
    and become one space where it is not."""
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    return unicodedata.normalize("NFC", text)[:limit]


def without_control_chars(text: str) -> str:
    return clean(text, multiline=True)


_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def whole_number(text: object) -> int | None:
    """The number typed or linked as ASCII digits, else None. Not `str.isdigit()`, which
    also takes "²" and "١", where `int()` then fails or reads another script."""
    if not isinstance(text, str) or not _WHOLE_NUMBER.fullmatch(text := text.strip()):
        return None
    return int(text)


def is_row_id(value: int) -> bool:
    return 0 < value <= MAX_ROW_ID


def clean_event_payload(value: Any) -> Any:
    """Every text in an event's arguments, however nested (form data is a dict), cleaned."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_event_payload(k): clean_event_payload(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(clean_event_payload(v) for v in value)
    return value


# -- rules for the service boundary ---------------------------------------------------


class Rule:
    """What one parameter (or dataclass field) must satisfy; `apply` returns the value to use."""

    def apply(self, value: Any, field: str) -> Any:  # pragma: no cover - every rule overrides it
        raise NotImplementedError


@dataclasses.dataclass(frozen=True)
class Text(Rule):
    """Typed text: cleaned, trimmed, at most `max_length` characters, or refused."""

    max_length: int = 200
    multiline: bool = False
    field: str | None = None  # the form field the message goes next to, where it is not the parameter's name

    def apply(self, value: Any, field: str) -> Any:
        if value is None:
            return None
        text = clean(str(value), multiline=self.multiline)
        text = text if self.multiline else text.strip()
        if len(text) > self.max_length:
            raise ValidationFailed("This text is too long (at most {max} characters).", field=self.field or field,
                                   max=self.max_length)
        return text


@dataclasses.dataclass(frozen=True)
class Query(Rule):
    """A search box: cleaned, spaces collapsed, and what is past `max_length` ignored."""

    max_length: int = 100

    def apply(self, value: Any, field: str) -> Any:
        return " ".join(clean(str(value or "")).split())[: self.max_length]


@dataclasses.dataclass(frozen=True)
class Token(Rule):
    """A token or reference from a link: anything that cannot be one becomes "", which
    matches nothing, so the caller answers as for any unknown link."""

    max_length: int = 200

    def apply(self, value: Any, field: str) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        return text if len(text) <= self.max_length and _TOKEN.fullmatch(text) else ""


@dataclasses.dataclass(frozen=True)
class Secret(Rule):
    """A password: taken as typed (spaces count), but never a control character or a
    novel's length."""

    max_length: int = 1024

    def apply(self, value: Any, field: str) -> Any:
        text = str(value or "")
        if _CONTROL.search(text) or _INVISIBLE.search(text) or len(text) > self.max_length:
            raise ValidationFailed("The password contains characters that cannot be used.", field=field)
        return text


@dataclasses.dataclass(frozen=True, eq=False)  # its options may be a dict: hashed by identity
class Choice(Rule):
    """One of a fixed set: an enum's values (parsed into the enum) or the keys of a
    mapping. A filter ignores anything else (`fallback`); a form refuses it with `message`."""

    options: Any
    fallback: Any = None
    message: str = "Choose one of the options offered."
    missing: bool = False  # a value from a link: anything else is not found, like a wrong id
    field: str | None = None  # as for Text

    def apply(self, value: Any, field: str) -> Any:
        if value is None and self.fallback is None:
            return None
        text = value.strip() if isinstance(value, str) else value
        if isinstance(self.options, type) and issubclass(self.options, enum.Enum):
            try:
                return self.options(text)
            except ValueError:
                pass
        elif isinstance(text, str) and text in self.options:
            return text
        if self.fallback is not None:
            return self.fallback
        if self.missing:
            raise NotFound()
        raise ValidationFailed(self.message, field=self.field or field)


@dataclasses.dataclass(frozen=True)
class Each(Rule):
    """A rule for every item of a list (the alternatives of a proposal)."""

    rule: Rule

    def apply(self, value: Any, field: str) -> Any:
        return None if value is None else [self.rule.apply(item, field) for item in value]


@dataclasses.dataclass(frozen=True)
class Fields(Rule):
    """A submitted form as a dict: every text in it cleaned as one line of at most
    `max_length` characters; the service reads and checks each field itself."""

    max_length: int = 1000

    def apply(self, value: Any, field: str) -> Any:
        if not isinstance(value, dict):
            return {}
        return {str(k): Text(self.max_length).apply(v, str(k)) if isinstance(v, str) else v for k, v in value.items()}


@dataclasses.dataclass(frozen=True)
class RowId(Rule):
    """The id of a row, from a form or a link: one that cannot exist is not found."""

    def apply(self, value: Any, field: str) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not is_row_id(value):
            raise NotFound()
        return value


@dataclasses.dataclass(frozen=True)
class When(Rule):
    """A date or time within the years a booking can have."""

    def apply(self, value: Any, field: str) -> Any:
        if value is None:
            return None
        if isinstance(value, date) and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationFailed("Choose a date between {first} and {last}.", field=field,
                                   first=EARLIEST_YEAR, last=LATEST_YEAR)
        return value


@dataclasses.dataclass(frozen=True)
class Translations(Rule):
    """Texts per language, `{lang: text}` or `{lang: {field: text}}` (a business's own texts
    in other languages): every text cleaned (multi-line kept), anything else dropped. The
    service checks each text's length, next to its own input."""

    def apply(self, value: Any, field: str) -> Any:
        if not isinstance(value, dict):
            return {}
        out: dict[str, Any] = {}
        for lang, entry in value.items():
            if isinstance(entry, str):
                out[str(lang)] = clean(entry)
            elif isinstance(entry, dict):
                out[str(lang)] = {str(k): clean(v) for k, v in entry.items() if isinstance(v, str)}
        return out


@dataclasses.dataclass(frozen=True)
class Internal(Rule):
    """Text the app itself writes (a job's name, a log action): declared, so that the
    boundary's check can tell it from user text that was forgotten."""

    def apply(self, value: Any, field: str) -> Any:
        return value


# The words services use for their parameters.
Line = Annotated[str, Text(200)]
Email = Annotated[str, Text(320)]
Paragraph = Annotated[str, Text(5000, multiline=True)]
Search = Annotated[str, Query(100)]
LinkToken = Annotated[str, Token()]
Password = Annotated[str, Secret()]
Id = Annotated[int, RowId()]
Moment = Annotated[datetime, When()]
Day = Annotated[date, When()]
Moments = Annotated[list[datetime], Each(When())]
Ids = Annotated[list[int], Each(RowId())]
FormFields = Annotated[dict, Fields()]
PerLanguageTexts = Annotated[dict, Translations()]
Code = Annotated[str, Internal()]
# A card as text: a payment method id from Stripe.js, or a test card typed into the local form.
CardText = Annotated[str, Text(100)]


# -- the decorator ---------------------------------------------------------------------

F = TypeVar("F", bound=Callable[..., Any])


def rule_of(hint: Any) -> Rule | None:
    """The rule an annotation carries: an `Annotated[..., Rule]`, or an enum as a Choice."""
    if typing.get_origin(hint) is Annotated:
        return next((m for m in hint.__metadata__ if isinstance(m, Rule)), None)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return Choice(hint)
    for arg in typing.get_args(hint):  # `X | None`
        if arg is not type(None) and (found := rule_of(arg)) is not None:
            return found
    return None


def input_dataclass(hint: Any) -> type | None:
    """The dataclass a parameter takes (`Form`, `Form | None`, `Card | token`), if any."""
    for candidate in (hint, *typing.get_args(hint)):
        if isinstance(candidate, type) and dataclasses.is_dataclass(candidate):
            return candidate
    return None


def _checks(hint: Any) -> bool:
    """Whether a value of this type goes through a rule (its own or its fields')."""
    return rule_of(hint) is not None or ((cls := input_dataclass(hint)) is not None and bool(field_hints(cls)))


@functools.cache
def field_hints(cls: type) -> dict[str, Any]:
    """The fields of an input dataclass that a rule checks, with their annotations."""
    hints = typing.get_type_hints(cls, include_extras=True)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls) if _checks(hints[f.name])}


def apply_rule(hint: Any, value: Any, field: str) -> Any:
    """The value with the rule of its annotation applied: a dataclass field by field."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {name: apply_rule(h, getattr(value, name), name) for name, h in field_hints(type(value)).items()}
        changed = {name: new for name, new in changes.items() if new is not getattr(value, name)}
        return dataclasses.replace(value, **changed) if changed else value
    rule = rule_of(hint)
    return value if rule is None else rule.apply(value, field)


def user_input(fn: F) -> F:
    """Apply each parameter's rule before the service runs (see the module's docstring)."""
    signature = inspect.signature(fn)

    @functools.cache
    def checked() -> dict[str, Any]:
        # Resolved on first call: the module's own types exist only once it is imported.
        hints = typing.get_type_hints(fn, include_extras=True)
        return {name: hints[name] for name in signature.parameters if name in hints and _checks(hints[name])}

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        hints = checked()
        bound = signature.bind(*args, **kwargs)
        for name, value in bound.arguments.items():
            if name in hints:
                bound.arguments[name] = apply_rule(hints[name], value, name)
        return fn(*bound.args, **bound.kwargs)

    wrapper.__user_input__ = True  # type: ignore[attr-defined]
    return typing.cast(F, wrapper)
