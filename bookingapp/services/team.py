"""The team: inviting members by a one-time email link, roles (owner and staff),
deactivating a member and handing their future work to someone else, and where the
provider's notification emails go.

Only an owner changes the team. A deactivated member keeps their rows (bookings, log
entries) but cannot sign in and is offered to nobody; `reassign_bookings` moves their
future work to an active member.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Annotated

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bookingapp import routes
from bookingapp.domain.booking_states import ACTIVE
from bookingapp.domain.errors import DomainError, PermissionDenied, ValidationFailed
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.user_input import Choice, Email, Id, Line, LinkToken, Password, user_input
from bookingapp.models import (
    Booking,
    ClassSession,
    Organization,
    Service,
    ServiceStaff,
    StaffInvitation,
    StaffUser,
    TimeOff,
    utcnow,
)
from bookingapp.services import accounts
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.notifications import queue_email
from bookingapp.settings import get_settings

INVITATION_LIFETIME = timedelta(days=7)
ROLES = ("owner", "staff")
NOTIFY = ("assigned", "team")
Role = Annotated[str, Choice(ROLES, message="Choose a role.", field="role")]


class InvitationUnknown(DomainError):
    message = "This invitation link is not valid. Ask the owner of the business to invite you again."


class InvitationExpired(DomainError):
    message = "This invitation has expired. Ask the owner of the business to send you a new one."


class InvitationUsed(DomainError):
    message = "This invitation was already used. Sign in with your email and password."


class InvitationRevoked(DomainError):
    message = "This invitation was withdrawn. Ask the owner of the business if you should join."


def _require_owner(actor: Actor) -> None:
    if not actor.is_owner:
        raise PermissionDenied()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _member_with_email(session: Session, email: str) -> StaffUser | None:
    # Staff emails are unique across all organizations: one sign-in, one business.
    return session.exec(select(StaffUser).where(StaffUser.email == email)).first()


def _open_invitations(session: Session, organization_id: int, email: str | None = None) -> list[StaffInvitation]:
    stmt = select(StaffInvitation).where(
        StaffInvitation.organization_id == organization_id,
        col(StaffInvitation.used_at).is_(None),
        col(StaffInvitation.revoked_at).is_(None),
    )
    if email is not None:
        stmt = stmt.where(StaffInvitation.email == email)
    return list(session.exec(stmt.order_by(col(StaffInvitation.created_at))))


def _send_invitation(session: Session, actor: Actor, invitation: StaffInvitation, now: datetime) -> str:
    """A fresh token (the old link stops working) valid for 7 days, emailed through the outbox."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = _hash(token)
    invitation.expires_at = now + INVITATION_LIFETIME
    session.add(invitation)
    org = session.get(Organization, invitation.organization_id)
    url = get_settings().public_base_url.rstrip("/") + routes.join(token)
    queue_email(session, org=org, key="staff_invitation", to=invitation.email,
                values={"STAFF_NAME": invitation.name, "INVITED_BY": actor.name or org.name, "INVITATION_URL": url})
    return token


# --- invitations -------------------------------------------------------------------------


@user_input
def invite(session: Session, *, actor: Actor, email: Email, name: Line, role: Role = "staff",
           now: datetime | None = None) -> StaffInvitation:
    """Invite someone by email. An address that already has an account is refused; a
    second invitation to the same address replaces the open one."""
    _require_owner(actor)
    now = now or utcnow()
    address = accounts.normalize_email(email)
    person = accounts.clean_text(name, field="name", label="the member's name", max_length=120)
    if _member_with_email(session, address) is not None:
        raise ValidationFailed("{email} already has an account, so it cannot be invited.", field="email", email=address)
    for older in _open_invitations(session, actor.organization_id, address):
        older.revoked_at = now
        session.add(older)
    invitation = StaffInvitation(organization_id=actor.organization_id, email=address, name=person, role=role,
                                 token_hash="", expires_at=now, invited_by_staff_id=actor.id, created_at=now)
    _send_invitation(session, actor, invitation, now)
    session.flush()
    log_action(session, actor=actor, action="team.invited", organization_id=actor.organization_id,
               data={"email": address, "role": role, "invitation_id": invitation.id})
    return invitation


