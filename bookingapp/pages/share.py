"""Dashboard → Share: the booking page's link, its QR code and a snippet for a website."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.share import ShareState as S


def _copy_button(label: str, what: str, handler, target: str) -> rx.Component:
    return rx.button(
        rx.cond(S.copied == what, rx.icon("check", size=16, aria_hidden="true"), rx.icon("copy", size=16, aria_hidden="true")),
        rx.cond(S.copied == what, t("Copied"), t(label)),
        on_click=handler, type="button", aria_controls=target, size="3", flex_shrink="0",
    )


def _link_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Your booking page"), size="4", as_="h2"),
            rx.el.label(t("Link to your booking page"), html_for="portal-url", style={"fontWeight": 500, "fontSize": "14px"}),
            rx.flex(
                rx.input(id="portal-url", value=S.url, read_only=True, size="3", width="100%", min_width="0"),
                _copy_button("Copy link", "link", S.copy_link, "portal-url"),
                spacing="2", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
            ),
            rx.box(rx.text(rx.cond(S.copied == "link", t("Link copied to the clipboard."), ""), size="2"),
                   role="status", aria_live="polite"),
            rx.link(t("Open your booking page"), href=S.url, is_external=True, size="2"),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _qr_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("QR code"), size="4", as_="h2"),
            rx.text(t("Print it on a flyer or put it in your shop window: a phone's camera opens your booking page."), size="2",
                    color=rx.color("gray", 11)),
            rx.image(src=S.qr_src, alt=t("QR code of your booking page's link"), width="180px", height="180px",
                     style={"imageRendering": "pixelated", "background": "white"}),
            rx.hstack(
                rx.link(rx.icon("download", size=16, aria_hidden="true"), t("Download QR code"), href=S.qr_download + "?format=png",
                        download="booking-page-qr.png", size="2",
                        style={"display": "inline-flex", "alignItems": "center", "gap": "0.375rem"}),
                rx.link(t("SVG for print"), href=S.qr_download + "?format=svg", download="booking-page-qr.svg", size="2"),
                spacing="4", wrap="wrap",
            ),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _embed_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Put it on your website"), size="4", as_="h2"),
            rx.text(t("Paste this code into a page of your website: customers book without leaving it."), size="2",
                    color=rx.color("gray", 11)),
            rx.el.label(t("Embed code"), html_for="embed-snippet", style={"fontWeight": 500, "fontSize": "14px"}),
            rx.text_area(id="embed-snippet", value=S.snippet, read_only=True, rows="4", width="100%",
                         style={"fontFamily": "monospace", "fontSize": "13px"}),
            _copy_button("Copy code", "snippet", S.copy_snippet, "embed-snippet"),
            spacing="2", width="100%", align="start",
        ),
        width="100%",
    )


def share_page() -> rx.Component:
    return dashboard_shell("Share your booking page", rx.cond(S.loaded, rx.vstack(_link_card(), _qr_card(), _embed_card(),
                                                                                   spacing="4", width="100%")))
