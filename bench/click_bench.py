"""Click -> UI update in the browser: Confirm in the inbox and booking a time on the
portal, against a bare Reflex counter page, all measured in one run.

    python bench/click_bench.py [--rounds 15]

(after `source scripts/env.sh`). It starts the real app in prod mode with demo data
(as tests/e2e do, web dir `.cache/web-bench`) and a bare Reflex app whose one page has a
counter and an "Add" button (same Reflex, same rxconfig, `.cache/bench-counter`). Then,
in Chromium driven by Playwright, rounds interleave the four clicks so machine noise
falls on all alike; each is timed from the click to the change on screen:

- bare counter (1280 px): "Add" -> the count shows the new number;
- Confirm (1280 px): "OK" in the inbox's confirm dialog -> "Booking confirmed" shows
  and the request's card is gone (a fresh request each round: hold captured, emails
  queued, one transaction);
- choose a time (375 px): a free time on the portrait session's calendar -> it is
  marked chosen;
- book a time (375 px): "Book this time" (pay later) -> the booking's manage page
  shows "Payment required".

Prints the median and the ratio to the bare counter (target: at most 5x). With `--trace`,
also where "book a time" spends its time, from the page's own WebSocket traffic: click ->
the booking event leaves, its answer (server time plus loopback), the answer -> the
manage page's on_load leaves and its answer, and the last message in -> the page shows
the booking (the client's route change and render).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TARGET = 5.0
BERLIN = ZoneInfo("Europe/Berlin")
COUNTER_PAGE = '''import reflex as rx


class Counter(rx.State):
    count: int = 0

    @rx.event
    def add(self):
        self.count += 1


def index() -> rx.Component:
    return rx.vstack(rx.heading("Counter"), rx.text(Counter.count, id="count"), rx.button("Add", on_click=Counter.add))


app = rx.App()
app.add_page(index, route="/", title="Counter")
'''


# Timed inside the page: from the click event to the first DOM change after which
# `condition` holds (a MutationObserver checks it on every change), so Playwright's
# polling of expectations adds nothing. Reflex navigates on the client, so the observer
# survives the booking's move to its manage page.
_WATCH = """(condition) => {
    window.__clickAt = null;
    document.addEventListener('click', () => { window.__clickAt = performance.now(); }, {capture: true, once: true});
    const holds = new Function('return (' + condition + ')');
    window.__settled = new Promise(resolve => {
        const observer = new MutationObserver(() => {
            let ok = false;
            try { ok = holds(); } catch (e) {}
            if (ok && window.__clickAt !== null) { observer.disconnect(); resolve(performance.now()); }
        });
        observer.observe(document.documentElement, {subtree: true, childList: true, characterData: true, attributes: true});
    });
}"""


# Every WebSocket frame the page sends or receives, with the page's clock (for --trace).
_TRACE_SOCKET = """(() => {
    const Native = window.WebSocket;
    window.__frames = [];
    window.WebSocket = class extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', e => window.__frames.push(['in', performance.now(), String(e.data).slice(0, 200)]));
        }
        send(data) { window.__frames.push(['out', performance.now(), String(data).slice(0, 200)]); return super.send(data); }
    };
})()"""

PHASES = ("click -> event sent", "booking event", "answer -> on_load sent", "on_load event", "last frame in -> shown")


def _phases(frames: list, clicked: float, shown: float) -> dict[str, float]:
    """Split one "book a time" into phases by the frames between the click and the page
    showing the booking; a phase that did not happen before the page showed is absent."""
    frames = [f for f in frames if clicked <= f[1] <= shown]
    sent = next((f for f in frames if f[0] == "out" and ".submit" in f[2]), None)
    phases: dict[str, float] = {}
    if sent is None:
        return phases
    answer = next((f for f in frames if f[0] == "in" and f[1] > sent[1]), None)
    phases["click -> event sent"] = sent[1] - clicked
    if answer:
        phases["booking event"] = answer[1] - sent[1]
        on_load = next((f for f in frames if f[0] == "out" and "on_load_internal" in f[2]), None)
        if on_load:
            phases["answer -> on_load sent"] = on_load[1] - answer[1]
            loaded = next((f for f in frames if f[0] == "in" and f[1] > on_load[1]), None)
            if loaded:
                phases["on_load event"] = loaded[1] - on_load[1]
    last_in = max((f[1] for f in frames if f[0] == "in"), default=clicked)
    phases["last frame in -> shown"] = shown - last_in
    return phases


def _timed(page, click, condition: str) -> float:
    page.evaluate(_WATCH, condition)
    click()
    return page.evaluate("window.__settled.then(at => at - window.__clickAt)")


def _fixed_location_service() -> int:
    """A copy of the demo's wine tasting with its location fixed, so Confirm needs no message."""
    from sqlmodel import select

    from bookingapp.db import unit_of_work
    from bookingapp.models import Service

    with unit_of_work() as s:
        service = s.exec(select(Service).where(Service.slug == "wine-tasting")).one()
        fixed = Service(**{**service.model_dump(exclude={"id"}), "slug": "bench-tasting", "name": "Bench tasting",
                           "location": "Weinbergweg 3", "location_tbd": False})
        s.add(fixed)
        s.flush()
        return fixed.id


