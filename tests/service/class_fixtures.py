"""Test data for classes: a yoga class service, its sessions, customers with credits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from bookingapp.models import ClassSession, CreditLedger, Customer, Organization, Service

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 09:00 in Berlin
CLASS_START = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)  # Wednesday 18:00 in Berlin


def class_service(session: Session, org: Organization, **kw) -> Service:
    defaults = dict(kind="class", name="Morning yoga", slug="yoga", duration_minutes=60, price_minor=0, currency="EUR",
                    credit_cost=1, location="Studio A", allows_group=True, max_party=1)
    defaults.update(kw)
    service = Service(organization_id=org.id, **defaults)
    session.add(service)
    session.flush()
    return service


def class_session(session: Session, service: Service, *, starts_at: datetime = CLASS_START, capacity: int = 10,
                  credit_cost: int = 2, window_minutes: int = 12 * 60, online_booking: bool = True) -> ClassSession:
    row = ClassSession(organization_id=service.organization_id, service_id=service.id, starts_at=starts_at,
                       ends_at=starts_at + timedelta(minutes=service.duration_minutes), capacity=capacity,
                       location="Studio A", credit_cost=credit_cost, free_cancellation_minutes=window_minutes,
                       online_booking=online_booking)
    session.add(row)
    session.flush()
    return row


def give_credits(session: Session, customer: Customer, amount: int) -> None:
    session.add(CreditLedger(organization_id=customer.organization_id, customer_id=customer.id, delta=amount,
                             reason="Test grant", kind="grant"))
    session.flush()
