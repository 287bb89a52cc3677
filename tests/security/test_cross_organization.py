"""No service lets one organization see or change another's data: 0 leaks.

Organization "Alpha" has one of everything (customers, a request on hold, a confirmed
appointment, a class with a booked seat and a waitlist, a failed email, a customized
template, a rebooking ask), every one of its texts carrying the marker "alpha". Staff of
organization "Beta" then call every service that takes an actor with Alpha's ids and
references. Each probe checks:

- a call aimed at one of Alpha's rows is refused with a domain error (as if it did not exist);
- nothing the call returns mentions "alpha" (lists, searches, reports, the agenda);
- not one of Alpha's rows changed (a snapshot of every table before and after).

`test_every_service_taking_an_actor_is_probed` fails as soon as a service gains a
function with an `actor` that has no probe here, so new code cannot skip this check.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from datetime import time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, select

import bookingapp.services as services_package
from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError, NotFound, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import Booking, Customer, Payment, RecurringSeries, StaffUser
from bookingapp.services import (
    actors,
    agenda,
    class_bookings,
    class_schedule,
    class_seats,
    credits,
    customer_reports,
    customers,
    inbox,
    manage_booking,
    notifications,
    orders,
    outbox,
    payments,
    rebooking,
    requests,
    revenue_report,
    statements,
    template_editor,
    waitlist,
)
from bookingapp.services.accounts import actor_for
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import NOW, class_service, class_session, give_credits

VISA = CardInput("4242424242424242", 12, 2031, "123")
MARK = "alpha"


@dataclass
class Alpha:
    org_id: int
    request_id: int
    request_payment_id: int
    appointment_id: int
    appointment_reference: str
    cancelled_id: int
    customer_id: int
    class_service_id: int
    full_session_id: int
    seat_id: int
    waitlist_entry_id: int
    failed_email_id: int
    series_id: int = 0  # Alex's weekly series (the seat belongs to it)
    pack_id: int = 0  # a credit pack and a paid purchase of it (probes_credit_packs.py)
    pack_purchase_id: int = 0


@dataclass
class Beta:
    actor: object
    customer_id: int
    session_id: int
    request_id: int


@pytest.fixture
def world(engine, gateway):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "alpha", name="Alpha Secret Studio", timezone="Europe/Berlin",
                                     platform_commission_pct="23.8")
        owner = factories.staff(s, org, "owner@alpha.test", name="Alpha Owner")
        system = actors.Actor.system(org.id)
        alex = factories.customer(s, org, "alex@alpha.test", name="Alpha Customer", alert="alpha alert")
        tasting = factories.request_service(s, org, name="Alpha Tasting", slug="alpha-tasting")
        request = factories.booking(s, org, customer_row=alex, service=tasting, reference="ALPHA001", note="alpha note",
                                    starts_at=NOW + timedelta(days=5))
        hold = payments.authorize_hold(s, actor=system, booking=request, card=VISA, gateway=gateway)
        appointment = factories.booking(s, org, customer_row=alex, service=tasting, reference="ALPHA002",
                                        status="confirmed", starts_at=NOW + timedelta(days=9))
        cancelled = factories.booking(s, org, customer_row=alex, service=tasting, reference="ALPHA003",
                                      status="cancelled", refund_decision="pending", starts_at=NOW + timedelta(days=9))
        yoga = class_service(s, org, name="Alpha Yoga", slug="alpha-yoga")
        full = class_session(s, yoga, starts_at=NOW + timedelta(days=3), capacity=1, credit_cost=1)
        give_credits(s, alex, 5)
        seat = class_bookings.book_seat(s, class_session_id=full.id, customer=alex, actor=customer_actor(alex), now=NOW)
        bea = factories.customer(s, org, "bea@alpha.test", name="Alpha Waiting")
        entry = waitlist.join(s, class_session_id=full.id, customer=bea, actor=customer_actor(bea), now=NOW).entry
        rebooking.request_rebooking(s, actor=actor_for(owner), booking_id=appointment.id, initiator="provider",
                                    reason="alpha reason", slots=[NOW + timedelta(days=12)], now=NOW)
        notifications.save_template(s, org=org, key="booking_confirmed", locale="en", subject="alpha subject",
                                    body="alpha body [BOOKING_CONTROL_URL]")
        email = notifications.queue_email(s, org=org, key="test_message", to="alex@alpha.test", values={"STAFF_NAME": "alpha"})
        email.status, email.attempts = "failed", outbox.MAX_ATTEMPTS
        s.flush()
        series = RecurringSeries(organization_id=org.id, customer_id=alex.id, service_id=yoga.id, weekday=0,
                                 start_time=time(18, 0), until=(NOW + timedelta(days=30)).date())
        s.add(series)
        s.flush()
        seat.series_id = series.id
        s.add(seat)
        s.flush()
        alpha = Alpha(org.id, request.id, hold.id, appointment.id, appointment.reference, cancelled.id, alex.id,
                      yoga.id, full.id, seat.id, entry.id, email.id, series.id)
        alpha.pack_id, alpha.pack_purchase_id = _alpha_pack(s, org, owner, alex)

        other = factories.organization(s, "beta", name="Beta Studio", timezone="Europe/Berlin")
        beta_owner = factories.staff(s, other, "owner@beta.test", name="Beta Owner")
        beta_customer = factories.customer(s, other, "bo@beta.test", name="Beta Customer")
        give_credits(s, beta_customer, 5)
        beta_session = class_session(s, class_service(s, other, name="Beta Yoga", slug="beta-yoga"),
                                     starts_at=NOW + timedelta(days=3))
        beta_request = factories.booking(s, other, customer_row=beta_customer,
                                         service=factories.request_service(s, other, name="Beta Tasting", slug="beta-tasting"),
                                         reference="BETA0001", starts_at=NOW + timedelta(days=5))
        beta = Beta(actor_for(beta_owner), beta_customer.id, beta_session.id, beta_request.id)
    return alpha, beta


def _alpha_pack(s: Session, org, owner, alex) -> tuple[int, int]:
    from bookingapp.models import CreditLedger, PackPurchase
    from bookingapp.services import credit_packs

    pack = credit_packs.create_pack(s, actor=actor_for(owner), name="Alpha pack", credits=5, price="45", validity_days=30)
    purchase = PackPurchase(organization_id=org.id, customer_id=alex.id, pack_id=pack.id, name="Alpha pack", credits=5,
                            price_minor=4500, currency="EUR", status="paid", idempotency_key="alpha-pack",
                            external_id="alpha_pi", paid_at=NOW, expires_at=NOW + timedelta(days=30), created_at=NOW)
    s.add(purchase)
    s.flush()
    s.add(CreditLedger(organization_id=org.id, customer_id=alex.id, delta=5, reason="Alpha pack", kind="pack",
                       pack_purchase_id=purchase.id))
    s.flush()
    return pack.id, purchase.id


def _beta_customer(s: Session, beta: Beta) -> Customer:
    return s.get(Customer, beta.customer_id)


def _alpha_row(s: Session, model, id_: int):
    return s.get(model, id_)


# name -> (call(session, alpha, beta, gateway), the refusal expected when the call is aimed
# at one of Alpha's rows: NotFound, exactly as for a missing row; False for calls that only
# read or change Beta's own data)
PROBES = {
    "actors.get_owned": (lambda s, a, b, g: actors.get_owned(s, Booking, a.request_id, b.actor), NotFound),
    "agenda.agenda": (lambda s, a, b, g: agenda.agenda(s, actor=b.actor, first_day=NOW.date(), days=14), False),
    "class_bookings.cancel_seat": (lambda s, a, b, g: class_bookings.cancel_seat(
        s, booking_id=a.seat_id, actor=b.actor, reason="x", now=NOW), NotFound),
    "class_bookings.cancellation_preview": (lambda s, a, b, g: class_bookings.cancellation_preview(
        s, now=NOW, booking_id=a.seat_id, actor=b.actor), NotFound),
    "class_schedule.add_guest": (lambda s, a, b, g: class_schedule.add_guest(
        s, actor=b.actor, class_session_id=a.full_session_id, name="Guest", email="guest@example.com", now=NOW), NotFound),
    "class_schedule.add_member": (lambda s, a, b, g: class_schedule.add_member(
        s, actor=b.actor, class_session_id=a.full_session_id, customer_id=b.customer_id, use_credits=False, now=NOW), NotFound),
    "class_schedule.add_member#alpha-customer": (lambda s, a, b, g: class_schedule.add_member(
        s, actor=b.actor, class_session_id=b.session_id, customer_id=a.customer_id, use_credits=False, now=NOW), NotFound),
    "class_schedule.book_series": (lambda s, a, b, g: class_schedule.book_series(
        s, actor=b.actor, customer=_beta_customer(s, b), class_session_id=a.full_session_id,
        until=(NOW + timedelta(days=30)).date(), now=NOW), NotFound),
    "class_schedule.class_service": (lambda s, a, b, g: class_schedule.class_service(
        s, actor=b.actor, service_id=a.class_service_id), NotFound),
    "class_schedule.class_services": (lambda s, a, b, g: class_schedule.class_services(s, actor=b.actor), False),
    "class_schedule.create_sessions": (lambda s, a, b, g: class_schedule.create_sessions(
        s, actor=b.actor, now=NOW, new=class_schedule.NewSessions(
            service_id=a.class_service_id, starts_at=NOW + timedelta(days=4), duration_minutes=60, capacity=5,
            credit_cost=1, free_cancellation_minutes=60)), NotFound),
    "class_schedule.customer_class_bookings": (lambda s, a, b, g: class_schedule.customer_class_bookings(
        s, actor=b.actor, customer_id=a.customer_id), NotFound),
    "class_schedule.find_customers": (lambda s, a, b, g: class_schedule.find_customers(s, actor=b.actor, query=MARK), False),
    "class_schedule.new_sessions_from_form": (lambda s, a, b, g: class_schedule.create_sessions(
        s, actor=b.actor, now=NOW, new=class_schedule.new_sessions_from_form(s, actor=b.actor, form={
            "service_id": str(a.class_service_id), "starts_at": (NOW + timedelta(days=4)).strftime("%Y-%m-%dT18:00"),
            "duration": "60", "capacity": "5", "credit_cost": "1", "window_hours": "1"})), NotFound),
    "class_schedule.session_detail": (lambda s, a, b, g: class_schedule.session_detail(
        s, actor=b.actor, class_session_id=a.full_session_id), NotFound),
    "class_schedule.set_allow_recurring": (lambda s, a, b, g: class_schedule.set_allow_recurring(
        s, actor=b.actor, allowed=True), False),
    "class_schedule.staff_members": (lambda s, a, b, g: class_schedule.staff_members(s, actor=b.actor), False),
    "class_schedule.update_session": (lambda s, a, b, g: class_schedule.update_session(
        s, actor=b.actor, class_session_id=a.full_session_id, capacity=50, online_booking=False, now=NOW), NotFound),
    "class_schedule.week": (lambda s, a, b, g: class_schedule.week(
        s, actor=b.actor, monday=NOW.date() - timedelta(days=NOW.weekday())), False),
    "class_seats.book_seat": (lambda s, a, b, g: class_seats.book_seat(
        s, class_session_id=a.full_session_id, customer=_beta_customer(s, b), actor=b.actor, now=NOW), NotFound),
    "class_seats.locked_session": (lambda s, a, b, g: class_seats.locked_session(s, a.full_session_id, b.actor), NotFound),
    "credits.grant": (lambda s, a, b, g: credits.grant(
        s, actor=b.actor, customer_id=a.customer_id, delta=100, reason="x"), NotFound),
    "customer_reports.customers_report": (lambda s, a, b, g: customer_reports.customers_report(
        s, actor=b.actor, now=NOW), False),
    "customers.list_customers": (lambda s, a, b, g: customers.list_customers(s, actor=b.actor), False),
    "customers.list_customers#search": (lambda s, a, b, g: customers.list_customers(s, actor=b.actor, query=MARK), False),
    "customers.profile": (lambda s, a, b, g: customers.profile(s, actor=b.actor, customer_id=a.customer_id, now=NOW), NotFound),
    "customers.search_customers": (lambda s, a, b, g: customers.search_customers(s, actor=b.actor, query=MARK), False),
    "customers.set_alert": (lambda s, a, b, g: customers.set_alert(
        s, actor=b.actor, customer_id=a.customer_id, message="", now=NOW), NotFound),
    "customers.set_customer_accounts": (lambda s, a, b, g: customers.set_customer_accounts(
        s, actor=b.actor, policy="password"), False),
    "inbox.proposals_waiting": (lambda s, a, b, g: inbox.proposals_waiting(s, actor=b.actor), False),
    "inbox.requests_waiting": (lambda s, a, b, g: inbox.requests_waiting(s, actor=b.actor), False),
    "inbox.waiting": (lambda s, a, b, g: inbox.waiting(
        s, actor=b.actor, statuses=("requested", "confirmed", "rebooking_requested", "cancelled")), False),
    "manage_booking.keep_payment": (lambda s, a, b, g: manage_booking.keep_payment(
        s, actor=b.actor, booking_id=a.cancelled_id, now=NOW), NotFound),
    "manage_booking.refund_cancelled": (lambda s, a, b, g: manage_booking.refund_cancelled(
        s, actor=b.actor, booking_id=a.cancelled_id, quoted_refunded_minor=0, gateway=g, now=NOW), NotFound),
    "manage_booking.refund_quote": (lambda s, a, b, g: manage_booking.refund_quote(
        s, actor=b.actor, booking_id=a.cancelled_id), NotFound),
    "manage_booking.refunds_to_decide": (lambda s, a, b, g: manage_booking.refunds_to_decide(s, actor=b.actor), False),
    "manage_booking.replace_manage_link": (lambda s, a, b, g: manage_booking.replace_manage_link(
        s, actor=b.actor, booking_id=a.appointment_id), NotFound),
    "orders.list_orders": (lambda s, a, b, g: orders.list_orders(
        s, actor=b.actor, filter=orders.OrderFilter(show="all"), now=NOW), False),
    "orders.list_orders#search": (lambda s, a, b, g: orders.list_orders(
        s, actor=b.actor, filter=orders.OrderFilter(show="all", search="ALPHA0"), now=NOW), False),
    "orders.list_orders#service": (lambda s, a, b, g: orders.list_orders(
        s, actor=b.actor, filter=orders.OrderFilter(show="all", service_id=a.class_service_id), now=NOW),
        ValidationFailed),  # the filter's own answer to a service not in its list
    "orders.order_detail": (lambda s, a, b, g: orders.order_detail(s, actor=b.actor, reference=a.appointment_reference), NotFound),
    "orders.services_of": (lambda s, a, b, g: orders.services_of(s, actor=b.actor), False),
    "outbox.mailbox": (lambda s, a, b, g: outbox.mailbox(s, actor=b.actor), False),
    "outbox.retry_email": (lambda s, a, b, g: outbox.retry_email(s, actor=b.actor, email_id=a.failed_email_id), NotFound),
    "payments.authorize_hold": (lambda s, a, b, g: payments.authorize_hold(
        s, actor=b.actor, booking=_alpha_row(s, Booking, a.appointment_id), card=VISA, gateway=g), NotFound),
    "payments.capture": (lambda s, a, b, g: payments.capture(
        s, actor=b.actor, payment=_payment(s, a), gateway=g), NotFound),
    "payments.charge": (lambda s, a, b, g: payments.charge(
        s, actor=b.actor, booking=_alpha_row(s, Booking, a.appointment_id), card=VISA, gateway=g), NotFound),
    "payments.refund": (lambda s, a, b, g: payments.refund(
        s, actor=b.actor, payment=_payment(s, a), gateway=g, amount_minor=100), NotFound),
    "payments.release": (lambda s, a, b, g: payments.release(s, actor=b.actor, payment=_payment(s, a), gateway=g), NotFound),
    "payments.renew_hold": (lambda s, a, b, g: payments.renew_hold(
        s, actor=b.actor, booking=_alpha_row(s, Booking, a.request_id), old=_payment(s, a), gateway=g, card=VISA), NotFound),
    # Beta's own booking with Alpha's hold: the gateway must not place a hold on Alpha's card.
    "payments.renew_hold#alpha-old-hold": (lambda s, a, b, g: payments.renew_hold(
        s, actor=b.actor, booking=s.get(Booking, b.request_id), old=_payment(s, a), gateway=g), NotFound),
    "payments.save_card": (lambda s, a, b, g: payments.save_card(
        s, actor=b.actor, payment=_payment(s, a), card=VISA, gateway=g), NotFound),
    "rebooking.action_context": (lambda s, a, b, g: rebooking.action_context(
        s, actor=b.actor, reference=a.appointment_reference, now=NOW), NotFound),
    "rebooking.asks_waiting": (lambda s, a, b, g: rebooking.asks_waiting(s, actor=b.actor), False),
    "rebooking.cancel_by_provider": (lambda s, a, b, g: rebooking.cancel_by_provider(
        s, actor=b.actor, booking_id=a.appointment_id, reason="x", quoted_refunded_minor=0, gateway=g, now=NOW), NotFound),
    "rebooking.decline_rebooking_request": (lambda s, a, b, g: rebooking.decline_rebooking_request(
        s, actor=b.actor, booking_id=a.appointment_id, message="x", now=NOW), NotFound),
    "rebooking.provider_cancellation_quote": (lambda s, a, b, g: rebooking.provider_cancellation_quote(
        s, actor=b.actor, booking_id=a.appointment_id), NotFound),
    "rebooking.request_rebooking": (lambda s, a, b, g: rebooking.request_rebooking(
        s, actor=b.actor, booking_id=a.request_id, initiator="provider", reason="x",
        slots=[NOW + timedelta(days=20)], now=NOW), NotFound),
    "requests.confirm_request": (lambda s, a, b, g: requests.confirm_request(
        s, actor=b.actor, booking_id=a.request_id, gateway=g, now=NOW), NotFound),
    "requests.propose_reschedule": (lambda s, a, b, g: requests.propose_reschedule(
        s, actor=b.actor, booking_id=a.request_id, message="x", slots=[NOW + timedelta(days=20)], now=NOW), NotFound),
    "requests.reject_request": (lambda s, a, b, g: requests.reject_request(
        s, actor=b.actor, booking_id=a.request_id, reason="fully_booked", gateway=g, now=NOW), NotFound),
    "revenue_report.revenue_report": (lambda s, a, b, g: revenue_report.revenue_report(
        s, actor=b.actor, first=(NOW - timedelta(days=60)).date(), last=(NOW + timedelta(days=60)).date(),
        service_id=a.class_service_id), False),
    "statements.monthly_statement": (lambda s, a, b, g: statements.monthly_statement(
        s, actor=b.actor, year=NOW.year, month=NOW.month), False),
    "template_editor.list_templates": (lambda s, a, b, g: template_editor.list_templates(s, actor=b.actor), False),
    "template_editor.load_template": (lambda s, a, b, g: template_editor.load_template(
        s, actor=b.actor, key="booking_confirmed", locale="en"), False),
    "template_editor.reset_template": (lambda s, a, b, g: template_editor.reset_template(
        s, actor=b.actor, key="booking_confirmed", locale="en"), False),
    "template_editor.save_template": (lambda s, a, b, g: template_editor.save_template(
        s, actor=b.actor, key="booking_confirmed", locale="en", subject="Beta subject",
        body="Beta body [BOOKING_CONTROL_URL]"), False),
    "template_editor.send_test": (lambda s, a, b, g: template_editor.send_test(
        s, actor=b.actor, key="booking_confirmed", locale="en", subject="Beta subject",
        body="Beta body [BOOKING_CONTROL_URL]"), False),
    "waitlist.add": (lambda s, a, b, g: waitlist.add(
        s, class_session_id=a.full_session_id, customer_id=b.customer_id, actor=b.actor, now=NOW), NotFound),
    "waitlist.join": (lambda s, a, b, g: waitlist.join(
        s, class_session_id=a.full_session_id, customer=_beta_customer(s, b), actor=b.actor, now=NOW), NotFound),
    "waitlist.leave": (lambda s, a, b, g: waitlist.leave(s, now=NOW, entry_id=a.waitlist_entry_id, actor=b.actor), NotFound),
    "waitlist.queue": (lambda s, a, b, g: waitlist.queue(s, class_session_id=a.full_session_id, actor=b.actor), NotFound),
    # Beta's owner switches pay on site for Beta: Alpha's waitlist gets no offer and Alpha stays off.
    "waitlist.set_pay_on_site": (lambda s, a, b, g: waitlist.set_pay_on_site(s, actor=b.actor, allowed=True, now=NOW), False),
}


def _probes_of_other_modules() -> dict:
    """Probes kept next to this file as `probes_<area>.py` (a `PROBES` dict each), so
    each area's services add theirs without touching the others'."""
    found = {}
    for module_info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module_info.name.startswith("probes_"):
            found.update(importlib.import_module(f"tests.security.{module_info.name}").PROBES)
    return found


PROBES.update(_probes_of_other_modules())

# Functions with an actor that no cross-organization call can reach, and why.
NOT_APPLICABLE = {
    "accounts.sign_out_everywhere": "takes no id: it ends the signed-in staff member's own sessions",
    "activity.log_action": "an internal record written by the services after they loaded the row; never given user input",
    "conversations.add_provider_message": "an internal record written by the services after they loaded the booking; never given an id",
}


def _payment(s: Session, a: Alpha) -> Payment:
    return s.get(Payment, a.request_payment_id)


def _snapshot(engine, org_id: int) -> dict[str, list[tuple]]:
    """Every row that belongs to Alpha, or to no organization, in every table."""
    rows = {}
    with Session(engine) as s:
        for table in SQLModel.metadata.sorted_tables:
            stmt = sa_select(table)
            if "organization_id" in table.c:
                stmt = stmt.where(table.c.organization_id == org_id)
            elif table.name == "organization":
                stmt = stmt.where(table.c.id == org_id)
            rows[table.name] = sorted(tuple(map(repr, r)) for r in s.execute(stmt))
    return rows


@pytest.mark.parametrize("name", sorted(PROBES))
def test_another_organizations_staff_cannot_reach_alphas_data(engine, gateway, world, name):
    alpha, beta = world
    call, expected_refusal = PROBES[name]
    before = _snapshot(engine, alpha.org_id)

    refusal = None
    try:
        with unit_of_work(engine) as s:
            shown = repr(call(s, alpha, beta, gateway))
    except DomainError as error:
        refusal, shown = error, ""

    if expected_refusal:
        assert type(refusal) is expected_refusal, f"{name}: expected {expected_refusal.__name__}, got {refusal!r}: {shown[:300]}"
    else:
        assert refusal is None, f"{name} refused its own organization's call: {refusal!r}"
    assert MARK not in shown.lower(), f"{name} showed another organization's data: {shown[:500]}"
    after = _snapshot(engine, alpha.org_id)
    changed = {table for table in before if before[table] != after[table]}
    assert not changed, f"{name} changed another organization's {sorted(changed)}"


def _service_functions_with_an_actor() -> set[str]:
    found = set()
    for module_info in pkgutil.iter_modules(services_package.__path__):
        module = importlib.import_module(f"{services_package.__name__}.{module_info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ == module.__name__ and not name.startswith("_") \
                    and "actor" in inspect.signature(function).parameters:
                found.add(f"{module_info.name}.{name}")
    return found


def test_every_service_taking_an_actor_is_probed():
    probed = {name.split("#")[0] for name in PROBES}
    assert not probed & set(NOT_APPLICABLE)
    missing = _service_functions_with_an_actor() - probed - set(NOT_APPLICABLE)
    assert not missing, f"services with an actor but no cross-organization probe: {sorted(missing)}"
    stale = (probed | set(NOT_APPLICABLE)) - _service_functions_with_an_actor()
    assert not stale, f"probes for services that no longer exist: {sorted(stale)}"


def test_the_probes_see_alphas_data_when_alpha_asks(engine, gateway, world):
    """The leak check is only as good as its marker: Alpha's own staff do see it."""
    alpha, _ = world
    with Session(engine) as s:
        owner = actor_for(s.exec(select(StaffUser).where(StaffUser.email == "owner@alpha.test")).one())
        assert MARK in repr(customers.list_customers(s, actor=owner)).lower()
        assert MARK in repr(orders.list_orders(s, actor=owner, filter=orders.OrderFilter(show="all"), now=NOW)).lower()
        assert MARK in repr(inbox.requests_waiting(s, actor=owner)).lower()
        assert MARK in repr(actors.get_owned(s, Booking, alpha.request_id, owner)).lower()

