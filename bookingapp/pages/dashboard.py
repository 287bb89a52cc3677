"""Dashboard sections that the flows fill in; until then they say what will appear."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import empty_state
from bookingapp.components.layout import dashboard_shell

SECTIONS = {
    "Agenda": ("calendar", "Your agenda is empty", "Confirmed bookings and class sessions appear here day by day, with flagged customers marked."),
    "Schedule": ("calendar-days", "No class sessions scheduled", "Create class sessions here; customers book them on your booking page."),
    "Customers": ("users", "No customers yet", "Customers appear here after their first booking, with their bookings, credits and alerts."),
    "Reports": ("chart-column", "No reports yet", "Reports on customers and money appear here once you have bookings."),
}


def placeholder_page(title: str):
    icon, heading, text = SECTIONS[title]

    def page() -> rx.Component:
        return dashboard_shell(title, empty_state(icon, heading, text))

    page.__name__ = f"{title.lower()}_page"
    return page
