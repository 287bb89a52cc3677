"""SQLModel tables: the whole data model of ARCHITECTURE.md.

Conventions: money is integer minor units with its currency; datetimes are aware and
stored as UTC; statuses are plain strings whose allowed values and transitions live in
`bookingapp.domain`. Balances (credits) are sums over ledgers, never stored.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import JSON, Column, Field, SQLModel

from bookingapp import search_index


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, on every engine.

    SQLite has no time zones; storing naive UTC and re-attaching UTC on the way out
    keeps comparisons and arithmetic honest everywhere.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def _ts(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def _created() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False))


def _json() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


# --- tenants and people --------------------------------------------------------------


class Organization(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    slug: str = Field(max_length=60, unique=True, index=True)
    timezone: str = Field(default="Europe/Berlin", max_length=64)
    currency: str = Field(default="EUR", max_length=3)
    locale: str = Field(default="en", max_length=10)
    response_window_hours: int = 48
    # Percent of the gross the platform keeps on provider cancellations and refused
    # rebookings, as a decimal string ("23.8") so no float ever touches money.
    platform_commission_pct: str = Field(default="0", max_length=8)
    customer_accounts: str = Field(default="verify_email", max_length=20)
    reply_to_email: str | None = Field(default=None, max_length=254)
    allow_recurring: bool = False
    # A waitlist offer goes to someone who cannot pay with credits only when guests may
    # claim and pay on site; otherwise it skips them (they keep their place in the queue).
    waitlist_pay_on_site: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    waitlist_offer_minutes: int = 120
    # Shown to customers on the portal and in emails; the reply-to above is where replies go.
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=40)
    # What a new service starts with; each service then keeps its own.
    default_cutoff_minutes: int = Field(default=24 * 60, sa_column_kwargs={"server_default": "1440"})
    default_customer_cancellation: str = Field(default="allowed_until_cutoff", max_length=30,
                                               sa_column_kwargs={"server_default": "allowed_until_cutoff"})
    # Who gets the provider's notification emails: the staff member assigned ("assigned")
    # or one team address ("team", `team_email`).
    notify: str = Field(default="assigned", max_length=10, sa_column_kwargs={"server_default": "assigned"})
    team_email: str | None = Field(default=None, max_length=254)
    # The setup checklist's last step: set when the owner first copies or opens the share page.
    shared_at: datetime | None = _ts()
    # How long before an appointment, class place or confirmed request the customer is
    # reminded by email; 0 sends no reminders.
    customer_reminder_minutes: int = Field(default=24 * 60, sa_column_kwargs={"server_default": "1440"})
    # An unpaid prepaid booking must be paid within this many hours of booking (and before
    # it starts); 0 sets no deadline. When it passes: "keep" the booking or "cancel" it.
    payment_deadline_hours: int = Field(default=24, sa_column_kwargs={"server_default": "24"})
    unpaid_after_deadline: str = Field(default="keep", max_length=10, sa_column_kwargs={"server_default": "keep"})
    # With customer accounts on, a portal booking from an address never confirmed waits for
    # the customer to open the link emailed to it before the business hears of it (issue 21).
    confirm_booking_emails: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # The reasons staff pick from when they cancel a class session (issue 22); free text is added to it.
    # Nullable: rows from before it (and a JSON server default PostgreSQL cannot compare) read as no reasons.
    cancellation_reasons: list | None = Field(default_factory=list, sa_column=Column(JSON, nullable=True))
    # The business's own texts in other languages (issue 23), beside the defaults above, which
    # stay as written: {"reasons": {<reason>: {"de": ..., "pl": ...}}}. Nullable as the reasons are.
    text_translations: dict | None = Field(default_factory=dict, sa_column=Column(JSON, nullable=True))
    # Attendance (issue 24): a class place marked no-show keeps its credits (True) or gets
    # them back (False).
    no_show_keeps_credits: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    created_at: datetime = _created()


class SlugRedirect(SQLModel, table=True):
    """A portal address the business used before: /b/<old> keeps leading to the new one."""

    slug: str = Field(primary_key=True, max_length=60)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    created_at: datetime = _created()


class StaffUser(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: str = Field(default="staff", max_length=10)  # owner | staff
    # A deactivated member cannot sign in and is offered to no customer; their rows stay.
    active: bool = Field(default=True, sa_column_kwargs={"server_default": sa.true()})
    # Bumped on sign-out-everywhere and password change: old session cookies stop working.
    session_version: int = 1
    # The private calendar feed (.ics subscription): the random nonce the address is found
    # by; the address also needs HMAC(SECRET_KEY, id + nonce), never stored, so this alone
    # opens nothing (services/calendar_feed.py). A new nonce makes the old address answer 404.
    feed_token_hash: str | None = Field(default=None, max_length=64, unique=True)
    created_at: datetime = _created()


class StaffInvitation(SQLModel, table=True):
    """A one-time link that lets a new team member set their password; only its hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    email: str = Field(max_length=254, index=True)
    name: str = Field(max_length=120)
    role: str = Field(default="staff", max_length=10)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    used_at: datetime | None = _ts()
    revoked_at: datetime | None = _ts()
    invited_by_staff_id: int | None = Field(default=None, foreign_key="staffuser.id")
    staff_user_id: int | None = Field(default=None, foreign_key="staffuser.id")
    created_at: datetime = _created()


