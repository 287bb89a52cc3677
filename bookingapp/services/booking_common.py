"""What every booking flow shares: the customer by email, order numbers, the values
email templates are filled with, the confirmation email with its calendar file, the file
that takes a cancelled booking out of the customer's calendar, and a booking of a time once
its flow has checked it (the portal's appointments, the front desk)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from bookingapp import routes
from bookingapp.domain.booking_states import LABELS, Action, Status, next_status
from bookingapp.domain.customer_reminders import inside_window
from bookingapp.domain.errors import NotFound, StaleBooking
from bookingapp.domain.flags import shown_alert
from bookingapp.domain.formatting import fmt_datetime, fmt_money
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.ics import booking_ics, cancellation_ics, event_status
from bookingapp.domain.localized_text import PerLanguage, service_name
from bookingapp.domain.payment_deadlines import payment_deadline
from bookingapp.domain.templates import Localized
from bookingapp.i18n import translate
from bookingapp.models import Booking, Customer, Organization, Payment, Service, StaffUser
from bookingapp.services import manage_links, payments
from bookingapp.services.actors import Actor
from bookingapp.services.notifications import Attachment, queue_email
from bookingapp.settings import get_settings


def longest_booking(session: Session, organization_id: int) -> timedelta:
    """How long the organization's longest booking can last (at least a day): a booking
    overlapping a period started at most this long before it, which bounds an index
    range on start times from below instead of reading all history."""
    longest = session.exec(select(func.max(Service.duration_minutes)).where(Service.organization_id == organization_id)).one()
    return max(timedelta(days=1), timedelta(minutes=longest or 0))


def customer_for(
    session: Session, org: Organization, *, email: str, name: str, phone: str, locale: str | None = None
) -> Customer:
    """The customer with this email in this organization; a new email is a new profile.
    `locale`: the language they book in on the portal, remembered for their emails."""
    customer = session.exec(
        select(Customer).where(Customer.organization_id == org.id, Customer.email == email)
    ).first()
    if customer is None:
        customer = Customer(organization_id=org.id, email=email, name=name, phone=phone or None, locale=locale)
        session.add(customer)
        session.flush()
        return customer
    if phone and not customer.phone:
        customer.phone = phone
    if locale:
        customer.locale = locale  # the language they use now, as the portal's language menu says
    session.add(customer)
    return customer


def alert_for(customer: Customer) -> str | None:
    """The alert a new booking of this customer carries: the customer's flag, so staff see
    it on every booking made while the customer is flagged (issue 9). A different email
    is a different customer, hence unflagged."""
    return customer.alert_message or None


def booking_alert(booking: Booking, customer: Customer) -> str:
    """The alert staff see for this booking (domain/flags.shown_alert)."""
    return shown_alert(own_alert=booking.own_alert, booking_alert=booking.alert_message, customer_alert=customer.alert_message)


def new_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone
    return "".join(secrets.choice(alphabet) for _ in range(8))


def _active_member_email(session: Session, org: Organization, staff_user_id: int | None) -> str | None:
    if staff_user_id:
        staff = session.get(StaffUser, staff_user_id)
        if staff is not None and staff.active and staff.organization_id == org.id:
            return staff.email
    return None


def provider_email(session: Session, org: Organization, service: Service, booking: Booking | None = None) -> str:
    """Where the provider's email about a booking goes (notifications, and the reply-to of
    the customer's emails): the team address when the business chose one, else the
    staff member assigned to the booking, else the service's first staff member, else the
    business's reply-to address, else its first owner."""
    if org.notify == "team" and org.team_email:
        return org.team_email
    for staff_user_id in (booking.staff_user_id if booking is not None else None, service.staff_user_id):
        if address := _active_member_email(session, org, staff_user_id):
            return address
    if org.reply_to_email:
        return org.reply_to_email
    owners = select(StaffUser).where(StaffUser.organization_id == org.id, StaffUser.role == "owner")
    owner = session.exec(owners.order_by(col(StaffUser.active).desc(), col(StaffUser.id))).first()
    return owner.email


def acting_staff_email(session: Session, actor: Actor) -> str | None:
    """The signed-in staff member who acted, for their own record of what they did."""
    if not actor.is_staff or actor.id is None:
        return None
    staff = session.get(StaffUser, actor.id)
    return staff.email if staff is not None and staff.organization_id == actor.organization_id else None


@dataclass
class BookingContext:
    org: Organization
    service: Service
    customer: Customer
    booking: Booking
    values: dict[str, str]  # for the customer's emails: dates and money in the customer's language
    # For the provider's emails, which go in the business's language: the same values, formatted
    # in that language, so that no email mixes two date formats (issue 23).
    provider_values: dict[str, str]


