"""Demo data for a first look: one business with every kind of service.

Everything is made the way a provider and their customers make it, through the same
services the screens call: the owner signs up, sets the business up, invites a coach who
accepts, creates the services, sets hours, schedules classes; customers book, request
and sign in. So the demo proves the setup path and holds nothing a screen could not make.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from bookingapp.db import unit_of_work
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    Booking,
    Customer,
    Organization,
    OutboxEmail,
    Service,
    StaffUser,
    utcnow,
)
from bookingapp.services import (
    accounts,
    availability_settings,
    business,
    catalog,
    class_schedule,
    credit_packs,
    credits,
    customer_accounts,
    customers,
    demo_history,
    session_changes,
    team,
)
from bookingapp.services.accounts import actor_for
from bookingapp.services.activity import log_action

DEMO_SLUG = "lindenhof"
DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password"
COACH_EMAIL = "coach@example.com"
# Alex, Bea and Sam open a sign-in link (so their emails are verified); Kim never does.
CUSTOMERS = (("alex@example.com", "Alex Example", "+49 30 1234567"), ("bea@example.com", "Bea Beispiel", "+49 30 7654321"),
             ("sam@example.com", "Sam Sample", ""), ("kim@example.com", "Kim Kunde", ""))
PHONES = {email: phone for email, _, phone in CUSTOMERS}


def load_demo_data(now: datetime | None = None) -> bool:
    """Create the demo organization unless it exists. Returns whether it was created."""
    with unit_of_work() as session:
        if session.exec(select(Organization.id).where(Organization.slug == DEMO_SLUG)).first():
            return False
        build_demo(session, now or utcnow())
    return True


def build_demo(session: Session, now: datetime) -> Organization:
    owner = accounts.sign_up(session, organization_name="Studio Lindenhof", name="Dana Demo", email=DEMO_EMAIL,
                             password=DEMO_PASSWORD, timezone="Europe/Berlin", currency="EUR", locale="en")
    actor = actor_for(owner)
    org = session.get(Organization, owner.organization_id)
    form = business.form_of(org)
    form.slug, form.contact_email, form.contact_phone = DEMO_SLUG, "hello@lindenhof.example.com", "+49 30 5550100"
    business.update_business(session, actor=actor, form=form)
    business.set_commission(session, slug=DEMO_SLUG, percent="23.8")  # the operator's command
    class_schedule.set_allow_recurring(session, actor=actor, allowed=True)
    # A short list to choose from when a class is cancelled (Settings → Cancellation reasons).
    session_changes.set_reasons(session, actor=actor, text="Teacher ill\nRoom not available\nToo few participants", translations={
        "de": "Lehrkraft krank\nRaum nicht verfügbar\nZu wenige Teilnehmende",
        "pl": "Choroba prowadzącego\nSala niedostępna\nZa mało uczestników"})
    coach = _join_team(session, actor, now)

    for weekday in range(7):  # owner: weekdays 9-17, weekends 10-18; coach: Tue, Thu, Sat 10-16
        hours = ("09:00", "17:00") if weekday < 5 else ("10:00", "18:00")
        availability_settings.set_day_hours(session, actor=actor, staff_user_id=owner.id, weekday=weekday, intervals=[hours])
    for weekday in (1, 3, 5):
        availability_settings.set_day_hours(session, actor=actor, staff_user_id=coach.id, weekday=weekday,
                                            intervals=[("10:00", "16:00")])

    def service(**fields) -> Service:
        return catalog.create_service(session, actor=actor, form=catalog.ServiceForm(**fields))

    tasting = service(kind="request", name="Wine tasting", description="A guided tasting at a date of your choice. Private or as a group.",
                      duration_minutes=120, price="120", prepayment="required", location_tbd=True, allows_private=True,
                      allows_group=True, min_party=1, max_party=8, staff_ids=[owner.id], cutoff_minutes=48 * 60,
                      translations=_texts(("Weinprobe", "Eine geführte Weinprobe an einem Termin deiner Wahl. Privat oder als Gruppe."),
                                          ("Degustacja wina", "Degustacja z przewodnikiem w wybranym przez Ciebie terminie. "
                                                              "Prywatnie lub w grupie.")))
    consult = service(kind="appointment", name="Consultation", description="A 30-minute one-to-one consultation.",
                      duration_minutes=30, price="45", prepayment="optional", location="Lindenstraße 5, Berlin",
                      staff_ids=[owner.id], cutoff_minutes=24 * 60,
                      translations=_texts(("Beratung", "Eine 30-minütige Beratung unter vier Augen."),
                                          ("Konsultacja", "30-minutowa konsultacja indywidualna.")))
    yoga = service(kind="class", name="Morning yoga", description="Gentle yoga to start the day. Bring a mat.",
                   duration_minutes=60, credit_cost=1, capacity=8, location="Studio 1", staff_ids=[coach.id], allow_recurring=True,
                   translations=_texts(("Morgenyoga", "Sanftes Yoga für einen guten Start in den Tag. Bring eine Matte mit."),
                                       ("Poranna joga", "Łagodna joga na dobry początek dnia. Zabierz matę.")))
    portrait = service(kind="appointment", name="Portrait session",
                       description="A one-hour portrait session in the studio. Prepayment required.", duration_minutes=60,
                       price="89", prepayment="required", location="Studio 2", staff_ids=[coach.id], cutoff_minutes=48 * 60,
                       translations=_texts(("Porträt-Shooting", "Ein einstündiges Porträt-Shooting im Studio. Vorauszahlung nötig."),
                                           ("Sesja portretowa", "Godzinna sesja portretowa w studiu. Wymagana przedpłata.")))
    massage = service(kind="appointment", name="Sports massage",
                      description="A 45-minute sports massage. It cannot be cancelled online: ask for a new date instead.",
                      duration_minutes=45, price="65", prepayment="optional", location="Studio 3", staff_ids=[owner.id],
                      cutoff_minutes=24 * 60, customer_cancellation="rebooking_request_only",
                      translations=_texts(("Sportmassage", "Eine 45-minütige Sportmassage. Online stornieren geht nicht: "
                                                           "frag stattdessen nach einem neuen Termin."),
                                          ("Masaż sportowy", "45-minutowy masaż sportowy. Nie można go odwołać online: "
                                                             "poproś o nowy termin.")))

    tz = ZoneInfo(org.timezone)
    today = now.astimezone(tz).date()
    for offset in range(1, 8):
        class_schedule.create_sessions(session, actor=actor, now=now, new=class_schedule.NewSessions(
            service_id=yoga.id, starts_at=datetime.combine(today + timedelta(days=offset), time(7, 30), tz),
            duration_minutes=60, capacity=8, credit_cost=1, free_cancellation_minutes=12 * 60, location="Studio 1",
            staff_user_id=coach.id))

    credit_packs.create_pack(session, actor=actor, name="5 classes", credits=5, price="60", validity_days=60)
    credit_packs.create_pack(session, actor=actor, name="10 classes", credits=10, price="110", validity_days=120)

    _demo_requests(session, org, owner, tasting, now)
    _demo_customers(session, actor, org, now)
    _demo_appointments(session, consult, portrait, now)
    _demo_rebookings(session, owner, massage, now)
    # The past ten weeks, for the dashboard and its reports: new customers of its own.
    demo_history.build_history(session, org=org, owner=owner, coach=coach, now=now, services={
        "tasting": tasting, "consult": consult, "yoga": yoga, "portrait": portrait, "massage": massage})
    log_action(session, actor=actor, action="demo.loaded", organization_id=org.id)
    return org


def _texts(de: tuple[str, str], pl: tuple[str, str]) -> dict:
    """A demo service's name and description in German and Polish (the defaults are English)."""
    return {lang: {"name": name, "description": description} for lang, (name, description) in (("de", de), ("pl", pl))}


