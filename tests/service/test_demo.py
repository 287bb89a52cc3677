"""The demo is built through the services the screens call, so it holds only what a
provider and customers can make: a new business that signs up and sets up, a coach who
accepts an invitation, services from the editor, hours from the Availability page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, col, func, select

from bookingapp.db import unit_of_work
from bookingapp.models import (
    ActivityLog,
    Booking,
    Customer,
    Organization,
    OutboxEmail,
    Service,
    ServiceStaff,
    SlugRedirect,
    StaffInvitation,
    StaffUser,
)
from bookingapp.services import (
    accounts,
    appointments,
    cancellations_report,
    noshows_report,
    occupancy_report,
    requests_report,
    revenue_report,
)
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

        verified = dict(s.exec(select(Customer.email, Customer.email_verified).where(
            Customer.organization_id == org.id, col(Customer.email).like("%@example.com"))).all())
        assert verified == {"alex@example.com": True, "bea@example.com": True, "sam@example.com": True,
                            "kim@example.com": False}
        flagged = s.exec(select(func.count()).select_from(Customer).where(Customer.organization_id == org.id,
                                                                          Customer.alert_message.is_not(None))).one()
        assert flagged == 1


def test_the_demo_has_ten_weeks_of_past_for_every_report(engine):
    """Issue 24: each report opens (the last 30 days) on data, all of it in the past, settled,
    and on customers of its own, so the first four keep their counts."""
    with unit_of_work(engine) as s:
        build_demo(s, NOW)
    with Session(engine) as s:
        org = s.exec(select(Organization).where(Organization.slug == DEMO_SLUG)).one()
        actor = accounts.actor_for(s.exec(select(StaffUser).where(StaffUser.email == DEMO_EMAIL)).one())
        today = date(2027, 3, 1)  # 10:00 in Berlin
        first, last = today - timedelta(days=30), today
        revenue = revenue_report.revenue_report(s, actor=actor, first=first, last=last)
        assert sum(r.bookings for r in revenue.rows) >= 5
        ten_weeks = revenue_report.revenue_report(s, actor=actor, first=today - timedelta(days=70), last=last)
        assert sum(r.refund_minor for r in ten_weeks.rows) > 0
        assert sum(r.commission_minor for r in ten_weeks.rows) > 0  # retained at the refunds
        occupancy = occupancy_report.occupancy_report(s, actor=actor, first=first, last=last)
        assert len(occupancy.rows) >= 1 and occupancy.totals.attended > 0 and occupancy.totals.no_shows > 0
        requests = requests_report.requests_report(s, actor=actor, first=first, last=last)
        assert requests.totals.in_time > 0
        counts = cancellations_report.cancellation_counts(s, actor=actor, first=first, last=last)
        assert counts.totals["customer"] and counts.totals["staff"] and counts.totals["studio"]
        assert cancellations_report.cancellation_counts(s, actor=actor, first=today - timedelta(days=70), last=last).totals["automatic"]
        noshows = noshows_report.noshows_report(s, actor=actor, first=first, last=last)
        assert noshows.attended > 0 and noshows.no_shows > 0

        history = select(Booking).join(Customer, col(Customer.id) == Booking.customer_id).where(
            Booking.organization_id == org.id, col(Customer.email).like("%@example.net"))
        booked = s.exec(history).all()
        assert len(booked) > 100
        assert all(b.starts_at < datetime(2027, 2, 28, 23, 0, tzinfo=UTC) for b in booked)  # before today in Berlin
        assert not [b for b in booked if b.status in ("requested", "reschedule_proposed", "pending_payment")
                    or b.refund_decision == "pending" or (b.status == "confirmed" and b.attendance is None)]
        assert all(b.created_at < NOW for b in booked)
        # Emails about the past count as sent when they were; none waits to go out now.
        assert not s.exec(select(OutboxEmail.id).join(Booking, col(Booking.id) == OutboxEmail.booking_id).join(
            Customer, col(Customer.id) == Booking.customer_id).where(
            col(Customer.email).like("%@example.net"), OutboxEmail.status != "sent")).all()
        # Sent once each, as the sweeper sends: the production check counts attempts per email.
        assert set(s.exec(select(OutboxEmail.attempts).join(Booking, col(Booking.id) == OutboxEmail.booking_id).join(
            Customer, col(Customer.id) == Booking.customer_id).where(col(Customer.email).like("%@example.net"))).all()) == {1}
        # The first four customers' bookings are the demo's own, as before.
        mine = s.exec(select(func.count()).select_from(Booking).join(Customer, col(Customer.id) == Booking.customer_id).where(
            Booking.organization_id == org.id, col(Customer.email).like("%@example.com"))).one()
        assert mine == 10
