"""Who is acting: every service call names its actor and checks the tenant itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeVar

from sqlmodel import Session, SQLModel

from bookingapp.domain.errors import NotFound


@dataclass(frozen=True)
class Actor:
    kind: Literal["staff", "customer", "system"]
    organization_id: int | None
    id: int | None = None
    name: str = ""
    role: str = ""

    @classmethod
    def system(cls, organization_id: int | None = None) -> Actor:
        return cls("system", organization_id, None, "System")

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def is_owner(self) -> bool:
        """Business settings, payments, email templates and the team are the owner's."""
        return self.kind == "staff" and self.role == "owner" and self.organization_id is not None


T = TypeVar("T", bound=SQLModel)


def get_owned(session: Session, model: type[T], id_: int | None, actor: Actor, *, lock: bool = False) -> T:
    """Load a row of the actor's organization, or raise NotFound.

    Another organization's row is reported exactly like a missing one, so ids reveal
    nothing across tenants.
    """
    if id_ is None:
        raise NotFound()
    row = session.get(model, id_, with_for_update=lock)
    if row is None or getattr(row, "organization_id", None) != actor.organization_id:
        raise NotFound()
    return row
