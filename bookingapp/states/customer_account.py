"""The customer's sign-in and their Bookings tab on the portal."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.booking_states import LABELS
from bookingapp.domain.errors import DomainError, NotFound, ValidationFailed
from bookingapp.domain.formatting import fmt_datetime, fmt_money, timezone_label
from bookingapp.domain.localized_text import in_language
from bookingapp.services import customer_accounts
from bookingapp.services.customer_accounts import CustomerAccountsOff, CustomerBooking
from bookingapp.states.base import THIRTY_DAYS, AppState
from bookingapp.states.manage import PAYMENT_LABELS
from bookingapp.states.portal_address import moved_portal


@dataclass
class BookingCard:
    reference: str
    service: str
    when: str
    status: str
    status_label: str
    price: str
    location: str
    href: str
    payment: str = ""  # Paid / Not paid / Refunded …; "" for a free booking
    paid: bool = False


class CustomerAccountState(AppState):
    """The signed-in customer's cookie and the portal's organization, for both pages."""

    # Lax, not strict: the sign-in link is opened from a mail app, a cross-site visit.
    customer_session: str = rx.Cookie("", name="customer_session", max_age=THIRTY_DAYS, same_site="lax")
    found: bool = True
    portal_org: str = ""
    portal_slug: str = ""
    accounts_policy: str = ""
    error: str = ""
    notice: str = ""

    def _show_org(self, org) -> None:
        self.found, self.portal_org, self.portal_slug, self.accounts_policy = True, org.name, org.slug, org.customer_accounts

    def _not_found(self) -> None:
        self.found, self.portal_org, self.portal_slug, self.accounts_policy = False, "", "", ""


class CustomerSignInState(CustomerAccountState):
    link_failed: bool = False
    email_error: str = ""
    password_error: str = ""

    @rx.event
    def load(self):
        self.error = self.notice = self.email_error = self.password_error = ""
        self.link_failed = False
        slug, token = self._param("org"), self._query("token")
        try:
            with read_only() as session:
                org, customer = customer_accounts.signed_in_customer(session, org_slug=slug, cookie=self.customer_session)
        except NotFound:
            self._not_found()
            return moved_portal(self)
        self._show_org(org)
        if token:
            try:
                with unit_of_work() as session:
                    _, cookie = customer_accounts.sign_in_with_link(session, token=token, org_slug=org.slug)
            except DomainError as error:
                if customer is not None:  # a used link opened again, already signed in: straight to the bookings
                    return rx.redirect(routes.portal_bookings(org.slug), replace=True)
                self.link_failed, self.error = True, self._message(error)
                return None
            self.customer_session = cookie
            return rx.redirect(routes.portal_bookings(org.slug), replace=True)
        if customer is not None:
            return rx.redirect(routes.portal_bookings(org.slug), replace=True)
        return None

    @rx.event
    def ask_again(self):
        self.link_failed, self.error = False, ""
        return rx.redirect(routes.portal_sign_in(self.portal_slug))

    @rx.event
    def request_link(self, form: dict):
        try:
            with unit_of_work() as session:
                customer_accounts.request_sign_in_link(session, org_slug=self.portal_slug, email=form.get("email", ""),
                                                       locale=self.lang)
        except ValidationFailed as error:
            self.email_error, self.notice = self._message(error), ""
            return
        except DomainError as error:
            self.error, self.notice = self._message(error), ""
            return
        self.email_error, self.error = "", ""
        self.notice = self._("If this email has bookings with us, a link is on its way. It works once, within 15 minutes.")

    @rx.event
    def sign_in_with_password(self, form: dict):
        try:
            with unit_of_work() as session:
                _, cookie = customer_accounts.sign_in_with_password(
                    session, org_slug=self.portal_slug, email=form.get("email", ""), password=form.get("password", ""))
        except DomainError as error:
            self.password_error = self._message(error)
            return None
        self.customer_session, self.password_error = cookie, ""
        return rx.redirect(routes.portal_bookings(self.portal_slug))


class CustomerBookingsState(CustomerAccountState):
    customer_name: str = ""
    customer_email: str = ""
    has_password: bool = False
    timezone: str = ""
    upcoming: list[BookingCard] = []
    past: list[BookingCard] = []
    password_error: str = ""

    def _card(self, b: CustomerBooking, tz: str) -> BookingCard:
        location = b.location or (self._("To be arranged with you") if b.location_tbd else "")
        return BookingCard(
            reference=b.reference, service=in_language(b.service_name, self.lang), when=fmt_datetime(b.starts_at, tz, self.lang),
            status=b.status, status_label=self._(LABELS.get(b.status, b.status)),
            price=fmt_money(b.price_minor, b.currency, self.lang) if b.price_minor else "",
            location=location, href=b.manage_path,
            payment=self._payment_label(b), paid=b.payment_status in ("captured", "partially_refunded"),
        )

    def _payment_label(self, b: CustomerBooking) -> str:
        if b.payment_status in PAYMENT_LABELS:
            return self._(PAYMENT_LABELS[b.payment_status])
        return self._("Not paid") if b.price_minor > 0 else ""

    @rx.event
    def load(self):
        self.error = self.password_error = ""
        try:
            with read_only() as session:
                org, customer = customer_accounts.signed_in_customer(session, org_slug=self._param("org"),
                                                                     cookie=self.customer_session)
                if customer is None:
                    return rx.redirect(routes.portal_sign_in(org.slug), replace=True)
                upcoming, past = customer_accounts.bookings_of(session, customer=customer)
        except NotFound:
            self._not_found()
            return moved_portal(self)
        self._show_org(org)
        self.customer_name, self.customer_email, self.has_password = customer.name, customer.email, bool(customer.password_hash)
        self.timezone = timezone_label(org.timezone, self.lang)
        self.upcoming = [self._card(b, org.timezone) for b in upcoming]
        self.past = [self._card(b, org.timezone) for b in past]
        return None

    def _forget(self) -> None:
        self.customer_session = self.customer_name = self.customer_email = ""
        self.upcoming, self.past, self.has_password = [], [], False

    def _customer(self, session):
        _, customer = customer_accounts.signed_in_customer(session, org_slug=self.portal_slug, cookie=self.customer_session)
        return customer

    @rx.event
    def set_password(self, form: dict):
        try:
            with unit_of_work() as session:
                customer = self._customer(session)
                if customer is None:
                    return rx.redirect(routes.portal_sign_in(self.portal_slug))
                cookie = customer_accounts.set_password(session, customer=customer, password=form.get("password", ""))
        except (CustomerAccountsOff, NotFound):
            return rx.redirect(routes.portal_sign_in(self.portal_slug))
        except DomainError as error:
            self.password_error = self._message(error)
            return None
        self.customer_session, self.has_password, self.password_error = cookie, True, ""
        self.notice = self._("Your password is set. Next time you can sign in with it.")
        return None

    @rx.event
    def customer_sign_out(self):
        self._forget()
        return rx.redirect(routes.portal_sign_in(self.portal_slug))

    @rx.event
    def sign_out_everywhere(self):
        with unit_of_work() as session:
            customer = self._customer(session)
            if customer is not None:
                customer_accounts.sign_out_everywhere(session, customer=customer)
        self._forget()
        return rx.redirect(routes.portal_sign_in(self.portal_slug))
