"""The customer's manage page, opened by the link in every email."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.booking_states import ACTIVE, LABELS
from bookingapp.domain.change_policy import frozen_terms
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.formatting import fmt_datetime, fmt_money, fmt_period, timezone_label
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.localized_text import service_name
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import Service
from bookingapp.services import appointments, manage_booking, rebooking, requests
from bookingapp.services.activity import ACTION_TEXTS
from bookingapp.services.appointments import DayAvailability
from bookingapp.states.base import AppState
from bookingapp.states.card_form import card_from_form
from bookingapp.states.manage_money import MoneyPanel, money_panel
from bookingapp.states.slot_picker import SlotPicker
from bookingapp.states.thread import MessageLine, message_lines

PAYMENT_LABELS = {
    "authorized": "On hold (not charged)",
    "captured": "Paid",
    "released": "Hold released (nothing charged)",
    "refunded": "Refunded",
    "partially_refunded": "Partly refunded",
}


@dataclass
class SlotChoice:
    id: int
    label: str
    suggested: bool


@dataclass
class HistoryLine:
    when: str
    text: str


@dataclass
class ReminderSwitch:
    """The switch "Email me a reminder before this booking" (states/manage_reminders.py acts on it)."""

    offered: bool = False
    on: bool = True
    lead: str = ""  # "24 hours": how long before the start the email goes out
    hint: str = ""
    notice: str = ""
    error: str = ""


class ManageState(SlotPicker, AppState):
    found: bool = True
    shown_token: str = ""  # the link whose booking the page holds; the page waits for its own
    just_sent: bool = False
    just_booked: bool = False
    kind: str = ""
    staff: str = ""
    answers: str = ""
    amount_due: str = ""
    can_cancel: bool = False
    can_reschedule: bool = False
    deadline: str = ""
    cutoff_rule: str = ""
    change_reason: str = ""
    refund_pending: bool = False
    provider_contact: str = ""
    rescheduling: bool = False
    paying: bool = False
    portal_slug: str = ""
    _booking_id: int = 0
    _pay_attempt: str = ""
    _service_id: int = 0
    _staff_id: int = 0  # the booking's staff member (0: none): a reschedule keeps them
    org_name: str = ""
    reference: str = ""
    service_name: str = ""
    when: str = ""
    timezone: str = ""
    location: str = ""
    party: str = ""
    booking_kind: str = ""  # Private | Group
    price: str = ""
    price_basis: str = ""  # the price is for the whole booking, not per person
    status: str = ""
    status_label: str = ""
    payment: str = ""
    respond_by: str = ""
    window_hours: int = 48
    answer_window: str = ""  # "The provider has 48 hours to answer (until …)."
    proposal_message: str = ""
    slots: list[SlotChoice] = []
    messages: list[MessageLine] = []
    can_write: bool = False
    history: list[HistoryLine] = []
    dialog: str = ""  # pick | refund
    chosen_slot: int = 0
    chosen_label: str = ""
    card_attention: bool = False
    hold_until: str = ""
    card_error: str = ""
    # Rebookings (issue 7): dates the provider proposes, or the customer's own request.
    rebooking_open: bool = False
    rebooking_by_provider: bool = False
    rebooking_reason: str = ""
    rebooking_slots: list[SlotChoice] = []
    rebooking_refund: str = ""
    can_ask_rebooking: bool = False
    ask_pending: str = ""
    ask_reason: str = ""
    reminder: ReminderSwitch = ReminderSwitch()
    money: MoneyPanel = MoneyPanel()
    cancel_reason: str = ""
    # The page had this booking open, then an action found the link no longer works
    # (staff replaced it): say so once, in place of the booking.
    link_replaced: bool = False
    error: str = ""
    notice: str = ""

    def _month_data(self, year: int, month_number: int) -> list[DayAvailability]:
        with read_only() as session:
            service = session.get(Service, self._service_id)
            return appointments.month(session, service=service, year=year, month_number=month_number, ignore=self._booking_id,
                                      staff_user_id=self._staff_id or None)

    def _load(self) -> manage_booking.ManageView | None:
        """Fill the page from the booking (the page's on_load is ClassManageState.load_page);
        also called at the end of an action, so the page shows the result in that action's
        own round trip."""
        self.error, self.rescheduling, self.paying, self.link_replaced = "", False, False, False
        # One payment form submission = one attempt; reloading or a decline starts a new one.
        self._pay_attempt = secrets.token_hex(8)
        self.just_sent, self.just_booked = self._query("sent") == "1", self._query("booked") == "1"
        try:
            with read_only() as session:
                view = manage_booking.view(session, token=self._param("token"))
        except NotFound:
            self._forget_booking()
            return None
        b, org, lang = view.booking, view.org, self.lang
        self._booking_id, self._service_id, self._tz = b.id, view.service.id, org.timezone
        self._staff_id = b.staff_user_id or 0
        self._show_rights(view)
        self.found, self.org_name, self.reference, self.service_name = True, org.name, b.reference, service_name(view.service, lang)
        self.portal_slug = org.slug
        self.when, self.timezone = fmt_datetime(b.starts_at, org.timezone, lang), timezone_label(org.timezone, lang)
        self.location = b.location or (self._("To be arranged with you") if b.location_tbd else "-")
        self.party = str(b.party_size)
        self.booking_kind = self._("Group") if b.group_booking else self._("Private")
        self.price = self._price_of(b)
        # Prices are per booking: a party of four pays the price once (say so, or it reads as per person).
        self.price_basis = (self._("for the whole group, not per person") if b.group_booking or b.party_size > 1
                            else self._("for the booking") if b.price_minor else "")
        self.status, self.status_label = b.status, self._(LABELS.get(b.status, b.status))
        self.payment = (self._(PAYMENT_LABELS.get(view.payment.status, view.payment.status)) if view.payment
                        else self._("Not paid") if b.price_minor else self._("Paid with credits") if b.credits_spent else "-")
        self.respond_by = fmt_datetime(b.respond_by, org.timezone, lang) if b.respond_by else ""
        # The window this request got when it was made (the business may have changed it since).
        self.window_hours = (round((b.respond_by - b.created_at).total_seconds() / 3600) if b.respond_by and b.created_at
                             else org.response_window_hours)
        self.answer_window = self._n("The provider has {count} hour to answer (until {until}).",
                                     "The provider has {count} hours to answer (until {until}).", self.window_hours,
                                     until=self.respond_by)
        p = view.payment
        self.card_attention = bool(p and p.status == "authorized" and p.failure_message and b.status in requests.WAITING)
        self.hold_until = fmt_datetime(p.hold_expires_at, org.timezone, lang) if p and p.hold_expires_at else ""
        self.proposal_message = view.proposal.message if view.proposal else ""
        suggested = self._query("slot")
        self.slots = [SlotChoice(s.id, fmt_datetime(s.starts_at, org.timezone, lang), str(s.id) == suggested) for s in view.slots]
        self.messages = message_lines(view.messages, org.timezone, lang, you="customer", you_label=self._("You"))
        self.can_write = b.status in ACTIVE
        self.history = [HistoryLine(fmt_datetime(h.created_at, org.timezone, lang), self._(ACTION_TEXTS.get(h.action, h.action)))
                        for h in view.history]
        self.refund_pending = b.refund_decision == "pending"
        chosen = next((s for s in self.slots if s.suggested), None)
        if chosen and self.status == "reschedule_proposed":
            self.open_pick(chosen.id, chosen.label)
        self._show_rebooking(view, suggested)
        lead = fmt_period(org.customer_reminder_minutes, lang)
        self.reminder = ReminderSwitch(offered=view.reminder_switch, on=not b.customer_reminders_off, lead=lead,
                                       hint=self._("It comes {period} before the start, with the calendar file.").format(period=lead))
        self.shown_token = self._param_as_sent("token")
        return view

    def _forget_booking(self) -> None:
        """A link that opens nothing shows nothing of a booking this tab opened before:
        not its business, not its portal tabs."""
        self.found, self.shown_token, self.dialog = False, self._param_as_sent("token"), ""
        self.org_name = self.portal_slug = self.service_name = self.reference = ""
        self._booking_id = 0

    def _show_rebooking(self, manage: manage_booking.ManageView, suggested: str) -> None:
        with read_only() as session:
            found = rebooking.customer_view(session, booking=manage.booking, service=manage.service)
        tz, lang, p = manage.org.timezone, self.lang, found.proposal
        self.rebooking_open = p is not None
        self.rebooking_by_provider = p is not None and p.initiator == "provider"
        self.rebooking_reason = p.message if p else ""
        self.rebooking_slots = [SlotChoice(s.id, fmt_datetime(s.starts_at, tz, lang), str(s.id) == suggested) for s in found.slots]
        self.rebooking_refund = fmt_money(found.refund_minor, manage.booking.currency, lang) if found.refund_minor else ""
        self.can_ask_rebooking = found.can_ask
        self.ask_pending = found.ask.message if found.ask else ""
        chosen = next((s for s in self.rebooking_slots if s.suggested), None)
        if chosen:  # the customer followed one date's link in the email: ask to confirm it
            self.open_rebooking_pick(chosen.id, chosen.label)

    def _show_rights(self, manage: manage_booking.ManageView) -> None:
        org, lang, rights = manage.org, self.lang, manage.rights
        self.kind, self.staff = manage.service.kind, manage.staff_name
        self.answers = "; ".join(f"{k}: {v}" for k, v in manage.booking.answers.items()) or manage.booking.note
        self.amount_due = fmt_money(manage.amount_due, manage.booking.currency, lang) if manage.amount_due else ""
        self.money = money_panel(manage, lang, self._)
        self.can_cancel, self.can_reschedule = rights.can_cancel, rights.can_reschedule
        self.deadline = fmt_datetime(rights.deadline, org.timezone, lang)
        self.cutoff_rule = self._("Cancellation or rescheduling no later than {period} before the visit.").format(
            period=fmt_period(frozen_terms(manage.booking, manage.service)[0], lang))
        self.change_reason = rights.reason
        self.provider_contact = manage.provider_contact

    @rx.event
    def start_reschedule(self):
        self.rescheduling, self.paying, self.error, self.notice = True, False, "", ""
        self._open_first_month_with_room(self._tz)

    @rx.event
    def stop_reschedule(self):
        self.rescheduling = False

    @rx.event
    def start_paying(self):
        self.paying, self.rescheduling, self.card_error, self.notice = True, False, "", ""

    @rx.event
    def stop_paying(self):
        self.paying = False

    @rx.event
    def open_cancel(self):
        self.dialog, self.error, self.cancel_reason = "cancel", "", ""

    @rx.event
    def set_cancel_reason(self, value: str):
        self.cancel_reason = value

    @rx.event
    def open_move(self):
        if self.chosen_time:
            self.dialog, self.error = "move", ""

    @rx.event
    def cancel_booking(self):
        return self._act(lambda s: manage_booking.cancel(s, token=self._param("token"), gateway=get_gateway(),
                                                         reason=self.cancel_reason),
                         N_("Your booking is cancelled. A confirmation is on its way to your inbox."))

    @rx.event
    def move_booking(self):
        when = datetime.fromisoformat(self.chosen_time)
        return self._act(lambda s: manage_booking.reschedule(s, token=self._param("token"), starts_at=when),
                         N_("Your booking is moved. The new time is on its way to your inbox."))

    def _with_card(self, form: dict, action, notice: str):
        """Run a card action once per form submission; a decline makes the next press a new attempt."""
        try:
            card = card_from_form(form)
            with unit_of_work() as session:
                action(session, card)
        except NotFound:
            return self._link_gone()
        except DomainError as error:
            self.card_error = self._message(error)
            self._pay_attempt = secrets.token_hex(8)
            return None
        self.card_error, self.paying, self.notice = "", False, self._(notice)
        self._load()
        return None

    @rx.event
    def pay(self, form: dict):
        return self._with_card(form, lambda s, card: manage_booking.pay(
            s, token=self._param("token"), card=card, gateway=get_gateway(), attempt=self._pay_attempt),
            N_("Thank you: your payment went through. A receipt is on its way."))

    @rx.event
    def open_pick(self, slot_id: int, label: str):
        self.dialog, self.chosen_slot, self.chosen_label, self.error = "pick", slot_id, label, ""

    @rx.event
    def open_refund(self):
        self.dialog, self.error = "refund", ""

    @rx.event
    def set_dialog_open(self, is_open: bool):
        if not is_open:
            self.dialog = ""

    @rx.event
    def close_dialog(self):
        self.dialog = ""

    def _act(self, action, notice: str):
        try:
            with unit_of_work() as session:
                action(session)
        except NotFound:
            return self._link_gone()
        except DomainError as error:
            self.error = self._message(error)
            return None
        self.dialog, self.notice, self.error = "", self._(notice), ""
        self._load()
        return None

    def _link_gone(self):
        """The booking was open here, so the link worked minutes ago: it was replaced (or
        has just expired). One clear message in place of the booking, not an error twice."""
        self._forget_booking()
        self.link_replaced, self.error, self.notice = True, "", ""

    @rx.event
    def pick(self):
        return self._act(lambda s: requests.pick_slot(s, token=self._param("token"), slot_id=self.chosen_slot, gateway=get_gateway()),
                         "Your booking is confirmed. A confirmation is on its way to your inbox.")

    @rx.event
    def replace_card(self, form: dict):
        return self._with_card(form, lambda s, card: requests.replace_card(
            s, token=self._param("token"), card=card, gateway=get_gateway(), attempt=self._pay_attempt),
            N_("Thank you: your card is on hold again and your request is still waiting."))

    @rx.event
    def refund(self):
        return self._act(lambda s: requests.request_refund(s, token=self._param("token"), gateway=get_gateway()),
                         "Your request is cancelled and the hold on your card released.")

    @rx.event
    def open_rebooking_pick(self, slot_id: int, label: str):
        self.dialog, self.chosen_slot, self.chosen_label, self.error = "rebook_pick", slot_id, label, ""

    @rx.event
    def open_rebooking_refund(self):
        self.dialog, self.error = "rebook_refund", ""

    @rx.event
    def pick_rebooking(self):
        result = self._act(lambda s: rebooking.pick_rebooking_slot(s, token=self._param("token"), slot_id=self.chosen_slot),
                           N_("Your booking is moved. The new date is on its way to your inbox."))
        if self.error:
            self.dialog = ""  # the page says why (say, the date was just taken); another date can be picked
        return result

    @rx.event
    def refuse_rebooking(self):
        return self._act(lambda s: rebooking.refuse_rebooking(s, token=self._param("token"), gateway=get_gateway()),
                         N_("Your booking is cancelled and everything you paid is refunded to your card."))

    @rx.event
    def set_ask_reason(self, value: str):
        self.ask_reason = value

    @rx.event
    def ask_rebooking(self):
        result = self._act(lambda s: rebooking.ask_for_rebooking(s, token=self._param("token"), reason=self.ask_reason),
                           N_("Your request was sent. The provider will propose new dates or answer you."))
        if not self.error:
            self.ask_reason = ""
        return result
