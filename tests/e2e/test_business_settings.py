"""Settings → Business in the browser, at 1280 and 375 px: the owner changes the portal
address (the old one keeps redirecting) and the answer window; bad input is explained by
its field and changes nothing; staff cannot open the page."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.models import Organization, SlugRedirect, StaffUser
from bookingapp.services import accounts
from tests.e2e.conftest import no_horizontal_scroll, sign_in

PASSWORD = "a-good-password"


def _new_business(role_staff: bool = False) -> tuple[str, str, str]:
    """A business of its own (so the demo's address never changes under other tests):
    (owner email, slug, staff email)."""
    tag = uuid.uuid4().hex[:8]
    with unit_of_work() as s:
        owner = accounts.sign_up(s, organization_name=f"Atelier {tag}", name="Olga Owner",
                                 email=f"olga-{tag}@example.com", password=PASSWORD)
        slug = s.get(Organization, owner.organization_id).slug
        s.add(StaffUser(organization_id=owner.organization_id, email=f"sam-{tag}@example.com", name="Sam Staff",
                        password_hash=accounts.hash_password(PASSWORD), role="staff"))
    return f"olga-{tag}@example.com", slug, f"sam-{tag}@example.com"


def _org(app, slug: str) -> Organization:
    with Session(app.engine) as s:
        return s.exec(select(Organization).where(Organization.slug == slug)).one()


def test_owner_changes_the_address_and_the_old_one_redirects(app, page: Page):
    email, old_slug, _ = _new_business()
    new_slug = f"{old_slug}-new"
    sign_in(page, email, PASSWORD)
    page.goto("/dashboard/settings")
    page.get_by_role("link", name="Edit business settings").click()
    page.wait_for_url(re.compile(r"/dashboard/settings/business/?$"))
    expect(page.get_by_role("heading", name="Business", level=1)).to_be_visible()
    address = page.get_by_label("Address", exact=True)
    expect(address).to_have_value(old_slug)
    expect(page.get_by_label("Answer window for requests (hours)")).to_have_value("48")
    expect(page.locator("#commission")).to_have_text("0%")
    assert no_horizontal_scroll(page)

    address.fill(new_slug)
    page.get_by_label("Answer window for requests (hours)").fill("24")
    page.get_by_label("Contact phone").fill("+1 212 555 0100")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Business settings saved.")).to_be_visible()
    org = _org(app, new_slug)
    assert (org.response_window_hours, org.contact_phone) == (24, "+1 212 555 0100")
    with Session(app.engine) as s:
        assert s.get(SlugRedirect, old_slug).organization_id == org.id

    # After a reload the page shows what was saved.
    page.reload()
    expect(page.get_by_label("Address", exact=True)).to_have_value(new_slug)
    expect(page.get_by_label("Answer window for requests (hours)")).to_have_value("24")

    # The old address, and any page under it, leads to the new one.
    page.goto(f"/b/{old_slug}")
    page.wait_for_url(re.compile(rf"/b/{new_slug}/?$"))
    expect(page.get_by_role("heading", name="Book online", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="+1 212 555 0100")).to_be_visible()  # the contact footer
    page.goto(f"/b/{old_slug}/classes")
    page.wait_for_url(re.compile(rf"/b/{new_slug}/classes/?$"))


def test_bad_input_is_explained_by_its_field_and_changes_nothing(app, page: Page):
    email, slug, _ = _new_business()
    sign_in(page, email, PASSWORD)
    page.goto("/dashboard/settings/business")
    window = page.get_by_label("Answer window for requests (hours)")
    expect(window).to_have_value("48")
    before = _org(app, slug)

    window.fill("200")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#response_window_hours-error")).to_have_text("Enter between 12 and 168 hours.")
    expect(window).to_have_attribute("aria-invalid", "true")

    window.fill("48")
    page.get_by_label("Address", exact=True).fill("dashboard")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#slug-error")).to_have_text("The address dashboard is reserved. Choose another one.")
    expect(page.get_by_role("alert")).to_have_count(1)  # one message, by its field
    assert no_horizontal_scroll(page)

    after = _org(app, slug)
    assert (after.slug, after.response_window_hours, after.name) == (before.slug, before.response_window_hours, before.name)


def test_staff_cannot_open_the_business_settings(app, desktop: Page):
    _, slug, staff_email = _new_business()
    sign_in(desktop, staff_email, PASSWORD)
    desktop.goto("/dashboard/settings/business")
    desktop.wait_for_url(re.compile(r"/dashboard/?$"))
    expect(desktop.get_by_text("Only the owner can open this page.")).to_be_visible()
    expect(desktop.get_by_label("Address", exact=True)).to_have_count(0)


def test_the_new_pages_have_no_serious_accessibility_violations(app, page: Page):
    from tests.e2e.test_accessibility import _check

    _check(page, ["/signup"])
    email, slug, _ = _new_business()
    sign_in(page, email, PASSWORD)
    _check(page, ["/dashboard", "/dashboard/settings/business", "/dashboard/share", f"/b/{slug}?embed=1"])


def test_owner_chooses_the_time_to_pay_and_what_happens_to_unpaid_bookings(app, page: Page):
    """Issue 21, item 8: the deadline of unpaid prepaid bookings and what happens when it passes."""
    email, slug, _ = _new_business()
    sign_in(page, email, PASSWORD)
    page.goto("/dashboard/settings/business")
    hours = page.get_by_label("Time to pay a booking that needs prepayment (hours)")
    choice = page.get_by_label("When the deadline passes unpaid")
    expect(hours).to_have_value("24")
    expect(choice).to_have_value("keep")
    hours.fill("400")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#payment_deadline_hours-error")).to_have_text("Enter between 0 and 336 hours.")
    assert _org(app, slug).payment_deadline_hours == 24

    page.get_by_label("Time to pay a booking that needs prepayment (hours)").fill("48")
    page.get_by_label("When the deadline passes unpaid").select_option("cancel")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Business settings saved.")).to_be_visible()
    org = _org(app, slug)
    assert (org.payment_deadline_hours, org.unpaid_after_deadline) == (48, "cancel")
    page.reload()
    expect(page.get_by_label("When the deadline passes unpaid")).to_have_value("cancel")
    assert no_horizontal_scroll(page)
