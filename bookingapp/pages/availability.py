"""Dashboard → Availability (/dashboard/availability): a team member's weekly hours, date
overrides and time off (staff see their own; the owner anyone's)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.availability import (
    member_picker,
    overrides_card,
    time_off_card,
    week_card,
)
from bookingapp.components.layout import dashboard_shell


def availability_page() -> rx.Component:
    return dashboard_shell("Availability", member_picker(), week_card(), overrides_card(), time_off_card())
