"""Placeholder for issue 19: Share your booking page (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.layout import dashboard_shell


def share_page() -> rx.Component:
    return dashboard_shell("Share your booking page", rx.text("…"))
