"""Dashboard → Inbox."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import empty_state
from bookingapp.components.layout import dashboard_shell


def inbox_page() -> rx.Component:
    return dashboard_shell(
        "Inbox",
        empty_state("inbox", "No requests waiting", "When a customer asks for a date, the request appears here with the time left to answer it."),
    )
