"""Dashboard → Reports → No-shows (/dashboard/reports/no-shows).

Attendance marks by service (no-shows and attended, one pair of bars each) in the shared
report frame (`components/report_frame.py`), the table under it."""

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
from bookingapp.services.noshows_report import HEADER
from bookingapp.states.noshows_report import NoShowsReportState as S


def _chart() -> rx.Component:
    # Horizontal bars: the services (shortened) read down the left, even on a 375 px phone.
    return chart_figure(
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", horizontal=False),
            rx.recharts.x_axis(type_="number", allow_decimals=False, tick_count=4, tick={"fontSize": 12}),
            rx.recharts.y_axis(data_key="service", type_="category", width=116, interval=0, tick={"fontSize": 11}),
            rx.recharts.tooltip(),
            # In the order of the bars, not sorted by name (recharts sorts by default).
            chart_legend(),
            rx.recharts.bar(data_key="no_shows", name=t("No-shows"), fill=rx.color("red", 9), is_animation_active=False),
            rx.recharts.bar(data_key="attended", name=t("Attended"), fill=rx.color("grass", 9), is_animation_active=False),
            data=S.points, layout="vertical", margin=CHART_MARGIN, width="100%", height=S.chart_height,
            custom_attrs=NO_KEYBOARD_LAYER,
        ),
        "noshows-chart",
    )


def noshows_report_page() -> rx.Component:
    return dashboard_shell(
        "No-shows",
        rx.text(t("Bookings that started in these days and were marked attended or no-show, by service."), size="2"),
        report_filters(S, "noshows"),
        rx.flex(csv_button(S.download_csv), spacing="3", align="center", wrap="wrap", width="100%"),
        report_error(S),
        timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
        rx.cond(
            S.has_data,
            rx.vstack(
                _chart(),
                report_table(HEADER, S.rows, "noshows", "No-shows by service", totals=S.totals),
                rx.text(t("No-show rate: no-shows out of the bookings marked. Bookings not marked are not counted."),
                        size="1", color=rx.color("gray", 11)),
                spacing="3", width="100%",
            ),
            empty_state("user-x", "No attendance marked in these days",
                        "Mark bookings attended or no-show on the agenda or a class session; they appear here."),
        ),
        actions=back_to_reports(),
    )
