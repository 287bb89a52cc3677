"""Emails go in the customer's language (Customer.locale, else the business's), and the
dates and amounts in them are written in that language too."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.integrations.payments import CardInput
from bookingapp.models import Customer, Organization, OutboxEmail
from bookingapp.services import appointments, requests
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
VISA = CardInput("4242424242424242", 12, 2030, "123")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


def _business(engine, locale: str):
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "consult", timezone="Europe/Berlin", locale=locale)
        owner = factories.staff(s, org)
        service = factories.appointment_service(s, org, staff=owner, duration_minutes=30, name="Massage")
        s.commit()
        return org, service


def _book(engine, service, email: str, locale: str | None = None, portal: str | None = None) -> dict[str, OutboxEmail]:
    """`locale`: the customer's language on file; `portal`: the language they book in."""
    if locale:
        with unit_of_work(engine) as s:
            factories.customer(s, s.get(Organization, service.organization_id), email=email, name="Ola", locale=locale)
    with unit_of_work(engine) as s:
        appointments.book(s, service_id=service.id, starts_at=TUESDAY_10, name="Ola", email=email, now=NOW, locale=portal)
    with Session(engine) as s:
        return {e.template_key: e for e in s.exec(select(OutboxEmail))}


def test_a_polish_customer_gets_the_booking_confirmation_in_polish_with_a_polish_date(engine):
    _, service = _business(engine, "en")

    email = _book(engine, service, "ola@example.com", locale="pl")["booking_confirmed"]

    assert email.locale == "pl"
    assert email.subject.startswith("Rezerwacja potwierdzona: Massage, wt., 24 lis 2026")
    assert email.text.startswith("Dzień dobry Ola,\n\nTwoja rezerwacja")
    assert "10:00" in email.subject and not any(english in email.subject + email.text for english in ("Tue", "Nov", "Booking"))


def test_a_customer_without_a_language_gets_the_business_language(engine):
    _, service = _business(engine, "de")

    email = _book(engine, service, "kim@example.com")["booking_confirmed"]

    assert email.locale == "de"
    assert email.subject.startswith("Buchung bestätigt: Massage am Di., 24")
    assert "Tue" not in email.subject


def test_the_staff_email_about_a_polish_customers_booking_is_in_the_business_language_throughout(engine):
    _, service = _business(engine, "de")

    emails = _book(engine, service, "ola@example.com", locale="pl")

    assert emails["booking_confirmed"].locale == "pl" and "wt., 24 lis 2026" in emails["booking_confirmed"].subject
    staff = emails["new_booking_instant"]
    assert staff.locale == "de"
    assert staff.subject.startswith("Neue Buchung: Massage am Di., 24")
    assert "lis" not in staff.subject + staff.text and "wt." not in staff.subject + staff.text
    assert "Status: Bestätigt" in staff.text  # the status label too, not "Confirmed"


def test_a_guest_booking_on_the_polish_portal_gets_polish_emails_and_the_language_is_remembered(engine):
    _, service = _business(engine, "de")

    email = _book(engine, service, "ola@example.com", portal="pl")["booking_confirmed"]

    assert email.locale == "pl" and email.subject.startswith("Rezerwacja potwierdzona: Massage, wt., 24 lis 2026")
    with Session(engine) as s:
        assert s.exec(select(Customer.locale).where(Customer.email == "ola@example.com")).one() == "pl"


def test_a_request_sent_from_the_polish_portal_is_received_in_polish_and_told_to_staff_in_german(engine, gateway):
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "studio", timezone="Europe/Berlin", locale="de")
        factories.staff(s, org)
        service = factories.request_service(s, org, name="Verkostung")
        s.commit()
    form = requests.RequestForm(service_id=service.id, starts_at=TUESDAY_10, party_size=2, group=True, name="Ola",
                                email="ola@example.com", phone="", note="", card=VISA, locale="pl")
    with unit_of_work(engine) as s:
        requests.create_request(s, form=form, gateway=gateway, now=NOW)

    with Session(engine) as s:
        emails = {e.template_key: e for e in s.exec(select(OutboxEmail))}
    received, staff = emails["request_received"], emails["new_booking"]
    assert (received.locale, staff.locale) == ("pl", "de")
    assert "wt., 24 lis 2026" in received.text and "120,00" in received.text
    assert "Di., 24" in staff.text and "lis" not in staff.text


def test_the_calendar_file_of_a_polish_customer_speaks_polish(engine):
    """The .ics description once said "View or manage your booking" in every language."""
    _, service = _business(engine, "en")

    email = _book(engine, service, "ola@example.com", locale="pl")["booking_confirmed"]

    ics = email.attachments[0]["content"]
    assert "Zobacz lub zmień swoją rezerwację: http" in ics.replace("\r\n ", "")
    assert "View or manage" not in ics
