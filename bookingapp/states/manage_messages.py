"""The manage page's conversation (issue 21): the customer answers a proposal (and may
suggest a time of their own) or writes to the provider about the booking."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx

from bookingapp.domain.errors import ValidationFailed
from bookingapp.services import conversations, requests
from bookingapp.states.manage import ManageState


class ManageMessagesState(ManageState):
    draft: str = ""
    suggest_date: str = ""
    suggest_time: str = ""

    @rx.event
    def set_draft(self, value: str):
        self.draft = value

    @rx.event
    def set_suggest_date(self, value: str):
        self.suggest_date = value

    @rx.event
    def set_suggest_time(self, value: str):
        self.suggest_time = value

    def _suggested(self) -> datetime | None:
        if not self.suggest_date and not self.suggest_time:
            return None
        try:
            local = datetime.fromisoformat(f"{self.suggest_date}T{self.suggest_time}")
        except ValueError:
            raise ValidationFailed("Choose a date and a time.", field="suggested") from None
        return local.replace(tzinfo=ZoneInfo(self._tz))

    @rx.event
    def send(self):
        token = self._param("token")
        if self.status == "reschedule_proposed":
            try:
                suggested = self._suggested()
            except ValidationFailed as error:
                self.error = self._message(error)
                return None
            result = self._act(lambda s: requests.reply_to_proposal(s, token=token, message=self.draft, suggested_starts_at=suggested),
                               "Your message was sent to the provider.")
        else:
            result = self._act(lambda s: conversations.write_to_provider(s, token=token, message=self.draft),
                               "Your message was sent to the provider.")
        if not self.error:
            self.draft = self.suggest_date = self.suggest_time = ""
        return result
