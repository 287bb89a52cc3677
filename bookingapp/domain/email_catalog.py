"""Every email the app sends: its key, who gets it, what it is for, and its default
text per language. Providers override subject and body per language in Settings →
Notifications; the variables each email may use are listed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EmailKind:
    key: str
    audience: str  # customer | provider
    description: str
    variables: tuple[str, ...]
    defaults: dict[str, tuple[str, str]] = field(default_factory=dict)  # locale -> (subject, body)


_BOOKING_VARS = (
    "ORGANIZATION_NAME",
    "CUSTOMER_NAME",
    "CUSTOMER_EMAIL",
    "SERVICE_NAME",
    "BOOKING_REFERENCE",
    "BOOKING_DATE",
    "BOOKING_STATUS",
    "PARTY_SIZE",
    "LOCATION",
    "PRICE",
    "BOOKING_CONTROL_URL",
)

_KINDS: list[EmailKind] = [
    EmailKind(
        "test_message",
        "provider",
        "A test email sent from Settings to check how templates look",
        ("ORGANIZATION_NAME", "STAFF_NAME"),
        {
            "en": (
                "Test message from [ORGANIZATION_NAME]",
                "Hello [STAFF_NAME],\n\nthis is a test email. If you can read it, email works.\n\n[ORGANIZATION_NAME]",
            ),
            "de": (
                "Testnachricht von [ORGANIZATION_NAME]",
                "Hallo [STAFF_NAME],\n\ndies ist eine Test-E-Mail. Wenn du sie lesen kannst, funktioniert der Versand.\n\n[ORGANIZATION_NAME]",
            ),
        },
    ),
]

CATALOG: dict[str, EmailKind] = {kind.key: kind for kind in _KINDS}


def register(kind: EmailKind) -> EmailKind:
    """Flows add their emails here at import time."""
    CATALOG[kind.key] = kind
    return kind


def booking_variables(*extra: str) -> tuple[str, ...]:
    return _BOOKING_VARS + extra
