"""Cross-organization probes for the team (issue 19): Beta's owner aims each team action
at Alpha's members and invitations (merged into test_cross_organization.PROBES)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select

from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.models import StaffInvitation, StaffUser, utcnow
from bookingapp.services import booking_common, team


def _alpha_owner_id(s: Session) -> int:
    return s.exec(select(StaffUser.id).where(StaffUser.email == "owner@alpha.test")).one()


def _alpha_invitation_id(s: Session, a) -> int:
    """An open invitation of Alpha's, added in the probe's own transaction: the refusal
    rolls it back with everything else, and a leak would commit it and show up."""
    row = StaffInvitation(organization_id=a.org_id, email="new@alpha.test", name="Alpha Invitee", role="staff",
                          token_hash="alpha-probe", expires_at=utcnow() + timedelta(days=7))
    s.add(row)
    s.flush()
    return row.id


PROBES = {
    "booking_common.acting_staff_email": (lambda s, a, b, g: booking_common.acting_staff_email(s, b.actor), False),
    "team.members": (lambda s, a, b, g: team.members(s, actor=b.actor), False),
    "team.invite": (lambda s, a, b, g: team.invite(s, actor=b.actor, email="new-member@beta.example.com", name="Beta New"), False),
    # Staff emails are one account across all businesses: Alpha's member cannot be invited.
    "team.invite#alpha-member": (lambda s, a, b, g: team.invite(
        s, actor=b.actor, email="owner@alpha.test", name="Someone"), ValidationFailed),
    "team.resend_invitation": (lambda s, a, b, g: team.resend_invitation(
        s, actor=b.actor, invitation_id=_alpha_invitation_id(s, a)), NotFound),
    "team.revoke_invitation": (lambda s, a, b, g: team.revoke_invitation(
        s, actor=b.actor, invitation_id=_alpha_invitation_id(s, a)), NotFound),
    "team.set_role": (lambda s, a, b, g: team.set_role(
        s, actor=b.actor, staff_user_id=_alpha_owner_id(s), role="staff"), NotFound),
    "team.future_work": (lambda s, a, b, g: team.future_work(s, actor=b.actor, staff_user_id=_alpha_owner_id(s)), NotFound),
    "team.deactivate_member": (lambda s, a, b, g: team.deactivate_member(
        s, actor=b.actor, staff_user_id=_alpha_owner_id(s)), NotFound),
    "team.reactivate_member": (lambda s, a, b, g: team.reactivate_member(
        s, actor=b.actor, staff_user_id=_alpha_owner_id(s)), NotFound),
    "team.reassign_bookings": (lambda s, a, b, g: team.reassign_bookings(
        s, actor=b.actor, from_staff_id=_alpha_owner_id(s), to_staff_id=b.actor.id), NotFound),
    "team.reassign_bookings#to-alpha": (lambda s, a, b, g: team.reassign_bookings(
        s, actor=b.actor, from_staff_id=b.actor.id, to_staff_id=_alpha_owner_id(s)), NotFound),
    "team.set_notify": (lambda s, a, b, g: team.set_notify(
        s, actor=b.actor, notify="team", team_email="team@beta.example.com"), False),
}
