"""Dashboard → Reports → Cancellations (/dashboard/reports/cancellations).

The bookings cancelled in the range, by reason (one bar each) stacked by who cancelled, in
the shared report frame (`components/report_frame.py`); under it the list of each one."""

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
from bookingapp.services.cancellations_report import HEADER
from bookingapp.services.session_changes import CSV_HEADER as LIST_HEADER
from bookingapp.states.cancellations_report import CancellationsReportState as S


def _chart() -> rx.Component:
    # Horizontal bars: the reasons (shortened) read down the left, even on a 375 px phone.
    def bar(key: str, label: str, color: str) -> rx.Component:
        return rx.recharts.bar(data_key=key, name=t(label), stack_id="who", fill=rx.color(color, 9),
                               is_animation_active=False)

    return chart_figure(
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", horizontal=False),
            rx.recharts.x_axis(type_="number", allow_decimals=False, tick_count=4, tick={"fontSize": 12}),
            rx.recharts.y_axis(data_key="reason", type_="category", width=116, interval=0, tick={"fontSize": 11}),
            rx.recharts.tooltip(),
            # In the order of the bars, not sorted by name (recharts sorts by default).
            chart_legend(),
            bar("customer", "Customer", "blue"),
            bar("staff", "Staff", "orange"),
            bar("studio", "Business", "red"),
            bar("automatic", "Automatic", "gray"),
            data=S.points, layout="vertical", margin=CHART_MARGIN, width="100%", height=S.chart_height,
            custom_attrs=NO_KEYBOARD_LAYER,
        ),
        "cancellations-chart",
    )


def _list_row(cells) -> rx.Component:
    # Break between words only: "anywhere" let the table squeeze a name to a letter per line at 375 px.
    return rx.table.row(rx.foreach(cells, lambda cell: rx.table.cell(rx.text(cell, style={"overflowWrap": "break-word"}))),
                        class_name="cancellation-row")


def _list() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.heading(t("Each cancellation"), size="4", as_="h2"),
            rx.button(rx.icon("download", size=16, aria_hidden="true"), t("Download the list as CSV"), type="button",
                      on_click=S.download_list_csv, variant="soft", class_name="download-list-csv"),
            spacing="3", align="center", justify="between", wrap="wrap", width="100%",
        ),
        rx.box(
            rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(label)) for label in LIST_HEADER])),
                rx.table.body(rx.foreach(S.table, _list_row)),
                # At least its cells' narrowest width: only the focusable box around it scrolls.
                variant="surface", size="1", width="100%", min_width="min-content",
            ),
            overflow_x="auto", width="100%", max_width="100%", tab_index=0, aria_label=t("Each cancellation"), role="region",
        ),
        spacing="3", width="100%",
    )


def cancellations_report_page() -> rx.Component:
    return dashboard_shell(
        "Cancellations report",
        rx.text(t("Bookings cancelled in these days: why, and who cancelled."), size="2"),
        report_filters(S, "cancellations"),
        rx.flex(csv_button(S.download_csv), spacing="3", align="center", wrap="wrap", width="100%"),
        report_error(S),
        timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
        rx.cond(
            S.has_data,
            rx.vstack(
                _chart(),
                report_table(HEADER, S.rows, "cancellations", "Cancellations by reason", totals=S.totals),
                rx.text(t("Business: the whole class session was cancelled. Automatic: nobody paid or answered in time."),
                        size="1", color=rx.color("gray", 11)),
                _list(),
                spacing="3", width="100%",
            ),
            empty_state("calendar-x", "No cancellations in these days",
                        "Bookings cancelled by customers, staff or the business appear here."),
        ),
        actions=back_to_reports(),
    )
