"""Attendance (issue 24): staff mark a confirmed booking or class place as attended or
no-show once its day has come.

A mark is not a status: the booking stays confirmed (its place, payment and history are
untouched) and `Booking.attendance` says attended, no_show or nothing. Marking again with
the same value changes nothing; the other value replaces it; None clears it.

Credits (class places): the business chooses whether a no-show keeps them (the default)
or gets them back. `credits_to_move` says how many go back (positive) or are taken again
(negative) for a change of mark, from what the place cost and what already went back.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bookingapp.domain.booking_states import Status
from bookingapp.domain.errors import DomainError
from bookingapp.domain.i18n_marks import N_


class Attendance(StrEnum):
    ATTENDED = "attended"
    NO_SHOW = "no_show"


LABELS: dict[str, str] = {Attendance.ATTENDED: N_("Attended"), Attendance.NO_SHOW: N_("No-show")}


class AttendanceRefused(DomainError):
    message = "Only a confirmed booking can be marked as attended or no-show."


class MarkedPlace(DomainError):
    message = "This place is marked as attended or no-show: clear the mark first, then remove it."


def check_removable(attendance: str | None) -> None:
    """A marked place is not cancelled: a no-show whose credits went back would get them twice."""
    if attendance:
        raise MarkedPlace()


def check_markable(*, status: str, starts_at: datetime, now: datetime, timezone: str) -> None:
    """Confirmed, and starting today or earlier in the business's zone; else refused."""
    if status != Status.CONFIRMED:
        raise AttendanceRefused()
    zone = ZoneInfo(timezone)
    if starts_at.astimezone(zone).date() > now.astimezone(zone).date():
        raise AttendanceRefused("This booking is on a later day: mark it on the day or after.")


def is_markable(*, status: str, starts_at: datetime, now: datetime, timezone: str) -> bool:
    """Whether the two buttons are offered (the same rule, without the reason)."""
    try:
        check_markable(status=status, starts_at=starts_at, now=now, timezone=timezone)
    except AttendanceRefused:
        return False
    return True


def credits_to_move(*, mark: Attendance | None, keeps_credits: bool, spent: int, returned: int) -> int:
    """Credits to give back (> 0) or take again (< 0) so that a no-show of a business that
    returns credits has all of the place's `spent` credits back, and any other mark none;
    `returned`: how many already went back for this place."""
    target = spent if mark == Attendance.NO_SHOW and not keeps_credits else 0
    return target - returned
