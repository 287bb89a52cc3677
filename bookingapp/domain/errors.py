"""Errors a user can fix. Each carries a translatable message and its parameters."""

from __future__ import annotations

from bookingapp.domain.formatting import Shown


class DomainError(Exception):
    """Base of every error shown to a user as-is (after translation)."""

    message = "Something is not right."

    def __init__(self, message: str | None = None, **params: object) -> None:
        self.msgid = message or self.message
        self.params = params
        super().__init__(self.msgid.format(**params) if params else self.msgid)

    def render(self, translate=lambda text: text, locale: str = "en") -> str:
        text = translate(self.msgid)
        if not self.params:
            return text
        # Text parameters (a field label, a status) are msgids too: "Enter {label}."
        # Dates and amounts (formatting.Shown) are formatted in the reader's language here.
        params = {key: translate(value) if isinstance(value, str) else value.render(locale) if isinstance(value, Shown) else value
                  for key, value in self.params.items()}
        return text.format(**params)


class ValidationFailed(DomainError):
    """Bad input; `field` names the form field the message belongs next to."""

    def __init__(self, message: str, field: str | None = None, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field


class NotFound(DomainError):
    # Also what another organization's data looks like: no hint that it exists.
    message = "Not found."


class PermissionDenied(DomainError):
    message = "You are not allowed to do that."


class SignInFailed(DomainError):
    message = "Email or password is wrong."


class TooManyAttempts(DomainError):
    message = "Too many failed attempts. Try again in {seconds} seconds."


class InvalidTransition(DomainError):
    message = "This booking is {status} now, so this action is no longer possible."


class StaleBooking(DomainError):
    message = "Someone else changed this booking a moment ago. Reload to see its current state."


class PaymentDeclined(DomainError):
    message = "The card was declined: {reason}"

    def __init__(self, message: str | None = None, **params: object) -> None:
        reason = str(params.get("reason", ""))
        if message is None and reason[:1].isupper() and reason.endswith("."):
            # The bank's own sentence ("Your card was declined.") says it all: said once,
            # not "The card was declined: Your card was declined."
            super().__init__(reason)
            return
        super().__init__(message, **params)


class PaymentError(DomainError):
    message = "The payment could not be processed: {reason}"


class UnknownVariable(DomainError):
    message = "Unknown variable {names}. Use only the variables listed."
