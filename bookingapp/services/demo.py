"""Demo data for a first look: one organization with every kind of service."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    AvailabilityRule,
    Booking,
    ClassSession,
    CreditLedger,
    Customer,
    Organization,
    Service,
    ServiceStaff,
    StaffUser,
    utcnow,
)
from bookingapp.services.accounts import PASSWORDS, actor_for
from bookingapp.services.activity import log_action

DEMO_SLUG = "lindenhof"
DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "demo-password"


def load_demo_data(now: datetime | None = None) -> bool:
    """Create the demo organization unless it exists. Returns whether it was created."""
    with unit_of_work() as session:
        if session.exec(select(Organization.id).where(Organization.slug == DEMO_SLUG)).first():
            return False
        build_demo(session, now or utcnow())
    return True


def build_demo(session: Session, now: datetime) -> Organization:
    org = Organization(
        name="Studio Lindenhof", slug=DEMO_SLUG, timezone="Europe/Berlin", currency="EUR", locale="en",
        platform_commission_pct="23.8", customer_accounts="verify_email", reply_to_email=DEMO_EMAIL, allow_recurring=True,
    )
    session.add(org)
    session.flush()
    owner = StaffUser(organization_id=org.id, email=DEMO_EMAIL, name="Dana Demo", password_hash=PASSWORDS.hash(DEMO_PASSWORD), role="owner")
    coach = StaffUser(organization_id=org.id, email="coach@example.com", name="Chris Coach", password_hash=PASSWORDS.hash(DEMO_PASSWORD + "-coach"))
    session.add_all([owner, coach])
    session.flush()

    tasting = Service(
        organization_id=org.id, kind="request", name="Private wine tasting", slug="wine-tasting",
        description="A guided tasting at a date of your choice. Private or as a group.",
        duration_minutes=120, price_minor=12000, currency="EUR", prepayment="required",
        location=None, location_tbd=True, allows_private=True, allows_group=True, min_party=1, max_party=8,
        staff_user_id=owner.id, cutoff_minutes=48 * 60,
    )
    consult = Service(
        organization_id=org.id, kind="appointment", name="Consultation", slug="consultation",
        description="A 30-minute one-to-one consultation.", duration_minutes=30, price_minor=4500,
        currency="EUR", prepayment="optional", location="Lindenstraße 5, Berlin", staff_user_id=owner.id,
        cutoff_minutes=24 * 60,
    )
    yoga = Service(
        organization_id=org.id, kind="class", name="Morning yoga", slug="morning-yoga",
        description="Gentle yoga to start the day. Bring a mat.", duration_minutes=60, price_minor=0,
        currency="EUR", credit_cost=1, location="Studio 1", staff_user_id=coach.id, allow_recurring=True,
    )
    portrait = Service(
        organization_id=org.id, kind="appointment", name="Portrait session", slug="portrait-session",
        description="A one-hour portrait session in the studio. Prepayment required.", duration_minutes=60, price_minor=8900,
        currency="EUR", prepayment="required", location="Studio 2", staff_user_id=coach.id, cutoff_minutes=48 * 60,
    )
    session.add_all([tasting, consult, yoga, portrait])
    session.flush()

    # Hours belong to people (migration 0007); ServiceStaff says who gives what.
    session.add_all([ServiceStaff(service_id=svc.id, staff_user_id=svc.staff_user_id, organization_id=org.id)
                     for svc in (tasting, consult, yoga, portrait)])
    for weekday in range(7):
        hours = (time(9), time(17)) if weekday < 5 else (time(10), time(18))
        session.add(AvailabilityRule(organization_id=org.id, staff_user_id=owner.id, weekday=weekday,
                                     start_time=hours[0], end_time=hours[1]))
    for weekday in (1, 3, 5):
        session.add(AvailabilityRule(organization_id=org.id, staff_user_id=coach.id,
                                     weekday=weekday, start_time=time(10), end_time=time(16)))

    tz = ZoneInfo(org.timezone)
    today = now.astimezone(tz).date()
    for offset in range(1, 8):
        day = today + timedelta(days=offset)
        start = datetime.combine(day, time(7, 30), tz).astimezone(UTC)
        session.add(ClassSession(organization_id=org.id, service_id=yoga.id, staff_user_id=coach.id,
                                 starts_at=start, ends_at=start + timedelta(hours=1), capacity=8,
                                 location="Studio 1", credit_cost=1, free_cancellation_minutes=12 * 60))

    customers = [
        Customer(organization_id=org.id, email="alex@example.com", name="Alex Example", phone="+49 30 1234567", email_verified=True),
        Customer(organization_id=org.id, email="bea@example.com", name="Bea Beispiel", phone="+49 30 7654321", email_verified=True),
        Customer(organization_id=org.id, email="sam@example.com", name="Sam Sample", email_verified=True,
                 alert_message="Paid late twice: ask for prepayment.", flagged_at=now),
        Customer(organization_id=org.id, email="kim@example.com", name="Kim Kunde", locale="de"),
    ]
    session.add_all(customers)
    session.flush()
    for customer in customers:
        session.add(CreditLedger(organization_id=org.id, customer_id=customer.id, delta=10, kind="grant",
                                 reason="Welcome credits", staff_user_id=owner.id))
    _demo_requests(session, org, owner, tasting, now)
    _demo_appointments(session, consult, portrait, now)
    _demo_rebookings(session, org, owner, now)
    log_action(session, actor=actor_for(owner), action="demo.loaded", organization_id=org.id)
    return org


def _demo_requests(session: Session, org: Organization, owner: StaffUser, tasting: Service, now: datetime) -> None:
    """Requests in several states, made through the real flow (holds on the local gateway)."""
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.services import requests

    gateway, actor = get_gateway(), actor_for(owner)
    visa = CardInput("4242424242424242", 12, now.year + 4, "123")

    def request(email: str, name: str, days: int, party: int, note: str = "", at: datetime | None = None) -> Booking:
        form = requests.RequestForm(service_id=tasting.id, starts_at=_at(now, days, 18), party_size=party, group=party > 2,
                                    name=name, email=email, phone="", note=note, card=visa)
        booking, _ = requests.create_request(session, form=form, gateway=gateway, now=at or now)
        return booking

    request("alex@example.com", "Alex Example", 10, 4, "Birthday of my partner", at=now - timedelta(hours=44))
    request("bea@example.com", "Bea Beispiel", 12, 2, "We prefer red wines")
    request("sam@example.com", "Sam Sample", 14, 6)
    confirmed = request("kim@example.com", "Kim Kunde", 8, 2)
    requests.confirm_request(session, actor=actor, booking_id=confirmed.id, gateway=gateway, now=now,
                             location_message="We will meet at the vineyard gate, Weinbergweg 3.")
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


def _demo_rebookings(session: Session, org: Organization, owner: StaffUser, now: datetime) -> None:
    """Issue 7: a service whose customers may only request a rebooking, and a paid booking
    whose customer is choosing one of three new dates the provider proposed."""
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.services import appointments, rebooking

    massage = Service(
        organization_id=org.id, kind="appointment", name="Sports massage", slug="sports-massage",
        description="A 45-minute sports massage. It cannot be cancelled online: ask for a new date instead.",
        duration_minutes=45, price_minor=6500, currency="EUR", prepayment="optional", location="Studio 3",
        staff_user_id=owner.id, cutoff_minutes=24 * 60, customer_cancellation="rebooking_request_only",
    )
    session.add(massage)
    session.flush()
    session.add(ServiceStaff(service_id=massage.id, staff_user_id=owner.id, organization_id=org.id))  # the owner's hours
    session.flush()
    visa = CardInput("4242424242424242", 12, now.year + 4, "123")
    booking, _ = appointments.book(session, service_id=massage.id, starts_at=_at(now, 6, 11), name="Bea Beispiel",
                                   email="bea@example.com", card=visa, gateway=get_gateway(), now=now)
    rebooking.request_rebooking(session, actor=actor_for(owner), booking_id=booking.id, initiator="provider",
                                reason="Our massage room has a water leak that day. Sorry for the trouble!",
                                slots=[_at(now, 7, 11), _at(now, 8, 14), _at(now, 9, 16)], now=now)


def _at(now: datetime, days: int, hour: int) -> datetime:
    tz = ZoneInfo("Europe/Berlin")
    return datetime.combine(now.astimezone(tz).date() + timedelta(days=days), time(hour), tz)