def _emailed_token(session: Session, key: str, to: str, pattern: str) -> str:
    """The token in the newest email of this kind to this address, as its reader would click it."""
    text = session.exec(select(OutboxEmail.text).where(OutboxEmail.template_key == key, OutboxEmail.to_email == to)
                        .order_by(col(OutboxEmail.id).desc())).first()
    return re.search(pattern, text or "").group(1)


def _join_team(session: Session, actor, now: datetime) -> StaffUser:
    team.invite(session, actor=actor, email=COACH_EMAIL, name="Chris Coach", now=now)
    token = _emailed_token(session, "staff_invitation", COACH_EMAIL, r"/join/([A-Za-z0-9_-]+)")
    return team.accept_invitation(session, token=token, name="Chris Coach", password=DEMO_PASSWORD + "-coach", now=now)


def _demo_customers(session: Session, actor, org: Organization, now: datetime) -> None:
    """The customers (made by their requests) verify their email by signing in, get welcome
    credits from the owner, and one is flagged."""
    for email, _, _ in CUSTOMERS[:3]:
        customer_accounts.request_sign_in_link(session, org_slug=org.slug, email=email, now=now)
        token = _emailed_token(session, "customer_sign_in", email, r"token=([A-Za-z0-9_-]+)")
        customer_accounts.sign_in_with_link(session, token=token, org_slug=org.slug, now=now)
    for email, _, _ in CUSTOMERS:
        credits.grant(session, actor=actor, customer_id=_customer_id(session, org, email), delta=10, reason="Welcome credits")
    customers.set_alert(session, actor=actor, customer_id=_customer_id(session, org, "sam@example.com"),
                        message="Paid late twice: ask for prepayment.", now=now)


