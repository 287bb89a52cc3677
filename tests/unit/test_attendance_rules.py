"""Attendance rules (issue 24): who can be marked and when, and the credits a change of
mark moves."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bookingapp.domain.attendance import (
    Attendance,
    AttendanceRefused,
    check_markable,
    credits_to_move,
)

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin


@pytest.mark.parametrize("starts_at", [
    datetime(2026, 11, 20, 8, 0, tzinfo=UTC),  # days ago
    datetime(2026, 11, 23, 7, 0, tzinfo=UTC),  # an hour ago
    datetime(2026, 11, 23, 22, 30, tzinfo=UTC),  # 23:30 in Berlin: still today
    datetime(2026, 11, 22, 23, 30, tzinfo=UTC),  # 00:30 today in Berlin, yesterday in UTC
])
def test_a_confirmed_booking_of_today_or_earlier_can_be_marked(starts_at):
    check_markable(status="confirmed", starts_at=starts_at, now=NOW, timezone="Europe/Berlin")


def test_a_booking_on_a_later_day_in_the_business_zone_is_refused():
    tomorrow_berlin = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # 00:30 on Tuesday in Berlin
    with pytest.raises(AttendanceRefused, match="later day"):
        check_markable(status="confirmed", starts_at=tomorrow_berlin, now=NOW, timezone="Europe/Berlin")
    check_markable(status="confirmed", starts_at=tomorrow_berlin, now=NOW, timezone="UTC")  # same day in UTC


@pytest.mark.parametrize("status", ["cancelled", "requested", "pending_payment", "rejected", "expired", "no_show",
                                    "completed", "rebooking_requested"])
def test_only_a_confirmed_booking_can_be_marked(status):
    with pytest.raises(AttendanceRefused, match="Only a confirmed booking"):
        check_markable(status=status, starts_at=datetime(2026, 11, 20, tzinfo=UTC), now=NOW, timezone="UTC")


@pytest.mark.parametrize(("mark", "keeps", "spent", "returned", "move"), [
    (Attendance.NO_SHOW, True, 2, 0, 0),  # the default: a no-show keeps what it cost
    (Attendance.NO_SHOW, False, 2, 0, 2),  # returned
    (Attendance.NO_SHOW, False, 2, 2, 0),  # already returned: nothing twice
    (Attendance.ATTENDED, False, 2, 2, -2),  # un-marked: taken again
    (None, False, 2, 2, -2),  # cleared: taken again
    (Attendance.ATTENDED, True, 2, 2, -2),  # the switch changed since: what went back still comes back
    (Attendance.ATTENDED, False, 2, 0, 0),
    (Attendance.NO_SHOW, False, 0, 0, 0),  # a place without credits
])
def test_credits_a_change_of_mark_moves(mark, keeps, spent, returned, move):
    assert credits_to_move(mark=mark, keeps_credits=keeps, spent=spent, returned=returned) == move
