"""Placeholder for issue 19: Home (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.layout import dashboard_shell


def dashboard_home_page() -> rx.Component:
    return dashboard_shell("Home", rx.text("…"))
