"""How long a waitlist offer lasts, when the waitlist is open, and how many offers go out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bookingapp.domain.waitlist_rules import (
    MIN_OFFER,
    START_MARGIN,
    can_take_offer,
    is_open,
    next_position,
    offer_expires_at,
    offers_to_make,
    shown_position,
)

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def _ends(starts_in: timedelta, minutes: int = 120) -> datetime:
    return offer_expires_at(now=NOW, starts_at=NOW + starts_in, offer_minutes=minutes)


def test_far_from_the_start_an_offer_lasts_the_organizations_setting():
    assert _ends(timedelta(days=2), 120) == NOW + 2 * HOUR
    assert _ends(timedelta(days=2), 45) == NOW + timedelta(minutes=45)


def test_close_to_the_start_an_offer_ends_the_margin_before_the_class():
    assert _ends(90 * timedelta(minutes=1)) == NOW + timedelta(minutes=90) - START_MARGIN


def test_an_offer_always_gives_the_minimum_time_when_the_class_allows_it():
    assert _ends(timedelta(minutes=40)) == NOW + MIN_OFFER


def test_an_offer_never_outlives_the_start_of_the_class():
    assert _ends(timedelta(minutes=10)) == NOW + timedelta(minutes=10)


def test_a_setting_below_one_minute_counts_as_the_minimum():
    assert _ends(timedelta(days=1), 0) == NOW + MIN_OFFER


@given(starts_in=st.integers(min_value=1, max_value=14 * 24 * 60), minutes=st.integers(min_value=-5, max_value=7 * 24 * 60))
def test_an_offer_ends_after_it_is_made_and_no_later_than_the_start_or_the_setting(starts_in, minutes):
    starts_at = NOW + timedelta(minutes=starts_in)
    ends = offer_expires_at(now=NOW, starts_at=starts_at, offer_minutes=minutes)
    assert NOW < ends <= starts_at
    assert ends <= NOW + max(timedelta(minutes=minutes), MIN_OFFER)


def test_the_waitlist_closes_at_the_start_and_when_the_session_is_cancelled():
    assert is_open(starts_at=NOW + timedelta(seconds=1), cancelled=False, now=NOW)
    assert not is_open(starts_at=NOW, cancelled=False, now=NOW)
    assert not is_open(starts_at=NOW + HOUR, cancelled=True, now=NOW)


def test_one_offer_per_free_place_and_never_more_than_people_waiting():
    assert offers_to_make(free_places=1, open_offers=0, waiting=3) == 1
    assert offers_to_make(free_places=2, open_offers=1, waiting=3) == 1
    assert offers_to_make(free_places=1, open_offers=1, waiting=3) == 0
    assert offers_to_make(free_places=3, open_offers=0, waiting=2) == 2
    # Capacity lowered below the open offers: nothing new goes out.
    assert offers_to_make(free_places=0, open_offers=2, waiting=3) == 0


def test_positions_count_from_one_and_are_never_reused():
    assert next_position([]) == 1
    assert next_position([1, 2, 5]) == 6
    assert shown_position(ahead=0) == 1
    assert shown_position(ahead=2) == 3


# --- who may get an offer (issue 22) -------------------------------------------------------


@pytest.mark.parametrize(("balance", "cost", "pay_on_site", "offered"), [
    (2, 2, False, True),  # exactly enough
    (1, 2, False, False),  # cannot pay: passed over
    (0, 2, True, True),  # the business lets them pay on site
    (0, 0, False, True),  # a free class needs no credits
])
def test_an_offer_goes_only_to_someone_who_can_pay(balance, cost, pay_on_site, offered):
    assert can_take_offer(balance=balance, cost=cost, pay_on_site=pay_on_site) is offered
