"""Placeholder for issue 19: Join the team (being built)."""

from __future__ import annotations

import reflex as rx

from bookingapp.states.base import AppState


class JoinState(AppState):
    @rx.event
    def load(self):
        return None
