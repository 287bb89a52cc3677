"""Dashboard → Agenda: the calendar of bookings, class sessions and time off, a day or a
week at a time, of everyone or one staff member. The address keeps the choice
(`?view=week&day=2026-12-03&staff=5`), so a reload or a shared link shows the same."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only
from bookingapp.domain.errors import DomainError
from bookingapp.domain.formatting import fmt_day_long, fmt_day_range, timezone_label
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Organization, utcnow
from bookingapp.services import agenda
from bookingapp.services.actors import Actor
from bookingapp.states.agenda_view import Column, HourMark, ListDay, SlotRow, build
from bookingapp.states.attendance_marks import apply_mark
from bookingapp.states.base import AppState


@dataclass
class StaffOption:
    value: str
    label: str


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


class AgendaState(AppState):
    view: str = "week"
    day: str = ""  # the day shown, or one day of the week shown (ISO)
    staff: str = ""  # the staff filter: a member's id, "" for everyone
    range_label: str = ""
    timezone: str = ""
    team: list[StaffOption] = []
    columns: list[Column] = []
    hour_marks: list[HourMark] = []
    slots: list[SlotRow] = []
    grid_height: str = "40rem"
    list_days: list[ListDay] = []
    empty: bool = True
    notice: str = ""  # what the last "Block time" did
    load_error: str = ""

    @rx.event
    def load(self):
        view, day = self._query("view"), self._query("day")
        self.view = view if view in ("day", "week") else "week"
        self.day = day if _parse_day(day) else ""
        self.staff = str(whole_number(self._query("staff")) or "")
        self.notice = ""
        self._fetch()

    def _fetch(self, actor: Actor | None = None) -> None:
        actor = actor or self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                tz = session.get(Organization, actor.organization_id).timezone
                now = utcnow()
                today = now.astimezone(ZoneInfo(tz)).date()
                anchor = _parse_day(self.day) or today
                week = self.view == "week"
                first = agenda.week_start(anchor) if week else anchor
                found = agenda.agenda(session, actor=actor, first_day=first, days=7 if week else 1,
                                      staff_user_id=whole_number(self.staff))
        except DomainError as error:
            if self.staff:  # a member of another business, or an old link: show everyone
                self.staff = ""
                return self._fetch(actor)
            self.load_error = self._message(error)
            return None
        self.load_error = ""
        self.day = anchor.isoformat()
        self.timezone = timezone_label(found.timezone, self.lang)
        self.range_label = fmt_day_range(first, first + timedelta(days=6), self.lang) if week else fmt_day_long(first, self.lang)
        self.team = [StaffOption(str(m.id), m.name) for m in found.team]
        view = build(found, week=week, chosen=whole_number(self.staff), lang=self.lang, translate=self._, today=today, now=now)
        self.columns = view.columns
        self.hour_marks = view.hours
        self.slots = view.slots
        self.grid_height = view.height
        self.list_days = view.days
        self.empty = view.empty
        return None

    @rx.event
    def mark_attendance(self, booking_id: int, target: str):
        notice, error = apply_mark(self, booking_id, target)
        self.notice, self.load_error = notice, error
        self._fetch()

    @rx.var
    def new_booking_href(self) -> str:
        return routes.new_booking(staff=self.staff)

    def _address(self) -> str:
        query = {"view": self.view, "day": self.day}
        if self.staff:
            query["staff"] = self.staff
        return f"{routes.AGENDA}?{urlencode(query)}"

    def _go(self, view: str, day: date | None):
        self.view = view
        self.day = day.isoformat() if day else ""
        self.notice = ""
        self._fetch()
        return rx.call_script(f"window.history.replaceState(window.history.state, '', {json.dumps(self._address())})")

    def _step(self, sign: int):
        step = 7 if self.view == "week" else 1
        anchor = _parse_day(self.day) or utcnow().date()
        return self._go(self.view, anchor + timedelta(days=sign * step))

    @rx.event
    def set_view(self, value: str | list[str]):
        value = value if isinstance(value, str) else ""
        return self._go(value if value in ("day", "week") else "week", _parse_day(self.day))

    @rx.event
    def previous(self):
        return self._step(-1)

    @rx.event
    def next(self):
        return self._step(1)

    @rx.event
    def today(self):
        return self._go(self.view, None)

    @rx.event
    def go_to_date(self, value: str):
        day = _parse_day(value if isinstance(value, str) else "")
        if day is not None:
            return self._go(self.view, day)
        return None

    @rx.event
    def set_staff(self, value: str):
        self.staff = str(whole_number(value) or "")
        return self._go(self.view, _parse_day(self.day))

    @rx.event
    def show_more(self, iso: str, staff: str):
        """A "+3" in the grid: the day, of the one person when the column was theirs."""
        self.staff = str(whole_number(staff) or "")
        return self._go("day", _parse_day(iso))

    @rx.event
    def open_day(self, iso: str):
        return self._go("day", _parse_day(iso))
