"""Keyboard focus after an action: on the card the user works on next, not on the page body.

A card that an action removes takes the focus with it (Radix gives it back to the dialog's
trigger, which is gone, so it lands on <body> and the next Tab starts at the top of the
page). These helpers pick the card that took its place and move focus and view there.
"""

from __future__ import annotations

import json

import reflex as rx

MAIN_ID = "main"  # the page's <main> (components/layout.py); the skip link points here too

# Waits for an open dialog to finish closing (Radix moves focus to the trigger as it
# unmounts) and for the element to be rendered, then scrolls it to the middle and focuses
# it. Gives up quietly after about a second: focus then stays where the browser put it.
_SCRIPT = """
(function (ids) {
  var tries = 0;
  function target() {
    for (var i = 0; i < ids.length; i++) {
      var el = ids[i] && document.getElementById(ids[i]);
      if (el) return el;
    }
    return null;
  }
  function go() {
    var open = document.querySelector("[role=dialog], [role=alertdialog]");
    var el = target();
    if ((open || !el) && tries++ < 40) return setTimeout(go, 25);
    if (!el) return;
    setTimeout(function () {
      el.scrollIntoView({ block: "center" });
      el.focus({ preventScroll: true });
    }, 30);
  }
  go();
})(%s);
"""


def focus_first(*element_ids: str) -> rx.event.EventSpec:
    """Focus the first of these elements that is on the page (it needs tabindex=-1 unless
    it is a control)."""
    return rx.call_script(_SCRIPT % json.dumps(list(element_ids)))


def next_card(before: list[str], after: list[str], gone: str) -> str:
    """The card to work on after `gone` was acted on: the one that followed it when it was
    acted on, else the one before it, else the page's main region. `before` and `after`
    are the card ids in page order before and after the action."""
    if gone in after:
        return gone
    remaining = set(after)
    if gone in before:
        index = before.index(gone)
        for card in [*before[index + 1:], *reversed(before[:index])]:
            if card in remaining:
                return card
    return after[0] if after else MAIN_ID
