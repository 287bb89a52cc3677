"""Dashboard → Dev mailbox."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import empty_state
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.mailbox import MailboxState, MailRow


def _status(status: rx.Var) -> rx.Component:
    return rx.badge(
        rx.match(status, ("sent", t("Sent")), ("failed", t("Failed")), ("sending", t("Sending")), t("Queued")),
        color_scheme=rx.match(status, ("sent", "green"), ("failed", "red"), "amber"),
        variant="soft",
    )


def _email(mail: MailRow) -> rx.Component:
    return rx.el.details(
        rx.el.summary(
            rx.hstack(
                rx.vstack(
                    rx.text(mail.subject, weight="medium"),
                    rx.text(t("Sent to"), ": ", mail.recipient, " · ", mail.when, size="1", color=rx.color("gray", 11)),
                    spacing="0",
                    align="start",
                    min_width="0",
                ),
                rx.spacer(),
                _status(mail.status),
                align="center",
                width="100%",
            ),
            style={"cursor": "pointer", "listStyle": "none"},
        ),
        rx.vstack(
            rx.cond(mail.reply_to != "", rx.text(t("Reply-To"), ": ", mail.reply_to, size="1")),
            rx.cond(mail.attachments != "", rx.text(t("Attachments"), ": ", mail.attachments, size="1")),
            rx.cond(
                mail.status == "failed",
                rx.hstack(
                    rx.text(mail.error, color=rx.color("red", 11), size="1"),
                    rx.button(t("Retry"), size="1", on_click=MailboxState.retry(mail.id)),
                ),
            ),
            rx.box(rx.html(mail.html), padding="0.75rem", border=f"1px solid {rx.color('gray', 5)}", border_radius="8px", width="100%", overflow_wrap="anywhere"),
            padding_top="0.5rem",
            width="100%",
        ),
        style={"padding": "0.75rem", "borderBottom": f"1px solid {rx.color('gray', 5)}", "width": "100%"},
        class_name="mail",
    )


def mailbox_page() -> rx.Component:
    return dashboard_shell(
        "Dev mailbox",
        rx.text(t("In local mode emails are not sent anywhere: everything the app would send is listed here, newest first."), color=rx.color("gray", 11)),
        rx.cond(
            MailboxState.total == 0,
            empty_state("mail", "No emails yet", "Emails to customers and to you appear here as soon as bookings happen."),
            rx.vstack(
                rx.foreach(MailboxState.emails, _email),
                rx.hstack(
                    rx.button(t("Newer"), on_click=MailboxState.prev_page, disabled=MailboxState.page == 0, variant="soft"),
                    rx.text(MailboxState.page + 1, " / ", MailboxState.pages, size="2"),
                    rx.button(t("Older"), on_click=MailboxState.next_page, disabled=MailboxState.page + 1 >= MailboxState.pages, variant="soft"),
                    align="center",
                ),
                width="100%",
                spacing="0",
            ),
        ),
    )
