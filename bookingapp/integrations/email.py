"""Email delivery. `OutboxOnly` is the default: the outbox row itself is the delivered
mail, read in the dashboard's dev mailbox. `ResendSender` is used when RESEND_API_KEY is set."""

from __future__ import annotations

from typing import Protocol

from bookingapp.models import OutboxEmail


class DeliveryError(Exception):
    """The provider refused or could not be reached; the outbox retries later."""


class EmailSender(Protocol):
    name: str

    def send(self, email: OutboxEmail, *, idempotency_key: str) -> str:
        """Deliver one email; return the provider's message id."""
        ...


class OutboxOnly:
    name = "outbox"

    def send(self, email: OutboxEmail, *, idempotency_key: str) -> str:
        return f"local-{email.id}"

