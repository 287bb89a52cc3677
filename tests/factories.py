"""Small builders for test data; each returns flushed rows."""

from __future__ import annotations

import itertools
from datetime import datetime, time, timedelta

from sqlmodel import Session, select

from bookingapp.models import (
    AvailabilityRule,
    Booking,
    Customer,
    Organization,
    Service,
    ServiceStaff,
    StaffUser,
    utcnow,
)
from bookingapp.services import manage_links
from bookingapp.services.accounts import PASSWORDS, actor_for
from bookingapp.services.actors import Actor

_FAST_HASH = PASSWORDS.hash("correct-horse-battery")


def organization(session: Session, slug: str = "studio", **kw) -> Organization:
    org = Organization(name=kw.pop("name", slug.title()), slug=slug, **kw)
    session.add(org)
    session.flush()
    return org


def staff(session: Session, org: Organization, email: str | None = None, **kw) -> StaffUser:
    user = StaffUser(organization_id=org.id, email=email or f"owner@{org.slug}.test", name=kw.pop("name", "Owner"),
                     password_hash=_FAST_HASH, role=kw.pop("role", "owner"), **kw)
    session.add(user)
    session.flush()
    return user


_new_staff = staff  # `appointment_service(staff=...)` hides the name


def staff_actor(session: Session, org: Organization) -> Actor:
    return actor_for(staff(session, org, email=f"actor{org.id}-{utcnow().timestamp()}@{org.slug}.test"))


def customer(session: Session, org: Organization, email: str = "alex@example.com", **kw) -> Customer:
    row = Customer(organization_id=org.id, email=email, name=kw.pop("name", "Alex Example"), **kw)
    session.add(row)
    session.flush()
    return row


def request_service(session: Session, org: Organization, **kw) -> Service:
    defaults = dict(kind="request", name="Private tasting", slug="tasting", duration_minutes=120, price_minor=12000,
                    currency="EUR", prepayment="required", allows_private=True, allows_group=True, min_party=1, max_party=8)
    defaults.update(kw)
    service = Service(organization_id=org.id, **defaults)
    session.add(service)
    session.flush()
    return service


def in_days(days: float, now: datetime | None = None) -> datetime:
    return (now or utcnow()) + timedelta(days=days)


_references = itertools.count(1)


def booking(session: Session, org: Organization, *, customer_row: Customer | None = None, service: Service | None = None, **kw) -> Booking:
    """A request booking in `requested`, three days out, priced like its service."""
    customer_row = customer_row or customer(session, org, email=f"customer{next(_references)}@example.com")
    service = service or request_service(session, org)
    starts_at = kw.pop("starts_at", in_days(3))
    defaults = dict(reference=f"TEST{next(_references):06d}", status="requested",
                    starts_at=starts_at, ends_at=starts_at + timedelta(minutes=service.duration_minutes),
                    price_minor=service.price_minor, currency=service.currency)
    defaults.update(kw)
    row = Booking(organization_id=org.id, customer_id=customer_row.id, service_id=service.id, **defaults)
    manage_links.issue(row)
    session.add(row)
    session.flush()
    return row


def appointment_service(session: Session, org: Organization, *, hours: tuple[time, time] = (time(9), time(17)),
                        weekdays: range = range(7), staff: StaffUser | None = None, **kw) -> Service:
    """An appointment service open on every day of the week (9:00-17:00 local by default),
    so tests do not depend on the weekday they pick. The hours belong to its staff member:
    `staff`, the one named by `staff_user_id=`, or a new one; a ServiceStaff row says that
    they give the service. A person who already has these hours does not get them twice."""
    defaults = dict(kind="appointment", name="Consultation", slug="consultation", duration_minutes=60, price_minor=4500,
                    currency="EUR", prepayment="optional", location="Room 1")
    defaults.update(kw)
    if staff is None and defaults.get("staff_user_id"):
        staff = session.get(StaffUser, defaults["staff_user_id"])
    if staff is None:
        staff = _new_staff(session, org, email=f"staff{next(_references)}@{org.slug}.test", name="Sam Staff", role="staff")
    defaults["staff_user_id"] = staff.id
    service = Service(organization_id=org.id, **defaults)
    session.add(service)
    session.flush()
    session.add(ServiceStaff(service_id=service.id, staff_user_id=staff.id, organization_id=org.id))
    weekly_hours(session, staff, {weekday: [hours] for weekday in weekdays})
    session.flush()
    return service


def weekly_hours(session: Session, person: StaffUser, days: dict[int, list[tuple[time, time]]]) -> None:
    """Weekly hours for a staff member (weekday -> intervals), skipping rows they already have."""
    have = {(r.weekday, r.start_time, r.end_time) for r in session.exec(
        select(AvailabilityRule).where(AvailabilityRule.staff_user_id == person.id))}
    for weekday, spans in days.items():
        for start, end in spans:
            if (weekday, start, end) not in have:
                session.add(AvailabilityRule(organization_id=person.organization_id, staff_user_id=person.id,
                                             weekday=weekday, start_time=start, end_time=end))
    session.flush()
