"""The manage page's notice for a booking held until the customer confirms their address
(issue 21; services/address_checks.py)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.i18n import t


def awaiting_email_notice(deadline: rx.Var, timezone: rx.Var) -> rx.Component:
    return rx.callout(
        rx.vstack(
            rx.text(t("Check your inbox: confirm your email address"), weight="bold"),
            rx.text(t("We emailed you a link to confirm this booking. The business receives it only once you confirm."), size="2"),
            rx.text(t("Your time is held until"), " ", rx.text.strong(deadline), " (", timezone, "). ",
                    t("Without confirmation the booking then lapses and the time is freed."), size="2"),
            spacing="1",
        ),
        icon="mail", color_scheme="amber", role="status", width="100%", class_name="awaiting-email",
    )
