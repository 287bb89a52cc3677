"""The inbox's answers to a customer who replied to a proposal (issue 21): a message only,
or confirm the time they suggested. Proposing new times again is the inbox's own propose
dialog. The dialog, selection and message live in InboxState."""

from __future__ import annotations

import reflex as rx

from bookingapp.domain.i18n_marks import N_
from bookingapp.integrations.gateways import get_gateway
from bookingapp.services import conversations, requests
from bookingapp.states.inbox import InboxState


class InboxConversationState(InboxState):
    suggested_label: str = ""
    suggested_location_tbd: bool = False

    @rx.event
    def open_reply(self, booking_id: int, label: str):
        self._open("reply", booking_id, label)

    @rx.event
    def open_confirm_suggested(self, booking_id: int, label: str, suggested: str, location_tbd: bool):
        self._open("suggested", booking_id, label)
        self.suggested_label, self.suggested_location_tbd = suggested, location_tbd

    @rx.event
    def send_reply(self):
        return self._act(lambda s, a: conversations.reply_to_customer(s, actor=a, booking_id=self.selected_id, message=self.message),
                         "Message sent. The customer has been emailed; their answer comes back to you.")

    @rx.event
    def confirm_suggested(self):
        return self._act(lambda s, a: requests.confirm_suggested_time(s, actor=a, booking_id=self.selected_id, gateway=get_gateway(),
                                                                      message=self.message, address=self.address),
                         N_("Booking confirmed at the time the customer suggested. The customer has been emailed."))
