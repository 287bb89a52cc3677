"""Dashboard → Services: the services of each kind in portal order, archived ones apart."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.domain.formatting import fmt_minutes, fmt_money
from bookingapp.services import catalog
from bookingapp.states.base import AppState


@dataclass
class ServiceRow:
    id: int
    name: str
    href: str
    details: str  # "30 min · €45.00 · Anna, Ben"
    online: bool
    first: bool
    last: bool


class ServicesState(AppState):
    appointments: list[ServiceRow] = []
    requests: list[ServiceRow] = []
    classes: list[ServiceRow] = []
    archived: list[ServiceRow] = []
    portal_href: str = ""
    notice: str = ""
    error: str = ""
    loaded: bool = False

    def _row(self, summary: catalog.ServiceSummary, index: int, count: int) -> ServiceRow:
        s = summary.service
        if s.kind == "class":
            price = self._n("{count} credit", "{count} credits", s.credit_cost)
        else:
            price = fmt_money(s.price_minor, s.currency, self.lang) if s.price_minor else self._("Free")
        parts = [fmt_minutes(s.duration_minutes, self.lang), price]
        if summary.staff_names:
            parts.append(", ".join(summary.staff_names))
        return ServiceRow(s.id, s.name, routes.service_edit(s.id), " · ".join(parts), s.online_booking,
                          index == 0, index == count - 1)

    def _fill(self, actor) -> None:
        with read_only() as session:
            summaries = catalog.list_services(session, actor=actor)
        active = {kind: [x for x in summaries if x.service.active and x.service.kind == kind] for kind in catalog.KINDS}
        rows = {kind: [self._row(x, i, len(group)) for i, x in enumerate(group)] for kind, group in active.items()}
        self.appointments, self.requests, self.classes = rows["appointment"], rows["request"], rows["class"]
        gone = [x for x in summaries if not x.service.active]
        self.archived = [self._row(x, i, len(gone)) for i, x in enumerate(gone)]
        self.portal_href = routes.portal(self.org_slug)
        self.loaded = True

    @rx.event
    def load(self):
        self.notice = self.error = ""
        actor = self._actor()
        if actor is not None:
            self._fill(actor)

    def _act(self, action, service_id: int, notice: str):
        actor = self._actor()
        if actor is None:
            return
        try:
            with unit_of_work() as session:
                action(session, actor=actor, service_id=service_id)
        except DomainError as error:
            self.error, self.notice = self._message(error), ""
            return
        self.error, self.notice = "", notice
        self._fill(actor)

    @rx.event
    def move_up(self, service_id: int):
        self._act(lambda session, **kw: catalog.move_service(session, direction="up", **kw), service_id, "")

    @rx.event
    def move_down(self, service_id: int):
        self._act(lambda session, **kw: catalog.move_service(session, direction="down", **kw), service_id, "")

    @rx.event
    def restore(self, service_id: int):
        self._act(catalog.restore_service, service_id, self._("Service restored."))
