"""A business's own texts per language (issue 23): the service editor saves a name and a
description per language (blank: the default is used; too long: a message next to its
input and nothing saved); customers read their language in emails, calendar files and on
the portal, staff the default; cancellation reasons are translated line by line and a
customer reads the one staff chose in their language, while the record keeps the default."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import ValidationFailed
from bookingapp.domain.localized_text import service_name
from bookingapp.models import ClassSession, Organization, OutboxEmail, Service
from bookingapp.services import appointments, catalog, class_bookings, portal, session_changes
from bookingapp.services.accounts import actor_for
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import NOW as CLASS_NOW
from tests.service.class_fixtures import class_service, class_session, give_credits

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _fields(**extra) -> dict:
    """The editor's inputs as the browser sends them."""
    return {"name": "Wine tasting", "description": "A guided tasting.", "duration_minutes": "60", "price": "45",
            "prepayment": "optional", "customer_cancellation": "allowed_until_cutoff", "cutoff_hours": "24",
            "location": "Cellar", "buffer_before_minutes": "0", "buffer_after_minutes": "0", "min_notice_hours": "1",
            "horizon_days": "90", "online_booking": "on", **extra}


@pytest.fixture
def owner(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "lindenhof", timezone="Europe/Berlin", locale="en")
        owner = factories.staff(s, org, name="Olga Owner")
        return actor_for(owner), owner.id


def _save(engine, owner, fields: dict, service_id: int = 0) -> Service:
    actor, owner_id = owner
    form = catalog.form_from_fields({**fields, f"staff_{owner_id}": "on"}, kind="appointment")
    with unit_of_work(engine) as s:
        if service_id:
            service = catalog.update_service(s, actor=actor, service_id=service_id, form=form)
        else:
            service = catalog.create_service(s, actor=actor, form=form)
        s.flush()
        s.expunge(service)
        return service


def _snapshot(engine) -> dict:
    with Session(engine) as s:
        return {t.name: sorted(map(repr, s.execute(sa_select(t)))) for t in SQLModel.metadata.sorted_tables}


def test_the_editor_saves_translations_and_a_blank_one_reads_as_the_default(engine, owner):
    service = _save(engine, owner, _fields(name_de="  Weinprobe ", description_de="Eine geführte Weinprobe.",
                                           name_pl="", description_pl="   "))
    assert service.translations == {"de": {"name": "Weinprobe", "description": "Eine geführte Weinprobe."}}
    assert service_name(service, "de") == "Weinprobe"
    assert service_name(service, "pl") == "Wine tasting"  # blank: the default
    assert service_name(service, "en") == "Wine tasting"
    with Session(engine) as s:
        detail = catalog.service_detail(s, actor=owner[0], service_id=service.id)
    assert detail.form.translations == service.translations  # the editor shows what was saved


def test_translations_in_the_defaults_own_language_are_ignored(engine, owner):
    service = _save(engine, owner, _fields(name_en="Tasting", name_de="Weinprobe"))
    assert service.translations == {"de": {"name": "Weinprobe"}}


def test_clearing_a_translation_goes_back_to_the_default(engine, owner):
    service = _save(engine, owner, _fields(name_pl="Degustacja"))
    service = _save(engine, owner, _fields(name_pl=""), service_id=service.id)
    assert service.translations == {}
    assert service_name(service, "pl") == "Wine tasting"


@pytest.mark.parametrize(("field", "text"), [("name_pl", "x" * 121), ("description_de", "y" * 2001)])
def test_a_too_long_translation_gets_a_message_next_to_it_and_nothing_is_saved(engine, owner, field, text):
    service = _save(engine, owner, _fields(name_de="Weinprobe"))
    before = _snapshot(engine)
    with pytest.raises(ValidationFailed) as refused:
        _save(engine, owner, _fields(name="Renamed", name_de="Neu", **{field: text}), service_id=service.id)
    assert refused.value.field == field
    assert "too long" in refused.value.render()
    assert _snapshot(engine) == before  # neither the new name nor the new German one


@pytest.fixture
def booked_in_polish(engine):
    """An appointment booked by a customer who reads Polish; the service has a Polish name."""
    with time_machine.travel(NOW, tick=False), unit_of_work(engine) as s:
        org = factories.organization(s, "consult", timezone="Europe/Berlin", locale="en")
        staff = factories.staff(s, org)
        svc = factories.appointment_service(s, org, staff=staff, duration_minutes=30, name="Consultation",
                                            translations={"pl": {"name": "Konsultacja"}, "de": {"name": "Beratung"}})
        factories.customer(s, org, "ola@example.com", name="Ola", locale="pl")
        service_id = svc.id
    with time_machine.travel(NOW, tick=False), unit_of_work(engine) as s:
        appointments.book(s, service_id=service_id, starts_at=TUESDAY_10, name="Ola", email="ola@example.com", now=NOW)
    return service_id


def test_a_polish_customers_email_and_calendar_file_use_the_polish_name(engine, booked_in_polish):
    with Session(engine) as s:
        customer_email = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "booking_confirmed")).one()
        staff_email = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "new_booking_instant")).one()
    assert customer_email.locale == "pl"
    assert "Konsultacja" in customer_email.subject + customer_email.text
    assert "Consultation" not in customer_email.text
    [ics] = [a["content"] for a in customer_email.attachments if a["content_type"] == "text/calendar"]
    assert "SUMMARY:Konsultacja" in ics
    # Staff read the business's default text.
    assert "Consultation" in staff_email.subject + staff_email.text
    assert "Konsultacja" not in staff_email.text


