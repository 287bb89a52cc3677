"""The provider's inbox of requests: confirm, propose other times, reject."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_datetime, fmt_money, timezone_label
from bookingapp.integrations.gateways import get_gateway
from bookingapp.models import Organization, utcnow
from bookingapp.services import inbox, rebooking, requests
from bookingapp.services.activity import ACTION_TEXTS
from bookingapp.states.base import AppState
from bookingapp.states.focus import focus_first, next_card

HOLD_LABELS = {"authorized": "On hold", "captured": "Captured", "released": "Released", "failed": "Failed"}


@dataclass
class InboxRow:
    id: int
    reference: str
    customer: str
    email: str
    phone: str
    alert: str
    service: str
    party: str
    when: str
    note: str
    hold: str
    hold_status: str
    hold_until: str
    respond_by_iso: str
    respond_by: str
    urgent: bool
    location_tbd: bool
    reply: str
    proposal_message: str
    suggested: str  # the time the customer asked for in answer to the proposal, or ""
    highlighted: bool
    history: list[str]


@dataclass
class RebookingAskRow:
    reference: str
    customer: str
    alert: str
    service: str
    when: str
    reason: str
    respond_by: str
    href: str


@dataclass
class SlotInput:
    date: str = ""
    time: str = ""


class InboxState(AppState):
    requests: list[InboxRow] = []
    rebooking_asks: list[RebookingAskRow] = []
    proposals: list[InboxRow] = []
    timezone: str = ""
    tz_name: str = ""
    dialog: str = ""  # confirm | location | propose | reject
    selected_id: int = 0
    selected_label: str = ""
    error: str = ""
    message: str = ""
    address: str = ""  # where to meet, when the location was to be arranged
    slots: list[SlotInput] = []
    reason: str = ""
    reject_note: str = ""
    _cards_before: list[str] = []  # the cards' ids before the last refresh, for moving focus on

    @rx.var
    def slot_count(self) -> int:
        return len(self.slots)

    @rx.var
    def preview_slots(self) -> list[str]:
        """The alternatives as the customer will read them in the email."""
        lines = []
        for slot in self.slots:
            try:
                moment = self._parse_slot(slot)
            except ValidationFailed:
                continue
            lines.append(fmt_datetime(moment, self.tz_name or "UTC", self.lang))
        return lines

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return
        self._refresh(actor)
        # "Respond to this booking" in the new-booking email links here: bring its card into view.
        if reference := self._query("booking"):
            return focus_first("request-" + reference, "proposal-" + reference)
        return None

    @rx.event
    def after_ask_action(self, reference: str):
        """Reload after an action on a rebooking ask (states/order_actions.py) and move focus on."""
        actor = self._actor()
        if actor is None:
            return None
        self._refresh(actor)
        return focus_first(next_card(self._cards_before, self._card_ids(), "rebooking-ask-" + reference))

    def _card_ids(self) -> list[str]:
        """The cards' element ids in page order (pages/inbox.py)."""
        return ([f"request-{r.reference}" for r in self.requests] + [f"rebooking-ask-{r.reference}" for r in self.rebooking_asks]
                + [f"proposal-{r.reference}" for r in self.proposals])

    def _refresh(self, actor) -> None:
        now = utcnow()
        focus = self._query("booking")
        self._cards_before = self._card_ids()
        with read_only() as session:
            org = session.get(Organization, actor.organization_id)
            waiting = inbox.requests_waiting(session, actor=actor)
            proposed = inbox.proposals_waiting(session, actor=actor)
            asks = rebooking.asks_waiting(session, actor=actor)
        self.tz_name, self.timezone = org.timezone, timezone_label(org.timezone, self.lang)
        self.requests = [self._row(item, org, now, focus) for item in waiting]
        self.proposals = [self._row(item, org, now, focus) for item in proposed]
        self.rebooking_asks = [
            RebookingAskRow(a.booking.reference, a.customer.name, a.booking.alert_message or "", a.service.name,
                            fmt_datetime(a.booking.starts_at, org.timezone, self.lang), a.ask.message,
                            fmt_datetime(a.ask.expires_at, org.timezone, self.lang) if a.ask.expires_at else "-",
                            routes.order(a.booking.reference))
            for a in asks
        ]

    def _row(self, item: inbox.InboxItem, org: Organization, now: datetime, focus: str) -> InboxRow:
        b, p, lang = item.booking, item.payment, self.lang
        return InboxRow(
            id=b.id, reference=b.reference, customer=item.customer.name, email=item.customer.email or "",
            phone=item.customer.phone or "",
            alert=b.alert_message or item.customer.alert_message or "", service=item.service.name,
            party=f"{b.party_size} · {self._('Group') if b.group_booking else self._('Private')}",
            when=fmt_datetime(b.starts_at, org.timezone, lang), note=b.note,
            hold=fmt_money(p.amount_minor, p.currency, lang) if p else "-",
            hold_status=(self._("Waiting for the customer to confirm their card") if p and p.status == "authorized" and p.failure_message
                         else self._(HOLD_LABELS.get(p.status, p.status)) if p else "-"),
            hold_until=fmt_datetime(p.hold_expires_at, org.timezone, lang) if p and p.hold_expires_at else "-",
            respond_by_iso=b.respond_by.isoformat() if b.respond_by else "",
            respond_by=fmt_datetime(b.respond_by, org.timezone, lang) if b.respond_by else "-",
            urgent=inbox.is_urgent(b.respond_by, now), location_tbd=b.location_tbd,
            reply=b.customer_reply or "", proposal_message=item.proposal.message if item.proposal else "",
            suggested=fmt_datetime(item.suggestion.suggested_starts_at, org.timezone, lang) if item.suggestion else "",
            highlighted=b.reference == focus,
            history=[f"{fmt_datetime(h.created_at, org.timezone, lang)} · {self._(ACTION_TEXTS.get(h.action, h.action))}"
                     + (f" · {h.actor_name}" if h.actor_name else "") for h in item.history],
        )

    def _open(self, dialog: str, booking_id: int, label: str) -> None:
        self.dialog, self.selected_id, self.selected_label = dialog, booking_id, label
        self.error = self.message = self.reason = self.reject_note = self.address = ""

    @rx.event
    def open_confirm(self, booking_id: int, label: str, location_tbd: bool):
        self._open("location" if location_tbd else "confirm", booking_id, label)

    @rx.event
    def open_propose(self, booking_id: int, label: str):
        self._open("propose", booking_id, label)
        self.slots = [SlotInput()]

    @rx.event
    def open_reject(self, booking_id: int, label: str):
        self._open("reject", booking_id, label)

    @rx.event
    def close_dialog(self):
        self.dialog, self.error = "", ""

    @rx.event
    def set_dialog_open(self, is_open: bool):
        if not is_open:
            self.dialog, self.error = "", ""

    @rx.event
    def set_message(self, value: str):
        self.message = value

    @rx.event
    def set_address(self, value: str):
        self.address = value

    @rx.event
    def set_reason(self, value: str):
        self.reason = value

    @rx.event
    def set_reject_note(self, value: str):
        self.reject_note = value

    @rx.event
    def add_slot(self):
        if len(self.slots) >= requests.MAX_ALTERNATIVES:
            self.error = self._message(requests.TooManyAlternatives())
            return
        self.slots = [*self.slots, SlotInput()]
        self.error = ""

    @rx.event
    def remove_slot(self, index: int):
        self.slots = [s for i, s in enumerate(self.slots) if i != index]

    @rx.event
    def set_slot_date(self, index: int, value: str):
        self.slots = [SlotInput(value, s.time) if i == index else s for i, s in enumerate(self.slots)]

    @rx.event
    def set_slot_time(self, index: int, value: str):
        self.slots = [SlotInput(s.date, value) if i == index else s for i, s in enumerate(self.slots)]

    def _act(self, action, done_notice: str):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/signin")
        acted_on = next((f"{kind}-{r.reference}" for kind, rows in (("request", self.requests), ("proposal", self.proposals))
                         for r in rows if r.id == self.selected_id), "")
        try:
            with unit_of_work() as session:
                action(session, actor)
        except DomainError as error:
            self.error = self._message(error)
            return None
        self.dialog, self.error = "", ""
        # Reloaded in this same event: the answer and the new list reach the page in one round trip.
        self._refresh(actor)
        # The card acted on leaves the list: the result shows where the user looks (a toast,
        # not a notice at the top that may be scrolled away) and focus goes to the next card.
        return [rx.toast.success(self._(done_notice)), focus_first(next_card(self._cards_before, self._card_ids(), acted_on))]

    @rx.event
    def confirm(self):
        return self._act(lambda s, a: requests.confirm_request(s, actor=a, booking_id=self.selected_id, gateway=get_gateway(),
                                                               location_message=self.message, address=self.address),
                         "Booking confirmed. The customer has been emailed.")

    @rx.event
    def send_proposal(self):
        try:
            starts = [self._parse_slot(s) for s in self.slots]
        except ValidationFailed as error:
            self.error = self._message(error)
            return None
        return self._act(lambda s, a: requests.propose_reschedule(s, actor=a, booking_id=self.selected_id,
                                                                  message=self.message, slots=starts),
                         "Proposal sent. The customer has been emailed the alternative times.")

    def _parse_slot(self, slot: SlotInput) -> datetime:
        try:
            local = datetime.fromisoformat(f"{slot.date}T{slot.time}")
        except ValueError:
            raise ValidationFailed("Every alternative needs a date and a time.", field="slots") from None
        return local.replace(tzinfo=ZoneInfo(self.tz_name))

    @rx.event
    def reject(self):
        return self._act(lambda s, a: requests.reject_request(s, actor=a, booking_id=self.selected_id, reason=self.reason,
                                                              note=self.reject_note, gateway=get_gateway()),
                         "Request rejected. The customer has been emailed and the hold released.")
