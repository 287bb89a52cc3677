"""Settings → Business: the owner's settings of the whole business, and the operator's
platform commission."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bookingapp.domain.business_rules import (
    CHANGE_POLICIES,
    CURRENCIES,
    CUTOFF_MAX_HOURS,
    LOCALES,
    TIMEZONES,
    WINDOW_MAX_HOURS,
    WINDOW_MIN_HOURS,
    check_slug,
    commission_text,
    parse_commission,
    parse_hours,
)
from bookingapp.domain.customer_reminders import LEAD_MAX_HOURS
from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.domain.formatting import money_shown
from bookingapp.domain.money import max_price_minor, rescale_price
from bookingapp.domain.payment_deadlines import AFTER_DEADLINE, DEADLINE_MAX_HOURS
from bookingapp.domain.user_input import Choice, LinkToken, Text, user_input
from bookingapp.models import Booking, Organization, Service, SlugRedirect
from bookingapp.services.accounts import clean_text, normalize_email
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor
from bookingapp.services.portal import slug_holder

_PHONE = re.compile(r"[0-9+()./ -]{3,40}")


@dataclass
class BusinessForm:
    """The Business settings form as typed: every number is text until the service reads it."""

    name: Annotated[str, Text(200)] = ""
    slug: Annotated[str, Text(200)] = ""
    contact_email: Annotated[str, Text(320)] = ""
    contact_phone: Annotated[str, Text(200)] = ""
    reply_to_email: Annotated[str, Text(320)] = ""
    timezone: Annotated[str, Choice(TIMEZONES, message="Choose a timezone from the list, such as Europe/Berlin.")] = ""
    currency: Annotated[str, Text(10)] = ""
    locale: Annotated[str, Choice(LOCALES)] = "en"
    response_window_hours: Annotated[str, Text(20)] = ""
    default_cutoff_hours: Annotated[str, Text(20)] = ""
    default_customer_cancellation: Annotated[str, Choice(CHANGE_POLICIES)] = "allowed_until_cutoff"
    customer_reminder_hours: Annotated[str, Text(20)] = ""
    payment_deadline_hours: Annotated[str, Text(20)] = "24"
    unpaid_after_deadline: Annotated[str, Choice(AFTER_DEADLINE)] = "keep"


@dataclass(frozen=True)
class BusinessSettings:
    """What the Business page shows: the form's current values and the commission."""

    form: BusinessForm
    commission_pct: str


def form_of(org: Organization) -> BusinessForm:
    return BusinessForm(
        name=org.name, slug=org.slug, contact_email=org.contact_email or "", contact_phone=org.contact_phone or "",
        reply_to_email=org.reply_to_email or "", timezone=org.timezone, currency=org.currency, locale=org.locale,
        response_window_hours=str(org.response_window_hours), default_cutoff_hours=_hours_text(org.default_cutoff_minutes),
        default_customer_cancellation=org.default_customer_cancellation,
        customer_reminder_hours=_hours_text(org.customer_reminder_minutes),
        payment_deadline_hours=str(org.payment_deadline_hours), unpaid_after_deadline=org.unpaid_after_deadline,
    )