class SignInThrottle(SQLModel, table=True):
    """Failed sign-in attempts per normalized email, for slowing down guessing."""

    key: str = Field(primary_key=True, max_length=254)
    failures: int = 0
    first_failure_at: datetime | None = _ts()
    locked_until: datetime | None = _ts()


class Customer(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("organization_id", "email"),
        # Covering: the customers list pages by name, and search filters name/email without reading rows.
        sa.Index("ix_customer_org_name_email", "organization_id", "name", "email"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    # None: a customer the front desk took by phone or at the door without an address. They
    # get no emails, so nothing that needs one (a payment link, a request) is booked for them.
    email: str | None = Field(default=None, max_length=254, index=True)
    name: str = Field(max_length=120)
    phone: str | None = Field(default=None, max_length=40)
    locale: str | None = Field(default=None, max_length=10)
    email_verified: bool = False
    password_hash: str | None = Field(default=None, max_length=255)
    alert_message: str | None = Field(default=None, max_length=500)
    flagged_at: datetime | None = _ts()
    # Bumped on sign-out everywhere: old customer session cookies stop working.
    session_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})
    created_at: datetime = _created()



# Name/email/phone substring search through a trigram index (FTS5 / pg_trgm), built with the table.
search_index.install_on(Customer.__table__)

