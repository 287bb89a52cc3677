"""Provider accounts: sign up, sign in, sessions."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import datetime, timedelta
from typing import Annotated, NoReturn

from email_validator import EmailNotValidError, validate_email
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pwdlib import PasswordHash
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bookingapp.db import insert_if_missing
from bookingapp.domain.business_rules import (
    CURRENCIES,
    DEFAULT_TIMEZONE,
    LOCALES,
    RESERVED_SLUGS,
    SLUG_MIN,
    TIMEZONES,
)
from bookingapp.domain.errors import DomainError, SignInFailed, TooManyAttempts, ValidationFailed
from bookingapp.domain.user_input import (
    Choice,
    Email,
    Line,
    LinkToken,
    Password,
    user_input,
    without_control_chars,
)
from bookingapp.models import Organization, SignInThrottle, StaffUser, utcnow
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor
from bookingapp.services.portal import slug_holder
from bookingapp.settings import get_settings

PASSWORDS = PasswordHash.recommended()  # argon2id
# Verified against when the email is unknown, so a miss costs as long as a hit.
_DUMMY_HASH = PASSWORDS.hash("not-a-real-password")

SESSION_MAX_AGE = timedelta(days=30)
FREE_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
MAX_LOCK = timedelta(minutes=15)


class AccountDeactivated(DomainError):
    message = "This account is deactivated. Ask the owner of the business to reactivate it."


def normalize_email(raw: str, field: str = "email") -> str:
    text = (raw or "").strip()
    if not text:
        raise ValidationFailed("Enter your email address.", field=field)
    if len(text) > 254:
        raise ValidationFailed("That email address is too long.", field=field)
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise ValidationFailed("Enter a valid email address, like name@example.com.", field=field) from None


def clean_text(raw: str | None, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = without_control_chars(raw or "").strip()
    if required and not text:
        raise ValidationFailed("Enter {label}.", field=field, label=label)
    if len(text) > max_length:
        raise ValidationFailed("{label} is too long (at most {max} characters).", field=field, label=label.capitalize(), max=max_length)
    return text


def check_password(raw: str) -> str:
    if len(raw or "") < 10:
        raise ValidationFailed("Use at least 10 characters for the password.", field="password")
    if len(raw) > 128:
        raise ValidationFailed("Use at most 128 characters for the password.", field="password")
    return raw


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50].strip("-")
    return slug if len(slug) >= SLUG_MIN else "studio"


def _unique_slug(session: Session, base: str) -> str:
    """A free portal address: not another business's, old or current, and not reserved."""
    slug, n = base, 1
    while slug in RESERVED_SLUGS or slug_holder(session, slug) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


@user_input
def sign_up(
    session: Session,
    *,
    organization_name: Line,
    name: Line,
    email: Email,
    password: Password,
    timezone: Annotated[str, Choice(TIMEZONES, message="Choose a timezone from the list, such as Europe/Berlin.")] = DEFAULT_TIMEZONE,
    currency: Annotated[str, Choice(CURRENCIES, message="Choose a currency from the list.")] = "EUR",
    locale: Annotated[str, Choice(LOCALES)] = "en",
) -> StaffUser:
    """Create an organization and its owner. Validates everything before writing."""
    org_name = clean_text(organization_name, field="organization_name", label="the name of your business", max_length=120)
    person = clean_text(name, field="name", label="your name", max_length=120)
    address = normalize_email(email)
    check_password(password)
    if session.exec(select(StaffUser.id).where(StaffUser.email == address)).first() is not None:
        raise ValidationFailed("An account with this email already exists. Sign in instead.", field="email")

    org = Organization(name=org_name, slug=_unique_slug(session, slugify(org_name)), timezone=timezone, currency=currency,
                       locale=locale, reply_to_email=address)
    owner = StaffUser(email=address, name=person, password_hash=PASSWORDS.hash(password), role="owner")
    try:
        session.add(org)
        session.flush()
        owner.organization_id = org.id
        session.add(owner)
        session.flush()
    except IntegrityError:  # a sign-up at the same moment took this address or email first
        raise ValidationFailed("Someone created an account with this business name or email a moment ago. Try again.",
                               field="organization_name") from None
    actor = actor_for(owner)
    log_action(session, actor=actor, action="organization.created", organization_id=org.id, data={"name": org_name, "timezone": timezone, "currency": currency, "locale": locale})
    log_action(session, actor=actor, action="staff.signed_up", organization_id=org.id)
    return owner


