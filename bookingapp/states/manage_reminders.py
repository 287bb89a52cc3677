"""The manage page's reminder switch: the customer turns the reminder email before this
booking on or off, and sees at once what that means."""

from __future__ import annotations

import dataclasses

import reflex as rx

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.services import manage_booking
from bookingapp.states.manage import ManageState


class ManageRemindersState(ManageState):
    @rx.event
    def set_reminders(self, wanted: bool):
        try:
            with unit_of_work() as session:
                booking = manage_booking.set_reminders(session, token=self._param("token"), wanted=wanted is True)
        except NotFound:
            return self._link_gone()
        except DomainError as error:
            self.reminder = dataclasses.replace(self.reminder, notice="", error=self._message(error))
            return
        on = not booking.customer_reminders_off
        notice = (self._("Reminder on: we email you {period} before the start.").format(period=self.reminder.lead) if on
                  else self._("Reminder off: you get no reminder email for this booking."))
        self.reminder = dataclasses.replace(self.reminder, on=on, notice=notice, error="")
