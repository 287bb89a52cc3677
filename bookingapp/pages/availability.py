"""Placeholder for issue 19: Availability (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.layout import dashboard_shell


def availability_page() -> rx.Component:
    return dashboard_shell("Availability", rx.text("…"))
