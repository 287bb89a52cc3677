"""The month calendar with availability dots, then the free times of the chosen day.

A mixin: the portal's booking page and the manage page's reschedule both use it; each
says which service's month to read (and which booking to leave out) in `_month_data`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import reflex as rx

from bookingapp.domain.formatting import (
    fmt_datetime,
    fmt_day_long,
    fmt_month,
    fmt_time,
    weekday_short_names,
)
from bookingapp.domain.i18n_marks import N_
from bookingapp.models import utcnow
from bookingapp.services.appointments import DayAvailability

MONTHS_AHEAD = 12
DOT_WORDS = {0: N_("no free times"), 1: N_("a few free times"), 2: N_("some free times"), 3: N_("many free times")}


@dataclass
class DayCell:
    iso: str  # "" for the blanks before the 1st
    number: str
    aria: str
    dots: int


@dataclass
class TimeChoice:
    iso: str  # UTC, ISO 8601
    label: str


class SlotPicker(rx.State, mixin=True):
    cal_year: int = 0
    cal_month: int = 0
    cal_title: str = ""
    weekdays: list[str] = []
    cells: list[DayCell] = []
    can_go_back: bool = False
    can_go_forward: bool = True
    day: str = ""
    day_label: str = ""
    times: list[TimeChoice] = []
    chosen_time: str = ""
    chosen_label: str = ""
    chosen_when: str = ""  # the chosen time in full, as every other date on the page: 'Tue, 22 Dec 2026, 12:00 CET'
    _slots_by_day: dict[str, list[str]] = {}
    _tz: str = "UTC"

    def _month_data(self, year: int, month_number: int) -> list[DayAvailability]:
        raise NotImplementedError

    def _show_month(self, year: int, month_number: int, tz: str) -> None:
        lang = self.lang
        self._tz, self.cal_year, self.cal_month = tz, year, month_number
        first = date(year, month_number, 1)
        self.cal_title = fmt_month(first, lang)
        self.weekdays = weekday_short_names(lang)
        days = self._month_data(year, month_number)
        self._slots_by_day = {d.day.isoformat(): [s.isoformat() for s in d.slots] for d in days}
        blanks = [DayCell("", "", "", 0)] * first.weekday()
        self.cells = blanks + [
            DayCell(d.day.isoformat(), str(d.day.day),
                    f"{fmt_day_long(d.day, lang)}: {self._(DOT_WORDS[d.dots])}", d.dots)
            for d in days
        ]
        today = utcnow().date()
        self.can_go_back = (year, month_number) > (today.year, today.month)
        months_ahead = (year - today.year) * 12 + month_number - today.month
        self.can_go_forward = months_ahead < MONTHS_AHEAD
        self.day, self.times = "", []
        self.chosen_time = self.chosen_label = self.chosen_when = ""

    def _open_first_month_with_room(self, tz: str) -> None:
        today = utcnow().date()
        year, month_number = today.year, today.month
        for _ in range(3):  # a full month opens on the next one, so people are not left on an empty page
            self._show_month(year, month_number, tz)
            if any(c.dots for c in self.cells):
                return
            year, month_number = (year + 1, 1) if month_number == 12 else (year, month_number + 1)
        self._show_month(today.year, today.month, tz)

    @rx.event
    def previous_month(self):
        if self.can_go_back:
            year, month_number = (self.cal_year - 1, 12) if self.cal_month == 1 else (self.cal_year, self.cal_month - 1)
            self._show_month(year, month_number, self._tz)

    @rx.event
    def next_month(self):
        if self.can_go_forward:
            year, month_number = (self.cal_year + 1, 1) if self.cal_month == 12 else (self.cal_year, self.cal_month + 1)
            self._show_month(year, month_number, self._tz)

    @rx.event
    def pick_day(self, iso: str):
        self._select_day(iso)

    def _select_day(self, iso: str) -> None:
        slots = self._slots_by_day.get(iso, [])
        self.day = iso
        self.day_label = fmt_day_long(date.fromisoformat(iso), self.lang) if iso else ""
        self.times = [TimeChoice(s, fmt_time(datetime.fromisoformat(s), self._tz, self.lang)) for s in slots]
        self.chosen_time = self.chosen_label = self.chosen_when = ""

    @rx.event
    def pick_time(self, iso: str, label: str):
        self.chosen_time, self.chosen_label = iso, label
        self.chosen_when = fmt_datetime(datetime.fromisoformat(iso), self._tz, self.lang) if iso else ""
