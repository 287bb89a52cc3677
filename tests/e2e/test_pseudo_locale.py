"""Every text a page shows goes through the catalog: in the pseudo-locale each translated
text reads "⟦Sign in⟧" and each date, time or amount from the formatting helpers is marked
the same way, so any visible text left without the marks was typed past the catalog.

What businesses and customers wrote themselves (names, services, addresses, notes) is data,
not interface: every text stored in the database is allowed as it is.
"""

from __future__ import annotations

import contextlib
import json
import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.i18n import LANGUAGES, PSEUDO
from bookingapp.models import Booking, Customer, StaffUser
from bookingapp.services import accounts, customer_accounts, manage_links
from tests.e2e.conftest import DESKTOP, PHONE, RunningApp

MARKED = re.compile(r"⟦[^⟦⟧]*⟧")  # innermost first: a helper's date inside a sentence is "⟦Paid on ⟦Sun, 6 Dec⟧⟧"
LETTERS = re.compile(r"[^\W\d_]{2,}")  # a word: one stray letter ("x", "h") is a unit or a mark
VARIABLE = re.compile(r"\[[A-Z_]+\]")  # an email template's [BOOKING_DATE]: the same in every language
# Words that are the same in every language: names of languages (each in its own), products.
NOT_INTERFACE = set(LANGUAGES.values()) | {"alt", "Pseudo", "Stripe", "iCal", "CSV", "ICS", "URL", "EUR", "PLN"}

PORTAL = ["/b/lindenhof", "/b/lindenhof/book/consultation", "/b/lindenhof/s/wine-tasting", "/b/lindenhof/classes",
          "/b/lindenhof/credits", "/b/lindenhof/signin", "/b/lindenhof/bookings", "/signin", "/signup"]
DASHBOARD = ["/dashboard", "/dashboard/inbox", "/dashboard/agenda", "/dashboard/orders", "/dashboard/schedule",
             "/dashboard/customers", "/dashboard/reports", "/dashboard/reports/statement", "/dashboard/reports/customers",
             "/dashboard/reports/cancellations", "/dashboard/reports/revenue", "/dashboard/reports/requests",
             "/dashboard/reports/occupancy", "/dashboard/reports/no-shows", "/dashboard/services", "/dashboard/availability", "/dashboard/team",
             "/dashboard/settings", "/dashboard/settings/business", "/dashboard/settings/packs",
             "/dashboard/settings/notifications", "/dashboard/share", "/dashboard/profile", "/dashboard/bookings/new"]

VISIBLE_TEXTS = """() => {
  const out = [];
  const where = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '');
  // Skipped: hidden text; <time> (moment.js writes it in the reader's locale itself); form fields
  // and [translate="no"] (what users typed, email texts being edited, code to copy).
  const seen = (el) => el && el.getClientRects().length > 0
    && !el.closest('script,style,noscript,[aria-hidden="true"],time,textarea,[translate="no"]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const parent = walker.currentNode.parentElement;
    if (text && seen(parent)) out.push([text, where(parent)]);
  }
  for (const el of document.querySelectorAll('[aria-label],[placeholder],[title]')) {
    if (!seen(el)) continue;
    for (const name of ['aria-label', 'placeholder', 'title']) {
      const value = (el.getAttribute(name) || '').trim();
      if (value) out.push([value, where(el) + '[' + name + ']']);
    }
  }
  return out;
}"""


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _json_strings(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _json_strings(item)]
    return []


def _stored_texts(app: RunningApp) -> list[str]:
    """Every text the database holds (longest first): what users wrote is data, in text
    columns and in JSON ones (the business's cancellation reasons, a booking's answers)."""
    texts: set[str] = set()
    with app.engine.connect() as connection:
        for table in sa.inspect(connection).get_table_names():
            for column in sa.inspect(connection).get_columns(table):
                name, kind = column["name"], column["type"]
                if not isinstance(kind, (sa.String, sa.JSON)):
                    continue
                distinct = "" if isinstance(kind, sa.JSON) else "DISTINCT "  # PostgreSQL's json has no equality
                for (value,) in connection.execute(sa.text(f'SELECT {distinct}"{name}" FROM "{table}"')):
                    if isinstance(kind, sa.JSON) and isinstance(value, str):
                        with contextlib.suppress(ValueError):
                            value = json.loads(value)
                    for text in _json_strings(value):
                        if len(text) > 1 and not re.fullmatch(r"[a-z_]+", text):
                            texts.update(part.strip() for part in text.splitlines() if part.strip())
    return sorted(texts, key=len, reverse=True)


def _unmarked(texts: list[list[str]], stored: list[str]) -> list[str]:
    """The texts (with the element they sit in) that have words outside the marks."""
    found = []
    for text, element in texts:
        rest, before = text, None
        while rest != before:  # marks nest: peel them from the inside out
            rest, before = MARKED.sub(" ", rest), rest
        rest = VARIABLE.sub(" ", rest)
        for value in stored:
            if value in rest:
                rest = rest.replace(value, " ")
        words = [w for w in LETTERS.findall(rest) if w not in NOT_INTERFACE]
        if words:
            found.append(f"{text!r} in {element}")
    return found


def _assert_all_marked(problems: dict[str, list[str]]) -> None:
    lines = [f"{path}: {text}" for path, texts in problems.items() for text in dict.fromkeys(texts)]
    assert not lines, "texts that skip the catalog (t()/self._() or a formatting helper):\n" + "\n".join(lines)


@pytest.fixture(scope="module")
def stored(app) -> list[str]:
    return _stored_texts(app)


def _visit(page: Page, path: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    expect(page.locator("body")).to_contain_text("⟦")
    return page.evaluate(VISIBLE_TEXTS)


@pytest.fixture(params=["desktop", "phone"])
def pseudo_page(request, browser: Browser, app: RunningApp):
    context = browser.new_context(viewport=DESKTOP if request.param == "desktop" else PHONE, base_url=app.url)
    context.add_cookies([{"name": "lang", "value": PSEUDO, "url": app.url}])
    with Session(app.engine) as s:
        owner = s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one()
        customer = s.exec(select(Customer).where(Customer.email == "alex@example.com")).one()
        context.add_cookies([{"name": "staff_session", "value": accounts.session_token(owner), "url": app.url},
                             {"name": "customer_session", "value": customer_accounts.session_cookie(customer), "url": app.url}])
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def _a_booking(app: RunningApp) -> tuple[str, str]:
    with unit_of_work() as s:
        booking = s.exec(select(Booking).where(Booking.status == "confirmed").order_by(Booking.id)).first()
        token = manage_links.issue(booking)
        s.add(booking)
        return booking.reference, token


def test_every_portal_text_goes_through_the_catalog(app, pseudo_page, stored):
    _, token = _a_booking(app)
    _assert_all_marked({path: _unmarked(_visit(pseudo_page, path), stored) for path in [*PORTAL, f"/m/{token}"]})


def test_every_dashboard_text_goes_through_the_catalog(app, pseudo_page, stored):
    reference, _ = _a_booking(app)
    with Session(app.engine) as s:
        customer_id = s.exec(select(Customer.id).where(Customer.email == "alex@example.com")).one()
    pages = [*DASHBOARD, f"/dashboard/orders/{reference}", f"/dashboard/customers/{customer_id}"]
    _assert_all_marked({path: _unmarked(_visit(pseudo_page, path), stored) for path in pages})
