"""Availability → date overrides: different hours on one date, or closed that day."""

from __future__ import annotations

from datetime import date

import reflex as rx

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_day
from bookingapp.domain.hours import later_by
from bookingapp.services import availability_settings
from bookingapp.states.availability import AvailabilityState, IntervalRow
from bookingapp.states.availability_week import DEFAULT_INTERVAL


class DateOverridesState(AvailabilityState):
    override_day: str = ""  # the date input's "YYYY-MM-DD"
    override_intervals: list[IntervalRow] = []
    override_error: str = ""
    override_field: str = ""
    override_notice: str = ""
    remove_day: str = ""  # the override waiting for "Remove?" to be confirmed
    remove_day_label: str = ""

    def _pairs(self) -> list[tuple[str, str]]:
        return [(i.start, i.end) for i in self.override_intervals]

    def _set_pairs(self, pairs: list[tuple[str, str]]) -> None:
        self.override_intervals = self._interval_rows(self._("The chosen date"), pairs)

    @rx.event
    def reset_override_form(self):
        self.override_day = ""
        self.override_intervals = []
        self.override_error = ""
        self.override_field = ""
        self.override_notice = ""

    @rx.event
    def set_override_day(self, value: str):
        self.override_day = value
        self.override_notice = ""

    @rx.event
    def set_override_start(self, index: int, value: str):
        pairs = self._pairs()
        if 0 <= index < len(pairs):
            pairs[index] = (value, pairs[index][1])
            self._set_pairs(pairs)

    @rx.event
    def set_override_end(self, index: int, value: str):
        pairs = self._pairs()
        if 0 <= index < len(pairs):
            pairs[index] = (pairs[index][0], value)
            self._set_pairs(pairs)

    @rx.event
    def add_override_interval(self):
        pairs = self._pairs()
        if pairs:
            start = later_by(pairs[-1][1], 1)
            pairs.append((start, later_by(start, 2)))
        else:
            pairs.append(DEFAULT_INTERVAL)
        self._set_pairs(pairs)

    @rx.event
    def remove_override_interval(self, index: int):
        pairs = self._pairs()
        if 0 <= index < len(pairs):
            del pairs[index]
            self._set_pairs(pairs)

    @rx.event
    def save_override(self):
        actor = self._actor()
        if actor is None:
            return
        self.override_notice = ""
        try:
            try:
                day = date.fromisoformat(self.override_day.strip())
            except ValueError:
                raise ValidationFailed("Choose a date.", field="day") from None
            with unit_of_work() as session:
                saved = availability_settings.set_date_override(session, actor=actor, staff_user_id=self._member(), day=day,
                                                                intervals=self._pairs())
            self._refresh(actor)
        except DomainError as error:
            self.override_error = self._message(error)
            self.override_field = error.field if isinstance(error, ValidationFailed) and error.field else ""
            return
        label = fmt_day(saved.day, self.lang)
        self.override_notice = (self._("Saved: {day} is closed.") if not saved.intervals
                                else self._("Saved: different hours on {day}.")).format(day=label)
        self.override_day = ""
        self.override_intervals = []
        self.override_error = ""
        self.override_field = ""

    @rx.event
    def ask_remove_override(self, day: str, label: str):
        self.remove_day = day
        self.remove_day_label = label

    @rx.event
    def set_remove_dialog(self, is_open: bool):
        if not is_open:
            self.remove_day = ""

    @rx.event
    def remove_override(self):
        actor = self._actor()
        if actor is None or not self.remove_day:
            return
        try:
            with unit_of_work() as session:
                availability_settings.remove_date_override(session, actor=actor, staff_user_id=self._member(),
                                                           day=date.fromisoformat(self.remove_day))
            self._refresh(actor)
        except (DomainError, ValueError) as error:
            self.override_error = self._message(error) if isinstance(error, DomainError) else self._("Not found.")
            self.override_field = ""
        else:
            self.override_notice = self._("{day} follows the weekly hours again.").format(day=self.remove_day_label)
        self.remove_day = ""
