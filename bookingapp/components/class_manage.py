"""The class booking's part of the manage page (/m/<token>): cancel with a reason; the
confirmation says before anything happens whether the credits come back."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import field, form_error
from bookingapp.components.i18n import t
from bookingapp.states.class_manage import ClassManageState as K


def _dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Cancel your place?")),
            rx.form(
                rx.vstack(
                    # Two fixed icons, not an icon picked at run time: that would ship Lucide's whole
                    # dynamic icon loader (36 KB) with the manage page.
                    rx.cond(K.class_free,
                            rx.callout(K.class_message, icon="info", color_scheme="green", width="100%",
                                       class_name="credit-outcome"),
                            rx.callout(K.class_message, icon="triangle_alert", color_scheme="amber", width="100%",
                                       class_name="credit-outcome")),
                    field("Reason", "cancel-reason", rx.text_area(id="cancel-reason", name="reason", rows="3", max_length=500,
                                                                  width="100%")),
                    form_error(K.class_error),
                    rx.hstack(rx.button(t("Back"), type="button", variant="soft", color_scheme="gray", on_click=K.close_class_dialog),
                              rx.button(t("Yes, cancel my place"), type="submit", color_scheme="red"),
                              justify="end", width="100%", spacing="3", wrap="wrap"),
                    spacing="3", width="100%",
                ),
                on_submit=K.cancel_class, width="100%",
            ),
            max_width="28rem",
        ),
        open=K.class_dialog, on_open_change=K.set_class_dialog,
    )


def class_changes() -> rx.Component:
    return rx.vstack(
        rx.cond(K.credits_spent > 0, rx.text(t("Credits used"), ": ", K.credits_spent, size="2")),
        rx.cond(
            K.class_can_cancel,
            rx.vstack(
                rx.text(t("Free cancellation (credits back) until"), " ", K.free_until, ".", size="2", color=rx.color("gray", 11)),
                rx.button(t("Cancel my place"), size="3", variant="outline", color_scheme="red", width="100%",
                          on_click=K.open_class_cancel),
                spacing="2", width="100%",
            ),
        ),
        form_error(rx.cond(K.class_dialog, "", K.class_error)),
        _dialog(),
        spacing="2", width="100%", class_name="class-changes",
    )
