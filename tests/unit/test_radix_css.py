"""The lean Radix stylesheet keeps every colour and breakpoint the app names, and only those."""

from pathlib import Path

from bookingapp.radix_css import drop_breakpoints, lean_stylesheet, used_breakpoints, used_colors

PALETTE = ["amber", "blue", "gray", "red", "slate", "teal"]

CSS = """.rt-Button { color: red; }
@media (min-width: 520px) {
  .rt-Button:where(.xs\\:rt-r-size-1) { height: 1px; }
}
@media (min-width: 1024px) {
  .rt-Button:where(.md\\:rt-r-size-1) { height: 2px; }
  .rt-Flex:where(.md\\:rt-r-fd-row) { flex-direction: row; }
}
@media (hover: hover) {
  .rt-Button:hover { opacity: 1; }
}
"""


def test_colours_named_as_string_literals_are_kept_others_are_not():
    sources = ['rx.badge("x", color_scheme="red")', "palette = {'paid': 'amber'}", "# a blue sky (no quotes)"]
    assert used_colors(sources, PALETTE) == {"red", "amber"}


def test_breakpoints_count_in_responsive_dicts_and_rx_breakpoints_only():
    assert used_breakpoints(['rx.breakpoints(initial="none", md="flex")']) == {"md"}
    assert used_breakpoints(['style={"display": {"initial": "none", "lg": "block"}}']) == {"lg"}
    assert used_breakpoints(['size = "md"', 'x = "sm"']) == set()
    # Style dict entries become Emotion media queries: no Radix breakpoint CSS needed.
    assert used_breakpoints(['style={"top": rx.breakpoints(initial="0", xl="1rem")}']) == set()


def test_unused_breakpoint_blocks_are_dropped_with_all_their_rules():
    lean = drop_breakpoints(CSS, keep=set())
    assert "min-width" not in lean
    assert ".rt-Button { color: red; }" in lean
    assert "@media (hover: hover)" in lean and ".rt-Button:hover" in lean


def test_a_named_breakpoint_keeps_its_block_intact():
    lean = drop_breakpoints(CSS, keep={"md"})
    assert "@media (min-width: 1024px)" in lean
    assert "md\\:rt-r-size-1" in lean and "md\\:rt-r-fd-row" in lean
    assert "min-width: 520px" not in lean


def test_stylesheet_is_built_from_the_package_parts(tmp_path: Path):
    colors = tmp_path / "tokens" / "colors"
    colors.mkdir(parents=True)
    (tmp_path / "tokens" / "base.css").write_text(":root { --base: 1; }")
    for name in PALETTE:
        (colors / f"{name}.css").write_text(f":root {{ --{name}-9: #000; }}")
    (tmp_path / "components.css").write_text(CSS)
    (tmp_path / "utilities.css").write_text("@media (min-width: 1640px) { .xl\\:rt-r-p-1 { padding: 0; } }\n.rt-r-p-1 { padding: 0; }")

    css = lean_stylesheet(tmp_path, ['rx.badge(color_scheme="red")', 'rx.breakpoints(initial="a", md="b")'], {"teal", "slate"})

    assert "--base: 1" in css
    assert all(name in css for name in ("--red-9", "--teal-9", "--slate-9"))
    assert "--blue-9" not in css and "--amber-9" not in css
    assert "md\\:rt-r-size-1" in css and "xs\\:rt-r-size-1" not in css and "xl\\:rt-r-p-1" not in css
    assert ".rt-r-p-1 { padding: 0; }" in css
