"""Bearer links and cookies cannot be guessed, tampered with or used past their time.

Five secrets stand in for a password: the manage link (one booking), a staff member's
calendar feed address, the customer's sign-in link, the customer cookie and the staff cookie. For each: random strings and
every one-character change of a real token open nothing, real tokens carry 256 bits and
never repeat, and an expired one is refused the same way as a wrong one.
"""

from __future__ import annotations

import contextlib
import string
from datetime import timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound
from bookingapp.models import Booking, StaffUser, utcnow
from bookingapp.services import accounts, calendar_feed, customer_accounts, manage_links
from bookingapp.services.customer_accounts import SignInLinkInvalid
from tests import factories

GUESSES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
URL_SAFE = string.ascii_letters + string.digits + "-_"
GUESS = st.one_of(
    st.text(alphabet=URL_SAFE, min_size=43, max_size=43),  # the shape of a real token
    st.text(max_size=120),
    st.sampled_from(["", " ", "null", "undefined", "%00", "../../etc/passwd", "' OR '1'='1", "a" * 10_000]),
)


def _mutations(token: str):
    """Every token one character away: each position changed to each other URL-safe
    character, plus one dropped and one added at each end."""
    for i, ch in enumerate(token):
        for other in URL_SAFE:
            if other != ch:
                yield token[:i] + other + token[i + 1:]
    yield token[1:]
    yield token[:-1]
    yield "A" + token
    yield token + "A"


@pytest.fixture
def studio(engine):
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "tokens", customer_accounts="verify_email")
        staff = factories.staff(s, org)
        customer = factories.customer(s, org, "tess@example.com", name="Tess Token")
        booking = factories.booking(s, org, customer_row=customer)
        token = manage_links.token_of(booking)
        s.commit()
        return org, staff, customer, booking, token


def _opens(engine, token: str) -> Booking | None:
    with Session(engine) as s:
        try:
            return manage_links.booking_for(s, token)
        except NotFound:
            return None


# --- manage links ----------------------------------------------------------------------


@GUESSES
@given(guess=GUESS)
def test_a_guessed_manage_token_opens_nothing(engine, studio, guess):
    assert _opens(engine, guess) is None or guess == studio[4]


def test_every_one_character_change_of_a_manage_token_opens_nothing(engine, studio):
    token = studio[4]
    with Session(engine) as s:
        opened = []
        for candidate in _mutations(token):
            with contextlib.suppress(NotFound):
                opened.append(manage_links.booking_for(s, candidate))
    assert opened == [] and _opens(engine, token).id == studio[3].id


def test_manage_tokens_carry_256_bits_and_never_repeat(engine, studio):
    org = studio[0]
    tokens = set()
    for _ in range(500):
        booking = Booking(organization_id=org.id, customer_id=studio[2].id, service_id=studio[3].service_id,
                          reference="X", starts_at=utcnow(), ends_at=utcnow())
        tokens.add(manage_links.issue(booking))
    assert len(tokens) == 500
    assert {len(t) for t in tokens} == {43}  # 256 bits in URL-safe base64, unpadded
    assert all(set(t) <= set(URL_SAFE) for t in tokens)


def test_a_manage_token_made_with_another_secret_opens_nothing(engine, studio, monkeypatch):
    booking = studio[3]
    monkeypatch.setenv("SECRET_KEY", "someone-elses-secret")
    from bookingapp.settings import get_settings
    get_settings.cache_clear()
    try:
        forged = manage_links.token_of(booking)  # the stored nonce, signed with the wrong key
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert forged != studio[4] and _opens(engine, forged) is None


def test_a_manage_token_is_refused_after_its_expiry_like_a_wrong_one(engine, studio):
    booking, token = studio[3], studio[4]
    with Session(engine) as s:
        expiry = s.get(Booking, booking.id).manage_token_expires_at
        assert manage_links.booking_for(s, token, now=expiry - timedelta(seconds=1)).id == booking.id
        with pytest.raises(NotFound) as expired:
            manage_links.booking_for(s, token, now=expiry + timedelta(seconds=1))
        with pytest.raises(NotFound) as wrong:
            manage_links.booking_for(s, "x" * 43)
    assert str(expired.value) == str(wrong.value)


# --- staff calendar feeds --------------------------------------------------------------


def _feed_token(engine, staff) -> str:
    with unit_of_work(engine) as s:
        url = calendar_feed.feed_address(s, actor=accounts.actor_for(s.get(StaffUser, staff.id))).url
    return url.rsplit("/", 1)[1].removesuffix(".ics")


