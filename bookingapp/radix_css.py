"""A lighter Radix Themes stylesheet: only the colours and breakpoints the app uses.

Radix Themes ships one 812 KB stylesheet (50 KB over the wire) that every page must
parse before its first paint: tokens for all 31 colour scales, and every component
and layout rule repeated for five screen widths (xs..xl) that responsive props would
need. The app uses a handful of colours and, on phones, no responsive props at all, so
the customer pages paid for CSS they never match (bench/lighthouse_bench.py: the
stylesheet was the longest main-thread task of the manage page).

`LeanRadixThemesPlugin` builds the stylesheet from the package's own parts at compile
time, after Reflex installed the npm packages: `tokens/base.css`, the colour scales
named as string literals anywhere in the app's source (plus the theme's accent and
gray), `components.css` and `utilities.css` without the `@media (min-width)` blocks of
breakpoints the source never names. Naming a colour or a breakpoint in the code is
enough to get its CSS back, so a new `color_scheme="blue"` or a
`rx.breakpoints(initial=..., md=...)` works without touching this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import reflex as rx

# Radix Themes' breakpoints (its docs, "Responsive object"), by their media queries.
BREAKPOINT_WIDTHS = {"520px": "xs", "768px": "sm", "1024px": "md", "1280px": "lg", "1640px": "xl"}
OUTPUT = "radix-themes.css"

_MEDIA_MIN_WIDTH = re.compile(r"@media \(min-width: (\d+px)\)\s*\{")
# A breakpoint named in Python: a responsive dict key ("md": ...) or rx.breakpoints(md=...).
_DICT_KEY = re.compile(r"""["'](xs|sm|md|lg|xl)["']\s*:""")
_BREAKPOINTS_CALL = re.compile(r"""(["']\s*:\s*)?rx\.breakpoints\(([^)]*)\)""")
_KEYWORD = re.compile(r"\b(xs|sm|md|lg|xl)\s*=(?!=)")


def used_colors(sources: Iterable[str], palette: Iterable[str]) -> set[str]:
    """The colour scales named as a string literal ("red", 'amber') in any source text."""
    text = "\n".join(sources)
    return {name for name in palette if re.search(rf"""["']{name}["']""", text)}


def used_breakpoints(sources: Iterable[str]) -> set[str]:
    """Breakpoints given to Radix props. An entry of a style dict (`"top": rx.breakpoints(...)`)
    becomes an Emotion media query and needs no Radix CSS, so it does not count."""
    found: set[str] = set()
    for source in sources:
        found |= set(_DICT_KEY.findall(source))
        for style_entry, args in _BREAKPOINTS_CALL.findall(source):
            if not style_entry:
                found |= set(_KEYWORD.findall(args))
    return found


def drop_breakpoints(css: str, keep: set[str]) -> str:
    """Remove the `@media (min-width: …)` blocks of breakpoints not in `keep`.

    In Radix Themes these blocks hold only breakpoint-prefixed rules (`.md\\:rt-r-size-2`),
    which match nothing unless a responsive prop asked for that breakpoint.
    """
    out, pos = [], 0
    for match in _MEDIA_MIN_WIDTH.finditer(css):
        if match.start() < pos:
            continue  # inside a block already dropped
        if BREAKPOINT_WIDTHS.get(match.group(1)) in keep:
            continue
        end, depth = match.end(), 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        out.append(css[pos:match.start()])
        pos = end
    out.append(css[pos:])
    return "".join(out)


def lean_stylesheet(package_dir: Path, sources: list[str], theme_colors: set[str]) -> str:
    palette = sorted(p.stem for p in (package_dir / "tokens" / "colors").glob("*.css"))
    colors = (used_colors(sources, palette) | theme_colors) & set(palette)
    breakpoints = used_breakpoints(sources)
    parts = [(package_dir / "tokens" / "base.css").read_text()]
    parts += [(package_dir / "tokens" / "colors" / f"{name}.css").read_text() for name in sorted(colors)]
    parts += [drop_breakpoints((package_dir / name).read_text(), breakpoints) for name in ("components.css", "utilities.css")]
    header = f"/* Radix Themes, colours: {', '.join(sorted(colors))}; breakpoints: {', '.join(sorted(breakpoints)) or 'none'} */\n"
    return header + "\n".join(parts)


def _app_sources(root: Path) -> list[str]:
    files = [root / "rxconfig.py", *sorted((root / "bookingapp").rglob("*.py"))]
    here = Path(__file__).resolve()  # its own docstring names breakpoints as examples
    return [f.read_text() for f in files if f.exists() and f.resolve() != here]


class LeanRadixThemesPlugin(rx.plugins.RadixThemesPlugin):
    """RadixThemesPlugin that imports the lean stylesheet instead of the full one."""

    def get_stylesheet_paths(self, **context) -> tuple[str, ...]:
        return (f"./{OUTPUT}",) if self.enabled else ()

    def get_static_assets(self, **context):
        # Called after the npm packages are installed, so the package's CSS is on disk.
        from reflex.utils.prerequisites import get_web_dir

        if not self.enabled:
            return ()
        package_dir = get_web_dir() / "node_modules" / "@radix-ui" / "themes"
        theme_colors = {str(getattr(self.theme, name, "")).strip('"') for name in ("accent_color", "gray_color")}
        css = lean_stylesheet(package_dir, _app_sources(Path.cwd()), theme_colors)
        return ((Path("styles") / OUTPUT, css),)
