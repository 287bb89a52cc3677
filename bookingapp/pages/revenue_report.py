"""Dashboard → Reports → Bookings and revenue (/dashboard/reports/revenue).

Reflex's recharts bar chart in the shared report frame (`components/report_frame.py`)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import empty_state
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.report_frame import (
    CHART_MARGIN,
    NO_KEYBOARD_LAYER,
    back_to_reports,
    chart_figure,
    chart_legend,
    csv_button,
    report_error,
    report_filters,
    report_table,
)
from bookingapp.components.timezone_note import timezone_note
from bookingapp.services.revenue_report import HEADER
from bookingapp.states.revenue_report import RevenueReportState as S


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.segmented_control.root(
            rx.segmented_control.item(t("By week"), value="week", class_name="revenue-by-week"),
            rx.segmented_control.item(t("By month"), value="month", class_name="revenue-by-month"),
            value=S.grouping, on_change=S.set_grouping, aria_label=t("Group by"),
        ),
        csv_button(S.download_csv),
        spacing="3", align="center", wrap="wrap", width="100%",
    )


def _chart() -> rx.Component:
    # Few ticks and no fixed width: the bars fit a 375 px phone; the labels skip rather than overlap.
    return chart_figure(
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
            rx.recharts.x_axis(data_key="period", interval="preserveStartEnd", min_tick_gap=24, tick_size=4, font_size=12),
            rx.recharts.y_axis(tick_count=4, width=48, font_size=12),
            rx.recharts.tooltip(),
            chart_legend(),
            rx.recharts.bar(data_key="gross", name=t("Gross"), fill=rx.color("blue", 9), is_animation_active=False),
            rx.recharts.bar(data_key="refunded", name=t("Refunded and commission"), fill=rx.color("orange", 9),
                            is_animation_active=False),
            rx.recharts.bar(data_key="net", name=t("Net"), fill=rx.color("grass", 9), is_animation_active=False),
            data=S.points, margin=CHART_MARGIN, width="100%", height=280, custom_attrs=NO_KEYBOARD_LAYER,
        ),
        "revenue-chart",
    )


def revenue_report_page() -> rx.Component:
    return dashboard_shell(
        "Bookings and revenue",
        rx.text(t("Paid bookings, what was refunded, the commission retained and the net, as in the statement."), size="2"),
        report_filters(S, "revenue"),
        _toolbar(),
        report_error(S),
        timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
        rx.cond(
            S.has_data,
            rx.vstack(_chart(), report_table(HEADER, S.rows, "revenue", "Bookings and revenue", totals=S.totals),
                      spacing="3", width="100%"),
            empty_state("chart-column", "No payments in these days",
                        "Payments and refunds appear here once bookings are paid."),
        ),
        actions=back_to_reports(),
    )
