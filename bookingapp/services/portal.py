"""What the public portal shows: an organization and its bookable services."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bookingapp.domain.errors import NotFound
from bookingapp.domain.user_input import LinkToken, user_input
from bookingapp.models import Organization, Service, SlugRedirect


@user_input
def organization_by_slug(session: Session, slug: LinkToken) -> Organization:
    org = session.exec(select(Organization).where(Organization.slug == slug)).first()
    if org is None:
        raise NotFound()
    return org


@user_input
def resolve_slug(session: Session, slug: LinkToken) -> str | None:
    """The current portal address for `slug`: itself when it is one, the new address when
    it is an old one (a business that changed its address), else None."""
    if not slug:
        return None
    if session.exec(select(Organization.id).where(Organization.slug == slug)).first() is not None:
        return slug
    moved = session.get(SlugRedirect, slug)
    if moved is None:
        return None
    org = session.get(Organization, moved.organization_id)
    return org.slug if org else None


def slug_holder(session: Session, slug: str) -> int | None:
    """The organization that has `slug` as its address now or had it before, if any: an
    old address stays with its business so its links keep working."""
    current = session.exec(select(Organization.id).where(Organization.slug == slug)).first()
    if current is not None:
        return current
    moved = session.get(SlugRedirect, slug)
    return moved.organization_id if moved else None


def bookable_services(session: Session, org: Organization) -> list[Service]:
    return list(
        session.exec(
            select(Service)
            .where(Service.organization_id == org.id, Service.active == True, Service.online_booking == True)  # noqa: E712
            .order_by(col(Service.position), col(Service.name), col(Service.id))  # the order set in Dashboard → Services
        )
    )
