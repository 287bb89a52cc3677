"""Dashboard → Dev mailbox shows what the app sends, with links clickable and customer
text shown as text."""

from __future__ import annotations

import uuid

from playwright.sync_api import Page, expect
from sqlmodel import select

from bookingapp.db import make_engine, unit_of_work
from bookingapp.models import Organization
from bookingapp.services.notifications import queue_email
from tests.e2e.conftest import sign_in


def test_dev_mailbox_lists_and_opens_an_email(page: Page, app):
    marker = uuid.uuid4().hex[:8]
    link = f"https://example.com/m/{marker}"
    recipient = f"mail-{marker}@example.com"
    engine = make_engine(app.env["DATABASE_URL"])
    try:
        with unit_of_work(engine) as session:
            org = session.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
            queue_email(session, org=org, key="test_message", to=recipient,
                        values={"STAFF_NAME": f"<b>Dana</b> see {link}"})
    finally:
        engine.dispose()

    sign_in(page, next_path="/dashboard/mailbox")
    expect(page.get_by_role("heading", name="Dev mailbox", level=1)).to_be_visible()
    mail = page.locator("details.mail").filter(has_text=recipient)
    expect(mail).to_have_count(1)
    expect(mail).to_contain_text("Test message from Studio Lindenhof")
    anchor = mail.get_by_role("link", name=link)
    expect(anchor).to_be_hidden()  # collapsed

    mail.locator("summary").click()
    expect(anchor).to_be_visible()
    expect(anchor).to_have_attribute("href", link)
    expect(mail).to_contain_text("<b>Dana</b>")  # the customer's text, not markup
    assert mail.locator("b").count() == 0
