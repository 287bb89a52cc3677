"""/b/<org>/classes: the class schedule for customers, booking with credits (once or every
week until a day), and the signed-in customer's credits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import (
    fmt_date,
    fmt_datetime,
    fmt_period,
    fmt_time,
    timezone_label,
)
from bookingapp.models import utcnow
from bookingapp.services import class_schedule, credits, customer_accounts, manage_links
from bookingapp.states.customer_account import CustomerAccountState
from bookingapp.states.focus import focus_first
from bookingapp.states.portal_address import moved_portal

CREDIT_KINDS = {"grant": "Granted", "purchase": "Purchased", "debit": "Class booked", "refund": "Returned", "adjust": "Adjusted",
                "pack": "Pack bought", "expire": "Expired", "pack_refund": "Pack refunded"}


@dataclass
class ClassCard:
    id: int
    day: str
    time: str
    title: str
    location: str
    free: int
    cost: int
    mine: bool
    recurring: bool
    window: str


@dataclass
class CreditLine:
    when: str
    text: str
    delta: str


@dataclass
class OccurrenceLine:
    when: str
    booked: bool
    text: str
    href: str


def credit_lines(rows, tz: str, lang: str, translate) -> list[CreditLine]:
    return [CreditLine(fmt_datetime(r.created_at, tz, lang), f"{translate(CREDIT_KINDS.get(r.kind, r.kind))} · {r.reason}",
                       f"{r.delta:+d}") for r in rows]


class PortalClassesState(CustomerAccountState):
    signed_in: bool = False
    customer_name: str = ""
    timezone: str = ""
    classes: list[ClassCard] = []
    balance: int = 0
    history: list[CreditLine] = []
    chosen_id: int = 0
    chosen_label: str = ""
    chosen_cost: int = 0
    chosen_window: str = ""
    chosen_recurring: bool = False
    repeat: bool = False
    book_error: str = ""
    report: list[OccurrenceLine] = []
    # ?service=<slug>: the portal's card of one class shows only that class's sessions.
    only_service: str = ""

    @rx.event
    def load(self):
        self.error = ""
        now = utcnow()
        try:
            with read_only() as session:
                org, customer = customer_accounts.signed_in_customer(session, org_slug=self._param("org"), cookie=self.customer_session)
                found = class_schedule.public_schedule(session, org=org, now=now, customer=customer)
                self.balance = credits.balance(session, customer.id) if customer else 0
                ledger = credits.history(session, customer.id, limit=50) if customer else []
        except NotFound:
            self._not_found()
            return moved_portal(self)
        self._show_org(org)
        tz, lang = org.timezone, self.lang
        wanted = self._query("service")
        if wanted:
            found = [p for p in found if p.service.slug == wanted]
        self.only_service = (found[0].service.name if found else wanted) if wanted else ""
        self.signed_in, self.customer_name = customer is not None, customer.name if customer else ""
        self.timezone = timezone_label(tz, lang)
        self.classes = [ClassCard(p.session.id, fmt_date(p.session.starts_at, tz, lang),
                                  f"{fmt_time(p.session.starts_at, tz, lang)}–{fmt_time(p.session.ends_at, tz, lang)}",
                                  p.service.name, p.session.location or "", p.free, p.session.credit_cost, p.booked_by_you,
                                  class_schedule.recurring_allowed(org, p.service), fmt_period(p.session.free_cancellation_minutes, lang))
                        for p in found]
        self.history = credit_lines(ledger, tz, lang, self._)

    @rx.event
    def choose(self, class_id: int):
        card = next((c for c in self.classes if c.id == class_id), None)
        if card is None:
            return
        self.chosen_id, self.chosen_label, self.chosen_cost = card.id, f"{card.title} · {card.day} {card.time}", card.cost
        self.chosen_window, self.chosen_recurring = card.window, card.recurring
        self.repeat, self.book_error, self.report, self.notice = False, "", [], ""

    @rx.event
    def set_chosen_open(self, is_open: bool):
        if not is_open:
            self.chosen_id = 0

    @rx.event
    def close_chosen(self):
        self.chosen_id = 0

    @rx.event
    def set_repeat(self, value: bool):
        self.repeat = bool(value)

    @rx.event
    def book(self, form: dict):
        until = None
        if self.repeat:
            try:
                until = date.fromisoformat(str(form.get("until", "")).strip())
            except ValueError:
                self.book_error = self._("Choose the day of the last class.")
                return None
        try:
            with unit_of_work() as session:
                org, customer = customer_accounts.signed_in_customer(session, org_slug=self.portal_slug,
                                                                     cookie=self.customer_session)
                if customer is None:
                    return rx.redirect(routes.portal_sign_in(self.portal_slug))
                result = class_schedule.book_for_customer(session, customer=customer, class_session_id=self.chosen_id,
                                                          until=until, now=utcnow())
                links = {o.starts_at: routes.manage(manage_links.token_of(o.booking)) for o in result.occurrences if o.booking}
                tz = org.timezone
        except DomainError as error:
            self.book_error = self._message(error)
            return None
        self.report = [OccurrenceLine(fmt_datetime(o.starts_at, tz, self.lang), o.booking is not None,
                                      self._("Booked") if o.booking else o.error.render(self._), links.get(o.starts_at, ""))
                       for o in result.occurrences]
        booked = len(result.booked)
        self.notice = (self._("Booked. A confirmation is on its way to your inbox.") if booked == len(result.occurrences)
                       else self._("{booked} of {total} classes booked: see which ones below.").format(
                           booked=booked, total=len(result.occurrences)))
        self.chosen_id, self.book_error = 0, ""
        # The result sits above the list: on a phone the class booked may be screens below it.
        return [PortalClassesState.load, focus_first("class-result")]
