"""Resend: the only module that imports `resend`. Used when RESEND_API_KEY is set."""

from __future__ import annotations

import base64

import resend

from bookingapp.integrations.email import DeliveryError
from bookingapp.models import OutboxEmail
from bookingapp.settings import Settings, get_settings


class ResendSender:
    name = "resend"

    def __init__(self, settings: Settings | None = None) -> None:
        settings = settings or get_settings()
        resend.api_key = settings.resend_api_key
        if settings.resend_api_url:
            resend.api_url = settings.resend_api_url.rstrip("/")
        self.sender = settings.email_from

    def params(self, email: OutboxEmail) -> dict:
        params: dict = {
            "from": self.sender,
            "to": [email.to_email],
            "subject": email.subject,
            "text": email.text,
            "html": email.html,
            "headers": {"Content-Language": email.locale},
        }
        if email.reply_to:
            params["reply_to"] = email.reply_to
        if email.attachments:
            params["attachments"] = [
                {
                    "filename": a["filename"],
                    "content": base64.b64encode(a["content"].encode()).decode(),
                    "content_type": a["content_type"],
                }
                for a in email.attachments
            ]
        return params

    def send(self, email: OutboxEmail, *, idempotency_key: str) -> str:
        # The key is the outbox row's: a resend after a crash is a no-op at Resend.
        try:
            response = resend.Emails.send(self.params(email), {"idempotency_key": idempotency_key})
        except Exception as error:  # the SDK raises ResendError and plain network errors alike
            raise DeliveryError(f"{type(error).__name__}: {error}") from None
        message_id = response.get("id") if isinstance(response, dict) else getattr(response, "id", None)
        if not message_id:
            raise DeliveryError(f"Resend answered without a message id: {response!r}")
        return message_id
