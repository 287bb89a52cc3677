"""/b/<org>/classes: the class schedule, booking with credits, and the customer's credits
(phone first)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import (
    empty_state,
    field,
    form_error,
    page_not_found,
    sign_in_prompt,
)
from bookingapp.components.dialog_focus import return_focus, watch_opener
from bookingapp.components.i18n import credits_word, t
from bookingapp.components.layout import portal_shell
from bookingapp.components.timezone_note import timezone_note
from bookingapp.components.waitlist_panel import waitlist_join
from bookingapp.states.portal_classes import ClassCard, ClassOption, CreditLine, OccurrenceLine
from bookingapp.states.portal_classes import PortalClassesState as P


def _class_card(card: ClassCard) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(card.title, size="4", as_="h3"), rx.spacer(),
                      rx.badge(card.cost, " ", credits_word(card.cost), color_scheme="gray", size="2"),
                      width="100%", align="center", wrap="wrap", spacing="2"),
            rx.text(card.day, " · ", card.time, weight="medium"),
            rx.cond(card.location != "", rx.text(card.location, size="2", color=rx.color("gray", 11))),
            rx.text(rx.cond(card.free > 0, card.free_text, t("Full")), size="2",
                    color=rx.cond(card.free > 0, rx.color("green", 11), rx.color("red", 11)), class_name="free-places"),
            rx.cond(card.mine, rx.badge(rx.icon("check", size=14, aria_hidden="true"), t("You are booked"), color_scheme="green", size="2")),
            # Hidden, not left out: a button with an event inside rx.cond in a foreach loses the loop variable.
            rx.button(t("Book"), size="3", width="100%", on_click=P.choose(card.id),
                      aria_label=card.book_label,
                      display=rx.cond(card.mine | (card.free <= 0), "none", rx.cond(P.signed_in, "flex", "none"))),
            rx.box(waitlist_join(card), display=rx.cond(~card.mine & (card.free == 0), "block", "none"), width="100%"),
            spacing="2", width="100%", align="start",
        ),
        width="100%", class_name="class-card",
    )


def _credit_line(line: CreditLine) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(line.text, size="2"), rx.text(line.when, size="1", color=rx.color("gray", 11)), spacing="0", flex="1",
                  min_width="0"),
        rx.text(line.delta, weight="bold", size="3"),
        width="100%", align="center", padding_y="0.25rem", border_bottom=f"1px solid {rx.color('gray', 4)}",
    )


def _occurrence(line: OccurrenceLine) -> rx.Component:
    return rx.hstack(
        rx.cond(line.booked,  # two fixed icons: a run-time icon name ships the dynamic icon loader
                rx.icon("check", size=16, aria_hidden="true", color=rx.color("green", 11)),
                rx.icon("x", size=16, aria_hidden="true", color=rx.color("red", 11))),
        rx.vstack(
            rx.text(line.when, size="2", weight="medium"),
            rx.cond(line.href != "", rx.link(line.text, href=line.href, size="2"), rx.text(line.text, size="2", color=rx.color("red", 11))),
            spacing="0",
        ),
        align="start", width="100%", class_name=rx.cond(line.booked, "occurrence booked", "occurrence skipped"),
    )


def _booking_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.text(P.chosen_label, weight="medium"),
            rx.text(t("Costs"), " ", P.chosen_cost, " ", credits_word(P.chosen_cost), ". ", t("Your balance"), ": ", P.balance, ".", size="2"),
            rx.cond(P.chosen_late,
                    rx.callout(P.chosen_note, icon="triangle_alert", color_scheme="amber", size="1", width="100%",
                               class_name="cancel-note late"),
                    rx.text(P.chosen_note, size="2", color=rx.color("gray", 11), class_name="cancel-note")),
            rx.cond(
                P.chosen_recurring,
                rx.vstack(
                    rx.el.label(rx.checkbox(checked=P.repeat, on_change=P.set_repeat, id="repeat", name="repeat"),
                                rx.text(t("Every week at this time until …"), size="2"), html_for="repeat",
                                style={"display": "flex", "gap": "0.5rem", "alignItems": "center"}),
                    rx.cond(P.repeat, field("Last day", "until", rx.input(id="until", name="until", type="date", size="3", width="100%"),
                                            hint="Each week is its own booking and costs its own credits.")),
                    spacing="2", width="100%",
                ),
            ),
            form_error(P.book_error),
            rx.hstack(rx.alert_dialog.cancel(rx.button(t("Back"), type="button", variant="soft", color_scheme="gray")),
                      rx.button(t("Book with credits"), type="submit"), justify="end", width="100%", spacing="3", wrap="wrap"),
            spacing="3", width="100%",
        ),
        on_submit=P.book, width="100%",
    )


def _booking_result() -> rx.Component:
    # The result where the customer is looking: in the dialog they booked from.
    return rx.vstack(
        rx.text(P.chosen_label, weight="medium"),
        rx.callout(P.class_notice, icon="check", color_scheme="green", role="status", width="100%", id="class-result"),
        rx.cond(P.report.length() > 1, rx.vstack(rx.foreach(P.report, _occurrence), spacing="2", width="100%",
                                                 class_name="series-report")),
        rx.hstack(rx.alert_dialog.cancel(rx.button(t("Done"), type="button", auto_focus=True)), justify="end", width="100%"),
        spacing="3", width="100%", class_name="booking-result",
    )


def _book_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(rx.cond(P.booked, t("Your booking"), t("Book this class?"))),
            rx.cond(P.booked, _booking_result(), _booking_form()),
            on_close_auto_focus=return_focus(), max_width="28rem",
        ),
        open=P.chosen_id != 0, on_open_change=P.set_chosen_open, on_mount=watch_opener(),
    )


def _class_option(option: ClassOption) -> rx.Component:
    return rx.el.option(option.name, value=option.slug)


def _browse_bar() -> rx.Component:
    return rx.vstack(
        rx.cond(P.class_options.length() > 1, rx.vstack(
            rx.el.label(t("Class"), html_for="class-filter", style={"fontWeight": 500, "fontSize": "14px"}),
            rx.el.select(rx.el.option(t("All classes"), value="all"), rx.foreach(P.class_options, _class_option),
                         id="class-filter", value=rx.cond(P.service_slug != "", P.service_slug, "all"), on_change=P.choose_class,
                         style={"width": "100%", "minHeight": "40px", "fontSize": "16px", "padding": "0 0.5rem",
                                "borderRadius": "6px", "border": f"1px solid {rx.color('gray', 7)}", "background": "inherit"}),
            spacing="1", width="100%",
        )),
        # The week on its own line, the buttons below at the two ends: fits 375 px in any language.
        rx.heading(P.week_label, size="3", as_="h2", class_name="week-label", aria_live="polite"),
        rx.hstack(
            rx.button(rx.icon("chevron-left", size=16, aria_hidden="true"), t("Previous week"), variant="soft", size="2",
                      on_click=P.show_previous_week, disabled=P.previous_week == "", class_name="previous-week"),
            rx.button(t("Next week"), rx.icon("chevron-right", size=16, aria_hidden="true"), variant="soft", size="2",
                      on_click=P.show_next_week, disabled=P.next_week == "", class_name="next-week"),
            width="100%", align="center", justify="between", spacing="2", wrap="wrap",
        ),
        spacing="3", width="100%",
    )


def _empty_week() -> rx.Component:
    # An empty week says where the next classes are, or that nothing more is scheduled.
    return rx.cond(
        P.next_classes != "",
        empty_state(
            "calendar-days", "No classes this week", "There is no class to book online in this week.",
            rx.button(P.next_classes_label, rx.icon("chevron-right", size=16, aria_hidden="true"),
                      on_click=P.show_next_classes, class_name="next-classes"),
        ),
        empty_state("calendar-days", "No classes this week", "No more classes are scheduled yet."),
    )


def _sign_in_box() -> rx.Component:
    return sign_in_prompt("Sign in to book with your credits.", P.portal_slug)


def portal_classes_page() -> rx.Component:
    return portal_shell(
        rx.cond(
            P.found,
            rx.vstack(
                rx.heading(rx.cond(P.only_service != "", P.only_service, t("Classes")), size="6", as_="h1"),
                rx.cond(P.only_service != "", rx.link(t("All classes"), href="/b/" + P.portal_slug + "/classes", size="2",
                                                      class_name="all-classes")),
                timezone_note(P.timezone, size="2", color=rx.color("gray", 11)),
                rx.cond(P.signed_in,
                        rx.card(rx.hstack(rx.text(t("Your credits"), weight="medium"), rx.spacer(),
                                          rx.text(P.balance, size="5", weight="bold", class_name="credit-balance"),
                                          rx.link(t("Buy credits"), href="/b/" + P.portal_slug + "/credits", weight="medium",
                                                  class_name="buy-credits"),
                                          align="center", width="100%", spacing="3", wrap="wrap"), width="100%"),
                        _sign_in_box()),
                _browse_bar(),
                rx.cond(
                    P.classes.length() > 0,
                    rx.vstack(rx.foreach(P.classes, _class_card), spacing="3", width="100%"),
                    _empty_week(),
                ),
                rx.cond(P.signed_in, rx.vstack(
                    rx.heading(t("Credit history"), size="4", as_="h2"),
                    rx.cond(P.history.length() > 0, rx.vstack(rx.foreach(P.history, _credit_line), spacing="0", width="100%"),
                            rx.text(t("No credits yet. Ask the business how to get some."), size="2", color=rx.color("gray", 11))),
                    spacing="2", width="100%",
                )),
                _book_dialog(),
                spacing="4", width="100%",
            ),
            page_not_found(),
        ),
        org_name=P.portal_org, org_slug=P.portal_slug,
    )
