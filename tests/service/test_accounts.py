"""Provider accounts: sign up, sign in with throttling, session tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from itsdangerous import URLSafeTimedSerializer
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlmodel import Session, func, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import SignInFailed, TooManyAttempts, ValidationFailed
from bookingapp.models import ActivityLog, Organization, SignInThrottle, StaffUser, utcnow
from bookingapp.services import accounts
from bookingapp.services.accounts import (
    session_token,
    sign_in,
    sign_out_everywhere,
    sign_up,
    staff_from_token,
)
from bookingapp.settings import get_settings

PASSWORD = "correct-horse-battery"
REAL_PASSWORDS = accounts.PASSWORDS
CHEAP_ARGON2 = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    # Same algorithm, a fraction of the cost: these tests sign in dozens of times.
    monkeypatch.setattr(accounts, "PASSWORDS", CHEAP_ARGON2)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", CHEAP_ARGON2.hash("not-a-real-password"))


def test_passwords_are_hashed_with_argon2id_at_the_recommended_cost():
    hashed = REAL_PASSWORDS.hash(PASSWORD)

    assert hashed.startswith("$argon2id$") and "m=65536" in hashed
    assert REAL_PASSWORDS.verify(PASSWORD, hashed)
    assert not REAL_PASSWORDS.verify("wrong-password", hashed)


def _sign_up(session: Session, **kw) -> StaffUser:
    fields = dict(organization_name="Studio Lindenhof", name="Sam Provider", email="sam@example.com", password=PASSWORD)
    fields.update(kw)
    return sign_up(session, **fields)


def _count(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


@pytest.fixture
def owner(engine) -> StaffUser:
    with unit_of_work(engine) as session:
        return _sign_up(session)


def test_sign_up_creates_organization_and_owner_with_an_argon2_hash(session):
    user = _sign_up(session, email="  Sam@Example.com ")
    session.commit()

    org = session.get(Organization, user.organization_id)
    assert (org.name, org.slug, org.reply_to_email) == ("Studio Lindenhof", "studio-lindenhof", "sam@example.com")
    assert (user.email, user.name, user.role) == ("sam@example.com", "Sam Provider", "owner")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert accounts.PASSWORDS.verify(PASSWORD, user.password_hash)
    actions = set(session.exec(select(ActivityLog.action).where(ActivityLog.organization_id == org.id)))
    assert actions == {"organization.created", "staff.signed_up"}


def test_duplicate_business_names_get_unique_slugs(session):
    first = _sign_up(session, email="a@example.com")
    second = _sign_up(session, email="b@example.com")
    third = _sign_up(session, organization_name="Studio  Lindenhof!", email="c@example.com")

    slugs = [session.get(Organization, u.organization_id).slug for u in (first, second, third)]
    assert slugs == ["studio-lindenhof", "studio-lindenhof-2", "studio-lindenhof-3"]


def test_non_ascii_business_names_get_readable_slugs(session):
    user = _sign_up(session, organization_name="Café Müller")

    assert session.get(Organization, user.organization_id).slug == "cafe-muller"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"organization_name": "   "}, "organization_name"),
        ({"organization_name": "x" * 121}, "organization_name"),
        ({"name": ""}, "name"),
        ({"name": "y" * 121}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"email": ""}, "email"),
        ({"password": "short"}, "password"),
        ({"password": "p" * 129}, "password"),
    ],
)
def test_bad_sign_up_input_names_the_field_and_writes_nothing(engine, change, field):
    with pytest.raises(ValidationFailed) as caught, unit_of_work(engine) as session:
        _sign_up(session, **change)

    assert caught.value.field == field
    with Session(engine) as session:
        assert _count(session, Organization) == _count(session, StaffUser) == _count(session, ActivityLog) == 0


def test_names_of_exactly_120_characters_are_accepted(session):
    user = _sign_up(session, organization_name="x" * 120, name="y" * 120)

    assert len(user.name) == 120


def test_sign_up_with_an_email_already_used_is_refused_and_writes_nothing(engine, owner):
    with pytest.raises(ValidationFailed) as caught, unit_of_work(engine) as session:
        _sign_up(session, organization_name="Another studio", email="SAM@example.com")

    assert caught.value.field == "email"
    assert "already exists" in str(caught.value)
    with Session(engine) as session:
        assert _count(session, Organization) == _count(session, StaffUser) == 1


def test_a_sign_up_that_loses_a_race_for_its_address_gets_a_message_not_a_server_error(engine, owner, monkeypatch):
    """Two sign-ups with one business name at once (PostgreSQL lets both pass the check):
    the second one's insert hits the unique address. Forced here by handing out a taken one."""
    monkeypatch.setattr(accounts, "_unique_slug", lambda session, base: "studio-lindenhof")
    with pytest.raises(ValidationFailed) as caught, unit_of_work(engine) as session:
        _sign_up(session, email="late@example.com")

    assert "a moment ago" in caught.value.msgid
    with Session(engine) as session:
        assert _count(session, Organization) == _count(session, StaffUser) == 1


