"""The provider's rebooking and cancellation dialogs (issue 7), on the order page and in
the inbox: request a rebooking with 1-3 dates, answer a customer's request, decline it,
cancel with the quote shown first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_datetime, fmt_money, fmt_percent, timezone_label
from bookingapp.domain.i18n_marks import N_
from bookingapp.integrations.gateways import get_gateway
from bookingapp.services import proposals, rebooking, requests
from bookingapp.services.requests import ProposalClosed
from bookingapp.states.base import AppState


@dataclass
class DateRow:
    date: str = ""
    time: str = ""
    session_id: str = ""  # class bookings pick a session instead


@dataclass
class SessionOption:
    id: str
    label: str


class OrderActionsState(AppState):
    dialog: str = ""  # rebook | cancel | decline
    origin: str = ""  # order | inbox: whose page reloads afterwards
    booking_id: int = 0
    reference: str = ""
    label: str = ""
    is_class: bool = False
    answering: bool = False  # approving a customer's own request
    customer_reason: str = ""
    initiator: str = "provider"
    reason: str = ""
    rows: list[DateRow] = []
    sessions: list[SessionOption] = []
    tz_name: str = "UTC"
    timezone: str = ""
    quote_gross: str = ""
    quote_refund: str = ""
    quote_commission: str = ""
    quote_net: str = ""
    quote_pct: str = ""
    quote_hold: str = ""
    quoted_refunded_minor: int = 0
    proposal_id: int = 0  # changing this open proposal (issue 21), else 0
    max_rows: int = rebooking.MAX_ALTERNATIVES
    error: str = ""
    notice: str = ""

    @rx.var
    def row_count(self) -> int:
        return len(self.rows)

    @rx.var
    def preview(self) -> list[str]:
        """The alternatives as the customer will read them in the email."""
        labels = {s.id: s.label for s in self.sessions}
        lines = []
        for row in self.rows:
            if self.is_class:
                if row.session_id in labels:
                    lines.append(labels[row.session_id])
                continue
            try:
                lines.append(fmt_datetime(self._moment(row), self.tz_name, self.lang))
            except ValidationFailed:
                continue
        return lines

    def _open(self, dialog: str, reference: str, origin: str) -> bool:
        actor = self._actor()
        if actor is None:
            return False
        self.error, self.notice, self.reason = "", "", ""
        try:
            with read_only() as session:
                ctx = rebooking.action_context(session, actor=actor, reference=reference)
        except DomainError as error:
            self.error = self._message(error)
            return False
        b, org, lang = ctx.booking, ctx.org, self.lang
        self.dialog, self.origin, self.booking_id, self.reference = dialog, origin, b.id, b.reference
        self.label = f"{ctx.customer.name} · {ctx.service.name} · {fmt_datetime(b.starts_at, org.timezone, lang)}"
        self.tz_name, self.timezone = org.timezone, timezone_label(org.timezone, lang)
        self.is_class = ctx.service.kind == "class"
        self.sessions = [SessionOption(str(c.id), fmt_datetime(c.starts_at, org.timezone, lang)) for c in ctx.sessions]
        self.answering = ctx.ask is not None
        self.customer_reason = ctx.ask.message if ctx.ask else ""
        self.initiator = "customer" if ctx.ask else "provider"
        self.rows = [DateRow()]
        self.proposal_id, self.max_rows = 0, rebooking.MAX_ALTERNATIVES
        self.quote_gross = self.quote_refund = self.quote_commission = self.quote_net = self.quote_hold = ""
        if ctx.quote:
            q, cur = ctx.quote.quote, ctx.quote.currency
            self.quote_gross, self.quote_refund = fmt_money(q.gross_minor, cur, lang), fmt_money(q.refund_minor, cur, lang)
            self.quote_commission, self.quote_net = fmt_money(q.commission_minor, cur, lang), fmt_money(q.net_minor, cur, lang)
            self.quote_pct, self.quoted_refunded_minor = fmt_percent(ctx.quote.commission_pct, lang), ctx.quote.already_refunded_minor
            self.quote_hold = fmt_money(ctx.quote.hold_to_release_minor, cur, lang) if ctx.quote.hold_to_release_minor else ""
        return True

    @rx.event
    def open_rebook(self, reference: str, origin: str = "order"):
        self._open("rebook", reference, origin)

    @rx.event
    def open_change(self, reference: str):
        """The dates dialog filled with the open proposal's dates and reason, to change them."""
        if not self._open("rebook", reference, "order"):
            return
        try:
            with read_only() as session:
                found = proposals.on_order(session, actor=self._actor(), reference=reference).open
        except DomainError as error:
            self.dialog, self.error = "", self._message(error)
            return
        if found is None:
            self.dialog, self.error = "", self._(ProposalClosed.message)
            return
        zone = ZoneInfo(self.tz_name)
        self.rows = [DateRow(s.starts_at.astimezone(zone).date().isoformat(), s.starts_at.astimezone(zone).strftime("%H:%M"),
                             str(s.session_id or "")) for s in found.slots]
        self.proposal_id, self.reason, self.answering = found.proposal.id, found.proposal.message, False
        self.initiator = found.proposal.initiator
        self.max_rows = requests.MAX_ALTERNATIVES if found.proposal.kind == "reschedule" else rebooking.MAX_ALTERNATIVES

    @rx.event
    def reset_on_load(self):
        """A dialog left open (say, with an error) does not come back when the page reloads."""
        self.dialog, self.error, self.notice, self.proposal_id = "", "", "", 0

    @rx.event
    def open_cancel(self, reference: str, origin: str = "order"):
        self._open("cancel", reference, origin)

    @rx.event
    def open_decline(self, reference: str, origin: str = "inbox"):
        self._open("decline", reference, origin)

    @rx.event
    def set_dialog_open(self, is_open: bool):
        if not is_open:
            self.dialog, self.error = "", ""

    @rx.event
    def close(self):
        self.dialog, self.error = "", ""

    @rx.event
    def set_initiator(self, value: str):
        self.initiator = value if value in rebooking.INITIATORS else "provider"

    @rx.event
    def set_reason(self, value: str):
        self.reason = value

    @rx.event
    def add_row(self):
        if len(self.rows) >= self.max_rows:
            return
        self.rows = [*self.rows, DateRow()]

    @rx.event
    def remove_row(self, index: int):
        if len(self.rows) > 1:
            self.rows = [r for i, r in enumerate(self.rows) if i != index]

    @rx.event
    def set_row_date(self, index: int, value: str):
        self.rows = [DateRow(value, r.time, r.session_id) if i == index else r for i, r in enumerate(self.rows)]

    @rx.event
    def set_row_time(self, index: int, value: str):
        self.rows = [DateRow(r.date, value, r.session_id) if i == index else r for i, r in enumerate(self.rows)]

    @rx.event
    def set_row_session(self, index: int, value: str):
        self.rows = [DateRow(r.date, r.time, value) if i == index else r for i, r in enumerate(self.rows)]

    def _moment(self, row: DateRow) -> datetime:
        try:
            local = datetime.fromisoformat(f"{row.date}T{row.time}")
        except ValueError:
            raise ValidationFailed("Every alternative needs a date and a time.", field="slots") from None
        return local.replace(tzinfo=ZoneInfo(self.tz_name))

    def _act(self, action, notice: str):
        actor = self._actor()
        if actor is None:
            return rx.redirect("/signin")
        try:
            with unit_of_work() as session:
                action(session, actor)
        except DomainError as error:
            self.error = self._message(error)
            return None
        self.dialog, self.error = "", ""
        # Imported here: those states import nothing of this one, and the page that
        # opened the dialog shows the new status and history.
        from bookingapp.states.inbox import InboxState
        from bookingapp.states.order_page import OrderState
        from bookingapp.states.order_proposal import OrderProposalState

        if self.origin == "inbox":
            # The inbox's card may be far down the page: the result is a toast, and focus
            # moves on to the next card.
            self.notice = ""
            return [InboxState.after_ask_action(self.reference), rx.toast.success(self._(notice))]
        self.notice = self._(notice)
        return [OrderState.load, OrderProposalState.load]

    @rx.event
    def send_rebooking(self):
        try:
            if self.is_class:
                if any(not r.session_id for r in self.rows):
                    raise ValidationFailed("Every alternative needs a date and a time.", field="slots")
                slots, session_ids = [], [int(r.session_id) for r in self.rows]
            else:
                slots, session_ids = [self._moment(r) for r in self.rows], []
        except ValidationFailed as error:
            self.error = self._message(error)
            return None
        if self.proposal_id:
            return self._act(lambda s, a: proposals.change_proposal(s, actor=a, booking_id=self.booking_id, proposal_id=self.proposal_id,
                                                                    reason=self.reason, slots=slots, session_ids=session_ids),
                             N_("Proposal changed. The customer has been emailed the new dates."))
        return self._act(lambda s, a: rebooking.request_rebooking(s, actor=a, booking_id=self.booking_id, initiator=self.initiator,
                                                                  reason=self.reason, slots=slots, session_ids=session_ids),
                         N_("New dates sent. The customer has been emailed the choices."))

    @rx.event
    def confirm_cancel(self):
        return self._act(lambda s, a: rebooking.cancel_by_provider(s, actor=a, booking_id=self.booking_id, reason=self.reason,
                                                                   quoted_refunded_minor=self.quoted_refunded_minor, gateway=get_gateway()),
                         N_("Booking cancelled and refunded. Both of you have been emailed."))

    @rx.event
    def send_decline(self):
        return self._act(lambda s, a: rebooking.decline_rebooking_request(s, actor=a, booking_id=self.booking_id, message=self.reason),
                         N_("Request declined. The customer has been emailed and the booking stays as it is."))