class CustomerSignInLink(SQLModel, table=True):
    """A one-time, short-lived sign-in link sent by email; only the token's hash is kept."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    used_at: datetime | None = _ts()
    created_at: datetime = _created()
    # A sign-up link's password (argon2 hash), given to the customer only when the link is
    # opened: the address is proven before the password counts.
    pending_password_hash: str | None = Field(default=None, max_length=255)


# --- what can be booked --------------------------------------------------------------


class Service(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    kind: str = Field(max_length=12)  # request | appointment | class
    name: str = Field(max_length=120)
    slug: str = Field(max_length=60)
    description: str = Field(default="", max_length=2000)
    duration_minutes: int = 60
    price_minor: int = 0
    currency: str = Field(default="EUR", max_length=3)
    prepayment: str = Field(default="none", max_length=10)  # required | optional | none
    credit_cost: int = 0
    location: str | None = Field(default=None, max_length=200)
    location_tbd: bool = False
    allows_private: bool = True
    allows_group: bool = False
    min_party: int = 1
    max_party: int = 1
    # The first (or only) staff member; `ServiceStaff` lists everyone who gives the service.
    staff_user_id: int | None = Field(default=None, foreign_key="staffuser.id")
    cutoff_minutes: int = 24 * 60
    customer_cancellation: str = Field(default="allowed_until_cutoff", max_length=30)
    online_booking: bool = True
    allow_recurring: bool = False
    active: bool = True  # False: archived (a service with bookings is never deleted)
    # Appointments: time kept free around each booking, how soon and how far ahead one can book.
    buffer_before_minutes: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    buffer_after_minutes: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    min_notice_minutes: int = Field(default=60, sa_column_kwargs={"server_default": "60"})
    horizon_days: int = Field(default=90, sa_column_kwargs={"server_default": "90"})
    # Classes: what a new session starts with.
    capacity: int = Field(default=10, sa_column_kwargs={"server_default": "10"})
    free_cancellation_minutes: int = Field(default=12 * 60, sa_column_kwargs={"server_default": "720"})
    waitlist_offer_minutes: int = Field(default=120, sa_column_kwargs={"server_default": "120"})
    position: int = Field(default=0, sa_column_kwargs={"server_default": "0"})  # order on the portal
    # Name and description in other languages (issue 23): {"de": {"name": ..., "description": ...}, "pl": {...}};
    # customers read their language, a blank or missing one falls back to the default above.
    translations: dict | None = Field(default_factory=dict, sa_column=Column(JSON, nullable=True))
    created_at: datetime = _created()


class ServiceStaff(SQLModel, table=True):
    """Who gives a service. With several, the customer picks one or "any"."""

    service_id: int = Field(foreign_key="service.id", primary_key=True)
    staff_user_id: int = Field(foreign_key="staffuser.id", primary_key=True, index=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)


class AvailabilityRule(SQLModel, table=True):
    """Weekly hours of a staff member, in the organization's timezone; several rows on
    one weekday are several intervals (a lunch break lies between them). `service_id`
    is unused by the app since 0007 (hours belong to people) and kept for old rows."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    service_id: int | None = Field(default=None, foreign_key="service.id", index=True)
    staff_user_id: int | None = Field(default=None, foreign_key="staffuser.id")
    weekday: int  # 0 = Monday
    start_time: time
    end_time: time


class DateOverride(SQLModel, table=True):
    """Different hours on one date for a staff member: rows with times replace that
    weekday's hours; one row without times closes the day."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    staff_user_id: int = Field(foreign_key="staffuser.id", index=True)
    day: date = Field(index=True)
    start_time: time | None = None
    end_time: time | None = None


class TimeOff(SQLModel, table=True):
    """Time nobody can book: one staff member's, or everyone's when `staff_user_id` is None."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    staff_user_id: int | None = Field(default=None, foreign_key="staffuser.id")
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ends_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    reason: str = Field(default="", max_length=200)


class ClassSession(SQLModel, table=True):
    # The class occupancy report finds an organization's sessions in a range of days.
    __table_args__ = (sa.Index("ix_classsession_org_starts_at", "organization_id", "starts_at"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    staff_user_id: int | None = Field(default=None, foreign_key="staffuser.id")
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False, index=True))
    ends_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    capacity: int
    location: str | None = Field(default=None, max_length=200)
    credit_cost: int = 0
    free_cancellation_minutes: int = 12 * 60
    online_booking: bool = True
    cancelled: bool = False
    # Sessions created together as one weekly set share this key: "this and the rest of the series".
    series_key: str | None = Field(default=None, max_length=36, index=True)
    cancelled_at: datetime | None = _ts()
    cancel_reason: str | None = Field(default=None, max_length=500)


