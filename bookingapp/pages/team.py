"""Placeholder for issue 19: Team (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.layout import dashboard_shell


def team_page() -> rx.Component:
    return dashboard_shell("Team", rx.text("…"))
