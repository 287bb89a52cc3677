"""Keyboard checks for dialogs: opened from the keyboard, focus moves inside and Tab stays there."""

from __future__ import annotations

from playwright.sync_api import Locator, Page, expect

_INSIDE = ("() => !!document.activeElement && document.activeElement !== document.body"
           " && !!document.activeElement.closest('[role=alertdialog],[role=dialog]')")


def focus_is_inside_a_dialog(page: Page) -> bool:
    return page.evaluate(_INSIDE)


def open_by_keyboard(page: Page, opener: Locator, role: str = "alertdialog", tabs: int = 4) -> Locator:
    """Focus the opener, press Enter; the dialog's first control has the focus and Tab does not leave it."""
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role(role)
    expect(dialog).to_be_visible()
    page.wait_for_function(_INSIDE, timeout=5000)
    for _ in range(tabs):
        page.keyboard.press("Tab")
        assert focus_is_inside_a_dialog(page), "Tab left the dialog"
    page.keyboard.press("Shift+Tab")
    assert focus_is_inside_a_dialog(page), "Shift+Tab left the dialog"
    return dialog
