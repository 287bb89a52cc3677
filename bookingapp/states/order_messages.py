"""The order page's reply box (issue 21): staff write to the customer about the booking."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.services import conversations
from bookingapp.states.order_page import OrderState


class OrderMessagesState(OrderState):
    draft: str = ""
    message_error: str = ""  # next to the box, apart from the page's dialogs' errors

    @rx.event
    def set_draft(self, value: str):
        self.draft = value

    @rx.event
    def send(self):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                conversations.reply_to_customer(session, actor=actor, booking_id=self.booking_id, message=self.draft)
        except DomainError as error:
            self.message_error = self._message(error)
            return None
        self.draft, self.message_error = "", ""
        self.notice = self._("Message sent. The customer has been emailed; their answer comes back to you.")
        return OrderState.load