@user_input
def sign_in(session: Session, *, email: Email, password: Password, now: datetime | None = None) -> StaffUser:
    """The same answer for an unknown email and a wrong password; repeated failures
    lock the address for a growing time (up to 15 minutes)."""
    now = now or utcnow()
    key = (email or "").strip().lower()[:254]
    throttle = check_throttle(session, key, now)

    user = session.exec(select(StaffUser).where(StaffUser.email == key)).first() if key else None
    if user and verify_password(password, user.password_hash):
        if not user.active:
            # Told only to someone who knows the password: it reveals nothing to a guesser.
            raise AccountDeactivated()
        if throttle:
            session.delete(throttle)
        log_action(session, actor=actor_for(user), action="staff.signed_in", organization_id=user.organization_id)
        return user

    fail_sign_in(session, key, throttle, now)


def verify_password(raw: str | None, password_hash: str | None) -> bool:
    """Checks against a dummy hash when there is none, so a miss costs as long as a hit."""
    ok = PASSWORDS.verify(raw or "", password_hash or _DUMMY_HASH)
    return ok and password_hash is not None


def hash_password(raw: str) -> str:
    return PASSWORDS.hash(raw)


def check_throttle(session: Session, key: str, now: datetime) -> SignInThrottle | None:
    """The throttle row of this sign-in key, locked until the transaction ends, so
    parallel attempts at one address are checked and counted one after another (none
    lost, none skipping the lock); raises while the key is locked."""
    if not key:
        return None
    insert_if_missing(session, SignInThrottle, key=key, failures=0)
    throttle = session.exec(select(SignInThrottle).where(SignInThrottle.key == key).with_for_update()).one()
    if throttle and throttle.locked_until and throttle.locked_until > now:
        raise TooManyAttempts(seconds=math.ceil((throttle.locked_until - now).total_seconds()))
    return throttle


def fail_sign_in(session: Session, key: str, throttle: SignInThrottle | None, now: datetime) -> NoReturn:
    _record_failure(session, key, throttle, now)
    # The failure must count even though the action fails: commit it before raising
    # (the caller's unit of work then has nothing left to roll back).
    session.commit()
    raise SignInFailed()


def _record_failure(session: Session, key: str, throttle: SignInThrottle | None, now: datetime) -> None:
    if not key:
        return
    if throttle is None or throttle.first_failure_at is None or now - throttle.first_failure_at > FAILURE_WINDOW:
        throttle = throttle or SignInThrottle(key=key)
        throttle.failures, throttle.first_failure_at, throttle.locked_until = 0, now, None
    throttle.failures += 1
    if throttle.failures >= FREE_FAILURES:
        extra = throttle.failures - FREE_FAILURES
        throttle.locked_until = now + min(timedelta(seconds=30 * 2**extra), MAX_LOCK)
    session.add(throttle)


def actor_for(user: StaffUser) -> Actor:
    return Actor("staff", user.organization_id, user.id, user.name, user.role)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt="staff-session")


def session_token(user: StaffUser) -> str:
    return _serializer().dumps({"uid": user.id, "v": user.session_version})


@user_input
def staff_from_token(session: Session, token: LinkToken) -> StaffUser | None:
    if not token:
        return None
    try:
        data = _serializer().loads(token, max_age=int(SESSION_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    user = session.get(StaffUser, data.get("uid"))
    if user is None or user.session_version != data.get("v") or not user.active:
        return None
    return user


def sign_out_everywhere(session: Session, *, actor: Actor) -> None:
    user = session.get(StaffUser, actor.id)
    if user:
        user.session_version += 1
        session.add(user)
