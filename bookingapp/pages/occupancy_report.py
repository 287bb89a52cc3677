"""Dashboard → Reports → Class occupancy (/dashboard/reports/occupancy).

A horizontal recharts bar chart of the fill rate by class (the names on the y-axis fit a
375 px phone), its table, and a weekday × hour heatmap: an HTML table whose cells show
the fill rate as text on a shade, so it is its own text alternative."""

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
    csv_button,
    report_error,
    report_filters,
    report_table,
)
from bookingapp.components.timezone_note import timezone_note
from bookingapp.services.occupancy_report import HEADER
from bookingapp.states.occupancy_report import OccupancyReportState as S

_EDGE = "1px solid var(--gray-6)"
_HEAD = {"padding": "4px 6px", "fontWeight": 500, "fontSize": "12px", "whiteSpace": "nowrap", "border": _EDGE,
         "background": "var(--gray-2)", "color": "var(--gray-12)"}


_TICK = {"fontSize": 12, "fill": "var(--gray-11)"}


def _chart() -> rx.Component:
    return chart_figure(
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", horizontal=False),
            rx.recharts.x_axis(type_="number", domain=[0, 100], unit="%", tick_count=5, tick=_TICK),
            rx.recharts.y_axis(data_key="name", type_="category", width=112, interval=0, tick=_TICK),
            rx.recharts.tooltip(),
            # The key is not "fill": recharts would read a point's "fill" as the bar's colour.
            rx.recharts.bar(data_key="rate", name=t("Fill rate"), unit="%", fill=rx.color("grass", 9), max_bar_size=32,
                            is_animation_active=False),
            data=S.points, layout="vertical", margin={**CHART_MARGIN, "right": 16}, width="100%", height=S.chart_height,
            custom_attrs=NO_KEYBOARD_LAYER,
        ),
        "occupancy-chart",
    )


def _heat_cell(cell) -> rx.Component:
    return rx.el.td(cell[0], style={"padding": "4px 6px", "fontSize": "12px", "textAlign": "center", "whiteSpace": "nowrap",
                                    "border": _EDGE, "background": cell[1], "color": "var(--gray-12)", "minWidth": "3rem"})


def _heat_row(row) -> rx.Component:
    # The weekday stays in view while the hours scroll sideways on a phone.
    return rx.el.tr(rx.el.th(row[0][0], scope="row", style={**_HEAD, "textAlign": "left", "position": "sticky", "left": 0}),
                    rx.foreach(row[1:], _heat_cell), class_name="occupancy-heat-row")


def _heatmap() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Fill rate by weekday and start time"), size="3", as_="h2", id="occupancy-heatmap-title"),
        rx.box(
            rx.el.table(
                rx.el.thead(rx.el.tr(rx.el.td(style={"border": "none", "position": "sticky", "left": 0,
                                                                    "background": "var(--color-background)"}),
                                     rx.foreach(S.heat_hours, lambda hour: rx.el.th(hour, scope="col", style=_HEAD)))),
                rx.el.tbody(rx.foreach(S.heat_rows, _heat_row)),
                style={"borderCollapse": "collapse"},
                aria_labelledby="occupancy-heatmap-title",
            ),
            overflow_x="auto", width="100%", max_width="100%", tab_index=0, role="region",
            aria_label=t("Fill rate by weekday and start time"), class_name="occupancy-heatmap",
        ),
        rx.text(t("Darker cells are fuller; an empty cell has no session at that hour."), size="1",
                color=rx.color("gray", 11)),
        spacing="2", width="100%",
    )


def occupancy_report_page() -> rx.Component:
    return dashboard_shell(
        "Class occupancy",
        rx.text(t("How full the classes were: places booked out of the places offered, by class and by time of week."),
                size="2"),
        report_filters(S, "occupancy"),
        rx.flex(csv_button(S.download_csv), width="100%"),
        report_error(S),
        timezone_note(S.timezone, size="1", color=rx.color("gray", 11)),
        rx.cond(
            S.has_data,
            rx.vstack(_chart(), report_table(HEADER, S.rows, "occupancy", "Class occupancy", totals=S.totals),
                      _heatmap(), spacing="4", width="100%"),
            empty_state("users", "No class sessions in these days",
                        "Sessions that are not cancelled appear here with their booked places."),
        ),
        actions=back_to_reports(),
    )
