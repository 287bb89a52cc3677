"""The customer's reminder email before a booking (issue 20): one per appointment, class
place and confirmed request, at the business's lead time, with the manage link and the
calendar file; none for a cancelled booking, a booking whose customer turned it off, a
business that sends none, or a booking confirmed inside the window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from icalendar import Calendar
from sqlmodel import Session, select

from bookingapp import jobs
from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    ActivityLog,
    Booking,
    Customer,
    Organization,
    OutboxEmail,
    Service,
    StaffUser,
)
from bookingapp.services import (
    appointments,
    business,
    class_bookings,
    manage_booking,
    manage_links,
    reminders,
    requests,
    template_editor,
)
from bookingapp.services.accounts import actor_for
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import class_service, class_session, give_credits

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
MONDAY_NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)  # three hours from NOW
THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)  # Thursday 11:00 in Berlin, 74 hours from NOW
VISA = CardInput("4242424242424242", 12, 2030, "123")
DAY = timedelta(hours=24)
MINUTE = timedelta(minutes=1)


@pytest.fixture(autouse=True)
def clock():
    """The gateway's clock and the services' `now` agree."""
    with time_machine.travel(NOW, tick=True):
        yield


@dataclass
class World:
    org_id: int
    owner: StaffUser
    appointment: Service
    request: Service


@pytest.fixture
def world(engine) -> World:
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "consult", timezone="Europe/Berlin")
        owner = factories.staff(s, org)
        appointment = factories.appointment_service(s, org, staff_user_id=owner.id, cutoff_minutes=0)
        request = factories.request_service(s, org, staff_user_id=owner.id)
        s.commit()
        return World(org.id, owner, appointment, request)


# --- helpers ---------------------------------------------------------------------------


def _book(engine, world: World, starts_at: datetime = THURSDAY, email: str = "alex@example.com", now: datetime = NOW):
    with unit_of_work(engine) as s:
        return appointments.book(s, service_id=world.appointment.id, starts_at=starts_at, name="Alex Example", email=email,
                                 now=now)


def _sweep(engine, at: datetime) -> int:
    return reminders.send_customer_reminders(engine=engine, now=at)


def _reminders(engine, booking_id: int | None = None) -> list[OutboxEmail]:
    with Session(engine) as s:
        stmt = select(OutboxEmail).where(OutboxEmail.template_key == "booking_reminder")
        if booking_id is not None:
            stmt = stmt.where(OutboxEmail.booking_id == booking_id)
        return list(s.exec(stmt))


def _booking(engine, booking_id: int) -> Booking:
    with Session(engine) as s:
        return s.get(Booking, booking_id)


def _set_lead(engine, world: World, hours: str) -> None:
    with unit_of_work(engine) as s:
        actor = actor_for(s.get(StaffUser, world.owner.id))
        form = business.form_of(s.get(Organization, world.org_id))
        form.customer_reminder_hours = hours
        business.update_business(s, actor=actor, form=form)


def _switch(engine, token: str, wanted: bool, now: datetime = NOW) -> Booking:
    with unit_of_work(engine) as s:
        return manage_booking.set_reminders(s, token=token, wanted=wanted, now=now)


def _ics(email: OutboxEmail):
    files = [a for a in email.attachments if a["content_type"] == "text/calendar"]
    assert len(files) == 1 and files[0]["filename"].endswith(".ics")
    return Calendar.from_ical(files[0]["content"]).walk("VEVENT")[0]


# --- once, at the lead time, for each kind ------------------------------------------------


def test_an_appointment_is_reminded_once_24_hours_before_with_the_link_and_the_calendar_file(engine, world):
    booking, token = _book(engine, world)
    due = THURSDAY - DAY

    assert _sweep(engine, due - MINUTE) == 0
    assert _sweep(engine, due) == 1
    assert _sweep(engine, due + MINUTE) == 0
    assert _sweep(engine, THURSDAY - MINUTE) == 0

    [email] = _reminders(engine)
    assert (email.to_email, email.booking_id) == ("alex@example.com", booking.id)
    assert email.subject == "Reminder: Consultation on Thu, 26 Nov 2026, 11:00 CET"
    url = manage_links.url_of(_booking(engine, booking.id))
    assert url in email.text and url.endswith(token)
    event = _ics(email)
    assert str(event["UID"]) == f"{booking.reference}@bookings"
    assert event.decoded("DTSTART") == THURSDAY and event.decoded("DTEND") == THURSDAY + timedelta(hours=1)
    assert str(event["URL"]) == url and url in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) == _booking(engine, booking.id).lock_version  # the same entry as the confirmation's
    assert _booking(engine, booking.id).customer_reminder_sent_at == due
    with Session(engine) as s:
        logged = s.exec(select(ActivityLog.action).where(ActivityLog.booking_id == booking.id)).all()
    assert logged.count("booking.customer_reminder_sent") == 1


def test_a_class_place_is_reminded_once(engine):
    start = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    with unit_of_work(engine) as s:
        org = factories.organization(s, "yoga", timezone="Europe/Berlin")
        cs = class_session(s, class_service(s, org), starts_at=start)
        ann = factories.customer(s, org, "ann@example.com", name="Ann")
        give_credits(s, ann, 5)
        place = class_bookings.book_seat(s, class_session_id=cs.id, customer=ann, actor=customer_actor(ann), now=NOW)

    assert _sweep(engine, start - DAY - MINUTE) == 0
    assert _sweep(engine, start - DAY) == 1
    assert _sweep(engine, start - DAY + MINUTE) == 0
    [email] = _reminders(engine)
    assert (email.booking_id, email.to_email) == (place.id, "ann@example.com")
    assert email.subject.startswith("Reminder: Morning yoga on ")
    assert _ics(email).decoded("DTSTART") == start


def test_a_confirmed_request_is_reminded_once_and_a_waiting_one_is_not(engine, world, gateway):
    def ask(email: str) -> Booking:
        form = requests.RequestForm(service_id=world.request.id, starts_at=THURSDAY, party_size=2, group=True,
                                    name="Rita Request", email=email, phone="", note="", card=VISA)
        with unit_of_work(engine) as s:
            return requests.create_request(s, form=form, gateway=gateway, now=NOW)[0]

    confirmed, waiting = ask("rita@example.com"), ask("wanda@example.com")
    with unit_of_work(engine) as s:
        requests.confirm_request(s, actor=actor_for(s.get(StaffUser, world.owner.id)), booking_id=confirmed.id,
                                 gateway=gateway, now=NOW)

    assert _sweep(engine, THURSDAY - DAY) == 1
    assert _sweep(engine, THURSDAY - DAY + MINUTE) == 0
    assert [e.booking_id for e in _reminders(engine)] == [confirmed.id]
    assert _booking(engine, waiting.id).status == "requested"


def test_the_sweeper_runs_the_reminders(engine, world, monkeypatch):
    booking, _ = _book(engine, world)
    original = reminders.send_customer_reminders  # the job sweeps the app's database: point it at the test's
    monkeypatch.setattr(reminders, "send_customer_reminders", lambda now: original(engine=engine, now=now))
    assert "remind_customers" in jobs.JOBS
    assert jobs.JOBS["remind_customers"](THURSDAY - DAY, "test") == 1
    assert [e.booking_id for e in _reminders(engine)] == [booking.id]


# --- never -------------------------------------------------------------------------------


def test_a_cancelled_booking_gets_no_reminder(engine, world, gateway):
    booking, token = _book(engine, world)
    with unit_of_work(engine) as s:
        manage_booking.cancel(s, token=token, gateway=gateway, now=NOW)

    assert _sweep(engine, THURSDAY - DAY) == 0
    assert _sweep(engine, THURSDAY - timedelta(hours=1)) == 0
    assert _reminders(engine) == []


def test_an_unpaid_booking_gets_none_until_it_is_paid(engine, world, gateway):
    with unit_of_work(engine) as s:
        s.get(Service, world.appointment.id).prepayment = "required"
    booking, token = _book(engine, world)
    assert _booking(engine, booking.id).status == "pending_payment"
    assert _sweep(engine, THURSDAY - DAY) == 0

    with unit_of_work(engine) as s:  # paid the next morning, outside Thursday's window: the reminder still comes
        manage_booking.pay(s, token=token, card=VISA, gateway=gateway, now=NOW + timedelta(hours=2))
    assert _sweep(engine, THURSDAY - DAY + MINUTE) == 1


def test_a_customer_who_turned_it_off_gets_none_and_can_turn_it_back_on(engine, world):
    booking, token = _book(engine, world)
    assert _switch(engine, token, False).customer_reminders_off is True

    assert _sweep(engine, THURSDAY - DAY) == 0
    assert _reminders(engine) == []

    _switch(engine, token, True, now=THURSDAY - timedelta(hours=2))
    assert _sweep(engine, THURSDAY - timedelta(hours=2)) == 1  # still before the start: it goes now
    with Session(engine) as s:
        logged = s.exec(select(ActivityLog.action).where(ActivityLog.booking_id == booking.id)
                        .order_by(ActivityLog.id)).all()
    assert [a for a in logged if "reminder" in a] == ["booking.customer_reminders_off", "booking.customer_reminders_on",
                                                     "booking.customer_reminder_sent"]


def test_the_switch_only_writes_a_change(engine, world):
    booking, token = _book(engine, world)
    _switch(engine, token, True)  # already on
    _switch(engine, token, False)
    _switch(engine, token, False)  # a second tab
    with Session(engine) as s:
        logged = s.exec(select(ActivityLog.action).where(ActivityLog.booking_id == booking.id)).all()
    assert [a for a in logged if "reminder" in a] == ["booking.customer_reminders_off"]


def test_the_switch_is_closed_for_a_cancelled_or_started_booking_and_a_bad_token(engine, world, gateway):
    cancelled, cancelled_token = _book(engine, world)
    with unit_of_work(engine) as s:
        manage_booking.cancel(s, token=cancelled_token, gateway=gateway, now=NOW)
    with pytest.raises(manage_booking.RemindersClosed):
        _switch(engine, cancelled_token, False)

    started, token = _book(engine, world, starts_at=THURSDAY + DAY)
    with pytest.raises(manage_booking.RemindersClosed):
        _switch(engine, token, False, now=THURSDAY + DAY)
    with pytest.raises(NotFound):
        _switch(engine, token[:-1] + ("A" if token[-1] != "A" else "B"), False)
    assert not _booking(engine, cancelled.id).customer_reminders_off and not _booking(engine, started.id).customer_reminders_off


def test_the_manage_page_offers_the_switch_only_while_it_means_something(engine, world, gateway):
    booking, token = _book(engine, world)

    def offered(now: datetime = NOW) -> bool:
        with Session(engine) as s:
            return manage_booking.view(s, token=token, now=now).reminder_switch

    assert offered()
    assert not offered(THURSDAY)  # started
    _set_lead(engine, world, "0")
    assert not offered()  # the business sends none
    _set_lead(engine, world, "24")
    with unit_of_work(engine) as s:
        manage_booking.cancel(s, token=token, gateway=gateway, now=NOW)
    assert not offered()


def test_a_business_that_sends_none_sends_none(engine, world):
    _set_lead(engine, world, "0")
    _book(engine, world)

    for at in (THURSDAY - timedelta(hours=168), THURSDAY - DAY, THURSDAY - MINUTE):
        assert _sweep(engine, at) == 0
    assert _reminders(engine) == []


def test_a_booking_made_inside_the_window_gets_none_its_confirmation_was_the_reminder(engine, world):
    booking, _ = _book(engine, world, starts_at=MONDAY_NOON)  # three hours ahead, the window is 24 hours

    assert _booking(engine, booking.id).customer_reminder_sent_at == NOW
    for at in (NOW, NOW + timedelta(hours=1), MONDAY_NOON - MINUTE):
        assert _sweep(engine, at) == 0
    with Session(engine) as s:
        sent = [e.template_key for e in s.exec(select(OutboxEmail).where(OutboxEmail.booking_id == booking.id))]
    assert "booking_confirmed" in sent and "booking_reminder" not in sent


# --- the lead time and the date ----------------------------------------------------------


def test_the_lead_time_follows_the_business_setting(engine, world):
    _set_lead(engine, world, "2")
    booking, _ = _book(engine, world)

    assert _sweep(engine, THURSDAY - DAY) == 0
    assert _sweep(engine, THURSDAY - timedelta(hours=2) - MINUTE) == 0
    assert _sweep(engine, THURSDAY - timedelta(hours=2)) == 1
    assert [e.booking_id for e in _reminders(engine)] == [booking.id]


def test_a_longer_lead_set_later_reminds_at_once_what_is_now_inside_it(engine, world):
    booking, _ = _book(engine, world)  # 74 hours ahead, confirmed outside any window up to 74 hours
    _set_lead(engine, world, "168")
    assert _sweep(engine, NOW + MINUTE) == 1


def test_a_booking_moved_later_after_its_reminder_is_reminded_again_for_the_new_date(engine, world):
    booking, token = _book(engine, world)
    assert _sweep(engine, THURSDAY - DAY) == 1
    later = THURSDAY + timedelta(days=3)
    with unit_of_work(engine) as s:
        manage_booking.reschedule(s, token=token, starts_at=later, now=THURSDAY - DAY + timedelta(hours=1))

    assert _sweep(engine, later - DAY - MINUTE) == 0
    assert _sweep(engine, later - DAY) == 1
    assert [_ics(e).decoded("DTSTART") for e in _reminders(engine)] == [THURSDAY, later]


def test_a_booking_moved_into_the_window_gets_no_reminder_on_top_of_the_change(engine, world):
    booking, token = _book(engine, world)
    with unit_of_work(engine) as s:
        manage_booking.reschedule(s, token=token, starts_at=MONDAY_NOON, now=NOW)

    assert _sweep(engine, NOW + MINUTE) == 0
    assert _sweep(engine, THURSDAY - DAY) == 0  # the old date's reminder time: nothing is booked then
    assert _reminders(engine) == []


# --- languages, template, setting ---------------------------------------------------------


@pytest.mark.parametrize(("locale", "subject"), [("de", "Erinnerung: Consultation am "), ("pl", "Przypomnienie: Consultation, ")])
def test_the_reminder_speaks_the_customers_language(engine, world, locale, subject):
    booking, _ = _book(engine, world)
    with unit_of_work(engine) as s:
        s.get(Customer, _booking(engine, booking.id).customer_id).locale = locale
    _sweep(engine, THURSDAY - DAY)

    [email] = _reminders(engine)
    assert email.subject.startswith(subject)
    assert manage_links.url_of(_booking(engine, booking.id)) in email.text


def test_the_reminder_is_an_editable_template(engine, world):
    with unit_of_work(engine) as s:
        actor = actor_for(s.get(StaffUser, world.owner.id))
        assert "booking_reminder" in [t.key for t in template_editor.list_templates(s, actor=actor)]
        template_editor.save_template(s, actor=actor, key="booking_reminder", locale="en", subject="See you soon, [CUSTOMER_NAME]",
                                      body="[SERVICE_NAME] on [BOOKING_DATE]. Your booking: [BOOKING_CONTROL_URL]")
    booking, _ = _book(engine, world)
    _sweep(engine, THURSDAY - DAY)

    [email] = _reminders(engine)
    assert email.subject == "See you soon, Alex Example"
    assert manage_links.url_of(_booking(engine, booking.id)) in email.text
    assert _ics(email)  # the calendar file rides along with the business's own text


@pytest.mark.parametrize(("typed", "message"), [("", "Enter a whole number of hours."), ("12.5", "Enter a whole number of hours."),
                                                ("-1", "Enter a whole number of hours."), ("169", "Enter between 0 and 168 hours.")])
def test_a_bad_lead_time_is_refused_next_to_its_field_and_changes_nothing(engine, world, typed, message):
    with pytest.raises(ValidationFailed, match=message) as refused:
        _set_lead(engine, world, typed)
    assert refused.value.field == "customer_reminder_hours"
    with Session(engine) as s:
        assert s.get(Organization, world.org_id).customer_reminder_minutes == 24 * 60


def test_the_business_settings_show_and_save_the_lead_time_in_hours(engine, world):
    _set_lead(engine, world, "48")
    with Session(engine) as s:
        assert s.get(Organization, world.org_id).customer_reminder_minutes == 48 * 60
        actor = actor_for(s.get(StaffUser, world.owner.id))
        assert business.business_settings(s, actor=actor).form.customer_reminder_hours == "48"
        changed = s.exec(select(ActivityLog.data).where(ActivityLog.action == "organization.business_changed")).all()
    assert changed == [{"customer_reminder_hours": "48"}]


def test_one_broken_booking_does_not_hold_back_the_others(engine, world):
    broken, _ = _book(engine, world)
    fine, _ = _book(engine, world, starts_at=THURSDAY + timedelta(hours=2), email="fine@example.com")
    with unit_of_work(engine) as s:
        s.get(Booking, broken.id).manage_token_nonce = None  # its link cannot be built: the email cannot be written

    assert _sweep(engine, THURSDAY - DAY + timedelta(hours=2)) == 1
    assert [e.booking_id for e in _reminders(engine)] == [fine.id]
    assert _booking(engine, broken.id).customer_reminder_sent_at is None  # rolled back: tried again next sweep
