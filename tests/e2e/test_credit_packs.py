"""Credit packs in the dashboard, at 1280 and 375 px: the provider sets up a pack in Settings
(told where a bad price is wrong first), edits and archives it; staff refund a customer's pack
from their profile, seeing the amount and the credits it removes before confirming, and are
shown the new amount when a class booked meanwhile changed it."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.integrations.gateways import get_gateway
from bookingapp.integrations.payments import CardInput
from bookingapp.models import (
    ClassSession,
    CreditLedger,
    CreditPack,
    Customer,
    Organization,
    PackPurchase,
    Service,
    utcnow,
)
from bookingapp.services import class_bookings, credits
from bookingapp.services.customer_accounts import customer_actor
from tests.e2e.conftest import no_horizontal_scroll, sign_in
from tests.e2e.helpers_dialogs import open_by_keyboard
from tests.e2e.test_accessibility import _check


def _org(s: Session) -> Organization:
    return s.exec(select(Organization).where(Organization.slug == "lindenhof")).one()


def _pack(app, name: str) -> CreditPack | None:
    with Session(app.engine) as s:
        return s.exec(select(CreditPack).where(CreditPack.name == name)).first()


def test_the_provider_creates_edits_and_archives_a_credit_pack(page: Page, app):
    name = f"Ten classes {uuid.uuid4().hex[:5]}"
    sign_in(page, next_path="/dashboard/settings")
    page.get_by_role("link", name="Edit credit packs").click()
    page.wait_for_url("**/dashboard/settings/packs")
    expect(page.get_by_role("heading", name="Credit packs", level=1)).to_be_visible()

    # A bad price is refused under the price, and nothing is saved.
    page.get_by_role("button", name="New pack").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="New credit pack")).to_be_visible()
    dialog.get_by_label("Name", exact=True).fill(name)
    dialog.get_by_label("Credits", exact=True).fill("10")
    dialog.get_by_label("Valid for (days)").fill("90")
    dialog.get_by_label("Price", exact=True).fill("forty")
    assert no_horizontal_scroll(page)
    dialog.get_by_role("button", name="Save pack").click()
    expect(page.locator("#pack-price-error")).to_have_text(re.compile(r"Enter a price such as 45\.50"))
    expect(dialog.get_by_label("Price", exact=True)).to_have_attribute("aria-invalid", "true")
    assert _pack(app, name) is None

    dialog.get_by_label("Price", exact=True).fill("45")
    dialog.get_by_role("button", name="Save pack").click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.get_by_role("status")).to_contain_text("Pack created.")
    row = page.locator(".credit-pack").filter(has_text=name)
    expect(row).to_contain_text("10 credits · €45.00 · valid 90 days")
    created = _pack(app, name)
    assert (created.credits, created.price_minor, created.validity_days, created.archived) == (10, 4500, 90, False)
    assert no_horizontal_scroll(page)

    # Edit: the dialog opens with the pack's terms.
    page.get_by_role("button", name=f"Edit {name}").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Edit credit pack")).to_be_visible()
    expect(dialog.get_by_label("Price", exact=True)).to_have_value("45")
    dialog.get_by_label("Credits", exact=True).fill("12")
    dialog.get_by_label("Price", exact=True).fill("49,50")
    dialog.get_by_role("button", name="Save pack").click()
    expect(page.get_by_role("status")).to_contain_text("Pack saved.")
    expect(row).to_contain_text("12 credits · €49.50 · valid 90 days")
    assert (_pack(app, name).credits, _pack(app, name).price_minor) == (12, 4950)

    # Archive, confirmed first; Back leaves it for sale.
    page.get_by_role("button", name=f"Archive {name}").click()
    confirm = page.get_by_role("alertdialog")
    expect(confirm).to_contain_text("Archive this pack?")
    confirm.get_by_role("button", name="Back").click()
    assert _pack(app, name).archived is False
    page.get_by_role("button", name=f"Archive {name}").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Yes, archive").click()
    expect(page.get_by_role("status")).to_contain_text("Pack archived")
    expect(row).to_contain_text("Archived")
    expect(page.get_by_role("button", name=f"Restore {name}")).to_be_visible()
    assert _pack(app, name).archived is True
    assert no_horizontal_scroll(page)

    # By keyboard: Enter opens the form with the name field focused, Escape closes it.
    page.get_by_role("button", name="New pack").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog").get_by_label("Name", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    _check(page, ["/dashboard/settings/packs"])

    # A class's editor points to the packs.
    page.goto("/dashboard/services/new?kind=class")
    page.get_by_role("link", name="Settings → Credit packs").click()
    page.wait_for_url("**/dashboard/settings/packs")


def _customer_with_a_paid_pack(app, pack_name: str) -> tuple[int, int, int]:
    """A customer who bought a 10-credit pack for €45.00 (paid through the local gateway), and
    a one-credit class they can still book: (customer id, purchase id, class session id)."""
    gateway = get_gateway()
    key = f"e2e-pack-{uuid.uuid4().hex}"
    hold = gateway.authorize(amount_minor=4500, currency="EUR", card=CardInput("4242424242424242", 12, 2030, "123"),
                             idempotency_key=key)
    gateway.capture(external_id=hold.external_id, amount_minor=4500, idempotency_key=key + "-capture")
    now = utcnow()
    with unit_of_work() as s:
        org = _org(s)
        pack = CreditPack(organization_id=org.id, name=pack_name, credits=10, price_minor=4500, validity_days=90)
        customer = Customer(organization_id=org.id, email=f"packs-{uuid.uuid4().hex[:8]}@example.com", name="Paula Pack",
                            email_verified=True)
        service = Service(organization_id=org.id, kind="class", name=f"Yoga {uuid.uuid4().hex[:6]}",
                          slug=f"yoga-{uuid.uuid4().hex[:6]}", duration_minutes=60, credit_cost=1, location="Studio 1")
        s.add_all([pack, customer, service])
        s.flush()
        purchase = PackPurchase(organization_id=org.id, customer_id=customer.id, pack_id=pack.id, name=pack.name, credits=10,
                                price_minor=4500, currency="EUR", status="paid", idempotency_key=key,
                                external_id=hold.external_id, paid_at=now, expires_at=now + timedelta(days=90))
        starts = (now + timedelta(days=3)).replace(second=0, microsecond=0)
        session = ClassSession(organization_id=org.id, service_id=service.id, starts_at=starts, ends_at=starts + timedelta(hours=1),
                               capacity=5, location="Studio 1", credit_cost=1)
        s.add_all([purchase, session])
        s.flush()
        s.add(CreditLedger(organization_id=org.id, customer_id=customer.id, delta=10, reason=pack.name, kind="pack",
                           pack_purchase_id=purchase.id))
        return customer.id, purchase.id, session.id


def test_staff_refund_a_pack_after_seeing_the_quote(page: Page, app):
    pack_name = f"Ten pack {uuid.uuid4().hex[:5]}"
    customer_id, purchase_id, session_id = _customer_with_a_paid_pack(app, pack_name)
    sign_in(page, next_path=f"/dashboard/customers/{customer_id}")
    panel = page.locator(".customer-packs-panel")
    row = panel.locator(".pack-purchase").filter(has_text=pack_name)
    expect(row).to_contain_text("10 of 10 credits left")
    expect(row).to_contain_text("€45.00 on")
    expect(row).to_contain_text("Expires on")
    assert no_horizontal_scroll(page)

    # The quote comes first; Cancel changes nothing. Opened from the keyboard, the focus is in the dialog.
    dialog = open_by_keyboard(page, row.get_by_role("button", name=f"Refund {pack_name}"))
    expect(dialog.get_by_role("heading")).to_have_text("Refund this pack?")
    expect(dialog.locator(".refund-quote")).to_have_text("Refund €45.00 and remove 10 credits?")
    assert no_horizontal_scroll(page)
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.get_by_role("alertdialog")).to_have_count(0)

    # The customer books a class while the dialog is open: the quote shown is refused and the new one shown.
    row.get_by_role("button", name=f"Refund {pack_name}").click()
    expect(dialog.locator(".refund-quote")).to_have_text("Refund €45.00 and remove 10 credits?")
    with unit_of_work() as s:
        customer = s.get(Customer, customer_id)
        class_bookings.book_seat(s, class_session_id=session_id, customer=customer, actor=customer_actor(customer), now=utcnow())
    dialog.get_by_label("Reason (the customer sees it)").fill("Moving away")
    dialog.get_by_role("button", name="Confirm refund").click()
    expect(dialog.get_by_role("alert")).to_be_visible()
    expect(dialog.locator(".refund-quote")).to_have_text("Refund €40.50 and remove 9 credits?")
    with Session(app.engine) as s:
        assert s.get(PackPurchase, purchase_id).status == "paid"

    # Confirmed at the new quote: refunded, the credits gone, the result in the dialog and the row.
    dialog.get_by_role("button", name="Confirm refund").click()
    expect(dialog.get_by_role("status")).to_have_text("Refunded €40.50; 9 credits removed.")
    expect(dialog.get_by_role("heading")).to_have_text("Pack refunded")
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()  # the result's one button, for the keyboard
    dialog.get_by_role("button", name="Close").click()
    expect(row).to_contain_text("Refunded on")
    expect(row).not_to_contain_text("Expires on")
    expect(row.get_by_role("button", name=f"Refund {pack_name}")).to_be_hidden()
    expect(page.locator(".credit-balance")).to_have_text("0")
    with Session(app.engine) as s:
        purchase = s.get(PackPurchase, purchase_id)
        assert (purchase.status, purchase.refunded_minor) == ("refunded", 4050)
        assert credits.balance(s, customer_id) == 0
        external_id = purchase.external_id
    assert get_gateway().status(external_id)["refunded_minor"] == 4050
