"""Dashboard → Reports → Bookings and revenue (/dashboard/reports/revenue).

The chart is Reflex's recharts bar chart; only dashboard pages import this module, so the
chart library's code is not in the customer pages. The chart is hidden from screen readers:
its text alternative is the table under it, which its caption points to."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.common import empty_state
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.timezone_note import timezone_note
from bookingapp.services.revenue_report import HEADER
from bookingapp.states.revenue_report import RevenueReportState as S

_LABEL = {"fontWeight": 500, "fontSize": "14px"}
_CONTROL = {"minHeight": "40px", "padding": "0 0.5rem", "borderRadius": "6px", "border": "1px solid var(--gray-7)",
            "background": "var(--color-surface)", "color": "var(--gray-12)", "maxWidth": "100%"}


def _field(label: str, control: rx.Component, html_for: str) -> rx.Component:
    return rx.vstack(rx.el.label(t(label), html_for=html_for, style=_LABEL), control, spacing="1", min_width="9rem")


def _option(item) -> rx.Component:
    return rx.el.option(item[1], value=item[0])


def _filters() -> rx.Component:
    return rx.form(
        rx.flex(
            _field("From", rx.input(id="revenue-first", name="first", type="date", default_value=S.first, key=S.first,
                                    size="3"), "revenue-first"),
            _field("To", rx.input(id="revenue-last", name="last", type="date", default_value=S.last, key=S.last, size="3"),
                   "revenue-last"),
            _field("Service", rx.el.select(rx.el.option(t("All services"), value=""), rx.foreach(S.services, _option),
                                           id="revenue-service", name="service", default_value=S.service, style=_CONTROL),
                   "revenue-service"),
            _field("Team member", rx.el.select(rx.el.option(t("Everyone"), value=""), rx.foreach(S.team, _option),
                                               id="revenue-staff", name="staff", default_value=S.staff, style=_CONTROL),
                   "revenue-staff"),
            rx.button(t("Show"), type="submit", variant="soft", size="3", class_name="revenue-show"),
            spacing="3", align="end", wrap="wrap", width="100%",
        ),
        on_submit=S.set_filters, width="100%",
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.segmented_control.root(
            rx.segmented_control.item(t("By week"), value="week", class_name="revenue-by-week"),
            rx.segmented_control.item(t("By month"), value="month", class_name="revenue-by-month"),
            value=S.grouping, on_change=S.set_grouping, aria_label=t("Group by"),
        ),
        rx.button(rx.icon("download", size=16, aria_hidden="true"), t("Download CSV"), type="button", on_click=S.download_csv,
                  class_name="download-csv"),
        spacing="3", align="center", wrap="wrap", width="100%",
    )


def _chart() -> rx.Component:
    # Few ticks and no fixed width: the bars fit a 375 px phone; the labels skip rather than overlap.
    return rx.el.figure(
        rx.box(
            rx.recharts.bar_chart(
                rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
                rx.recharts.x_axis(data_key="period", interval="preserveStartEnd", min_tick_gap=24, tick_size=4,
                                   font_size=12),
                rx.recharts.y_axis(tick_count=4, width=48, font_size=12),
                rx.recharts.tooltip(),
                rx.recharts.legend(),
                rx.recharts.bar(data_key="gross", name=t("Gross"), fill=rx.color("blue", 9), is_animation_active=False),
                rx.recharts.bar(data_key="refunded", name=t("Refunded and commission"), fill=rx.color("orange", 9),
                                is_animation_active=False),
                rx.recharts.bar(data_key="net", name=t("Net"), fill=rx.color("grass", 9), is_animation_active=False),
                data=S.points, margin={"top": 8, "right": 8, "left": 0, "bottom": 0},
                width="100%", height=280,
                # Recharts' keyboard layer would make the hidden chart focusable: the table is its text alternative.
                custom_attrs={"accessibilityLayer": False},
            ),
            aria_hidden="true", width="100%", class_name="revenue-chart",
        ),
        rx.el.figcaption(rx.text(t("The table below has the same figures."), size="1", color=rx.color("gray", 11))),
        style={"margin": 0, "width": "100%"},
    )


def _cells(cells, row_class: str) -> rx.Component:
    return rx.table.row(rx.foreach(cells, lambda cell: rx.table.cell(cell, white_space="nowrap")), class_name=row_class)


def _table() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(label)) for label in HEADER])),
            rx.table.body(rx.foreach(S.rows, lambda cells: _cells(cells, "revenue-row")),
                          rx.foreach(S.totals, lambda cells: _cells(cells, "revenue-total"))),
            variant="surface", size="1", width="100%", min_width="36rem",
        ),
        overflow_x="auto", width="100%", max_width="100%", tab_index=0, aria_label=t("Bookings and revenue"), role="region",
        class_name="revenue-table",
    )


def revenue_report_page() -> rx.Component:
    return dashboard_shell(
        "Bookings and revenue",
        rx.text(t("Paid bookings, what was refunded, the commission retained and the net, as in the statement."), size="2"),
        _filters(),
        _toolbar(),
        rx.cond(S.report_error != "", rx.callout(S.report_error, icon="triangle_alert", color_scheme="red", role="alert",
                                                 width="100%")),
        timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
        rx.cond(
            S.has_data,
            rx.vstack(_chart(), _table(), spacing="3", width="100%"),
            empty_state("chart-column", "No payments in these days",
                        "Payments and refunds appear here once bookings are paid."),
        ),
        actions=rx.link(rx.hstack(rx.icon("arrow-left", size=14, aria_hidden="true"), t("Reports"), spacing="1", align="center"),
                        href=routes.REPORTS, size="2"),
    )
