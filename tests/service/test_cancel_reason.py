"""The customer's reason for cancelling (issue 21, item 9): optional, kept on the booking,
in its history and in the provider's email; too long is refused with nothing written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import ValidationFailed
from bookingapp.models import ActivityLog, Booking, OutboxEmail
from bookingapp.services import manage_booking, manage_links
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


@pytest.fixture
def booked(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "calm", timezone="Europe/Berlin")
        service = factories.appointment_service(s, org, price_minor=0)
        row = factories.booking(s, org, service=service, status="confirmed", starts_at=NOW + timedelta(days=4), price_minor=0)
        return row.id, manage_links.token_of(row)


def _cancel(engine, gateway, token, reason):
    with unit_of_work(engine) as s:
        manage_booking.cancel(s, token=token, gateway=gateway, reason=reason, now=NOW)


def test_the_reason_is_kept_logged_and_told_to_the_provider(engine, gateway, booked):
    booking_id, token = booked
    _cancel(engine, gateway, token, "  My daughter is ill.\nSorry!  ")
    with Session(engine) as s:
        assert s.get(Booking, booking_id).cancel_reason == "My daughter is ill.\nSorry!"
        log = s.exec(select(ActivityLog).where(ActivityLog.action == "booking.cancelled_by_customer")).one()
        [email] = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "booking_cancelled_provider")).all()
    assert log.data["reason"] == "My daughter is ill.\nSorry!"
    assert "Reason given: My daughter is ill." in email.text


def test_without_a_reason_the_booking_says_who_cancelled(engine, gateway, booked):
    booking_id, token = booked
    _cancel(engine, gateway, token, "")
    with Session(engine) as s:
        assert s.get(Booking, booking_id).cancel_reason == "Cancelled by the customer"
        [email] = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "booking_cancelled_provider")).all()
    assert "Reason given" not in email.text


def test_a_reason_over_500_characters_is_refused_and_nothing_changes(engine, gateway, booked):
    booking_id, token = booked
    with pytest.raises(ValidationFailed) as refused:
        _cancel(engine, gateway, token, "x" * 501)
    assert refused.value.field == "cancel_reason"
    with Session(engine) as s:
        assert s.get(Booking, booking_id).status == "confirmed"
