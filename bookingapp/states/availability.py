"""Placeholder for issue 19: Availability (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.states.base import AppState


class AvailabilityState(AppState):
    @rx.event
    def load(self):
        return None