class RecurringSeries(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    service_id: int = Field(foreign_key="service.id")
    weekday: int
    start_time: time
    until: date
    created_at: datetime = _created()


# --- bookings and what happens to them ------------------------------------------------


class Booking(SQLModel, table=True):
    __table_args__ = (
        sa.Index("ix_booking_org_status_respond_by", "organization_id", "status", "respond_by"),
        sa.Index("ix_booking_org_starts_at", "organization_id", "starts_at"),
        # The orders overview filters by status or service and pages by start time.
        sa.Index("ix_booking_org_status_starts_at", "organization_id", "status", "starts_at"),
        sa.Index("ix_booking_service_starts_at", "service_id", "starts_at"),
        # A status and service filter counts its matches from this index alone.
        sa.Index("ix_booking_org_service_status_starts_at", "organization_id", "service_id", "status", "starts_at"),
        # Reports → Requests reads the requests made in a range of days.
        sa.Index("ix_booking_org_created_at", "organization_id", "created_at"),
        # The customers report counts a page of customers' bookings by status, finds their
        # last visit (status, start, attendance) and their no-shows from this index alone.
        sa.Index("ix_booking_customer_status_starts_at", "customer_id", "status", "starts_at", "attendance"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    reference: str = Field(max_length=16, unique=True, index=True)  # the order number
    customer_id: int = Field(foreign_key="customer.id", index=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    session_id: int | None = Field(default=None, foreign_key="classsession.id", index=True)
    staff_user_id: int | None = Field(default=None, foreign_key="staffuser.id")
    series_id: int | None = Field(default=None, foreign_key="recurringseries.id")
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ends_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    party_size: int = 1
    group_booking: bool = False
    answers: dict = _json()
    note: str = Field(default="", max_length=2000)
    status: str = Field(max_length=24, index=True)
    location: str | None = Field(default=None, max_length=200)
    location_tbd: bool = False
    alert_message: str | None = Field(default=None, max_length=500)
    # Staff wrote this booking's alert (or cleared it) on its order page: the customer's
    # flag no longer overwrites it (services/customers.set_alert).
    own_alert: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    # A booking held until the customer confirms their address (status awaiting_email, lapsing
    # at respond_by): the status it then takes, and the emailed link's SHA-256.
    held_status: str | None = Field(default=None, max_length=24)
    email_check_hash: str | None = Field(default=None, max_length=64, unique=True, index=True)
    price_minor: int = 0
    currency: str = Field(default="EUR", max_length=3)
    credits_spent: int = 0
    # The manage link's token is HMAC(secret, nonce): only the nonce and the token's hash
    # are stored, so the database alone never yields a working link, yet every email
    # about the booking can repeat the same link. A new nonce revokes the old link.
    manage_token_nonce: str | None = Field(default=None, max_length=64)
    manage_token_hash: str | None = Field(default=None, max_length=64, unique=True)
    manage_token_expires_at: datetime | None = _ts()
    respond_by: datetime | None = _ts()
    reminder_sent_at: datetime | None = _ts()  # the provider's reminder to answer a request
    # The customer's reminder before the booking: when it went out, or that they turned it off.
    customer_reminder_sent_at: datetime | None = _ts()
    customer_reminders_off: bool = Field(default=False, sa_column_kwargs={"server_default": sa.false()})
    customer_reply: str | None = Field(default=None, max_length=2000)
    cancel_reason: str | None = Field(default=None, max_length=500)
    # A booking waiting for payment: pay by then (shown to both sides); the customer's
    # reminder before it, and the sweeper's claim when it passed (each exactly once).
    payment_deadline: datetime | None = _ts(index=True)
    deadline_reminder_sent_at: datetime | None = _ts()
    deadline_passed_at: datetime | None = _ts()
    # A paid booking the customer cancelled is never refunded automatically: it waits
    # here as "pending" until staff refund it ("refunded") or decide to keep it ("kept").
    refund_decision: str | None = Field(default=None, max_length=10, index=True)
    # The service's change terms when this was booked: editing the service never moves them.
    cutoff_minutes: int | None = None
    customer_cancellation: str | None = Field(default=None, max_length=30)
    # Staff's mark once the time has come (issue 24): attended | no_show | None (not marked).
    # The status stays confirmed: a mark is a note about the visit, not a step of the flow.
    attendance: str | None = Field(default=None, max_length=10)
    # A request's first answer from the provider (issue 24, Reports → Requests): when, which
    # (confirmed | rescheduled | rejected), how many seconds after it was asked, and whether
    # it came before the respond_by then in force (a proposal replaces respond_by, so it is
    # kept here). Set once, by `booking_common.transition`, never changed after.
    answered_at: datetime | None = _ts()
    answer: str | None = Field(default=None, max_length=12)
    answer_seconds: int | None = None
    answered_in_time: bool | None = None
    created_at: datetime = _created()
    updated_at: datetime = _created()
    # Optimistic lock: every transition bumps it with a conditional UPDATE, so two
    # staff members (or a click and the sweeper) can never both act on one version.
    lock_version: int = 1


class Proposal(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    booking_id: int = Field(foreign_key="booking.id", index=True)
    kind: str = Field(max_length=12)  # reschedule | rebooking
    initiator: str = Field(default="provider", max_length=10)  # provider | customer
    message: str = Field(default="", max_length=4000)
    status: str = Field(default="open", max_length=20, index=True)
    expires_at: datetime | None = _ts(index=True)
    created_by_staff_id: int | None = Field(default=None, foreign_key="staffuser.id")
    created_at: datetime = _created()
    decided_at: datetime | None = _ts()


class BookingMessage(SQLModel, table=True):
    """One message of the conversation on a booking, either way (issue 21): the provider's
    words with a confirmation, a proposal or a rejection, a plain reply, and the customer's
    answers. Each is emailed to the other side with Reply-To set to the writer."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    booking_id: int = Field(foreign_key="booking.id", index=True)
    author: str = Field(max_length=10)  # customer | provider
    staff_user_id: int | None = Field(default=None, foreign_key="staffuser.id")
    body: str = Field(max_length=4000)
    # A time the customer asks for instead of the proposed ones: the provider can confirm it.
    suggested_starts_at: datetime | None = _ts()
    created_at: datetime = _created()


class ProposedSlot(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    starts_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    ends_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    session_id: int | None = Field(default=None, foreign_key="classsession.id")
    chosen: bool = False


class Payment(SQLModel, table=True):
    # The revenue report joins a range's operations to their payments one by one: with the
    # organization, currency and booking in the index, each is one index-only lookup, and
    # PostgreSQL's planner takes that over hashing every payment (bench/reports_bench.py).
    __table_args__ = (sa.Index("ix_payment_id_org_currency_booking", "id", "organization_id", "currency", "booking_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    booking_id: int = Field(foreign_key="booking.id", index=True)
    gateway: str = Field(max_length=12)  # local | stripe
    external_id: str = Field(max_length=80, index=True)
    # The key of the operation that created it: a retried authorization finds this row.
    idempotency_key: str = Field(max_length=120, unique=True)
    amount_minor: int
    currency: str = Field(max_length=3)
    status: str = Field(max_length=20, index=True)
    authorized_at: datetime | None = _ts()
    hold_expires_at: datetime | None = _ts()
    captured_minor: int = 0
    refunded_minor: int = 0
    commission_retained_minor: int = 0
    card_last4: str | None = Field(default=None, max_length=4)
    # A card kept for renewing this hold off-session when the wait outlives the hold.
    saved_method_ref: str | None = Field(default=None, max_length=120)
    failure_message: str | None = Field(default=None, max_length=300)
    created_at: datetime = _created()
    updated_at: datetime = _created()


class PaymentOperation(SQLModel, table=True):
    """One gateway call we made (or will retry) for a payment, by idempotency key."""

    # The revenue report and the monthly statement read the succeeded captures and refunds
    # of a date range; the report sums them from this index without reading the rows.
    __table_args__ = (
        sa.Index("ix_paymentoperation_kind_status_created_at", "kind", "status", "created_at", "payment_id",
                 "amount_minor", "commission_minor"),
    )

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="payment.id", index=True)
    kind: str = Field(max_length=12)  # authorize | capture | release | refund
    idempotency_key: str = Field(max_length=120, unique=True)
    amount_minor: int = 0
    # The platform commission kept at this refund: dated here so a monthly statement
    # carries it in the month it was retained.
    commission_minor: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    status: str = Field(default="succeeded", max_length=12)
    external_id: str | None = Field(default=None, max_length=80)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime(), nullable=False, index=True))


class CreditLedger(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    delta: int
    reason: str = Field(max_length=200)
    kind: str = Field(max_length=12)  # grant | purchase | debit | refund | adjust | pack | expire | pack_refund
    booking_id: int | None = Field(default=None, foreign_key="booking.id")
    staff_user_id: int | None = Field(default=None, foreign_key="staffuser.id")
    # The lot a row belongs to: credits bought in a pack expire with it. None = the lot
    # that never expires (staff grants). A debit spanning two lots is two rows.
    pack_purchase_id: int | None = Field(default=None, foreign_key="packpurchase.id", index=True)
    created_at: datetime = _created()


class CreditPack(SQLModel, table=True):
    """Credits for sale on the portal: so many credits, at a price, valid so many days."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    name: str = Field(max_length=80)
    credits: int
    price_minor: int
    validity_days: int
    archived: bool = False
    created_at: datetime = _created()


class PackPurchase(SQLModel, table=True):
    """One customer's purchase of a pack, with the pack's terms copied at the time.
    status: pending (recorded before the charge) | paid | failed | refunded."""

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    pack_id: int = Field(foreign_key="creditpack.id", index=True)
    name: str = Field(max_length=80)
    credits: int
    price_minor: int
    currency: str = Field(max_length=3)
    status: str = Field(default="pending", max_length=10, index=True)
    idempotency_key: str = Field(max_length=80, unique=True)
    external_id: str | None = Field(default=None, max_length=120, index=True)
    failure_message: str | None = Field(default=None, max_length=300)
    paid_at: datetime | None = _ts()
    expires_at: datetime | None = _ts(index=True)
    refunded_at: datetime | None = _ts()
    refunded_minor: int = 0
    created_at: datetime = _created()


class WaitlistEntry(SQLModel, table=True):
    # The home's open offers: an organization's entries of one status, by expiry.
    __table_args__ = (sa.Index("ix_waitlistentry_org_status_offer_expires_at", "organization_id", "status",
                               "offer_expires_at"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    session_id: int = Field(foreign_key="classsession.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    party_size: int = 1
    position: int
    status: str = Field(default="waiting", max_length=10)
    offer_expires_at: datetime | None = _ts(index=True)
    offer_token_hash: str | None = Field(default=None, max_length=64)
    added_by_staff_id: int | None = Field(default=None, foreign_key="staffuser.id")
    created_at: datetime = _created()


# --- messages and history -------------------------------------------------------------


class MessageTemplate(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("organization_id", "key", "locale"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    key: str = Field(max_length=60)
    locale: str = Field(max_length=10)
    subject: str = Field(max_length=300)
    body: str = Field(max_length=20000)
    updated_at: datetime = _created()


class OutboxEmail(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_outbox_status_next_attempt", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    booking_id: int | None = Field(default=None, foreign_key="booking.id", index=True)
    template_key: str = Field(max_length=60)
    locale: str = Field(default="en", max_length=10)
    to_email: str = Field(max_length=254)
    reply_to: str | None = Field(default=None, max_length=254)
    subject: str = Field(max_length=300)
    text: str
    html: str
    attachments: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="pending", max_length=10)  # pending | sending | sent | failed
    attempts: int = 0
    # The sweeper's lease: a runner claims a row with a conditional UPDATE; if it dies
    # mid-send the lease lapses and the row is delivered again (same idempotency key).
    claimed_by: str | None = Field(default=None, max_length=60)
    claimed_until: datetime | None = _ts()
    next_attempt_at: datetime | None = _ts()
    last_error: str | None = Field(default=None, max_length=500)
    provider_id: str | None = Field(default=None, max_length=100)
    created_at: datetime = _created()
    sent_at: datetime | None = _ts()


class ActivityLog(SQLModel, table=True):
    # The cancellations report: some actions of one organization within a date range.
    __table_args__ = (sa.Index("ix_activitylog_org_action_created_at", "organization_id", "action", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    action: str = Field(max_length=80)
    actor_kind: str = Field(max_length=10)  # staff | customer | system
    actor_id: int | None = None
    actor_name: str = Field(default="", max_length=120)
    booking_id: int | None = Field(default=None, foreign_key="booking.id", index=True)
    customer_id: int | None = Field(default=None, foreign_key="customer.id", index=True)
    data: dict = _json()
    created_at: datetime = _created()


class WebhookEvent(SQLModel, table=True):
    """Every verified gateway event, stored by its id: a replay finds it and does nothing."""

    id: str = Field(primary_key=True, max_length=80)
    gateway: str = Field(max_length=12)
    type: str = Field(max_length=80)
    payload: dict = _json()
    received_at: datetime = _created()
    processed_at: datetime | None = _ts(index=True)
    result: str = Field(default="", max_length=200)
