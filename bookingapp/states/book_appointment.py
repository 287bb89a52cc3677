"""Portal → an appointment service: pick a free time, enter details, pay now or later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.change_policy import promise_at_booking
from bookingapp.domain.errors import DomainError, NotFound, ValidationFailed
from bookingapp.domain.formatting import fmt_minutes, fmt_money, fmt_period, timezone_label
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.localized_text import service_description, service_name
from bookingapp.domain.user_input import whole_number
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import Service, utcnow
from bookingapp.services import appointments, requests
from bookingapp.services.appointments import DayAvailability
from bookingapp.states.base import AppState
from bookingapp.states.card_form import card_from_form
from bookingapp.states.portal_address import moved_portal
from bookingapp.states.slot_picker import SlotPicker

ANYONE = "any"


@dataclass
class StaffChoice:
    value: str  # a staff member's id, or "any"
    label: str


class BookAppointmentState(SlotPicker, AppState):
    found: bool = True
    org_name: str = ""
    service_id: int = 0
    portal_slug: str = ""
    service_name: str = ""
    description: str = ""
    price: str = ""
    duration: str = ""
    location: str = ""
    timezone: str = ""
    cutoff_rule: str = ""
    late_rule: str = ""  # said before booking a time already inside the cutoff
    _cutoff_minutes: int = 0
    _cancellation: str = "allowed_until_cutoff"
    prepayment: str = "none"  # required | optional | none (a free service counts as none)
    pay_now: str = "now"
    errors: dict[str, str] = {}
    form_message: str = ""
    # With several staff members the customer picks one, or anyone who is free (the default).
    staff_choices: list[StaffChoice] = []
    staff_pick: str = ANYONE

    @rx.var
    def promise(self) -> str:
        """What the form may say about changes for the chosen time: change | closed | request_only."""
        if not self.chosen_time:
            return ""
        return promise_at_booking(starts_at=datetime.fromisoformat(self.chosen_time), cutoff_minutes=self._cutoff_minutes,
                                  customer_cancellation=self._cancellation, now=utcnow())

    def _picked_staff(self) -> int | None:
        return whole_number(self.staff_pick) if self.staff_pick != ANYONE else None

    def _month_data(self, year: int, month_number: int) -> list[DayAvailability]:
        with read_only() as session:
            service = session.get(Service, self.service_id)
            return appointments.month(session, service=service, year=year, month_number=month_number,
                                      staff_user_id=self._picked_staff())

    @rx.event
    def load(self):
        self.errors, self.form_message = {}, ""
        try:
            with read_only() as session:
                org, service = requests.request_service(session, org_slug=self._param("org"), service_slug=self._param("service"))
        except NotFound:
            self.found = False
            return moved_portal(self)
        if service.kind != "appointment" or not service.online_booking:
            self.found = False
            return
        self.found, self.org_name, self.service_id, self.portal_slug = True, org.name, service.id, org.slug
        self.service_name = service_name(service, self.lang)
        self.description = service_description(service, self.lang)
        self.price = fmt_money(service.price_minor, service.currency, self.lang)
        self.duration = fmt_minutes(service.duration_minutes, self.lang)
        self.location = service.location or ""
        self.timezone = timezone_label(org.timezone, self.lang)
        self.cutoff_rule = self._("Cancellation or rescheduling no later than {period} before the visit.").format(
            period=fmt_period(service.cutoff_minutes, self.lang))
        self._cutoff_minutes, self._cancellation = service.cutoff_minutes, service.customer_cancellation
        self.late_rule = self._("Online changes close {period} before the start, so once booked this time cannot be moved "
                                "or cancelled online.").format(period=fmt_period(service.cutoff_minutes, self.lang))
        self.prepayment = service.prepayment if service.price_minor > 0 else "none"
        self.pay_now = "now" if self.prepayment == "required" else "later"
        with read_only() as session:
            people = appointments.staff_options(session, service=service)
        self.staff_pick = ANYONE
        self.staff_choices = [StaffChoice(ANYONE, self._("Any available")), *(StaffChoice(str(p.id), p.name) for p in people)]
        if len(people) < 2:
            self.staff_choices = []
        self._open_first_month_with_room(org.timezone)

    @rx.event
    def pick_staff(self, value: str):
        """Show the times of the person picked; the day stays chosen if it is in view."""
        self.staff_pick = value if any(c.value == value for c in self.staff_choices) else ANYONE
        day = self.day
        self._show_month(self.cal_year, self.cal_month, self._tz)
        if day in self._slots_by_day:
            self._select_day(day)

    @rx.event
    def set_pay_now(self, value: str):
        self.pay_now = value

    @rx.event
    def submit(self, form: dict):
        try:
            if not self.chosen_time:
                raise ValidationFailed(N_("Choose a day and a free time first."), field="starts_at")
            paying = self.prepayment != "none" and self.pay_now == "now"
            card = card_from_form(form) if paying else None
            with unit_of_work() as session:
                _booking, token = appointments.book(
                    session, service_id=self.service_id, starts_at=datetime.fromisoformat(self.chosen_time),
                    name=form.get("name", ""), email=form.get("email", ""), phone=form.get("phone", ""),
                    card=card, gateway=get_gateway() if paying else None, staff_user_id=self._picked_staff(),
                    locale=self.lang,
                )
        except appointments.SlotUnavailable as error:
            # Someone else took it meanwhile: show the day again with what is still free.
            day = self.day
            self._show_month(self.cal_year, self.cal_month, self._tz)
            self._select_day(day)
            self.errors, self.form_message = {}, self._message(error)
            return None
        except ValidationFailed as error:
            self.errors = {error.field or "form": self._message(error)}
            self.form_message = self._message(error) if not error.field else ""
            return None
        except DomainError as error:
            self.errors, self.form_message = {}, self._message(error)
            return None
        self.errors, self.form_message = {}, ""
        return rx.redirect(routes.manage(token) + "?booked=1")
