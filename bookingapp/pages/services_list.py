"""Placeholder for issue 19: Services (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.layout import dashboard_shell


def services_page() -> rx.Component:
    return dashboard_shell("Services", rx.text("…"))
