"""Dashboard → Schedule → one session: participants, add a member or a guest, remove
with a reason (the dialog says what happens to the credits first), change capacity."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound, ValidationFailed
from bookingapp.domain.formatting import (
    fmt_datetime_range,
    fmt_period,
    timezone_label,
)
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Organization, utcnow
from bookingapp.services import attendance, class_bookings, class_schedule, credits
from bookingapp.states.attendance_marks import apply_mark
from bookingapp.states.base import AppState


@dataclass
class ParticipantRow:
    booking_id: int
    name: str
    email: str
    alert: str
    credits: int
    href: str
    attendance: str = ""  # attended | no_show | "" (issue 24)
    markable: bool = False  # confirmed and its day has come: the two buttons show


@dataclass
class CancelledRow:
    name: str
    reason: str


@dataclass
class MemberOption:
    id: int
    name: str
    email: str
    balance: int
    alert: str = ""  # the customer's flag, shown next to the option (issue 9)


def credit_sentence(outcome, state) -> str:
    """What cancelling does with the credits, as the dialogs say it before confirming."""
    count = outcome.credits_spent
    if count <= 0:
        return state._("No credits were used for this booking.")
    if outcome.free:
        return state._n("Inside the free-cancellation window: the {count} credit will come back.",
                        "Inside the free-cancellation window: the {count} credits will come back.", count)
    return state._n("Too late for a free cancellation: the {count} credit will not come back.",
                    "Too late for a free cancellation: the {count} credits will not come back.", count)


def customer_href(customer_id: int) -> str:
    return f"{routes.CUSTOMERS}/{customer_id}"


class ClassSessionState(AppState):
    found: bool = True
    session_id: int = 0
    title: str = ""
    when: str = ""
    timezone: str = ""
    booked: int = 0
    capacity: int = 0
    online_booking: bool = True
    location: str = ""
    staff: str = ""
    credit_cost: int = 0
    window: str = ""
    started: bool = False
    participants: list[ParticipantRow] = []
    cancelled: list[CancelledRow] = []
    query: str = ""
    results: list[MemberOption] = []
    use_credits: bool = True
    guest_error: str = ""
    guest_field: str = ""
    member_error: str = ""
    remove_id: int = 0
    remove_name: str = ""
    remove_message: str = ""
    remove_free: bool = True
    remove_error: str = ""
    capacity_error: str = ""
    mark_error: str = ""
    notice: str = ""

    def _id(self) -> int:
        raw = self._param("session")
        return whole_number(raw) or 0

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        self.notice = "" if self.session_id != self._id() else self.notice
        try:
            with read_only() as session:
                detail = class_schedule.session_detail(session, actor=actor, class_session_id=self._id())
                org = session.get(Organization, actor.organization_id)
        except NotFound:
            self.found = False
            return
        s, cs, tz, lang = detail.summary, detail.summary.session, org.timezone, self.lang
        self.found, self.session_id, self.title = True, cs.id, s.service_name
        self.when = fmt_datetime_range(cs.starts_at, cs.ends_at, tz, lang)
        self.timezone = timezone_label(tz, lang)
        self.booked, self.capacity, self.online_booking = s.booked, cs.capacity, cs.online_booking
        self.location, self.staff, self.credit_cost = cs.location or "-", s.staff_name or "-", cs.credit_cost
        self.window = fmt_period(cs.free_cancellation_minutes, lang)
        now = utcnow()
        self.started = now >= cs.starts_at
        self.participants = [ParticipantRow(p.booking.id, p.customer.name, p.customer.email or "", p.booking.alert_message or p.customer.alert_message or "",
                                            p.booking.credits_spent, customer_href(p.customer.id), p.booking.attendance or "",
                                            attendance.markable(p.booking, org, now)) for p in detail.participants]
        self.cancelled = [CancelledRow(p.customer.name, p.booking.cancel_reason or "") for p in detail.cancelled]

    @rx.event
    def mark_attendance(self, booking_id: int, target: str):
        self.notice, self.mark_error = apply_mark(self, booking_id, target)
        return ClassSessionState.load

    @rx.event
    def search(self, value: str):
        self.query, self.member_error = value, ""
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            found = class_schedule.find_customers(session, actor=actor, query=value)
            self.results = [MemberOption(c.id, c.name, c.email or "", credits.balance(session, c.id), c.alert_message or "") for c in found]

    @rx.event
    def set_use_credits(self, value: bool):
        self.use_credits = bool(value)

    def _do(self, action, notice: str) -> bool:
        # A new result replaces the last one: "Guest added" must not stay beside a later "This class is full".
        self.notice = self.member_error = self.guest_error = self.guest_field = self.capacity_error = ""
        actor = self._actor()
        if actor is None:
            return False
        with unit_of_work() as session:
            action(session, actor)
        self.notice = notice
        return True

    @rx.event
    def add_member(self, customer_id: int):
        try:
            self._do(lambda s, a: class_schedule.add_member(s, actor=a, class_session_id=self.session_id, customer_id=customer_id,
                                                            use_credits=self.use_credits, now=utcnow()),
                     self._("Added. They get a confirmation by email."))
        except DomainError as error:
            self.member_error = self._message(error)
            return None
        self.query, self.results, self.member_error = "", [], ""
        return ClassSessionState.load

    @rx.event
    def add_guest(self, form: dict):
        try:
            self._do(lambda s, a: class_schedule.add_guest(s, actor=a, class_session_id=self.session_id, name=form.get("guest_name", ""),
                                                           email=form.get("guest_email", ""), now=utcnow()),
                     self._("Guest added. They get a confirmation by email."))
        except DomainError as error:
            self.guest_error = self._message(error)
            self.guest_field = error.field if isinstance(error, ValidationFailed) and error.field else ""
            return None
        self.guest_error = self.guest_field = ""
        return [rx.set_value("guest_name", ""), rx.set_value("guest_email", ""), ClassSessionState.load]

    @rx.event
    def open_remove(self, booking_id: int, name: str):
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                outcome = class_bookings.cancellation_preview(session, booking_id=booking_id, actor=actor, now=utcnow())
        except DomainError as error:
            self.notice, self.member_error = "", self._message(error)
            return
        self.remove_id, self.remove_name, self.remove_error = booking_id, name, ""
        self.remove_free, self.remove_message = outcome.free or outcome.credits_spent == 0, credit_sentence(outcome, self)

    @rx.event
    def set_remove_open(self, is_open: bool):
        if not is_open:
            self.remove_id = 0

    @rx.event
    def close_remove(self):
        self.remove_id = 0

    @rx.event
    def remove(self, form: dict):
        try:
            self._do(lambda s, a: class_bookings.cancel_seat(s, booking_id=self.remove_id, actor=a, reason=form.get("reason", ""),
                                                             now=utcnow()),
                     self._("Removed. They are told by email."))
        except DomainError as error:
            self.remove_error = self._message(error)
            return None
        self.remove_id, self.remove_error = 0, ""
        return ClassSessionState.load

    @rx.event
    def save_session(self, form: dict):
        raw = str(form.get("capacity", "")).strip()
        try:
            self._do(lambda s, a: class_schedule.update_session(
                s, actor=a, class_session_id=self.session_id, capacity=-1 if (n := whole_number(raw)) is None else n,
                online_booking=form.get("online_booking") in ("on", "true", True), now=utcnow()), self._("Session saved."))
        except DomainError as error:
            self.capacity_error = self._message(error)
            return None
        self.capacity_error = ""
        return ClassSessionState.load