def booking_context(session: Session, booking: Booking) -> BookingContext:
    org = session.get(Organization, booking.organization_id)
    service = session.get(Service, booking.service_id)
    customer = session.get(Customer, booking.customer_id)
    # Nothing to hold on a booking without a price (a class paid in credits): no query.
    hold = payments.active_hold(session, booking.id) if booking.price_minor else None
    values = template_values(session, booking, org, service, customer, hold)
    same = (customer.locale or org.locale) == org.locale
    provider_values = values if same else template_values(session, booking, org, service, customer, hold, locale=org.locale)
    return BookingContext(org, service, customer, booking, values, provider_values)


def template_values(
    session: Session,
    booking: Booking,
    org: Organization,
    service: Service,
    customer: Customer,
    payment: Payment | None,
    locale: str | None = None,
) -> dict[str, str]:
    """The values of a booking's email tags, in `locale` (by default the customer's language)."""
    locale = locale or customer.locale or org.locale
    base = get_settings().public_base_url.rstrip("/")

    # Written for the customer; a staff email about the booking rewrites them in its own
    # language (notifications.queue_email), so no email mixes two languages.
    def moment(at: datetime | None) -> str:
        return Localized(lambda lang: fmt_datetime(at, org.timezone, lang), locale) if at else "-"

    def money(minor: int) -> str:
        return Localized(lambda lang: fmt_money(minor, booking.currency, lang), locale)

    def label(msgid: str) -> str:
        return Localized(lambda lang: translate(msgid, lang), locale)

    return {
        "CUSTOMER_NAME": customer.name,
        "CUSTOMER_EMAIL": customer.email or "-",
        "CUSTOMER_ALERT": booking_alert(booking, customer),  # staff emails only (notifications.with_alert)
        "SERVICE_NAME": PerLanguage(service.name, service.translations, "name"),  # the customer's language
        "BOOKING_REFERENCE": booking.reference,
        "BOOKING_DATE": moment(booking.starts_at),
        "BOOKING_STATUS": label(LABELS.get(booking.status, booking.status)),
        "PARTY_SIZE": str(booking.party_size),
        "LOCATION": booking.location or (label(N_("To be arranged")) if booking.location_tbd else "-"),
        "PRICE": money(booking.price_minor),
        "HOLD_AMOUNT": money(payment.amount_minor if payment else booking.price_minor),
        "RESPOND_BY": moment(booking.respond_by),
        "PAYMENT_DEADLINE": moment(booking.payment_deadline),
        "BOOKING_CONTROL_URL": manage_links.url_of(booking),
        "INBOX_URL": base + routes.inbox_booking(booking.reference),
        "ORDER_URL": base + routes.order(booking.reference),
    }


def email_confirmation(session: Session, ctx: BookingContext, now: datetime, *, key: str = "booking_confirmed",
                       extra: dict[str, str] | None = None) -> None:
    """The customer's email with the calendar file: a confirmation, a change of date (same
    UID, so calendars move the entry instead of adding one), or a booking waiting for its
    payment (tentative until paid)."""
    if ctx.booking.status == Status.CONFIRMED and inside_window(ctx.booking.starts_at, ctx.org.customer_reminder_minutes, now):
        # Sent inside the reminder window, it serves as the reminder (domain/customer_reminders.py);
        # a "payment required" email does not: the booking is reminded once it is paid.
        ctx.booking.customer_reminder_sent_at = now
        session.add(ctx.booking)
    queue_email(
        session,
        org=ctx.org,
        key=key,
        to=ctx.customer.email,
        booking_id=ctx.booking.id,
        locale=ctx.customer.locale,
        values={**ctx.values, **(extra or {})},
        attachments=[calendar_file(ctx, now)],
    )


def _calendar_fields(ctx: BookingContext) -> dict:
    reader = ctx.customer.locale or ctx.org.locale
    return dict(uid=f"{ctx.booking.reference}@bookings", summary=f"{service_name(ctx.service, reader)} ({ctx.org.name})",
                manage_label=translate(N_("View or manage your booking"), reader),
                starts_at=ctx.booking.starts_at, ends_at=ctx.booking.ends_at, location=ctx.values["LOCATION"],
                manage_url=manage_links.url_of(ctx.booking), organizer_name=ctx.org.name,
                # The address the emails come from: calendar apps match a cancellation's organizer to it.
                organizer_email=parseaddr(get_settings().email_from)[1],
                # Every change of the booking bumps lock_version: each file supersedes the ones before.
                sequence=ctx.booking.lock_version)


def calendar_file(ctx: BookingContext, now: datetime) -> Attachment:
    ics = booking_ics(**_calendar_fields(ctx), stamp=now, status=event_status(ctx.booking.status))
    return Attachment(f"booking-{ctx.booking.reference}.ics", "text/calendar", ics)


