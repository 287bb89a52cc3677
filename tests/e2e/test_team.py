"""Dashboard → Team: the demo owner invites a member, the member opens the emailed link in
another browser, sets a password and lands signed in; owner-only pages turn them away. The
owner deactivates them, and work nobody else can take stays listed with a way to rebook it."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from playwright.sync_api import Browser, Page, expect
from sqlmodel import select

from bookingapp.db import make_engine, unit_of_work
from bookingapp.models import Booking, Customer, OutboxEmail, Service, StaffUser, utcnow
from bookingapp.services import manage_links
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.test_accessibility import _violations


def _invitation_path(app, address: str) -> str:
    """The link of the invitation email, as the dev mailbox shows it, read from the outbox."""
    engine = make_engine(app.env["DATABASE_URL"])
    try:
        with unit_of_work(engine) as session:
            email = session.exec(select(OutboxEmail).where(OutboxEmail.to_email == address,
                                                           OutboxEmail.template_key == "staff_invitation")).one()
            link = re.search(r"https?://\S+/join/\S+", email.text).group(0)
    finally:
        engine.dispose()
    assert link.startswith(app.url)
    return link.removeprefix(app.url)


def _give_future_booking(app, address: str, service_name: str) -> str:
    """A booking the member took before (60 days out, on a service only someone else now
    gives), so deactivating them leaves work the owner must hand over. Returns its reference."""
    engine = make_engine(app.env["DATABASE_URL"])
    try:
        with unit_of_work(engine) as session:
            member = session.exec(select(StaffUser).where(StaffUser.email == address)).one()
            service = session.exec(select(Service).where(Service.organization_id == member.organization_id,
                                                         Service.name == service_name)).one()
            customer = session.exec(select(Customer).where(Customer.organization_id == member.organization_id)).first()
            starts_at = utcnow().replace(microsecond=0) + timedelta(days=60)
            booking = Booking(organization_id=member.organization_id, reference=f"HAND{uuid.uuid4().hex[:8].upper()}",
                              customer_id=customer.id, service_id=service.id, staff_user_id=member.id, status="confirmed",
                              starts_at=starts_at, ends_at=starts_at + timedelta(minutes=service.duration_minutes),
                              price_minor=service.price_minor, currency=service.currency)
            manage_links.issue(booking)
            session.add(booking)
            return booking.reference
    finally:
        engine.dispose()


def test_owner_invites_a_member_who_joins_and_is_kept_out_of_owner_pages(page: Page, browser: Browser, app):
    address = f"member-{uuid.uuid4().hex[:8]}@example.com"
    sign_in(page, next_path="/dashboard/team")
    expect(page.get_by_role("heading", name="Team", level=1)).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Mia Member")
    page.get_by_label("Email", exact=True).fill(address)
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status").filter(has_text="Invitation sent.")).to_be_visible()
    expect(page.locator(".invitation").filter(has_text=address)).to_be_visible()
    assert no_horizontal_scroll(page)
    assert _violations(page, "/dashboard/team") == []

    # Inviting the same address while it belongs to the owner: a clear message, nothing sent.
    page.get_by_label("Name", exact=True).fill("Me again")
    page.get_by_label("Email", exact=True).fill("demo@example.com")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("demo@example.com already has an account, so it cannot be invited.")).to_be_visible()

    path = _invitation_path(app, address)
    context = browser.new_context(viewport=page.viewport_size, base_url=app.url)
    context.set_default_timeout(15_000)
    try:
        member = context.new_page()
        assert _violations(member, path) == []
        expect(member.get_by_role("heading", name="Join the team", level=1)).to_be_visible()
        expect(member.get_by_text("Studio Lindenhof")).to_be_visible()
        expect(member.get_by_text(address)).to_be_visible()
        expect(member.get_by_label("Your name")).to_have_value("Mia Member")
        assert no_horizontal_scroll(member)

        member.get_by_label("Password").fill("short")
        member.get_by_role("button", name="Join and sign in").click()
        expect(member.get_by_text("Use at least 10 characters for the password.")).to_be_visible()

        member.get_by_label("Password").fill("mia-member-password")
        member.get_by_role("button", name="Join and sign in").click()
        member.wait_for_url(re.compile(r".*/dashboard/?$"))
        expect(member.get_by_role("heading", name="Home", level=1)).to_be_visible()

        # Staff see no Team link, and owner-only pages send them home with a message.
        expect(member.get_by_role("link", name="Team", exact=True)).to_have_count(0)
        for owner_only in ("/dashboard/settings/business", "/dashboard/team", "/dashboard/settings/notifications",
                           "/dashboard/mailbox"):
            member.goto(owner_only)
            member.wait_for_url(re.compile(r".*/dashboard/?$"))
            expect(member.get_by_text("Only the owner can open this page.").first).to_be_visible()

        # The invitation link is used up.
        member.goto(path)
        expect(member.get_by_role("alert").filter(has_text="This invitation was already used.")).to_be_visible()

        # The owner deactivates the member (after confirming): their session ends, and
        # signing in again says why. Their future booking is on a service the owner does not
        # give, so the handover leaves it with a reason and a way to rebook it.
        reference = _give_future_booking(app, address, "Portrait session")
        page.reload()
        expect(page.locator(".invitation").filter(has_text=address)).to_have_count(0)
        row = page.locator(".member").filter(has_text=address)
        row.get_by_role("button", name="Deactivate Mia Member").click()
        page.get_by_role("alertdialog").get_by_role("button", name="Yes, deactivate").click()
        expect(page.get_by_role("status").filter(has_text="Member deactivated.")).to_be_visible()
        expect(row.get_by_text("Deactivated", exact=True)).to_be_visible()
        handover = page.locator("#handover")
        expect(handover.locator(".work-item").filter(has_text=reference)).to_be_visible()
        handover.get_by_label("Hand them to").select_option(label="Dana Demo")
        handover.get_by_role("button", name="Hand over").click()
        expect(page.get_by_role("status").filter(has_text="0 handed over. 1 could not be")).to_be_visible()
        left = handover.locator(".work-item").filter(has_text=reference)
        expect(left.get_by_text("They do not give this service.")).to_be_visible()
        assert no_horizontal_scroll(page)
        left.get_by_role("link", name="Open the order to rebook it").click()
        page.wait_for_url(f"**/dashboard/orders/{reference}")
        expect(page.get_by_text(reference).first).to_be_visible()
        expect(page.get_by_role("button", name="Request rebooking")).to_be_visible()

        member.goto("/dashboard/inbox")
        member.wait_for_url("**/signin**")
        member.get_by_label("Email").fill(address)
        member.get_by_label("Password").fill("mia-member-password")
        member.get_by_role("button", name="Sign in").click()
        expect(member.get_by_text("This account is deactivated.")).to_be_visible()
    finally:
        context.close()
