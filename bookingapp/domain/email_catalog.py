"""Every email the app sends: its key, who gets it, what it is for, and its default
text per language. Providers override subject and body per language in Settings →
Notifications; the variables each email may use are listed here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


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


def _request_kind(key: str, audience: str, description: str, subject: str, body: str, *extra: str, signoff: bool = True) -> EmailKind:
    """`signoff=False`: the body gives the link itself (said once, not twice)."""
    end = (_CUSTOMER_SIGNOFF if audience == "customer" else _PROVIDER_LINK) if signoff else ""
    return EmailKind(key, audience, description, booking_variables(*extra), {"en": (subject, body + end)})


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
        "RESPOND_BY", "HOLD_AMOUNT", "MESSAGE", "INBOX_URL", signoff=False,
    ),
    _request_kind(
        "respond_reminder", "provider",
        "To the provider when 24 hours remain to answer a request (halfway through a shorter answer window)",
        "[TIME_LEFT] left to answer: [SERVICE_NAME] on [BOOKING_DATE]",
        "The request of [CUSTOMER_NAME] for [SERVICE_NAME] on [BOOKING_DATE] is still waiting for your answer.\n"
        "Without an answer by [RESPOND_BY] (in [TIME_LEFT]) it is rejected automatically.",
        "RESPOND_BY", "INBOX_URL", "TIME_LEFT",
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
        "customer_replied", "provider",
        "To the provider when the customer writes about a booking, such as an answer to a proposal (replies go to the customer)",
        "[CUSTOMER_NAME] wrote about [SERVICE_NAME]",
        "[CUSTOMER_NAME] wrote about [SERVICE_NAME] on [BOOKING_DATE] ([BOOKING_REFERENCE]):\n\n[MESSAGE]\n\n"
        "Time they suggest: [SUGGESTED_TIME]\n\nReply to this email to answer the customer directly.",
        "MESSAGE", "INBOX_URL", "SUGGESTED_TIME",
    ),
    _request_kind(
        "provider_message", "customer", "To the customer when the provider writes about their booking (replies go to the provider)",
        "A message about your booking: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] writes about your booking [BOOKING_REFERENCE]:\n\n[MESSAGE]\n\n"
        "Reply to this email to answer [ORGANIZATION_NAME] directly, or write on your booking's page.",
        "MESSAGE",
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

# Customers managing their own bookings (issue 6).
_KINDS += [
    _request_kind(
        "booking_changed", "customer", "To the customer when the date of their booking changed (with a calendar file)",
        "Booking change: [SERVICE_NAME] now on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nyour booking [BOOKING_REFERENCE] for [SERVICE_NAME] has moved from [PREVIOUS_DATE] to [BOOKING_DATE].\n"
        "Location: [LOCATION]\nThe attached calendar file updates the entry in your calendar.",
        "PREVIOUS_DATE",
    ),
    _request_kind(
        "booking_changed_provider", "provider", "To the provider when a customer moved their booking",
        "Booking moved: [SERVICE_NAME] now on [BOOKING_DATE]",
        "[CUSTOMER_NAME] moved booking [BOOKING_REFERENCE] for [SERVICE_NAME] from [PREVIOUS_DATE] to [BOOKING_DATE].\n\n"
        "Open the booking: [ORDER_URL]",
        "PREVIOUS_DATE", "ORDER_URL", "INBOX_URL",
    ),
    _request_kind(
        "booking_cancelled", "customer", "To the customer when they cancelled their booking",
        "Your booking is cancelled: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nas you asked, your booking [BOOKING_REFERENCE] for [SERVICE_NAME] on [BOOKING_DATE] is cancelled.\n"
        "Payments are not refunded automatically: if you paid, [ORGANIZATION_NAME] decides about a refund and lets you know.",
    ),
    _request_kind(
        "booking_cancelled_provider", "provider", "To the provider when a customer cancelled their booking",
        "Booking cancelled: [SERVICE_NAME] on [BOOKING_DATE]",
        "[CUSTOMER_NAME] cancelled booking [BOOKING_REFERENCE] for [SERVICE_NAME] on [BOOKING_DATE].\n[MESSAGE]\n\n"
        "Open the booking: [ORDER_URL]",
        "MESSAGE", "ORDER_URL", "INBOX_URL",
    ),
    _request_kind(
        "payment_received", "customer", "To the customer when their online payment went through (their receipt)",
        "Payment received: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nthank you: we received [PRICE] for booking [BOOKING_REFERENCE] ([SERVICE_NAME] on [BOOKING_DATE]).\n"
        "Your booking is [BOOKING_STATUS].",
    ),
    _request_kind(
        "booking_refunded", "customer", "To the customer when the provider refunded a payment",
        "Refund for your booking [BOOKING_REFERENCE]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] refunded [AMOUNT] for booking [BOOKING_REFERENCE] ([SERVICE_NAME] on [BOOKING_DATE]). "
        "Depending on your bank it shows on your statement within a few days.",
        "AMOUNT",
    ),
    _request_kind(
        "manage_link_replaced", "customer", "To the customer when the provider replaced their booking link (the old one stops working)",
        "Your new booking link: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] replaced the link to your booking [BOOKING_REFERENCE]. "
        "Earlier links no longer open it; please use the one below from now on.",
    ),
]

# Classes (issue 8): a place booked with credits, cancelled by the customer, removed by staff.
_KINDS += [
    _request_kind(
        "class_booked", "customer", "To the customer when a place in a class is booked for them (with a calendar file)",
        "Class booked: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nyour place in [SERVICE_NAME] on [BOOKING_DATE] is booked (booking [BOOKING_REFERENCE]).\n"
        "Location: [LOCATION]\nCredits used: [CREDITS]\nYour credit balance: [CREDIT_BALANCE]",
        "CREDITS", "CREDIT_BALANCE",
    ),
    _request_kind(
        "class_cancelled", "customer", "To the customer when they cancelled their place in a class",
        "Class booking cancelled: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nyour place in [SERVICE_NAME] on [BOOKING_DATE] (booking [BOOKING_REFERENCE]) is cancelled.\n"
        "Reason: [REASON]\nCredits returned: [CREDITS_REFUNDED]\nYour credit balance: [CREDIT_BALANCE]",
        "REASON", "CREDITS_REFUNDED", "CREDIT_BALANCE",
    ),
    _request_kind(
        "class_removed_by_staff", "customer", "To the customer when staff removed them from a class",
        "Your class booking was cancelled: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] cancelled your place in [SERVICE_NAME] on [BOOKING_DATE] "
        "(booking [BOOKING_REFERENCE]).\nReason: [REASON]\nCredits returned: [CREDITS_REFUNDED]\nYour credit balance: [CREDIT_BALANCE]",
        "REASON", "CREDITS_REFUNDED", "CREDIT_BALANCE",
    ),
]

# Staff change or cancel a class session (issue 22). The booking's calendar file keeps its
# UID: a moved session's file carries a higher SEQUENCE, a cancelled one METHOD:CANCEL.
_KINDS += [
    _request_kind(
        "class_session_changed", "customer",
        "To each participant when staff move a class session or change its place (with the updated calendar file)",
        "Class moved: [SERVICE_NAME] now on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] changed your class [SERVICE_NAME] (booking [BOOKING_REFERENCE]).\n"
        "Before: [PREVIOUS_DATE], [PREVIOUS_LOCATION]\nNow: [BOOKING_DATE], [LOCATION]\n"
        "The attached calendar file updates the entry in your calendar. If the new time does not suit you, you can cancel "
        "your place with the link below.",
        "PREVIOUS_DATE", "PREVIOUS_LOCATION",
    ),
    _request_kind(
        "class_place_changed", "customer",
        "To each participant when staff change only the place of a class session (with the updated calendar file)",
        "New place for [SERVICE_NAME] on [BOOKING_DATE]: [LOCATION]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] moved your class [SERVICE_NAME] on [BOOKING_DATE] "
        "(booking [BOOKING_REFERENCE]) to a new place.\nBefore: [PREVIOUS_LOCATION]\nNow: [LOCATION]\n"
        "The time stays the same. The attached calendar file updates the entry in your calendar.",
        "PREVIOUS_DATE", "PREVIOUS_LOCATION",
    ),
    _request_kind(
        "class_session_cancelled", "customer",
        "To each participant when the business cancels a class session (credits returned, calendar entry removed)",
        "Class cancelled: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] had to cancel [SERVICE_NAME] on [BOOKING_DATE] "
        "(booking [BOOKING_REFERENCE]).\nReason: [REASON]\nCredits returned: [CREDITS_REFUNDED]\n"
        "Your credit balance: [CREDIT_BALANCE]\nThe attached calendar file removes the entry from your calendar.",
        "REASON", "CREDITS_REFUNDED", "CREDIT_BALANCE",
    ),
    EmailKind(
        "waitlist_session_cancelled", "customer", "To everyone on a class's waitlist when the business cancels the session",
        ("ORGANIZATION_NAME", "CUSTOMER_NAME", "CUSTOMER_EMAIL", "SERVICE_NAME", "BOOKING_DATE", "LOCATION", "REASON"),
        {
            "en": (
                "Class cancelled: [SERVICE_NAME] on [BOOKING_DATE]",
                "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] had to cancel [SERVICE_NAME] on [BOOKING_DATE], so its waitlist "
                "is closed and you are no longer on it.\nReason: [REASON]\n\n[ORGANIZATION_NAME]",
            ),
            "de": (
                "Kurs abgesagt: [SERVICE_NAME] am [BOOKING_DATE]",
                "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] musste [SERVICE_NAME] am [BOOKING_DATE] absagen. Die Warteliste "
                "ist damit geschlossen, und du stehst nicht mehr darauf.\nGrund: [REASON]\n\n[ORGANIZATION_NAME]",
            ),
            "pl": (
                "Zajęcia odwołane: [SERVICE_NAME], [BOOKING_DATE]",
                "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] musi odwołać [SERVICE_NAME] w terminie [BOOKING_DATE], "
                "dlatego lista oczekujących jest zamknięta i nie jesteś już na niej.\nPowód: [REASON]\n\n[ORGANIZATION_NAME]",
            ),
        },
    ),
]

# Rebookings and provider cancellations (issue 7).
_KINDS += [
    _request_kind(
        "rebooking_requested", "customer", "To the customer when the provider asks them to pick a new date (1 to 3 choices)",
        "Please choose a new date: [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] proposes new dates for your booking [BOOKING_REFERENCE] "
        "([SERVICE_NAME] on [BOOKING_DATE]).\nReason: [REASON]\n\nPick one of these dates:\n[PROPOSED_SLOTS]\n\n"
        "If none of them suits you, you can cancel instead and get back everything you paid. Please answer by [RESPOND_BY].",
        "REASON", "PROPOSED_SLOTS", "RESPOND_BY",
    ),
    _request_kind(
        "rebooking_picked_provider", "provider", "To the provider when the customer picked one of the new dates",
        "[CUSTOMER_NAME] picked a new date: [BOOKING_DATE]",
        "[CUSTOMER_NAME] picked [BOOKING_DATE] for booking [BOOKING_REFERENCE] ([SERVICE_NAME]), moved from [PREVIOUS_DATE].\n\n"
        "Open the booking: [ORDER_URL]",
        "PREVIOUS_DATE", "ORDER_URL", "INBOX_URL",
    ),
    _request_kind(
        "rebooking_refused", "customer", "To the customer when they took the refund instead of a new date",
        "Your booking is cancelled and refunded: [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\nas you chose, your booking [BOOKING_REFERENCE] for [SERVICE_NAME] on [BOOKING_DATE] is cancelled "
        "instead of moved.\nRefunded to your card: [AMOUNT]. Depending on your bank it shows on your statement within a few days.",
        "AMOUNT",
    ),
    _request_kind(
        "rebooking_refused_provider", "provider", "To the provider when the customer took the refund instead of a new date",
        "[CUSTOMER_NAME] took the refund: [SERVICE_NAME] on [BOOKING_DATE]",
        "[CUSTOMER_NAME] did not take any of the new dates for booking [BOOKING_REFERENCE] ([SERVICE_NAME] on [BOOKING_DATE]) "
        "and took the refund. The booking is cancelled.\nRefunded to the customer: [AMOUNT]\n"
        "Platform commission retained from you: [COMMISSION]\n\nOpen the booking: [ORDER_URL]",
        "AMOUNT", "COMMISSION", "ORDER_URL", "INBOX_URL",
    ),
    _request_kind(
        "provider_cancelled", "customer", "To the customer when the provider cancelled their booking",
        "Your booking is cancelled: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nwe are sorry: [ORGANIZATION_NAME] had to cancel your booking [BOOKING_REFERENCE] "
        "for [SERVICE_NAME] on [BOOKING_DATE].\nReason: [REASON]\nRefunded to your card: [AMOUNT].",
        "REASON", "AMOUNT",
    ),
    _request_kind(
        "provider_cancelled_provider", "provider", "To the provider as the record of a cancellation they made",
        "You cancelled booking [BOOKING_REFERENCE]: [SERVICE_NAME] on [BOOKING_DATE]",
        "Booking [BOOKING_REFERENCE] of [CUSTOMER_NAME] for [SERVICE_NAME] on [BOOKING_DATE] is cancelled.\nReason: [REASON]\n"
        "Refunded to the customer: [AMOUNT]\nPlatform commission retained from you: [COMMISSION]\n\nOpen the booking: [ORDER_URL]",
        "REASON", "AMOUNT", "COMMISSION", "ORDER_URL", "INBOX_URL",
    ),
    _request_kind(
        "rebooking_asked", "customer", "To the customer when they asked the provider for a rebooking",
        "Your request for a new date was sent: [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\nyour request to move booking [BOOKING_REFERENCE] ([SERVICE_NAME] on [BOOKING_DATE]) "
        "was sent to [ORGANIZATION_NAME]:\n\n[MESSAGE]\n\nThey will propose new dates or answer you. Until then your booking stays as it is.",
        "MESSAGE",
    ),
    _request_kind(
        "rebooking_asked_provider", "provider", "To the provider when a customer asks for a rebooking (replies go to the customer)",
        "[CUSTOMER_NAME] asks for a new date: [SERVICE_NAME] on [BOOKING_DATE]",
        "[CUSTOMER_NAME] asks to move booking [BOOKING_REFERENCE] ([SERVICE_NAME] on [BOOKING_DATE]):\n\n[MESSAGE]\n\n"
        "Propose up to 3 new dates or decline with a message by [RESPOND_BY]. Without an answer the booking stays on its date.",
        "MESSAGE", "RESPOND_BY", "INBOX_URL",
    ),
    _request_kind(
        "rebooking_declined", "customer", "To the customer when the provider declined their request for a rebooking",
        "About your request for a new date: [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] cannot move your booking [BOOKING_REFERENCE] and writes:\n\n[MESSAGE]\n\n"
        "Your booking stays on [BOOKING_DATE].",
        "MESSAGE",
    ),
    _request_kind(
        "rebooking_expired_cancelled", "customer", "To the customer when they did not pick a new date in time (cancelled and refunded)",
        "No new date chosen: your booking is cancelled and refunded",
        "Hello [CUSTOMER_NAME],\n\nno new date was chosen for your booking [BOOKING_REFERENCE] ([SERVICE_NAME]) in time, "
        "so it is cancelled.\nRefunded to your card: [AMOUNT].",
        "AMOUNT",
    ),
    _request_kind(
        "rebooking_expired_kept", "customer", "To the customer when their rebooking was not settled in time (the date stays)",
        "Your booking stays on [BOOKING_DATE]: [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\nno new date was agreed in time for your booking [BOOKING_REFERENCE], "
        "so it stays on [BOOKING_DATE] ([SERVICE_NAME]).",
    ),
    _request_kind(
        "rebooking_expired_provider", "provider", "To the provider when a rebooking was not settled in time",
        "Rebooking not settled in time: [SERVICE_NAME], booking [BOOKING_REFERENCE]",
        "No new date was chosen in time for booking [BOOKING_REFERENCE] of [CUSTOMER_NAME] ([SERVICE_NAME]).\n"
        "Status now: [BOOKING_STATUS], on [BOOKING_DATE].\nRefunded to the customer: [AMOUNT]\n"
        "Platform commission retained from you: [COMMISSION]\n\nOpen the booking: [ORDER_URL]",
        "AMOUNT", "COMMISSION", "ORDER_URL", "INBOX_URL",
    ),
    # Issue 21: the provider took back the other times or new dates they had sent.
    _request_kind(
        "proposal_withdrawn", "customer", "To the customer when the provider withdrew the times or dates they proposed",
        "The proposed dates are withdrawn: [SERVICE_NAME]",
        "Hello [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] withdrew the dates they proposed for your booking [BOOKING_REFERENCE]. "
        "The dates in the earlier email can no longer be chosen.\n\nYour booking stays as it was: [SERVICE_NAME] on [BOOKING_DATE].",
    ),
]

# Class waitlists (issue 8). No booking exists yet, so [BOOKING_CONTROL_URL] is the
# customer's waitlist link (see the queue, claim an offer, leave). Claiming sends the
# usual class_booked email with the booking's own link and calendar file.
_WAITLIST_VARS = ("ORGANIZATION_NAME", "CUSTOMER_NAME", "CUSTOMER_EMAIL", "SERVICE_NAME", "BOOKING_DATE", "LOCATION",
                  "WAITLIST_POSITION", "BOOKING_CONTROL_URL")
_KINDS += [
    EmailKind(
        "waitlist_joined", "customer", "To the customer when they joined a class's waitlist (or staff added them)",
        _WAITLIST_VARS,
        {
            "en": (
                "You are on the waitlist: [SERVICE_NAME] on [BOOKING_DATE]",
                "Hello [CUSTOMER_NAME],\n\nyou are number [WAITLIST_POSITION] on the waitlist for [SERVICE_NAME] on [BOOKING_DATE]. "
                "When a place frees up and it is your turn, we email you a link to claim it.\n\n"
                "See your place in the queue or leave the waitlist: [BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
            ),
            "de": (
                "Du bist auf der Warteliste: [SERVICE_NAME] am [BOOKING_DATE]",
                "Hallo [CUSTOMER_NAME],\n\ndu bist Nummer [WAITLIST_POSITION] auf der Warteliste für [SERVICE_NAME] am [BOOKING_DATE]. "
                "Wenn ein Platz frei wird und du an der Reihe bist, schicken wir dir einen Link, mit dem du ihn dir sicherst.\n\n"
                "Deinen Platz in der Warteliste sehen oder die Warteliste verlassen: [BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
            ),
            "pl": (
                "Jesteś na liście oczekujących: [SERVICE_NAME], [BOOKING_DATE]",
                "Dzień dobry [CUSTOMER_NAME],\n\nmasz numer [WAITLIST_POSITION] na liście oczekujących na [SERVICE_NAME] w terminie "
                "[BOOKING_DATE]. Gdy zwolni się miejsce i przyjdzie Twoja kolej, wyślemy Ci link, aby je zająć.\n\n"
                "Zobacz swoje miejsce w kolejce lub opuść listę oczekujących: [BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
            ),
        },
    ),
    EmailKind(
        "waitlist_offer", "customer", "To the first customer on a class's waitlist when a place frees up, with the link to claim it",
        _WAITLIST_VARS + ("RESPOND_BY", "CREDITS"),
        {
            "en": (
                "A place is free for you: [SERVICE_NAME] on [BOOKING_DATE]",
                "Hello [CUSTOMER_NAME],\n\na place in [SERVICE_NAME] on [BOOKING_DATE] is free, and it is yours if you claim it "
                "by [RESPOND_BY]. Claiming books the place and takes [CREDITS] credits from your balance. After that the "
                "place is offered to the next person on the waitlist.\nLocation: [LOCATION]\n\n"
                "Claim your place (or leave the waitlist): [BOOKING_CONTROL_URL]\n"
                "This link replaces the one in earlier waitlist emails.\n\n[ORGANIZATION_NAME]",
            ),
            "de": (
                "Ein Platz ist für dich frei: [SERVICE_NAME] am [BOOKING_DATE]",
                "Hallo [CUSTOMER_NAME],\n\nin [SERVICE_NAME] am [BOOKING_DATE] ist ein Platz frei, und er gehört dir, wenn du ihn "
                "bis [RESPOND_BY] annimmst. Mit dem Annehmen ist der Platz gebucht, und [CREDITS] Credits werden von deinem "
                "Guthaben abgezogen. Danach wird der Platz der nächsten Person auf der Warteliste angeboten.\nOrt: [LOCATION]\n\n"
                "Platz annehmen (oder die Warteliste verlassen): [BOOKING_CONTROL_URL]\n"
                "Dieser Link ersetzt den aus früheren Wartelisten-E-Mails.\n\n[ORGANIZATION_NAME]",
            ),
            "pl": (
                "Zwolniło się miejsce dla Ciebie: [SERVICE_NAME], [BOOKING_DATE]",
                "Dzień dobry [CUSTOMER_NAME],\n\nna [SERVICE_NAME] w terminie [BOOKING_DATE] zwolniło się miejsce i jest Twoje, "
                "jeśli zajmiesz je do [RESPOND_BY]. Zajęcie miejsca oznacza rezerwację i pobranie [CREDITS] kredytów z Twojego "
                "salda. Potem miejsce zostanie zaproponowane kolejnej osobie z listy oczekujących.\nMiejsce: [LOCATION]\n\n"
                "Zajmij miejsce (lub opuść listę oczekujących): [BOOKING_CONTROL_URL]\n"
                "Ten link zastępuje link z wcześniejszych wiadomości o liście oczekujących.\n\n[ORGANIZATION_NAME]",
            ),
        },
    ),
]

# Issue 22: an offer that ran out is told to the person who lost it, so they do not keep
# waiting for a place that went to the next person.
_KINDS += [
    EmailKind(
        "waitlist_offer_pay_on_site", "customer",
        "To the next customer on a class's waitlist who pays on site (too few credits, and the business allows it)",
        _WAITLIST_VARS + ("RESPOND_BY",),
        {
            "en": (
                "A place is free for you: [SERVICE_NAME] on [BOOKING_DATE]",
                "Hello [CUSTOMER_NAME],\n\na place in [SERVICE_NAME] on [BOOKING_DATE] is free, and it is yours if you claim it "
                "by [RESPOND_BY]. Your credits do not cover it: claim it anyway and pay at the class. After that the place is "
                "offered to the next person on the waitlist.\nLocation: [LOCATION]\n\n"
                "Claim your place (or leave the waitlist): [BOOKING_CONTROL_URL]\n"
                "This link replaces the one in earlier waitlist emails.\n\n[ORGANIZATION_NAME]",
            ),
            "de": (
                "Ein Platz ist für dich frei: [SERVICE_NAME] am [BOOKING_DATE]",
                "Hallo [CUSTOMER_NAME],\n\nin [SERVICE_NAME] am [BOOKING_DATE] ist ein Platz frei, und er gehört dir, wenn du ihn "
                "bis [RESPOND_BY] annimmst. Dein Guthaben reicht dafür nicht: Nimm ihn trotzdem an und zahl vor Ort. Danach "
                "wird der Platz der nächsten Person auf der Warteliste angeboten.\nOrt: [LOCATION]\n\n"
                "Platz annehmen (oder die Warteliste verlassen): [BOOKING_CONTROL_URL]\n"
                "Dieser Link ersetzt den aus früheren Wartelisten-E-Mails.\n\n[ORGANIZATION_NAME]",
            ),
            "pl": (
                "Zwolniło się miejsce dla Ciebie: [SERVICE_NAME], [BOOKING_DATE]",
                "Dzień dobry [CUSTOMER_NAME],\n\nna [SERVICE_NAME] w terminie [BOOKING_DATE] zwolniło się miejsce i jest Twoje, "
                "jeśli zajmiesz je do [RESPOND_BY]. Twoje kredyty nie wystarczą: zajmij je mimo to i zapłać na miejscu. Potem "
                "miejsce zostanie zaproponowane kolejnej osobie z listy oczekujących.\nMiejsce: [LOCATION]\n\n"
                "Zajmij miejsce (lub opuść listę oczekujących): [BOOKING_CONTROL_URL]\n"
                "Ten link zastępuje link z wcześniejszych wiadomości o liście oczekujących.\n\n[ORGANIZATION_NAME]",
            ),
        },
    ),
    EmailKind(
        "waitlist_offer_lapsed", "customer", "To a customer whose waitlist offer ran out before they claimed the place",
        _WAITLIST_VARS,
        {
            "en": (
                "Your waitlist offer has lapsed: [SERVICE_NAME] on [BOOKING_DATE]",
                "Hello [CUSTOMER_NAME],\n\nthe place we offered you in [SERVICE_NAME] on [BOOKING_DATE] was not claimed in time, "
                "so it went to the next person on the waitlist. You are no longer on this waitlist and nothing was booked or "
                "charged.\n\nSee the class or join its waitlist again: [BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
            ),
            "de": (
                "Dein Wartelisten-Angebot ist abgelaufen: [SERVICE_NAME] am [BOOKING_DATE]",
                "Hallo [CUSTOMER_NAME],\n\nden Platz in [SERVICE_NAME] am [BOOKING_DATE], den wir dir angeboten haben, hast du "
                "nicht rechtzeitig angenommen. Er ging an die nächste Person auf der Warteliste. Du bist nicht mehr auf dieser "
                "Warteliste; gebucht oder abgebucht wurde nichts.\n\nDen Kurs ansehen oder dich wieder auf die Warteliste setzen: "
                "[BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
            ),
            "pl": (
                "Twoja oferta z listy oczekujących wygasła: [SERVICE_NAME], [BOOKING_DATE]",
                "Dzień dobry [CUSTOMER_NAME],\n\nmiejsce na [SERVICE_NAME] w terminie [BOOKING_DATE], które Ci zaproponowaliśmy, "
                "nie zostało zajęte na czas, więc trafiło do kolejnej osoby z listy oczekujących. Nie jesteś już na tej liście; "
                "nic nie zostało zarezerwowane ani pobrane.\n\nZobacz zajęcia lub zapisz się ponownie na listę oczekujących: "
                "[BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
            ),
        },
    ),
]

# Customer sign-in by email link (customer accounts).
_KINDS += [
    EmailKind(
        "customer_sign_in", "customer", "To a customer who asked for a sign-in link to see their bookings",
        ("ORGANIZATION_NAME", "CUSTOMER_NAME", "SIGN_IN_URL"),
        {
            "en": (
                "Your sign-in link for [ORGANIZATION_NAME]",
                "Hello [CUSTOMER_NAME],\n\nuse this link to sign in and see your bookings with [ORGANIZATION_NAME]:\n[SIGN_IN_URL]\n\n"
                "The link works once, within 15 minutes. If you did not ask for it, ignore this email: nothing changes.\n\n"
                "[ORGANIZATION_NAME]",
            ),
        },
    ),
]

# Customer sign-up on the portal (issue 22): the link that verifies a new address and signs in.
_KINDS += [
    EmailKind(
        "customer_sign_up", "customer", "To a new customer who created an account on the portal: the link that verifies "
        "their email and signs them in",
        ("ORGANIZATION_NAME", "CUSTOMER_NAME", "SIGN_IN_URL"),
        {
            "en": (
                "Confirm your email for [ORGANIZATION_NAME]",
                "Hello [CUSTOMER_NAME],\n\nwelcome to [ORGANIZATION_NAME]. Open this link to confirm your email and sign in:\n"
                "[SIGN_IN_URL]\n\nThe link works once, within 15 minutes. If you did not create an account, ignore this email: "
                "nothing happens.\n\n[ORGANIZATION_NAME]",
            ),
            "de": (
                "Bestätige deine E-Mail-Adresse für [ORGANIZATION_NAME]",
                "Hallo [CUSTOMER_NAME],\n\nwillkommen bei [ORGANIZATION_NAME]. Öffne diesen Link, um deine E-Mail-Adresse zu "
                "bestätigen und dich anzumelden:\n[SIGN_IN_URL]\n\nDer Link funktioniert einmal, innerhalb von 15 Minuten. "
                "Wenn du kein Konto angelegt hast, ignoriere diese E-Mail: Es passiert nichts.\n\n[ORGANIZATION_NAME]",
            ),
            "pl": (
                "Potwierdź swój adres e-mail – [ORGANIZATION_NAME]",
                "Dzień dobry [CUSTOMER_NAME],\n\nwitamy w [ORGANIZATION_NAME]. Otwórz ten link, aby potwierdzić adres e-mail "
                "i się zalogować:\n[SIGN_IN_URL]\n\nLink działa jeden raz, przez 15 minut. Jeśli to nie Ty zakładasz konto, "
                "zignoruj tę wiadomość: nic się nie stanie.\n\n[ORGANIZATION_NAME]",
            ),
        },
    ),
]

# The team (issue 19): an invitation to join, and the record of what a staff member did.
_KINDS += [
    EmailKind(
        "staff_invitation", "provider", "To a new team member: the one-time link to join and set a password",
        ("ORGANIZATION_NAME", "STAFF_NAME", "INVITED_BY", "INVITATION_URL"),
        {
            "en": (
                "Join [ORGANIZATION_NAME] on Bookings",
                "Hello [STAFF_NAME],\n\n[INVITED_BY] invites you to the team of [ORGANIZATION_NAME]. "
                "Open this link to set your password and sign in:\n[INVITATION_URL]\n\n"
                "The link works once, for 7 days. If you did not expect this email, ignore it: nothing happens.\n\n[ORGANIZATION_NAME]",
            ),
            "de": (
                "Werde Teil von [ORGANIZATION_NAME] bei Bookings",
                "Hallo [STAFF_NAME],\n\n[INVITED_BY] lädt dich in das Team von [ORGANIZATION_NAME] ein. "
                "Öffne diesen Link, um dein Passwort festzulegen und dich anzumelden:\n[INVITATION_URL]\n\n"
                "Der Link funktioniert einmal, 7 Tage lang. Wenn du diese E-Mail nicht erwartet hast, ignoriere sie: "
                "Es passiert nichts.\n\n[ORGANIZATION_NAME]",
            ),
            "pl": (
                "Dołącz do [ORGANIZATION_NAME] w Bookings",
                "Dzień dobry [STAFF_NAME],\n\n[INVITED_BY] zaprasza Cię do zespołu [ORGANIZATION_NAME]. "
                "Otwórz ten link, aby ustawić hasło i się zalogować:\n[INVITATION_URL]\n\n"
                "Link działa jeden raz, przez 7 dni. Jeśli nie spodziewasz się tej wiadomości, zignoruj ją: nic się nie stanie.\n\n"
                "[ORGANIZATION_NAME]",
            ),
        },
    ),
    EmailKind(
        "staff_action_done", "provider", "To the staff member who acted on a booking, as their record of it (for example a rejected request)",
        booking_variables("ACTION", "REASON", "STAFF_NAME", "INBOX_URL"),
        {
            "en": (
                "[ACTION]: [SERVICE_NAME] on [BOOKING_DATE]",
                "Hello [STAFF_NAME],\n\n[ACTION]. This is your record of it.\nBooking [BOOKING_REFERENCE] of [CUSTOMER_NAME] for [SERVICE_NAME] "
                "on [BOOKING_DATE]\nStatus now: [BOOKING_STATUS]\nReason: [REASON]" + _PROVIDER_LINK,
            ),
            "de": (
                "[ACTION]: [SERVICE_NAME] am [BOOKING_DATE]",
                "Hallo [STAFF_NAME],\n\n[ACTION]. Dies ist deine Bestätigung dafür.\nBuchung [BOOKING_REFERENCE] von [CUSTOMER_NAME] für [SERVICE_NAME] "
                "am [BOOKING_DATE]\nStatus jetzt: [BOOKING_STATUS]\nGrund: [REASON]\n\nIm Posteingang öffnen: [INBOX_URL]",
            ),
            "pl": (
                "[ACTION]: [SERVICE_NAME], [BOOKING_DATE]",
                "Dzień dobry [STAFF_NAME],\n\n[ACTION]. To jest Twoje potwierdzenie.\nRezerwacja [BOOKING_REFERENCE] klienta "
                "[CUSTOMER_NAME] na [SERVICE_NAME] w terminie [BOOKING_DATE]\nStatus teraz: [BOOKING_STATUS]\nPowód: [REASON]"
                "\n\nOtwórz w skrzynce odbiorczej: [INBOX_URL]",
            ),
        },
    ),
]

# Customer reminders (issue 20): a set time before a confirmed booking, sent by the
# sweeper with the calendar file (services/reminders.py).
_KINDS += [
    EmailKind(
        "booking_reminder", "customer",
        "To the customer a set time before their booking (Settings → Business), with a calendar file",
        _BOOKING_VARS,
        {
            "en": (
                "Reminder: [SERVICE_NAME] on [BOOKING_DATE]",
                "Hello [CUSTOMER_NAME],\n\na reminder of your booking [BOOKING_REFERENCE]: [SERVICE_NAME] on [BOOKING_DATE].\n"
                "Location: [LOCATION]\nPeople: [PARTY_SIZE]\n\nThe calendar file is attached.\n\n"
                "View or manage your booking (or turn these reminders off): [BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
            ),
            "de": (
                "Erinnerung: [SERVICE_NAME] am [BOOKING_DATE]",
                "Hallo [CUSTOMER_NAME],\n\nwir erinnern dich an deine Buchung [BOOKING_REFERENCE]: [SERVICE_NAME] am [BOOKING_DATE].\n"
                "Ort: [LOCATION]\nPersonen: [PARTY_SIZE]\n\nDie Kalenderdatei ist angehängt.\n\n"
                "Buchung ansehen oder ändern (oder diese Erinnerungen abschalten): [BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
            ),
            "pl": (
                "Przypomnienie: [SERVICE_NAME], [BOOKING_DATE]",
                "Dzień dobry [CUSTOMER_NAME],\n\nPrzypominamy o Twojej rezerwacji [BOOKING_REFERENCE]: [SERVICE_NAME] w terminie "
                "[BOOKING_DATE].\nMiejsce: [LOCATION]\nLiczba osób: [PARTY_SIZE]\n\nW załączniku jest plik kalendarza.\n\n"
                "Zobacz rezerwację lub zarządzaj nią (albo wyłącz te przypomnienia): [BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
            ),
        },
    ),
]

# Unpaid prepaid bookings (issue 21, item 8): a reminder before the payment deadline, and
# where the business cancels unpaid bookings, the cancellation (services/payment_deadlines.py).
_KINDS += [
    _request_kind(
        "payment_deadline_reminder", "customer",
        "To the customer before the deadline to pay a booking that needs prepayment (Settings → Business)",
        "Please pay by [PAYMENT_DEADLINE]: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nyour booking [BOOKING_REFERENCE] for [SERVICE_NAME] on [BOOKING_DATE] is not paid yet. "
        "Please pay [PRICE] by [PAYMENT_DEADLINE] with the link below.",
        "PAYMENT_DEADLINE",
    ),
    _request_kind(
        "booking_unpaid_cancelled", "customer",
        "To the customer when their booking was cancelled because it was not paid by the deadline (with a calendar file)",
        "Booking cancelled (not paid): [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nyour booking [BOOKING_REFERENCE] for [SERVICE_NAME] on [BOOKING_DATE] was not paid by "
        "[PAYMENT_DEADLINE], so it is cancelled and the time is free again. Nothing was charged. You are welcome to book again.",
        "PAYMENT_DEADLINE",
    ),
    _request_kind(
        "booking_unpaid_cancelled_provider", "provider",
        "To the provider when an unpaid booking was cancelled at its payment deadline",
        "Unpaid booking cancelled: [SERVICE_NAME] on [BOOKING_DATE]",
        "[CUSTOMER_NAME] did not pay booking [BOOKING_REFERENCE] ([SERVICE_NAME] on [BOOKING_DATE]) by [PAYMENT_DEADLINE]. "
        "As your settings say, it is cancelled and the time is free again.\n\nOpen the booking: [ORDER_URL]",
        "PAYMENT_DEADLINE", "ORDER_URL", "INBOX_URL",
    ),
]

# Verified email (issue 21): a portal booking from an address never confirmed waits for
# the customer to open this link (services/address_checks.py).
_KINDS += [
    _request_kind(
        "confirm_booking_email", "customer",
        "To the customer when a booking from an address not yet confirmed waits for them to confirm it",
        "Please confirm your booking: [SERVICE_NAME] on [BOOKING_DATE]",
        "Hello [CUSTOMER_NAME],\n\nplease confirm your booking [BOOKING_REFERENCE] for [SERVICE_NAME] on [BOOKING_DATE] "
        "by opening this link:\n[CONFIRM_URL]\n\n[ORGANIZATION_NAME] receives the booking once you confirm. Until then the time "
        "is held for you; if it is not confirmed by [RESPOND_BY], the booking lapses and the time is freed.\n"
        "If you did not make this booking, ignore this email: nothing happens.",
        "CONFIRM_URL", "RESPOND_BY",
    ),
]

# Credit packs (issue 22): the receipt of a pack bought on the portal, and its refund by staff
# (services/credit_packs.py). No booking: [CREDITS_URL] is the customer's credits page.
_PACK_VARS = ("ORGANIZATION_NAME", "CUSTOMER_NAME", "CUSTOMER_EMAIL", "PACK_NAME", "CREDITS", "PRICE", "EXPIRES_ON",
              "CREDIT_BALANCE", "CREDITS_URL")
_KINDS += [
    EmailKind(
        "credit_pack_receipt", "customer", "To the customer when they bought a credit pack: the receipt",
        _PACK_VARS,
        {
            "en": (
                "Your receipt: [PACK_NAME]",
                "Hello [CUSTOMER_NAME],\n\nthank you for buying [PACK_NAME]: [CREDITS] credits for [PRICE], paid by card. "
                "They are valid until [EXPIRES_ON]; the credits that expire first are used first. "
                "Your balance is now [CREDIT_BALANCE] credits.\n\nSee your credits or book a class: [CREDITS_URL]\n\n"
                "[ORGANIZATION_NAME]",
            ),
            "de": (
                "Deine Quittung: [PACK_NAME]",
                "Hallo [CUSTOMER_NAME],\n\ndanke für deinen Kauf von [PACK_NAME]: [CREDITS] Credits für [PRICE], mit Karte "
                "bezahlt. Sie gelten bis [EXPIRES_ON]; die Credits, die zuerst ablaufen, werden zuerst verwendet. "
                "Dein Guthaben beträgt jetzt [CREDIT_BALANCE] Credits.\n\nDeine Credits ansehen oder einen Kurs buchen: "
                "[CREDITS_URL]\n\n[ORGANIZATION_NAME]",
            ),
            "pl": (
                "Twoje potwierdzenie zakupu: [PACK_NAME]",
                "Dzień dobry [CUSTOMER_NAME],\n\ndziękujemy za zakup [PACK_NAME]: [CREDITS] kredytów za [PRICE], płatność kartą. "
                "Są ważne do [EXPIRES_ON]; najpierw wykorzystywane są kredyty, które wygasają najwcześniej. "
                "Twoje saldo wynosi teraz [CREDIT_BALANCE] kredytów.\n\nZobacz swoje kredyty lub zarezerwuj zajęcia: "
                "[CREDITS_URL]\n\n[ORGANIZATION_NAME]",
            ),
        },
    ),
    EmailKind(
        "credit_pack_refunded", "customer", "To the customer when staff refunded a credit pack they bought",
        _PACK_VARS + ("AMOUNT", "CREDITS_REFUNDED", "REASON"),
        {
            "en": (
                "Refund: [PACK_NAME]",
                "Hello [CUSTOMER_NAME],\n\nwe refunded [AMOUNT] for [PACK_NAME] to your card; [CREDITS_REFUNDED] unused "
                "credits of it were removed from your balance, which is now [CREDIT_BALANCE] credits.\nReason: [REASON]\n\n"
                "See your credits: [CREDITS_URL]\n\n[ORGANIZATION_NAME]",
            ),
            "de": (
                "Erstattung: [PACK_NAME]",
                "Hallo [CUSTOMER_NAME],\n\nwir haben dir [AMOUNT] für [PACK_NAME] auf deine Karte erstattet; [CREDITS_REFUNDED] "
                "nicht genutzte Credits daraus wurden von deinem Guthaben abgezogen, das jetzt [CREDIT_BALANCE] Credits beträgt.\n"
                "Grund: [REASON]\n\nDeine Credits ansehen: [CREDITS_URL]\n\n[ORGANIZATION_NAME]",
            ),
            "pl": (
                "Zwrot: [PACK_NAME]",
                "Dzień dobry [CUSTOMER_NAME],\n\nzwróciliśmy [AMOUNT] za [PACK_NAME] na Twoją kartę; [CREDITS_REFUNDED] "
                "niewykorzystanych kredytów z tego pakietu usunięto z Twojego salda, które wynosi teraz [CREDIT_BALANCE] kredytów.\n"
                "Powód: [REASON]\n\nZobacz swoje kredyty: [CREDITS_URL]\n\n[ORGANIZATION_NAME]",
            ),
        },
    ),
]

# German and Polish defaults. Kept apart from the English entries above so a kind added
# later without a translation still works: it falls back to English until one is added
# here. Each text uses exactly the variables of its English default (a unit test checks).
_SIGNOFFS = {
    "de": {
        "customer": "\n\nBuchung ansehen oder ändern: [BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
        "provider": "\n\nIm Posteingang öffnen: [INBOX_URL]",
    },
    "pl": {
        "customer": "\n\nZobacz rezerwację lub zarządzaj nią: [BOOKING_CONTROL_URL]\n\n[ORGANIZATION_NAME]",
        "provider": "\n\nOtwórz w skrzynce odbiorczej: [INBOX_URL]",
    },
}


def _signed(audience: str, de: tuple[str, str], pl: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """Translations of a `_request_kind` email: its sign-off is added as in English."""
    return {lang: (subject, body + _SIGNOFFS[lang][audience]) for lang, (subject, body) in (("de", de), ("pl", pl))}


def _unsigned(de: tuple[str, str], pl: tuple[str, str]) -> dict[str, tuple[str, str]]:
    """Translations of a `_request_kind(..., signoff=False)` email."""
    return {"de": de, "pl": pl}


_TRANSLATIONS: dict[str, dict[str, tuple[str, str]]] = {
    "test_message": {
        "pl": (
            "Wiadomość testowa od [ORGANIZATION_NAME]",
            "Cześć [STAFF_NAME],\n\nTo jest testowy e-mail. Jeśli możesz go przeczytać, wysyłka e-maili działa.\n\n[ORGANIZATION_NAME]",
        ),
    },
    "request_received": _signed(
        "customer",
        de=("Wir haben deine Anfrage erhalten: [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\nvielen Dank für deine Anfrage für [SERVICE_NAME] am [BOOKING_DATE] ([PARTY_SIZE] Personen).\n"
            "[ORGANIZATION_NAME] antwortet bis [RESPOND_BY]. Auf deiner Karte sind nur [HOLD_AMOUNT] reserviert: "
            "Abgebucht wird erst, wenn die Buchung bestätigt ist."),
        pl=("Otrzymaliśmy Twoje zapytanie: [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\nDziękujemy za zapytanie o [SERVICE_NAME] w terminie [BOOKING_DATE] (liczba osób: [PARTY_SIZE]).\n"
            "[ORGANIZATION_NAME] odpowie do [RESPOND_BY]. Na Twojej karcie zablokowano tylko [HOLD_AMOUNT]: "
            "nic nie zostanie pobrane, dopóki rezerwacja nie zostanie potwierdzona."),
    ),
    "new_booking": _unsigned(
        de=("Neue Buchung: [SERVICE_NAME] am [BOOKING_DATE]",
            "[CUSTOMER_NAME] ([CUSTOMER_EMAIL]) fragt [SERVICE_NAME] am [BOOKING_DATE] für [PARTY_SIZE] Personen an.\n"
            "Notiz: [MESSAGE]\n\nBitte antworte bis [RESPOND_BY]; danach wird die Anfrage automatisch abgelehnt "
            "und die Reservierung von [HOLD_AMOUNT] freigegeben.\n\nAuf diese Buchung antworten: [INBOX_URL]"),
        pl=("Nowa rezerwacja: [SERVICE_NAME], [BOOKING_DATE]",
            "[CUSTOMER_NAME] ([CUSTOMER_EMAIL]) prosi o [SERVICE_NAME] w terminie [BOOKING_DATE] (liczba osób: [PARTY_SIZE]).\n"
            "Uwagi: [MESSAGE]\n\nOdpowiedz do [RESPOND_BY]; po tym czasie zapytanie zostanie automatycznie odrzucone, "
            "a blokada [HOLD_AMOUNT] zwolniona.\n\nOdpowiedz na tę rezerwację: [INBOX_URL]"),
    ),
    "respond_reminder": _signed(
        "provider",
        de=("Noch [TIME_LEFT] zum Antworten: [SERVICE_NAME] am [BOOKING_DATE]",
            "Die Anfrage von [CUSTOMER_NAME] für [SERVICE_NAME] am [BOOKING_DATE] wartet noch auf deine Antwort.\n"
            "Ohne Antwort bis [RESPOND_BY] (in [TIME_LEFT]) wird sie automatisch abgelehnt."),
        pl=("Pozostały czas na odpowiedź: [TIME_LEFT] – [SERVICE_NAME], [BOOKING_DATE]",
            "Zapytanie od [CUSTOMER_NAME] o [SERVICE_NAME] w terminie [BOOKING_DATE] nadal czeka na Twoją odpowiedź.\n"
            "Bez odpowiedzi do [RESPOND_BY] (pozostały czas: [TIME_LEFT]) zostanie automatycznie odrzucone."),
    ),
    "booking_confirmed": _signed(
        "customer",
        de=("Buchung bestätigt: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\ndeine Buchung [BOOKING_REFERENCE] für [SERVICE_NAME] am [BOOKING_DATE] ist bestätigt.\n"
            "Ort: [LOCATION]\nPreis: [PRICE]"),
        pl=("Rezerwacja potwierdzona: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nTwoja rezerwacja [BOOKING_REFERENCE] na [SERVICE_NAME] w terminie [BOOKING_DATE] "
            "jest potwierdzona.\nMiejsce: [LOCATION]\nCena: [PRICE]"),
    ),
    "location_message": _signed(
        "customer",
        de=("Zum Ort deiner Buchung: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\n[MESSAGE]\n\nAntworte einfach auf diese E-Mail, um [ORGANIZATION_NAME] direkt zu schreiben."),
        pl=("W sprawie miejsca Twojej rezerwacji: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[MESSAGE]\n\nOdpowiedz na tę wiadomość, aby napisać bezpośrednio do [ORGANIZATION_NAME]."),
    ),
    "reschedule_proposed": _signed(
        "customer",
        de=("Andere Termine vorgeschlagen: [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] kann am [BOOKING_DATE] leider nicht und schreibt:\n\n[MESSAGE]\n\n"
            "Wähle einen dieser Termine:\n[PROPOSED_SLOTS]\n\nDu kannst auch mit einer Nachricht antworten oder um eine Erstattung "
            "bitten (die Reservierung auf deiner Karte wird dann freigegeben). Bitte antworte bis [RESPOND_BY]."),
        pl=("Zaproponowano inne terminy: [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] nie może zrealizować rezerwacji w terminie [BOOKING_DATE] i pisze:\n\n"
            "[MESSAGE]\n\nWybierz jeden z tych terminów:\n[PROPOSED_SLOTS]\n\nMożesz też odpowiedzieć wiadomością albo poprosić "
            "o zwrot (blokada na Twojej karcie zostanie wtedy zwolniona). Odpowiedz do [RESPOND_BY]."),
    ),
    "slot_picked": _signed(
        "provider",
        de=("[CUSTOMER_NAME] hat [BOOKING_DATE] gewählt",
            "[CUSTOMER_NAME] hat [BOOKING_DATE] für [SERVICE_NAME] gewählt. Die Buchung ist bestätigt und die Zahlung "
            "von [PRICE] eingezogen."),
        pl=("Wybrany termin: [BOOKING_DATE] ([CUSTOMER_NAME])",
            "[CUSTOMER_NAME] wybiera termin [BOOKING_DATE] na [SERVICE_NAME]. Rezerwacja jest potwierdzona, "
            "a płatność [PRICE] pobrana."),
    ),
    "customer_replied": _signed(
        "provider",
        de=("[CUSTOMER_NAME] hat zu [SERVICE_NAME] geschrieben",
            "[CUSTOMER_NAME] schreibt zu [SERVICE_NAME] am [BOOKING_DATE] ([BOOKING_REFERENCE]):\n\n[MESSAGE]\n\n"
            "Vorgeschlagener Termin: [SUGGESTED_TIME]\n\nAntworte auf diese E-Mail, um dem Kunden direkt zu schreiben."),
        pl=("Wiadomość od [CUSTOMER_NAME] w sprawie [SERVICE_NAME]",
            "[CUSTOMER_NAME] pisze w sprawie [SERVICE_NAME], [BOOKING_DATE] ([BOOKING_REFERENCE]):\n\n[MESSAGE]\n\n"
            "Proponowany termin: [SUGGESTED_TIME]\n\nOdpowiedz na tę wiadomość, aby napisać bezpośrednio do klienta."),
    ),
    "provider_message": _signed(
        "customer",
        de=("Eine Nachricht zu deiner Buchung: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] schreibt zu deiner Buchung [BOOKING_REFERENCE]:\n\n[MESSAGE]\n\n"
            "Antworte auf diese E-Mail, um [ORGANIZATION_NAME] direkt zu schreiben, oder schreib auf der Seite deiner Buchung."),
        pl=("Wiadomość w sprawie Twojej rezerwacji: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] pisze w sprawie Twojej rezerwacji [BOOKING_REFERENCE]:\n\n[MESSAGE]\n\n"
            "Odpowiedz na tę wiadomość, aby napisać bezpośrednio do [ORGANIZATION_NAME], lub napisz na stronie swojej rezerwacji."),
    ),
    "refund_requested": _signed(
        "customer",
        de=("Deine Anfrage ist storniert: [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\nwie gewünscht ist deine Anfrage [BOOKING_REFERENCE] storniert und die Reservierung "
            "von [HOLD_AMOUNT] auf deiner Karte freigegeben. Es wurde nichts abgebucht."),
        pl=("Twoje zapytanie zostało anulowane: [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\nZgodnie z Twoją prośbą zapytanie [BOOKING_REFERENCE] zostało anulowane, "
            "a blokada [HOLD_AMOUNT] na Twojej karcie zwolniona. Nic nie zostało pobrane."),
    ),
    "refund_requested_provider": _signed(
        "provider",
        de=("[CUSTOMER_NAME] möchte eine Erstattung: [SERVICE_NAME]",
            "[CUSTOMER_NAME] hat keinen der vorgeschlagenen Termine gewählt und um eine Erstattung gebeten. "
            "Die Anfrage [BOOKING_REFERENCE] ist storniert und die Reservierung freigegeben."),
        pl=("[CUSTOMER_NAME] prosi o zwrot: [SERVICE_NAME]",
            "[CUSTOMER_NAME] nie wybiera żadnego z proponowanych terminów i prosi o zwrot. "
            "Zapytanie [BOOKING_REFERENCE] zostało anulowane, a blokada zwolniona."),
    ),
    "request_rejected": _signed(
        "customer",
        de=("Deine Anfrage konnte nicht angenommen werden: [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\nleider kann [ORGANIZATION_NAME] deine Anfrage für [SERVICE_NAME] am [BOOKING_DATE] "
            "nicht annehmen.\nGrund: [REASON]\n\nDie Reservierung von [HOLD_AMOUNT] auf deiner Karte ist freigegeben. "
            "Es wurde nichts abgebucht."),
        pl=("Nie udało się przyjąć Twojego zapytania: [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\nNiestety [ORGANIZATION_NAME] nie może przyjąć Twojego zapytania o [SERVICE_NAME] "
            "w terminie [BOOKING_DATE].\nPowód: [REASON]\n\nBlokada [HOLD_AMOUNT] na Twojej karcie została zwolniona. "
            "Nic nie zostało pobrane."),
    ),
    "request_expired": _signed(
        "customer",
        de=("Keine rechtzeitige Antwort: deine Anfrage für [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] hat deine Anfrage für [SERVICE_NAME] am [BOOKING_DATE] nicht "
            "rechtzeitig beantwortet, daher ist sie storniert.\nDie Reservierung von [HOLD_AMOUNT] auf deiner Karte ist "
            "freigegeben. Es wurde nichts abgebucht."),
        pl=("Brak odpowiedzi w terminie: Twoje zapytanie o [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] nie odpowiada na czas na Twoje zapytanie o [SERVICE_NAME] "
            "w terminie [BOOKING_DATE], dlatego zostało ono anulowane.\nBlokada [HOLD_AMOUNT] na Twojej karcie została "
            "zwolniona. Nic nie zostało pobrane."),
    ),
    "request_expired_provider": _signed(
        "provider",
        de=("Anfrage abgelaufen: [SERVICE_NAME] am [BOOKING_DATE]",
            "Die Anfrage von [CUSTOMER_NAME] für [SERVICE_NAME] am [BOOKING_DATE] wurde bis [RESPOND_BY] nicht beantwortet. "
            "Sie wurde automatisch abgelehnt und die Reservierung freigegeben."),
        pl=("Zapytanie wygasło: [SERVICE_NAME], [BOOKING_DATE]",
            "Zapytanie od [CUSTOMER_NAME] o [SERVICE_NAME] w terminie [BOOKING_DATE] nie otrzymało odpowiedzi do [RESPOND_BY]. "
            "Zostało automatycznie odrzucone, a blokada zwolniona."),
    ),
    "booking_payment_required": _signed(
        "customer",
        de=("Buchungsbestätigung – Zahlung erforderlich: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\ndeine Buchung [BOOKING_REFERENCE] für [SERVICE_NAME] am [BOOKING_DATE] ist reserviert. "
            "Sie erfordert eine Vorauszahlung von [PRICE]: Bitte bezahle auf deiner Buchungsseite."),
        pl=("Potwierdzenie rezerwacji – wymagana płatność: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nTermin [BOOKING_DATE] na [SERVICE_NAME] jest dla Ciebie zarezerwowany "
            "(rezerwacja [BOOKING_REFERENCE]). Wymaga przedpłaty w wysokości [PRICE]: zapłać na stronie swojej rezerwacji."),
    ),
    "new_booking_instant": _signed(
        "provider",
        de=("Neue Buchung: [SERVICE_NAME] am [BOOKING_DATE]",
            "[CUSTOMER_NAME] ([CUSTOMER_EMAIL]) hat [SERVICE_NAME] am [BOOKING_DATE] gebucht. Status: [BOOKING_STATUS]."),
        pl=("Nowa rezerwacja: [SERVICE_NAME], [BOOKING_DATE]",
            "[CUSTOMER_NAME] ([CUSTOMER_EMAIL]) rezerwuje [SERVICE_NAME] w terminie [BOOKING_DATE]. Status: [BOOKING_STATUS]."),
    ),
    "card_action_needed": _signed(
        "customer",
        de=("Bitte bestätige deine Karte: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\ndeine Anfrage wartet noch, aber die Reservierung auf deiner Karte läuft am [RESPOND_BY] "
            "ab und deine Bank möchte, dass du eine neue bestätigst. Bitte öffne deine Buchung und gib deine Karte erneut ein, "
            "sonst endet die Anfrage zu diesem Zeitpunkt."),
        pl=("Potwierdź swoją kartę: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nTwoje zapytanie nadal czeka, ale blokada na Twojej karcie wygasa [RESPOND_BY], "
            "a Twój bank prosi o potwierdzenie nowej. Otwórz swoją rezerwację i podaj dane karty ponownie – "
            "w przeciwnym razie zapytanie wtedy wygaśnie."),
    ),
    "proposal_expired": _signed(
        "customer",
        de=("Deine Anfrage für [SERVICE_NAME] ist storniert",
            "Hallo [CUSTOMER_NAME],\n\ndu hast bis [RESPOND_BY] keinen der vorgeschlagenen Termine gewählt, daher ist deine "
            "Anfrage storniert. Die Reservierung von [HOLD_AMOUNT] auf deiner Karte ist freigegeben."),
        pl=("Twoje zapytanie o [SERVICE_NAME] zostało anulowane",
            "Dzień dobry [CUSTOMER_NAME],\n\nDo [RESPOND_BY] nie wybrano żadnego z proponowanych terminów, dlatego Twoje "
            "zapytanie zostało anulowane. Blokada [HOLD_AMOUNT] na Twojej karcie została zwolniona."),
    ),
    "booking_changed": _signed(
        "customer",
        de=("Buchung geändert: [SERVICE_NAME] jetzt am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\ndeine Buchung [BOOKING_REFERENCE] für [SERVICE_NAME] wurde von [PREVIOUS_DATE] auf "
            "[BOOKING_DATE] verschoben.\nOrt: [LOCATION]\nDie angehängte Kalenderdatei aktualisiert den Eintrag in deinem Kalender."),
        pl=("Zmiana rezerwacji: [SERVICE_NAME], nowy termin [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nTwoja rezerwacja [BOOKING_REFERENCE] na [SERVICE_NAME] została przeniesiona "
            "z [PREVIOUS_DATE] na [BOOKING_DATE].\nMiejsce: [LOCATION]\nZałączony plik kalendarza zaktualizuje wpis w Twoim kalendarzu."),
    ),
    "booking_changed_provider": _signed(
        "provider",
        de=("Buchung verschoben: [SERVICE_NAME] jetzt am [BOOKING_DATE]",
            "[CUSTOMER_NAME] hat die Buchung [BOOKING_REFERENCE] für [SERVICE_NAME] von [PREVIOUS_DATE] auf [BOOKING_DATE] "
            "verschoben.\n\nBuchung öffnen: [ORDER_URL]"),
        pl=("Rezerwacja przeniesiona: [SERVICE_NAME], nowy termin [BOOKING_DATE]",
            "[CUSTOMER_NAME] przenosi rezerwację [BOOKING_REFERENCE] na [SERVICE_NAME] z [PREVIOUS_DATE] na [BOOKING_DATE].\n\n"
            "Otwórz rezerwację: [ORDER_URL]"),
    ),
    "booking_cancelled": _signed(
        "customer",
        de=("Deine Buchung ist storniert: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\nwie gewünscht ist deine Buchung [BOOKING_REFERENCE] für [SERVICE_NAME] am [BOOKING_DATE] "
            "storniert.\nZahlungen werden nicht automatisch erstattet: Falls du bezahlt hast, entscheidet [ORGANIZATION_NAME] "
            "über eine Erstattung und gibt dir Bescheid."),
        pl=("Twoja rezerwacja została anulowana: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nZgodnie z Twoją prośbą rezerwacja [BOOKING_REFERENCE] na [SERVICE_NAME] w terminie "
            "[BOOKING_DATE] została anulowana.\nPłatności nie są zwracane automatycznie: jeśli płatność została już dokonana, "
            "o zwrocie decyduje [ORGANIZATION_NAME] i da Ci znać."),
    ),
    "booking_cancelled_provider": _signed(
        "provider",
        de=("Buchung storniert: [SERVICE_NAME] am [BOOKING_DATE]",
            "[CUSTOMER_NAME] hat die Buchung [BOOKING_REFERENCE] für [SERVICE_NAME] am [BOOKING_DATE] storniert.\n[MESSAGE]\n\n"
            "Buchung öffnen: [ORDER_URL]"),
        pl=("Rezerwacja anulowana: [SERVICE_NAME], [BOOKING_DATE]",
            "[CUSTOMER_NAME] anuluje rezerwację [BOOKING_REFERENCE] na [SERVICE_NAME] w terminie [BOOKING_DATE].\n[MESSAGE]\n\n"
            "Otwórz rezerwację: [ORDER_URL]"),
    ),
    "payment_received": _signed(
        "customer",
        de=("Zahlung erhalten: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\nvielen Dank: Wir haben [PRICE] für die Buchung [BOOKING_REFERENCE] ([SERVICE_NAME] am "
            "[BOOKING_DATE]) erhalten.\nStatus deiner Buchung: [BOOKING_STATUS]."),
        pl=("Płatność otrzymana: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nDziękujemy: otrzymaliśmy [PRICE] za rezerwację [BOOKING_REFERENCE] ([SERVICE_NAME], "
            "[BOOKING_DATE]).\nStatus Twojej rezerwacji: [BOOKING_STATUS]."),
    ),
    "booking_refunded": _signed(
        "customer",
        de=("Erstattung für deine Buchung [BOOKING_REFERENCE]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] hat dir [AMOUNT] für die Buchung [BOOKING_REFERENCE] ([SERVICE_NAME] "
            "am [BOOKING_DATE]) erstattet. Je nach Bank erscheint der Betrag innerhalb weniger Tage auf deinem Kontoauszug."),
        pl=("Zwrot za Twoją rezerwację [BOOKING_REFERENCE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nOtrzymujesz od [ORGANIZATION_NAME] zwrot [AMOUNT] za rezerwację [BOOKING_REFERENCE] "
            "([SERVICE_NAME], [BOOKING_DATE]). W zależności od banku kwota pojawi się na Twoim wyciągu w ciągu kilku dni."),
    ),
    "manage_link_replaced": _signed(
        "customer",
        de=("Dein neuer Buchungslink: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] hat den Link zu deiner Buchung [BOOKING_REFERENCE] ersetzt. "
            "Frühere Links öffnen sie nicht mehr; bitte verwende ab jetzt den Link unten."),
        pl=("Twój nowy link do rezerwacji: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] zmienia link do Twojej rezerwacji [BOOKING_REFERENCE]. "
            "Wcześniejsze linki już jej nie otwierają; od teraz używaj linku poniżej."),
    ),
    "class_booked": _signed(
        "customer",
        de=("Kurs gebucht: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\ndein Platz in [SERVICE_NAME] am [BOOKING_DATE] ist gebucht (Buchung [BOOKING_REFERENCE]).\n"
            "Ort: [LOCATION]\nVerwendete Credits: [CREDITS]\nDein Credit-Guthaben: [CREDIT_BALANCE]"),
        pl=("Zajęcia zarezerwowane: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nTwoje miejsce na [SERVICE_NAME] w terminie [BOOKING_DATE] jest zarezerwowane "
            "(rezerwacja [BOOKING_REFERENCE]).\nMiejsce: [LOCATION]\nWykorzystane kredyty: [CREDITS]\nTwoje saldo kredytów: [CREDIT_BALANCE]"),
    ),
    "class_cancelled": _signed(
        "customer",
        de=("Kursbuchung storniert: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\ndein Platz in [SERVICE_NAME] am [BOOKING_DATE] (Buchung [BOOKING_REFERENCE]) ist storniert.\n"
            "Grund: [REASON]\nZurückgebuchte Credits: [CREDITS_REFUNDED]\nDein Credit-Guthaben: [CREDIT_BALANCE]"),
        pl=("Rezerwacja zajęć anulowana: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nTwoje miejsce na [SERVICE_NAME] w terminie [BOOKING_DATE] (rezerwacja [BOOKING_REFERENCE]) "
            "zostało anulowane.\nPowód: [REASON]\nZwrócone kredyty: [CREDITS_REFUNDED]\nTwoje saldo kredytów: [CREDIT_BALANCE]"),
    ),
    "class_removed_by_staff": _signed(
        "customer",
        de=("Deine Kursbuchung wurde storniert: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] hat deinen Platz in [SERVICE_NAME] am [BOOKING_DATE] "
            "(Buchung [BOOKING_REFERENCE]) storniert.\nGrund: [REASON]\nZurückgebuchte Credits: [CREDITS_REFUNDED]\n"
            "Dein Credit-Guthaben: [CREDIT_BALANCE]"),
        pl=("Twoja rezerwacja zajęć została anulowana: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] anuluje Twoje miejsce na [SERVICE_NAME] w terminie [BOOKING_DATE] "
            "(rezerwacja [BOOKING_REFERENCE]).\nPowód: [REASON]\nZwrócone kredyty: [CREDITS_REFUNDED]\n"
            "Twoje saldo kredytów: [CREDIT_BALANCE]"),
    ),
    "class_session_changed": _signed(
        "customer",
        de=("Kurs verschoben: [SERVICE_NAME] jetzt am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] hat deinen Kurs [SERVICE_NAME] (Buchung [BOOKING_REFERENCE]) geändert.\n"
            "Vorher: [PREVIOUS_DATE], [PREVIOUS_LOCATION]\nJetzt: [BOOKING_DATE], [LOCATION]\n"
            "Die angehängte Kalenderdatei aktualisiert den Eintrag in deinem Kalender. Passt dir der neue Termin nicht, "
            "kannst du deinen Platz über den Link unten stornieren."),
        pl=("Zajęcia przeniesione: [SERVICE_NAME], nowy termin [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] zmienia Twoje zajęcia [SERVICE_NAME] (rezerwacja "
            "[BOOKING_REFERENCE]).\nPoprzednio: [PREVIOUS_DATE], [PREVIOUS_LOCATION]\nTeraz: [BOOKING_DATE], [LOCATION]\n"
            "Załączony plik kalendarza zaktualizuje wpis w Twoim kalendarzu. Jeśli nowy termin Ci nie odpowiada, możesz "
            "anulować swoje miejsce, korzystając z linku poniżej."),
    ),
    "class_place_changed": _signed(
        "customer",
        de=("Neuer Ort für [SERVICE_NAME] am [BOOKING_DATE]: [LOCATION]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] hat deinen Kurs [SERVICE_NAME] am [BOOKING_DATE] "
            "(Buchung [BOOKING_REFERENCE]) an einen neuen Ort verlegt.\nVorher: [PREVIOUS_LOCATION]\nJetzt: [LOCATION]\n"
            "Die Uhrzeit bleibt gleich. Die angehängte Kalenderdatei aktualisiert den Eintrag in deinem Kalender."),
        pl=("Nowe miejsce zajęć [SERVICE_NAME], [BOOKING_DATE]: [LOCATION]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] przenosi Twoje zajęcia [SERVICE_NAME] w terminie [BOOKING_DATE] "
            "(rezerwacja [BOOKING_REFERENCE]) w nowe miejsce.\nPoprzednio: [PREVIOUS_LOCATION]\nTeraz: [LOCATION]\n"
            "Godzina pozostaje bez zmian. Załączony plik kalendarza zaktualizuje wpis w Twoim kalendarzu."),
    ),
    "class_session_cancelled": _signed(
        "customer",
        de=("Kurs abgesagt: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] musste [SERVICE_NAME] am [BOOKING_DATE] absagen "
            "(Buchung [BOOKING_REFERENCE]).\nGrund: [REASON]\nZurückgebuchte Credits: [CREDITS_REFUNDED]\n"
            "Dein Credit-Guthaben: [CREDIT_BALANCE]\nDie angehängte Kalenderdatei entfernt den Eintrag aus deinem Kalender."),
        pl=("Zajęcia odwołane: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] musi odwołać [SERVICE_NAME] w terminie [BOOKING_DATE] "
            "(rezerwacja [BOOKING_REFERENCE]).\nPowód: [REASON]\nZwrócone kredyty: [CREDITS_REFUNDED]\n"
            "Twoje saldo kredytów: [CREDIT_BALANCE]\nZałączony plik kalendarza usunie wpis z Twojego kalendarza."),
    ),
    "rebooking_requested": _signed(
        "customer",
        de=("Bitte wähle einen neuen Termin: [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] schlägt neue Termine für deine Buchung [BOOKING_REFERENCE] "
            "([SERVICE_NAME] am [BOOKING_DATE]) vor.\nGrund: [REASON]\n\nWähle einen dieser Termine:\n[PROPOSED_SLOTS]\n\n"
            "Passt keiner davon, kannst du stattdessen stornieren und bekommst alles zurück, was du bezahlt hast. "
            "Bitte antworte bis [RESPOND_BY]."),
        pl=("Wybierz nowy termin: [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] proponuje nowe terminy dla Twojej rezerwacji [BOOKING_REFERENCE] "
            "([SERVICE_NAME], [BOOKING_DATE]).\nPowód: [REASON]\n\nWybierz jeden z tych terminów:\n[PROPOSED_SLOTS]\n\n"
            "Jeśli żaden Ci nie odpowiada, możesz zamiast tego anulować i otrzymać zwrot całej wpłaconej kwoty. "
            "Odpowiedz do [RESPOND_BY]."),
    ),
    "rebooking_picked_provider": _signed(
        "provider",
        de=("[CUSTOMER_NAME] hat einen neuen Termin gewählt: [BOOKING_DATE]",
            "[CUSTOMER_NAME] hat [BOOKING_DATE] für die Buchung [BOOKING_REFERENCE] ([SERVICE_NAME]) gewählt, verschoben von "
            "[PREVIOUS_DATE].\n\nBuchung öffnen: [ORDER_URL]"),
        pl=("[CUSTOMER_NAME] wybiera nowy termin: [BOOKING_DATE]",
            "[CUSTOMER_NAME] wybiera termin [BOOKING_DATE] dla rezerwacji [BOOKING_REFERENCE] ([SERVICE_NAME]), przeniesionej z "
            "[PREVIOUS_DATE].\n\nOtwórz rezerwację: [ORDER_URL]"),
    ),
    "rebooking_refused": _signed(
        "customer",
        de=("Deine Buchung ist storniert und erstattet: [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\nwie von dir gewählt, ist deine Buchung [BOOKING_REFERENCE] für [SERVICE_NAME] am [BOOKING_DATE] "
            "storniert statt verschoben.\nAuf deine Karte erstattet: [AMOUNT]. Je nach Bank erscheint der Betrag innerhalb weniger "
            "Tage auf deinem Kontoauszug."),
        pl=("Twoja rezerwacja została anulowana, a płatność zwrócona: [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\nZgodnie z Twoim wyborem rezerwacja [BOOKING_REFERENCE] na [SERVICE_NAME] w terminie "
            "[BOOKING_DATE] została anulowana zamiast przeniesiona.\nZwrot na Twoją kartę: [AMOUNT]. W zależności od banku kwota "
            "pojawi się na Twoim wyciągu w ciągu kilku dni."),
    ),
    "rebooking_refused_provider": _signed(
        "provider",
        de=("[CUSTOMER_NAME] hat die Erstattung gewählt: [SERVICE_NAME] am [BOOKING_DATE]",
            "[CUSTOMER_NAME] hat keinen der neuen Termine für die Buchung [BOOKING_REFERENCE] ([SERVICE_NAME] am [BOOKING_DATE]) "
            "gewählt und die Erstattung genommen. Die Buchung ist storniert.\nAn den Kunden erstattet: [AMOUNT]\n"
            "Von dir einbehaltene Plattformprovision: [COMMISSION]\n\nBuchung öffnen: [ORDER_URL]"),
        pl=("[CUSTOMER_NAME] wybiera zwrot: [SERVICE_NAME], [BOOKING_DATE]",
            "[CUSTOMER_NAME] nie wybiera żadnego z nowych terminów dla rezerwacji [BOOKING_REFERENCE] ([SERVICE_NAME], [BOOKING_DATE]) "
            "i wybiera zwrot. Rezerwacja została anulowana.\nZwrot dla klienta: [AMOUNT]\n"
            "Prowizja platformy zatrzymana od Ciebie: [COMMISSION]\n\nOtwórz rezerwację: [ORDER_URL]"),
    ),
    "provider_cancelled": _signed(
        "customer",
        de=("Deine Buchung ist storniert: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\nes tut uns leid: [ORGANIZATION_NAME] musste deine Buchung [BOOKING_REFERENCE] für "
            "[SERVICE_NAME] am [BOOKING_DATE] stornieren.\nGrund: [REASON]\nAuf deine Karte erstattet: [AMOUNT]."),
        pl=("Twoja rezerwacja została anulowana: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nPrzykro nam: [ORGANIZATION_NAME] musi anulować Twoją rezerwację [BOOKING_REFERENCE] "
            "na [SERVICE_NAME] w terminie [BOOKING_DATE].\nPowód: [REASON]\nZwrot na Twoją kartę: [AMOUNT]."),
    ),
    "provider_cancelled_provider": _signed(
        "provider",
        de=("Du hast die Buchung [BOOKING_REFERENCE] storniert: [SERVICE_NAME] am [BOOKING_DATE]",
            "Die Buchung [BOOKING_REFERENCE] von [CUSTOMER_NAME] für [SERVICE_NAME] am [BOOKING_DATE] ist storniert.\nGrund: [REASON]\n"
            "An den Kunden erstattet: [AMOUNT]\nVon dir einbehaltene Plattformprovision: [COMMISSION]\n\nBuchung öffnen: [ORDER_URL]"),
        pl=("Anulujesz rezerwację [BOOKING_REFERENCE]: [SERVICE_NAME], [BOOKING_DATE]",
            "Rezerwacja [BOOKING_REFERENCE] klienta [CUSTOMER_NAME] na [SERVICE_NAME] w terminie [BOOKING_DATE] została anulowana.\n"
            "Powód: [REASON]\nZwrot dla klienta: [AMOUNT]\nProwizja platformy zatrzymana od Ciebie: [COMMISSION]\n\n"
            "Otwórz rezerwację: [ORDER_URL]"),
    ),
    "rebooking_asked": _signed(
        "customer",
        de=("Deine Anfrage nach einem neuen Termin wurde gesendet: [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\ndeine Anfrage, die Buchung [BOOKING_REFERENCE] ([SERVICE_NAME] am [BOOKING_DATE]) zu verschieben, "
            "wurde an [ORGANIZATION_NAME] gesendet:\n\n[MESSAGE]\n\nDu bekommst neue Terminvorschläge oder eine Antwort. "
            "Bis dahin bleibt deine Buchung, wie sie ist."),
        pl=("Twoja prośba o nowy termin została wysłana: [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\nTwoja prośba o przeniesienie rezerwacji [BOOKING_REFERENCE] ([SERVICE_NAME], "
            "[BOOKING_DATE]) została wysłana do [ORGANIZATION_NAME]:\n\n[MESSAGE]\n\nOtrzymasz propozycje nowych terminów lub odpowiedź. "
            "Do tego czasu Twoja rezerwacja pozostaje bez zmian."),
    ),
    "rebooking_asked_provider": _signed(
        "provider",
        de=("[CUSTOMER_NAME] bittet um einen neuen Termin: [SERVICE_NAME] am [BOOKING_DATE]",
            "[CUSTOMER_NAME] bittet darum, die Buchung [BOOKING_REFERENCE] ([SERVICE_NAME] am [BOOKING_DATE]) zu verschieben:\n\n"
            "[MESSAGE]\n\nSchlage bis [RESPOND_BY] bis zu 3 neue Termine vor oder lehne mit einer Nachricht ab. "
            "Ohne Antwort bleibt die Buchung an ihrem Termin."),
        pl=("[CUSTOMER_NAME] prosi o nowy termin: [SERVICE_NAME], [BOOKING_DATE]",
            "[CUSTOMER_NAME] prosi o przeniesienie rezerwacji [BOOKING_REFERENCE] ([SERVICE_NAME], [BOOKING_DATE]):\n\n[MESSAGE]\n\n"
            "Zaproponuj do 3 nowych terminów lub odmów z wiadomością do [RESPOND_BY]. Bez odpowiedzi rezerwacja pozostaje w swoim terminie."),
    ),
    "proposal_withdrawn": _signed(
        "customer",
        de=("Die vorgeschlagenen Termine sind zurückgezogen: [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] hat die Termine zurückgezogen, die für deine Buchung [BOOKING_REFERENCE] "
            "vorgeschlagen wurden. Die Termine aus der früheren E-Mail können nicht mehr gewählt werden.\n\n"
            "Deine Buchung bleibt, wie sie war: [SERVICE_NAME] am [BOOKING_DATE]."),
        pl=("Proponowane terminy zostały wycofane: [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] wycofał(a) terminy zaproponowane dla Twojej rezerwacji [BOOKING_REFERENCE]. "
            "Terminów z wcześniejszego e-maila nie można już wybrać.\n\n"
            "Twoja rezerwacja pozostaje bez zmian: [SERVICE_NAME] w terminie [BOOKING_DATE]."),
    ),
    "rebooking_declined": _signed(
        "customer",
        de=("Zu deiner Anfrage nach einem neuen Termin: [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] kann deine Buchung [BOOKING_REFERENCE] nicht verschieben und schreibt:\n\n"
            "[MESSAGE]\n\nDeine Buchung bleibt am [BOOKING_DATE]."),
        pl=("W sprawie Twojej prośby o nowy termin: [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\n[ORGANIZATION_NAME] nie może przenieść Twojej rezerwacji [BOOKING_REFERENCE] i pisze:\n\n"
            "[MESSAGE]\n\nTwoja rezerwacja pozostaje w terminie [BOOKING_DATE]."),
    ),
    "rebooking_expired_cancelled": _signed(
        "customer",
        de=("Kein neuer Termin gewählt: deine Buchung ist storniert und erstattet",
            "Hallo [CUSTOMER_NAME],\n\nfür deine Buchung [BOOKING_REFERENCE] ([SERVICE_NAME]) wurde nicht rechtzeitig ein neuer Termin "
            "gewählt, daher ist sie storniert.\nAuf deine Karte erstattet: [AMOUNT]."),
        pl=("Nie wybrano nowego terminu: rezerwacja anulowana, płatność zwrócona",
            "Dzień dobry [CUSTOMER_NAME],\n\nDla Twojej rezerwacji [BOOKING_REFERENCE] ([SERVICE_NAME]) nie wybrano na czas nowego "
            "terminu, dlatego została anulowana.\nZwrot na Twoją kartę: [AMOUNT]."),
    ),
    "rebooking_expired_kept": _signed(
        "customer",
        de=("Deine Buchung bleibt am [BOOKING_DATE]: [SERVICE_NAME]",
            "Hallo [CUSTOMER_NAME],\n\nfür deine Buchung [BOOKING_REFERENCE] wurde nicht rechtzeitig ein neuer Termin vereinbart, "
            "daher bleibt sie am [BOOKING_DATE] ([SERVICE_NAME])."),
        pl=("Twoja rezerwacja pozostaje w terminie [BOOKING_DATE]: [SERVICE_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\nDla Twojej rezerwacji [BOOKING_REFERENCE] nie uzgodniono na czas nowego terminu, "
            "dlatego pozostaje ona w terminie [BOOKING_DATE] ([SERVICE_NAME])."),
    ),
    "rebooking_expired_provider": _signed(
        "provider",
        de=("Umbuchung nicht rechtzeitig geklärt: [SERVICE_NAME], Buchung [BOOKING_REFERENCE]",
            "Für die Buchung [BOOKING_REFERENCE] von [CUSTOMER_NAME] ([SERVICE_NAME]) wurde nicht rechtzeitig ein neuer Termin gewählt.\n"
            "Status jetzt: [BOOKING_STATUS], am [BOOKING_DATE].\nAn den Kunden erstattet: [AMOUNT]\n"
            "Von dir einbehaltene Plattformprovision: [COMMISSION]\n\nBuchung öffnen: [ORDER_URL]"),
        pl=("Zmiana terminu nierozstrzygnięta na czas: [SERVICE_NAME], rezerwacja [BOOKING_REFERENCE]",
            "Dla rezerwacji [BOOKING_REFERENCE] klienta [CUSTOMER_NAME] ([SERVICE_NAME]) nie wybrano na czas nowego terminu.\n"
            "Status teraz: [BOOKING_STATUS], termin [BOOKING_DATE].\nZwrot dla klienta: [AMOUNT]\n"
            "Prowizja platformy zatrzymana od Ciebie: [COMMISSION]\n\nOtwórz rezerwację: [ORDER_URL]"),
    ),
    "confirm_booking_email": _signed(
        "customer",
        de=("Bitte bestätige deine Buchung: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\nbitte bestätige deine Buchung [BOOKING_REFERENCE] für [SERVICE_NAME] am [BOOKING_DATE] "
            "mit diesem Link:\n[CONFIRM_URL]\n\n[ORGANIZATION_NAME] erhält die Buchung, sobald du bestätigst. Bis dahin ist der Termin "
            "für dich reserviert; ist er bis [RESPOND_BY] nicht bestätigt, verfällt die Buchung und der Termin wird wieder frei.\n"
            "Wenn du diese Buchung nicht gemacht hast, ignoriere diese E-Mail: Es passiert nichts."),
        pl=("Potwierdź swoją rezerwację: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\npotwierdź swoją rezerwację [BOOKING_REFERENCE] na [SERVICE_NAME] w terminie [BOOKING_DATE], "
            "otwierając ten link:\n[CONFIRM_URL]\n\n[ORGANIZATION_NAME] otrzyma rezerwację, gdy ją potwierdzisz. Do tego czasu termin "
            "jest dla Ciebie zarezerwowany; jeśli nie zostanie potwierdzony do [RESPOND_BY], rezerwacja wygaśnie, a termin zostanie zwolniony.\n"
            "Jeśli to nie Ty dokonałeś tej rezerwacji, zignoruj tę wiadomość: nic się nie stanie."),
    ),
    "customer_sign_in": {
        "de": (
            "Dein Anmeldelink für [ORGANIZATION_NAME]",
            "Hallo [CUSTOMER_NAME],\n\nmit diesem Link meldest du dich an und siehst deine Buchungen bei [ORGANIZATION_NAME]:\n"
            "[SIGN_IN_URL]\n\nDer Link funktioniert einmal, innerhalb von 15 Minuten. Wenn du ihn nicht angefordert hast, "
            "ignoriere diese E-Mail: Es ändert sich nichts.\n\n[ORGANIZATION_NAME]",
        ),
        "pl": (
            "Twój link do logowania – [ORGANIZATION_NAME]",
            "Dzień dobry [CUSTOMER_NAME],\n\nUżyj tego linku, aby się zalogować i zobaczyć swoje rezerwacje w [ORGANIZATION_NAME]:\n"
            "[SIGN_IN_URL]\n\nLink działa jeden raz, przez 15 minut. Jeśli to nie Ty o niego prosisz, zignoruj tę wiadomość: "
            "nic się nie zmieni.\n\n[ORGANIZATION_NAME]",
        ),
    },
    "payment_deadline_reminder": _signed(
        "customer",
        de=("Bitte bezahle bis [PAYMENT_DEADLINE]: [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\ndeine Buchung [BOOKING_REFERENCE] für [SERVICE_NAME] am [BOOKING_DATE] ist noch nicht "
            "bezahlt. Bitte bezahle [PRICE] bis [PAYMENT_DEADLINE] über den Link unten."),
        pl=("Prosimy o płatność do [PAYMENT_DEADLINE]: [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nTwoja rezerwacja [BOOKING_REFERENCE] na [SERVICE_NAME] w terminie [BOOKING_DATE] "
            "nie jest jeszcze opłacona. Prosimy o zapłatę [PRICE] do [PAYMENT_DEADLINE] przez link poniżej."),
    ),
    "booking_unpaid_cancelled": _signed(
        "customer",
        de=("Buchung storniert (nicht bezahlt): [SERVICE_NAME] am [BOOKING_DATE]",
            "Hallo [CUSTOMER_NAME],\n\ndeine Buchung [BOOKING_REFERENCE] für [SERVICE_NAME] am [BOOKING_DATE] wurde nicht bis "
            "[PAYMENT_DEADLINE] bezahlt. Sie ist deshalb storniert und der Termin wieder frei. Es wurde nichts abgebucht. "
            "Du kannst gern wieder buchen."),
        pl=("Rezerwacja anulowana (nieopłacona): [SERVICE_NAME], [BOOKING_DATE]",
            "Dzień dobry [CUSTOMER_NAME],\n\nTwoja rezerwacja [BOOKING_REFERENCE] na [SERVICE_NAME] w terminie [BOOKING_DATE] "
            "nie została opłacona do [PAYMENT_DEADLINE], dlatego jest anulowana, a termin znów wolny. Nic nie zostało pobrane. "
            "Zapraszamy do ponownej rezerwacji."),
    ),
    "booking_unpaid_cancelled_provider": _signed(
        "provider",
        de=("Unbezahlte Buchung storniert: [SERVICE_NAME] am [BOOKING_DATE]",
            "[CUSTOMER_NAME] hat die Buchung [BOOKING_REFERENCE] ([SERVICE_NAME] am [BOOKING_DATE]) nicht bis [PAYMENT_DEADLINE] "
            "bezahlt. Wie in deinen Einstellungen festgelegt, ist sie storniert und der Termin wieder frei.\n\n"
            "Buchung öffnen: [ORDER_URL]"),
        pl=("Nieopłacona rezerwacja anulowana: [SERVICE_NAME], [BOOKING_DATE]",
            "[CUSTOMER_NAME] nie opłacił(a) rezerwacji [BOOKING_REFERENCE] ([SERVICE_NAME], [BOOKING_DATE]) do [PAYMENT_DEADLINE]. "
            "Zgodnie z Twoimi ustawieniami jest anulowana, a termin znów wolny.\n\nOtwórz rezerwację: [ORDER_URL]"),
    ),
}


def _translated(kind: EmailKind) -> EmailKind:
    # A default written next to the English one (test_message's German) wins.
    return replace(kind, defaults={**_TRANSLATIONS.get(kind.key, {}), **kind.defaults})


def _flag_for_staff(kind: EmailKind) -> EmailKind:
    """Staff emails about a booking may place the customer's flag (issue 21). Where a
    template leaves it out, services/notifications.py puts it first (`with_alert`)."""
    if kind.audience == "provider" and "CUSTOMER_NAME" in kind.variables:
        return replace(kind, variables=(*kind.variables, "CUSTOMER_ALERT"))
    return kind


CATALOG: dict[str, EmailKind] = {kind.key: _flag_for_staff(_translated(kind)) for kind in _KINDS}

