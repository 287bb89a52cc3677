"""Placeholder for issue 19: Business (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.layout import dashboard_shell


def business_settings_page() -> rx.Component:
    return dashboard_shell("Business", rx.text("…"))
