"""Availability → time off: for the chosen member or (owner) the whole business. Bookings
inside new time off stay booked and are listed with a link to move each one."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_datetime_range
from bookingapp.domain.hours import parse_local_moment
from bookingapp.models import Organization
from bookingapp.services import availability_settings
from bookingapp.states.availability import AvailabilityState


def time_off_saved(state, count: int) -> str:
    """What saving time off says, wherever it was added (Availability, the agenda's grid)."""
    if count:
        return state._n("Time off saved. {count} booking falls inside it: it stays booked until you move it.",
                        "Time off saved. {count} bookings fall inside it: they stay booked until you move them.", count)
    return state._("Time off saved. No bookings fall inside it.")


@dataclass
class ConflictRow:
    reference: str
    customer: str
    service: str
    when: str
    href: str
    rebook_label: str


class TimeOffState(AvailabilityState):
    scope: str = "member"  # "member" | "business" (the owner only)
    starts_value: str = ""  # the datetime-local inputs, in the business's timezone
    ends_value: str = ""
    reason_value: str = ""
    time_off_error: str = ""
    time_off_field: str = ""
    time_off_notice: str = ""
    conflicts: list[ConflictRow] = []
    remove_id: int = 0  # the time off waiting for "Remove?" to be confirmed
    remove_when: str = ""

    @rx.event
    def reset_time_off_form(self):
        self.scope = "member"
        self.starts_value = ""
        self.ends_value = ""
        self.reason_value = ""
        self.time_off_error = ""
        self.time_off_field = ""
        self.time_off_notice = ""
        self.conflicts = []

    @rx.event
    def set_scope(self, value: str):
        self.scope = "business" if value == "business" and self.is_owner else "member"

    @rx.event
    def set_starts_value(self, value: str):
        self.starts_value = value

    @rx.event
    def set_ends_value(self, value: str):
        self.ends_value = value

    @rx.event
    def set_reason_value(self, value: str):
        self.reason_value = value

    @rx.event
    def add_time_off(self):
        actor = self._actor()
        if actor is None:
            return
        self.time_off_notice = ""
        self.conflicts = []
        try:
            with unit_of_work() as session:
                tz = session.get(Organization, actor.organization_id).timezone
                starts_at = parse_local_moment(self.starts_value, tz, field="starts_at")
                ends_at = parse_local_moment(self.ends_value, tz, field="ends_at")
                added = availability_settings.add_time_off(
                    session, actor=actor, staff_user_id=None if self.scope == "business" else self._member(),
                    starts_at=starts_at, ends_at=ends_at, reason=self.reason_value)
            self._refresh(actor)
        except DomainError as error:
            self.time_off_error = self._message(error)
            self.time_off_field = error.field if isinstance(error, ValidationFailed) and error.field else ""
            return
        self.time_off_error = ""
        self.time_off_field = ""
        self.starts_value = ""
        self.ends_value = ""
        self.reason_value = ""
        self.conflicts = [
            ConflictRow(c.reference, c.customer_name, c.service_name,
                        fmt_datetime_range(c.starts_at, c.ends_at, tz, self.lang),
                        routes.order(c.reference), self._("Rebook {reference}").format(reference=c.reference))
            for c in added.conflicts
        ]
        self.time_off_notice = time_off_saved(self, len(added.conflicts))

    @rx.event
    def ask_remove_time_off(self, time_off_id: int, when: str):
        self.remove_id = time_off_id
        self.remove_when = when

    @rx.event
    def set_remove_time_off_dialog(self, is_open: bool):
        if not is_open:
            self.remove_id = 0

    @rx.event
    def remove_time_off(self):
        actor = self._actor()
        if actor is None or not self.remove_id:
            return
        try:
            with unit_of_work() as session:
                availability_settings.remove_time_off(session, actor=actor, time_off_id=self.remove_id)
            self._refresh(actor)
        except DomainError as error:
            self.time_off_error = self._message(error)
            self.time_off_field = ""
        else:
            self.time_off_notice = self._("Time off removed.")
            self.conflicts = []
        self.remove_id = 0
