"""Availability → the week: edit one weekday's intervals and save that day."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.domain.hours import later_by
from bookingapp.services import availability_settings
from bookingapp.states.availability import AvailabilityState

DEFAULT_INTERVAL = ("09:00", "17:00")


class WeekHoursState(AvailabilityState):
    def _pairs(self, weekday: int) -> list[tuple[str, str]]:
        return [(i.start, i.end) for i in self.days[weekday].intervals]

    def _replace(self, weekday: int, pairs: list[tuple[str, str]], *, error: str = "", saved: bool = False) -> None:
        days = list(self.days)
        days[weekday] = self._day_row(weekday, pairs, error=error, saved=saved)
        self.days = days

    def _edit(self, weekday: int, index: int, position: int, value: str) -> None:
        if not 0 <= weekday < len(self.days) or not 0 <= index < len(self.days[weekday].intervals):
            return
        pairs = self._pairs(weekday)
        pair = list(pairs[index])
        pair[position] = value
        pairs[index] = (pair[0], pair[1])
        self._replace(weekday, pairs, error=self.days[weekday].error)

    @rx.event
    def set_start(self, weekday: int, index: int, value: str):
        self._edit(weekday, index, 0, value)

    @rx.event
    def set_end(self, weekday: int, index: int, value: str):
        self._edit(weekday, index, 1, value)

    @rx.event
    def add_interval(self, weekday: int):
        if not 0 <= weekday < len(self.days):
            return
        pairs = self._pairs(weekday)
        if not pairs:
            pairs.append(DEFAULT_INTERVAL)
        else:  # after the last one, with an hour's gap: the usual break
            start = later_by(pairs[-1][1], 1)
            pairs.append((start, later_by(start, 2)))
        self._replace(weekday, pairs)

    @rx.event
    def remove_interval(self, weekday: int, index: int):
        if not 0 <= weekday < len(self.days) or not 0 <= index < len(self.days[weekday].intervals):
            return
        pairs = self._pairs(weekday)
        del pairs[index]
        self._replace(weekday, pairs)

    def _write(self, weekday: int, change, show) -> None:
        """Run one availability change with this day's intervals as typed, then `show` what
        it wrote once committed; a refusal shows in the day's row."""
        actor = self._actor()
        if actor is None or not 0 <= weekday < len(self.days):
            return
        pairs = self._pairs(weekday)
        try:
            with unit_of_work() as session:
                result = change(session, actor, pairs)
        except DomainError as error:
            self._replace(weekday, pairs, error=self._message(error))
            return
        show(result, pairs)
        self.no_hours = not any(day.intervals for day in self.days)

    @rx.event
    def save_day(self, weekday: int):
        self._write(
            weekday,
            lambda session, actor, pairs: availability_settings.set_day_hours(
                session, actor=actor, staff_user_id=self._member(), weekday=weekday, intervals=pairs),
            lambda saved, _: self._replace(weekday, [(f"{i.start:%H:%M}", f"{i.end:%H:%M}") for i in saved], saved=True))

    @rx.event
    def fill_closed_days(self, weekday: int):
        """This day's intervals (as typed) on every closed day; open days stay as they are."""
        def show(filled: list[int], pairs: list[tuple[str, str]]) -> None:
            for day in filled:
                self._replace(day, pairs, saved=True)

        self._write(
            weekday,
            lambda session, actor, pairs: availability_settings.fill_closed_days(
                session, actor=actor, staff_user_id=self._member(), intervals=pairs),
            show)
