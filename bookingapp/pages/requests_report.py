"""Dashboard → Reports → Requests (/dashboard/reports/requests).

What became of the customers' requests, period by period, as a stacked recharts bar chart
in the shared report frame (`components/report_frame.py`), and the table with the answers
in time and the median time to answer."""

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
    period_toolbar,
    report_error,
    report_filters,
    report_table,
)
from bookingapp.components.timezone_note import timezone_note
from bookingapp.services.requests_report import HEADER
from bookingapp.states.requests_report import RequestsReportState as S

# Each outcome, its legend and its colour, bottom of the stack first.
_OUTCOMES = [("confirmed", "Confirmed", "grass"), ("rescheduled", "Rescheduled", "blue"), ("rejected", "Rejected", "red"),
             ("expired", "Expired", "orange"), ("withdrawn", "Withdrawn", "gray"), ("open", "Open", "violet")]


def _chart() -> rx.Component:
    # One stacked bar per period; few ticks and no fixed width, so it fits a 375 px phone.
    bars = [rx.recharts.bar(data_key=key, name=t(label), stack_id="outcomes", fill=rx.color(colour, 9),
                            is_animation_active=False) for key, label, colour in _OUTCOMES]
    return chart_figure(
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
            rx.recharts.x_axis(data_key="period", interval="preserveStartEnd", min_tick_gap=24, tick_size=4, font_size=12),
            rx.recharts.y_axis(tick_count=4, width=32, font_size=12, allow_decimals=False),
            rx.recharts.tooltip(),
            chart_legend(icon_size=10, wrapper_style={"fontSize": "12px"}),
            *bars,
            data=S.points, margin=CHART_MARGIN, width="100%", height=280, custom_attrs=NO_KEYBOARD_LAYER,
        ),
        "requests-chart",
    )


def requests_report_page() -> rx.Component:
    return dashboard_shell(
        "Requests",
        rx.text(t("The requests customers made in these days, what became of them, and how fast they were answered."),
                size="2"),
        report_filters(S, "requests"),
        period_toolbar(S, "requests"),
        report_error(S),
        timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
        rx.cond(
            S.has_data,
            rx.vstack(_chart(),
                      rx.text(t("Answered in time: the first answer (confirm, other times or reject) came before the deadline. "
                                "The time to answer runs from the request to that first answer."),
                              size="1", color=rx.color("gray", 11)),
                      report_table(HEADER, S.rows, "requests", "Requests", totals=S.totals),
                      spacing="3", width="100%"),
            empty_state("inbox", "No requests in these days", "Requests customers send appear here."),
        ),
        actions=back_to_reports(),
    )
