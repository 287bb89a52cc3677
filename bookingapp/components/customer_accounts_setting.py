"""The "Customer accounts" settings card; it loads itself on mount, so the settings page
needs no extra on_load."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t
from bookingapp.states.customer_accounts_setting import CustomerAccountsSettingState as S

CHOICES = [
    ("none", "No accounts: customers book with any email"),
    ("verify_email", "Verified email: customers confirm their address with a sign-in link"),
    ("password", "Password: customers sign in with a password"),
]


def customer_accounts_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Customer accounts"), size="4", as_="h2"),
            rx.text(t("Flagging customers with an alert message needs verified emails or passwords: "
                      "otherwise anyone could book under a fresh address."), size="2", color=rx.color("gray", 11)),
            rx.radio_group.root(
                rx.vstack(*[rx.el.label(rx.radio_group.item(value=value, id=f"accounts-{value}"), rx.text(t(label), size="2"),
                                        html_for=f"accounts-{value}",
                                        style={"display": "flex", "gap": "0.5rem", "alignItems": "center"})
                            for value, label in CHOICES], spacing="2"),
                value=S.customer_accounts, on_change=S.set_customer_accounts, aria_label=t("Customer accounts"),
                disabled=S.staff_role != "owner",
            ),
            rx.el.label(
                rx.checkbox(checked=S.confirm_booking_emails, on_change=S.set_confirm_booking_emails, id="confirm-booking-emails",
                            disabled=(S.staff_role != "owner") | (S.customer_accounts == "none"),
                            aria_describedby="confirm-booking-emails-hint"),
                rx.text(t("Hold online bookings from an address not yet confirmed until the customer confirms it"), size="2"),
                html_for="confirm-booking-emails", style={"display": "flex", "gap": "0.5rem", "alignItems": "center"},
            ),
            rx.text(t("The customer gets a link by email; you hear of the booking once they open it. Unconfirmed, it "
                      "lapses after your answer window and the time is freed. Confirmed addresses, signed-in customers "
                      "and bookings you make yourself are never held."),
                    id="confirm-booking-emails-hint", size="1", color=rx.color("gray", 11)),
            rx.cond(S.accounts_saved, rx.text(t("Saved."), size="2", color=rx.color("green", 11), role="status")),
            rx.cond(S.accounts_error != "", rx.text(S.accounts_error, size="2", color=rx.color("red", 11), role="alert")),
            spacing="3", width="100%", align="start",
        ),
        width="100%", id="customer-accounts", on_mount=S.load_accounts,
    )