def _open_invitation(session: Session, actor: Actor, invitation_id: int) -> StaffInvitation:
    invitation = get_owned(session, StaffInvitation, invitation_id, actor, lock=True)
    if invitation.used_at is not None:
        raise InvitationUsed()
    if invitation.revoked_at is not None:
        raise InvitationRevoked()
    return invitation


@user_input
def resend_invitation(session: Session, *, actor: Actor, invitation_id: Id, now: datetime | None = None) -> StaffInvitation:
    """A new link, valid another 7 days; the earlier one stops working."""
    _require_owner(actor)
    now = now or utcnow()
    invitation = _open_invitation(session, actor, invitation_id)
    if _member_with_email(session, invitation.email) is not None:
        raise ValidationFailed("{email} already has an account, so it cannot be invited.", field="email", email=invitation.email)
    _send_invitation(session, actor, invitation, now)
    log_action(session, actor=actor, action="team.invitation_resent", organization_id=actor.organization_id,
               data={"invitation_id": invitation.id})
    return invitation


@user_input
def revoke_invitation(session: Session, *, actor: Actor, invitation_id: Id, now: datetime | None = None) -> StaffInvitation:
    _require_owner(actor)
    invitation = _open_invitation(session, actor, invitation_id)
    invitation.revoked_at = now or utcnow()
    session.add(invitation)
    log_action(session, actor=actor, action="team.invitation_revoked", organization_id=actor.organization_id,
               data={"invitation_id": invitation.id})
    return invitation


@dataclass(frozen=True)
class InvitationView:
    organization_name: str
    email: str
    name: str


def _usable(session: Session, token: str, now: datetime, *, lock: bool = False) -> StaffInvitation:
    if not token:
        raise InvitationUnknown()
    stmt = select(StaffInvitation).where(StaffInvitation.token_hash == _hash(token))
    invitation = session.exec(stmt.with_for_update() if lock else stmt).first()
    if invitation is None:
        raise InvitationUnknown()
    if invitation.used_at is not None:
        raise InvitationUsed()
    if invitation.revoked_at is not None:
        raise InvitationRevoked()
    if invitation.expires_at <= now:
        raise InvitationExpired()
    inviter = session.get(StaffUser, invitation.invited_by_staff_id) if invitation.invited_by_staff_id else None
    if inviter is not None and not (inviter.active and inviter.role == "owner"):
        raise InvitationRevoked()
    return invitation


@user_input
def invitation_for_token(session: Session, *, token: LinkToken, now: datetime | None = None) -> InvitationView:
    """What the join page shows: the business, the invited address and the name to prefill."""
    invitation = _usable(session, token, now or utcnow())
    org = session.get(Organization, invitation.organization_id)
    return InvitationView(org.name, invitation.email, invitation.name)