def _customer_id(session: Session, org: Organization, email: str) -> int:
    return session.exec(select(Customer.id).where(Customer.organization_id == org.id, Customer.email == email)).one()


def _demo_requests(session: Session, org: Organization, owner: StaffUser, tasting: Service, now: datetime) -> None:
    """Requests in several states, made through the real flow (holds on the local gateway)."""
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.services import requests

    gateway, actor = get_gateway(), actor_for(owner)
    visa = CardInput("4242424242424242", 12, now.year + 4, "123")

    def request(email: str, name: str, days: int, party: int, note: str = "", at: datetime | None = None) -> Booking:
        form = requests.RequestForm(service_id=tasting.id, starts_at=_at(now, days, 18), party_size=party, group=party > 2,
                                    name=name, email=email, phone=PHONES[email], note=note, card=visa)
        booking, _ = requests.create_request(session, form=form, gateway=gateway, now=at or now)
        return booking

    request("alex@example.com", "Alex Example", 10, 4, "Birthday of my partner", at=now - timedelta(hours=44))
    request("bea@example.com", "Bea Beispiel", 12, 2, "We prefer red wines")
    request("sam@example.com", "Sam Sample", 14, 6)
    confirmed = request("kim@example.com", "Kim Kunde", 8, 2)
    requests.confirm_request(session, actor=actor, booking_id=confirmed.id, gateway=gateway, now=now,
                             location_message="We will meet at the vineyard gate. Bring good shoes!",
                             address="Weinbergweg 3, vineyard gate")
    proposed = request("bea@example.com", "Bea Beispiel", 9, 3)
    requests.propose_reschedule(session, actor=actor, booking_id=proposed.id, message="That evening we are closed for a private event.",
                                slots=[_at(now, 11, 18), _at(now, 12, 19), _at(now, 13, 17)], now=now)
    rejected = request("alex@example.com", "Alex Example", 20, 8)
    requests.reject_request(session, actor=actor, booking_id=rejected.id, reason="party_size", gateway=gateway, now=now)


def _demo_appointments(session: Session, consult: Service, portrait: Service, now: datetime) -> None:
    """Online bookings made through the real flow: paid, to pay on site, waiting for prepayment."""
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.services import appointments

    visa = CardInput("4242424242424242", 12, now.year + 4, "123")
    session.flush()

    def free_time(service: Service, after_days: int) -> datetime:
        day = now + timedelta(days=after_days)
        for month_days in (appointments.month(session, service=service, year=day.year, month_number=day.month, now=now),
                           appointments.month(session, service=service, year=(day.replace(day=1) + timedelta(days=32)).year,
                                              month_number=(day.replace(day=1) + timedelta(days=32)).month, now=now)):
            for entry in month_days:
                if entry.day >= day.date() and entry.slots:
                    return entry.slots[len(entry.slots) // 2]
        raise RuntimeError("no free time for the demo")

    appointments.book(session, service_id=consult.id, starts_at=free_time(consult, 3), name="Alex Example", email="alex@example.com",
                      card=visa, gateway=get_gateway(), now=now)
    appointments.book(session, service_id=consult.id, starts_at=free_time(consult, 5), name="Bea Beispiel", email="bea@example.com", now=now)
    appointments.book(session, service_id=portrait.id, starts_at=free_time(portrait, 4), name="Kim Kunde", email="kim@example.com", now=now)


def _demo_rebookings(session: Session, owner: StaffUser, massage: Service, now: datetime) -> None:
    """Issue 7: a service whose customers may only request a rebooking, and a paid booking
    whose customer is choosing one of three new dates the provider proposed."""
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.services import appointments, rebooking

    visa = CardInput("4242424242424242", 12, now.year + 4, "123")
    booking, _ = appointments.book(session, service_id=massage.id, starts_at=_at(now, 6, 11), name="Bea Beispiel",
                                   email="bea@example.com", card=visa, gateway=get_gateway(), now=now)
    rebooking.request_rebooking(session, actor=actor_for(owner), booking_id=booking.id, initiator="provider",
                                reason="Our massage room has a water leak that day. Sorry for the trouble!",
                                slots=[_at(now, 7, 11), _at(now, 8, 14), _at(now, 9, 16)], now=now)


def _at(now: datetime, days: int, hour: int) -> datetime:
    tz = ZoneInfo("Europe/Berlin")
    return datetime.combine(now.astimezone(tz).date() + timedelta(days=days), time(hour), tz)
