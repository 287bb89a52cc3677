"""Settings → Customer accounts: none, verified email, or password (gates customer flags)."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.models import Organization
from bookingapp.services import customers
from bookingapp.states.base import AppState


class CustomerAccountsSettingState(AppState):
    customer_accounts: str = ""
    confirm_booking_emails: bool = False
    accounts_error: str = ""
    accounts_saved: bool = False

    @rx.event
    def load_accounts(self):
        actor = self._actor()
        if actor is None:
            return
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            self.customer_accounts, self.confirm_booking_emails = org.customer_accounts, org.confirm_booking_emails
        self.accounts_error, self.accounts_saved = "", False

    @rx.event
    def set_customer_accounts(self, value: str):
        actor = self._actor()
        if actor is None:
            return
        try:
            with unit_of_work() as session:
                self.customer_accounts = customers.set_customer_accounts(session, actor=actor, policy=value).customer_accounts
        except DomainError as error:
            self.accounts_error, self.accounts_saved = self._message(error), False
            return
        self.accounts_error, self.accounts_saved = "", True

    @rx.event
    def set_confirm_booking_emails(self, value: bool):
        actor = self._actor()
        if actor is None:
            return
        try:
            with unit_of_work() as session:
                self.confirm_booking_emails = customers.set_confirm_booking_emails(session, actor=actor, on=bool(value)).confirm_booking_emails
        except DomainError as error:
            self.accounts_error, self.accounts_saved = self._message(error), False
            return
        self.accounts_error, self.accounts_saved = "", True
