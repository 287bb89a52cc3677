"""The team (issue 19): invitations by one-time link, roles, deactivation with the handover
of future work, and provider emails going to the person concerned."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bookingapp.domain.errors import PermissionDenied, SignInFailed, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    ActivityLog,
    Booking,
    ClassSession,
    OutboxEmail,
    ServiceStaff,
    StaffInvitation,
    StaffUser,
    TimeOff,
)
from bookingapp.services import (
    accounts,
    class_schedule,
    customers,
    manage_booking,
    manage_links,
    payments,
    rebooking,
    requests,
    team,
    template_editor,
)
from bookingapp.services.accounts import actor_for
from bookingapp.services.actors import Actor
from bookingapp.services.booking_common import provider_email
from bookingapp.services.team import (
    InvitationExpired,
    InvitationRevoked,
    InvitationUnknown,
    InvitationUsed,
)
from tests import factories
from tests.service.class_fixtures import class_service, class_session

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
PASSWORD = "a-long-enough-password"
VISA = CardInput("4242424242424242", 12, 2031, "123")


@pytest.fixture
def org(session: Session):
    return factories.organization(session, "studio", name="Studio Lindenhof")


@pytest.fixture
def owner(session: Session, org) -> StaffUser:
    return factories.staff(session, org, "owner@studio.example.com", name="Olga Owner")


def _actor(user: StaffUser) -> Actor:
    return actor_for(user)


def _invitation_link(session: Session, to: str) -> str:
    email = session.exec(select(OutboxEmail).where(OutboxEmail.to_email == to, OutboxEmail.template_key == "staff_invitation")
                         .order_by(OutboxEmail.id.desc())).first()
    assert email is not None, f"no invitation email to {to}"
    return re.search(r"https?://\S+/join/\S+", email.text).group(0)


def _token(link: str) -> str:
    return link.rsplit("/join/", 1)[1]


def _member(session: Session, org, owner, email: str = "sam@studio.example.com", role: str = "staff") -> StaffUser:
    team.invite(session, actor=_actor(owner), email=email, name="Sam Staff", role=role, now=NOW)
    return team.accept_invitation(session, token=_token(_invitation_link(session, email)), name="Sam Staff",
                                  password=PASSWORD, now=NOW)


# --- invitations -----------------------------------------------------------------------


def test_invite_queues_an_email_whose_link_lets_the_member_join_with_the_invited_role(session, org, owner):
    invitation = team.invite(session, actor=_actor(owner), email=" Sam@Studio.Example.com ", name="Sam", role="staff", now=NOW)

    assert invitation.email == "sam@studio.example.com"
    assert invitation.expires_at == NOW + timedelta(days=7)
    link = _invitation_link(session, "sam@studio.example.com")
    assert link.startswith("http") and "/join/" in link
    assert _token(link) not in invitation.token_hash  # only the hash is kept
    email = session.exec(select(OutboxEmail).where(OutboxEmail.template_key == "staff_invitation")).one()
    assert "Olga Owner" in email.text and "Studio Lindenhof" in email.subject

    view = team.invitation_for_token(session, token=_token(link), now=NOW)
    assert (view.organization_name, view.email, view.name) == ("Studio Lindenhof", "sam@studio.example.com", "Sam")

    user = team.accept_invitation(session, token=_token(link), name="Sam Staff", password=PASSWORD, now=NOW + timedelta(hours=1))
    assert (user.organization_id, user.role, user.name, user.active) == (org.id, "staff", "Sam Staff", True)
    session.refresh(invitation)
    assert invitation.used_at is not None and invitation.staff_user_id == user.id
    # The new member signs in with the password they chose.
    assert accounts.sign_in(session, email="sam@studio.example.com", password=PASSWORD).id == user.id


def test_the_email_template_is_editable_like_the_others(session, org, owner):
    kinds = {kind.key for kind in template_editor.email_kinds()}
    assert {"staff_invitation", "staff_action_done"} <= kinds
    template_editor.save_template(session, actor=_actor(owner), key="staff_invitation", locale="de",
                                  subject="Willkommen bei [ORGANIZATION_NAME]", body="Hier entlang: [INVITATION_URL]")
    org.locale = "de"
    team.invite(session, actor=_actor(owner), email="kim@studio.example.com", name="Kim", now=NOW)
    email = session.exec(select(OutboxEmail).where(OutboxEmail.to_email == "kim@studio.example.com")).one()
    assert email.subject == "Willkommen bei Studio Lindenhof" and "/join/" in email.text


def test_an_invitation_link_works_once(session, org, owner):
    team.invite(session, actor=_actor(owner), email="sam@studio.example.com", name="Sam", now=NOW)
    token = _token(_invitation_link(session, "sam@studio.example.com"))
    team.accept_invitation(session, token=token, name="Sam", password=PASSWORD, now=NOW)

    with pytest.raises(InvitationUsed):
        team.accept_invitation(session, token=token, name="Someone else", password=PASSWORD, now=NOW)
    assert len(session.exec(select(StaffUser).where(StaffUser.email == "sam@studio.example.com")).all()) == 1


def test_an_expired_revoked_or_unknown_invitation_writes_nothing(session, org, owner):
    invitation = team.invite(session, actor=_actor(owner), email="sam@studio.example.com", name="Sam", now=NOW)
    token = _token(_invitation_link(session, "sam@studio.example.com"))
    users_before = len(session.exec(select(StaffUser)).all())

    with pytest.raises(InvitationExpired):
        team.accept_invitation(session, token=token, name="Sam", password=PASSWORD, now=NOW + timedelta(days=7, seconds=1))
    with pytest.raises(InvitationUnknown):
        team.accept_invitation(session, token="not-a-token", name="Sam", password=PASSWORD, now=NOW)
    with pytest.raises(InvitationUnknown):
        team.invitation_for_token(session, token="<script>", now=NOW)
    team.revoke_invitation(session, actor=_actor(owner), invitation_id=invitation.id, now=NOW)
    with pytest.raises(InvitationRevoked):
        team.accept_invitation(session, token=token, name="Sam", password=PASSWORD, now=NOW)

    assert len(session.exec(select(StaffUser)).all()) == users_before
    session.refresh(invitation)
    assert invitation.used_at is None


def test_a_weak_password_or_empty_name_is_refused_and_the_link_stays_usable(session, org, owner):
    team.invite(session, actor=_actor(owner), email="sam@studio.example.com", name="Sam", now=NOW)
    token = _token(_invitation_link(session, "sam@studio.example.com"))

    with pytest.raises(ValidationFailed) as short:
        team.accept_invitation(session, token=token, name="Sam", password="short", now=NOW)
    assert short.value.field == "password"
    with pytest.raises(ValidationFailed) as nameless:
        team.accept_invitation(session, token=token, name="  ", password=PASSWORD, now=NOW)
    assert nameless.value.field == "name"
    assert team.accept_invitation(session, token=token, name="Sam", password=PASSWORD, now=NOW).email == "sam@studio.example.com"


def test_inviting_an_existing_member_of_any_business_or_a_bad_email_is_refused(session, org, owner):
    other = factories.organization(session, "elsewhere")
    factories.staff(session, other, "taken@elsewhere.example.com")

    for address in ("owner@studio.example.com", "TAKEN@elsewhere.example.com"):
        with pytest.raises(ValidationFailed, match="already has an account") as refused:
            team.invite(session, actor=_actor(owner), email=address, name="X", now=NOW)
        assert refused.value.field == "email"
    with pytest.raises(ValidationFailed) as bad:
        team.invite(session, actor=_actor(owner), email="not an email", name="X", now=NOW)
    assert bad.value.field == "email"
    with pytest.raises(ValidationFailed):
        team.invite(session, actor=_actor(owner), email="ok@studio.example.com", name="X", role="admin", now=NOW)
    assert session.exec(select(StaffInvitation)).all() == []
    assert session.exec(select(OutboxEmail)).all() == []


def test_inviting_the_same_address_again_replaces_the_open_invitation(session, org, owner):
    first = team.invite(session, actor=_actor(owner), email="sam@studio.example.com", name="Sam", now=NOW)
    old_token = _token(_invitation_link(session, "sam@studio.example.com"))
    second = team.invite(session, actor=_actor(owner), email="sam@studio.example.com", name="Sam", role="owner",
                         now=NOW + timedelta(minutes=5))
    new_token = _token(_invitation_link(session, "sam@studio.example.com"))

    session.refresh(first)
    assert first.revoked_at is not None and second.revoked_at is None
    with pytest.raises(InvitationRevoked):
        team.accept_invitation(session, token=old_token, name="Sam", password=PASSWORD, now=NOW + timedelta(minutes=6))
    assert team.accept_invitation(session, token=new_token, name="Sam", password=PASSWORD, now=NOW).role == "owner"


def test_resending_gives_a_new_link_and_a_new_week(session, org, owner):
    invitation = team.invite(session, actor=_actor(owner), email="sam@studio.example.com", name="Sam", now=NOW)
    old_token = _token(_invitation_link(session, "sam@studio.example.com"))
    later = NOW + timedelta(days=6)
    team.resend_invitation(session, actor=_actor(owner), invitation_id=invitation.id, now=later)
    new_token = _token(_invitation_link(session, "sam@studio.example.com"))

    assert new_token != old_token
    assert invitation.expires_at == later + timedelta(days=7)
    with pytest.raises(InvitationUnknown):
        team.invitation_for_token(session, token=old_token, now=later)
    assert team.invitation_for_token(session, token=new_token, now=later + timedelta(days=3)).email == "sam@studio.example.com"


def test_members_lists_people_and_open_invitations(session, org, owner):
    sam = _member(session, org, owner)
    team.invite(session, actor=_actor(owner), email="kim@studio.example.com", name="Kim", now=NOW)
    view = team.members(session, actor=_actor(owner), now=NOW)

    assert [(m.name, m.role, m.active, m.is_you) for m in view.members] == [
        ("Olga Owner", "owner", True, True), ("Sam Staff", "staff", True, False)]
    assert [(i.email, i.expired) for i in view.invitations] == [("kim@studio.example.com", False)]
    assert sam.id in {m.id for m in view.members}


# --- roles -------------------------------------------------------------------------------


def test_staff_cannot_change_the_team_templates_or_business_settings(session, org, owner):
    staff = _actor(_member(session, org, owner))
    invitation = team.invite(session, actor=_actor(owner), email="kim@studio.example.com", name="Kim", now=NOW)
    owner_only = [
        lambda: team.invite(session, actor=staff, email="x@studio.example.com", name="X", now=NOW),
        lambda: team.resend_invitation(session, actor=staff, invitation_id=invitation.id, now=NOW),
        lambda: team.revoke_invitation(session, actor=staff, invitation_id=invitation.id, now=NOW),
        lambda: team.members(session, actor=staff),
        lambda: team.set_role(session, actor=staff, staff_user_id=staff.id, role="owner"),
        lambda: team.deactivate_member(session, actor=staff, staff_user_id=owner.id, now=NOW),
        lambda: team.reactivate_member(session, actor=staff, staff_user_id=owner.id),
        lambda: team.future_work(session, actor=staff, staff_user_id=owner.id, now=NOW),
        lambda: team.reassign_bookings(session, actor=staff, from_staff_id=owner.id, to_staff_id=staff.id, now=NOW),
        lambda: team.set_notify(session, actor=staff, notify="team", team_email="team@studio.example.com"),
        lambda: template_editor.save_template(session, actor=staff, key="booking_confirmed", locale="en", subject="S",
                                              body="B [BOOKING_CONTROL_URL]"),
        lambda: template_editor.reset_template(session, actor=staff, key="booking_confirmed", locale="en"),
        lambda: template_editor.send_test(session, actor=staff, key="booking_confirmed", locale="en", subject="S", body="B"),
        lambda: customers.set_customer_accounts(session, actor=staff, policy="password"),
        lambda: class_schedule.set_allow_recurring(session, actor=staff, allowed=True),
    ]
    logged = len(session.exec(select(ActivityLog)).all())
    for call in owner_only:
        with pytest.raises(PermissionDenied):
            call()
    assert len(session.exec(select(ActivityLog)).all()) == logged
    # Reading templates stays open to staff.
    assert template_editor.list_templates(session, actor=staff)


def test_roles_change_but_the_last_active_owner_stays(session, org, owner):
    sam = _member(session, org, owner)
    me = _actor(owner)

    with pytest.raises(ValidationFailed, match="at least one active owner"):
        team.set_role(session, actor=me, staff_user_id=owner.id, role="staff")
    with pytest.raises(ValidationFailed, match="at least one active owner"):
        team.deactivate_member(session, actor=me, staff_user_id=owner.id, now=NOW)
    assert (owner.role, owner.active) == ("owner", True)

    team.set_role(session, actor=me, staff_user_id=sam.id, role="owner")
    team.set_role(session, actor=me, staff_user_id=owner.id, role="staff")
    assert (sam.role, owner.role) == ("owner", "staff")


# --- deactivation and handover -----------------------------------------------------------


def test_deactivating_lists_future_work_and_reassigning_moves_only_that(session, org, owner):
    sam = _member(session, org, owner)
    kim = _member(session, org, owner, "kim@studio.example.com")
    service = factories.request_service(session, org)
    future = factories.booking(session, org, service=service, status="confirmed", staff_user_id=sam.id, starts_at=NOW + timedelta(days=2))
    past = factories.booking(session, org, service=service, status="completed", staff_user_id=sam.id, starts_at=NOW - timedelta(days=2))
    cancelled = factories.booking(session, org, service=service, status="cancelled", staff_user_id=sam.id,
                                  starts_at=NOW + timedelta(days=3))
    yoga = class_service(session, org)
    taught = class_session(session, yoga, starts_at=NOW + timedelta(days=4))
    taught.staff_user_id = sam.id
    session.add(taught)
    session.flush()
    before = (future.starts_at, future.status, future.price_minor, future.reference)

    work = team.deactivate_member(session, actor=_actor(owner), staff_user_id=sam.id, now=NOW)

    assert [(w.kind, w.id) for w in work] == [("booking", future.id), ("class_session", taught.id)]
    assert sam.active is False
    assert sam.id not in {u.id for u in class_schedule.staff_members(session, actor=_actor(owner))}
    with pytest.raises(ValidationFailed, match="deactivated"):
        team.reassign_bookings(session, actor=_actor(owner), from_staff_id=kim.id, to_staff_id=sam.id, now=NOW)
    with pytest.raises(ValidationFailed):
        team.reassign_bookings(session, actor=_actor(owner), from_staff_id=sam.id, to_staff_id=sam.id, now=NOW)

    handover = team.reassign_bookings(session, actor=_actor(owner), from_staff_id=sam.id, to_staff_id=kim.id, now=NOW)

    assert (handover.moved, handover.left) == (2, [])
    assert session.get(Booking, future.id).staff_user_id == kim.id
    assert (future.starts_at, future.status, future.price_minor, future.reference) == before
    assert session.get(ClassSession, taught.id).staff_user_id == kim.id
    assert session.get(Booking, past.id).staff_user_id == sam.id
    assert session.get(Booking, cancelled.id).staff_user_id == sam.id
    assert team.future_work(session, actor=_actor(owner), staff_user_id=sam.id, now=NOW) == []


def test_a_handover_moves_only_what_the_new_member_gives_and_has_time_for(session, org, owner):
    sam = _member(session, org, owner)
    kim = _member(session, org, owner, "kim@studio.example.com")
    massage = factories.appointment_service(session, org, staff=sam, name="Massage", slug="massage")
    coaching = factories.appointment_service(session, org, staff=sam, name="Coaching", slug="coaching")
    session.add(ServiceStaff(service_id=massage.id, staff_user_id=kim.id, organization_id=org.id))
    day = NOW + timedelta(days=2)
    free = factories.booking(session, org, service=massage, status="confirmed", staff_user_id=sam.id,
                             starts_at=day, ends_at=day + timedelta(hours=1))
    clash = factories.booking(session, org, service=massage, status="confirmed", staff_user_id=sam.id,
                              starts_at=day + timedelta(hours=3), ends_at=day + timedelta(hours=4))
    kims_own = factories.booking(session, org, service=massage, status="confirmed", staff_user_id=kim.id,
                                 starts_at=day + timedelta(hours=3, minutes=30), ends_at=day + timedelta(hours=4, minutes=30))
    not_given = factories.booking(session, org, service=coaching, status="confirmed", staff_user_id=sam.id,
                                  starts_at=day + timedelta(hours=6), ends_at=day + timedelta(hours=7))
    # Two of Sam's bookings at the same hour cannot both become Kim's.
    twin_a = factories.booking(session, org, service=massage, status="confirmed", staff_user_id=sam.id,
                               starts_at=day + timedelta(days=1), ends_at=day + timedelta(days=1, hours=1))
    twin_b = factories.booking(session, org, service=massage, status="confirmed", staff_user_id=sam.id,
                               starts_at=day + timedelta(days=1), ends_at=day + timedelta(days=1, hours=1))
    yoga = class_service(session, org)
    taught = class_session(session, yoga, starts_at=day + timedelta(days=3))
    taught.staff_user_id = sam.id
    seat = factories.booking(session, org, service=yoga, status="confirmed", staff_user_id=sam.id, session_id=taught.id,
                             starts_at=taught.starts_at, ends_at=taught.ends_at)
    off = TimeOff(organization_id=org.id, staff_user_id=kim.id, starts_at=day + timedelta(days=5), ends_at=day + timedelta(days=6))
    session.add_all([taught, off])
    on_leave = factories.booking(session, org, service=massage, status="confirmed", staff_user_id=sam.id,
                                 starts_at=day + timedelta(days=5, hours=2), ends_at=day + timedelta(days=5, hours=3))
    session.flush()

    handover = team.reassign_bookings(session, actor=_actor(owner), from_staff_id=sam.id, to_staff_id=kim.id, now=NOW)

    owner_of = {b.id: session.get(Booking, b.id).staff_user_id for b in (free, clash, kims_own, not_given, twin_a, twin_b, seat, on_leave)}
    assert owner_of == {free.id: kim.id, clash.id: sam.id, kims_own.id: kim.id, not_given.id: sam.id,
                        twin_a.id: kim.id, twin_b.id: sam.id, seat.id: kim.id, on_leave.id: sam.id}
    assert session.get(ClassSession, taught.id).staff_user_id == kim.id  # a class nobody is named for is anyone's
    assert handover.moved == 3
    assert [(w.id, w.reason) for w in handover.left] == [
        (clash.id, "busy"), (not_given.id, "not_given"), (twin_b.id, "busy"), (on_leave.id, "busy")]
    # What stayed is still Sam's future work, for a rebooking or another member.
    assert {w.id for w in team.future_work(session, actor=_actor(owner), staff_user_id=sam.id, now=NOW)} == {
        clash.id, not_given.id, twin_b.id, on_leave.id}


def test_a_member_who_stops_being_an_owner_takes_their_open_invitations_with_them(session, org, owner):
    olga, sam = _actor(owner), _member(session, org, owner, role="owner")
    team.invite(session, actor=_actor(sam), email="lee@studio.example.com", name="Lee", now=NOW)
    lee_link = _token(_invitation_link(session, "lee@studio.example.com"))
    # Sam's link stops working the moment Sam is no longer an active owner, even before the revocation is written.
    sam.role = "staff"
    session.flush()
    with pytest.raises(InvitationRevoked):
        team.invitation_for_token(session, token=lee_link, now=NOW)
    sam.role = "owner"
    session.flush()

    team.set_role(session, actor=olga, staff_user_id=sam.id, role="staff", now=NOW)

    with pytest.raises(InvitationRevoked):
        team.accept_invitation(session, token=lee_link, name="Lee", password=PASSWORD, now=NOW)
    assert team.members(session, actor=olga, now=NOW).invitations == []
    team.set_role(session, actor=olga, staff_user_id=sam.id, role="owner", now=NOW)
    team.invite(session, actor=_actor(sam), email="max@studio.example.com", name="Max", now=NOW)
    max_link = _token(_invitation_link(session, "max@studio.example.com"))
    team.deactivate_member(session, actor=olga, staff_user_id=sam.id, now=NOW)
    team.reactivate_member(session, actor=olga, staff_user_id=sam.id)  # coming back does not revive the link
    with pytest.raises(InvitationRevoked):
        team.accept_invitation(session, token=max_link, name="Max", password=PASSWORD, now=NOW)
    assert session.exec(select(StaffUser).where(StaffUser.email.in_(["lee@studio.example.com", "max@studio.example.com"]))).all() == []


def test_a_deactivated_member_cannot_sign_in_and_their_session_ends(session, org, owner):
    sam = _member(session, org, owner)
    cookie = accounts.session_token(sam)
    assert accounts.staff_from_token(session, cookie).id == sam.id

    team.deactivate_member(session, actor=_actor(owner), staff_user_id=sam.id, now=NOW)

    assert accounts.staff_from_token(session, cookie) is None
    with pytest.raises(accounts.AccountDeactivated):
        accounts.sign_in(session, email="sam@studio.example.com", password=PASSWORD)
    with pytest.raises(SignInFailed):  # a wrong password learns nothing about the account
        accounts.sign_in(session, email="sam@studio.example.com", password="wrong-password-here")

    team.reactivate_member(session, actor=_actor(owner), staff_user_id=sam.id)
    assert accounts.sign_in(session, email="sam@studio.example.com", password=PASSWORD).id == sam.id


# --- who gets the provider's emails ------------------------------------------------------


def test_notifications_go_to_the_assigned_member_or_the_team_address(session, org, owner):
    sam = _member(session, org, owner)
    kim = _member(session, org, owner, "kim@studio.example.com")
    service = factories.request_service(session, org, staff_user_id=kim.id)
    booking = factories.booking(session, org, service=service, staff_user_id=sam.id)
    unassigned = factories.booking(session, org, service=service)

    assert provider_email(session, org, service, booking) == "sam@studio.example.com"
    assert provider_email(session, org, service, unassigned) == "kim@studio.example.com"
    team.deactivate_member(session, actor=_actor(owner), staff_user_id=sam.id, now=NOW)
    assert provider_email(session, org, service, booking) == "kim@studio.example.com"

    with pytest.raises(ValidationFailed) as missing:
        team.set_notify(session, actor=_actor(owner), notify="team", team_email="")
    assert missing.value.field == "team_email" and org.notify == "assigned"
    team.set_notify(session, actor=_actor(owner), notify="team", team_email="Team@Studio.example.com")
    assert provider_email(session, org, service, booking) == "team@studio.example.com"


def test_a_customer_cancellation_is_emailed_to_the_assigned_member(session, org, owner, gateway):
    sam = _member(session, org, owner)
    service = factories.request_service(session, org, prepayment="none", staff_user_id=owner.id)
    booking = factories.booking(session, org, service=service, status="confirmed", staff_user_id=sam.id,
                                starts_at=datetime.now(UTC) + timedelta(days=10))
    manage_booking.cancel(session, token=manage_links.token_of(booking), gateway=gateway)

    sent = session.exec(select(OutboxEmail).where(OutboxEmail.template_key == "booking_cancelled_provider")).one()
    assert sent.to_email == "sam@studio.example.com"


def test_the_member_who_cancels_gets_you_cancelled_and_the_one_who_rejects_gets_their_record(session, org, owner, gateway):
    sam = _member(session, org, owner)
    kim = _member(session, org, owner, "kim@studio.example.com")
    service = factories.request_service(session, org, staff_user_id=kim.id)
    confirmed = factories.booking(session, org, service=service, status="confirmed", staff_user_id=kim.id,
                                  starts_at=NOW + timedelta(days=5))

    rebooking.cancel_by_provider(session, actor=_actor(sam), booking_id=confirmed.id, reason="Room flooded",
                                 quoted_refunded_minor=0, gateway=gateway, now=NOW)

    record = session.exec(select(OutboxEmail).where(OutboxEmail.template_key == "provider_cancelled_provider")).one()
    assert record.to_email == "sam@studio.example.com"
    assert record.subject.startswith("You cancelled booking")

    request = factories.booking(session, org, service=service, staff_user_id=kim.id, starts_at=NOW + timedelta(days=6))
    payments.authorize_hold(session, actor=Actor.system(org.id), booking=request, card=VISA, gateway=gateway)
    requests.reject_request(session, actor=_actor(sam), booking_id=request.id, reason="fully_booked", gateway=gateway, now=NOW)

    done = session.exec(select(OutboxEmail).where(OutboxEmail.template_key == "staff_action_done")).one()
    assert done.to_email == "sam@studio.example.com"
    assert "You rejected the request" in done.subject and "Sam Staff" in done.text
