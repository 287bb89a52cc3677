"""Staff search-as-you-type for a customer, by name, email or phone (the new-booking page).

A mixin: a page's state takes it in, and the page embeds
`components.customer_search.customer_search(ThatState)`. The pick is in `picked_*`; the
options carry the customer's flag, so the alert shows *before* anyone is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp.db import read_only
from bookingapp.domain.errors import DomainError
from bookingapp.services import customers


@dataclass
class CustomerOption:
    id: int
    name: str
    email: str
    phone: str
    alert: str


class CustomerSearch(rx.State, mixin=True):
    customer_query: str = ""
    customer_options: list[CustomerOption] = []
    picked_id: int = 0
    picked_name: str = ""
    picked_contact: str = ""  # email and phone, as the option showed them
    picked_alert: str = ""
    search_error: str = ""

    def _show_pick(self, hit: customers.CustomerHit) -> None:
        self.picked_id = hit.id
        self.picked_name = hit.name
        self.picked_contact = " · ".join(part for part in (hit.email, hit.phone) if part)
        self.picked_alert = hit.alert

    def _on_pick_changed(self) -> None:
        """The page's hook: a pick (or its removal) may change what the page offers."""

    @rx.event
    def search_customers(self, value: str):
        self.customer_query = value
        self.search_error = ""
        actor = self._actor()
        if actor is None:
            return
        try:
            with read_only() as session:
                hits = customers.search_customers(session, actor=actor, query=value)
        except DomainError as error:
            self.customer_options = []
            self.search_error = self._message(error)
            return
        self.customer_options = [CustomerOption(h.id, h.name, h.email, h.phone, h.alert) for h in hits]

    @rx.event
    def pick_customer(self, customer_id: int):
        chosen = next((o for o in self.customer_options if o.id == customer_id), None)
        if chosen is None:
            return
        self._show_pick(customers.CustomerHit(chosen.id, chosen.name, chosen.email, chosen.phone, chosen.alert))
        self.customer_query = ""
        self.customer_options = []
        self._on_pick_changed()

    def _reset_search(self) -> None:
        """A fresh picker (the page opened again): no text, no options, nobody picked."""
        self.customer_query = ""
        self.customer_options = []
        self.search_error = ""
        self._clear_pick()

    def _clear_pick(self) -> None:
        self.picked_id = 0
        self.picked_name = ""
        self.picked_contact = ""
        self.picked_alert = ""

    @rx.event
    def clear_pick(self):
        self._clear_pick()
        self._on_pick_changed()
