"""Dashboard → New booking (/dashboard/bookings/new): staff book for a customer.

The page's concerns live in mixins: finding the customer (`customer_search`), the time
(`new_booking_time`) and the payment (`new_booking_payment`); this state picks the
service, reads the address's prefill and sends the form to `front_desk.book`.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, PaymentDeclined, ValidationFailed
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.user_input import whole_number
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import Customer, Organization, Service
from bookingapp.services import front_desk
from bookingapp.services.actors import Actor
from bookingapp.states.base import AppState
from bookingapp.states.customer_search import CustomerSearch
from bookingapp.states.new_booking_payment import NewBookingPayment
from bookingapp.states.new_booking_time import NewBookingTime

KIND_LABELS = {"appointment": "Appointment", "request": "Request", "class": "Class"}
# What a warning the staff may overrule looks like: the page shows it with the checkbox.
OVERRIDABLE = (front_desk.OutsideHours, front_desk.TimeOffThen)
# The page's section holding each field: a refusal scrolls there from the button below.
SECTIONS = {"service": "service-section", "customer": "customer-section", "new_name": "customer-section",
            "new_email": "customer-section", "new_phone": "customer-section", "starts_at": "time-section",
            "staff": "time-section", "session": "time-section", "outside_hours": "time-section", "party_size": "details-section",
            "note": "details-section", "payment": "payment-section", "card": "payment-section"}


@dataclass
class ServiceChoice:
    value: str
    label: str


class NewBookingState(CustomerSearch, NewBookingTime, NewBookingPayment, AppState):
    loaded: bool = False
    service_choices: list[ServiceChoice] = []
    service_pick: str = ""
    kind: str = ""
    max_party: int = 1
    adding_customer: bool = False
    errors: dict[str, str] = {}
    form_message: str = ""
    _services: dict[str, dict] = {}
    _asked_staff: int = 0  # the staff member an agenda slot named, until a service is chosen

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        self.errors = {}
        self.form_message = ""
        self.adding_customer = False
        self._reset_search()
        with read_only() as session:
            offered = front_desk.bookable_services(session, actor=actor)
            self._services = {str(s.id): {"kind": s.kind, "price": s.price_minor, "currency": s.currency,
                                          "max_party": max(s.max_party, 1) if s.kind != "class" else s.capacity} for s in offered}
            self.service_choices = [ServiceChoice(str(s.id), f"{s.name} · {self._(KIND_LABELS[s.kind])}") for s in offered]
            prefill = front_desk.prefill(session, actor=actor, service=self._query("service"), staff=self._query("staff"),
                                         at=self._query("at"), customer=self._query("customer"),
                                         class_session=self._query("session"))
            if prefill.customer is not None:
                self._show_pick(prefill.customer)
            self._choose_service(session, actor, str(prefill.service_id or ""), prefill)
        self._open_calendar()
        self.loaded = True

    def _choose_service(self, session, actor: Actor, value: str, prefill: front_desk.Prefill) -> None:
        offer = self._services.get(value)
        self.service_pick = value if offer else ""
        self.kind = offer["kind"] if offer else ""
        self.max_party = offer["max_party"] if offer else 1
        if offer is None:
            # From an agenda slot no service is known yet: its person and time wait for one.
            self.time_kind = ""
            self.payment_choices = []
            self.at_local = prefill.at_local
            self._asked_staff = prefill.staff_user_id or 0
            return
        org = session.get(Organization, actor.organization_id)
        self._offer_times(session, actor, session.get(Service, int(value)), org.timezone, prefill)
        self._offer_payments(offer["kind"], offer["price"], offer["currency"])

    @rx.event
    def pick_service(self, value: str):
        actor = self._actor()
        if actor is None or value not in self._services:
            return
        self.errors = {}
        self.form_message = ""
        with read_only() as session:
            staff = self._picked_staff() if self.time_kind else self._asked_staff or None
            self._choose_service(session, actor, value, front_desk.Prefill(staff_user_id=staff, at_local=self.at_local))
        self._open_calendar()

    @rx.event
    def start_new_customer(self):
        self.adding_customer = True
        self._clear_pick()

    @rx.event
    def cancel_new_customer(self):
        self.adding_customer = False

    def _on_pick_changed(self) -> None:
        self.errors = {key: text for key, text in self.errors.items() if key != "customer"}
        if self.picked_id:
            self.adding_customer = False

    def _form(self, form: dict) -> front_desk.FrontDeskBooking:
        party = whole_number(form.get("party_size", "1"))
        if party is None or party < 1:
            raise ValidationFailed(N_("Enter the number of people."), field="party_size")
        new = self.adding_customer and not self.picked_id
        return front_desk.FrontDeskBooking(
            service_id=whole_number(self.service_pick) or 0, payment=self.payment, customer_id=self.picked_id or None,
            new_name=form.get("new_name", "") if new else "", new_email=form.get("new_email", "") if new else "",
            new_phone=form.get("new_phone", "") if new else "",
            at_local=self.at_local if self.kind != "class" else "",
            class_session_id=whole_number(self.session_pick) if self.kind == "class" else None,
            staff_user_id=self._picked_staff() if self.kind != "class" else None,
            outside_hours=self.outside_hours, party_size=party, note=form.get("note", ""), card=self._card(form),
            submission=self._submission,
        )

    @rx.event
    def submit(self, form: dict):
        actor = self._actor()
        if actor is None:
            return None
        self.errors = {}
        self.form_message = ""
        if not self.service_pick:
            self.errors = {"service": self._("Choose a service.")}
            return rx.scroll_to("service-section")
        try:
            booking_form = self._form(form)
            with unit_of_work() as session:
                booking = front_desk.book(session, actor=actor, form=booking_form,
                                          gateway=get_gateway() if booking_form.card is not None else None)
                reference = booking.reference
                has_email = bool(session.get(Customer, booking.customer_id).email)
        except OVERRIDABLE as warning:
            self.outside_warning = self._message(warning)
            return rx.scroll_to("time-section")
        except PaymentDeclined as error:
            self._new_submission()  # a new card is a new attempt
            self.errors = {"card": self._message(error)}
            return None
        except DomainError as error:  # next to its field where it has one (a refused time, a card), else above the button
            field = getattr(error, "field", None)
            self.errors = {field: self._message(error)} if field else {}
            self.form_message = "" if field else self._message(error)
            return rx.scroll_to(SECTIONS[field]) if field in SECTIONS else None
        self._new_submission()
        done = self._("Booked: order {reference}.").format(reference=reference)
        if not has_email:
            done += " " + self._("The customer has no email address: tell them the date and time yourself.")
        return [rx.redirect(routes.order(reference)), rx.toast.success(done)]
