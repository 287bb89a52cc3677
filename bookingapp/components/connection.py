"""Reflex's own overlay says "Connection Error" and "Cannot connect to server" in English;
ours says that the connection is lost, in the visitor's language, where they look."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.core.banner import has_connection_errors

from bookingapp.components.i18n import t


def connection_notice() -> rx.Component:
    return rx.cond(
        has_connection_errors,
        rx.box(
            rx.callout(t("The connection to the server is lost. Trying again…"), icon="wifi-off", color_scheme="red",
                       role="alert", size="1"),
            position="fixed", bottom="1rem", left="50%", transform="translateX(-50%)", z_index="1000",
            width="min(28rem, calc(100vw - 2rem))",
        ),
    )


def toaster() -> rx.Component:
    # Sonner names its region "Notifications" (a landmark screen readers list): in our words.
    return rx.toast.provider(custom_attrs={"containerAriaLabel": t("Notifications")})
