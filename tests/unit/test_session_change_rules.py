"""The pure rules of staff cancellations (issue 22): the reasons list, the reason recorded,
which sessions "this and the rest of the series" means, and who is told of a change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.session_changes import (
    Scope,
    SessionSlot,
    cancellation_reason,
    clean_reasons,
    participants_are_told,
    sessions_to_cancel,
)

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
WEEK = timedelta(days=7)


def test_reasons_are_trimmed_deduplicated_and_kept_in_order():
    assert clean_reasons(["  Teacher  ill ", "", "teacher ill", "Room closed"]) == ["Teacher ill", "Room closed"]


def test_too_many_or_too_long_reasons_are_refused_not_cut():
    with pytest.raises(ValidationFailed):
        clean_reasons([f"Reason {i}" for i in range(21)])
    with pytest.raises(ValidationFailed):
        clean_reasons(["x" * 121])


@pytest.mark.parametrize("choice, note, expected", [
    ("Teacher ill", "", "Teacher ill"),
    ("", "Heating broken", "Heating broken"),
    ("Teacher ill", "Back next week", "Teacher ill: Back next week"),
])
def test_the_reason_recorded(choice, note, expected):
    assert cancellation_reason(choice=choice, note=note, allowed=["Teacher ill"]) == expected


def test_a_reason_not_on_the_list_or_none_at_all_is_refused():
    with pytest.raises(ValidationFailed):
        cancellation_reason(choice="Invented", note="", allowed=["Teacher ill"])
    with pytest.raises(ValidationFailed):
        cancellation_reason(choice="", note="   ", allowed=["Teacher ill"])


def _series(n: int, key: str | None = "k") -> list[SessionSlot]:
    return [SessionSlot(i + 1, NOW + (i + 1) * WEEK, key, False) for i in range(n)]


def test_the_rest_of_the_series_is_this_one_and_the_later_ones_only():
    slots = _series(5)
    assert sessions_to_cancel(slots[2], slots, Scope.SERIES, NOW) == [3, 4, 5]
    assert sessions_to_cancel(slots[2], slots, Scope.THIS, NOW) == [3]


def test_cancelled_started_and_other_series_sessions_are_left_out():
    slots = _series(4)
    slots[2] = SessionSlot(3, slots[2].starts_at, "k", True)
    slots.append(SessionSlot(9, NOW + 10 * WEEK, "other", False))
    assert sessions_to_cancel(slots[0], slots, Scope.SERIES, NOW) == [1, 2, 4]
    assert sessions_to_cancel(slots[0], slots, Scope.SERIES, NOW + WEEK) == [2, 4]  # the first has started


def test_a_session_without_a_series_has_no_rest():
    [alone] = _series(1, key=None)
    assert sessions_to_cancel(alone, _series(3, key=None), Scope.SERIES, NOW) == [1]


@given(st.lists(st.booleans(), min_size=1, max_size=12), st.integers(min_value=0, max_value=11))
def test_the_chosen_sessions_are_never_cancelled_and_never_before_this_one(cancelled, index):
    slots = [SessionSlot(i + 1, NOW + (i + 1) * WEEK, "k", c) for i, c in enumerate(cancelled)]
    this = slots[min(index, len(slots) - 1)]
    chosen = sessions_to_cancel(this, slots, Scope.SERIES, NOW)
    by_id = {s.id: s for s in slots}
    assert all(not by_id[i].cancelled and by_id[i].starts_at >= this.starts_at for i in chosen)
    assert len(chosen) == len(set(chosen))


def test_only_a_new_time_or_place_is_told():
    assert participants_are_told(old_start=NOW, new_start=NOW + WEEK, old_place="A", new_place="A")
    assert participants_are_told(old_start=NOW, new_start=NOW, old_place="A", new_place="B")
    assert not participants_are_told(old_start=NOW, new_start=NOW, old_place="A ", new_place="A")
