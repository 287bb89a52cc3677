"""The portal's "New here? Create an account": name, email (and a password where the
business uses them); the emailed link verifies the address and signs the customer in."""

from __future__ import annotations

import reflex as rx

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.services import customer_accounts
from bookingapp.states.customer_account import CustomerAccountState

# One answer whether the address is new (a verification link) or already a customer's (a
# sign-in link): the page never tells who has an account.
SENT = "Check your inbox: a link to confirm your email and sign in is on its way. It works once, within 15 minutes."


class CustomerSignUpState(CustomerAccountState):
    signing_up: bool = False
    sent: bool = False
    sign_up_error: str = ""
    sign_up_field: str = ""

    @rx.event
    def open_sign_up(self):
        self.signing_up, self.sent, self.sign_up_error, self.sign_up_field = True, False, "", ""

    @rx.event
    def close_sign_up(self):
        self.signing_up, self.sign_up_error, self.sign_up_field = False, "", ""

    @rx.event
    def sign_up(self, form: dict):
        try:
            with unit_of_work() as session:
                customer_accounts.sign_up(session, org_slug=self.portal_slug, name=form.get("name", ""),
                                          email=form.get("email", ""), password=form.get("password", ""), locale=self.lang)
        except ValidationFailed as error:
            self.sign_up_error, self.sign_up_field = self._message(error), error.field or ""
            return
        except DomainError as error:
            self.sign_up_error, self.sign_up_field = self._message(error), ""
            return
        self.sign_up_error, self.sign_up_field, self.sent = "", "", True