def test_sign_in_with_the_right_password_returns_the_user(engine, owner):
    with unit_of_work(engine) as session:
        user = sign_in(session, email=" Sam@Example.com ", password=PASSWORD)

    assert user.id == owner.id


def test_sign_in_with_unknown_email_and_wrong_password_fail_alike(engine, owner):
    with pytest.raises(SignInFailed) as unknown, unit_of_work(engine) as session:
        sign_in(session, email="nobody@example.com", password=PASSWORD)
    with pytest.raises(SignInFailed) as wrong, unit_of_work(engine) as session:
        sign_in(session, email="sam@example.com", password="wrong-password")

    assert str(unknown.value) == str(wrong.value) == "Email or password is wrong."


def _fail(engine, now, email="sam@example.com", password="wrong-password"):
    with unit_of_work(engine) as session:
        return sign_in(session, email=email, password=password, now=now)


def test_failure_counter_is_committed_although_sign_in_raises(engine, owner):
    now = utcnow()
    with pytest.raises(SignInFailed):
        _fail(engine, now)

    with Session(engine) as session:
        throttle = session.get(SignInThrottle, "sam@example.com")
        assert throttle is not None and throttle.failures == 1


def test_five_failures_lock_the_address_even_for_the_right_password(engine, owner):
    now = utcnow()
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(SignInFailed):
            _fail(engine, now)

    with pytest.raises(TooManyAttempts) as caught:
        _fail(engine, now, password=PASSWORD)
    assert "Try again in 30 seconds" in str(caught.value)


def test_four_failures_do_not_lock(engine, owner):
    now = utcnow()
    for _ in range(accounts.FREE_FAILURES - 1):
        with pytest.raises(SignInFailed):
            _fail(engine, now)

    assert _fail(engine, now, password=PASSWORD).id == owner.id


def test_unknown_addresses_are_locked_too(engine):
    now = utcnow()
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(SignInFailed):
            _fail(engine, now, email="ghost@example.com")

    with pytest.raises(TooManyAttempts):
        _fail(engine, now, email="ghost@example.com")


def test_lock_lifts_after_time_passes(engine, owner):
    now = utcnow()
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(SignInFailed):
            _fail(engine, now)

    with pytest.raises(TooManyAttempts):
        _fail(engine, now + timedelta(seconds=29), password=PASSWORD)
    assert _fail(engine, now + timedelta(seconds=31), password=PASSWORD).id == owner.id


def test_a_failure_after_the_lock_locks_again_for_longer(engine, owner):
    now = utcnow()
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(SignInFailed):
            _fail(engine, now)
    later = now + timedelta(seconds=31)
    with pytest.raises(SignInFailed):
        _fail(engine, later)

    with pytest.raises(TooManyAttempts, match="Try again in 60 seconds"):
        _fail(engine, later, password=PASSWORD)


def test_a_success_clears_the_failure_counter(engine, owner):
    now = utcnow()
    for _ in range(accounts.FREE_FAILURES - 1):
        with pytest.raises(SignInFailed):
            _fail(engine, now)
    _fail(engine, now, password=PASSWORD)

    with Session(engine) as session:
        assert session.get(SignInThrottle, "sam@example.com") is None
    for _ in range(accounts.FREE_FAILURES - 1):
        with pytest.raises(SignInFailed):
            _fail(engine, now)
    assert _fail(engine, now, password=PASSWORD).id == owner.id


def test_session_token_round_trip(engine, owner):
    token = session_token(owner)

    with Session(engine) as session:
        assert staff_from_token(session, token).id == owner.id


def test_token_signed_with_another_secret_is_refused(engine, owner):
    forged = URLSafeTimedSerializer("another-secret", salt="staff-session").dumps({"uid": owner.id, "v": owner.session_version})
    assert get_settings().secret_key != "another-secret"

    with Session(engine) as session:
        assert staff_from_token(session, forged) is None
        assert staff_from_token(session, "") is None
        assert staff_from_token(session, "garbage") is None


def test_token_is_refused_after_sign_out_everywhere(engine, owner):
    token = session_token(owner)
    with unit_of_work(engine) as session:
        sign_out_everywhere(session, actor=accounts.actor_for(owner))

    with Session(engine) as session:
        assert staff_from_token(session, token) is None
        fresh = session_token(session.get(StaffUser, owner.id))
        assert staff_from_token(session, fresh).id == owner.id
