"""Link tokens the app can repeat without storing them: HMAC-SHA256(SECRET_KEY, purpose
and a stored random nonce). The database holds the nonce (and, where lookups need it, the
token's SHA-256), never a working token; the app, which has the secret, can write the
same link again in every email or on every visit. A new nonce revokes the old link.
Changing SECRET_KEY breaks every such link at once.

Used by the customer's manage link (`manage_links`) and a staff member's calendar feed
(`calendar_feed`); each names its purpose, so a token of one never works as the other.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from bookingapp.settings import get_settings


def new_nonce(size: int = 32) -> str:
    """A random nonce of `size` bytes, as hex (2 × size characters)."""
    return secrets.token_hex(size)


def signed(purpose: str, message: str) -> str:
    """HMAC-SHA256 of "purpose:message" under SECRET_KEY: 256 bits, 43 URL-safe characters."""
    digest = hmac.new(get_settings().secret_key.encode(), f"{purpose}:{message}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same(given: str, expected: str) -> bool:
    """Constant-time comparison: how much of a guess matched is not told by the time taken."""
    return hmac.compare_digest(given.encode(), expected.encode())
