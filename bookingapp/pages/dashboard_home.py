"""Dashboard → Home: a new business's setup checklist, then the business at a glance
(today's bookings and sessions, requests to answer, unpaid bookings, waitlist offers, this
week's hours per team member); once set up, where to go next."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.flag import customer_flag
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.report_frame import (
    CHART_MARGIN,
    NO_KEYBOARD_LAYER,
    chart_figure,
    chart_legend,
    report_table,
)
from bookingapp.components.timezone_note import timezone_note
from bookingapp.services.overview import HEADER
from bookingapp.states.dashboard_home import DashboardHomeState as S
from bookingapp.states.home_overview import HomeOverviewState as O


def _step(number: str, done: rx.Var, title: str, text: str, action: str, href: str) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.cond(
                done,
                rx.icon("circle-check", size=24, color=rx.color("green", 10), aria_hidden="true"),
                rx.box(rx.text(number, size="2", weight="bold"), width="24px", height="24px", border_radius="999px",
                       border=f"2px solid {rx.color('gray', 8)}", display="flex", align_items="center",
                       justify_content="center", flex_shrink="0", aria_hidden="true"),
            ),
            rx.vstack(
                rx.heading(t(title), size="3", as_="h3"),
                rx.text(t(text), size="2", color=rx.color("gray", 11)),
                rx.cond(
                    done,
                    rx.text(t("Done"), size="2", weight="medium", color=rx.color("green", 11)),
                    rx.button(rx.link(t(action), href=href, underline="none"), as_child=True, size="2"),
                ),
                spacing="1", align="start", min_width="0",
            ),
            spacing="3", align="start", width="100%",
        ),
        class_name=rx.cond(done, "setup-step done", "setup-step"),
        style={"listStyle": "none", "padding": "0.75rem 0", "borderTop": f"1px solid {rx.color('gray', 4)}"},
    )


def _checklist() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Set up your booking page"), size="4", as_="h2"),
            rx.text(t("Three steps to your first booking."), size="2", color=rx.color("gray", 11)),
            rx.el.ol(
                _step("1", S.service_done, "Add a service", "What customers can book: an appointment, a request or a class.",
                      "Add a service", routes.SERVICES),
                _step("2", S.hours_done, "Set your hours", "When you work, so the booking page offers only those times.",
                      "Set your hours", routes.AVAILABILITY),
                _step("3", S.share_done, "Share your booking page", "Copy its link, print its QR code or put it on your website.",
                      "Share your booking page", routes.SHARE),
                style={"margin": 0, "padding": 0, "width": "100%"},
            ),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _link(label: str, href, icon: str) -> rx.Component:
    return rx.button(rx.link(rx.icon(icon, size=16, aria_hidden="true"), t(label), href=href, underline="none"),
                     as_child=True, variant="soft")


def _all_set() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.icon("party-popper", size=22, color=rx.color("green", 10), aria_hidden="true"),
                      rx.heading(t("You're all set"), size="4", as_="h2"), align="center", spacing="2"),
            rx.text(t("Customers can book you now. New requests land in your inbox."), size="2", color=rx.color("gray", 11)),
            rx.hstack(
                _link("Inbox", routes.INBOX, "inbox"),
                _link("Agenda", routes.AGENDA, "calendar"),
                _link("Your booking page", S.portal_href, "external-link"),
                spacing="2", wrap="wrap",
            ),
            spacing="3", width="100%",
        ),
        width="100%",
    )


# --- the overview ----------------------------------------------------------------------


def _row(row) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            rx.vstack(
                rx.link(rx.text(row.when, weight="medium", as_="span"), " ", rx.text(row.title, as_="span"), href=row.href,
                        size="2", weight="medium"),
                rx.text(row.detail, size="1", color=rx.color("gray", 11)),
                spacing="0", align="start", min_width="0", flex="1",
            ),
            customer_flag(row.alert),
            spacing="2", align="center", width="100%",
        ),
        class_name="home-item",
        style={"listStyle": "none", "padding": "0.5rem 0", "borderTop": f"1px solid {rx.color('gray', 4)}"},
    )


def _list_card(prefix: str, title: str, icon: str, rows, count, empty: str, see_all: str = "") -> rx.Component:
    """A card of at most five rows, how many there are in all, and where to see them all."""
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.icon(icon, size=18, aria_hidden="true", color=rx.color("gray", 11)),
                rx.heading(t(title), size="3", as_="h3"),
                rx.badge(count, variant="soft", radius="full", class_name=f"{prefix}-count"),
                rx.spacer(),
                rx.cond(count != "0", rx.link(t("See all"), href=see_all, size="2", class_name=f"{prefix}-all"))
                if see_all else rx.fragment(),
                align="center", spacing="2", width="100%",
            ),
            rx.cond(
                rows.length() > 0,
                rx.el.ul(rx.foreach(rows, _row), style={"margin": 0, "padding": 0, "width": "100%"}),
                rx.text(t(empty), size="2", color=rx.color("gray", 11), class_name=f"{prefix}-empty"),
            ),
            spacing="2", width="100%",
        ),
        width="100%", class_name=f"{prefix}-card",
    )


def _hours_chart() -> rx.Component:
    # Horizontal bars: the names sit on the left, each person's two bars one under the other,
    # which reads at 375 px however many people there are.
    return chart_figure(
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", horizontal=False),
            rx.recharts.x_axis(type_="number", tick_count=4, font_size=12, allow_decimals=False),
            rx.recharts.y_axis(data_key="name", type_="category", width=110, font_size=12, interval=0),
            rx.recharts.tooltip(),
            chart_legend(),
            rx.recharts.bar(data_key="booked", name=t("Booked hours"), fill=rx.color("blue", 9), is_animation_active=False),
            rx.recharts.bar(data_key="available", name=t("Available hours"), fill=rx.color("green", 8),
                            is_animation_active=False),
            data=O.hours_points, layout="vertical", margin=CHART_MARGIN, width="100%", height=O.chart_height,
            custom_attrs=NO_KEYBOARD_LAYER,
        ),
        "staff-hours-chart",
    )


def _week() -> rx.Component:
    # Not in a card, as the reports show it: the table keeps the card's padding for its columns at 375 px.
    return rx.vstack(
        rx.hstack(rx.heading(t("This week"), size="4", as_="h2"),
                  rx.text(O.week, size="2", color=rx.color("gray", 11), class_name="home-week"),
                  align="baseline", spacing="2", wrap="wrap"),
        rx.text(t("Booked hours of each team member against the hours they are available (time off taken out)."),
                size="2", color=rx.color("gray", 11)),
        rx.cond(
            O.hours_rows.length() > 0,
            rx.vstack(_hours_chart(), report_table(HEADER, O.hours_rows, "staff-hours", "This week", min_width="0"),
                      spacing="3", width="100%"),
            rx.text(t("Nobody on the team yet."), size="2"),
        ),
        spacing="3", width="100%", class_name="home-week-section", padding_top="0.5rem",
    )


def _overview() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.heading(t("Today"), size="4", as_="h2"), rx.spacer(),
                  timezone_note(O.timezone, size="1", color=rx.color("gray", 11)), align="center", width="100%", wrap="wrap"),
        rx.grid(
            _list_card("home-today", "Next today", "calendar-clock", O.today_rows, O.today_count, "Nothing more today.",
                       f"{routes.AGENDA}?view=day"),
            _list_card("home-requests", "Requests to answer", "inbox", O.request_rows, O.request_count,
                       "No requests waiting for your answer.", routes.INBOX),
            _list_card("home-unpaid", "Waiting for payment", "credit-card", O.unpaid_rows, O.unpaid_count,
                       "No bookings waiting for payment.", f"{routes.ORDERS}?show=pending_payment"),
            _list_card("home-offers", "Waitlist offers", "list-ordered", O.offer_rows, O.offer_count,
                       "No open waitlist offers."),
            columns=rx.breakpoints(initial="1", md="2"), spacing="3", width="100%",
        ),
        _week(),
        spacing="3", width="100%", class_name="home-overview",
    )


def dashboard_home_page() -> rx.Component:
    return dashboard_shell(
        "Home",
        rx.cond(S.loaded, rx.cond(S.all_done, rx.fragment(), _checklist())),
        rx.cond(O.overview_error != "", rx.callout(O.overview_error, icon="triangle_alert", color_scheme="red", role="alert",
                                                   width="100%")),
        rx.cond(O.overview_loaded, _overview()),
        rx.cond(S.loaded & S.all_done, _all_set()),
    )
