"""Dashboard → Services: every action of `services.catalog`, bad input that writes nothing,
and the terms a booking keeps when its service is edited afterwards."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import ActivityLog, Booking, Organization, Service, ServiceStaff
from bookingapp.services import catalog, class_seats, manage_booking, portal, requests
from bookingapp.services.accounts import actor_for
from bookingapp.services.actors import Actor
from bookingapp.services.customer_accounts import customer_actor
from tests import factories
from tests.service.class_fixtures import class_session, give_credits

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
VISA = CardInput("4242424242424242", 12, 2030, "123")


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=True):
        yield


@dataclasses.dataclass
class World:
    org_id: int
    owner: Actor
    owner_id: int
    coach_id: int
    gone_id: int  # a deactivated member


@pytest.fixture
def world(engine) -> World:
    with unit_of_work(engine) as s:
        org = factories.organization(s, "lindenhof", timezone="Europe/Berlin", currency="EUR",
                                     default_cutoff_minutes=48 * 60, default_customer_cancellation="rebooking_request_only")
        owner = factories.staff(s, org, name="Olga Owner")
        coach = factories.staff(s, org, "coach@lindenhof.test", name="Chris Coach", role="staff")
        gone = factories.staff(s, org, "gone@lindenhof.test", name="Gone Member", role="staff", active=False)
        return World(org.id, actor_for(owner), owner.id, coach.id, gone.id)


def _form(world: World, kind: str = "appointment", **kw) -> catalog.ServiceForm:
    base = dict(kind=kind, name="Consultation", description="One to one.", duration_minutes=45, price="45.50",
                prepayment="optional", cutoff_minutes=24 * 60, location="Room 1", staff_ids=[world.owner_id])
    base.update(kw)
    return catalog.ServiceForm(**base)


def _create(engine, world, **kw) -> Service:
    with unit_of_work(engine) as s:
        service = catalog.create_service(s, actor=world.owner, form=_form(world, **kw))
        s.expunge(service)
        return service


def _get(engine, service_id) -> Service:
    with Session(engine) as s:
        row = s.get(Service, service_id)
        s.expunge(row)
        return row


def _staff_of(engine, service_id) -> set[int]:
    with Session(engine) as s:
        return set(s.exec(select(ServiceStaff.staff_user_id).where(ServiceStaff.service_id == service_id)))


def _snapshot(engine) -> dict:
    with Session(engine) as s:
        return {t.name: sorted(map(repr, s.execute(sa_select(t)))) for t in SQLModel.metadata.sorted_tables}


# --- creating --------------------------------------------------------------------------


def test_a_new_appointment_service_has_its_values_the_org_currency_a_slug_and_its_staff(engine, world):
    service = _create(engine, world, staff_ids=[world.coach_id, world.owner_id])
    assert (service.kind, service.name, service.duration_minutes, service.price_minor) == ("appointment", "Consultation", 45, 4550)
    assert service.currency == "EUR" and service.slug == "consultation" and service.active
    assert service.staff_user_id == world.coach_id  # the first one chosen
    assert _staff_of(engine, service.id) == {world.coach_id, world.owner_id}
    with Session(engine) as s:
        assert s.exec(select(ActivityLog).where(ActivityLog.action == "service.created")).one().data["service_id"] == service.id


def test_slugs_are_unique_per_organization_and_new_services_go_last(engine, world):
    first = _create(engine, world, name="Consultation")
    second = _create(engine, world, name="Consultation!")
    third = _create(engine, world, name="Ärztliche Beratung")
    assert (first.slug, second.slug, third.slug) == ("consultation", "consultation-2", "arztliche-beratung")
    assert first.position < second.position < third.position


def test_new_form_starts_with_the_organizations_default_terms(engine, world):
    with Session(engine) as s:
        form = catalog.new_form(s, actor=world.owner, kind="request")
    assert (form.cutoff_minutes, form.customer_cancellation) == (48 * 60, "rebooking_request_only")
    assert form.staff_ids == [world.owner_id] and form.kind == "request"


def test_each_kind_keeps_its_own_settings(engine, world):
    request = _create(engine, world, kind="request", name="Tasting", min_party=2, max_party=12, allows_private=False,
                      allows_group=True, prepayment="none", staff_ids=[])
    assert (request.min_party, request.max_party, request.allows_private, request.allows_group) == (2, 12, False, True)
    assert request.prepayment == "required"  # requests always hold the card
    yoga = _create(engine, world, kind="class", name="Yoga", capacity=14, credit_cost=2, free_cancellation_minutes=6 * 60,
                   allow_recurring=True, waitlist_offer_minutes=90, staff_ids=[world.coach_id])
    assert (yoga.capacity, yoga.credit_cost, yoga.free_cancellation_minutes, yoga.allow_recurring,
            yoga.waitlist_offer_minutes) == (14, 2, 360, True, 90)
    assert (yoga.price_minor, yoga.prepayment) == (0, "none")  # a place is paid in credits
    appointment = _create(engine, world, buffer_before_minutes=10, buffer_after_minutes=15, min_notice_minutes=120,
                          horizon_days=30, location_tbd=True)
    assert (appointment.buffer_before_minutes, appointment.buffer_after_minutes, appointment.min_notice_minutes,
            appointment.horizon_days) == (10, 15, 120, 30)
    assert appointment.location is None and appointment.location_tbd


# --- bad input writes nothing ----------------------------------------------------------

BAD = [
    ({"name": "  "}, "name"),
    ({"duration_minutes": 0}, "duration_minutes"),
    ({"duration_minutes": -30}, "duration_minutes"),
    ({"duration_minutes": 24 * 60 + 1}, "duration_minutes"),
    ({"price": "-5"}, "price"),
    ({"price": "100001"}, "price"),
    ({"price": "45.505"}, "price"),
    ({"price": "forty"}, "price"),
    ({"cutoff_minutes": -60}, "cutoff_hours"),
    ({"staff_ids": []}, "staff_ids"),
    ({"staff_ids": [999_999]}, "staff_ids"),
    ({"kind": "request", "min_party": 5, "max_party": 2}, "max_party"),
    ({"kind": "request", "allows_private": False, "allows_group": False}, "allows_private"),
    ({"kind": "class", "capacity": 0}, "capacity"),
    ({"kind": "class", "credit_cost": -1}, "credit_cost"),
    ({"min_notice_minutes": 3 * 24 * 60, "horizon_days": 2}, "horizon_days"),
    ({"buffer_after_minutes": -5}, "buffer_after_minutes"),
    ({"prepayment": "sometimes"}, "prepayment"),
    ({"customer_cancellation": "whenever"}, "customer_cancellation"),
    ({"name": "x" * 121}, "name"),
]


@pytest.mark.parametrize(("change", "field"), BAD, ids=[f"{c}" for c, _ in BAD])
def test_bad_input_gets_a_message_next_to_its_field_and_writes_nothing(engine, world, change, field):
    before = _snapshot(engine)
    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        catalog.create_service(s, actor=world.owner, form=_form(world, **change))
    assert refused.value.field == field
    assert _snapshot(engine) == before


def test_a_deactivated_member_cannot_be_chosen(engine, world):
    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        catalog.create_service(s, actor=world.owner, form=_form(world, staff_ids=[world.gone_id]))
    assert refused.value.field == "staff_ids"


def test_a_bad_edit_changes_nothing(engine, world):
    service = _create(engine, world)
    before = _snapshot(engine)
    with pytest.raises(ValidationFailed), unit_of_work(engine) as s:
        catalog.update_service(s, actor=world.owner, service_id=service.id, form=_form(world, name="New", price="-1"))
    assert _snapshot(engine) == before


def test_customers_cannot_use_the_catalog(engine, world):
    customer = Actor("customer", world.org_id, 1, "Alex")
    with pytest.raises(PermissionDenied), unit_of_work(engine) as s:
        catalog.create_service(s, actor=customer, form=_form(world))


# --- editing, archiving, deleting, ordering --------------------------------------------


def test_editing_changes_the_service_but_not_its_kind_and_replaces_its_staff(engine, world):
    service = _create(engine, world, staff_ids=[world.owner_id])
    with unit_of_work(engine) as s:
        catalog.update_service(s, actor=world.owner, service_id=service.id,
                               form=_form(world, kind="class", name="Long consultation", duration_minutes=90,
                                          price="80", staff_ids=[world.coach_id]))
    changed = _get(engine, service.id)
    assert (changed.kind, changed.name, changed.duration_minutes, changed.price_minor) == ("appointment", "Long consultation", 90, 8000)
    assert changed.slug == "consultation"  # links stay
    assert changed.staff_user_id == world.coach_id and _staff_of(engine, service.id) == {world.coach_id}
    with Session(engine) as s:
        detail = catalog.service_detail(s, actor=world.owner, service_id=service.id)
    assert detail.form.price == "80" and detail.form.staff_ids == [world.coach_id] and not detail.in_use


def test_archive_and_restore_take_a_service_off_the_portal_and_back(engine, world):
    service = _create(engine, world)
    with unit_of_work(engine) as s:
        catalog.archive_service(s, actor=world.owner, service_id=service.id)
    with Session(engine) as s:
        org = portal.organization_by_slug(s, "lindenhof")
        assert portal.bookable_services(s, org) == []
        assert [x.service.active for x in catalog.list_services(s, actor=world.owner)] == [False]
    with unit_of_work(engine) as s:
        catalog.restore_service(s, actor=world.owner, service_id=service.id)
    with Session(engine) as s:
        assert [x.id for x in portal.bookable_services(s, portal.organization_by_slug(s, "lindenhof"))] == [service.id]


def test_a_service_without_bookings_may_be_deleted(engine, world):
    service = _create(engine, world)
    with unit_of_work(engine) as s:
        catalog.delete_service(s, actor=world.owner, service_id=service.id)
    with Session(engine) as s:
        assert s.get(Service, service.id) is None
    assert _staff_of(engine, service.id) == set()


def test_a_service_with_bookings_is_archived_never_deleted(engine, world):
    service = _create(engine, world, kind="request", staff_ids=[])
    with unit_of_work(engine) as s:
        factories.booking(s, s.get(Organization, world.org_id), service=s.get(Service, service.id))
    before = _snapshot(engine)
    with pytest.raises(catalog.ServiceHasBookings), unit_of_work(engine) as s:
        catalog.delete_service(s, actor=world.owner, service_id=service.id)
    assert _snapshot(engine) == before
    with Session(engine) as s:
        assert catalog.service_detail(s, actor=world.owner, service_id=service.id).in_use
        assert catalog.list_services(s, actor=world.owner)[0].bookings == 1


def test_moving_swaps_places_with_the_neighbour_of_the_same_kind_on_the_portal(engine, world):
    _create(engine, world, name="A")
    request = _create(engine, world, kind="request", name="R", staff_ids=[])
    b = _create(engine, world, name="B")
    with unit_of_work(engine) as s:
        catalog.move_service(s, actor=world.owner, service_id=b.id, direction="up")
    with Session(engine) as s:
        order = [x.name for x in portal.bookable_services(s, portal.organization_by_slug(s, "lindenhof"))]
        assert order == ["B", "R", "A"]
        assert [x.service.name for x in catalog.list_services(s, actor=world.owner, kind="appointment")] == ["B", "A"]
    with unit_of_work(engine) as s:  # the first one cannot go higher
        catalog.move_service(s, actor=world.owner, service_id=b.id, direction="up")
    with Session(engine) as s:
        assert [x.name for x in portal.bookable_services(s, portal.organization_by_slug(s, "lindenhof"))] == ["B", "R", "A"]
    assert request.position


def test_another_organizations_service_is_not_found(engine, world):
    with unit_of_work(engine) as s:
        other = factories.organization(s, "elsewhere")
        stranger = actor_for(factories.staff(s, other))
    service = _create(engine, world)
    with pytest.raises(NotFound), unit_of_work(engine) as s:
        catalog.update_service(s, actor=stranger, service_id=service.id, form=_form(world, staff_ids=[]))


# --- frozen terms ----------------------------------------------------------------------


def _request_booking(engine, world, gateway, service) -> tuple[int, str]:
    with unit_of_work(engine) as s:
        booking, token = requests.create_request(s, gateway=gateway, now=NOW, form=requests.RequestForm(
            service_id=service.id, starts_at=NOW + timedelta(days=5), party_size=1, group=False, name="Alex Example",
            email="alex@example.com", phone="", note="", card=VISA))
        requests.confirm_request(s, actor=world.owner, booking_id=booking.id, gateway=gateway, now=NOW)
        return booking.id, token


def test_editing_the_cutoff_and_policy_after_a_booking_leaves_the_bookings_rights_alone(engine, world, gateway):
    service = _create(engine, world, kind="request", cutoff_minutes=48 * 60, customer_cancellation="allowed_until_cutoff",
                      staff_ids=[])
    booking_id, token = _request_booking(engine, world, gateway, service)
    with Session(engine) as s:
        booking = s.get(Booking, booking_id)
        assert (booking.cutoff_minutes, booking.customer_cancellation) == (48 * 60, "allowed_until_cutoff")
        before = manage_booking.view(s, token=token, now=NOW).rights

    with unit_of_work(engine) as s:
        catalog.update_service(s, actor=world.owner, service_id=service.id,
                               form=_form(world, kind="request", cutoff_minutes=2 * 60,
                                          customer_cancellation="rebooking_request_only", staff_ids=[]))
    with Session(engine) as s:
        after = manage_booking.view(s, token=token, now=NOW).rights
        starts_at = s.get(Booking, booking_id).starts_at
    assert after.deadline == before.deadline == starts_at - timedelta(hours=48)
    assert after.can_cancel and before.can_cancel

    second_id, second_token = _request_booking(engine, world, gateway, _get(engine, service.id))
    with Session(engine) as s:
        rights = manage_booking.view(s, token=second_token, now=NOW).rights  # a new booking gets the new terms
        assert rights.deadline == s.get(Booking, second_id).starts_at - timedelta(hours=2) and not rights.can_cancel


def test_a_class_place_freezes_the_terms_too(engine, world):
    yoga = _create(engine, world, kind="class", name="Yoga", staff_ids=[], cutoff_minutes=6 * 60)
    with unit_of_work(engine) as s:
        session_row = class_session(s, s.get(Service, yoga.id), starts_at=NOW + timedelta(days=2))
        customer = factories.customer(s, s.get(Organization, world.org_id))
        give_credits(s, customer, 5)
        seat = class_seats.book_seat(s, class_session_id=session_row.id, customer=customer, actor=customer_actor(customer), now=NOW)
        assert (seat.cutoff_minutes, seat.customer_cancellation) == (6 * 60, "allowed_until_cutoff")


# --- the editor's form -------------------------------------------------------------------


def test_the_editor_form_is_read_into_minutes_switches_and_staff():
    form = catalog.form_from_fields({
        "name": " Tasting ", "duration_minutes": "90", "price": "120", "cutoff_hours": "48", "min_party": "2",
        "max_party": "10", "allows_group": "on", "online_booking": "on", f"staff_{7}": "on", "staff_8": "",
        "customer_cancellation": "rebooking_request_only",
    }, kind="request")
    assert (form.name, form.duration_minutes, form.cutoff_minutes, form.min_party, form.max_party) == ("Tasting", 90, 2880, 2, 10)
    assert form.allows_group and not form.allows_private and form.online_booking and not form.location_tbd
    assert form.staff_ids == [7] and form.customer_cancellation == "rebooking_request_only"


@pytest.mark.parametrize("typed", ["", "1.5", "-2", "²", "ten", "1e3"])
def test_the_editor_form_refuses_what_is_not_a_whole_number_next_to_its_input(typed):
    with pytest.raises(ValidationFailed, match="whole number") as refused:
        catalog.form_from_fields({"name": "X", "cutoff_hours": typed}, kind="appointment")
    assert refused.value.field == "cutoff_hours"
    assert refused.value.render() == "Enter the cutoff as a whole number."


def test_the_editor_form_ignores_the_inputs_of_other_kinds():
    form = catalog.form_from_fields({"name": "X", "duration_minutes": "30", "min_party": "", "capacity": "x"}, kind="appointment")
    assert form.duration_minutes == 30 and form.min_party == 1 and form.capacity == 10
