"""Property-based fuzzing of form services: any input either works or gets a domain error
(the message the form shows), never a server error, and a refusal writes nothing.

Covered here: the request form, booking a free time, the front desk's new booking (and
its address), the customer alert, the orders search and filters, sign-up, the email template editor, the new class session form,
answering a request (reject, propose times), a rebooking request, granting credits and
asking for a customer sign-in link; and every parameter a link carries.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlmodel import Session, SQLModel

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.domain.user_input import without_control_chars
from bookingapp.integrations.payments import CardInput
from bookingapp.models import Customer, Organization, utcnow
from bookingapp.services import (
    accounts,
    appointments,
    calendar_feed,
    class_schedule,
    credits,
    customer_accounts,
    customers,
    front_desk,
    manage_booking,
    orders,
    portal,
    rebooking,
    requests,
    statements,
    template_editor,
    waitlist,
)
from bookingapp.services.accounts import actor_for
from tests import factories

# 60 examples a form in the test command (the `ci` profile draws the same ones every run);
# `scripts/fuzz` raises it to thousands of new ones (the `fuzz` profile).
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
NUL = "\x00"
NASTY_TEXT = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
    st.sampled_from(["", " ", "\x00", "%", "_", "' OR 1=1 --", "<script>alert(1)</script>", "a" * 5000,
                     "ünïcödé 🎉", "\u202e", "Robert'); DROP TABLE booking;--"]),
)
EMAILS = st.one_of(st.emails(), NASTY_TEXT)
WHEN = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC))


def _counts(engine) -> dict[str, int]:
    with Session(engine) as s:
        return {t.name: s.execute(select(func.count()).select_from(t)).scalar() for t in SQLModel.metadata.sorted_tables}


def _attempt(engine, action) -> bool:
    """Run the action in its own transaction: True if it worked, False if refused (and
    then nothing may have been written). Any other exception fails the test."""
    before = _counts(engine)
    try:
        with unit_of_work(engine) as s:
            action(s)
        return True
    except DomainError as refusal:
        assert str(refusal), "a refusal must say why"
        assert _counts(engine) == before, f"a refused {action} wrote something"
        return False


@pytest.fixture
def studio(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "fuzz", timezone="Europe/Berlin")
        owner = factories.staff(s, org)
        request_service = factories.request_service(s, org, staff_user_id=owner.id)
        appointment = factories.appointment_service(s, org, staff_user_id=owner.id, slug="consult", prepayment="none")
        customer = factories.customer(s, org, "flagme@example.com")
        requested = factories.booking(s, org, customer_row=customer, service=request_service)
        confirmed = factories.booking(s, org, customer_row=customer, service=request_service, status="confirmed")
        return {"owner": owner, "request": request_service.id, "appointment": appointment.id, "customer": customer.id,
                "requested": requested.id, "confirmed": confirmed.id}


@FUZZ
@given(when=WHEN, party=st.integers(-10, 10_000), group=st.booleans(), name=NASTY_TEXT, email=EMAILS, phone=NASTY_TEXT,
       note=NASTY_TEXT, number=st.sampled_from(["4242424242424242", "4000000000000002", "1234", "", "4242 4242 4242 4241"]),
       month=st.integers(-5, 20), year=st.integers(1990, 2100), cvc=NASTY_TEXT)
@example(when=datetime(2027, 1, 5, 10, tzinfo=UTC), party=2, group=False, name=NUL, email=NUL, phone=NUL,
         note=NUL, number="4242424242424242", month=12, year=2030, cvc=NUL)
def test_the_request_form_never_crashes_and_a_refusal_writes_nothing(engine, studio, gateway, when, party, group, name,
                                                                     email, phone, note, number, month, year, cvc):
    form = requests.RequestForm(service_id=studio["request"], starts_at=when, party_size=party, group=group, name=name,
                                email=email, phone=phone, note=note, card=CardInput(number, month, year, cvc))
    _attempt(engine, lambda s: requests.create_request(s, form=form, gateway=gateway))


@FUZZ
@given(when=WHEN, name=NASTY_TEXT, email=EMAILS, phone=NASTY_TEXT)
@example(when=datetime(2027, 1, 5, 10, tzinfo=UTC), name=NUL, email="a\x00@example.com", phone=NUL)
def test_booking_a_time_never_crashes_and_a_refusal_writes_nothing(engine, studio, when, name, email, phone):
    _attempt(engine, lambda s: appointments.book(s, service_id=studio["appointment"], starts_at=when, name=name,
                                                 email=email, phone=phone))


@FUZZ
@given(when=st.one_of(st.none(), WHEN), at_local=NASTY_TEXT, name=NASTY_TEXT, email=EMAILS, phone=NASTY_TEXT, note=NASTY_TEXT,
       party=st.integers(-10, 10_000), payment=st.one_of(st.sampled_from(["venue", "link", "card", "credits"]), NASTY_TEXT),
       customer=st.booleans(), outside=st.booleans(), staff=st.one_of(st.none(), st.integers(-5, 10**12)))
@example(when=None, at_local="2027-01-05T10:00", name=NUL, email=NUL, phone=NUL, note=NUL, party=1, payment="venue",
         customer=False, outside=True, staff=None)
@example(when=None, at_local="2027-03-28T02:30", name="Ann", email="", phone="0170\x00", note="", party=1, payment="link",
         customer=False, outside=True, staff=None)
def test_the_front_desk_never_crashes_and_a_refusal_writes_nothing(engine, studio, gateway, when, at_local, name, email, phone,
                                                                   note, party, payment, customer, outside, staff):
    form = front_desk.FrontDeskBooking(
        service_id=studio["appointment"], payment=payment, customer_id=studio["customer"] if customer else None,
        new_name=name, new_email=email, new_phone=phone, starts_at=when, at_local=at_local, staff_user_id=staff,
        outside_hours=outside, party_size=party, note=note, card=CardInput("4242424242424242", 12, 2031, "123"),
        submission="fuzz")
    _attempt(engine, lambda s: front_desk.book(s, actor=actor_for(studio["owner"]), form=form, gateway=gateway))


@FUZZ
@given(service=NASTY_TEXT, staff=NASTY_TEXT, at=NASTY_TEXT, customer=NASTY_TEXT, class_session=NASTY_TEXT)
@example(service="1", staff="99999999999999999999", at="2027-13-40T25:61", customer=NUL, class_session="-1")
def test_the_new_booking_address_never_crashes(engine, studio, service, staff, at, customer, class_session):
    _attempt(engine, lambda s: front_desk.prefill(s, actor=actor_for(studio["owner"]), service=service, staff=staff, at=at,
                                                  customer=customer, class_session=class_session))


@FUZZ
@given(message=NASTY_TEXT)
@example(message=NUL)
@example(message="Late\x00 payer \u202e")
def test_the_customer_alert_never_crashes_and_a_refusal_writes_nothing(engine, studio, message):
    worked = _attempt(engine, lambda s: customers.set_alert(s, actor=actor_for(studio["owner"]),
                                                            customer_id=studio["customer"], message=message, now=utcnow()))
    if worked:
        with Session(engine) as s:
            stored = s.get(Customer, studio["customer"]).alert_message
        # Text flags the customer; an empty (or blank, or control-only) message clears the flag.
        assert (stored is not None) == bool(without_control_chars(message).strip()), (message, stored)


@FUZZ
@given(show=st.one_of(st.sampled_from(["upcoming", "past", "all", "refunds", "requested", "confirmed"]), NASTY_TEXT),
       search=NASTY_TEXT, service_id=st.one_of(st.none(), st.integers(-5, 10**12)),
       date_from=st.one_of(st.none(), st.dates()), date_to=st.one_of(st.none(), st.dates()),
       after=st.one_of(st.just(""), NASTY_TEXT), before=st.one_of(st.just(""), NASTY_TEXT))
@example(show=NUL, search=NUL, service_id=None, date_from=None, date_to=None, after=NUL, before="")
@example(show="upcoming", search="", service_id=2**40, date_from=None, date_to=None, after="", before=NUL)
def test_the_orders_search_never_crashes(engine, studio, show, search, service_id, date_from, date_to, after, before):
    filter_ = orders.OrderFilter(show=show, service_id=service_id, date_from=date_from, date_to=date_to, search=search)
    _attempt(engine, lambda s: orders.list_orders(s, actor=actor_for(studio["owner"]), filter=filter_,
                                                  after=after, before="" if after else before))



@FUZZ
@given(organization_name=NASTY_TEXT, name=NASTY_TEXT, email=EMAILS, password=NASTY_TEXT)
@example(organization_name=NUL, name=NUL, email=NUL, password=NUL * 12)
def test_sign_up_never_crashes_and_a_refusal_writes_nothing(engine, organization_name, name, email, password):
    _attempt(engine, lambda s: accounts.sign_up(s, organization_name=organization_name, name=name, email=email,
                                                password=password))


@FUZZ
@given(key=st.one_of(st.sampled_from(["booking_confirmed", "request_rejected"]), NASTY_TEXT),
       locale=st.one_of(st.sampled_from(["en", "de", "pl"]), NASTY_TEXT), subject=NASTY_TEXT,
       body=st.one_of(NASTY_TEXT, st.just("Hello [CUSTOMER_NAME] [BOOKING_CONTROL_URL] [NO_SUCH_VARIABLE]")),
       send=st.booleans())
@example(key="booking_confirmed", locale="en", subject=NUL, body=NUL, send=False)
@example(key=NUL, locale=NUL, subject="Hi", body="Hello", send=True)
def test_the_template_editor_never_crashes_and_a_refusal_writes_nothing(engine, studio, key, locale, subject, body, send):
    action = template_editor.send_test if send else template_editor.save_template
    _attempt(engine, lambda s: action(s, actor=actor_for(studio["owner"]), key=key, locale=locale, subject=subject, body=body))


FORM_VALUE = st.one_of(NASTY_TEXT, st.integers(-10**12, 10**12).map(str), st.none())


@FUZZ
@given(service_id=FORM_VALUE, starts_at=st.one_of(FORM_VALUE, st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M"))),
       duration=FORM_VALUE, capacity=FORM_VALUE, credit_cost=FORM_VALUE, window_hours=FORM_VALUE, location=FORM_VALUE,
       repeat=st.sampled_from(["", "weekly", "daily"]), repeat_until=FORM_VALUE, staff_user_id=FORM_VALUE)
@example(service_id=NUL, starts_at=NUL, duration=NUL, capacity=NUL, credit_cost=NUL, window_hours=NUL, location=NUL,
         repeat="weekly", repeat_until=NUL, staff_user_id=NUL)
def test_the_new_class_session_form_never_crashes_and_a_refusal_writes_nothing(engine, studio, **form):
    actor = actor_for(studio["owner"])
    _attempt(engine, lambda s: class_schedule.create_sessions(
        s, actor=actor, now=utcnow(), new=class_schedule.new_sessions_from_form(s, actor=actor, form=form)))


@FUZZ
@given(reason=st.one_of(st.sampled_from(["fully_booked", "other"]), NASTY_TEXT), note=NASTY_TEXT, message=NASTY_TEXT,
       slots=st.lists(WHEN, max_size=25), propose=st.booleans())
@example(reason="other", note=NUL, message=NUL, slots=[], propose=False)
@example(reason=NUL, note="", message=NUL, slots=[datetime(2027, 1, 5, 10, tzinfo=UTC)], propose=True)
def test_answering_a_request_never_crashes_and_a_refusal_writes_nothing(engine, studio, gateway, reason, note, message,
                                                                        slots, propose):
    actor, booking_id = actor_for(studio["owner"]), studio["requested"]
    if propose:
        _attempt(engine, lambda s: requests.propose_reschedule(s, actor=actor, booking_id=booking_id, message=message,
                                                               slots=slots))
    else:
        _attempt(engine, lambda s: requests.reject_request(s, actor=actor, booking_id=booking_id, reason=reason, note=note,
                                                           gateway=gateway))


@FUZZ
@given(initiator=st.one_of(st.sampled_from(["provider", "customer"]), NASTY_TEXT), reason=NASTY_TEXT,
       slots=st.lists(WHEN, max_size=5))
@example(initiator=NUL, reason=NUL, slots=[])
@example(initiator="provider", reason=NUL, slots=[datetime(2027, 1, 5, 10, tzinfo=UTC)])
def test_a_rebooking_request_never_crashes_and_a_refusal_writes_nothing(engine, studio, initiator, reason, slots):
    _attempt(engine, lambda s: rebooking.request_rebooking(s, actor=actor_for(studio["owner"]), booking_id=studio["confirmed"],
                                                           initiator=initiator, reason=reason, slots=slots))


@FUZZ
@given(delta=st.integers(-10**12, 10**12), reason=NASTY_TEXT,
       kind=st.one_of(st.sampled_from(["grant", "purchase", "adjust"]), NASTY_TEXT))
@example(delta=5, reason=NUL, kind=NUL)
def test_granting_credits_never_crashes_and_a_refusal_writes_nothing(engine, studio, delta, reason, kind):
    _attempt(engine, lambda s: credits.grant(s, actor=actor_for(studio["owner"]), customer_id=studio["customer"],
                                             delta=delta, reason=reason, kind=kind))


@FUZZ
@given(email=EMAILS)
@example(email=NUL)
def test_asking_for_a_sign_in_link_never_crashes_and_a_refusal_writes_nothing(engine, studio, email):
    _attempt(engine, lambda s: customer_accounts.request_sign_in_link(s, org_slug="fuzz", email=email))


@FUZZ
@given(name=NASTY_TEXT, email=EMAILS, password=NASTY_TEXT, policy=st.sampled_from(["verify_email", "password"]))
@example(name=NUL, email=NUL, password=NUL, policy="password")
def test_signing_up_on_the_portal_never_crashes_and_a_refusal_writes_nothing(engine, studio, name, email, password, policy):
    with unit_of_work(engine) as s:
        s.scalars(select(Organization).where(Organization.slug == "fuzz")).one().customer_accounts = policy
    _attempt(engine, lambda s: customer_accounts.sign_up(s, org_slug="fuzz", name=name, email=email, password=password))


LINK_TEXT = st.one_of(NASTY_TEXT, st.sampled_from(["", "\x00", "%00", "A" * 300, "../../etc/passwd", "ABC\x00DEF", "2026-13",
                                                   "99999-01", "1899-12", "upcoming\x00", "9" * 30]))


@FUZZ
@example(token=NUL, text=NUL)
@example(token="\u00b2", text="")  # found by scripts/fuzz: "²".isdigit() is True, int("²") is an error
@example(token="x" * 10_000, text="\ud800")
@given(token=LINK_TEXT, text=LINK_TEXT)
def test_link_parameters_never_crash_and_change_nothing(engine, studio, token, text):
    """What a person can edit in an address: a manage, sign-in or waitlist token, an order
    reference, a portal address, a statement month and the orders filters."""
    owner = actor_for(studio["owner"])
    reads = [
        lambda s: manage_booking.view(s, token=token),
        lambda s: manage_booking.set_reminders(s, token=token, wanted=False),
        lambda s: orders.order_detail(s, actor=owner, reference=token),
        lambda s: portal.organization_by_slug(s, token),
        lambda s: statements.parse_month(text),
        lambda s: orders.parse_filter(show=text, service=token, date_from=text, date_to=token, search=text),
        lambda s: waitlist.entry_view(s, token=token, org_slug=text),
        lambda s: customer_accounts.sign_in_with_link(s, token=token, org_slug="fuzz"),
        lambda s: customers.list_customers(s, actor=owner, query=text),
        lambda s: template_editor.load_template(s, actor=owner, key=token, locale=text),
        lambda s: calendar_feed.feed_ics(s, token=token, now=utcnow()),
    ]
    for read in reads:
        _attempt(engine, read)
