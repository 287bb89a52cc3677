"""Which email sender the app uses: ResendSender when RESEND_API_KEY is set, else
OutboxOnly. Kept apart from email.py (the protocol, which resend_sender.py builds on)
so that the two never import each other."""

from __future__ import annotations

from bookingapp.integrations.email import EmailSender, OutboxOnly
from bookingapp.settings import get_settings


def get_sender() -> EmailSender:
    if get_settings().resend_api_key:
        # The Resend SDK is imported only where it is used.
        from bookingapp.integrations.resend_sender import ResendSender

        return ResendSender()
    return OutboxOnly()
