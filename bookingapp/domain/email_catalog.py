"""Every email the app sends: its key, who gets it, what it is for and the variables it
may use. Providers override subject and body per language in Settings → Notifications.

The default texts are not here: they live in gettext catalogs that translators edit with
their usual tools (bookingapp/locales/emails.pot, English, and <lang>/LC_MESSAGES/emails.po),
one entry per text with msgctxt "<key>|subject" or "<key>|body". bookingapp/email_texts.py
reads them; tests/unit/test_email_texts.py checks they match this list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class EmailKind:
    key: str
    audience: str  # customer | provider
    description: str
    variables: tuple[str, ...]


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
# Class waitlists (issue 8): no booking exists yet, so [BOOKING_CONTROL_URL] is the
# customer's waitlist link (see the queue, claim an offer, leave).
_WAITLIST_VARS = (
    "ORGANIZATION_NAME",
    "CUSTOMER_NAME",
    "CUSTOMER_EMAIL",
    "SERVICE_NAME",
    "BOOKING_DATE",
    "LOCATION",
    "WAITLIST_POSITION",
    "BOOKING_CONTROL_URL",
)
# Credit packs (issue 22): no booking; [CREDITS_URL] is the customer's credits page.
_PACK_VARS = (
    "ORGANIZATION_NAME",
    "CUSTOMER_NAME",
    "CUSTOMER_EMAIL",
    "PACK_NAME",
    "CREDITS",
    "PRICE",
    "EXPIRES_ON",
    "CREDIT_BALANCE",
    "CREDITS_URL",
)


def booking_variables(*extra: str) -> tuple[str, ...]:
    return _BOOKING_VARS + extra


def _waitlist_variables(*extra: str) -> tuple[str, ...]:
    return _WAITLIST_VARS + extra


def _pack_variables(*extra: str) -> tuple[str, ...]:
    return _PACK_VARS + extra


# In the order the template editor lists them (customer emails first, see
# services/template_editor.email_kinds) and the catalog files keep them.
_KINDS: list[EmailKind] = [
    EmailKind("test_message", "provider",
              "A test email sent from Settings to check how templates look",
              ("ORGANIZATION_NAME", "STAFF_NAME")),
    EmailKind("request_received", "customer",
              "To the customer when their request is sent",
              booking_variables("RESPOND_BY", "HOLD_AMOUNT")),
    EmailKind("new_booking", "provider",
              "To the provider when a customer sends a request",
              booking_variables("RESPOND_BY", "HOLD_AMOUNT", "MESSAGE", "INBOX_URL")),
    EmailKind("respond_reminder", "provider",
              "To the provider when 24 hours remain to answer a request (halfway through a shorter answer window)",
              booking_variables("RESPOND_BY", "INBOX_URL", "TIME_LEFT")),
    EmailKind("booking_confirmed", "customer",
              "To the customer when the booking is confirmed (with a calendar file)",
              booking_variables()),
    EmailKind("location_message", "customer",
              "To the customer from the provider about arranging the location (replies go to the provider)",
              booking_variables("MESSAGE")),
    EmailKind("reschedule_proposed", "customer",
              "To the customer when the provider proposes other times",
              booking_variables("MESSAGE", "PROPOSED_SLOTS", "RESPOND_BY")),
    EmailKind("slot_picked", "provider",
              "To the provider when the customer picks a proposed time",
              booking_variables("INBOX_URL")),
    EmailKind("customer_replied", "provider",
              "To the provider when the customer writes about a booking, such as an answer to a proposal (replies go to the customer)",
              booking_variables("MESSAGE", "INBOX_URL", "SUGGESTED_TIME")),
    EmailKind("provider_message", "customer",
              "To the customer when the provider writes about their booking (replies go to the provider)",
              booking_variables("MESSAGE")),
    EmailKind("refund_requested", "customer",
              "To the customer when they asked for a refund instead of a new time",
              booking_variables("HOLD_AMOUNT")),
    EmailKind("refund_requested_provider", "provider",
              "To the provider when the customer asked for a refund instead of a new time",
              booking_variables("INBOX_URL")),
    EmailKind("request_rejected", "customer",
              "To the customer when the provider rejects the request",
              booking_variables("REASON", "HOLD_AMOUNT")),
    EmailKind("request_expired", "customer",
              "To the customer when the provider did not answer in time",
              booking_variables("HOLD_AMOUNT")),
    EmailKind("request_expired_provider", "provider",
              "To the provider when a request was rejected automatically",
              booking_variables("RESPOND_BY", "INBOX_URL")),
    EmailKind("booking_payment_required", "customer",
              "To the customer when a booking needs prepayment that is not paid yet",
              booking_variables()),
    EmailKind("new_booking_instant", "provider",
              "To the provider when a customer books a time online",
              booking_variables("INBOX_URL")),
    EmailKind("card_action_needed", "customer",
              "To the customer when their card hold could not be renewed without them",
              booking_variables("RESPOND_BY")),
    EmailKind("proposal_expired", "customer",
              "To the customer when they did not answer a proposal in time",
              booking_variables("RESPOND_BY", "HOLD_AMOUNT")),
    EmailKind("booking_changed", "customer",
              "To the customer when the date of their booking changed (with a calendar file)",
              booking_variables("PREVIOUS_DATE")),
    EmailKind("booking_changed_provider", "provider",
              "To the provider when a customer moved their booking",
              booking_variables("PREVIOUS_DATE", "ORDER_URL", "INBOX_URL")),
    EmailKind("booking_cancelled", "customer",
              "To the customer when they cancelled their booking",
              booking_variables()),
    EmailKind("booking_cancelled_provider", "provider",
              "To the provider when a customer cancelled their booking",
              booking_variables("MESSAGE", "ORDER_URL", "INBOX_URL")),
    EmailKind("payment_received", "customer",
              "To the customer when their online payment went through (their receipt)",
              booking_variables()),
    EmailKind("booking_refunded", "customer",
              "To the customer when the provider refunded a payment",
              booking_variables("AMOUNT")),
    EmailKind("manage_link_replaced", "customer",
              "To the customer when the provider replaced their booking link (the old one stops working)",
              booking_variables()),
    EmailKind("class_booked", "customer",
              "To the customer when a place in a class is booked for them (with a calendar file)",
              booking_variables("CREDITS", "CREDIT_BALANCE")),
    EmailKind("class_cancelled", "customer",
              "To the customer when they cancelled their place in a class",
              booking_variables("REASON", "CREDITS_REFUNDED", "CREDIT_BALANCE")),
    EmailKind("class_removed_by_staff", "customer",
              "To the customer when staff removed them from a class",
              booking_variables("REASON", "CREDITS_REFUNDED", "CREDIT_BALANCE")),
    EmailKind("class_session_changed", "customer",
              "To each participant when staff move a class session or change its place (with the updated calendar file)",
              booking_variables("PREVIOUS_DATE", "PREVIOUS_LOCATION")),
    EmailKind("class_place_changed", "customer",
              "To each participant when staff change only the place of a class session (with the updated calendar file)",
              booking_variables("PREVIOUS_DATE", "PREVIOUS_LOCATION")),
    EmailKind("class_session_cancelled", "customer",
              "To each participant when the business cancels a class session (credits returned, calendar entry removed)",
              booking_variables("REASON", "CREDITS_REFUNDED", "CREDIT_BALANCE")),
    EmailKind("waitlist_session_cancelled", "customer",
              "To everyone on a class's waitlist when the business cancels the session",
              ("ORGANIZATION_NAME", "CUSTOMER_NAME", "CUSTOMER_EMAIL", "SERVICE_NAME", "BOOKING_DATE", "LOCATION", "REASON")),
    EmailKind("rebooking_requested", "customer",
              "To the customer when the provider asks them to pick a new date (1 to 3 choices)",
              booking_variables("REASON", "PROPOSED_SLOTS", "RESPOND_BY")),
    EmailKind("rebooking_picked_provider", "provider",
              "To the provider when the customer picked one of the new dates",
              booking_variables("PREVIOUS_DATE", "ORDER_URL", "INBOX_URL")),
    EmailKind("rebooking_refused", "customer",
              "To the customer when they took the refund instead of a new date",
              booking_variables("AMOUNT")),
    EmailKind("rebooking_refused_provider", "provider",
              "To the provider when the customer took the refund instead of a new date",
              booking_variables("AMOUNT", "COMMISSION", "ORDER_URL", "INBOX_URL")),
    EmailKind("provider_cancelled", "customer",
              "To the customer when the provider cancelled their booking",
              booking_variables("REASON", "AMOUNT")),
    EmailKind("provider_cancelled_provider", "provider",
              "To the provider as the record of a cancellation they made",
              booking_variables("REASON", "AMOUNT", "COMMISSION", "ORDER_URL", "INBOX_URL")),
    EmailKind("rebooking_asked", "customer",
              "To the customer when they asked the provider for a rebooking",
              booking_variables("MESSAGE")),
    EmailKind("rebooking_asked_provider", "provider",
              "To the provider when a customer asks for a rebooking (replies go to the customer)",
              booking_variables("MESSAGE", "RESPOND_BY", "INBOX_URL")),
    EmailKind("rebooking_declined", "customer",
              "To the customer when the provider declined their request for a rebooking",
              booking_variables("MESSAGE")),
    EmailKind("rebooking_expired_cancelled", "customer",
              "To the customer when they did not pick a new date in time (cancelled and refunded)",
              booking_variables("AMOUNT")),
    EmailKind("rebooking_expired_kept", "customer",
              "To the customer when their rebooking was not settled in time (the date stays)",
              booking_variables()),
    EmailKind("rebooking_expired_provider", "provider",
              "To the provider when a rebooking was not settled in time",
              booking_variables("AMOUNT", "COMMISSION", "ORDER_URL", "INBOX_URL")),
    EmailKind("proposal_withdrawn", "customer",
              "To the customer when the provider withdrew the times or dates they proposed",
              booking_variables()),
    EmailKind("waitlist_joined", "customer",
              "To the customer when they joined a class's waitlist (or staff added them)",
              _waitlist_variables()),
    EmailKind("waitlist_offer", "customer",
              "To the first customer on a class's waitlist when a place frees up, with the link to claim it",
              _waitlist_variables("RESPOND_BY", "CREDITS")),
    EmailKind("waitlist_offer_pay_on_site", "customer",
              "To the next customer on a class's waitlist who pays on site (too few credits, and the business allows it)",
              _waitlist_variables("RESPOND_BY")),
    EmailKind("waitlist_offer_lapsed", "customer",
              "To a customer whose waitlist offer ran out before they claimed the place",
              _waitlist_variables()),
    EmailKind("customer_sign_in", "customer",
              "To a customer who asked for a sign-in link to see their bookings",
              ("ORGANIZATION_NAME", "CUSTOMER_NAME", "SIGN_IN_URL")),
    EmailKind("customer_sign_up", "customer",
              "To a new customer who created an account on the portal: the link that verifies their email and signs them in",
              ("ORGANIZATION_NAME", "CUSTOMER_NAME", "SIGN_IN_URL")),
    EmailKind("staff_invitation", "provider",
              "To a new team member: the one-time link to join and set a password",
              ("ORGANIZATION_NAME", "STAFF_NAME", "INVITED_BY", "INVITATION_URL")),
    EmailKind("staff_action_done", "provider",
              "To the staff member who acted on a booking, as their record of it (for example a rejected request)",
              booking_variables("ACTION", "REASON", "STAFF_NAME", "INBOX_URL")),
    EmailKind("booking_reminder", "customer",
              "To the customer a set time before their booking (Settings → Business), with a calendar file",
              booking_variables()),
    EmailKind("payment_deadline_reminder", "customer",
              "To the customer before the deadline to pay a booking that needs prepayment (Settings → Business)",
              booking_variables("PAYMENT_DEADLINE")),
    EmailKind("booking_unpaid_cancelled", "customer",
              "To the customer when their booking was cancelled because it was not paid by the deadline (with a calendar file)",
              booking_variables("PAYMENT_DEADLINE")),
    EmailKind("booking_unpaid_cancelled_provider", "provider",
              "To the provider when an unpaid booking was cancelled at its payment deadline",
              booking_variables("PAYMENT_DEADLINE", "ORDER_URL", "INBOX_URL")),
    EmailKind("confirm_booking_email", "customer",
              "To the customer when a booking from an address not yet confirmed waits for them to confirm it",
              booking_variables("CONFIRM_URL", "RESPOND_BY")),
    EmailKind("credit_pack_receipt", "customer",
              "To the customer when they bought a credit pack: the receipt",
              _pack_variables()),
    EmailKind("credit_pack_refunded", "customer",
              "To the customer when staff refunded a credit pack they bought",
              _pack_variables("AMOUNT", "CREDITS_REFUNDED", "REASON")),
]


def _flag_for_staff(kind: EmailKind) -> EmailKind:
    """Staff emails about a booking may place the customer's flag (issue 21). Where a
    template leaves it out, services/notifications.py puts it first (`with_alert`)."""
    if kind.audience == "provider" and "CUSTOMER_NAME" in kind.variables:
        return replace(kind, variables=(*kind.variables, "CUSTOMER_ALERT"))
    return kind


CATALOG: dict[str, EmailKind] = {kind.key: _flag_for_staff(kind) for kind in _KINDS}