def _feed_opens(engine, token: str) -> bool:
    with Session(engine) as s:
        try:
            calendar_feed.feed_ics(s, token=token, now=utcnow())
        except NotFound:
            return False
        return True


FEED_GUESS = st.one_of(GUESS, st.text(alphabet="0123456789abcdef", min_size=32, max_size=32).map(lambda n: n + "A" * 43))


@GUESSES
@given(guess=FEED_GUESS)
def test_a_guessed_feed_token_opens_nothing(engine, studio, guess):
    token = _feed_token(engine, studio[1])
    assert not _feed_opens(engine, guess) or guess == token


def test_every_one_character_change_of_a_feed_token_opens_nothing(engine, studio):
    token = _feed_token(engine, studio[1])
    opened = [candidate for candidate in _mutations(token) if _feed_opens(engine, candidate)]
    assert opened == [] and _feed_opens(engine, token)


def test_feed_tokens_carry_a_256_bit_signature_and_never_repeat(engine, studio):
    tokens = set()
    with unit_of_work(engine) as s:
        actor = accounts.actor_for(s.get(StaffUser, studio[1].id))
        for _ in range(200):
            tokens.add(calendar_feed.replace_feed_token(s, actor=actor).url.rsplit("/", 1)[1].removesuffix(".ics"))
    assert len(tokens) == 200 and {len(t) for t in tokens} == {calendar_feed.TOKEN_LENGTH}  # 128-bit nonce + 256-bit HMAC
    assert all(set(t) <= set(URL_SAFE) for t in tokens)


def test_a_feed_token_made_with_another_secret_opens_nothing(engine, studio, monkeypatch):
    token = _feed_token(engine, studio[1])
    monkeypatch.setenv("SECRET_KEY", "someone-elses-secret")
    from bookingapp.settings import get_settings
    get_settings.cache_clear()
    try:
        forged = _feed_token(engine, studio[1])  # the stored nonce, signed with the wrong key
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert forged != token and not _feed_opens(engine, forged) and _feed_opens(engine, token)


# --- customer sign-in links and cookies -------------------------------------------------


@GUESSES
@given(guess=GUESS)
def test_a_guessed_sign_in_link_signs_nobody_in(engine, studio, guess):
    org = studio[0]
    with pytest.raises(SignInLinkInvalid), unit_of_work(engine) as s:
        customer_accounts.sign_in_with_link(s, token=guess, org_slug=org.slug)


@GUESSES
@given(guess=GUESS)
def test_a_guessed_or_forged_cookie_is_nobody(engine, studio, guess):
    with Session(engine) as s:
        assert customer_accounts.customer_from_cookie(s, guess) is None
        assert accounts.staff_from_token(s, guess) is None


def test_every_one_character_change_of_a_cookie_is_nobody(engine, studio):
    _, staff, customer, _, _ = studio
    with Session(engine) as s:
        customer_cookie = customer_accounts.session_cookie(s.get(type(customer), customer.id))
        staff_cookie = accounts.session_token(s.get(type(staff), staff.id))
        # Only the signature's characters: a change in the readable payload part is
        # covered too, as the signature no longer matches it.
        accepted = [c for c in _mutations(customer_cookie) if customer_accounts.customer_from_cookie(s, c) is not None]
        accepted += [c for c in _mutations(staff_cookie) if accounts.staff_from_token(s, c) is not None]
        assert customer_accounts.customer_from_cookie(s, customer_cookie).id == customer.id
        assert accounts.staff_from_token(s, staff_cookie).id == staff.id
    # base64 without padding: changing the very last character can keep the same bytes
    # (its low bits are unused), which is the same signature, not a forgery.
    assert all(_same_bytes(c, customer_cookie) or _same_bytes(c, staff_cookie) for c in accepted)


def _same_bytes(candidate: str, real: str) -> bool:
    import base64

    def decoded(value: str) -> bytes:
        signature = value.rsplit(".", 1)[-1]
        return base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))

    try:
        return candidate.rsplit(".", 1)[0] == real.rsplit(".", 1)[0] and decoded(candidate) == decoded(real)
    except ValueError:
        return False


def test_cookies_stop_working_after_30_days(engine, studio):
    _, staff, customer, _, _ = studio
    with Session(engine) as s:
        customer_cookie = customer_accounts.session_cookie(s.get(type(customer), customer.id))
        staff_cookie = accounts.session_token(s.get(type(staff), staff.id))
    with time_machine.travel(utcnow() + timedelta(days=30, minutes=1)), Session(engine) as s:
        assert customer_accounts.customer_from_cookie(s, customer_cookie) is None
        assert accounts.staff_from_token(s, staff_cookie) is None
