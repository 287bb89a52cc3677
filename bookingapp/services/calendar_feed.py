"""A staff member's private calendar feed: an .ics address that Google Calendar, Apple
Calendar or Thunderbird subscribe to, holding the member's bookings and the classes they
teach, from a month back to a year ahead.

The address works like a calendar app's "secret address": it is shown on the member's
profile every time, and replacing it makes the old one answer 404. Its token is
nonce + HMAC(SECRET_KEY, "staff-feed:" + member id + nonce) (`link_tokens`). The member's
row keeps only the random nonce, in `StaffUser.feed_token_hash` (the schema's name for
"what the feed is found by"): the database alone never yields a working address, and the
HMAC binds the address to its member, so a nonce moved to another row opens nothing.
A guessed, replaced or tampered token, and a deactivated member's, are all `NotFound`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from bookingapp import routes
from bookingapp.domain.booking_states import ACTIVE, LABELS, Status
from bookingapp.domain.errors import NotFound, PermissionDenied
from bookingapp.domain.ics import Event, calendar, event_status
from bookingapp.domain.user_input import LinkToken, user_input
from bookingapp.i18n import translate
from bookingapp.models import Booking, ClassSession, Customer, Organization, Service, StaffUser
from bookingapp.services import link_tokens, manage_links
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.settings import get_settings

PURPOSE = "staff-feed"
NONCE_BYTES = 16  # 32 hex characters: the part of the token the member's row is found by
NONCE_LENGTH = 2 * NONCE_BYTES
TOKEN_LENGTH = NONCE_LENGTH + 43
PAST = timedelta(days=30)
AHEAD = timedelta(days=366)
REFRESH = timedelta(minutes=15)  # a hint: Google Calendar fetches on its own schedule (hours)
SHOWN = tuple(ACTIVE | {Status.COMPLETED, Status.NO_SHOW})  # as on the agenda: cancelled ones drop out
FLAG = "\N{TRIANGULAR FLAG ON POST}"


@dataclass(frozen=True)
class FeedAddress:
    url: str  # https://…/api/feed/<token>.ics, to paste into a calendar app
    webcal: str  # the same as webcal://, which opens the subscription dialog of the system's calendar app


def _token(member: StaffUser) -> str:
    nonce = member.feed_token_hash
    return nonce + link_tokens.signed(PURPOSE, f"{member.id}:{nonce}")


def _address(member: StaffUser) -> FeedAddress:
    url = get_settings().public_base_url.rstrip("/") + routes.staff_feed(_token(member))
    return FeedAddress(url=url, webcal=urlunsplit(("webcal", *urlsplit(url)[1:])))


def _member(session: Session, actor: Actor) -> StaffUser:
    if not actor.is_staff:
        raise PermissionDenied()
    member = get_owned(session, StaffUser, actor.id, actor, lock=True)
    if not member.active:
        raise NotFound()
    return member


def feed_address(session: Session, *, actor: Actor) -> FeedAddress:
    """The signed-in member's feed address; the first call creates it."""
    member = _member(session, actor)
    if member.feed_token_hash is None:
        member.feed_token_hash = link_tokens.new_nonce(NONCE_BYTES)
        session.add(member)
        log_action(session, actor=actor, action="staff.feed_created", organization_id=member.organization_id)
    return _address(member)


def replace_feed_token(session: Session, *, actor: Actor) -> FeedAddress:
    """A new address for the signed-in member; the old one answers 404 from now on."""
    member = _member(session, actor)
    member.feed_token_hash = link_tokens.new_nonce(NONCE_BYTES)
    session.add(member)
    log_action(session, actor=actor, action="staff.feed_replaced", organization_id=member.organization_id)
    return _address(member)


def _owner_of_token(session: Session, token: str) -> tuple[StaffUser, Organization]:
    nonce, mac = token[:NONCE_LENGTH], token[NONCE_LENGTH:]
    if len(token) != TOKEN_LENGTH or any(ch not in "0123456789abcdef" for ch in nonce):
        raise NotFound()
    row = session.exec(select(StaffUser, Organization).join(Organization, col(Organization.id) == StaffUser.organization_id)
                       .where(StaffUser.feed_token_hash == nonce)).first()
    if row is None or not row[0].active or not link_tokens.same(mac, link_tokens.signed(PURPOSE, f"{row[0].id}:{nonce}")):
        raise NotFound()
    return row


@user_input
def feed_ics(session: Session, *, token: LinkToken, now: datetime) -> str:
    """The calendar behind a feed address (three reads), or NotFound."""
    member, org = _owner_of_token(session, token)
    _ = _translator(org.locale)
    events = _booking_events(session, member, org, now, _) + _class_events(session, member, now, _)
    events.sort(key=lambda event: (event.starts_at, event.uid))
    return calendar(events, name=f"{org.name} · {member.name}", refresh=REFRESH)


def _translator(locale: str) -> Callable[[str], str]:
    def _(msgid: str) -> str:
        return translate(msgid, locale)
    return _


def _in_window(starts_at, now: datetime):
    return and_(starts_at >= now - PAST, starts_at < now + AHEAD)


