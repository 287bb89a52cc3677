"""The base state: language and the signed-in staff member (from a signed cookie)."""

from __future__ import annotations

import json

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.errors import DomainError
from bookingapp.domain.formatting import fmt_money
from bookingapp.domain.languages import preferred_language
from bookingapp.domain.user_input import clean
from bookingapp.i18n import LANGUAGES, translate, translate_plural
from bookingapp.models import Organization
from bookingapp.routes import DASHBOARD, SIGN_IN, sign_in_url, title_of
from bookingapp.services.accounts import actor_for, staff_from_token
from bookingapp.services.actors import Actor
from bookingapp.settings import get_settings

THIRTY_DAYS = 30 * 24 * 3600
ADDRESS_VALUE_LIMIT = 500  # no parameter of ours is longer; an edited link may be


def _address_value(value: object) -> str:
    # A repeated parameter (`?q=a&q=b`) arrives as a list: that is no value of ours.
    return clean(value, multiline=False, limit=ADDRESS_VALUE_LIMIT).strip() if isinstance(value, str) else ""


class AppState(rx.State):
    # "" until chosen: the first page a visitor opens sets it from the browser's language.
    lang: str = rx.Cookie("", name="lang", max_age=365 * 24 * 3600, same_site="lax")
    session_token: str = rx.Cookie("", name="staff_session", max_age=THIRTY_DAYS, same_site="strict")
    staff_name: str = ""
    staff_email: str = ""
    staff_role: str = ""  # owner | staff: hides what only the owner may change
    org_name: str = ""
    org_slug: str = ""
    test_mode: bool = get_settings().payments_mode != "stripe_live"  # local or Stripe test keys

    def _(self, msgid: str) -> str:
        return translate(msgid, self.lang)

    def _n(self, singular: str, plural: str, count: int, **values) -> str:
        """ngettext by the language's own plural rule (Polish: 1 miejsce, 2 miejsca, 5 miejsc):
        `self._n("{count} place free", "{count} places free", n)`; `values` fill other fields."""
        return translate_plural(singular, plural, count, self.lang).format(count=count, **values)

    def _price_of(self, booking) -> str:
        """A booking's price as staff and customer read it: a class booked with credits costs
        credits, not money (no "€0.00 · Payment -")."""
        if booking.credits_spent and not booking.price_minor:
            return self._n("{count} credit", "{count} credits", booking.credits_spent)
        return fmt_money(booking.price_minor, booking.currency, self.lang)

    def _message(self, error: DomainError) -> str:
        return error.render(self._, self.lang)

    def _param(self, name: str) -> str:
        """A route parameter (`/m/[token]`), cleaned like every typed value."""
        return _address_value(self.router._page.params.get(name, ""))

    def _param_as_sent(self, name: str) -> str:
        """A route parameter exactly as the address has it, to tell the page which address a
        state answers (compared in the browser with its own location). Never for a service."""
        value = self.router._page.params.get(name, "")
        return value if isinstance(value, str) else ""

    def _query(self, name: str) -> str:
        """A query parameter (`?show=`), cleaned; the service it goes to gives it meaning."""
        return _address_value(self.router.url.query_parameters.get(name, ""))

    def _actor(self) -> Actor | None:
        with read_only() as session:
            user = staff_from_token(session, self.session_token)
            if user is None:
                return None
            organization = session.get(Organization, user.organization_id)
            self.staff_name, self.staff_email = user.name, user.email
            self.staff_role = user.role
            self.org_name, self.org_slug = organization.name, organization.slug
            return actor_for(user)

    @rx.event
    def pick_language(self):
        """on_load of every page: a visitor who never chose a language gets the one their
        browser asks for (Accept-Language), remembered like a choice."""
        if self.lang not in LANGUAGES:
            self.lang = preferred_language(self.router.headers.accept_language, LANGUAGES)
        # Screen readers pick their voice by <html lang>, and the tab shows the page's title:
        # both are built in English.
        script = f"document.documentElement.lang = {json.dumps(self.lang)}"
        if title := title_of(self.router._page.path):
            script += f"; document.title = {json.dumps(self._(title))}"
        return rx.call_script(script)

    @rx.event
    def set_lang(self, lang: str):
        """The visitor's choice, kept in a cookie. The page reloads so that what the server
        wrote (dates, notices, lists) is written again in the new language."""
        if lang in LANGUAGES and lang != self.lang:
            self.lang = lang
            return rx.call_script("window.location.reload()")
        return None

    @rx.event
    def require_staff(self):
        """on_load of every dashboard page: no valid session, no page."""
        if self._actor() is None:
            return rx.redirect(sign_in_url(self.router.url.path, self.router.url.query))
        return None

    @rx.event
    def require_owner(self):
        """on_load of owner-only pages (business settings, team): staff see the home page."""
        actor = self._actor()
        if actor is None:
            return rx.redirect(sign_in_url(self.router.url.path, self.router.url.query))
        if actor.role != "owner":
            return [rx.redirect(DASHBOARD), rx.toast.error(self._("Only the owner can open this page."))]
        return None

    @rx.event
    def sign_out(self):
        self.session_token = ""
        self.staff_name = self.staff_email = self.staff_role = self.org_name = self.org_slug = ""
        return rx.redirect(SIGN_IN)