def cancellation_file(ctx: BookingContext) -> Attachment:
    """The file that removes the booking from the customer's calendar. Its SEQUENCE is the
    booking's lock_version after the cancelling transition bumped it, so it is above that
    of every file sent before; it is dated by that transition."""
    ics = cancellation_ics(**_calendar_fields(ctx), stamp=ctx.booking.updated_at)
    return Attachment(f"booking-{ctx.booking.reference}.ics", "text/calendar", ics)


def was_in_customer_calendar(status: str) -> bool:
    """Whether a booking in this status had been sent to the customer as a calendar file:
    everything but a request still waiting for its answer (it is only confirmed later)."""
    return status not in (Status.REQUESTED, Status.RESCHEDULE_PROPOSED)


def transition(session: Session, booking: Booking, action: Action, now: datetime) -> None:
    """Move the booking along the state table, or refuse; a concurrent change wins."""
    target = next_status(booking.status, action, booking.held_status)
    result = session.exec(
        update(Booking)
        .where(Booking.id == booking.id, Booking.lock_version == booking.lock_version, Booking.status == booking.status)
        .values(status=target, lock_version=Booking.lock_version + 1, updated_at=now, **first_answer(booking, action, now))
    )
    if result.rowcount != 1:
        raise StaleBooking()
    session.refresh(booking)


ANSWERS = {Action.CONFIRM: "confirmed", Action.PROPOSE_RESCHEDULE: "rescheduled", Action.REJECT: "rejected"}


def first_answer(booking: Booking, action: Action, now: datetime) -> dict:
    """The provider's first answer to a request, recorded once (Reports → Requests): which,
    when, how long after the request, and whether before the deadline then in force."""
    if booking.status != Status.REQUESTED or action not in ANSWERS or booking.answered_at is not None:
        return {}
    return {"answered_at": now, "answer": ANSWERS[action],
            "answer_seconds": max(0, int((now - booking.created_at).total_seconds())),
            "answered_in_time": booking.respond_by is None or now < booking.respond_by}


def customer_actor(session: Session, booking: Booking) -> Actor:
    customer = session.get(Customer, booking.customer_id)
    return Actor("customer", booking.organization_id, customer.id, customer.name)


def place_booking(session: Session, *, actor: Actor, service: Service, customer: Customer, starts_at: datetime,
                  staff_user_id: int | None, status: Status, now: datetime, party_size: int = 1, note: str = "",
                  group_booking: bool = False) -> tuple[Booking, str]:
    """Write a booking of `service` at `starts_at` (UTC) with its manage link, priced and
    with the change terms as the service has them now; the caller has checked the time and
    holds its locks, logs the action and announces it. Returns the booking and its token."""
    if actor.organization_id != service.organization_id or customer.organization_id != service.organization_id:
        raise NotFound()
    booking = Booking(
        organization_id=service.organization_id, reference=new_reference(), customer_id=customer.id, service_id=service.id,
        staff_user_id=staff_user_id, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=service.duration_minutes),
        party_size=party_size, group_booking=group_booking, note=note, status=status, location=service.location,
        location_tbd=service.location_tbd and service.kind == "request", alert_message=alert_for(customer),
        price_minor=service.price_minor, currency=service.currency,
        cutoff_minutes=service.cutoff_minutes, customer_cancellation=service.customer_cancellation,  # frozen terms
    )
    if status == Status.PENDING_PAYMENT:
        org = session.get(Organization, service.organization_id)
        booking.payment_deadline = payment_deadline(booked_at=now, starts_at=starts_at, hours=org.payment_deadline_hours)
    token = manage_links.issue(booking)
    session.add(booking)
    session.flush()
    return booking, token


def announce_request(session: Session, booking: Booking) -> None:
    """The emails of a new request: the customer's receipt (card on hold, answer by) and the
    provider's notice with the customer's note."""
    ctx = booking_context(session, booking)
    queue_email(session, org=ctx.org, key="request_received", to=ctx.customer.email, values=ctx.values, booking_id=booking.id,
                locale=ctx.customer.locale)
    queue_email(session, org=ctx.org, key="new_booking", to=provider_email(session, ctx.org, ctx.service, booking),
                booking_id=booking.id, values={**ctx.provider_values, "MESSAGE": booking.note or "-"})


def announce_booking(session: Session, booking: Booking, now: datetime, *, tell_provider: bool = True) -> None:
    """The emails of a new booking: the customer's confirmation with the calendar file (or,
    waiting for payment, the link to pay), and the provider's notice."""
    ctx = booking_context(session, booking)
    # Waiting for payment, the booking goes into the customer's calendar all the same (tentative).
    email_confirmation(session, ctx, now, key="booking_payment_required" if booking.status == Status.PENDING_PAYMENT
                       else "booking_confirmed")
    if tell_provider:
        queue_email(session, org=ctx.org, key="new_booking_instant", to=provider_email(session, ctx.org, ctx.service, booking),
                    booking_id=booking.id, values=ctx.provider_values)
