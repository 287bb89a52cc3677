"""Placeholder for issue 19: Service (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.layout import dashboard_shell


def service_editor_page() -> rx.Component:
    return dashboard_shell("Service", rx.text("…"))
