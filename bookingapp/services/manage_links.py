"""The customer's manage link: one booking, no password.

token = HMAC-SHA256(SECRET_KEY, "manage-link:" + nonce), 256 bits, URL-safe (`link_tokens`).
The booking stores the random nonce and the token's SHA-256; looking a token up needs only
the hash, and re-sending the same link needs the nonce *and* the secret. A tampered,
unknown, revoked or expired token is simply not found.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from bookingapp import routes
from bookingapp.domain.errors import NotFound
from bookingapp.models import Booking, utcnow
from bookingapp.services.link_tokens import new_nonce, sha256, signed
from bookingapp.settings import get_settings

VALID_AFTER_END = timedelta(days=30)


def _token_from(nonce: str) -> str:
    return signed("manage-link", nonce)


def issue(booking: Booking) -> str:
    """Give the booking a new link (revoking any old one); returns the token."""
    booking.manage_token_nonce = new_nonce()
    token = _token_from(booking.manage_token_nonce)
    booking.manage_token_hash = sha256(token)
    follow_end(booking)
    return token


def follow_end(booking: Booking) -> None:
    """The link lives until VALID_AFTER_END after the booking ends: again after every move."""
    booking.manage_token_expires_at = booking.ends_at + VALID_AFTER_END


def token_of(booking: Booking) -> str:
    if not booking.manage_token_nonce:
        raise NotFound()
    return _token_from(booking.manage_token_nonce)


def url_of(booking: Booking) -> str:
    return get_settings().public_base_url.rstrip("/") + routes.manage(token_of(booking))


def url_from_nonce(nonce: str) -> str:
    """The manage link of the booking with this nonce, for lists read without whole rows."""
    return get_settings().public_base_url.rstrip("/") + routes.manage(_token_from(nonce))


def booking_for(session: Session, token: str, *, now: datetime | None = None, lock: bool = False) -> Booking:
    if not token or len(token) > 100:
        raise NotFound()
    stmt = select(Booking).where(Booking.manage_token_hash == sha256(token))
    if lock:
        stmt = stmt.with_for_update()
    booking = session.exec(stmt).first()
    if booking is None or (booking.manage_token_expires_at and booking.manage_token_expires_at < (now or utcnow())):
        raise NotFound()
    return booking
