"""Agenda → an empty time: the small dialog that offers "New booking here" (a link to the
new-booking page, prefilled) and "Block time" (time off for that staff member, saved by
`availability_settings.add_time_off`, so the portal stops offering the time at once).

Opened by clicking an empty time in the grid, or by the "Block time" button above it
(the way in for keyboards and phones, which have no grid)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_day_clock
from bookingapp.domain.hours import parse_local_moment
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Organization, utcnow
from bookingapp.services import availability_settings
from bookingapp.states.agenda import AgendaState, StaffOption
from bookingapp.states.availability_time_off import time_off_saved

EVERYONE = "all"  # the owner blocks the whole business
_CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def _day(text: object) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


class AgendaSlotState(AgendaState):
    slot_open: bool = False
    step: str = "menu"  # menu | block
    when_label: str = ""
    member: str = ""  # whose time: a member's id, or EVERYONE (block only)
    starts_value: str = ""  # datetime-local values, in the business's timezone
    ends_value: str = ""
    reason_value: str = ""
    slot_error: str = ""
    slot_field: str = ""
    block_options: list[StaffOption] = []
    own_member: str = ""  # the signed-in member, whose time anyone may block

    @rx.var
    def slot_booking_href(self) -> str:
        staff = self.member if self.member != EVERYONE else ""
        return routes.new_booking(staff=staff, at=self.starts_value)

    def _prepare(self, staff_id: int, start: datetime, step: str) -> None:
        actor = self._actor()
        if actor is None:
            return
        team = [o.value for o in self.team]
        own = str(actor.id) if str(actor.id) in team else (team[0] if team else "")
        self.own_member = own
        self.member = str(staff_id) if str(staff_id) in team else self.staff if self.staff in team else own
        self.block_options = ([StaffOption(EVERYONE, self._("Everyone (the whole business)")), *self.team]
                              if actor.role == "owner" else [o for o in self.team if o.value == own])
        self.starts_value = start.strftime(LOCAL_FORMAT)
        self.ends_value = (start + timedelta(hours=1)).strftime(LOCAL_FORMAT)
        self.when_label = fmt_day_clock(start.date(), start.time(), self.lang)
        self.reason_value = ""
        self.slot_error = ""
        self.slot_field = ""
        self.slot_open = True
        self.step = step
        if step == "block":
            self._only_blockable()

    def _only_blockable(self) -> None:
        """Staff block only their own time (the service refuses the rest): switch to it."""
        if self.member not in [o.value for o in self.block_options]:
            self.member = self.own_member

    @rx.event
    def pick(self, staff_id: int, iso: str, hhmm: str):
        clock = _CLOCK.fullmatch(str(hhmm))
        day = _day(iso)
        if day is None or clock is None:
            return
        at = datetime(day.year, day.month, day.day, int(clock.group(1)), int(clock.group(2)))
        self._prepare(staff_id if isinstance(staff_id, int) else 0, at, "menu")

    @rx.event
    def open_block_time(self):
        """From the button above the grid: the day shown, at the next full hour today or 09:00."""
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            tz = ZoneInfo(session.get(Organization, actor.organization_id).timezone)
        now = utcnow().astimezone(tz).replace(tzinfo=None)
        day = date.fromisoformat(self.day) if self.day else now.date()
        start = (now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1) if day == now.date()
                 else datetime(day.year, day.month, day.day, 9))
        self._prepare(whole_number(self.staff) or 0, start, "block")

    @rx.event
    def choose_block(self):
        self.step = "block"
        self.slot_error = ""
        self._only_blockable()

    @rx.event
    def back_to_menu(self):
        self.step = "menu"
        self.slot_error = ""

    @rx.event
    def close(self):
        """On every visit: a dialog left open when its link led to the new-booking page
        must not greet the user on the way back."""
        self.slot_open = False

    @rx.event
    def set_slot_open(self, is_open: bool):
        self.slot_open = bool(is_open)

    @rx.event
    def set_member(self, value: str):
        self.member = value if value in [o.value for o in self.team + self.block_options] else self.member

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
    def block_time(self):
        actor = self._actor()
        if actor is None:
            return
        whose = None if self.member == EVERYONE else whole_number(self.member)
        if whose is None and self.member != EVERYONE:
            self.slot_error = self._("Choose a team member.")
            self.slot_field = "member"
            return
        try:
            with unit_of_work() as session:
                tz = session.get(Organization, actor.organization_id).timezone
                added = availability_settings.add_time_off(
                    session, actor=actor, staff_user_id=whose,
                    starts_at=parse_local_moment(self.starts_value, tz, field="starts_at"),
                    ends_at=parse_local_moment(self.ends_value, tz, field="ends_at"), reason=self.reason_value)
        except DomainError as error:
            self.slot_error = self._message(error)
            self.slot_field = error.field if isinstance(error, ValidationFailed) and error.field else ""
            return
        self.notice = time_off_saved(self, len(added.conflicts))
        self.slot_open = False
        self._fetch(actor)