def _booking_events(session: Session, member: StaffUser, org: Organization, now: datetime,
                    _: Callable[[str], str]) -> list[Event]:
    # The member's own bookings, and those without a member of a service they give (as the agenda shows them).
    whose = or_(Booking.staff_user_id == member.id,
                and_(col(Booking.staff_user_id).is_(None), Service.staff_user_id == member.id))
    # Columns, not rows: a busy member's year is thousands of bookings, and whole rows cost more than the file.
    rows = session.exec(
        select(Booking.reference, Booking.status, Booking.starts_at, Booking.ends_at, Booking.updated_at,
               Booking.lock_version, Booking.location, Booking.location_tbd, Booking.party_size, Booking.note,
               Booking.alert_message, Booking.manage_token_nonce, Customer.name, Customer.email, Customer.phone,
               Customer.alert_message, Service.name)
        .join(Customer, col(Customer.id) == Booking.customer_id).join(Service, col(Service.id) == Booking.service_id)
        .where(Booking.organization_id == org.id, _in_window(Booking.starts_at, now), col(Booking.session_id).is_(None),
               col(Booking.status).in_(SHOWN), whose)
    ).all()
    base = get_settings().public_base_url.rstrip("/")
    events = []
    for (reference, booking_status, starts_at, ends_at, updated_at, sequence, location, location_tbd, party, note,
         booking_alert, nonce, name, email, phone, customer_alert, service_name) in rows:
        alert = booking_alert or customer_alert or ""
        status = event_status(booking_status)
        label = _(LABELS.get(booking_status, booking_status))
        order = base + routes.order(reference)
        description = [
            _("Alert: {alert}").format(alert=alert) if alert else "",
            _("Status: {status}").format(status=label),
            _("Customer: {contact}").format(contact=" · ".join(part for part in (name, email, phone) if part)),
            _("Party size: {party}").format(party=party) if party > 1 else "",
            _("Note: {note}").format(note=note) if note else "",
            _("Order: {url}").format(url=order),
            _("Customer's manage link: {url}").format(url=manage_links.url_from_nonce(nonce)) if nonce else "",
        ]
        events.append(Event(
            uid=f"{reference}@bookings",  # the UID of the customer's own calendar file
            summary=(f"{FLAG} " if alert else "") + f"{service_name} · {name}" + (f" ({label})" if status == "TENTATIVE" else ""),
            starts_at=starts_at, ends_at=ends_at, stamp=updated_at, sequence=sequence, status=status,
            location=location or (_("To be arranged") if location_tbd else ""),
            description=tuple(part for part in description if part), url=order,
        ))
    return events


def _class_events(session: Session, member: StaffUser, now: datetime, _: Callable[[str], str]) -> list[Event]:
    """Each class session the member teaches, with its places (one read: sessions with their places joined)."""
    whose = or_(ClassSession.staff_user_id == member.id,
                and_(col(ClassSession.staff_user_id).is_(None), Service.staff_user_id == member.id))
    places = and_(col(Booking.session_id) == ClassSession.id, col(Booking.status).in_(SHOWN))
    rows = session.exec(
        select(ClassSession, Service.name, Service.location, Booking.party_size, Booking.note, Booking.alert_message,
               Customer.name, Customer.alert_message)
        .join(Service, col(Service.id) == ClassSession.service_id)
        .outerjoin(Booking, places).outerjoin(Customer, col(Customer.id) == Booking.customer_id)
        .where(ClassSession.organization_id == member.organization_id, col(ClassSession.cancelled).is_(False),
               _in_window(ClassSession.starts_at, now), whose)
        .order_by(col(ClassSession.id), col(Customer.name))
    ).all()
    sessions: dict[int, tuple[ClassSession, str, str | None]] = {}
    people: dict[int, list[tuple[str, int, str, str]]] = {}
    for class_session, service_name, service_location, party, note, booking_alert, name, customer_alert in rows:
        sessions.setdefault(class_session.id, (class_session, service_name, service_location))
        if name is not None:
            people.setdefault(class_session.id, []).append((name, party or 1, booking_alert or customer_alert or "", note or ""))
    base = get_settings().public_base_url.rstrip("/")
    events = []
    for session_id, (class_session, service_name, service_location) in sessions.items():
        present = people.get(session_id, [])
        taken = sum(party for _name, party, _alert, _note in present)
        lines = [_("Places taken: {taken} of {capacity}").format(taken=taken, capacity=class_session.capacity)]
        for name, party, alert, note in present:
            line = f"- {name}" + (f" ({party})" if party > 1 else "")
            line += f" · {FLAG} {alert}" if alert else ""
            line += f" · {_('Note: {note}').format(note=note)}" if note else ""
            lines.append(line)
        url = base + routes.schedule_session(session_id)
        lines.append(_("Class page: {url}").format(url=url))
        events.append(Event(
            uid=f"class-session-{session_id}@bookings",
            summary=(f"{FLAG} " if any(alert for _n, _p, alert, _o in present) else "")
            + f"{service_name} ({taken}/{class_session.capacity})",
            starts_at=class_session.starts_at, ends_at=class_session.ends_at, stamp=now, status="CONFIRMED",
            location=class_session.location or service_location or "", description=tuple(lines), url=url,
        ))
    return events