@user_input
def accept_invitation(session: Session, *, token: LinkToken, name: Line, password: Password,
                      now: datetime | None = None) -> StaffUser:
    """Create the member's account with the invited role; the link is then used up."""
    now = now or utcnow()
    invitation = _usable(session, token, now, lock=True)
    person = accounts.clean_text(name, field="name", label="your name", max_length=120)
    accounts.check_password(password)
    if _member_with_email(session, invitation.email) is not None:
        raise InvitationUsed()
    # Conditional UPDATE: of two tabs accepting at once, only one creates the account.
    claimed = session.exec(
        update(StaffInvitation)
        .where(col(StaffInvitation.id) == invitation.id, col(StaffInvitation.used_at).is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        raise InvitationUsed()
    user = StaffUser(organization_id=invitation.organization_id, email=invitation.email, name=person,
                     password_hash=accounts.hash_password(password), role=invitation.role)
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # the address joined another business in the same instant
        raise InvitationUsed() from None
    session.refresh(invitation)
    invitation.staff_user_id = user.id
    session.add(invitation)
    session.flush()
    log_action(session, actor=accounts.actor_for(user), action="team.invitation_accepted",
               organization_id=user.organization_id, data={"invitation_id": invitation.id, "role": user.role})
    return user


# --- the team page -----------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    id: int
    name: str
    email: str
    role: str
    active: bool
    is_you: bool


@dataclass(frozen=True)
class InvitationRow:
    id: int
    name: str
    email: str
    role: str
    expires_at: datetime
    expired: bool


@dataclass
class TeamView:
    members: list[MemberRow] = field(default_factory=list)
    invitations: list[InvitationRow] = field(default_factory=list)
    notify: str = "assigned"
    team_email: str = ""
    timezone: str = "UTC"


def members(session: Session, *, actor: Actor, now: datetime | None = None) -> TeamView:
    """Everyone in the team (active first) and the invitations not yet accepted."""
    _require_owner(actor)
    now = now or utcnow()
    org = session.get(Organization, actor.organization_id)
    people = session.exec(select(StaffUser).where(StaffUser.organization_id == actor.organization_id)
                          .order_by(col(StaffUser.active).desc(), col(StaffUser.name))).all()
    return TeamView(
        members=[MemberRow(u.id, u.name, u.email, u.role, u.active, u.id == actor.id) for u in people],
        invitations=[InvitationRow(i.id, i.name, i.email, i.role, i.expires_at, i.expires_at <= now)
                     for i in _open_invitations(session, actor.organization_id)],
        notify=org.notify or "assigned",
        team_email=org.team_email or "",
        timezone=org.timezone,
    )


def _lock_member_and_owners(session: Session, actor: Actor, staff_user_id: int) -> StaffUser:
    """The member's row and every active owner's, locked together in id order: two owners
    demoting each other at once queue up instead of deadlocking, and cannot leave the
    business without an owner."""
    session.exec(select(StaffUser.id).where(
        StaffUser.organization_id == actor.organization_id,
        (col(StaffUser.id) == staff_user_id) | ((StaffUser.role == "owner") & (StaffUser.active == True)),  # noqa: E712
    ).order_by(col(StaffUser.id)).with_for_update()).all()
    member = get_owned(session, StaffUser, staff_user_id, actor)
    session.refresh(member)
    return member


def _keep_an_owner(session: Session, member: StaffUser, message: str) -> None:
    owners = session.exec(select(StaffUser.id).where(
        StaffUser.organization_id == member.organization_id, StaffUser.role == "owner", StaffUser.active == True,  # noqa: E712
    )).all()
    if member.role == "owner" and member.active and list(owners) == [member.id]:
        raise ValidationFailed(message, field="member")


def _revoke_sent_invitations(session: Session, member: StaffUser, now: datetime) -> None:
    """Someone who is no longer an active owner cannot bring people in: their open
    invitations die with the role."""
    for invitation in session.exec(select(StaffInvitation).where(
        StaffInvitation.invited_by_staff_id == member.id, col(StaffInvitation.used_at).is_(None),
        col(StaffInvitation.revoked_at).is_(None),
    )):
        invitation.revoked_at = now
        session.add(invitation)


@user_input
def set_role(session: Session, *, actor: Actor, staff_user_id: Id, role: Role, now: datetime | None = None) -> StaffUser:
    _require_owner(actor)
    member = _lock_member_and_owners(session, actor, staff_user_id)
    if member.role == role:
        return member
    if role != "owner":
        _keep_an_owner(session, member, N_("The business needs at least one active owner. Make someone else an owner first."))
        _revoke_sent_invitations(session, member, now or utcnow())
    log_action(session, actor=actor, action="team.role_changed", organization_id=actor.organization_id,
               data={"staff_user_id": member.id, "from": member.role, "to": role})
    member.role = role
    session.add(member)
    return member


@dataclass(frozen=True)
class WorkItem:
    """A future booking or class session of a member, to hand to someone else."""

    kind: str  # booking | class_session
    id: int
    starts_at: datetime
    title: str
    reference: str = ""
    # Why a handover left it with the member: "not_given" (the new member does not give
    # the service) or "busy" (they have a booking, class or time off then).
    reason: str = ""


@user_input
def future_work(session: Session, *, actor: Actor, staff_user_id: Id, now: datetime | None = None) -> list[WorkItem]:
    """The member's future active bookings and the class sessions they teach, soonest first."""
    _require_owner(actor)
    now = now or utcnow()
    member = get_owned(session, StaffUser, staff_user_id, actor)
    return _future_work(session, member, now)


def _future_bookings(session: Session, member: StaffUser, now: datetime) -> list[Booking]:
    """Appointments and requests; a place in a class follows its session."""
    return list(session.exec(select(Booking).where(
        Booking.organization_id == member.organization_id, Booking.staff_user_id == member.id,
        Booking.starts_at >= now, col(Booking.status).in_(list(ACTIVE)), col(Booking.session_id).is_(None),
    ).order_by(col(Booking.starts_at))))


def _future_sessions(session: Session, member: StaffUser, now: datetime) -> list[ClassSession]:
    return list(session.exec(select(ClassSession).where(
        ClassSession.organization_id == member.organization_id, ClassSession.staff_user_id == member.id,
        ClassSession.starts_at >= now, ClassSession.cancelled == False,  # noqa: E712
    ).order_by(col(ClassSession.starts_at))))


def _future_work(session: Session, member: StaffUser, now: datetime) -> list[WorkItem]:
    names = dict(session.exec(select(Service.id, Service.name).where(Service.organization_id == member.organization_id)).all())
    items = [WorkItem("booking", b.id, b.starts_at, names.get(b.service_id, ""), b.reference)
             for b in _future_bookings(session, member, now)]
    items += [WorkItem("class_session", c.id, c.starts_at, names.get(c.service_id, ""))
              for c in _future_sessions(session, member, now)]
    return sorted(items, key=lambda item: item.starts_at)


@user_input
def deactivate_member(session: Session, *, actor: Actor, staff_user_id: Id, now: datetime | None = None) -> list[WorkItem]:
    """Sign the member out everywhere and keep them from signing in; returns their future
    work, which stays assigned to them until `reassign_bookings` moves it."""
    _require_owner(actor)
    now = now or utcnow()
    member = _lock_member_and_owners(session, actor, staff_user_id)
    if not member.active:
        return _future_work(session, member, now)
    _keep_an_owner(session, member, N_("The business needs at least one active owner. Make someone else an owner first."))
    _revoke_sent_invitations(session, member, now)
    member.active = False
    member.session_version += 1
    session.add(member)
    log_action(session, actor=actor, action="team.member_deactivated", organization_id=actor.organization_id,
               data={"staff_user_id": member.id})
    return _future_work(session, member, now)


@user_input
def reactivate_member(session: Session, *, actor: Actor, staff_user_id: Id) -> StaffUser:
    _require_owner(actor)
    member = get_owned(session, StaffUser, staff_user_id, actor, lock=True)
    if not member.active:
        member.active = True
        session.add(member)
        log_action(session, actor=actor, action="team.member_reactivated", organization_id=actor.organization_id,
                   data={"staff_user_id": member.id})
    return member


@dataclass(frozen=True)
class Handover:
    moved: int
    left: list[WorkItem]  # still the old member's, each with its reason


def _gives(session: Session, organization_id: int) -> dict[int, set[int]]:
    """Who gives each service that names its staff; a service naming nobody is anyone's."""
    rows = session.exec(select(ServiceStaff.service_id, ServiceStaff.staff_user_id)
                        .where(ServiceStaff.organization_id == organization_id)).all()
    given: dict[int, set[int]] = {}
    for service_id, staff_id in rows:
        given.setdefault(service_id, set()).add(staff_id)
    return given


def _busy(session: Session, member: StaffUser, now: datetime) -> list[tuple[datetime, datetime]]:
    """When the member is already taken from now on: bookings, classes they teach, time off."""
    spans = [(b.starts_at, b.ends_at) for b in _future_bookings(session, member, now)]
    spans += [(c.starts_at, c.ends_at) for c in _future_sessions(session, member, now)]
    spans += list(session.exec(select(TimeOff.starts_at, TimeOff.ends_at).where(
        TimeOff.organization_id == member.organization_id, TimeOff.staff_user_id == member.id, TimeOff.ends_at > now,
    )).all())
    return spans


@user_input
def reassign_bookings(session: Session, *, actor: Actor, from_staff_id: Id, to_staff_id: Id,
                      now: datetime | None = None) -> Handover:
    """Give the future bookings and class sessions of one member to another, active one,
    where that member gives the service and is free then (a class's places go with it);
    nothing else about them changes. What cannot move is returned with the reason, so
    the owner can rebook it or choose someone else."""
    _require_owner(actor)
    now = now or utcnow()
    source = get_owned(session, StaffUser, from_staff_id, actor)
    target = get_owned(session, StaffUser, to_staff_id, actor)
    if target.id == source.id:
        raise ValidationFailed("Choose another member to take over.", field="to_staff_id")
    if not target.active:
        raise ValidationFailed("{name} is deactivated. Choose an active member.", field="to_staff_id", name=target.name)
    # Both rows locked in id order: a booking made for the new member meanwhile waits for us.
    session.exec(select(StaffUser.id).where(col(StaffUser.id).in_([source.id, target.id]))
                 .order_by(col(StaffUser.id)).with_for_update()).all()
    gives, busy = _gives(session, actor.organization_id), _busy(session, target, now)
    rows: dict[tuple[str, int], Booking | ClassSession] = {("booking", b.id): b for b in _future_bookings(session, source, now)}
    rows |= {("class_session", c.id): c for c in _future_sessions(session, source, now)}
    moved, left = 0, []
    for item in _future_work(session, source, now):
        row = rows[(item.kind, item.id)]
        staff = gives.get(row.service_id)
        if staff is not None and target.id not in staff:
            left.append(replace(item, reason="not_given"))
        elif any(start < row.ends_at and row.starts_at < end for start, end in busy):
            left.append(replace(item, reason="busy"))
        else:
            row.staff_user_id = target.id
            session.add(row)
            busy.append((row.starts_at, row.ends_at))
            moved += 1
            if item.kind == "class_session":
                session.exec(update(Booking).where(col(Booking.session_id) == row.id, col(Booking.staff_user_id) == source.id)
                             .values(staff_user_id=target.id))
    log_action(session, actor=actor, action="team.work_reassigned", organization_id=actor.organization_id,
               data={"from": source.id, "to": target.id, "count": moved, "left": len(left)})
    return Handover(moved, left)


@user_input
def set_notify(session: Session, *, actor: Actor,
               notify: Annotated[str, Choice(NOTIFY, message="Choose who gets the notifications.", field="notify")],
               team_email: Email = "") -> Organization:
    """Where the provider's notification emails go: the staff member assigned to each
    booking, or one team address."""
    _require_owner(actor)
    address = None
    if notify == "team" or (team_email or "").strip():
        address = accounts.normalize_email(team_email, field="team_email")
    org = session.get(Organization, actor.organization_id, with_for_update=True)
    log_action(session, actor=actor, action="team.notify_changed", organization_id=org.id,
               data={"from": org.notify, "to": notify, "team_email": address})
    org.notify = notify
    org.team_email = address
    session.add(org)
    return org
