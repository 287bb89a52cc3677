"""Customer sign-in: one-time email links, passwords where required, the session cookie,
and the Bookings tab's upcoming and past bookings."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from itsdangerous import URLSafeTimedSerializer
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlmodel import Session, select

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.domain.errors import SignInFailed, TooManyAttempts, ValidationFailed
from bookingapp.models import ActivityLog, Customer, CustomerSignInLink, OutboxEmail
from bookingapp.services import accounts, customer_accounts, manage_links
from bookingapp.services.customer_accounts import (
    CustomerAccountsOff,
    PasswordsNotUsed,
    SignInLinkInvalid,
    bookings_of,
    customer_from_cookie,
    request_sign_in_link,
    session_cookie,
    set_password,
    sign_in_with_link,
    sign_in_with_password,
    sign_out_everywhere,
    signed_in_customer,
)
from bookingapp.settings import get_settings
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"
SAME_MESSAGE = "This sign-in link is invalid or has expired. Ask for a new one."


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    # Same algorithm, a fraction of the cost: these tests sign in many times.
    cheap = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    monkeypatch.setattr(accounts, "PASSWORDS", cheap)
    monkeypatch.setattr(accounts, "_DUMMY_HASH", cheap.hash("not-a-real-password"))


@pytest.fixture
def world(session):
    org = factories.organization(session, "studio", name="Studio Lindenhof")
    alex = factories.customer(session, org, "alex@example.com", name="Alex Example")
    session.commit()
    return org, alex


# Reads open their own short session: on SQLite every transaction takes the write lock
# (BEGIN IMMEDIATE), so a reading session left open would block the next action.
def _links(engine) -> list[CustomerSignInLink]:
    with Session(engine) as session:
        return list(session.exec(select(CustomerSignInLink)))


def _emails(engine) -> list[OutboxEmail]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxEmail).where(OutboxEmail.template_key == "customer_sign_in")))


def _customer(engine, customer_id) -> Customer:
    with Session(engine) as session:
        return session.get(Customer, customer_id)


def _request(engine, email="alex@example.com", slug="studio", now=NOW) -> str | None:
    """Ask for a link; returns the token from the newest email, if one was sent."""
    before = len(_emails(engine))
    with unit_of_work(engine) as session:
        assert request_sign_in_link(session, org_slug=slug, email=email, now=now) is None
    emails = _emails(engine)
    if len(emails) == before:
        return None
    return re.search(r"\?token=([A-Za-z0-9_-]+)", emails[-1].text).group(1)


def _use(engine, token, now=NOW, **kw):
    with unit_of_work(engine) as session:
        return sign_in_with_link(session, token=token, now=now, **kw)


# --- the sign-in link ----------------------------------------------------------------------


def test_a_known_customer_gets_a_link_by_email_and_only_its_hash_is_stored(engine, session, world):
    token = _request(engine)

    email = _emails(engine)[0]
    assert email.to_email == "alex@example.com"
    assert email.subject == "Your sign-in link for Studio Lindenhof"
    assert f"{get_settings().public_base_url}/b/studio/signin?token={token}" in email.text
    assert "works once, within 15 minutes" in email.text and "did not ask" in email.text
    [link] = _links(engine)
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in link.model_dump_json()
    assert link.expires_at == NOW + timedelta(minutes=15) and link.used_at is None
    assert len(token) >= 43  # 32 random bytes, URL-safe
    actions = list(session.exec(select(ActivityLog.action)))
    assert actions == ["customer.sign_in_link_sent"]


def test_an_unknown_email_gets_nothing_and_the_same_answer(engine, session, world):
    assert _request(engine, email="nobody@example.com") is None

    assert _links(engine) == [] and _emails(engine) == []


def test_the_same_email_at_another_organization_is_not_a_customer_here(engine, session, world):
    other = factories.organization(session, "other")
    factories.customer(session, other, "bea@example.com")
    session.commit()

    assert _request(engine, email="bea@example.com") is None
    assert _emails(engine) == []


def test_the_email_is_matched_however_it_is_typed(engine, world):
    assert _request(engine, email="  Alex@Example.COM ") is not None


def test_a_malformed_email_is_a_field_error(engine, world):
    with pytest.raises(ValidationFailed) as caught, unit_of_work(engine) as session:
        request_sign_in_link(session, org_slug="studio", email="not-an-email", now=NOW)
    assert caught.value.field == "email"


def test_at_most_five_links_an_hour_and_the_sixth_request_looks_the_same(engine, session, world):
    tokens = [_request(engine, now=NOW + timedelta(minutes=i)) for i in range(6)]

    assert all(tokens[:5]) and tokens[5] is None
    assert len(_emails(engine)) == len(_links(engine)) == 5
    assert _request(engine, now=NOW + timedelta(minutes=61)) is not None


def test_the_link_signs_in_once_and_verifies_the_email(engine, session, world):
    _, alex = world
    assert not alex.email_verified
    token = _request(engine)

    customer, cookie = _use(engine, token, now=NOW + timedelta(minutes=5))

    assert customer.id == alex.id
    assert _customer(engine, alex.id).email_verified
    assert _links(engine)[0].used_at == NOW + timedelta(minutes=5)
    with Session(engine) as s:
        assert customer_from_cookie(s, cookie).id == alex.id
        actions = set(s.exec(select(ActivityLog.action).where(ActivityLog.customer_id == alex.id)))
    assert {"customer.email_verified", "customer.signed_in"} <= actions

    with pytest.raises(SignInLinkInvalid) as again:
        _use(engine, token, now=NOW + timedelta(minutes=6))
    assert str(again.value) == SAME_MESSAGE


def test_the_link_expires_after_15_minutes(engine, world):
    first, second = _request(engine), _request(engine)

    assert _use(engine, first, now=NOW + timedelta(minutes=14, seconds=59))[0] is not None
    with pytest.raises(SignInLinkInvalid) as expired:
        _use(engine, second, now=NOW + timedelta(minutes=15))
    assert str(expired.value) == SAME_MESSAGE


@pytest.mark.parametrize("token", ["", "no-such-token", "x" * 500])
def test_unknown_tokens_fail_with_the_same_message(engine, world, token):
    _request(engine)

    with pytest.raises(SignInLinkInvalid) as caught:
        _use(engine, token)
    assert str(caught.value) == SAME_MESSAGE


def test_a_link_opened_on_another_organizations_portal_fails_and_stays_unused(engine, session, world):
    factories.organization(session, "other")
    session.commit()
    token = _request(engine)

    with pytest.raises(SignInLinkInvalid):
        _use(engine, token, org_slug="other")
    assert _use(engine, token, org_slug="studio")[0].email == "alex@example.com"


def test_no_sign_in_where_the_organization_has_no_customer_accounts(engine, session):
    org = factories.organization(session, "plain", customer_accounts="none")
    factories.customer(session, org, "alex@example.com")
    session.commit()

    with pytest.raises(CustomerAccountsOff), unit_of_work(engine) as s:
        request_sign_in_link(s, org_slug="plain", email="alex@example.com", now=NOW)
    assert _emails(engine) == []


# --- passwords ---------------------------------------------------------------------------


@pytest.fixture
def password_org(engine, session):
    org = factories.organization(session, "secure", customer_accounts="password")
    pat = factories.customer(session, org, "pat@example.com", name="Pat", email_verified=True)
    factories.customer(session, org, "nopass@example.com", name="No Pass")
    session.commit()
    with unit_of_work(engine) as s:
        set_password(s, customer=pat, password=PASSWORD)
    return org, pat


def _password_sign_in(engine, email="pat@example.com", password=PASSWORD, slug="secure", now=NOW):
    with unit_of_work(engine) as session:
        return sign_in_with_password(session, org_slug=slug, email=email, password=password, now=now)


def test_password_sign_in_where_the_organization_requires_passwords(engine, session, password_org):
    _, pat = password_org

    customer, cookie = _password_sign_in(engine, email=" PAT@example.com ")

    assert customer.id == pat.id
    assert customer_from_cookie(session, cookie).id == pat.id
    stored = _customer(engine, pat.id).password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(("email", "password"), [
    ("pat@example.com", "wrong-password"),
    ("nobody@example.com", PASSWORD),
    ("nopass@example.com", PASSWORD),
    ("nopass@example.com", ""),
])
def test_unknown_email_wrong_password_and_no_password_fail_alike(engine, password_org, email, password):
    with pytest.raises(SignInFailed) as caught:
        _password_sign_in(engine, email=email, password=password)
    assert str(caught.value) == "Email or password is wrong."


def test_repeated_failures_lock_the_address_even_for_the_right_password(engine, password_org):
    for _ in range(accounts.FREE_FAILURES):
        with pytest.raises(SignInFailed):
            _password_sign_in(engine, password="wrong-password")

    with pytest.raises(TooManyAttempts):
        _password_sign_in(engine)
    assert _password_sign_in(engine, now=NOW + timedelta(seconds=31))[0].email == "pat@example.com"


def test_password_sign_in_is_refused_where_passwords_are_not_used(engine, session, world):
    _, alex = world
    alex.password_hash = accounts.PASSWORDS.hash(PASSWORD)
    session.add(alex)
    session.commit()

    with pytest.raises(PasswordsNotUsed):
        _password_sign_in(engine, email="alex@example.com", slug="studio")
    with pytest.raises(PasswordsNotUsed), unit_of_work(engine) as s:
        set_password(s, customer=alex, password=PASSWORD)


def test_a_short_password_is_refused_and_nothing_is_stored(engine, password_org):
    with Session(engine, expire_on_commit=False) as s:
        nopass = s.exec(select(Customer).where(Customer.email == "nopass@example.com")).one()

    with pytest.raises(ValidationFailed) as caught, unit_of_work(engine) as s:
        set_password(s, customer=nopass, password="short")
    assert caught.value.field == "password"
    assert _customer(engine, nopass.id).password_hash is None


def test_replacing_a_password_signs_out_other_devices(engine, session, password_org):
    _, pat = password_org
    _, old_cookie = _password_sign_in(engine)

    with unit_of_work(engine) as s:
        new_cookie = set_password(s, customer=pat, password="another-long-password")

    session.expire_all()  # the fixture's session still holds the rows as they were
    assert customer_from_cookie(session, old_cookie) is None
    assert customer_from_cookie(session, new_cookie).id == pat.id
    session.rollback()
    assert _password_sign_in(engine, password="another-long-password")[0].id == pat.id


# --- the session cookie --------------------------------------------------------------------


def test_a_tampered_or_foreign_cookie_is_refused(session, world):
    _, alex = world
    cookie = session_cookie(alex)
    other_secret = URLSafeTimedSerializer("another-secret", salt="customer-session").dumps({"cid": alex.id, "v": 1})
    staff_salt = URLSafeTimedSerializer(get_settings().secret_key, salt="staff-session").dumps({"cid": alex.id, "v": 1})

    assert customer_from_cookie(session, cookie).id == alex.id
    for bad in ["", "garbage", cookie[:-2] + "xx", other_secret, staff_salt, cookie + "x" * 600]:
        assert customer_from_cookie(session, bad) is None


def test_the_cookie_lasts_30_days(session, world):
    _, alex = world
    with time_machine.travel(NOW, tick=False):
        cookie = session_cookie(alex)
    with time_machine.travel(NOW + timedelta(days=29), tick=False):
        assert customer_from_cookie(session, cookie) is not None
    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        assert customer_from_cookie(session, cookie) is None


def test_sign_out_everywhere_refuses_old_cookies(engine, session, world):
    _, alex = world
    old = session_cookie(alex)

    with unit_of_work(engine) as s:
        sign_out_everywhere(s, customer=alex)

    fresh = session_cookie(_customer(engine, alex.id))
    session.expire_all()  # the fixture's session still holds the rows as they were
    assert customer_from_cookie(session, old) is None
    assert customer_from_cookie(session, fresh).id == alex.id


def test_a_cookie_counts_only_on_its_own_organizations_portal(session, world):
    org, alex = world
    factories.organization(session, "other")
    session.commit()
    cookie = session_cookie(alex)

    assert signed_in_customer(session, org_slug="studio", cookie=cookie)[1].id == alex.id
    assert signed_in_customer(session, org_slug="other", cookie=cookie)[1] is None


# --- the Bookings tab ----------------------------------------------------------------------


def test_bookings_lists_only_this_customers_bookings_split_into_upcoming_and_past(session, world):
    org, alex = world
    service = factories.request_service(session, org)
    mine = dict(customer_row=alex, service=service)
    factories.booking(session, org, **mine, status="confirmed", starts_at=NOW + timedelta(days=9), reference="LATER")
    soon = factories.booking(session, org, **mine, status="requested", starts_at=NOW + timedelta(days=2), reference="SOON")
    factories.booking(session, org, **mine, status="cancelled", starts_at=NOW + timedelta(days=5), reference="CANCELLED")
    factories.booking(session, org, **mine, status="confirmed", starts_at=NOW - timedelta(days=3), reference="DONE")
    factories.booking(session, org, **mine, status="completed", starts_at=NOW - timedelta(days=30), reference="OLDER")
    # Another customer of the same organization, and the same email at another one.
    factories.booking(session, org, customer_row=factories.customer(session, org, "bea@example.com"), service=service,
                      status="confirmed", starts_at=NOW + timedelta(days=1), reference="BEAS")
    other = factories.organization(session, "other")
    factories.booking(session, other, customer_row=factories.customer(session, other, "alex@example.com"),
                      status="confirmed", starts_at=NOW + timedelta(days=1), reference="ELSEWHERE")
    session.commit()

    upcoming, past = bookings_of(session, customer=alex, now=NOW)

    assert [b.reference for b in upcoming] == ["SOON", "LATER"]
    assert [b.reference for b in past] == ["CANCELLED", "DONE", "OLDER"]
    first = upcoming[0]
    assert (first.service_name, first.status, first.price_minor, first.currency) == ("Private tasting", "requested", 12000, "EUR")
    assert first.starts_at == soon.starts_at
    assert first.manage_path == routes.manage(manage_links.token_of(soon))


def test_a_booking_still_in_progress_is_upcoming(session, world):
    org, alex = world
    factories.booking(session, org, customer_row=alex, status="confirmed", starts_at=NOW - timedelta(minutes=30), reference="NOWON")
    session.commit()

    upcoming, past = bookings_of(session, customer=alex, now=NOW)

    assert [b.reference for b in upcoming] == ["NOWON"] and past == []


def test_a_booking_without_a_working_manage_link_is_listed_without_one(session, world):
    org, alex = world
    service = factories.request_service(session, org)
    no_link = factories.booking(session, org, customer_row=alex, service=service, status="confirmed",
                                starts_at=NOW + timedelta(days=1), reference="NOLINK")
    no_link.manage_token_nonce = no_link.manage_token_hash = None
    factories.booking(session, org, customer_row=alex, service=service, status="completed",
                      starts_at=NOW - timedelta(days=90), reference="ANCIENT")  # link expired 30 days after the end
    session.commit()

    upcoming, past = bookings_of(session, customer=alex, now=NOW)

    assert [(b.reference, b.manage_path) for b in upcoming + past] == [("NOLINK", ""), ("ANCIENT", "")]


def test_past_bookings_are_capped(session, world):
    org, alex = world
    service = factories.request_service(session, org)
    for day in range(customer_accounts.PAST_LIMIT + 5):
        factories.booking(session, org, customer_row=alex, service=service, status="completed",
                          starts_at=NOW - timedelta(days=day + 1))
    session.commit()

    _, past = bookings_of(session, customer=alex, now=NOW)

    assert len(past) == customer_accounts.PAST_LIMIT
    assert past[0].starts_at == NOW - timedelta(days=1)


# --- signing up on the portal (issue 22) -----------------------------------------------------------


def _all_emails(engine) -> list[OutboxEmail]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxEmail).order_by(OutboxEmail.id)))


def _sign_up(engine, email="new@example.com", name="Nora New", slug="studio", now=NOW, **kw) -> None:
    with unit_of_work(engine) as session:
        assert customer_accounts.sign_up(session, org_slug=slug, name=name, email=email, now=now, **kw) is None


def _token_of(email: OutboxEmail) -> str:
    return re.search(r"\?token=([A-Za-z0-9_-]+)", email.text).group(1)


def test_signing_up_creates_an_unverified_customer_and_sends_one_verification_email(engine, world):
    _sign_up(engine, email=" Nora@Example.com ")

    [email] = _all_emails(engine)
    assert (email.template_key, email.to_email) == ("customer_sign_up", "nora@example.com")
    assert email.subject == "Confirm your email for Studio Lindenhof"
    assert "Hello Nora New" in email.text and "works once, within 15 minutes" in email.text
    assert f"{get_settings().public_base_url}/b/studio/signin?token=" in email.text
    with Session(engine) as s:
        nora = s.exec(select(Customer).where(Customer.email == "nora@example.com")).one()
        assert (nora.name, nora.email_verified, nora.password_hash) == ("Nora New", False, None)
        assert "customer.signed_up" in s.exec(select(ActivityLog.action).where(ActivityLog.customer_id == nora.id)).all()
    [link] = _links(engine)
    assert link.expires_at == NOW + timedelta(minutes=15)


def test_the_verification_link_verifies_and_signs_in_once_and_expires(engine, world):
    _sign_up(engine)
    token = _token_of(_all_emails(engine)[-1])

    customer, cookie = _use(engine, token, now=NOW + timedelta(minutes=3), org_slug="studio")

    assert customer.email == "new@example.com" and _customer(engine, customer.id).email_verified
    with Session(engine) as s:
        assert customer_from_cookie(s, cookie).id == customer.id
    with pytest.raises(SignInLinkInvalid):
        _use(engine, token, now=NOW + timedelta(minutes=4))

    _sign_up(engine, email="late@example.com", now=NOW)
    late = _token_of(_all_emails(engine)[-1])
    with pytest.raises(SignInLinkInvalid):
        _use(engine, late, now=NOW + timedelta(minutes=15))
    with Session(engine) as s:
        assert not s.exec(select(Customer.email_verified).where(Customer.email == "late@example.com")).one()


def test_an_existing_address_gets_the_sign_in_link_and_the_same_answer(engine, world):
    _, alex = world
    _sign_up(engine, email="alex@example.com", name="Someone Else")

    [email] = _all_emails(engine)
    assert (email.template_key, email.to_email) == ("customer_sign_in", "alex@example.com")
    assert _customer(engine, alex.id).name == "Alex Example"  # a sign-up changes nobody's profile
    with Session(engine) as s:
        assert len(s.exec(select(Customer).where(Customer.email == "alex@example.com")).all()) == 1


def test_signing_up_again_before_verifying_sends_a_sign_in_link_within_the_hourly_limit(engine, world):
    for minute in range(7):
        _sign_up(engine, now=NOW + timedelta(minutes=minute))

    keys = [e.template_key for e in _all_emails(engine)]
    assert keys == ["customer_sign_up"] + ["customer_sign_in"] * 4  # five links an hour, as for signing in


def test_no_sign_up_where_the_business_has_no_customer_accounts(engine, session):
    factories.organization(session, "plain", customer_accounts="none")
    session.commit()

    with pytest.raises(CustomerAccountsOff):
        _sign_up(engine, slug="plain")
    assert _all_emails(engine) == []
    with Session(engine) as s:
        assert s.exec(select(Customer)).all() == []


@pytest.mark.parametrize("name, email, field", [("", "new@example.com", "name"), ("Nora", "not-an-email", "email"),
                                                ("x" * 121, "new@example.com", "name")])
def test_a_bad_sign_up_form_is_a_field_error_and_writes_nothing(engine, world, name, email, field):
    with pytest.raises(ValidationFailed) as caught:
        _sign_up(engine, name=name, email=email)
    assert caught.value.field == field
    assert _all_emails(engine) == [] and _links(engine) == []


def test_a_password_given_at_sign_up_counts_only_once_the_link_is_opened(engine, password_org):
    with pytest.raises(ValidationFailed):
        _sign_up(engine, slug="secure", password="short")
    _sign_up(engine, slug="secure", password="noras-long-password")
    with Session(engine) as s:
        nora = s.exec(select(Customer).where(Customer.email == "new@example.com")).one()
    assert nora.password_hash is None
    with pytest.raises(SignInFailed), unit_of_work(engine) as s:
        sign_in_with_password(s, org_slug="secure", email="new@example.com", password="noras-long-password", now=NOW)

    _use(engine, _token_of(_all_emails(engine)[-1]), now=NOW + timedelta(minutes=1))

    with unit_of_work(engine) as s:
        customer, _ = sign_in_with_password(s, org_slug="secure", email="new@example.com", password="noras-long-password",
                                            now=NOW + timedelta(minutes=2))
    assert customer.id == nora.id


def test_a_password_is_ignored_where_the_business_signs_in_by_link_only(engine, world):
    _sign_up(engine, password="noras-long-password")
    assert _links(engine)[0].pending_password_hash is None
