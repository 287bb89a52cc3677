"""Dashboard → Settings: which payment and email modes this installation runs."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.models import Organization, utcnow
from bookingapp.services import attendance, class_schedule, waitlist
from bookingapp.settings import get_settings
from bookingapp.states.base import AppState

PAYMENT_MODES = {
    "local": "Local test mode: test cards only, no real charge",
    "stripe_test": "Stripe, test mode",
    "stripe_live": "Stripe, live: real charges",
}
EMAIL_MODES = {
    "local": "Local mailbox: nothing leaves this machine (see Dev mailbox)",
    "resend": "Resend: emails are delivered",
}


class SettingsPageState(AppState):
    payments_mode: str = ""
    email_mode: str = ""
    payments_label: str = ""
    email_label: str = ""
    webhook_ready: bool = False
    allow_recurring: bool = False
    waitlist_pay_on_site: bool = False
    no_show_keeps_credits: bool = True

    @rx.event
    def load(self):
        settings = get_settings()
        self.payments_mode, self.email_mode = settings.payments_mode, settings.email_mode
        self.payments_label = self._(PAYMENT_MODES[settings.payments_mode])
        self.email_label = self._(EMAIL_MODES[settings.email_mode])
        self.webhook_ready = bool(settings.stripe_webhook_secret)
        actor = self._actor()
        if actor is not None:
            with read_only() as session:
                org = session.get(Organization, actor.organization_id)
                self.allow_recurring, self.waitlist_pay_on_site = org.allow_recurring, org.waitlist_pay_on_site
                self.no_show_keeps_credits = org.no_show_keeps_credits

    @rx.event
    def set_allow_recurring(self, value: bool):
        actor = self._actor()
        if actor is None:
            return
        try:
            with unit_of_work() as session:
                self.allow_recurring = class_schedule.set_allow_recurring(session, actor=actor, allowed=value).allow_recurring
        except DomainError as error:  # staff see the switch disabled; a forged event gets the refusal, not a crash
            return rx.toast.error(self._message(error))
        return None

    @rx.event
    def set_waitlist_pay_on_site(self, value: bool):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                org = waitlist.set_pay_on_site(session, actor=actor, allowed=value, now=utcnow())
                self.waitlist_pay_on_site = org.waitlist_pay_on_site
        except DomainError as error:
            return rx.toast.error(self._message(error))
        return None

    @rx.event
    def set_no_show_keeps_credits(self, value: bool):
        actor = self._actor()
        if actor is None:
            return None
        try:
            with unit_of_work() as session:
                org = attendance.set_no_show_keeps_credits(session, actor=actor, keeps=bool(value))
                self.no_show_keeps_credits = org.no_show_keeps_credits
        except DomainError as error:
            return rx.toast.error(self._message(error))
        return None
