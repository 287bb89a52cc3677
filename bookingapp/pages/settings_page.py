"""Dashboard → Settings."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.cancellation_reasons_setting import cancellation_reasons_card
from bookingapp.components.customer_accounts_setting import customer_accounts_card
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.settings_page import SettingsPageState as S


def _mode(title: str, label, tone: str) -> rx.Component:
    # Text, not a badge: a badge never wraps, and these labels are a sentence long.
    return rx.hstack(rx.text(t(title), weight="medium", min_width="8rem"), rx.text(label, size="2", weight="medium", color=rx.color(tone, 11), background=rx.color(tone, 3),
                              padding="0.25rem 0.5rem", border_radius="6px", class_name="mode"),
                     wrap="wrap", align="center")


def _business_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Business"), size="4", as_="h2"),
            rx.text(t("Name, booking page address, contact details, timezone, currency, language and the answer window for requests."),
                    size="2", color=rx.color("gray", 11)),
            rx.button(rx.link(rx.icon("building-2", size=16, aria_hidden="true"), t("Edit business settings"),
                              href=routes.BUSINESS_SETTINGS, underline="none"), as_child=True, variant="soft"),
            spacing="3", width="100%", align="start",
        ),
        width="100%",
    )


def _templates_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Email templates"), size="4", as_="h2"),
            rx.text(t("Change the subject and text of every email the app sends to customers and to you, in English, German and Polish."),
                    size="2", color=rx.color("gray", 11)),
            rx.cond(
                S.staff_role == "owner",
                rx.button(rx.link(rx.icon("mail", size=16, aria_hidden="true"), t("Edit email templates"), href=routes.NOTIFICATIONS,
                                  underline="none"), as_child=True, variant="soft"),
            ),
            spacing="3", width="100%", align="start",
        ),
        width="100%",
    )


def _classes_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Classes"), size="4", as_="h2"),
            rx.el.label(
                rx.switch(checked=S.allow_recurring, on_change=S.set_allow_recurring, id="allow-recurring",
                          disabled=S.staff_role != "owner"),
                rx.text(t("Customers can book a class every week until a date (for classes that allow it)"), size="2"),
                html_for="allow-recurring", style={"display": "flex", "gap": "0.75rem", "alignItems": "center"},
            ),
            rx.el.label(
                rx.switch(checked=S.waitlist_pay_on_site, on_change=S.set_waitlist_pay_on_site, id="waitlist-pay-on-site",
                          disabled=S.staff_role != "owner"),
                rx.text(t("Waitlist: guests without enough credits may claim a place and pay on site"), size="2"),
                html_for="waitlist-pay-on-site", style={"display": "flex", "gap": "0.75rem", "alignItems": "center"},
            ),
            rx.text(t("Off: a freed place is offered to the next person who can pay with credits; the others keep their place."),
                    size="1", color=rx.color("gray", 11)),
            spacing="3", width="100%", align="start",
        ),
        width="100%",
    )


def _credit_packs_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Credit packs"), size="4", as_="h2"),
            rx.text(t("Customers buy credits online and spend them on classes."), size="2", color=rx.color("gray", 11)),
            rx.button(rx.link(rx.icon("ticket", size=16, aria_hidden="true"), t("Edit credit packs"), href=routes.CREDIT_PACKS,
                              underline="none"), as_child=True, variant="soft"),
            spacing="3", width="100%", align="start",
        ),
        width="100%",
    )


def settings_page() -> rx.Component:
    return dashboard_shell(
        "Settings",
        rx.cond(S.staff_role != "owner",
                rx.callout(t("Only the owner of the business can change these settings. You see them read-only."),
                           icon="lock", color_scheme="gray", width="100%", role="status")),
        rx.cond(S.staff_role == "owner", _business_card()),
        rx.card(
            rx.vstack(
                rx.heading(t("Payments & email"), size="4", as_="h2"),
                rx.match(S.payments_mode,
                         ("stripe_live", _mode("Payments", S.payments_label, "green")),
                         ("stripe_test", _mode("Payments", S.payments_label, "blue")),
                         _mode("Payments", S.payments_label, "amber")),
                rx.cond(S.email_mode == "resend", _mode("Email", S.email_label, "green"), _mode("Email", S.email_label, "amber")),
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
        _templates_card(),
        _classes_card(),
        _credit_packs_card(),
        cancellation_reasons_card(),
        customer_accounts_card(),
    )
