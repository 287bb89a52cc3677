"""The demo is built through the services the screens call, so it holds only what a
provider and customers can make: a new business that signs up and sets up, a coach who
accepts an invitation, services from the editor, hours from the Availability page."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, func, select

from bookingapp.db import unit_of_work
from bookingapp.models import (
    ActivityLog,
    Customer,
    Organization,
    Service,
    ServiceStaff,
    SlugRedirect,
    StaffInvitation,
    StaffUser,
)
from bookingapp.services import accounts, appointments
from bookingapp.services.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG, build_demo

NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def test_the_demo_is_made_through_the_setup_services(engine):
    with unit_of_work(engine) as s:
        build_demo(s, NOW)
    with Session(engine) as s:
        org = s.exec(select(Organization).where(Organization.slug == DEMO_SLUG)).one()
        actions = set(s.exec(select(ActivityLog.action).where(ActivityLog.organization_id == org.id)))
        assert {"organization.created", "organization.address_changed", "team.invited", "team.invitation_accepted",
                "service.created", "availability.hours_set", "class.sessions_created", "credits.granted",
                "customer.email_verified", "customer.flagged", "credit_pack.created"} <= actions
        # The address the sign-up gave keeps leading to the demo.
        assert s.get(SlugRedirect, "studio-lindenhof").organization_id == org.id
        assert (org.platform_commission_pct, org.currency, org.timezone) == ("23.8", "EUR", "Europe/Berlin")
        assert org.cancellation_reasons == ["Teacher ill", "Room not available", "Too few participants"]
        assert accounts.sign_in(s, email=DEMO_EMAIL, password=DEMO_PASSWORD, now=NOW).role == "owner"
        coach = s.exec(select(StaffUser).where(StaffUser.email == "coach@example.com")).one()
        assert s.exec(select(StaffInvitation.used_at).where(StaffInvitation.staff_user_id == coach.id)).one() is not None

        services = s.exec(select(Service).where(Service.organization_id == org.id).order_by(Service.position)).all()
        assert [x.slug for x in services] == ["wine-tasting", "consultation", "morning-yoga", "portrait-session", "sports-massage"]
        staffed = set(s.exec(select(ServiceStaff.service_id).where(ServiceStaff.organization_id == org.id)))
        assert staffed == {x.id for x in services}
        consultation = services[1]
        days = appointments.month(s, service=consultation, year=2027, month_number=3, now=NOW)
        assert sum(len(d.slots) for d in days) > 100  # the owner's hours offer times all month

        verified = dict(s.exec(select(Customer.email, Customer.email_verified).where(Customer.organization_id == org.id)).all())
        assert verified == {"alex@example.com": True, "bea@example.com": True, "sam@example.com": True,
                            "kim@example.com": False}
        flagged = s.exec(select(func.count()).select_from(Customer).where(Customer.organization_id == org.id,
                                                                          Customer.alert_message.is_not(None))).one()
        assert flagged == 1
