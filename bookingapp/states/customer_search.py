"""Staff search-as-you-type for a customer (adding a booking or a class participant).

Pages embed `components.customer_search.customer_search(...)`; the picked customer is in
`picked_id` / `picked_name` / `picked_alert`, and an optional page handler is called too.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.errors import DomainError
from bookingapp.services import customers
from bookingapp.states.base import AppState


@dataclass
class CustomerOption:
    id: int
    name: str
    email: str
    alert: str


class CustomerSearchState(AppState):
    customer_query: str = ""
    customer_options: list[CustomerOption] = []
    picked_id: int = 0
    picked_name: str = ""
    picked_alert: str = ""
    search_error: str = ""

    @rx.event
    def search_customers(self, value: str):
        self.customer_query, self.search_error = value, ""
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                hits = customers.search_customers(session, actor=actor, query=value)
        except DomainError as error:
            self.customer_options, self.search_error = [], self._message(error)
            return
        self.customer_options = [CustomerOption(h.id, h.name, h.email, h.alert) for h in hits]

    @rx.event
    def pick_customer(self, customer_id: int):
        chosen = next((o for o in self.customer_options if o.id == customer_id), None)
        if chosen is None:
            return
        self.picked_id, self.picked_name, self.picked_alert = chosen.id, chosen.name, chosen.alert
        self.customer_query, self.customer_options = "", []

    @rx.event
    def clear_pick(self):
        self.picked_id, self.picked_name, self.picked_alert = 0, "", ""
