"""New booking → when: the real free times of an appointment (month calendar) or any time
typed, a request's agreed date and time, a class's session; the person who takes it; the
"outside the hours" warning and its confirmation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import reflex as rx
from sqlmodel import Session

from bookingapp.db import read_only
from bookingapp.domain.formatting import fmt_datetime_range, timezone_label
from bookingapp.domain.hours import local_input_value
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Service
from bookingapp.services import front_desk
from bookingapp.services.actors import Actor
from bookingapp.services.appointments import DayAvailability
from bookingapp.states.slot_picker import SlotPicker

ANYONE = "any"


@dataclass
class StaffChoice:
    value: str  # a staff member's id, or "any"
    label: str


@dataclass
class SessionChoice:
    value: str  # the session's id
    label: str  # its date and time
    fill: str  # "3/12"
    teacher: str
    full: bool


class NewBookingTime(SlotPicker, mixin=True):
    time_kind: str = ""  # appointment | request | class
    timezone: str = ""
    staff_choices: list[StaffChoice] = []
    staff_pick: str = ANYONE
    at_local: str = ""  # "2026-12-24T09:00" in the business's timezone: picked in the calendar or typed
    outside_warning: str = ""
    outside_hours: bool = False
    session_choices: list[SessionChoice] = []
    session_pick: str = ""
    _time_service: int = 0

    def _picked_staff(self) -> int | None:
        return whole_number(self.staff_pick) if self.staff_pick != ANYONE else None

    def _month_data(self, year: int, month_number: int) -> list[DayAvailability]:
        actor = self._actor()
        if actor is None or self.time_kind != "appointment":
            return []
        with read_only() as session:
            return front_desk.month(session, actor=actor, service_id=self._time_service, year=year, month_number=month_number,
                                    staff_user_id=self._picked_staff())

    def _clear_warning(self) -> None:
        self.outside_warning = ""
        self.outside_hours = False

    def _offer_times(self, session: Session, actor: Actor, service: Service, tz: str, prefill: front_desk.Prefill) -> None:
        self.time_kind = service.kind
        self._time_service = service.id
        self._tz = tz
        self.timezone = timezone_label(tz, self.lang)
        self._clear_warning()
        self.at_local = prefill.at_local
        self.cells = []
        self.day = ""
        self.times = []
        self.chosen_time = ""
        self.staff_choices = []
        self.session_choices = []
        if service.kind == "class":
            self._offer_sessions(session, actor, service, tz, prefill.class_session_id)
            return
        people = front_desk.service_staff(session, actor=actor, service_id=service.id)
        picked = str(prefill.staff_user_id) if any(p.id == prefill.staff_user_id for p in people) else ""
        if service.kind == "appointment":
            self.staff_choices = [StaffChoice(ANYONE, self._("Anyone free")), *(StaffChoice(str(p.id), p.name) for p in people)]
            self.staff_pick = picked or ANYONE
        else:  # a request goes to its usual person unless staff pick another
            self.staff_choices = [StaffChoice(str(p.id), p.name) for p in people]
            self.staff_pick = picked or (self.staff_choices[0].value if self.staff_choices else ANYONE)
        if len(people) < 2:
            self.staff_choices = []

    def _open_calendar(self) -> None:
        """The month of the prefilled time (its day open, the time chosen when free), else the
        first month with free times."""
        if self.time_kind != "appointment":
            return
        typed = self.at_local
        if not typed:
            self._open_first_month_with_room(self._tz)
            return
        day = date.fromisoformat(typed[:10])
        self._show_month(day.year, day.month, self._tz)
        self._select_day(day.isoformat())
        self.at_local = typed
        match = next((c for c in self.times if local_input_value(datetime.fromisoformat(c.iso), self._tz) == typed), None)
        if match is not None:
            self.chosen_time, self.chosen_label = match.iso, match.label

    def _offer_sessions(self, session: Session, actor: Actor, service: Service, tz: str, prefill_id: int | None) -> None:
        rows = front_desk.upcoming_sessions(session, actor=actor, service_id=service.id)
        lang = self.lang
        self.session_choices = [
            SessionChoice(str(r.id), fmt_datetime_range(r.starts_at, r.ends_at, tz, lang),
                          f"{r.booked}/{r.capacity}", r.staff_name, r.booked >= r.capacity)
            for r in rows
        ]
        self.session_pick = str(prefill_id) if any(c.value == str(prefill_id) for c in self.session_choices) else ""

    @rx.event
    def pick_staff(self, value: str):
        """The person's own free times; the day stays open if it is in view."""
        if not any(c.value == value for c in self.staff_choices):
            return
        self.staff_pick = value
        self._clear_warning()
        if self.time_kind == "appointment":
            day = self.day
            self._show_month(self.cal_year, self.cal_month, self._tz)
            if day in self._slots_by_day:
                self._select_day(day)

    @rx.event
    def pick_time(self, iso: str, label: str):
        self.chosen_time = iso
        self.chosen_label = label
        self.at_local = local_input_value(datetime.fromisoformat(iso), self._tz)
        self._clear_warning()

    @rx.event
    def set_at_local(self, value: str):
        self.at_local = value
        self.chosen_time = ""
        self._clear_warning()

    @rx.event
    def set_outside_hours(self, checked: bool):
        self.outside_hours = bool(checked)

    @rx.event
    def pick_session(self, value: str):
        if any(c.value == value for c in self.session_choices):
            self.session_pick = value
