"""Home's setup checklist: the three steps from a new account to a first booking."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from bookingapp.domain.errors import NotFound, PermissionDenied
from bookingapp.models import AvailabilityRule, Organization, Service
from bookingapp.services.actors import Actor


@dataclass(frozen=True)
class SetupStep:
    key: str  # "service" | "hours" | "share"
    done: bool


@dataclass(frozen=True)
class SetupChecklist:
    steps: tuple[SetupStep, ...]
    portal_slug: str

    @property
    def done(self) -> bool:
        return all(step.done for step in self.steps)


def setup_checklist(session: Session, *, actor: Actor) -> SetupChecklist:
    """Add a service (an active one exists), set your hours (a staff member has weekly
    hours), share your booking page (the Share page was opened or its link copied)."""
    if not actor.is_staff:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id)
    if org is None:
        raise NotFound()
    has_service = session.exec(select(Service.id).where(
        Service.organization_id == org.id, Service.active == True).limit(1)).first() is not None  # noqa: E712
    has_hours = session.exec(select(AvailabilityRule.id).where(
        AvailabilityRule.organization_id == org.id, col(AvailabilityRule.staff_user_id).is_not(None)).limit(1)).first() is not None
    return SetupChecklist(
        steps=(SetupStep("service", has_service), SetupStep("hours", has_hours), SetupStep("share", org.shared_at is not None)),
        portal_slug=org.slug,
    )
