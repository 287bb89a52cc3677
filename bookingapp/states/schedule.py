"""Dashboard → Schedule: the week view and the "New session" dialog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_date, fmt_time_range, timezone_label
from bookingapp.models import Organization, utcnow
from bookingapp.services import class_schedule
from bookingapp.states.base import AppState


@dataclass
class Option:
    value: str
    label: str


@dataclass
class ClassOption:
    value: str
    label: str
    defaults: dict[str, str]  # what the New session form starts with: the class's own settings


@dataclass
class SessionCard:
    id: int
    href: str
    time: str
    title: str
    booked: str  # "5/12"
    full: bool
    flagged: bool
    online: bool
    staff: str
    location: str
    cancelled: bool = False
    booked_label: str = ""  # "5 of 12 places booked", for screen readers


@dataclass
class DayColumn:
    label: str
    sessions: list[SessionCard]


def _day(day: date, tz: str, lang: str) -> str:
    return fmt_date(datetime.combine(day, datetime.min.time(), ZoneInfo(tz)), tz, lang)


class ScheduleState(AppState):
    monday: str = ""
    week_label: str = ""
    timezone: str = ""
    days: list[DayColumn] = []
    session_count: int = 0
    services: list[ClassOption] = []
    chosen: dict[str, str] = {}  # the chosen class and the form's values that start from its defaults
    staff_options: list[Option] = []
    dialog_open: bool = False
    repeat: str = "once"
    form_error: str = ""
    form_field: str = ""
    notice: str = ""

    def _monday(self) -> date:
        try:
            return date.fromisoformat(self.monday)
        except ValueError:  # a hand-edited ?week=: show this week
            return class_schedule.week_start_of(utcnow().date())

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        self.monday = self._query("week")  # the address says which week
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            today = datetime.now(ZoneInfo(org.timezone)).date()
            monday = class_schedule.week_start_of(self._monday() if self.monday else today)
            found = class_schedule.week(session, actor=actor, monday=monday)
            self.services = [ClassOption(str(s.id), s.name, {
                "service_id": str(s.id), "duration": str(s.duration_minutes), "capacity": str(s.capacity),
                "credit_cost": str(s.credit_cost), "window_hours": str(s.free_cancellation_minutes // 60)})
                for s in class_schedule.class_services(session, actor=actor)]
            self.staff_options = [Option(str(u.id), u.name) for u in class_schedule.staff_members(session, actor=actor)]
        self.monday = monday.isoformat()
        tz, lang = org.timezone, self.lang
        self.timezone = timezone_label(tz, lang)
        self.week_label = f"{_day(monday, tz, lang)} – {_day(monday + timedelta(days=6), tz, lang)}"
        by_day: dict[date, list[SessionCard]] = {}
        for row in found:
            cs = row.session
            by_day.setdefault(cs.starts_at.astimezone(ZoneInfo(tz)).date(), []).append(SessionCard(
                cs.id, routes.schedule_session(cs.id), fmt_time_range(cs.starts_at, cs.ends_at, tz, lang),
                row.service_name, f"{row.booked}/{cs.capacity}", row.booked >= cs.capacity, row.flagged, cs.online_booking,
                row.staff_name, cs.location or "", cs.cancelled,
                self._n("{booked} of {count} place booked", "{booked} of {count} places booked", cs.capacity, booked=row.booked)))
        self.days = [DayColumn(_day(day, tz, lang), by_day[day]) for day in sorted(by_day)]
        self.session_count = len(found)

    def _go(self, monday: date):
        self.monday = monday.isoformat()
        return rx.redirect(f"{routes.SCHEDULE}?week={self.monday}")

    @rx.event
    def previous_week(self):
        return self._go(self._monday() - timedelta(days=7))

    @rx.event
    def next_week(self):
        return self._go(self._monday() + timedelta(days=7))

    @rx.event
    def this_week(self):
        self.monday = ""
        return rx.redirect(routes.SCHEDULE)

    @rx.event
    def open_new(self):
        self.dialog_open, self.form_error, self.form_field, self.repeat = True, "", "", "once"
        self._choose(self.services[0].value if self.services else "")

    def _choose(self, service_id: str) -> None:
        self.chosen = next((dict(s.defaults) for s in self.services if s.value == service_id), {})

    @rx.event
    def choose_class(self, service_id: str):
        self._choose(service_id)

    @rx.event
    def set_chosen(self, key: str, value: str):
        if key in ("duration", "capacity", "credit_cost", "window_hours"):
            self.chosen = {**self.chosen, key: str(value)[:10]}

    @rx.event
    def set_dialog_open(self, is_open: bool):
        self.dialog_open = is_open

    @rx.event
    def set_repeat(self, value: str):
        self.repeat = "weekly" if value == "weekly" else "once"

    @rx.event
    def create(self, form: dict):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                new = class_schedule.new_sessions_from_form(session, actor=actor, form={**form, "repeat": self.repeat})
                created = class_schedule.create_sessions(session, actor=actor, new=new, now=utcnow())
                tz = session.get(Organization, actor.organization_id).timezone
        except DomainError as error:
            self.form_error = self._message(error)
            self.form_field = error.field if isinstance(error, ValidationFailed) and error.field else ""
            return None
        self.dialog_open, self.form_error, self.form_field = False, "", ""
        self.notice = self._n("{count} session created.", "{count} sessions created.", len(created)) if len(created) > 1 \
            else self._("Session created.")
        return self._go(class_schedule.week_start_of(created[0].starts_at.astimezone(ZoneInfo(tz)).date()))
