"""The staff's "Promote" from a session's waitlist, asked first: it takes credits and emails the
customer, so the dialog names who (with the email: two customers may share a name) and says so."""

from __future__ import annotations

import reflex as rx

from bookingapp.states.class_session import ClassSessionState


class WaitlistPromoteState(ClassSessionState):
    promote_entry_id: int = 0
    promote_question: str = ""

    @rx.event
    def ask_promote(self, entry_id: int, name: str, email: str):
        who = f"{name} ({email})" if email else name
        cost = self.credit_cost
        if cost <= 0:
            what = self._("They will get an email.")
        else:
            what = self._n("{count} credit will be taken and they will get an email.", "{count} credits will be taken and they will get an email.", cost)
        self.promote_question = self._("Move {who} into the class?").format(who=who) + " " + what
        self.promote_entry_id = entry_id

    @rx.event
    def set_promote_open(self, is_open: bool):
        if not is_open:
            self.promote_entry_id = 0
