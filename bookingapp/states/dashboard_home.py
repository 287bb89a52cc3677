"""Dashboard → Home: the setup checklist until every step is done."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only
from bookingapp.services import setup_checklist
from bookingapp.states.base import AppState


class DashboardHomeState(AppState):
    loaded: bool = False
    service_done: bool = False
    hours_done: bool = False
    share_done: bool = False
    all_done: bool = False
    portal_href: str = ""

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            checklist = setup_checklist.setup_checklist(session, actor=actor)
        done = {step.key: step.done for step in checklist.steps}
        self.service_done = done["service"]
        self.hours_done = done["hours"]
        self.share_done = done["share"]
        self.all_done = checklist.done
        self.portal_href = routes.portal(checklist.portal_slug)
        self.loaded = True
