"""Screenshot pages at 1280 px and 375 px; report console errors, horizontal scroll on
phones and buttons without an accessible name.

    python scripts/screens.py [--cookie name=value] [--out DIR] URL...
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

UNNAMED_BUTTONS = """() => [...document.querySelectorAll('button, [role=button]')]
  .filter(b => b.offsetParent !== null)
  .filter(b => !(b.getAttribute('aria-label') || b.innerText.trim() || b.getAttribute('title')
                 || (b.labels && [...b.labels].some(l => l.innerText.trim()))
                 || (b.getAttribute('aria-labelledby') || '').split(' ').some(id => document.getElementById(id))))
  .map(b => b.outerHTML.slice(0, 120))"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--out", default="var/screens")
    parser.add_argument("--cookie", action="append", default=[])
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for url in args.urls:
            for width, height in ((1280, 900), (375, 812)):
                context = browser.new_context(viewport={"width": width, "height": height})
                for cookie in args.cookie:
                    name, value = cookie.split("=", 1)
                    context.add_cookies([{"name": name, "value": value, "url": url}])
                page = context.new_page()
                errors: list[str] = []
                page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
                page.goto(url, wait_until="networkidle")
                page.wait_for_timeout(800)
                name = re.sub(r"[^a-z0-9]+", "_", url.split("//", 1)[-1].lower()).strip("_")
                path = out / f"{name}_{width}.png"
                page.screenshot(path=str(path), full_page=True)
                scroll = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
                unnamed = page.evaluate(UNNAMED_BUTTONS)
                print(f"{path}: console errors={len(errors)} hscroll={scroll} unnamed buttons={len(unnamed)}")
                for line in errors[:5] + unnamed[:5]:
                    print("   ", line[:200])
                context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
