"""Placeholder for issue 19: Share your booking page (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.states.base import AppState


class ShareState(AppState):
    @rx.event
    def load(self):
        return None
