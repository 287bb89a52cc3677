"""Every page passes axe-core with no serious or critical violation, at 1280 px and at 375 px.

Public pages (home, sign-in, the portal and its booking pages, the manage page, a waitlist
link) are checked signed out, then the customer's own pages signed in, then every
dashboard page signed in as staff. A failure lists each violation with the elements it
names, so the message alone says what to fix.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from bookingapp import routes
from bookingapp.db import unit_of_work
from bookingapp.models import Booking, ClassSession, Customer, Organization, Service, utcnow
from bookingapp.services import class_bookings, customer_accounts, manage_links, waitlist
from bookingapp.services.customer_accounts import customer_actor
from tests.e2e.conftest import sign_in

SERIOUS = {"serious", "critical"}
AXE = Axe()


def _violations(page: Page, path: str) -> list[str]:
    page.goto(path)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    found = AXE.run(page).response["violations"]
    return [f"{path}: {v['id']} ({v['impact']}) at {node['target']}: "
            + "; ".join(check["message"] for check in node["any"] + node["all"] + node["none"])
            for v in found if v["impact"] in SERIOUS for node in v["nodes"][:5]]


def _check(page: Page, paths: list[str]) -> None:
    problems = [line for path in paths for line in _violations(page, path)]
    assert not problems, "axe found serious violations:\n" + "\n".join(problems)


def _org_id(s: Session) -> int:
    return s.exec(select(Organization.id).where(Organization.slug == "lindenhof")).one()


def _full_class_waitlist_link() -> str:
    """A one-place class three days out, booked by one customer, with another on its waitlist."""
    suffix = uuid.uuid4().hex[:8]
    with unit_of_work() as s:
        org_id = _org_id(s)
        service = s.exec(select(Service).where(Service.organization_id == org_id, Service.kind == "class")).first()
        starts = (utcnow() + timedelta(days=3)).replace(second=0, microsecond=0)
        row = ClassSession(organization_id=org_id, service_id=service.id, starts_at=starts, ends_at=starts + timedelta(hours=1),
                           capacity=1, location="Studio 3", credit_cost=0, online_booking=True)
        booker = Customer(organization_id=org_id, email=f"booker-{suffix}@example.com", name="Bo Booker")
        waiting = Customer(organization_id=org_id, email=f"waiting-{suffix}@example.com", name="Wyn Waiting")
        s.add_all([row, booker, waiting])
        s.flush()
        class_bookings.book_seat(s, class_session_id=row.id, customer=booker, actor=customer_actor(booker),
                                 now=utcnow())
        joined = waitlist.join(s, class_session_id=row.id, customer=waiting, actor=customer_actor(waiting), now=utcnow())
        return f"/b/lindenhof/waitlist/{joined.token}"


def _demo_booking(s: Session, kind: str) -> Booking:
    """The first booking of this kind whose manage link still opens (the demo's past ones have ended)."""
    return s.exec(select(Booking).join(Service, col(Service.id) == Booking.service_id)
                  .where(Service.kind == kind, col(Booking.manage_token_nonce).is_not(None),
                         col(Booking.manage_token_expires_at) > utcnow())
                  .order_by(col(Booking.id))).first()


@pytest.fixture(scope="module")
def paths(app) -> dict[str, list[str]]:
    waitlist_link = _full_class_waitlist_link()
    with Session(app.engine) as s:
        appointment, request, class_seat = (_demo_booking(s, kind) for kind in ("appointment", "request", "class"))
        session_id = s.exec(select(ClassSession.id).order_by(col(ClassSession.id))).first()
        customer_id = s.exec(select(Customer.id).where(Customer.email == "alex@example.com")).one()
        public = ["/", "/signin", "/signup", "/b/lindenhof", "/b/lindenhof/s/wine-tasting",
                  "/b/lindenhof/book/consultation", "/b/lindenhof/classes", "/b/lindenhof/signin", waitlist_link,
                  "/b/lindenhof/credits"]
        public += [routes.manage(manage_links.token_of(b)) for b in (appointment, request, class_seat) if b is not None]
        staff = ["/dashboard", "/dashboard/inbox", "/dashboard/agenda", "/dashboard/orders", f"/dashboard/orders/{appointment.reference}",
                 "/dashboard/schedule", f"/dashboard/schedule/{session_id}", "/dashboard/customers",
                 f"/dashboard/customers/{customer_id}", "/dashboard/reports", "/dashboard/reports/customers",
                 "/dashboard/reports/statement", "/dashboard/reports/cancellations", "/dashboard/reports/revenue",
                 "/dashboard/reports/requests",
                 "/dashboard/reports/occupancy",
                 "/dashboard/reports/no-shows",
                 "/dashboard/settings",
                 "/dashboard/settings/notifications",
                 "/dashboard/mailbox"]
        consultation = s.exec(select(Service.id).where(Service.slug == "consultation")).one()
        flagged = s.exec(select(Customer.id).where(col(Customer.alert_message).is_not(None))).first()
        staff += [routes.new_booking(service=consultation, customer=flagged), routes.new_booking(session=session_id)]
    return {"public": public, "staff": staff, "customer": ["/b/lindenhof/bookings", "/b/lindenhof/credits"], "customer_id": [str(customer_id)]}


def test_public_pages_have_no_serious_accessibility_violations(paths, page: Page):
    _check(page, paths["public"])


def test_a_signed_in_customers_pages_have_no_serious_accessibility_violations(app, paths, page: Page):
    with Session(app.engine) as s:
        cookie = customer_accounts.session_cookie(s.get(Customer, int(paths["customer_id"][0])))
    page.context.add_cookies([{"name": "customer_session", "value": cookie, "url": app.url}])
    _check(page, paths["customer"])


def test_dashboard_pages_have_no_serious_accessibility_violations(paths, page: Page):
    sign_in(page)
    _check(page, paths["staff"])


@pytest.mark.parametrize("path, staff", [("/dashboard/inbox", True), ("/b/lindenhof", False)])
def test_the_first_tab_offers_a_skip_link_that_moves_focus_to_the_main_content(page: Page, path: str, staff: bool):
    if staff:
        sign_in(page)
    page.goto(path)
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    page.wait_for_load_state("networkidle")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).not_to_be_in_viewport()  # out of sight until it has focus
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is inside the content, past the navigation
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
