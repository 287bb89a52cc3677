"""/b/<org>/classes: the class schedule for customers, booking with credits (once or every
week until a day), and the signed-in customer's credits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import (
    fmt_date,
    fmt_datetime,
    fmt_day,
    fmt_day_range,
    fmt_short_datetime,
    fmt_time_range,
    timezone_label,
)
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.localized_text import service_name
from bookingapp.domain.user_input import EARLIEST_YEAR, LATEST_YEAR
from bookingapp.models import utcnow
from bookingapp.services import class_schedule, credits, customer_accounts, manage_links
from bookingapp.states.customer_account import CustomerAccountState
from bookingapp.states.portal_address import moved_portal

CREDIT_KINDS = {"grant": N_("Granted"), "purchase": N_("Purchased"), "debit": N_("Class booked"), "refund": N_("Returned"), "adjust": N_("Adjusted"),
                "pack": N_("Pack bought"), "expire": "Expired", "pack_refund": "Pack refunded"}


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
    free_text: str  # "1 place free" / "3 places free"
    book_label: str  # the Book button's name for screen readers: "Book Yoga, Tue 8 Dec 10:00"
    cancel_note: str  # until when cancelling is free, or that it no longer is
    cancel_ended: bool


@dataclass
class ClassOption:
    slug: str
    name: str


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
    chosen_note: str = ""
    class_notice: str = ""  # the booking result, in the dialog (not the account pages' notice)
    chosen_late: bool = False
    chosen_recurring: bool = False
    repeat: bool = False
    book_error: str = ""
    booked: bool = False  # the dialog shows the booking's result instead of the form
    report: list[OccurrenceLine] = []
    # ?service=<slug>: only that class's sessions; ?from=<day>: the week of that day.
    only_service: str = ""
    service_slug: str = ""
    class_options: list[ClassOption] = []
    week_label: str = ""
    week_from: str = ""
    previous_week: str = ""  # the first day of the week before, "" in this week
    next_week: str = ""  # the first day of the week after, "" at the booking horizon
    next_classes: str = ""  # after an empty week, the first day of the week with the next class
    next_classes_label: str = ""  # "Next classes: week of <date>"

    @rx.event
    def load(self):
        self.error = ""
        now = utcnow()
        wanted = self._query("service")
        try:
            day = date.fromisoformat(self._query("from")) if self._query("from") else None
        except ValueError:  # a hand-edited ?from=: this week
            day = None
        if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            day = None
        try:
            with read_only() as session:
                org, customer = customer_accounts.signed_in_customer(session, org_slug=self._param("org"), cookie=self.customer_session)
                found = class_schedule.public_week(session, org=org, now=now, customer=customer, wanted=day, service_slug=wanted)
                self.balance = credits.balance(session, customer.id) if customer else 0
                ledger = credits.history(session, customer.id, limit=50) if customer else []
        except NotFound:
            self._not_found()
            return moved_portal(self)
        self._show_org(org)
        tz, lang = org.timezone, self.lang
        names = {s.slug: service_name(s, lang) for s in found.services}
        self.class_options = [ClassOption(s.slug, names[s.slug]) for s in found.services]
        self.service_slug = wanted if wanted in names else ""
        self.only_service = names.get(wanted, wanted) if wanted else ""
        week = found.week
        self.week_from = week.first.isoformat()
        self.week_label = fmt_day_range(week.first, week.first + timedelta(days=6), lang)
        self.previous_week = week.previous.isoformat() if week.previous else ""
        self.next_week = week.next.isoformat() if week.next else ""
        self.next_classes = found.next_classes.isoformat() if found.next_classes else ""
        self.next_classes_label = (self._("Next classes: week of {date}").format(date=fmt_day(found.next_classes, lang))
                                   if found.next_classes else "")
        self.signed_in, self.customer_name = customer is not None, customer.name if customer else ""
        self.timezone = timezone_label(tz, lang)
        self.classes = [self._card(p, org, tz, lang) for p in found.sessions]
        self.history = credit_lines(ledger, tz, lang, self._)

    def _card(self, p: class_schedule.PublicSession, org, tz: str, lang: str) -> ClassCard:
        cs = p.session
        title = service_name(p.service, lang)
        ended = p.free_cancel_until is None
        note = (self._("Free cancellation has ended: if you cancel, your credits will not come back.") if ended
                else self._("Free cancellation until {when}").format(when=fmt_short_datetime(p.free_cancel_until, tz, lang)))
        return ClassCard(cs.id, fmt_date(cs.starts_at, tz, lang), fmt_time_range(cs.starts_at, cs.ends_at, tz, lang),
                         title, cs.location or "", p.free, cs.credit_cost, p.booked_by_you,
                         class_schedule.recurring_allowed(org, p.service),
                         self._n("{count} place free", "{count} places free", p.free),
                         self._("Book {title}, {when}").format(title=title, when=fmt_short_datetime(cs.starts_at, tz, lang).replace(",", "")),
                         note, ended)

    def _go(self, week: str = "", service: str | None = None):
        slug = self.service_slug if service is None else service
        return rx.redirect(routes.portal_classes(self.portal_slug, slug, week))

    @rx.event
    def show_previous_week(self):
        return self._go(self.previous_week) if self.previous_week else None

    @rx.event
    def show_next_week(self):
        return self._go(self.next_week) if self.next_week else None

    @rx.event
    def show_next_classes(self):
        return self._go(self.next_classes) if self.next_classes else None

    @rx.event
    def choose_class(self, slug: str):
        # A change of class keeps the week the visitor was looking at.
        return self._go(self.week_from if self.previous_week else "", "" if slug == "all" else slug)

    @rx.event
    def choose(self, class_id: int):
        card = next((c for c in self.classes if c.id == class_id), None)
        if card is None:
            return
        self.chosen_id, self.chosen_label, self.chosen_cost = card.id, f"{card.title} · {card.day} {card.time}", card.cost
        self.chosen_note, self.chosen_late, self.chosen_recurring = card.cancel_note, card.cancel_ended, card.recurring
        self.repeat, self.book_error, self.report, self.class_notice, self.booked = False, "", [], "", False

    @rx.event
    def set_chosen_open(self, is_open: bool):
        if not is_open:
            self.chosen_id, self.booked = 0, False

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
                                      self._("Booked") if o.booking else o.error.render(self._, self.lang), links.get(o.starts_at, ""))
                       for o in result.occurrences]
        booked = len(result.booked)
        self.class_notice = (self._("Booked. A confirmation is on its way to your inbox.") if booked == len(result.occurrences)
                       else self._n("{booked} of {count} class booked: see which ones below.",
                                    "{booked} of {count} classes booked: see which ones below.", len(result.occurrences), booked=booked))
        # The result stays in the dialog, where the customer is looking (on a phone the top
        # of the page is screens away); the list behind it refreshes its places.
        self.booked, self.book_error = True, ""
        return PortalClassesState.load
