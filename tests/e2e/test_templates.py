"""Settings → Email templates in the browser: edit, insert a variable, preview, save,
refuse an unknown variable, test-send to the Dev mailbox, switch language and reset."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from bookingapp.domain.email_catalog import CATALOG
from bookingapp.models import MessageTemplate, Organization
from tests.e2e.conftest import no_horizontal_scroll, sign_in


def _saved(app, key: str) -> list[tuple[str, str, str]]:
    with Session(app.engine) as session:
        org = session.exec(select(Organization).where(Organization.slug == "lindenhof")).one()
        rows = session.exec(select(MessageTemplate).where(MessageTemplate.organization_id == org.id, MessageTemplate.key == key))
        return [(r.locale, r.subject, r.body) for r in rows]


def test_edit_preview_save_test_send_and_reset_a_template(page: Page, app):
    # Each viewport edits its own email, so the two runs never see each other's text.
    key = "booking_confirmed" if page.viewport_size["width"] > 600 else "payment_received"
    kind = CATALOG[key]
    marker = uuid.uuid4().hex[:8]

    sign_in(page, next_path="/dashboard/settings")
    page.get_by_role("link", name="Edit email templates").click()
    page.wait_for_url("**/dashboard/settings/notifications")
    expect(page.get_by_role("heading", name="Email templates", level=1)).to_be_visible()

    page.get_by_role("button", name=kind.description).click()
    expect(page.get_by_role("heading", name=kind.description, level=2)).to_be_in_viewport()
    subject, body = page.get_by_label("Subject"), page.get_by_label("Text", exact=True)
    expect(subject).to_have_value(kind.defaults["en"][0])
    assert no_horizontal_scroll(page)

    # Edit, then insert a variable where the cursor is (the end of the text).
    subject.fill(f"Your booking {marker}: [SERVICE_NAME]")
    body.fill(f"Hi [CUSTOMER_NAME], thanks from {marker}. Manage it: ")
    body.press("Control+End")
    page.get_by_role("button", name="Insert [BOOKING_CONTROL_URL]").click()
    draft = f"Hi [CUSTOMER_NAME], thanks from {marker}. Manage it: [BOOKING_CONTROL_URL]"
    expect(body).to_have_value(draft)

    preview = page.locator(".template-preview")
    expect(preview).to_contain_text(f"Your booking {marker}: Private tasting")
    expect(preview).to_contain_text(f"Hi Alex Example, thanks from {marker}.")
    expect(preview.get_by_role("link", name="https://example.com/m/abc123")).to_be_visible()
    expect(page.get_by_text("Unsaved changes")).to_be_visible()

    # An unknown variable is named and nothing is saved.
    body.fill(draft + " [NICKNAME]")
    expect(page.get_by_text("Not available in this email: [NICKNAME]")).to_be_visible()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text="Unknown variable [NICKNAME]")).to_be_visible()
    assert _saved(app, key) == []

    body.fill(draft)
    expect(page.get_by_role("alert").filter(has_text="[NICKNAME]")).to_have_count(0)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Saved.")).to_be_visible()
    expect(page.get_by_role("button", name=kind.description)).to_contain_text("Customized · EN")
    assert _saved(app, key) == [("en", f"Your booking {marker}: [SERVICE_NAME]", draft)]

    # A test of the draft goes to the signed-in staff member.
    page.get_by_role("button", name="Send me a test").click()
    expect(page.get_by_role("status").filter(has_text="Test email sent to demo@example.com")).to_be_visible()

    # Unsaved changes are not lost silently when switching language.
    body.fill(draft + " More.")
    page.get_by_role("radio", name="Deutsch").click()
    expect(page.get_by_role("alertdialog")).to_contain_text("Discard your changes?")
    page.get_by_role("button", name="Discard changes").click()
    expect(subject).to_have_value(kind.defaults["de"][0])
    expect(page.get_by_text("Default text", exact=True)).to_be_visible()
    page.get_by_role("radio", name="English").click()
    expect(subject).to_have_value(f"Your booking {marker}: [SERVICE_NAME]")
    expect(body).to_have_value(draft)

    # Reset asks first, then brings the default back.
    page.get_by_role("button", name="Reset to default").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Reset to the default text?")
    dialog.get_by_role("button", name="Yes, reset").click()
    expect(page.get_by_role("status").filter(has_text="The default text is back.")).to_be_visible()
    expect(subject).to_have_value(kind.defaults["en"][0])
    expect(page.get_by_role("button", name=kind.description)).not_to_contain_text("Customised")
    assert _saved(app, key) == []
    assert no_horizontal_scroll(page)

    page.goto("/dashboard/mailbox")
    mail = page.locator("details.mail").filter(has_text=f"[Test] Your booking {marker}: Private tasting")
    expect(mail).to_have_count(1)
    expect(mail).to_contain_text("demo@example.com")
    mail.locator("summary").click()
    expect(mail).to_contain_text(re.compile(rf"Hi Alex Example, thanks from {marker}\."))
