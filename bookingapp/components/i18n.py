"""`t("Sign in")`: a UI text in the visitor's language; `tn("credit", "credits", n)`: its plural.

Every translation is compiled into the page and chosen in the browser by the `lang`
cookie, so switching language needs no round trip and no catalog is sent at runtime.
A plural is chosen in the browser too, by the language's gettext plural expression
(valid JavaScript: "n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2").
"""

from __future__ import annotations

import json

import reflex as rx
from reflex.vars.base import Var

from bookingapp.i18n import plural_expression, plural_forms, translations
from bookingapp.states.base import AppState


def t(msgid: str) -> rx.Var | str:
    choices = translations(msgid)
    if not choices:
        return msgid
    # A string Var, so a translated text can be joined with other text Vars (`a + t("until")`).
    return rx.match(AppState.lang, *choices.items(), msgid).to(str)


def _form(lang: str, forms: tuple[str, ...], count: Var) -> Var:
    js = f"({json.dumps(list(forms), ensure_ascii=False)})[Number(((n) => ({plural_expression(lang)}))({count}))]"
    return Var(_js_expr=js, _var_type=str, _var_data=count._get_all_var_data())


def tn(singular: str, plural: str, count) -> rx.Var:
    """The word that goes with a number, by the reader's plural rule: 1 kredyt, 2 kredyty, 5 kredytów."""
    count = Var.create(count)
    forms = plural_forms(singular, plural)
    branches = [(lang, _form(lang, texts, count)) for lang, texts in forms.items() if lang != "en"]
    english = _form("en", forms["en"], count)
    return rx.match(AppState.lang, *branches, english).to(str) if branches else english


def credits_word(count) -> rx.Var:
    """ "credit" or "credits" after a number (1 credit, 2 credits, 0 credits)."""
    return tn("credit", "credits", count)


def tf(msgid: str, **values) -> rx.Var:
    """A sentence with values in it, in the reader's word order: `tf("Pay {amount}", amount=S.due)`
    reads "45,00 € bezahlen" in German. The placeholders are filled in the browser."""
    text = Var.create(t(msgid)).to(str)
    for name, value in values.items():
        text = text.replace("{" + name + "}", Var.create(value).to(str))
    return text
