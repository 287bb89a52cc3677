"""What the public portal shows: an organization and its bookable services."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bookingapp.domain.errors import NotFound
from bookingapp.domain.user_input import LinkToken, user_input
from bookingapp.models import Organization, Service


@user_input
def organization_by_slug(session: Session, slug: LinkToken) -> Organization:
    org = session.exec(select(Organization).where(Organization.slug == slug)).first()
    if org is None:
        raise NotFound()
    return org


def bookable_services(session: Session, org: Organization) -> list[Service]:
    return list(
        session.exec(
            select(Service)
            .where(Service.organization_id == org.id, Service.active == True, Service.online_booking == True)  # noqa: E712
            .order_by(col(Service.position), col(Service.name), col(Service.id))  # the order set in Dashboard → Services
        )
    )
