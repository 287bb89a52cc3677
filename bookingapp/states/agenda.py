"""Dashboard → Agenda: the calendar of bookings and class sessions, a day or a week at a time."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import reflex as rx
from babel.dates import format_date

from bookingapp import routes
from bookingapp.db import read_only
from bookingapp.domain.booking_states import LABELS
from bookingapp.domain.formatting import fmt_time, timezone_label
from bookingapp.models import Organization, utcnow
from bookingapp.services import agenda
from bookingapp.states.base import AppState


@dataclass
class AgendaLine:
    kind: str
    time: str
    title: str
    detail: str
    status: str
    status_label: str
    alert: str
    href: str


@dataclass
class AgendaDayView:
    iso: str
    label: str
    today: bool
    lines: list[AgendaLine] = field(default_factory=list)


def _parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


class AgendaState(AppState):
    view: str = "week"
    day: str = ""
    range_label: str = ""
    timezone: str = ""
    days: list[AgendaDayView] = []
    empty: bool = True

    @rx.event
    def load(self):
        view, day = self._query("view"), self._query("day")
        self.view = view if view in ("day", "week") else "week"
        self.day = day if _parse_day(day) else ""
        self._fetch()

    def _today(self, org: Organization) -> date:
        return utcnow().astimezone(ZoneInfo(org.timezone)).date()

    def _fetch(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            today = self._today(org)
            anchor = _parse_day(self.day) or today
            first = agenda.week_start(anchor) if self.view == "week" else anchor
            org, days = agenda.agenda(session, actor=actor, first_day=first, days=7 if self.view == "week" else 1)
        lang, tz = self.lang, org.timezone
        self.day = anchor.isoformat()
        self.timezone = timezone_label(tz, lang)
        last = first + timedelta(days=len(days) - 1)
        self.range_label = (format_date(first, "EEEE, d MMMM y", locale=lang) if first == last else
                            f"{format_date(first, 'd MMM', locale=lang)} – {format_date(last, 'd MMM y', locale=lang)}")

        def line(item: agenda.AgendaItem) -> AgendaLine:
            time = f"{fmt_time(item.starts_at, tz, lang)}–{fmt_time(item.ends_at, tz, lang)}"
            if item.kind == "session":
                return AgendaLine("session", time, item.title, f"{item.detail} {self._('booked')}", "session",
                                  self._("Class"), item.alert, item.href)
            return AgendaLine("booking", time, item.title, item.detail, item.status,
                              self._(LABELS.get(item.status, item.status)), item.alert, item.href)

        self.days = [AgendaDayView(d.day.isoformat(), format_date(d.day, "EEE d MMM", locale=lang), d.day == today,
                                   [line(i) for i in d.items]) for d in days]
        self.empty = not any(d.lines for d in self.days)

    def _go(self, view: str, day: date | None):
        self.view = view
        self.day = day.isoformat() if day else ""
        self._fetch()
        address = f"{routes.AGENDA}?view={self.view}&day={self.day}"
        return rx.call_script(f"window.history.replaceState(window.history.state, '', {json.dumps(address)})")

    @rx.event
    def set_view(self, value: str | list[str]):
        value = value if isinstance(value, str) else ""
        return self._go(value if value in ("day", "week") else "week", _parse_day(self.day))

    @rx.event
    def previous(self):
        step = 7 if self.view == "week" else 1
        return self._go(self.view, (_parse_day(self.day) or datetime.now().date()) - timedelta(days=step))

    @rx.event
    def next(self):
        step = 7 if self.view == "week" else 1
        return self._go(self.view, (_parse_day(self.day) or datetime.now().date()) + timedelta(days=step))

    @rx.event
    def today(self):
        return self._go(self.view, None)

    @rx.event
    def open_day(self, iso: str):
        return self._go("day", _parse_day(iso))
