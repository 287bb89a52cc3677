"""The provider's inbox of requests."""

from __future__ import annotations

import reflex as rx

from bookingapp.states.base import AppState


class InboxState(AppState):
    @rx.event
    def load(self):
        return None
