"""Dashboard → Availability: whose hours are shown, and everything the page lists for them
(weekly hours, date overrides, time off). The forms that change them are substates:
`availability_week`, `availability_overrides`, `availability_time_off`."""

from __future__ import annotations

from dataclasses import dataclass, field

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.errors import DomainError
from bookingapp.domain.formatting import (
    fmt_clock_range,
    fmt_datetime,
    fmt_datetime_range,
    fmt_day,
    timezone_label,
    weekday_name,
)
from bookingapp.domain.hours import Interval
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Organization
from bookingapp.services import availability_settings
from bookingapp.services.actors import Actor
from bookingapp.states.base import AppState


@dataclass
class MemberOption:
    value: str
    label: str


@dataclass
class IntervalRow:
    start: str  # "HH:MM", as the time input holds it
    end: str
    start_label: str
    end_label: str
    remove_label: str


@dataclass
class DayRow:
    weekday: int
    name: str
    intervals: list[IntervalRow] = field(default_factory=list)
    error: str = ""
    saved: bool = False
    add_label: str = ""
    save_label: str = ""
    fill_label: str = ""


@dataclass
class OverrideRow:
    day: str  # ISO date
    label: str
    hours: str  # "09:00–12:00, 14:00–18:00", or "Closed"
    past: bool
    remove_label: str


@dataclass
class TimeOffRow:
    id: int
    who: str
    when: str
    reason: str
    can_remove: bool
    remove_label: str


class AvailabilityState(AppState):
    members: list[MemberOption] = []
    member_id: str = ""
    member_name: str = ""
    is_owner: bool = False
    tz: str = ""
    timezone: str = ""  # "Central European Time (Europe/Berlin)"
    days: list[DayRow] = []
    no_hours: bool = False
    empty_text: str = ""
    overrides: list[OverrideRow] = []
    time_off: list[TimeOffRow] = []
    load_error: str = ""

    def _interval_rows(self, context: str, pairs: list[tuple[str, str]]) -> list[IntervalRow]:
        """Rows of time inputs, each with labels a screen reader can tell apart."""
        rows = []
        for number, (start, end) in enumerate(pairs, start=1):
            rows.append(IntervalRow(
                start, end,
                self._("{day}, interval {number}: from").format(day=context, number=number),
                self._("{day}, interval {number}: until").format(day=context, number=number),
                self._("Remove interval {number} of {day}").format(day=context, number=number),
            ))
        return rows

    def _day_row(self, weekday: int, pairs: list[tuple[str, str]], *, error: str = "", saved: bool = False) -> DayRow:
        name = weekday_name(weekday, self.lang)
        return DayRow(weekday, name, self._interval_rows(name, pairs), error, saved,
                      self._("Add an interval to {day}").format(day=name), self._("Save {day}").format(day=name),
                      self._("Copy {day}'s hours to the closed days").format(day=name))

    def _hours_text(self, intervals: list[Interval]) -> str:
        return ", ".join(fmt_clock_range(i.start, i.end, self.lang) for i in intervals) if intervals else self._("Closed")

    def _member(self) -> int | None:
        return whole_number(self.member_id)

    def _refresh(self, actor: Actor) -> None:
        """Everything listed for the chosen member, read in one go."""
        member = self._member()
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            week = availability_settings.weekly_hours(session, actor=actor, staff_user_id=member)
            overrides = availability_settings.date_overrides(session, actor=actor, staff_user_id=member)
            time_off = availability_settings.upcoming_time_off(session, actor=actor, staff_user_id=member)
        self.tz = org.timezone
        self.timezone = timezone_label(org.timezone, self.lang)
        self.member_name = week.staff_name
        self.no_hours = week.empty
        self.empty_text = self._("No hours yet: customers cannot book {name} until you add some.").format(name=week.staff_name)
        self.days = [self._day_row(d, [(f"{i.start:%H:%M}", f"{i.end:%H:%M}") for i in week.days[d]]) for d in range(7)]
        self.overrides = [
            OverrideRow(o.day.isoformat(), fmt_day(o.day, self.lang), self._hours_text(o.intervals), o.past,
                        self._("Remove the hours for {day}").format(day=fmt_day(o.day, self.lang)))
            for o in overrides
        ]
        self.time_off = [
            TimeOffRow(e.id, e.staff_name or self._("Everyone (the whole business)"),
                       fmt_datetime_range(e.starts_at, e.ends_at, self.tz, self.lang),
                       e.reason, self.is_owner or e.staff_user_id == actor.id,
                       self._("Remove time off from {when}").format(when=fmt_datetime(e.starts_at, self.tz, self.lang)))
            for e in time_off
        ]

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        self.is_owner = actor.role == "owner"
        try:
            with read_only() as session:
                members = availability_settings.team_members(session, actor=actor)
            self.members = [MemberOption(str(m.id), m.name) for m in members]
            if self._member() not in {m.id for m in members}:
                self.member_id = str(actor.id)
            self._refresh(actor)
            self.load_error = ""
        except DomainError as error:
            self.load_error = self._message(error)

    @rx.event
    def choose_member(self, value: str):
        actor = self._actor()
        if actor is None:
            return
        if whole_number(value) in {whole_number(m.value) for m in self.members}:
            self.member_id = value
        try:
            self._refresh(actor)
            self.load_error = ""
        except DomainError as error:
            self.load_error = self._message(error)
