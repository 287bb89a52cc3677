"""Waitlist UI states: the customer's waitlist page (claim an offer, leave), "Join the
waitlist" on the class schedule, and the staff's waitlist panel of a session."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import fmt_datetime, fmt_datetime_range, timezone_label
from bookingapp.domain.localized_text import service_name
from bookingapp.domain.waitlist_rules import LABELS
from bookingapp.models import Organization, utcnow
from bookingapp.services import class_schedule, customer_accounts, waitlist
from bookingapp.states.base import AppState
from bookingapp.states.class_session import ClassSessionState
from bookingapp.states.portal_address import moved_portal
from bookingapp.states.portal_classes import PortalClassesState


class WaitlistClaimState(AppState):
    """/b/<org>/waitlist/<token>: the link in every waitlist email."""

    found: bool = True
    portal_org: str = ""
    portal_slug: str = ""
    service_name: str = ""
    when: str = ""
    timezone: str = ""
    location: str = ""
    status: str = ""
    position: int = 0
    deadline: str = ""
    cost: int = 0
    balance: int = 0
    pay_on_site: bool = False  # the business lets a guest without enough credits pay at the class
    error: str = ""
    notice: str = ""

    def _token(self) -> str:
        return self._param("token")

    @rx.event
    def load(self):
        self.error = ""
        self._show()
        return None if self.found else moved_portal(self)

    def _show(self) -> None:
        try:
            with read_only() as session:
                view = waitlist.entry_view(session, token=self._token(), org_slug=self._param("org"))
        except NotFound:
            self.found = False
            return
        org, cs, lang = view.org, view.class_session, self.lang
        self.found, self.portal_org, self.portal_slug = True, org.name, org.slug
        self.service_name, self.location = service_name(view.service, lang), cs.location or view.service.location or "-"
        self.when = fmt_datetime_range(cs.starts_at, cs.ends_at, org.timezone, lang)
        self.timezone = timezone_label(org.timezone, lang)
        self.status, self.position = view.entry.status, view.position
        expires = view.entry.offer_expires_at
        self.deadline = fmt_datetime(expires, org.timezone, lang) if expires else ""
        self.cost, self.balance = view.cost, view.balance
        self.pay_on_site = bool(org.waitlist_pay_on_site)

    @rx.event
    def claim(self):
        self.error = self.notice = ""
        try:
            with unit_of_work() as session:
                outcome = waitlist.claim(session, token=self._token(), now=utcnow())
        except DomainError as error:
            self.error = self._message(error)
            self._show()
            return
        self._show()
        if outcome.booking is None:
            self.error = self._("Sorry, someone booked the place a moment ago. You are back at number {position} on the "
                                "waitlist and get the next free place.").format(position=outcome.position)
        else:
            self.notice = self._("Booked. The confirmation with your booking link is on its way to your inbox.")

    @rx.event
    def leave(self):
        self.error = self.notice = ""
        try:
            with unit_of_work() as session:
                waitlist.leave(session, token=self._token(), now=utcnow())
        except DomainError as error:
            self.error = self._message(error)
        else:
            self.notice = self._("You left the waitlist.")
        self._show()


class PortalWaitlistState(PortalClassesState):
    """"Join the waitlist" / "Leave the waitlist" on the class schedule's full classes.
    Positions are keyed by the session id as text (JSON object keys are text)."""

    positions: dict[str, int] = {}
    entry_ids: dict[str, int] = {}
    waitlist_error: dict[str, str] = {}

    def _remember(self, session_id: int, entry_id: int, position: int) -> None:
        key = str(session_id)
        self.positions = {**self.positions, key: position}
        self.entry_ids = {**self.entry_ids, key: entry_id}

    def _forget(self, session_id: int) -> None:
        key = str(session_id)
        self.positions = {k: v for k, v in self.positions.items() if k != key}
        self.entry_ids = {k: v for k, v in self.entry_ids.items() if k != key}

    def _show_error(self, session_id: int, error: DomainError | None) -> None:
        key = str(session_id)
        others = {k: v for k, v in self.waitlist_error.items() if k != key}
        self.waitlist_error = {**others, key: self._message(error)} if error else others

    @rx.event
    def load_entries(self):
        """When the schedule shows: which waitlists is the signed-in customer on, and where?"""
        with read_only() as session:
            try:
                _, customer = customer_accounts.signed_in_customer(session, org_slug=self._param("org"),
                                                                   cookie=self.customer_session)
            except NotFound:
                return
            found = waitlist.entries_of(session, customer_id=customer.id) if customer else {}
        self.positions = {str(sid): pos for sid, (_, pos) in found.items()}
        self.entry_ids = {str(sid): entry.id for sid, (entry, _) in found.items()}

    @rx.event
    def join_waitlist(self, session_id: int):
        try:
            with unit_of_work() as session:
                _, customer = customer_accounts.signed_in_customer(session, org_slug=self.portal_slug,
                                                                   cookie=self.customer_session)
                if customer is None:
                    return rx.redirect(routes.portal_sign_in(self.portal_slug))
                joined = waitlist.join(session, class_session_id=session_id, customer=customer,
                                       actor=customer_accounts.customer_actor(customer), now=utcnow())
        except DomainError as error:
            self._show_error(session_id, error)
            return None
        self._show_error(session_id, None)
        self._remember(session_id, joined.entry.id, joined.position)
        return None

    @rx.event
    def leave_waitlist(self, session_id: int):
        entry_id = self.entry_ids.get(str(session_id), 0)
        try:
            with unit_of_work() as session:
                _, customer = customer_accounts.signed_in_customer(session, org_slug=self.portal_slug,
                                                                   cookie=self.customer_session)
                if customer is None:
                    return rx.redirect(routes.portal_sign_in(self.portal_slug))
                waitlist.leave(session, entry_id=entry_id, actor=customer_accounts.customer_actor(customer), now=utcnow())
        except DomainError as error:
            self._show_error(session_id, error)
            return None
        self._show_error(session_id, None)
        self._forget(session_id)
        return None


@dataclass
class QueueRow:
    entry_id: int
    position: int
    name: str
    email: str
    status: str
    status_label: str
    detail: str


@dataclass
class WaitlistCandidate:
    id: int
    name: str
    email: str


class WaitlistPanelState(ClassSessionState):
    """The waitlist panel on a session's participants page (staff)."""

    queue: list[QueueRow] = []
    waitlist_query: str = ""
    candidates: list[WaitlistCandidate] = []
    waitlist_error: str = ""
    waitlist_notice: str = ""
    confirm_entry_id: int = 0
    confirm_name: str = ""

    @rx.event
    def load_queue(self):
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                lines = waitlist.queue(session, class_session_id=self._id(), actor=actor)
                tz = session.get(Organization, actor.organization_id).timezone
        except NotFound:
            self.queue = []
            return
        self.queue = [QueueRow(
            line.entry.id, line.position, line.customer.name, line.customer.email or "", line.entry.status,
            self._(LABELS.get(line.entry.status, line.entry.status)),
            (self._("until") + " " + fmt_datetime(line.entry.offer_expires_at, tz, self.lang))
            if line.entry.status == "offered" and line.entry.offer_expires_at else "",
        ) for line in lines]

    @rx.event
    def search_waitlist(self, value: str):
        self.waitlist_query, self.waitlist_error = value, ""
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            found = class_schedule.find_customers(session, actor=actor, query=value)
        self.candidates = [WaitlistCandidate(c.id, c.name, c.email or "") for c in found]

    @rx.event
    def add_to_waitlist(self, customer_id: int):
        actor = self._actor()
        if actor is None:
            return None
        self.waitlist_notice = ""
        try:
            with unit_of_work() as session:
                joined = waitlist.add(session, class_session_id=self._id(), customer_id=customer_id, actor=actor,
                                      now=utcnow())
        except DomainError as error:
            self.waitlist_error = self._message(error)
            return None
        self.waitlist_query, self.candidates, self.waitlist_error = "", [], ""
        self.waitlist_notice = self._("Added to the waitlist at number {position}. They are told by email.").format(
            position=joined.position)
        return WaitlistPanelState.load_queue

    @rx.event
    def ask_remove(self, entry_id: int, name: str):
        self.confirm_entry_id, self.confirm_name, self.waitlist_error = entry_id, name, ""

    @rx.event
    def set_confirm_open(self, is_open: bool):
        if not is_open:
            self.confirm_entry_id = 0

    @rx.event
    def remove_from_waitlist(self):
        actor = self._actor()
        if actor is None:
            return None
        self.waitlist_notice = ""
        try:
            with unit_of_work() as session:
                waitlist.leave(session, entry_id=self.confirm_entry_id, actor=actor, now=utcnow())
        except DomainError as error:
            self.waitlist_error = self._message(error)
            self.confirm_entry_id = 0
            return None
        self.waitlist_error, self.confirm_entry_id = "", 0
        self.waitlist_notice = self._("Removed from the waitlist.")
        return WaitlistPanelState.load_queue
