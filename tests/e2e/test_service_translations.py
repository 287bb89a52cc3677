"""Provider texts per language in the browser (issue 23), at 1280 and 375 px: the owner
gives a service a German name and description in the service editor; the portal read in
German (the `lang` cookie) shows them, read in English the default; Settings offers the
cancellation reasons' translations with labels that name their language."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.models import Service, StaffUser
from bookingapp.services import session_changes
from bookingapp.services.accounts import actor_for
from tests.e2e.conftest import no_horizontal_scroll, sign_in


def _read_in(page: Page, app, lang: str) -> None:
    page.context.add_cookies([{"name": "lang", "value": lang, "url": app.url}])


def test_a_german_name_given_in_the_editor_is_what_the_german_portal_shows(app, page: Page):
    tag = uuid.uuid4().hex[:5]
    name, german, german_text = f"Consult {tag}", f"Beratung {tag}", f"Ein Gespräch unter vier Augen {tag}."
    sign_in(page, next_path="/dashboard/services")
    page.get_by_role("link", name="New appointment service").first.click()
    page.wait_for_url("**/dashboard/services/new?kind=*")
    expect(page.locator(".service-title")).to_have_text("New appointment service")
    page.get_by_label("Service name", exact=True).fill(name)
    page.get_by_label("Description", exact=True).fill(f"A talk in private {tag}.")
    # The translations sit under the defaults, each label naming its language; none for English, the business's own.
    expect(page.get_by_label("Service name (English)")).to_have_count(0)
    page.get_by_label("Service name (German)").fill(german)
    page.get_by_label("Description (German)").fill(german_text)
    expect(page.get_by_label("Service name (Polish)")).to_have_value("")  # blank: the default is used
    # Too long is refused next to its input, and nothing is saved.
    page.get_by_label("Service name (Polish)").evaluate("(el, v) => { el.removeAttribute('maxlength'); el.value = v; }", "x" * 121)
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#name_pl-error")).to_have_text("This text is too long (at most 120 characters).")
    assert "/new" in page.url
    page.get_by_label("Service name (Polish)").fill("")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".save-notice")).to_contain_text("Service created.")
    expect(page.get_by_label("Service name (German)")).to_have_value(german)  # the editor shows what was saved
    with Session(app.engine) as s:
        saved = s.exec(select(Service).where(Service.name == name)).one()
    assert saved.translations == {"de": {"name": german, "description": german_text}}

    # The portal in German shows the German texts; in English the default.
    _read_in(page, app, "de")
    page.goto("/b/lindenhof")
    expect(page.get_by_role("heading", name=german)).to_be_visible()
    expect(page.get_by_text(german_text)).to_be_visible()
    expect(page.get_by_role("heading", name=name)).to_have_count(0)
    expect(page.get_by_role("heading", name="Morgenyoga")).to_be_visible()  # the demo's class, in German too
    assert no_horizontal_scroll(page)
    page.goto(f"/b/lindenhof/book/{saved.slug}")
    expect(page.get_by_role("heading", name=german).first).to_be_visible()

    _read_in(page, app, "en")
    page.goto("/b/lindenhof")
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.get_by_role("heading", name=german)).to_have_count(0)
    expect(page.get_by_role("heading", name="Morning yoga")).to_be_visible()


def test_settings_offer_the_cancellation_reasons_in_each_other_language(page: Page):
    # The demo's reasons, as the owner set them (other tests edit the list in Settings).
    with unit_of_work() as s:
        owner = s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one()
        session_changes.set_reasons(s, actor=actor_for(owner), text="Teacher ill\nRoom not available\nToo few participants",
                                    translations={"de": "Lehrkraft krank\nRaum nicht verfügbar\nZu wenige Teilnehmende",
                                                  "pl": "Choroba prowadzącego\nSala niedostępna\nZa mało uczestników"})
    sign_in(page, next_path="/dashboard/settings")
    card = page.locator("#cancellation-reasons-card")
    expect(card.get_by_label("Reasons (German)")).to_have_value("Lehrkraft krank\nRaum nicht verfügbar\nZu wenige Teilnehmende")
    expect(card.get_by_label("Reasons (Polish)")).to_have_value(re.compile("^Choroba prowadzącego\n"))
    expect(card.get_by_label("Reasons (English)")).to_have_count(0)
    assert no_horizontal_scroll(page)
