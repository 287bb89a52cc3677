"""Cross-organization probes for the open proposal on the order page (issue 21, item 11):
Beta's staff aim the read, the withdrawal and the change at Alpha's booking, which has new
dates waiting for its customer (merged into test_cross_organization.PROBES)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import Action
from bookingapp.domain.errors import NotFound
from bookingapp.models import Booking, Proposal, Service
from bookingapp.services import proposals, rebooking, requests
from tests.service.class_fixtures import NOW


def _alpha_proposal_id(s: Session, a) -> int:
    return s.exec(select(Proposal.id).where(Proposal.booking_id == a.appointment_id).order_by(col(Proposal.id).desc())).first()


PROBES = {
    "proposals.on_order": (lambda s, a, b, g: proposals.on_order(s, actor=b.actor, reference=a.appointment_reference), NotFound),
    "proposals.withdraw_proposal": (lambda s, a, b, g: proposals.withdraw_proposal(
        s, actor=b.actor, booking_id=a.appointment_id, proposal_id=_alpha_proposal_id(s, a), now=NOW), NotFound),
    "proposals.change_proposal": (lambda s, a, b, g: proposals.change_proposal(
        s, actor=b.actor, booking_id=a.appointment_id, proposal_id=_alpha_proposal_id(s, a), reason="x",
        slots=[NOW + timedelta(days=14)], now=NOW), NotFound),
    "rebooking.locked_for_dates": (lambda s, a, b, g: rebooking.locked_for_dates(s, b.actor, a.appointment_id), NotFound),
    "rebooking.send_dates": (lambda s, a, b, g: rebooking.send_dates(
        s, actor=b.actor, booking=s.get(Booking, a.appointment_id), service=s.get(Service, s.get(Booking, a.appointment_id).service_id),
        initiator="provider", text="x", slots=[NOW + timedelta(days=14)], session_ids=[], action=Action.REQUEST_REBOOKING, now=NOW),
        NotFound),
    "requests.locked_for_proposal": (lambda s, a, b, g: requests.locked_for_proposal(s, b.actor, a.request_id), NotFound),
    "requests.send_alternatives": (lambda s, a, b, g: requests.send_alternatives(
        s, actor=b.actor, booking=s.get(Booking, a.request_id), text="x", starts=[NOW + timedelta(days=14)], now=NOW), NotFound),
}