def _new_request(service_id: int, n: int) -> str:
    from bookingapp.db import unit_of_work
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.integrations.payments import CardInput
    from bookingapp.models import utcnow
    from bookingapp.services import requests

    with unit_of_work() as s:
        start = (utcnow() + timedelta(days=6 + n)).astimezone(BERLIN).replace(hour=17, minute=0, second=0, microsecond=0)
        form = requests.RequestForm(service_id=service_id, starts_at=start, party_size=2, group=False,
                                    name=f"Bench Customer {n:03d}", email=f"bench{n}@example.com", phone="", note="",
                                    card=CardInput("4242424242424242", 12, 2031, "123"))
        booking, _ = requests.create_request(s, form=form, gateway=get_gateway())
        return booking.reference


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--trace", action="store_true", help="split 'book a time' into phases by its WebSocket frames")
    args = parser.parse_args()

    from lighthouse_bench import CHROMIUM, bare_app
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.conftest import (
        CHROMIUM_ARGS,
        DESKTOP,
        PHONE,
        _forget_cached_settings,
        running_app,
        sign_in,
    )
    from tests.e2e.helpers_booking import day_button, free_days, show_month, time_choice

    times: dict[str, list[float]] = {"bare counter": [], "confirm": [], "choose a time": [], "book a time": []}
    phases: dict[str, list[float]] = {name: [] for name in PHASES}
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="click-bench-")))
        print("Starting the app (prod build in .cache/web-bench) ...", flush=True)
        app = stack.enter_context(running_app(work, web_dir=str(ROOT / ".cache" / "web-bench")))
        os.environ.update({k: app.env[k] for k in ("DATABASE_URL", "LOCAL_GATEWAY_URL", "PUBLIC_BASE_URL", "SECRET_KEY")})
        _forget_cached_settings()
        print("Starting the bare counter app (prod build in .cache/bench-counter) ...", flush=True)
        bare_url = stack.enter_context(bare_app(ROOT / ".cache" / "bench-counter", COUNTER_PAGE))

        service_id = _fixed_location_service()
        slots = [slot for day in free_days(app, "portrait-session") for slot in day.slots[:1]]
        if len(slots) < args.rounds:
            raise SystemExit(f"only {len(slots)} free days for the portrait session; use --rounds {len(slots)}")

        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        counter = browser.new_context(viewport=DESKTOP).new_page()
        staff = browser.new_context(viewport=DESKTOP, base_url=app.url).new_page()
        customer = browser.new_context(viewport=PHONE, base_url=app.url).new_page()
        if args.trace:
            customer.add_init_script(_TRACE_SOCKET)
        for page in (counter, staff, customer):
            page.set_default_timeout(30_000)

        counter.goto(bare_url + "/")
        count = counter.locator("#count")
        expect(count).to_have_text("0")
        sign_in(staff)

        for n in range(args.rounds):
            print(f"  round {n + 1}/{args.rounds}", flush=True)
            times["bare counter"].append(_timed(counter, lambda: counter.get_by_role("button", name="Add").click(),
                                                f"document.querySelector('#count').textContent === '{n + 1}'"))
            expect(count).to_have_text(str(n + 1))

            reference = _new_request(service_id, n)
            staff.goto("/dashboard/inbox")
            card = staff.locator(f"#request-{reference}")
            card.get_by_role("button", name="Confirm").click()
            dialog = staff.get_by_role("dialog")
            expect(dialog).to_contain_text("Confirm this booking?")
            times["confirm"].append(_timed(
                staff, lambda dialog=dialog: dialog.get_by_role("button", name="OK").click(),
                "document.body.innerText.includes('Booking confirmed. The customer has been emailed.')"
                f" && !document.querySelector('#request-{reference}')"))
            expect(card).to_have_count(0)

            when = slots[n].astimezone(BERLIN)
            customer.goto("/b/lindenhof/book/portrait-session")
            show_month(customer, when.date())
            day_button(customer, when.date()).click()
            choice = time_choice(customer, when.strftime("%H:%M"))
            label = when.strftime("%H:%M")
            times["choose a time"].append(_timed(
                customer, lambda choice=choice: choice.click(),
                "[...document.querySelectorAll('.time-choice')].some(b => b.textContent.trim() === "
                f"'{label}' && b.getAttribute('aria-pressed') === 'true')"))
            expect(choice).to_have_attribute("aria-pressed", "true")
            customer.get_by_label("Name", exact=True).fill(f"Bench Booker {n}")
            customer.get_by_label("Email", exact=True).fill(f"booker{n}@example.com")
            customer.get_by_role("radio", name="Pay later from my booking page (before the visit)").click()
            if args.trace:
                customer.evaluate("window.__frames = []")
            times["book a time"].append(_timed(
                customer, lambda: customer.get_by_role("button", name=re.compile(r"^Book this time")).click(),
                "location.pathname.startsWith('/m/') && document.querySelector('.status')?.textContent === 'Payment required'"))
            expect(customer.locator(".status")).to_have_text("Payment required")
            if args.trace:
                frames, clicked = customer.evaluate("[window.__frames, window.__clickAt]")
                shown = clicked + times["book a time"][-1]
                for name, value in _phases(frames, clicked, shown).items():
                    phases[name].append(value)

    bare = statistics.median(times["bare counter"])
    print(f"\n{'click -> update':<16} {'median ms':>10} {'min ms':>8} {'max ms':>8} {'x bare':>8}  target <= {TARGET:.0f}x")
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / bare
        verdict = "" if name == "bare counter" else ("pass" if ratio <= TARGET else "MISS")
        print(f"{name:<16} {median:>10.1f} {min(values):>8.1f} {max(values):>8.1f} {ratio:>8.2f}  {verdict}")
    if args.trace:
        print(f"\n{'book a time, phase':<24} {'median ms':>10} {'min ms':>8} {'max ms':>8}  rounds")
        for name, values in phases.items():
            if values:
                print(f"{name:<24} {statistics.median(values):>10.1f} {min(values):>8.1f} {max(values):>8.1f}  {len(values)}")
            else:
                print(f"{name:<24} {'-':>10} {'':>8} {'':>8}  0 (not before the page showed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
