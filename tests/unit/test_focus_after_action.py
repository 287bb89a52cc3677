"""Where keyboard focus goes after an action removes a card (states/focus.py)."""

from bookingapp.states.focus import MAIN_ID, next_card


def test_focus_goes_to_the_card_that_followed_the_one_acted_on():
    assert next_card(["a", "b", "c"], ["a", "c"], "b") == "c"


def test_after_the_last_card_focus_goes_to_the_one_before_it():
    assert next_card(["a", "b", "c"], ["a", "b"], "c") == "b"


def test_a_card_that_moved_to_another_list_is_skipped_for_the_next_one():
    # Propose: request-b leaves the requests and shows up as proposal-b further down.
    before = ["request-a", "request-b", "request-c"]
    assert next_card(before, ["request-a", "request-c", "proposal-b"], "request-b") == "request-c"


def test_a_card_that_stays_keeps_the_focus_and_an_empty_inbox_focuses_the_main_region():
    assert next_card(["a", "b"], ["a", "b"], "b") == "b"
    assert next_card(["a"], [], "a") == MAIN_ID
    assert next_card([], ["x"], "gone") == "x"