def test_the_portal_lists_the_services_the_business_set_up_with_their_translations(engine, booked_in_polish):
    with Session(engine) as s:
        org = portal.organization_by_slug(s, "consult")
        [svc] = portal.bookable_services(s, org)
    assert [service_name(svc, lang) for lang in ("en", "de", "pl")] == ["Consultation", "Beratung", "Konsultacja"]


# --- cancellation reasons --------------------------------------------------------------


@pytest.fixture
def studio(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin", locale="en")
        owner = factories.staff(s, org, name="Olga Owner")
        return actor_for(owner), org.id


def _set(engine, actor, text: str, **translations) -> list[str]:
    with unit_of_work(engine) as s:
        return session_changes.set_reasons(s, actor=actor, text=text, translations=translations)


def test_reason_translations_follow_the_reasons_line_by_line(engine, studio):
    actor, org_id = studio
    saved = _set(engine, actor, "Teacher ill\n\nRoom closed\nToo few people", de="Lehrkraft krank\n\nRaum zu\n",
                 pl="\n\n\nZa mało osób")
    assert saved == ["Teacher ill", "Room closed", "Too few people"]  # the stored reasons stay as written
    with Session(engine) as s:
        org = s.get(Organization, org_id)
        assert org.text_translations["reasons"] == {"Teacher ill": {"de": "Lehrkraft krank"}, "Room closed": {"de": "Raum zu"},
                                                    "Too few people": {"pl": "Za mało osób"}}
        shown = session_changes.reason_translations(s, actor=actor)
    assert shown == {"de": "Lehrkraft krank\nRaum zu", "pl": "\n\nZa mało osób"}  # aligned with the list as shown


@pytest.mark.parametrize(("translations", "field", "message"), [
    ({"de": "a\nb\nc"}, "reasons_de", "more lines"),
    ({"pl": "x" * 121}, "reasons_pl", "at most 120"),
])
def test_bad_reason_translations_get_a_message_and_change_nothing(engine, studio, translations, field, message):
    actor, _ = studio
    _set(engine, actor, "Teacher ill", de="Lehrkraft krank")
    before = _snapshot(engine)
    with pytest.raises(ValidationFailed) as refused:
        _set(engine, actor, "Teacher ill\nRoom closed", **translations)
    assert refused.value.field == field
    assert message in refused.value.render()
    assert _snapshot(engine) == before


def test_a_cancelled_class_reaches_each_customer_with_the_reason_in_their_language(engine, studio):
    actor, org_id = studio
    _set(engine, actor, "Teacher ill", de="Lehrkraft krank", pl="Choroba prowadzącego")
    with time_machine.travel(CLASS_NOW, tick=False), unit_of_work(engine) as s:
        org = s.get(Organization, org_id)
        service = class_service(s, org, translations={"de": {"name": "Morgenyoga"}})
        row = class_session(s, service)
        for email, locale in (("hans@example.com", "de"), ("ann@example.com", "en")):
            customer = factories.customer(s, org, email, name=email.split("@")[0].title(), locale=locale)
            give_credits(s, customer, 10)
            class_bookings.book_seat(s, class_session_id=row.id, customer=customer, actor=customer_actor(customer), now=CLASS_NOW)
        session_id = row.id
    with time_machine.travel(CLASS_NOW, tick=False), unit_of_work(engine) as s:
        session_changes.cancel_sessions(s, actor=actor, class_session_id=session_id, scope="this", reason="Teacher ill",
                                        note="back next week", now=CLASS_NOW)
    with Session(engine) as s:
        emails = {e.to_email: e for e in s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "class_session_cancelled")
                                                 .order_by(col(OutboxEmail.id)))}
        recorded = s.get(ClassSession, session_id).cancel_reason
    assert "Lehrkraft krank: back next week" in emails["hans@example.com"].text
    assert "Morgenyoga" in emails["hans@example.com"].subject + emails["hans@example.com"].text
    assert "Teacher ill: back next week" in emails["ann@example.com"].text
    assert recorded == "Teacher ill: back next week"  # reports group by the business's own text


def test_removing_a_reason_keeps_the_other_reasons_translations(engine, studio):
    actor, org_id = studio
    _set(engine, actor, "Teacher ill\nRoom closed\nToo few people", de="Lehrkraft krank\nRaum zu\nZu wenige")
    _set(engine, actor, "Teacher ill\nToo few people")  # the German lines left as they were: not sent
    with Session(engine) as s:
        assert s.get(Organization, org_id).text_translations["reasons"] == {"Teacher ill": {"de": "Lehrkraft krank"},
                                                                           "Too few people": {"de": "Zu wenige"}}
        assert session_changes.reason_translations(s, actor=actor)["de"] == "Lehrkraft krank\nZu wenige"


def test_the_customers_own_bookings_list_carries_the_name_in_their_language(engine, booked_in_polish):
    from bookingapp.domain.localized_text import in_language
    from bookingapp.models import Customer
    from bookingapp.services import customer_accounts

    with Session(engine) as s:
        customer = s.exec(select(Customer).where(Customer.email == "ola@example.com")).one()
        upcoming, _past = customer_accounts.bookings_of(s, customer=customer, now=NOW)
    [listed] = upcoming
    assert listed.service_name == "Consultation"  # staff pages read the default
    assert in_language(listed.service_name, "pl") == "Konsultacja"
