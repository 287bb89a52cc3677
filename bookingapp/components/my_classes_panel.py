"""The Bookings tab's "Your classes": places, series (with "Cancel series"), waitlist places,
the credit balance and its history (phone first)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import field, form_error
from bookingapp.components.dialog_focus import return_focus, watch_opener
from bookingapp.components.i18n import credits_word, t, tn
from bookingapp.states.my_classes import MyClassesState as M
from bookingapp.states.my_classes import PlaceLine, RefundLine, SeriesLine, WaitLine
from bookingapp.states.portal_classes import CreditLine

_ROW = {"width": "100%", "padding_y": "0.5rem", "border_bottom": f"1px solid {rx.color('gray', 4)}"}


def _muted(text, size: str = "2") -> rx.Component:
    return rx.text(text, size=size, color=rx.color("gray", 11))


def _place(line: PlaceLine) -> rx.Component:
    return rx.flex(
        rx.vstack(rx.text(line.title, weight="medium", size="2"), _muted(line.when), spacing="0", flex="1", min_width="0"),
        rx.text(line.credits, " ", credits_word(line.credits), size="2"),
        rx.link(t("Manage"), href=line.href, size="2", weight="medium", aria_label=t("Manage booking") + ": " + line.title + ", " + line.when,
                display=rx.cond(line.href != "", "inline", "none")),
        align="center", spacing="3", class_name="my-class-place", **_ROW,
    )


def _series(line: SeriesLine) -> rx.Component:
    return rx.flex(
        rx.vstack(rx.text(line.title, weight="medium", size="2"), _muted(line.rule),
                  _muted(rx.fragment(line.upcoming, " ", tn("class to come", "classes to come", line.upcoming)), "1"), spacing="0", flex="1", min_width="0"),
        rx.button(t("Cancel series"), size="2", variant="soft", color_scheme="red", on_click=M.open_cancel_series(line.series_id),
                  aria_label=t("Cancel series") + ": " + line.title + ", " + line.rule),
        align="center", spacing="3", wrap="wrap", class_name="my-series", **_ROW,
    )


def _waiting(line: WaitLine) -> rx.Component:
    return rx.vstack(rx.text(line.title, " · ", line.when, weight="medium", size="2"), _muted(line.status),
                     spacing="0", class_name="my-waitlist-place", **_ROW)


def _credit_line(line: CreditLine) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(line.text, size="2"), _muted(line.when, "1"), spacing="0", flex="1", min_width="0"),
        rx.text(line.delta, weight="bold"),
        align="center", class_name="my-credit-line", **_ROW,
    )


def _refund(line: RefundLine) -> rx.Component:
    return rx.hstack(
        rx.cond(line.free,  # two fixed icons: a run-time icon name ships the dynamic icon loader
                rx.icon("circle-check", size=16, aria_hidden="true", color=rx.color("green", 11)),
                rx.icon("triangle-alert", size=16, aria_hidden="true", color=rx.color("amber", 11))),
        rx.vstack(rx.text(line.when, size="2", weight="medium"),
                  rx.text(line.text, size="2", color=rx.cond(line.free, rx.color("green", 11), rx.color("amber", 11))),
                  spacing="0", min_width="0"),
        align="start", width="100%", class_name=rx.cond(line.free, "refund-line free", "refund-line late"),
    )


def _cancel_series_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Cancel the whole series?")),
            rx.form(
                rx.vstack(
                    rx.text(M.cancel_series_title, weight="medium"),
                    rx.text(t("Each class follows its own free-cancellation time:"), size="2"),
                    rx.vstack(rx.foreach(M.refund_lines, _refund), spacing="2", width="100%", class_name="refund-lines",
                              max_height="40vh", overflow_y="auto"),
                    rx.callout(M.refund_summary, icon="info", width="100%", class_name="refund-summary"),
                    field("Reason", "series-cancel-reason",
                          rx.text_area(id="series-cancel-reason", name="reason", rows="2", max_length=500, width="100%")),
                    form_error(M.series_error),
                    rx.flex(rx.alert_dialog.cancel(rx.button(t("Back"), type="button", variant="soft", color_scheme="gray")),
                            rx.button(t("Yes, cancel all"), type="submit", color_scheme="red"),
                            justify="end", width="100%", spacing="3", wrap="wrap"),
                    spacing="3", width="100%",
                ),
                on_submit=M.cancel_series, width="100%",
            ),
            on_close_auto_focus=return_focus(), max_width="30rem",
        ),
        open=M.cancel_series_id != 0, on_open_change=M.set_cancel_series_open, on_mount=watch_opener(),
    )


def _section(title: str, items, render, empty: str) -> rx.Component:
    return rx.vstack(
        rx.heading(t(title), size="3", as_="h3"),
        rx.cond(items.length() > 0, rx.vstack(rx.foreach(items, render), spacing="0", width="100%"),
                _muted(t(empty))),
        spacing="1", width="100%",
    )


def my_classes_panel() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(rx.heading(t("Your classes"), size="5", as_="h2"), rx.spacer(),
                    rx.text(t("Credit balance"), ": ", rx.text.strong(M.balance, class_name="credit-balance"), size="3"),
                    width="100%", align="center", wrap="wrap", spacing="2"),
            rx.cond(M.classes_notice != "",
                    rx.callout(M.classes_notice, icon="check", color_scheme="green", role="status", width="100%",
                               id="classes-notice", tab_index=-1)),
            _section("Class places", M.places, _place, "No upcoming class places."),
            _section("Weekly series", M.series, _series, "No weekly series."),
            _section("Waitlist", M.waiting, _waiting, "You are not on any waitlist."),
            _section("Credit history", M.ledger, _credit_line, "No credits yet."),
            _cancel_series_dialog(),
            spacing="4", width="100%",
        ),
        width="100%", class_name="my-classes",
        display=rx.cond(M.shown, "block", "none"),
        # Loads itself, so the Bookings tab needs no extra on_load entry to show it.
        on_mount=M.load_classes,
    )
