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

def booking_variables(*extra: str) -> tuple[str, ...]:
    return _BOOKING_VARS + extra


_CUSTOMER_SIGNOFF = "\n\nView or manage your booking: [BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]"
_PROVIDER_LINK = "\n\nOpen it in your inbox: [INBOX_URL]"


def _request_kind(key: str, audience: str, description: str, subject: str, body: str, *extra: str) -> EmailKind:
    signoff = _CUSTOMER_SIGNOFF if audience == "customer" else _PROVIDER_LINK
    return EmailKind(key, audience, description, booking_variables(*extra), {"en": (subject, body + signoff)})


_KINDS += [
    _request_kind(
        "request_received", "customer", "To the customer when their request is sent",
        "We received your request: [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\nthank you for your request for [SERVICE_NAME] on [BOOKING_DATE] ([PARTY_SIZE] people).\n"
        "[ORGANIZATION_NAME] will answer by [RESPOND_BY]. Your card is only on hold for [HOLD_AMOUNT]: nothing is charged unless the booking is confirmed.",
        "RESPOND_BY", "HOLD_AMOUNT",
    ),
    _request_kind(
        "new_booking", "provider", "To the provider when a customer sends a request",
        "New booking: [SERVICE_NAME] on [BOOKING_DATE]",
        "[CUSTOMER_NAME] ([CUSTOMER_EMAIL]) asks for [SERVICE_NAME] on [BOOKING_DATE] for [PARTY_SIZE] people.\n"
        "Note: [MESSAGE]\n\nPlease answer by [RESPOND_BY]; after that the request is rejected automatically and the hold of [HOLD_AMOUNT] released.\n\n"
        "Respond to this booking: [INBOX_URL]",
        "RESPOND_BY", "HOLD_AMOUNT", "MESSAGE", "INBOX_URL",
    ),
    _request_kind(
        "respond_reminder", "provider", "To the provider when 24 hours remain to answer a request",
        "24 hours left to answer: [SERVICE_NAME] on [BOOKING_DATE]",
        "The request of [CUSTOMER_NAME] for [SERVICE_NAME] on [BOOKING_DATE] is still waiting for your answer.\n"
        "Without an answer by [RESPOND_BY] it is rejected automatically.",
        "RESPOND_BY", "INBOX_URL",
    ),
    _request_kind(
        "booking_confirmed", "customer", "To the customer when the booking is confirmed (with a calendar file)",
        "Booking confirmed: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nyour booking [BOOKING_REFERENCE] for [SERVICE_NAME] on [BOOKING_DATE] is confirmed.\n"
        "Location: [LOCATION]\nPrice: [PRICE]",
    ),
    _request_kind(
        "location_message", "customer", "To the customer from the provider about arranging the location (replies go to the provider)",
        "About the location of your booking: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\n[MESSAGE]\n\nReply to this email to answer [ORGANIZATION_NAME] directly.",
        "MESSAGE",
    ),
    _request_kind(
        "reschedule_proposed", "customer", "To the customer when the provider proposes other times",
        "Other times proposed: [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] cannot make [BOOKING_DATE] and writes:\n\n[MESSAGE]\n\n"
        "Pick one of these times:\n[PROPOSED_SLOTS]\n\nYou can also reply with a message or ask for a refund (the hold on your card is released). "
        "Please answer by [RESPOND_BY].",
        "MESSAGE", "PROPOSED_SLOTS", "RESPOND_BY",
    ),
    _request_kind(
        "slot_picked", "provider", "To the provider when the customer picks a proposed time",
        "[CUSTOMER_NAME] picked [BOOKING_DATE]",
        "[CUSTOMER_NAME] picked [BOOKING_DATE] for [SERVICE_NAME]. The booking is confirmed and the payment of [PRICE] captured.",
        "INBOX_URL",
    ),
    _request_kind(
        "customer_replied", "provider", "To the provider when the customer answers a proposal with a message",
        "[CUSTOMER_NAME] replied about [SERVICE_NAME]",
        "[CUSTOMER_NAME] replied to your proposal for [SERVICE_NAME]:\n\n[MESSAGE]",
        "MESSAGE", "INBOX_URL",
    ),
    _request_kind(
        "refund_requested", "customer", "To the customer when they asked for a refund instead of a new time",
        "Your request is cancelled: [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\nas you asked, your request [BOOKING_REFERENCE] is cancelled and the hold of [HOLD_AMOUNT] on your card is released. Nothing was charged.",
        "HOLD_AMOUNT",
    ),
    _request_kind(
        "refund_requested_provider", "provider", "To the provider when the customer asked for a refund instead of a new time",
        "[CUSTOMER_NAME] asked for a refund: [SERVICE_NAME]",
        "[CUSTOMER_NAME] did not take any of the proposed times and asked for a refund. The request [BOOKING_REFERENCE] is cancelled and the hold released.",
        "INBOX_URL",
    ),
    _request_kind(
        "request_rejected", "customer", "To the customer when the provider rejects the request",
        "Your request could not be accepted: [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\nunfortunately [ORGANIZATION_NAME] cannot accept your request for [SERVICE_NAME] on [BOOKING_DATE].\n"
        "Reason: [REASON]\n\nThe hold of [HOLD_AMOUNT] on your card is released. Nothing was charged.",
        "REASON", "HOLD_AMOUNT",
    ),
    _request_kind(
        "request_expired", "customer", "To the customer when the provider did not answer in time",
        "No answer in time: your request for [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] did not answer your request for [SERVICE_NAME] on [BOOKING_DATE] in time, so it is cancelled.\n"
        "The hold of [HOLD_AMOUNT] on your card is released. Nothing was charged.",
        "HOLD_AMOUNT",
    ),
    _request_kind(
        "request_expired_provider", "provider", "To the provider when a request was rejected automatically",
        "Request expired: [SERVICE_NAME] on [BOOKING_DATE]",
        "The request of [CUSTOMER_NAME] for [SERVICE_NAME] on [BOOKING_DATE] was not answered by [RESPOND_BY]. It was rejected automatically and the hold released.",
        "RESPOND_BY", "INBOX_URL",
    ),
    _request_kind(
        "booking_payment_required", "customer", "To the customer when a booking needs prepayment that is not paid yet",
        "Booking confirmation – payment required: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nyour booking [BOOKING_REFERENCE] for [SERVICE_NAME] on [BOOKING_DATE] is reserved. "
        "It needs prepayment of [PRICE]: please pay from your booking page.",
    ),
    _request_kind(
        "new_booking_instant", "provider", "To the provider when a customer books a time online",
        "New booking: [SERVICE_NAME] on [BOOKING_DATE]",
        "[CUSTOMER_NAME] ([CUSTOMER_EMAIL]) booked [SERVICE_NAME] on [BOOKING_DATE]. Status: [BOOKING_STATUS].",
        "INBOX_URL",
    ),
    _request_kind(
        "card_action_needed", "customer", "To the customer when their card hold could not be renewed without them",
        "Please confirm your card: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nyour request is still waiting, but the hold on your card runs out on [RESPOND_BY] and your bank "
        "wants you to confirm a new one. Please open your booking and enter your card again, or the request ends then.",
        "RESPOND_BY",
    ),
    _request_kind(
        "proposal_expired", "customer", "To the customer when they did not answer a proposal in time",
        "Your request for [SERVICE_NAME] is cancelled",
        "Hello [CUSTOMER_NAME],\n\nyou did not pick one of the proposed times by [RESPOND_BY], so your request is cancelled. The hold of [HOLD_AMOUNT] on your card is released.",
        "RESPOND_BY", "HOLD_AMOUNT",
    ),
]

CATALOG: dict[str, EmailKind] = {kind.key: kind for kind in _KINDS}

