"""The app in German and in Polish, at 1280 and 375 px: a customer books an appointment and
cancels it, a provider confirms a request, and the emails arrive in the customer's language
with dates written the way that language writes them.

Polish comes from the browser's own language (Accept-Language); German is chosen from the
language menu. Texts are looked up in the catalog, so the test follows the translators'
wording; a few plain Polish and German words prove the catalog is really used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.formatting import fmt_datetime, fmt_money
from bookingapp.i18n import translate
from bookingapp.models import Booking, Customer, OutboxEmail, StaffUser
from bookingapp.services import accounts
from tests.e2e.conftest import DESKTOP, PHONE, RunningApp, no_horizontal_scroll
from tests.e2e.helpers_booking import BERLIN, bookings_of, emails, free_days, unique_email
from tests.e2e.test_requests import _arrange_request

CONSULTATION = "/b/lindenhof/book/consultation"
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
# What a reader of each language must see, whatever the translators' wording.
NATIVE = {"de": "Buchung", "pl": "rezerwac"}


def _(text: str, lang: str) -> str:
    return translate(text, lang)


@pytest.fixture(params=[("de", "desktop"), ("de", "phone"), ("pl", "desktop"), ("pl", "phone")],
                ids=["de-desktop", "de-phone", "pl-desktop", "pl-phone"])
def visitor(request, browser: Browser, app: RunningApp) -> Iterator[tuple[Page, str]]:
    """A browser that speaks Polish (its own language) or one whose visitor picks German."""
    lang, width = request.param
    context = browser.new_context(viewport=WIDTHS[width], base_url=app.url, locale="pl-PL" if lang == "pl" else "en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, lang
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def _speak(page: Page, lang: str) -> None:
    """German by the visitor's choice in the menu; Polish is already the browser's language."""
    if lang == "de":
        page.get_by_role("combobox", name="Language").click()
        page.get_by_role("option", name="Deutsch", exact=True).click()
    expect(page.get_by_role("button", name=_("Next month", lang))).to_be_visible()


def _pick(page: Page, when, lang: str) -> None:
    """The day of `when` in the calendar (found by its date, not its language), then its time."""
    local = when.astimezone(BERLIN)
    day = page.locator(f'.cal-day[data-day="{local.date().isoformat()}"]')
    expect(page.locator(".slot-calendar")).to_have_attribute("aria-busy", "false")
    for _turn in range(13):
        if day.count():
            break
        page.get_by_role("button", name=_("Next month", lang)).click()
        page.wait_for_timeout(150)
    day.click()
    page.locator(".time-choice").filter(has_text=re.compile(rf"^{local:%H:%M}$")).click()


def _customer_locale(app: RunningApp, email: str) -> str | None:
    with Session(app.engine) as s:
        return s.exec(select(Customer).where(Customer.email == email)).one().locale


def test_a_customer_books_and_cancels_in_their_language(app, visitor):
    page, lang = visitor
    email = unique_email(f"lang-{lang}")
    when = free_days(app, "consultation")[2].slots[0]
    page.goto(CONSULTATION)
    _speak(page, lang)
    expect(page.locator("html")).to_have_attribute("lang", lang)  # screen readers speak the page's language
    _pick(page, when, lang)
    page.get_by_label(_("Name", lang), exact=True).fill("Zofia Żak" if lang == "pl" else "Jörg Jäger")
    page.get_by_label(_("Email", lang), exact=True).fill(email)
    page.get_by_role("radio", name=_("Pay on site or later online", lang)).click()
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name=_("Book this time", lang)).click()

    page.wait_for_url(re.compile(r"/m/[A-Za-z0-9_-]+"))
    expect(page.locator(".status")).to_have_text(_("Confirmed", lang))
    expect(page.locator("body")).to_contain_text(NATIVE[lang])
    expect(page.locator("body")).to_contain_text(fmt_money(4500, "EUR", lang))  # "45,00 €" in both
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name=_("Cancel booking", lang)).click()
    page.get_by_role("alertdialog").get_by_role("button", name=_("Yes, cancel my booking", lang)).click()
    expect(page.locator(".status")).to_have_text(_("Cancelled", lang))

    [booking] = bookings_of(app, email)
    assert booking.status == "cancelled"
    assert _customer_locale(app, email) == lang
    written = fmt_datetime(booking.starts_at, "Europe/Berlin", lang)
    for key in ("booking_confirmed", "booking_cancelled"):
        [mail] = emails(app, key, booking.id) or [None]
        assert mail is not None, f"no {key} email"
        assert mail.locale == lang
        assert written in mail.text, f"{key} should give the date as {written!r}:\n{mail.text}"
        assert fmt_datetime(booking.starts_at, "Europe/Berlin", "en") not in mail.text


def _staff_cookies(app: RunningApp, page: Page, lang: str) -> None:
    with Session(app.engine) as s:
        owner = s.exec(select(StaffUser).where(StaffUser.email == "demo@example.com")).one()
        token = accounts.session_token(owner)
    page.context.add_cookies([{"name": "staff_session", "value": token, "url": app.url},
                              {"name": "lang", "value": lang, "url": app.url}])


def test_a_provider_confirms_a_request_and_the_customer_reads_it_in_their_language(app, visitor):
    page, lang = visitor
    name = f"Kunde {lang.upper()} {page.viewport_size['width']}"
    booking, _token = _arrange_request(tbd=False, name=name)
    with unit_of_work() as s:  # the customer asked in their language (the portal stores it: the test above)
        s.get(Customer, booking.customer_id).locale = lang
    _staff_cookies(app, page, lang)
    page.goto("/dashboard/inbox")
    expect(page.get_by_role("heading", level=1)).to_have_text(_("Inbox", lang))
    card = page.locator(".request", has_text=name)
    card.get_by_role("button", name=_("Confirm", lang), exact=True).click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(_("Confirm this booking?", lang))
    dialog.get_by_role("button", name=_("OK", lang)).click()
    expect(page.get_by_text(_("Booking confirmed. The customer has been emailed.", lang))).to_be_visible()
    assert no_horizontal_scroll(page)

    with Session(app.engine) as s:
        confirmed = s.get(Booking, booking.id)
        [mail] = list(s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "booking_confirmed",
                                                       OutboxEmail.booking_id == booking.id)))
    assert confirmed.status == "confirmed"
    assert mail.locale == lang
    assert fmt_datetime(confirmed.starts_at, "Europe/Berlin", lang) in mail.text
    assert NATIVE[lang] in mail.subject + mail.text


@pytest.mark.parametrize("lang", ["de", "pl"])
def test_portal_pages_fit_a_phone_in_longer_languages(app, browser: Browser, lang):
    """German and Polish words are longer than English ones: no page may scroll sideways."""
    context = browser.new_context(viewport=PHONE, base_url=app.url)
    context.add_cookies([{"name": "lang", "value": lang, "url": app.url}])
    page = context.new_page()
    try:
        for path in ("/b/lindenhof", "/b/lindenhof/classes", "/b/lindenhof/credits", "/b/lindenhof/signin",
                     CONSULTATION, "/b/lindenhof/s/wine-tasting"):
            page.goto(path)
            expect(page.get_by_role("navigation", name=_("Portal", lang))).to_be_visible()
            page.wait_for_load_state("networkidle")
            assert no_horizontal_scroll(page), f"{path} scrolls sideways at 375 px in {lang}"
    finally:
        context.close()
