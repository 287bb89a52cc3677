"""The front desk (issue 20): staff book for a customer who phones or walks in.

Every kind of service, every way to pay, and the rules: never in the past, never on top
of another booking of the same person (an override only for their hours and time off),
an email address where the service needs one; a refusal writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from bookingapp.db import unit_of_work
from bookingapp.domain.class_rules import NotEnoughCredits, SessionFull
from bookingapp.domain.errors import NotFound, PaymentDeclined, PermissionDenied, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    ActivityLog,
    Booking,
    ClassSession,
    CreditLedger,
    Customer,
    OutboxEmail,
    Payment,
    PaymentOperation,
    Service,
    ServiceStaff,
    TimeOff,
)
from bookingapp.services import appointments, customers, front_desk, manage_booking, manage_links
from bookingapp.services.accounts import actor_for
from bookingapp.services.actors import Actor
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import class_service, class_session, give_credits

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
TUESDAY_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # 10:00 in Berlin
VISA = CardInput("4242424242424242", 12, 2031, "123")
DECLINED = CardInput("4000000000000002", 12, 2031, "123")
ALERT = "Paid late twice: ask for the card first"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


@dataclass
class Desk:
    actor: Actor  # Dana at the front desk, the owner
    sam_id: int  # gives the consultation, 09-17 on weekdays
    consult_id: int
    tasting_id: int
    yoga_id: int
    yoga_session_id: int
    fiona_id: int  # flagged
    walter_id: int  # no email address


@pytest.fixture
def desk(engine) -> Desk:
    with unit_of_work(engine) as s:
        org = factories.organization(s, "desk", timezone="Europe/Berlin")
        dana = factories.staff(s, org, "dana@desk.test", name="Dana Desk")
        sam = factories.staff(s, org, "sam@desk.test", name="Sam Staff", role="staff")
        consult = factories.appointment_service(s, org, staff=sam, weekdays=range(5), price_minor=4500, prepayment="optional")
        tasting = factories.request_service(s, org, staff_user_id=dana.id, max_party=8)
        s.add(ServiceStaff(service_id=tasting.id, staff_user_id=dana.id, organization_id=org.id))
        yoga = class_service(s, org)
        session_row = class_session(s, yoga, capacity=3, credit_cost=2)
        fiona = factories.customer(s, org, "fiona@example.com", name="Fiona Flag", alert_message=ALERT, phone="+49 170 1234567")
        walter = Customer(organization_id=org.id, name="Walter Walk-in", phone="0171 555 0101")
        s.add(walter)
        s.flush()
        return Desk(actor_for(dana), sam.id, consult.id, tasting.id, yoga.id, session_row.id, fiona.id, walter.id)


def _form(desk: Desk, **kw) -> front_desk.FrontDeskBooking:
    defaults = dict(service_id=desk.consult_id, customer_id=desk.fiona_id, starts_at=TUESDAY_10, payment="venue")
    return front_desk.FrontDeskBooking(**{**defaults, **kw})


def _book(engine, desk: Desk, gateway=None, **kw) -> Booking:
    with unit_of_work(engine) as s:
        return front_desk.book(s, actor=desk.actor, form=_form(desk, **kw), gateway=gateway, now=NOW)


def _counts(engine) -> dict[str, int]:
    with Session(engine) as s:
        return {t.name: s.execute(select(func.count()).select_from(t)).scalar() for t in SQLModel.metadata.sorted_tables}


def _refused(engine, desk: Desk, error: type, gateway=None, **kw) -> Exception:
    before = _counts(engine)
    with pytest.raises(error) as refusal:
        _book(engine, desk, gateway, **kw)
    assert _counts(engine) == before, "a refused booking wrote something"
    return refusal.value


def _emails(engine, booking_id: int) -> list[tuple[str, str | None]]:
    with Session(engine) as s:
        return sorted((e.template_key, e.to_email) for e in s.exec(select(OutboxEmail).where(OutboxEmail.booking_id == booking_id)))


# --- appointments --------------------------------------------------------------------------


def test_staff_book_a_flagged_customer_into_the_hours_to_pay_on_site(engine, desk):
    booking = _book(engine, desk, note="Prefers the window seat")

    assert (booking.status, booking.staff_user_id, booking.starts_at) == ("confirmed", desk.sam_id, TUESDAY_10)
    assert booking.alert_message == ALERT and booking.note == "Prefers the window seat"
    assert booking.ends_at == TUESDAY_10 + timedelta(minutes=60) and booking.price_minor == 4500
    # The customer's confirmation with the manage link and calendar file; Sam hears of it.
    assert _emails(engine, booking.id) == [("booking_confirmed", "fiona@example.com"), ("new_booking_instant", "sam@desk.test")]
    with Session(engine) as s:
        email = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "booking_confirmed")).one()
        assert manage_links.url_of(booking) in email.text and email.attachments[0]["filename"].endswith(".ics")
        assert s.exec(select(Payment)).all() == []  # unpaid: paid on site
        log = s.exec(select(ActivityLog).where(ActivityLog.booking_id == booking.id)).one()
        assert (log.action, log.actor_name, log.data["payment"], log.data["outside_hours"]) == (
            "booking.booked_by_staff", "Dana Desk", "venue", False)


def test_the_provider_is_not_told_of_their_own_front_desk_booking(engine, desk):
    with Session(engine) as s:
        sam = actor_for(s.get(factories.StaffUser, desk.sam_id))
    booking = _book(engine, replace(desk, actor=sam))
    assert _emails(engine, booking.id) == [("booking_confirmed", "fiona@example.com")]


def test_a_walk_in_can_be_booked_now_though_customers_need_an_hour_notice(engine, desk):
    soon = NOW + timedelta(minutes=10)
    with Session(engine) as s:
        service = s.get(Service, desk.consult_id)
        portal = appointments.month(s, service=service, year=2026, month_number=11, now=NOW)[22].slots
        staff = front_desk.month(s, actor=desk.actor, service_id=desk.consult_id, year=2026, month_number=11, now=NOW)[22].slots
    assert NOW + timedelta(minutes=30) not in portal and NOW + timedelta(minutes=30) in staff  # today, 09:30
    booking = _book(engine, desk, starts_at=soon)  # any minute inside the hours, not only the grid
    assert booking.starts_at == soon and booking.status == "confirmed"


def test_a_time_in_the_past_is_refused(engine, desk):
    error = _refused(engine, desk, ValidationFailed, starts_at=NOW - timedelta(minutes=5))
    assert error.field == "starts_at" and "passed" in str(error)


def test_a_time_typed_in_the_business_timezone_is_read_there(engine, desk):
    booking = _book(engine, desk, starts_at=None, at_local="2026-11-24T10:00")
    assert booking.starts_at == TUESDAY_10


def test_outside_the_hours_staff_book_only_after_confirming_the_warning(engine, desk):
    evening = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # 19:00 local, after closing
    error = _refused(engine, desk, front_desk.OutsideHours, starts_at=evening)
    assert "Sam Staff" in str(error) and error.field == "outside_hours"

    booking = _book(engine, desk, starts_at=evening, outside_hours=True)
    assert booking.staff_user_id == desk.sam_id and booking.status == "confirmed"
    with Session(engine) as s:
        assert s.exec(select(ActivityLog.data).where(ActivityLog.booking_id == booking.id)).one()["outside_hours"] is True


def test_time_off_is_overridden_with_the_warning_too(engine, desk):
    with unit_of_work(engine) as s:
        s.add(TimeOff(organization_id=desk.actor.organization_id, staff_user_id=desk.sam_id, starts_at=TUESDAY_10,
                      ends_at=TUESDAY_10 + timedelta(hours=3), reason="Dentist"))
    _refused(engine, desk, front_desk.OutsideHours)
    assert _book(engine, desk, outside_hours=True).starts_at == TUESDAY_10


@pytest.mark.parametrize("offset", [timedelta(0), timedelta(minutes=30), timedelta(minutes=-59)])
def test_never_on_top_of_another_booking_of_the_same_person_even_with_the_override(engine, desk, offset):
    with unit_of_work(engine) as s:
        appointments.book(s, service_id=desk.consult_id, starts_at=TUESDAY_10, name="Online Olga", email="olga@example.com",
                          now=NOW)
    error = _refused(engine, desk, front_desk.StaffBusy, starts_at=TUESDAY_10 + offset, outside_hours=True)
    assert "Sam Staff" in str(error)
    assert _book(engine, desk, starts_at=TUESDAY_10 + timedelta(minutes=60)).status == "confirmed"  # right after: fine


def test_never_while_the_person_teaches_a_class(engine, desk):
    with unit_of_work(engine) as s:
        row = s.get(ClassSession, desk.yoga_session_id)
        row.staff_user_id, row.starts_at, row.ends_at = desk.sam_id, TUESDAY_10, TUESDAY_10 + timedelta(hours=1)
    _refused(engine, desk, front_desk.StaffBusy, outside_hours=True)


def test_anyone_free_gives_the_booking_to_a_free_person(engine, desk):
    with unit_of_work(engine) as s:
        org = s.get(factories.Organization, desk.actor.organization_id)
        kim = factories.staff(s, org, "kim@desk.test", name="Kim", role="staff")
        factories.weekly_hours(s, kim, {d: [(time(9), time(17))] for d in range(5)})
        s.add(ServiceStaff(service_id=desk.consult_id, staff_user_id=kim.id, organization_id=org.id))
        kim_id = kim.id
    first = _book(engine, desk, staff_user_id=desk.sam_id)
    second = _book(engine, desk, customer_id=desk.walter_id)  # anyone: Sam is taken
    assert (first.staff_user_id, second.staff_user_id) == (desk.sam_id, kim_id)
    third = _refused(engine, desk, front_desk.EveryoneBusy, outside_hours=True)
    assert "Everyone" in str(third)


def test_someone_who_does_not_give_the_service_cannot_be_picked(engine, desk):
    error = _refused(engine, desk, ValidationFailed, staff_user_id=desk.actor.id)
    assert error.field == "staff"


# --- payment ------------------------------------------------------------------------------


def test_a_card_charged_now_is_charged_once_even_when_the_form_is_sent_twice(engine, desk, gateway):
    first = _book(engine, desk, gateway, payment="card", card=VISA, submission="form-1")
    again = _book(engine, desk, gateway, payment="card", card=VISA, submission="form-1")

    assert again.id == first.id and first.status == "confirmed"
    with Session(engine) as s:
        [payment] = s.exec(select(Payment)).all()
        assert (payment.status, payment.captured_minor, payment.booking_id) == ("captured", 4500, first.id)
        kinds = sorted(op.kind for op in s.exec(select(PaymentOperation)))
    assert kinds == ["authorize", "capture"]
    assert _emails(engine, first.id)[0] == ("booking_confirmed", "fiona@example.com")


def test_a_declined_card_books_nothing(engine, desk, gateway):
    _refused(engine, desk, PaymentDeclined, gateway, payment="card", card=DECLINED, submission="form-2")


def test_a_card_must_be_given_and_valid(engine, desk, gateway):
    assert _refused(engine, desk, ValidationFailed, gateway, payment="card", card=None).field == "card"
    expired = CardInput("4242424242424242", 1, 2020, "123")
    assert _refused(engine, desk, ValidationFailed, gateway, payment="card", card=expired).field == "card"


def test_a_payment_link_waits_for_payment_which_the_manage_page_takes(engine, desk, gateway):
    booking = _book(engine, desk, payment="link")

    assert booking.status == "pending_payment"
    with Session(engine) as s:
        email = s.exec(select(OutboxEmail).where(OutboxEmail.booking_id == booking.id,
                                                 OutboxEmail.template_key == "booking_payment_required")).one()
        assert email.to_email == "fiona@example.com" and manage_links.url_of(booking) in email.text
        assert email.subject.startswith("Booking confirmation – payment required")
    token = manage_links.token_of(booking)
    with Session(engine) as s:
        assert manage_booking.view(s, token=token, now=NOW).amount_due == 4500
    with unit_of_work(engine) as s:
        paid = manage_booking.pay(s, token=token, card=VISA, gateway=gateway, attempt="pay-1", now=NOW)
    assert paid.status == "confirmed"


def test_a_free_service_needs_no_payment_whatever_was_chosen(engine, desk):
    with unit_of_work(engine) as s:
        s.get(Service, desk.consult_id).price_minor = 0
    assert _book(engine, desk, payment="link").status == "confirmed"


# --- customers ------------------------------------------------------------------------------


def test_a_new_customer_is_created_with_the_booking(engine, desk):
    booking = _book(engine, desk, customer_id=None, new_name="Nora New", new_email=" Nora@Example.com ", new_phone="+49 30 123")
    with Session(engine) as s:
        nora = s.get(Customer, booking.customer_id)
        assert (nora.name, nora.email, nora.phone, nora.alert_message) == ("Nora New", "nora@example.com", "+49 30 123", None)
        assert s.exec(select(ActivityLog.action).where(ActivityLog.customer_id == nora.id)).all() == [
            "customer.created_by_staff", "booking.booked_by_staff"]


def test_a_new_customer_with_an_address_already_known_is_refused_by_name(engine, desk):
    error = _refused(engine, desk, ValidationFailed, customer_id=None, new_name="Fi", new_email="FIONA@example.com")
    assert error.field == "new_email" and "Fiona Flag" in str(error)


def test_no_customer_is_refused(engine, desk):
    assert _refused(engine, desk, ValidationFailed, customer_id=None).field == "customer"


def test_a_customer_without_email_books_on_site_and_gets_no_email(engine, desk):
    booking = _book(engine, desk, customer_id=None, new_name="Paula Phone", new_phone="0172 000")
    assert booking.status == "confirmed"
    assert _emails(engine, booking.id) == [("new_booking_instant", "sam@desk.test")]


@pytest.mark.parametrize("kw", [dict(payment="link"), dict(service_id="tasting")])
def test_a_customer_without_email_cannot_get_a_payment_link_or_a_request(engine, desk, kw):
    if kw.get("service_id") == "tasting":
        kw = dict(service_id=desk.tasting_id)
    existing = _refused(engine, desk, front_desk.EmailNeeded, customer_id=desk.walter_id, **kw)
    new = _refused(engine, desk, front_desk.EmailNeeded, customer_id=None, new_name="Paula Phone", **kw)
    assert existing.field == new.field == "customer" and "no email address" in str(existing)


def test_another_organizations_customer_is_not_found(engine, desk):
    with unit_of_work(engine) as s:
        other = factories.organization(s, "other")
        stranger = factories.customer(s, other, "x@example.com").id
    _refused(engine, desk, NotFound, customer_id=stranger)


def test_customers_cannot_use_the_front_desk(engine, desk):
    with Session(engine) as s:
        fiona = customer_actor(s.get(Customer, desk.fiona_id))
    with unit_of_work(engine) as s, pytest.raises(PermissionDenied):
        front_desk.book(s, actor=fiona, form=_form(desk), now=NOW)


# --- requests and classes ---------------------------------------------------------------------


def test_a_request_is_booked_confirmed_at_the_time_agreed(engine, desk, gateway):
    sunday = datetime(2026, 11, 29, 17, 0, tzinfo=UTC)  # requests have no hours
    booking = _book(engine, desk, gateway, service_id=desk.tasting_id, starts_at=sunday, party_size=6, payment="card",
                    card=VISA, submission="tasting-1", note="Birthday")
    assert (booking.status, booking.party_size, booking.note, booking.staff_user_id) == ("confirmed", 6, "Birthday", desk.actor.id)
    assert booking.respond_by is None and booking.price_minor == 12000
    assert [key for key, _ in _emails(engine, booking.id)] == ["booking_confirmed"]  # Dana booked it herself
    error = _refused(engine, desk, ValidationFailed, service_id=desk.tasting_id, starts_at=sunday + timedelta(days=1), party_size=9)
    assert error.field == "party_size"
    _refused(engine, desk, front_desk.StaffBusy, service_id=desk.tasting_id, starts_at=sunday + timedelta(hours=1),
             outside_hours=True)


def test_a_request_by_payment_link_is_payable_on_the_manage_page(engine, desk, gateway):
    booking = _book(engine, desk, service_id=desk.tasting_id, payment="link")
    assert booking.status == "pending_payment"
    with unit_of_work(engine) as s:
        paid = manage_booking.pay(s, token=manage_links.token_of(booking), card=VISA, gateway=gateway, attempt="p", now=NOW)
    assert paid.status == "confirmed"


def test_a_request_in_the_persons_time_off_needs_the_override(engine, desk):
    with unit_of_work(engine) as s:
        s.add(TimeOff(organization_id=desk.actor.organization_id, staff_user_id=None, starts_at=TUESDAY_10 - timedelta(hours=1),
                      ends_at=TUESDAY_10 + timedelta(hours=1)))
    _refused(engine, desk, front_desk.TimeOffThen, service_id=desk.tasting_id)
    assert _book(engine, desk, service_id=desk.tasting_id, outside_hours=True).status == "confirmed"


def test_a_class_place_paid_with_credits_or_on_site(engine, desk):
    with unit_of_work(engine) as s:
        give_credits(s, s.get(Customer, desk.fiona_id), 5)
    kw = dict(service_id=desk.yoga_id, class_session_id=desk.yoga_session_id, starts_at=None)
    _refused(engine, desk, NotEnoughCredits, customer_id=desk.walter_id, payment="credits", **kw)
    with_credits = _book(engine, desk, payment="credits", party_size=2, note="Bringing a friend", **kw)
    on_site = _book(engine, desk, customer_id=desk.walter_id, payment="venue", **kw)

    assert (with_credits.credits_spent, with_credits.party_size, with_credits.alert_message) == (4, 2, ALERT)
    assert with_credits.note == "Bringing a friend"
    assert on_site.credits_spent == 0 and on_site.status == "confirmed"
    with Session(engine) as s:
        assert s.exec(select(func.sum(CreditLedger.delta)).where(CreditLedger.customer_id == desk.fiona_id)).one() == 1
    assert _emails(engine, with_credits.id) == [("class_booked", "fiona@example.com")]
    _refused(engine, desk, SessionFull, customer_id=None, new_name="Late Larry", payment="venue", **kw)  # 3 of 3 taken


@pytest.mark.parametrize("payment", ["card", "link"])
def test_a_class_is_paid_with_credits_or_on_site_only(engine, desk, payment):
    error = _refused(engine, desk, ValidationFailed, service_id=desk.yoga_id, class_session_id=desk.yoga_session_id,
                     payment=payment, card=VISA)
    assert error.field == "payment"


def test_a_session_of_another_class_is_not_found(engine, desk):
    with unit_of_work(engine) as s:
        other = class_service(s, s.get(factories.Organization, desk.actor.organization_id), name="Pilates", slug="pilates")
        other_session = class_session(s, other).id
    _refused(engine, desk, NotFound, service_id=desk.yoga_id, class_session_id=other_session, payment="venue")


def test_the_class_sessions_offered_show_how_full_they_are(engine, desk):
    _book(engine, desk, service_id=desk.yoga_id, class_session_id=desk.yoga_session_id, payment="venue")
    with Session(engine) as s:
        [option] = front_desk.upcoming_sessions(s, actor=desk.actor, service_id=desk.yoga_id, now=NOW)
    assert (option.id, option.booked, option.capacity) == (desk.yoga_session_id, 1, 3)


def test_archived_appointment_services_are_refused_and_not_offered(engine, desk):
    with unit_of_work(engine) as s:
        s.get(Service, desk.consult_id).active = False
    _refused(engine, desk, front_desk.ServiceArchived)
    with Session(engine) as s:
        offered = {svc.id for svc in front_desk.bookable_services(s, actor=desk.actor)}
    assert offered == {desk.tasting_id, desk.yoga_id}


# --- finding the customer -----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["170 123", "+49 170 1234567", "0170-1234", "1234567", "(170) 12"])
def test_the_autocomplete_finds_a_phone_number_by_its_digits_in_any_format(engine, desk, typed):
    with Session(engine) as s:
        hits = customers.search_customers(s, actor=desk.actor, query=typed)
    assert [(h.name, h.alert, h.phone) for h in hits] == [("Fiona Flag", ALERT, "+49 170 1234567")]


def test_the_autocomplete_finds_names_and_emails_and_customers_without_email(engine, desk):
    with Session(engine) as s:
        by_name = customers.search_customers(s, actor=desk.actor, query="walk")
        by_email = customers.search_customers(s, actor=desk.actor, query="fiona@")
        by_phone = customers.search_customers(s, actor=desk.actor, query="555 01")
    assert [(h.name, h.email) for h in by_name] == [("Walter Walk-in", "")]
    assert [h.name for h in by_email] == ["Fiona Flag"] and [h.name for h in by_phone] == ["Walter Walk-in"]


def test_a_changed_phone_number_is_found_by_its_new_digits_only(engine, desk):
    with unit_of_work(engine) as s:
        s.get(Customer, desk.walter_id).phone = "0999 888 777"
    with Session(engine) as s:
        assert customers.search_customers(s, actor=desk.actor, query="555 0101") == []
        assert [h.name for h in customers.search_customers(s, actor=desk.actor, query="888 777")] == ["Walter Walk-in"]


# --- the page's address -------------------------------------------------------------------------


def test_the_address_prefills_what_is_the_organizations_and_drops_the_rest(engine, desk):
    with Session(engine) as s:
        found = front_desk.prefill(s, actor=desk.actor, service=str(desk.consult_id), staff=str(desk.sam_id),
                                   at="2026-11-24T10:00", customer=str(desk.fiona_id))
        by_session = front_desk.prefill(s, actor=desk.actor, class_session=str(desk.yoga_session_id))
        nonsense = front_desk.prefill(s, actor=desk.actor, service="99999", staff="x", at="24.11.2026 10:00",
                                      customer="-1", class_session="2²")
    assert (found.service_id, found.staff_user_id, found.at_local) == (desk.consult_id, desk.sam_id, "2026-11-24T10:00")
    assert (found.customer.name, found.customer.alert) == ("Fiona Flag", ALERT)
    assert (by_session.service_id, by_session.class_session_id) == (desk.yoga_id, desk.yoga_session_id)
    assert nonsense == front_desk.Prefill()
