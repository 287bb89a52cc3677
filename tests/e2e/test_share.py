"""Share your booking page: the link with a copy button, the QR code, and the embed
snippet, which works pasted into a plain HTML page on another site (a booking is made
through it)."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from bookingapp.db import unit_of_work
from bookingapp.models import Organization
from bookingapp.services import accounts
from tests.e2e.conftest import DESKTOP, PHONE, _free_port, no_horizontal_scroll, sign_in
from tests.e2e.helpers_booking import bookings_of, choose, free_days, unique_email

PASSWORD = "a-good-password"


def _new_business() -> tuple[str, int, str]:
    tag = uuid.uuid4().hex[:8]
    with unit_of_work() as s:
        owner = accounts.sign_up(s, organization_name=f"Share {tag}", name="Olga Owner", email=f"olga-{tag}@example.com",
                                 password=PASSWORD)
        org = s.get(Organization, owner.organization_id)
        return owner.email, org.id, org.slug


def _clipboard(page: Page, expected: str | None = None) -> str:
    """What the page put on the clipboard (the write is asynchronous: wait for `expected`)."""
    text = ""
    for _ in range(50):
        text = page.evaluate("navigator.clipboard.readText()")
        if expected is None and text or text == expected:
            break
        page.wait_for_timeout(100)
    return text


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_share_page_copies_the_link_and_shows_a_qr_code(app, browser: Browser, viewport):
    email, org_id, slug = _new_business()
    context = browser.new_context(base_url=app.url, viewport=viewport, permissions=["clipboard-read", "clipboard-write"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        sign_in(page, email, PASSWORD)
        page.goto("/dashboard")
        expect(page.get_by_role("link", name="Share your booking page")).to_be_visible()
        page.get_by_role("link", name="Share your booking page").click()
        page.wait_for_url(re.compile(r"/dashboard/share/?$"))

        url = f"{app.url}/b/{slug}"
        expect(page.get_by_label("Link to your booking page")).to_have_value(url)
        with Session(app.engine) as s:
            assert s.get(Organization, org_id).shared_at is not None  # opening the page is sharing

        page.get_by_role("button", name="Copy link").click()
        expect(page.get_by_role("button", name="Copied")).to_be_visible()
        expect(page.get_by_role("status").filter(has_text="Link copied to the clipboard.")).to_be_visible()
        assert _clipboard(page, url) == url

        qr = page.get_by_role("img", name="QR code of your booking page's link")
        expect(qr).to_be_visible()
        assert qr.evaluate("img => img.naturalWidth") > 0
        download = page.get_by_role("link", name="Download QR code")
        png = page.request.get(download.get_attribute("href"))
        assert png.ok and png.headers["content-type"] == "image/png" and png.body()[:4] == b"\x89PNG"

        snippet = page.get_by_label("Embed code")
        expect(snippet).to_have_value(re.compile(rf'^<iframe src="{re.escape(url)}\?embed=1"'))
        page.get_by_role("button", name="Copy code").click()
        expect(page.get_by_role("button", name="Copy link")).to_be_visible()  # "Copied" moved to the code's button
        expect(page.get_by_role("button", name="Copied")).to_have_count(1)
        assert _clipboard(page, snippet.input_value()) == snippet.input_value()
        assert no_horizontal_scroll(page)

        # Home's last step is done now.
        page.goto("/dashboard")
        expect(page.locator(".setup-step.done")).to_have_count(1)
        expect(page.locator(".setup-step.done")).to_contain_text("Share your booking page")
    finally:
        context.close()
    assert not errors, errors


@contextmanager
def _other_site(folder: Path) -> Iterator[str]:
    """A plain static web server on another port: another origin than the app."""
    port = _free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_customer_books_through_the_snippet_on_another_site(app, browser: Browser, tmp_path):
    # The demo owner copies the snippet of the demo portal (Studio Lindenhof).
    context = browser.new_context(base_url=app.url, viewport=DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page)
    page.goto("/dashboard/share")
    page.get_by_role("button", name="Copy code").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    snippet = _clipboard(page)
    context.close()
    assert snippet.startswith(f'<iframe src="{app.url}/b/lindenhof?embed=1"')

    (tmp_path / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Café Lindenhof</title></head>"
        f"<body><h1>Welcome to our café</h1>{snippet}</body></html>")
    email = unique_email("framed")
    when = free_days(app, "consultation")[2].slots[0]
    customer = browser.new_context(viewport=DESKTOP)
    customer.set_default_timeout(15_000)
    site = customer.new_page()
    errors: list[str] = []
    site.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        with _other_site(tmp_path) as other:
            site.goto(other + "/index.html")
            expect(site.get_by_role("heading", name="Welcome to our café")).to_be_visible()
            frame = site.frame_locator("iframe")
            expect(frame.get_by_role("heading", name="Book online", level=1)).to_be_visible()
            # Embedded: no portal header (its own language switch and tabs) inside the site.
            expect(frame.get_by_role("navigation", name="Portal")).to_have_count(0)
            frame.get_by_role("link", name=re.compile("Consultation")).click()
            expect(frame.get_by_role("heading", name="Consultation", level=1)).to_be_visible()
            choose(frame, when)
            frame.get_by_label("Name", exact=True).fill("Frida Framed")
            frame.get_by_label("Email", exact=True).fill(email)
            pay_later = frame.get_by_role("radio", name=re.compile("^Pay later"))
            if pay_later.count():
                pay_later.click()
            frame.get_by_role("button", name=re.compile(r"^Book this time")).click()
            expect(frame.locator(".status")).to_have_text("Confirmed")
    finally:
        customer.close()
    [booking] = bookings_of(app, email)
    assert (booking.status, booking.starts_at) == ("confirmed", when)
    assert not errors, errors


def test_only_the_portal_may_be_framed_by_another_site(app):
    import urllib.request

    with urllib.request.urlopen(f"{app.url}/b/lindenhof") as portal:
        assert portal.headers["Content-Security-Policy"] == "frame-ancestors *"
        assert portal.headers["X-Frame-Options"] is None
    with urllib.request.urlopen(f"{app.url}/signin") as dashboard:
        assert dashboard.headers["Content-Security-Policy"] == "frame-ancestors 'self'"
        assert dashboard.headers["X-Frame-Options"] == "SAMEORIGIN"