def _hours_text(minutes: int) -> str:
    return str(minutes // 60)


def _owned_organization(session: Session, actor: Actor, *, lock: bool = False) -> Organization:
    if not actor.is_staff:
        raise PermissionDenied()
    if actor.role != "owner":
        raise PermissionDenied("Only the owner can change the business settings.")
    org = session.get(Organization, actor.organization_id, with_for_update=lock)
    if org is None:
        raise NotFound()
    return org


def business_settings(session: Session, *, actor: Actor) -> BusinessSettings:
    org = _owned_organization(session, actor)
    return BusinessSettings(form=form_of(org), commission_pct=org.platform_commission_pct)


def _optional_email(raw: str, field: str) -> str | None:
    return normalize_email(raw, field=field) if (raw or "").strip() else None


def _phone(raw: str) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    if not _PHONE.fullmatch(text) or len(re.sub(r"[^0-9]", "", text)) < 3:
        raise ValidationFailed("Enter a phone number with digits, spaces and + ( ) - only.", field="contact_phone")
    return text


def priced_bookings(session: Session, organization_id: int) -> int:
    return session.exec(select(func.count()).select_from(Booking).where(
        Booking.organization_id == organization_id, Booking.price_minor > 0)).one()


def _prices_in(session: Session, org: Organization, currency: str) -> list[tuple[Service, int]]:
    """Every service's price in the new currency, the number the owner typed kept ("45" EUR is
    "45" JPY); refused, naming the first service, when one has no exact price there or one
    above the new currency's ceiling."""
    services = session.exec(select(Service).where(Service.organization_id == org.id)
                            .order_by(Service.position, Service.id).with_for_update()).all()
    prices = []
    for service in services:
        price = rescale_price(service.price_minor, service.currency, currency)
        typed = money_shown(service.price_minor, service.currency)
        if price is None:
            raise ValidationFailed("{service} costs {price}, which has no exact price in {currency}: change its price first.",
                                   field="currency", service=service.name, price=typed, currency=currency)
        if price > max_price_minor(currency):
            raise ValidationFailed(
                "{service} costs {price}, more than the highest price in {currency} ({max}): change its price first.",
                field="currency", service=service.name, price=typed, currency=currency,
                max=money_shown(max_price_minor(currency), currency))
        prices.append((service, price))
    return prices


@user_input
def update_business(session: Session, *, actor: Actor, form: BusinessForm) -> Organization:
    """Check every field first, then write them all (or nothing). A new portal address
    keeps the old one as a redirect; a new currency is refused once a priced booking
    exists (its amounts would change meaning), else the services follow it, each keeping
    the price as typed (see _prices_in)."""
    org = _owned_organization(session, actor, lock=True)
    name = clean_text(form.name, field="name", label="the name of your business", max_length=120)
    slug = check_slug(form.slug)
    if slug_holder(session, slug) not in (None, org.id):
        raise ValidationFailed("The address {slug} is taken. Choose another one.", field="slug", slug=slug)
    contact_email = _optional_email(form.contact_email, "contact_email")
    contact_phone = _phone(form.contact_phone)
    reply_to = _optional_email(form.reply_to_email, "reply_to_email")
    currency = (form.currency or "").strip().upper()
    if currency != org.currency:
        if currency not in CURRENCIES:
            raise ValidationFailed("Choose a currency from the list.", field="currency")
        if (priced := priced_bookings(session, org.id)) == 1:
            raise ValidationFailed("The currency cannot change: a booking already has a price in {currency}.",
                                   field="currency", currency=org.currency)
        if priced > 1:
            raise ValidationFailed("The currency cannot change: {count} bookings already have a price in {currency}.",
                                   field="currency", count=priced, currency=org.currency)
    prices = _prices_in(session, org, currency) if currency != org.currency else []
    window = parse_hours(form.response_window_hours, field="response_window_hours", low=WINDOW_MIN_HOURS,
                         high=WINDOW_MAX_HOURS)
    cutoff = parse_hours(form.default_cutoff_hours, field="default_cutoff_hours", low=0, high=CUTOFF_MAX_HOURS)
    reminder = parse_hours(form.customer_reminder_hours, field="customer_reminder_hours", low=0, high=LEAD_MAX_HOURS)
    # Bookings already waiting keep the deadline they were given: it was shown to the customer.
    pay_within = parse_hours(form.payment_deadline_hours, field="payment_deadline_hours", low=0, high=DEADLINE_MAX_HOURS)

    before = form_of(org)
    old_slug = org.slug
    if slug != old_slug:
        own_old = session.get(SlugRedirect, slug)
        if own_old is not None:  # taking back an address this business had before
            session.delete(own_old)
            session.flush()
        session.add(SlugRedirect(slug=old_slug, organization_id=org.id))
    for service, price_minor in prices:
        service.currency, service.price_minor = currency, price_minor
        session.add(service)
    org.name, org.slug, org.contact_email, org.contact_phone = name, slug, contact_email, contact_phone
    org.reply_to_email, org.timezone, org.currency, org.locale = reply_to, form.timezone, currency, form.locale
    org.response_window_hours, org.default_cutoff_minutes = window, cutoff * 60
    org.default_customer_cancellation = form.default_customer_cancellation
    org.customer_reminder_minutes = reminder * 60
    org.payment_deadline_hours, org.unpaid_after_deadline = pay_within, form.unpaid_after_deadline
    session.add(org)
    try:
        session.flush()
    except IntegrityError:  # another business took the address a moment ago
        raise ValidationFailed("The address {slug} is taken. Choose another one.", field="slug", slug=slug) from None
    after = form_of(org)
    changed = {key: value for key, value in vars(after).items() if vars(before)[key] != value}
    if changed:
        log_action(session, actor=actor, action="organization.business_changed", organization_id=org.id, data=changed)
    if slug != old_slug:
        log_action(session, actor=actor, action="organization.address_changed", organization_id=org.id,
                   data={"from": old_slug, "to": slug})
    return org


@user_input
def set_commission(session: Session, *, slug: LinkToken, percent: Annotated[str, Text(20)]) -> tuple[str, str]:
    """The operator's command: the platform commission of one business, 0–100 %.
    Returns the old and the new value as stored."""
    value = commission_text(parse_commission(percent))
    org = session.exec(select(Organization).where(Organization.slug == slug).with_for_update()).first()
    if org is None:
        raise NotFound()
    old = org.platform_commission_pct
    org.platform_commission_pct = value
    session.add(org)
    log_action(session, actor=Actor.system(org.id), action="organization.commission_changed", organization_id=org.id,
               data={"from": old, "to": value})
    return old, value
