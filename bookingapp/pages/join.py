"""Placeholder for issue 19: Join the team (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.layout import dashboard_shell


def join_page() -> rx.Component:
    return dashboard_shell("Join the team", rx.text("…"))
