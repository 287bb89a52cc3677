"""Customer accounts: sign-in by a one-time email link (and by password where the
organization requires one), the customer's session cookie, and their bookings.

A customer is a profile per organization and email (ARCHITECTURE.md): signing in opens
exactly that profile, never the same email's profile at another business.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, or_, select

from bookingapp import routes
from bookingapp.domain.booking_states import ACTIVE
from bookingapp.domain.errors import DomainError, NotFound
from bookingapp.domain.localized_text import service_name_texts
from bookingapp.domain.user_input import Choice, Email, Line, LinkToken, Password, Text, user_input
from bookingapp.models import Booking, Customer, CustomerSignInLink, Organization, Service, utcnow
from bookingapp.services import accounts, manage_links, payment_history
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor
from bookingapp.services.notifications import queue_email
from bookingapp.services.portal import organization_by_slug
from bookingapp.settings import get_settings

LINK_LIFETIME = timedelta(minutes=15)
LINKS_PER_HOUR = 5
SESSION_MAX_AGE = accounts.SESSION_MAX_AGE
# A signed session cookie: its signature is the check, so it is only cleaned and bounded.
SignedCookie = Annotated[str, Text(500)]
PAST_LIMIT = 50
UPCOMING_LIMIT = 100


class SignInLinkInvalid(DomainError):
    # One message for unknown, used and expired links: a link reveals nothing about why.
    message = "This sign-in link is invalid or has expired. Ask for a new one."


class CustomerAccountsOff(DomainError):
    message = "This business does not offer customer sign-in. Use the link in your booking emails to manage a booking."


class PasswordsNotUsed(DomainError):
    message = "This business signs customers in by email link. Ask for a sign-in link instead."


def customer_actor(customer: Customer) -> Actor:
    return Actor("customer", customer.organization_id, customer.id, customer.name)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _accounts_on(org: Organization) -> None:
    if org.customer_accounts == "none":
        raise CustomerAccountsOff()


def _customer_by_email(session: Session, org: Organization, email: str, *, lock: bool = False) -> Customer | None:
    stmt = select(Customer).where(Customer.organization_id == org.id, Customer.email == email)
    return session.exec(stmt.with_for_update() if lock else stmt).first()


# --- the sign-in link ------------------------------------------------------------------


@user_input
def request_sign_in_link(session: Session, *, org_slug: LinkToken, email: Email, locale: Annotated[str | None, Choice(accounts.LOCALES)] = None,
                         now: datetime | None = None) -> None:
    """Email a one-time sign-in link to a customer of this organization.

    An unknown email, or one that asked too often, gets nothing, and the caller cannot
    tell: the answer is the same either way, so nobody learns who is a customer.
    """
    now = now or utcnow()
    org = organization_by_slug(session, org_slug)
    _accounts_on(org)
    address = accounts.normalize_email(email)
    # Locked: parallel requests count the links one after another, so at most the hourly five go out.
    customer = _customer_by_email(session, org, address, lock=True)
    if customer is None:
        return
    _send_link(session, org, customer, key="customer_sign_in", locale=locale, now=now)


def _send_link(session: Session, org: Organization, customer: Customer, *, key: str, locale: str | None, now: datetime,
               pending_password_hash: str | None = None) -> None:
    """Queue one sign-in (or sign-up) link, unless this customer already had the hourly five:
    then nothing, silently (the caller's answer stays the same)."""
    recent = session.exec(
        select(func.count()).select_from(CustomerSignInLink)
        .where(CustomerSignInLink.customer_id == customer.id, CustomerSignInLink.created_at > now - timedelta(hours=1))
    ).one()
    if recent >= LINKS_PER_HOUR:
        return

    token = secrets.token_urlsafe(32)
    session.add(CustomerSignInLink(organization_id=org.id, customer_id=customer.id, token_hash=_hash(token),
                                   expires_at=now + LINK_LIFETIME, created_at=now,
                                   pending_password_hash=pending_password_hash))
    url = get_settings().public_base_url.rstrip("/") + routes.portal_sign_in(org.slug) + f"?token={token}"
    queue_email(session, org=org, key=key, to=customer.email, locale=customer.locale or locale,
                values={"CUSTOMER_NAME": customer.name, "SIGN_IN_URL": url})
    log_action(session, actor=customer_actor(customer), action="customer.sign_in_link_sent", organization_id=org.id,
               customer_id=customer.id, data={"kind": "sign_up" if key == "customer_sign_up" else "sign_in"})


# --- signing up -------------------------------------------------------------------------


@user_input
def sign_up(session: Session, *, org_slug: LinkToken, name: Line, email: Email, password: Password = "",
            locale: Annotated[str | None, Choice(accounts.LOCALES)] = None, now: datetime | None = None) -> None:
    """A new customer asks for an account: their profile is created unverified and a
    one-time link (15 minutes) verifies the address and signs them in.

    An address that is already a customer's gets the ordinary sign-in link instead, and
    the caller cannot tell the two apart: same answer, one email either way (no account
    enumeration). A password (only where the business uses passwords) waits on the link
    and becomes the customer's only when the link is opened: whoever typed it must also
    read the mailbox, so nobody can claim someone else's address by signing up first.
    """
    now = now or utcnow()
    org = organization_by_slug(session, org_slug)
    _accounts_on(org)
    # Every check that can refuse comes before the lookup: a refusal never depends on
    # whether the address is known.
    text = accounts.clean_text(name, field="name", label="your name", max_length=120)
    address = accounts.normalize_email(email)
    pending = None
    if org.customer_accounts == "password" and password:
        pending = accounts.hash_password(accounts.check_password(password))
    customer = _customer_by_email(session, org, address, lock=True)
    if customer is not None:
        _send_link(session, org, customer, key="customer_sign_in", locale=locale, now=now)
        return
    customer = Customer(organization_id=org.id, email=address, name=text, locale=locale, email_verified=False,
                        created_at=now)
    try:
        # A savepoint: two sign-ups of one new address at once (PostgreSQL) meet on the unique
        # (organization, email); the second waits for the first, then is told like any known address.
        with session.begin_nested():
            session.add(customer)
            session.flush()
    except IntegrityError:
        existing = _customer_by_email(session, org, address, lock=True)
        if existing is None:
            raise
        _send_link(session, org, existing, key="customer_sign_in", locale=locale, now=now)
        return
    log_action(session, actor=customer_actor(customer), action="customer.signed_up", organization_id=org.id,
               customer_id=customer.id)
    _send_link(session, org, customer, key="customer_sign_up", locale=locale, now=now, pending_password_hash=pending)


@user_input
def sign_in_with_link(session: Session, *, token: LinkToken, org_slug: LinkToken | None = None,
                      now: datetime | None = None) -> tuple[Customer, str]:
    """Use a sign-in link once: returns the customer and their session cookie value.
    Opening the link proves the customer reads this mailbox, so the email is verified.
    With `org_slug` (the portal the link was opened on), a link of another organization
    is refused like an unknown one."""
    now = now or utcnow()
    if not token or len(token) > 100:
        raise SignInLinkInvalid()
    link = session.exec(select(CustomerSignInLink).where(CustomerSignInLink.token_hash == _hash(token))).first()
    if link is None or link.used_at is not None or link.expires_at <= now:
        raise SignInLinkInvalid()
    if org_slug is not None and session.exec(select(Organization.slug).where(Organization.id == link.organization_id)).first() != org_slug:
        raise SignInLinkInvalid()
    # Conditional UPDATE: of two tabs opening the same link at once, only one wins.
    claimed = session.exec(
        update(CustomerSignInLink)
        .where(col(CustomerSignInLink.id) == link.id, col(CustomerSignInLink.used_at).is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount != 1:
        raise SignInLinkInvalid()
    customer = session.get(Customer, link.customer_id)
    org = session.get(Organization, link.organization_id)
    if customer is None or org is None or org.customer_accounts == "none":
        raise SignInLinkInvalid()

    actor = customer_actor(customer)
    if link.pending_password_hash:
        # The password typed at sign-up: the customer's now that they proved the mailbox.
        if customer.password_hash:
            customer.session_version += 1
        customer.password_hash = link.pending_password_hash
        session.add(customer)
        log_action(session, actor=actor, action="customer.password_set", organization_id=org.id, customer_id=customer.id)
    if not customer.email_verified:
        customer.email_verified = True
        session.add(customer)
        log_action(session, actor=actor, action="customer.email_verified", organization_id=org.id, customer_id=customer.id)
    log_action(session, actor=actor, action="customer.signed_in", organization_id=org.id, customer_id=customer.id,
               data={"method": "link"})
    return customer, session_cookie(customer)


# --- passwords (organizations that require them) ---------------------------------------


def _throttle_key(org: Organization, email: str) -> str:
    # Customers are per organization, staff are global: a prefix keeps the two apart.
    return f"customer:{org.id}:{email}"[:254]


@user_input
def sign_in_with_password(session: Session, *, org_slug: LinkToken, email: Email, password: Password,
                          now: datetime | None = None) -> tuple[Customer, str]:
    """The same answer for an unknown email, a customer without a password and a wrong
    password; failures lock the address like staff sign-in does."""
    now = now or utcnow()
    org = organization_by_slug(session, org_slug)
    _accounts_on(org)
    if org.customer_accounts != "password":
        raise PasswordsNotUsed()
    address = (email or "").strip().lower()[:254]
    key = _throttle_key(org, address) if address else ""
    throttle = accounts.check_throttle(session, key, now)

    customer = _customer_by_email(session, org, address) if address else None
    if customer and accounts.verify_password(password, customer.password_hash):
        if throttle:
            session.delete(throttle)
        log_action(session, actor=customer_actor(customer), action="customer.signed_in", organization_id=org.id,
                   customer_id=customer.id, data={"method": "password"})
        return customer, session_cookie(customer)

    accounts.fail_sign_in(session, key, throttle, now)


@user_input
def set_password(session: Session, *, customer: Customer, password: Password) -> str:
    """Set (or replace) a signed-in customer's password; returns a fresh session cookie.
    Replacing a password signs out every other device."""
    row = session.get(Customer, customer.id, with_for_update=True)
    if row is None:
        raise NotFound()
    org = session.get(Organization, row.organization_id)
    if org.customer_accounts != "password":
        raise PasswordsNotUsed()
    accounts.check_password(password)
    if row.password_hash:
        row.session_version += 1
    row.password_hash = accounts.hash_password(password)
    session.add(row)
    log_action(session, actor=customer_actor(row), action="customer.password_set", organization_id=org.id, customer_id=row.id)
    return session_cookie(row)


# --- the session cookie ------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    # A salt of its own: a staff cookie is never a valid customer cookie, nor the reverse.
    return URLSafeTimedSerializer(get_settings().secret_key, salt="customer-session")


def session_cookie(customer: Customer) -> str:
    return _serializer().dumps({"cid": customer.id, "v": customer.session_version})


def customer_from_cookie(session: Session, value: str) -> Customer | None:
    if not value or len(value) > 500:
        return None
    try:
        data = _serializer().loads(value, max_age=int(SESSION_MAX_AGE.total_seconds()))
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("cid"), int):
        return None
    customer = session.get(Customer, data["cid"])
    if customer is None or customer.session_version != data.get("v"):
        return None
    org = session.get(Organization, customer.organization_id)
    if org is None or org.customer_accounts == "none":
        return None
    return customer


@user_input
def signed_in_customer(session: Session, *, org_slug: LinkToken, cookie: SignedCookie) -> tuple[Organization, Customer | None]:
    """The organization of a portal page and the customer signed in to it, if any.
    A cookie from another organization's portal does not count here."""
    org = organization_by_slug(session, org_slug)
    customer = customer_from_cookie(session, cookie)
    if customer is not None and customer.organization_id != org.id:
        customer = None
    return org, customer


def sign_out_everywhere(session: Session, *, customer: Customer) -> None:
    row = session.get(Customer, customer.id, with_for_update=True)
    if row is None:
        return
    row.session_version += 1
    session.add(row)
    log_action(session, actor=customer_actor(row), action="customer.signed_out_everywhere",
               organization_id=row.organization_id, customer_id=row.id)


# --- the Bookings tab ----------------------------------------------------------------------


@dataclass(frozen=True)
class CustomerBooking:
    reference: str
    service_name: str
    starts_at: datetime
    ends_at: datetime
    status: str
    price_minor: int
    currency: str
    location: str | None
    location_tbd: bool
    manage_path: str  # "" when the booking has no working manage link (none issued, or expired)
    # The latest payment's status (captured, refunded, authorized, …); "" when nothing was paid.
    payment_status: str = ""


def _listed(booking: Booking, service: Service, now: datetime, paid: dict[int, str]) -> CustomerBooking:
    link_works = booking.manage_token_nonce and not (
        booking.manage_token_expires_at and booking.manage_token_expires_at < now)
    return CustomerBooking(
        reference=booking.reference, service_name=service_name_texts(service), starts_at=booking.starts_at, ends_at=booking.ends_at,
        status=booking.status, price_minor=booking.price_minor, currency=booking.currency,
        location=booking.location or service.location, location_tbd=booking.location_tbd,
        manage_path=routes.manage(manage_links.token_of(booking)) if link_works else "",
        payment_status=paid.get(booking.id, ""),
    )


def bookings_of(session: Session, *, customer: Customer, now: datetime | None = None
                ) -> tuple[list[CustomerBooking], list[CustomerBooking]]:
    """This customer's bookings at their organization: upcoming (soonest first) and
    past or closed (newest first, the last 50)."""
    now = now or utcnow()
    base = (
        select(Booking, Service)
        .join(Service, col(Service.id) == Booking.service_id)
        .where(Booking.customer_id == customer.id, Booking.organization_id == customer.organization_id)
    )
    upcoming = session.exec(
        base.where(col(Booking.status).in_(ACTIVE), Booking.ends_at >= now)
        .order_by(col(Booking.starts_at), col(Booking.id)).limit(UPCOMING_LIMIT)
    )
    past = session.exec(
        base.where(or_(Booking.ends_at < now, ~col(Booking.status).in_(ACTIVE)))
        .order_by(col(Booking.starts_at).desc(), col(Booking.id).desc()).limit(PAST_LIMIT)
    )
    upcoming, past = upcoming.all(), past.all()
    paid = payment_history.payment_states(session, [b.id for b, _ in [*upcoming, *past]])
    return [_listed(b, s, now, paid) for b, s in upcoming], [_listed(b, s, now, paid) for b, s in past]
