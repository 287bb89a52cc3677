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


def _card(title: str, *content: rx.Component) -> rx.Component:
    return rx.card(rx.vstack(rx.heading(t(title), size="4", as_="h2"), *content, spacing="3", width="100%", align="start"),
                   width="100%")


def _link_button(icon: str, label: str, href: str) -> rx.Component:
    return rx.button(rx.link(rx.icon(icon, size=16, aria_hidden="true"), t(label), href=href, underline="none"),
                     as_child=True, variant="soft")


def _hint(text: str, size: str = "2") -> rx.Component:
    return rx.text(t(text), size=size, color=rx.color("gray", 11))


def _switch(switch_id: str, checked: rx.Var, on_change, label: str) -> rx.Component:
    """An owner's switch; other staff see it, disabled."""
    return rx.el.label(
        rx.switch(checked=checked, on_change=on_change, id=switch_id, disabled=S.staff_role != "owner"),
        rx.text(t(label), size="2"),
        html_for=switch_id, style={"display": "flex", "gap": "0.75rem", "alignItems": "center"},
    )


def _business_card() -> rx.Component:
    return _card(
        "Business",
        _hint("Name, booking page address, contact details, timezone, currency, language and the answer window for requests."),
        _link_button("building-2", "Edit business settings", routes.BUSINESS_SETTINGS),
    )


def _templates_card() -> rx.Component:
    return _card(
        "Email templates",
        _hint("Change the subject and text of every email the app sends to customers and to you, in English, German and Polish."),
        rx.cond(S.staff_role == "owner", _link_button("mail", "Edit email templates", routes.NOTIFICATIONS)),
    )


def _classes_card() -> rx.Component:
    return _card(
        "Classes",
        _switch("allow-recurring", S.allow_recurring, S.set_allow_recurring,
                "Customers can book a class every week until a date (for classes that allow it)"),
        _switch("waitlist-pay-on-site", S.waitlist_pay_on_site, S.set_waitlist_pay_on_site,
                "Waitlist: guests without enough credits may claim a place and pay on site"),
        _hint("Off: a freed place is offered to the next person who can pay with credits; the others keep their place.", size="1"),
        _switch("no-show-keeps-credits", S.no_show_keeps_credits, S.set_no_show_keeps_credits,
                "A no-show keeps the credits of the class"),
        _hint("Off: marking a class place as no-show gives its credits back to the customer.", size="1"),
    )


def _credit_packs_card() -> rx.Component:
    return _card(
        "Credit packs",
        _hint("Customers buy credits online and spend them on classes."),
        _link_button("ticket", "Edit credit packs", routes.CREDIT_PACKS),
    )


def settings_page() -> rx.Component:
    return dashboard_shell(
        "Settings",
        rx.cond(S.staff_role != "owner",
                rx.callout(t("Only the owner of the business can change these settings. You can view them but not change them."),
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
