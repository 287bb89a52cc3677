"""Focus back on the opener when a dialog closes. Radix returns the focus to a dialog's Trigger,
but these dialogs open from buttons in lists (an event sets the state), so there is none: the page
remembers the last control focused outside any dialog, and the dialog's close focuses it again."""

from __future__ import annotations

import reflex as rx

_WATCH = ("if (!window.__dialogOpenerWatch) { window.__dialogOpenerWatch = true;"
          " document.addEventListener('focusin', (e) => {"
          " if (e.target instanceof HTMLElement && !e.target.closest('[role=dialog],[role=alertdialog]'))"
          " window.__dialogOpener = e.target; }, true); }")
_RETURN = ("setTimeout(() => { const e = window.__dialogOpener;"
           " if (e && e.isConnected && !document.activeElement?.closest('[role=dialog],[role=alertdialog]')) e.focus(); }, 0)")


def watch_opener() -> rx.EventSpec:
    """For the dialog root's on_mount: start remembering the opener (once per page)."""
    return rx.call_script(_WATCH)


def return_focus() -> rx.EventSpec:
    """For the dialog content's on_close_auto_focus."""
    return rx.call_script(_RETURN)
