"""Dashboard → Settings."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.settings_page import SettingsPageState as S


def _mode(title: str, label, tone) -> rx.Component:
    return rx.hstack(rx.text(t(title), weight="medium", min_width="8rem"), rx.badge(label, color_scheme=tone, size="2", white_space="normal", height="auto", padding_y="0.25rem"),
                     wrap="wrap", align="center")


def settings_page() -> rx.Component:
    return dashboard_shell(
        "Settings",
        rx.card(
            rx.vstack(
                rx.heading(t("Payments & email"), size="4", as_="h2"),
                _mode("Payments", S.payments_label,
                      rx.match(S.payments_mode, ("stripe_live", "green"), ("stripe_test", "blue"), "amber")),
                _mode("Email", S.email_label, rx.cond(S.email_mode == "resend", "green", "amber")),
                rx.cond(
                    S.payments_mode == "local",
                    rx.callout(t("Customers see a test-mode banner on every page: no real money moves. "
                                 "Set STRIPE_SECRET_KEY to take real payments."), icon="triangle_alert", color_scheme="amber"),
                ),
                rx.cond(
                    (S.payments_mode != "local") & ~S.webhook_ready,
                    rx.callout(t("Set STRIPE_WEBHOOK_SECRET so payment events from Stripe are accepted at /api/webhooks/stripe."),
                               icon="triangle_alert", color_scheme="red"),
                ),
                rx.text(t("Keys are read from the server's environment only: they are never stored in the database or shown here."),
                        size="2", color=rx.color("gray", 11)),
                spacing="3", width="100%",
            ),
            width="100%",
        ),
    )
