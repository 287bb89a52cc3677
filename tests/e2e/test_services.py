"""Dashboard → Services in the browser, at 1280 and 375 px: the demo owner creates an
appointment service, a request service and a class, is told where a bad price is wrong,
edits one and archives one; the new ones appear on the portal in their order, and the
schedule's New session offers the new class with its own defaults."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.models import Organization, Service, StaffUser
from bookingapp.services.accounts import PASSWORDS
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.test_accessibility import _check


def _new(page: Page, kind_button: str, title: str) -> None:
    page.goto("/dashboard/services")
    page.get_by_role("link", name=kind_button).first.click()
    page.wait_for_url("**/dashboard/services/new?kind=*")
    expect(page.locator(".service-title")).to_have_text(title)  # loaded: the inputs show the defaults


def _save_new(page: Page) -> str:
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r".*/dashboard/services/\d+\?saved=new$"))
    expect(page.locator(".save-notice")).to_contain_text("Service created.")
    return page.url.split("/dashboard/services/")[1].split("?")[0]


def test_the_owner_sets_up_services_of_every_kind(page: Page):
    tag = uuid.uuid4().hex[:5]
    consult, tasting, pilates = f"Consult {tag}", f"Tasting {tag}", f"Pilates {tag}"
    sign_in(page, next_path="/dashboard/services")
    expect(page.get_by_role("heading", name="Appointments")).to_be_visible()
    assert no_horizontal_scroll(page)

    # An appointment service: a bad price is refused next to the price, nothing is saved.
    _new(page, "New appointment service", "New appointment service")
    expect(page.get_by_text("Changes apply to new bookings; existing bookings keep the terms they were booked with.")).to_be_visible()
    expect(page.locator("#price").locator("xpath=..")).to_contain_text("EUR")  # the money input shows the currency
    page.get_by_label("Service name", exact=True).fill(consult)
    page.get_by_label("Duration (minutes)").fill("40")
    page.get_by_label("Price", exact=True).fill("-5")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#price-error")).to_have_text("A price cannot be negative.")
    expect(page.get_by_label("Price", exact=True)).to_have_attribute("aria-invalid", "true")
    assert "/new" in page.url
    page.get_by_label("Price", exact=True).fill("45.50")
    assert no_horizontal_scroll(page)
    consult_id = _save_new(page)

    # A request service with a party size range.
    _new(page, "New request service", "New request service")
    page.get_by_label("Service name", exact=True).fill(tasting)
    page.get_by_label("Price", exact=True).fill("120")
    page.get_by_label("Smallest party").fill("2")
    page.get_by_label("Largest party").fill("10")
    tasting_id = _save_new(page)

    # A class with its own defaults.
    _new(page, "New class", "New class")
    page.get_by_label("Service name", exact=True).fill(pilates)
    page.get_by_label("Capacity (places)").fill("14")
    page.get_by_label("Credits per place").fill("2")
    _save_new(page)

    # The portal lists them, in the order they were made.
    page.goto("/b/lindenhof")
    expect(page.get_by_role("heading", name=pilates)).to_be_visible()
    names = page.locator("h2").all_inner_texts()
    assert names.index(consult) < names.index(tasting) < names.index(pilates), names
    expect(page.get_by_text("€45.50").first).to_be_visible()

    # Edit the appointment: the page says so where Save is.
    page.goto(f"/dashboard/services/{consult_id}")
    expect(page.get_by_label("Service name", exact=True)).to_have_value(consult)
    expect(page.get_by_label("Price", exact=True)).to_have_value("45.50")
    page.get_by_label("Price", exact=True).fill("50")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".save-notice")).to_have_text("Saved. Changes apply to new bookings.")

    # Archive the request service, after a confirmation: it leaves the portal.
    page.goto(f"/dashboard/services/{tasting_id}")
    expect(page.get_by_label("Service name", exact=True)).to_have_value(tasting)
    page.get_by_role("button", name="Archive", exact=True).click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Archive this service?")
    page.get_by_role("button", name="Yes, archive").click()
    expect(page.locator(".save-notice")).to_contain_text("Service archived")
    page.goto("/b/lindenhof")
    expect(page.get_by_role("heading", name=consult)).to_be_visible()
    expect(page.get_by_role("heading", name=tasting)).to_have_count(0)
    page.goto("/dashboard/services")
    expect(page.locator("#services-archived")).to_contain_text(tasting)
    assert no_horizontal_scroll(page)

    # Schedule → New session offers the new class and starts with its defaults.
    page.goto("/dashboard/schedule")
    page.get_by_role("button", name="New session").click()
    select = page.locator("select#service_id")
    expect(select.locator("option", has_text=pilates)).to_have_count(1)
    select.select_option(label=pilates)
    expect(page.locator("input#capacity")).to_have_value("14")
    expect(page.locator("input#credit_cost")).to_have_value("2")


def test_the_services_pages_have_no_serious_accessibility_violations(app, page: Page):
    sign_in(page, next_path="/dashboard/services")
    with Session(app.engine) as s:
        consultation = s.exec(select(Service.id).where(Service.slug == "consultation")).first()
    _check(page, ["/dashboard/services", *[f"/dashboard/services/new?kind={kind}" for kind in ("appointment", "request", "class")],
                  f"/dashboard/services/{consultation}"])


def test_a_business_without_classes_is_sent_to_create_one_first(app, page: Page):
    tag = uuid.uuid4().hex[:8]
    with unit_of_work() as s:
        org = Organization(name=f"Empty {tag}", slug=f"empty-{tag}")
        s.add(org)
        s.flush()
        s.add(StaffUser(organization_id=org.id, email=f"owner-{tag}@example.com", name="Eve Empty", role="owner",
                        password_hash=PASSWORDS.hash("a-long-password")))
    sign_in(page, email=f"owner-{tag}@example.com", password="a-long-password", next_path="/dashboard/services")
    for empty in ("No appointment services yet", "No request services yet", "No classes yet"):
        expect(page.get_by_role("heading", name=empty)).to_be_visible()
    assert no_horizontal_scroll(page)

    page.goto("/dashboard/schedule")
    page.get_by_role("button", name="New session").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("Create a class first")
    expect(dialog.get_by_role("button", name="Create", exact=True)).to_have_count(0)  # no form that cannot work
    dialog.get_by_role("link", name="Create a class").click()
    page.wait_for_url("**/dashboard/services/new?kind=class")
    expect(page.locator(".service-title")).to_have_text("New class")
