"""The Bookings tab's "Your classes" panel: class places, weekly series, waitlist places,
credits with their history; and the dialog that cancels a whole series."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import fmt_clock, fmt_datetime, fmt_day, weekday_name
from bookingapp.domain.localized_text import in_language
from bookingapp.models import utcnow
from bookingapp.services import customer_accounts, my_classes
from bookingapp.states.customer_account import CustomerAccountState, CustomerBookingsState
from bookingapp.states.focus import focus_first
from bookingapp.states.portal_classes import CreditLine, credit_lines


@dataclass
class PlaceLine:
    title: str
    when: str
    credits: int
    href: str


@dataclass
class SeriesLine:
    series_id: int
    title: str
    rule: str  # "Every Wednesday at 18:00 until Wed, 16 Dec 2026"
    upcoming: int


@dataclass
class WaitLine:
    title: str
    when: str
    status: str  # the position, or the open offer and its deadline


@dataclass
class RefundLine:
    when: str
    reference: str
    free: bool
    text: str  # "2 credits back" / "Late: 2 credits do not come back (free cancellation ended …)"


class MyClassesState(CustomerAccountState):
    shown: bool = False  # only where the business has classes, or the customer has credits or places
    balance: int = 0
    places: list[PlaceLine] = []
    series: list[SeriesLine] = []
    waiting: list[WaitLine] = []
    ledger: list[CreditLine] = []
    classes_notice: str = ""
    # The series cancel dialog.
    cancel_series_id: int = 0
    cancel_series_title: str = ""
    refund_lines: list[RefundLine] = []
    refund_summary: str = ""
    series_error: str = ""

    def _signed_in(self, session):
        return customer_accounts.signed_in_customer(session, org_slug=self._param("org"), cookie=self.customer_session)

    def _me(self, customer):
        return customer_accounts.customer_actor(customer)

    @rx.event
    def load_classes(self):
        now = utcnow()
        try:
            with read_only() as session:
                org, customer = self._signed_in(session)
                if customer is None:
                    return
                mine = my_classes.my_classes(session, actor=self._me(customer), customer_id=customer.id, now=now)
        except NotFound:
            return
        tz, lang = org.timezone, self.lang
        self.shown = mine.offers_classes or bool(mine.balance or mine.ledger or mine.places or mine.waitlist)
        self.balance = mine.balance
        self.places = [PlaceLine(in_language(p.service_name, lang), fmt_datetime(p.starts_at, tz, lang), p.credits_spent, p.manage_path)
                       for p in mine.places]
        self.series = [SeriesLine(s.series_id, in_language(s.service_name, lang), self._("Every {weekday} at {time} until {until}").format(
            weekday=weekday_name(s.weekday, lang), time=fmt_clock(s.start_time, lang), until=fmt_day(s.until, lang)),
            s.upcoming) for s in mine.series]
        self.waiting = [WaitLine(in_language(w.service_name, lang), fmt_datetime(w.starts_at, tz, lang), self._waiting_status(w, tz))
                        for w in mine.waitlist]
        self.ledger = credit_lines(mine.ledger, tz, lang, self._)

    def _waiting_status(self, w: my_classes.WaitlistPlace, tz: str) -> str:
        if w.status == "offered" and w.offer_expires_at:
            return self._("A place is offered to you until {deadline}: see your email.").format(
                deadline=fmt_datetime(w.offer_expires_at, tz, self.lang))
        return self._("Position {position} on the waitlist").format(position=w.position)

    @rx.event
    def open_cancel_series(self, series_id: int):
        self.series_error, self.classes_notice = "", ""
        now = utcnow()
        try:
            with read_only() as session:
                org, customer = self._signed_in(session)
                if customer is None:
                    return rx.redirect(routes.portal_sign_in(self.portal_slug))
                preview = my_classes.series_cancel_preview(session, actor=self._me(customer), series_id=series_id, now=now)
        except DomainError as error:
            self.classes_notice = self._message(error)
            return None
        tz, lang = org.timezone, self.lang
        self.cancel_series_id, self.cancel_series_title = preview.series_id, in_language(preview.service_name, self.lang)
        self.refund_lines = [RefundLine(fmt_datetime(o.starts_at, tz, lang), o.reference, o.free, self._refund_text(o, tz))
                             for o in preview.occurrences]
        self.refund_summary = self._("Credits coming back: {back}. Credits not coming back: {lost}.").format(
            back=preview.refunded_credits, lost=preview.lost_credits)
        return None

    def _refund_text(self, o: my_classes.OccurrenceOutcome, tz: str) -> str:
        if o.free:
            return self._n("{count} credit will come back", "{count} credits will come back", o.refunded_credits)
        return self._n("Late: {count} credit will not come back (free cancellation ended {deadline})",
                       "Late: {count} credits will not come back (free cancellation ended {deadline})", o.credits_spent,
                       deadline=fmt_datetime(o.deadline, tz, self.lang) if o.deadline else "-")

    @rx.event
    def set_cancel_series_open(self, is_open: bool):
        if not is_open:
            self.cancel_series_id = 0

    @rx.event
    def cancel_series(self, form: dict):
        try:
            with unit_of_work() as session:
                _, customer = self._signed_in(session)
                if customer is None:
                    return rx.redirect(routes.portal_sign_in(self.portal_slug))
                done = my_classes.cancel_series(session, actor=self._me(customer), series_id=self.cancel_series_id,
                                                reason=form.get("reason", ""), now=utcnow())
        except DomainError as error:
            self.series_error = self._message(error)
            return None
        self.cancel_series_id, self.series_error = 0, ""
        self.classes_notice = self._("Series cancelled. Classes cancelled: {count}. Credits back on your balance: {back}.").format(
            count=len(done.occurrences), back=done.refunded_credits)
        return [MyClassesState.load_classes, CustomerBookingsState.load, focus_first("classes-notice")]
