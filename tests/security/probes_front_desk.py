"""Cross-organization probes for the front desk (issue 20): Beta's staff aim the new-booking
page's reads and the booking itself at Alpha's services, sessions and customers (merged
into test_cross_organization.PROBES)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bookingapp.domain.booking_states import Status
from bookingapp.domain.errors import NotFound
from bookingapp.models import ClassSession, Customer, Service
from bookingapp.services import booking_common, front_desk
from tests.service.class_fixtures import NOW


def _beta_class_service_id(s: Session, b) -> int:
    return s.get(ClassSession, b.session_id).service_id


def _alpha_tasting_id(s: Session, a) -> int:
    return s.exec(select(Service.id).where(Service.organization_id == a.org_id, Service.kind == "request")).first()


def _nothing_prefilled(found: front_desk.Prefill) -> front_desk.Prefill:
    assert found == front_desk.Prefill(), found
    return found


def _book(s: Session, b, **form):
    return front_desk.book(s, actor=b.actor, form=front_desk.FrontDeskBooking(**form), now=NOW)


PROBES = {
    "front_desk.bookable_services": (lambda s, a, b, g: front_desk.bookable_services(s, actor=b.actor), False),
    "front_desk.service_staff": (lambda s, a, b, g: front_desk.service_staff(s, actor=b.actor, service_id=_alpha_tasting_id(s, a)),
                                 NotFound),
    "front_desk.month": (lambda s, a, b, g: front_desk.month(
        s, actor=b.actor, service_id=_alpha_tasting_id(s, a), year=NOW.year, month_number=NOW.month, now=NOW), NotFound),
    "front_desk.upcoming_sessions": (lambda s, a, b, g: front_desk.upcoming_sessions(
        s, actor=b.actor, service_id=a.class_service_id, now=NOW), NotFound),
    "front_desk.upcoming_sessions#own": (lambda s, a, b, g: front_desk.upcoming_sessions(
        s, actor=b.actor, service_id=_beta_class_service_id(s, b), now=NOW), False),
    # The new-booking page's address with Alpha's ids: read as if nothing were asked.
    "front_desk.prefill": (lambda s, a, b, g: _nothing_prefilled(front_desk.prefill(
        s, actor=b.actor, service=str(a.class_service_id), customer=str(a.customer_id), class_session=str(a.full_session_id))),
        False),
    "front_desk.book": (lambda s, a, b, g: _book(
        s, b, service_id=_alpha_tasting_id(s, a), customer_id=b.customer_id, starts_at=NOW + timedelta(days=20)), NotFound),
    "front_desk.book#alpha-customer": (lambda s, a, b, g: _book(
        s, b, service_id=_beta_class_service_id(s, b), class_session_id=b.session_id, customer_id=a.customer_id), NotFound),
    "front_desk.book#alpha-session": (lambda s, a, b, g: _book(
        s, b, service_id=_beta_class_service_id(s, b), class_session_id=a.full_session_id, customer_id=b.customer_id), NotFound),
    # Beta's own booking of its own customer: works, and shows nothing of Alpha's.
    "front_desk.book#own": (lambda s, a, b, g: _book(
        s, b, service_id=_beta_class_service_id(s, b), class_session_id=b.session_id, customer_id=b.customer_id), False),
    "booking_common.place_booking": (lambda s, a, b, g: booking_common.place_booking(
        s, actor=b.actor, service=s.get(Service, _alpha_tasting_id(s, a)), customer=s.get(Customer, b.customer_id),
        starts_at=NOW + timedelta(days=20), staff_user_id=None, status=Status.CONFIRMED, now=NOW), NotFound),
    "booking_common.place_booking#alpha-customer": (lambda s, a, b, g: booking_common.place_booking(
        s, actor=b.actor, service=s.get(Service, s.get(ClassSession, b.session_id).service_id),
        customer=s.get(Customer, a.customer_id), starts_at=NOW + timedelta(days=20), staff_user_id=None,
        status=Status.CONFIRMED, now=NOW), NotFound),
}
