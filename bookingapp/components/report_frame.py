"""The parts every chart report shares: its filters, the CSV button, the chart's frame and
the table under it, and the link back to Reports.

The chart is hidden from screen readers: its text alternative is the table, which the
caption points to. Only dashboard pages import this, so the chart library's code stays out
of the customer pages.
"""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.i18n import t

_LABEL = {"fontWeight": 500, "fontSize": "14px"}
_CONTROL = {"minHeight": "40px", "padding": "0 0.5rem", "borderRadius": "6px", "border": "1px solid var(--gray-7)",
            "background": "var(--color-surface)", "color": "var(--gray-12)", "maxWidth": "100%"}


def _field(label: str, control: rx.Component, html_for: str) -> rx.Component:
    return rx.vstack(rx.el.label(t(label), html_for=html_for, style=_LABEL), control, spacing="1", min_width="9rem")


def _option(item) -> rx.Component:
    return rx.el.option(item[1], value=item[0])


def report_filters(state, prefix: str, *, staff: bool = True) -> rx.Component:
    """From, To, Service and Team member, and Show; `state` takes in `ReportFilters`."""
    fields = [
        _field("From", rx.input(id=f"{prefix}-first", name="first", type="date", default_value=state.first, key=state.first,
                                size="3"), f"{prefix}-first"),
        _field("To", rx.input(id=f"{prefix}-last", name="last", type="date", default_value=state.last, key=state.last,
                              size="3"), f"{prefix}-last"),
        _field("Service", rx.el.select(rx.el.option(t("All services"), value=""), rx.foreach(state.services, _option),
                                       id=f"{prefix}-service", name="service", default_value=state.service, style=_CONTROL),
               f"{prefix}-service"),
    ]
    if staff:
        fields.append(_field("Team member", rx.el.select(rx.el.option(t("Everyone"), value=""), rx.foreach(state.team, _option),
                                                         id=f"{prefix}-staff", name="staff", default_value=state.staff,
                                                         style=_CONTROL), f"{prefix}-staff"))
    return rx.form(
        rx.flex(*fields, rx.button(t("Show"), type="submit", variant="soft", size="3", class_name=f"{prefix}-show"),
                spacing="3", align="end", wrap="wrap", width="100%"),
        on_submit=state.set_filters, width="100%",
    )


def csv_button(on_click) -> rx.Component:
    return rx.button(rx.icon("download", size=16, aria_hidden="true"), t("Download CSV"), type="button", on_click=on_click,
                     class_name="download-csv")


def period_toolbar(state, prefix: str) -> rx.Component:
    """By week or by month, and the CSV; `state` takes in `PeriodChartReport`."""
    return rx.flex(
        rx.segmented_control.root(
            rx.segmented_control.item(t("By week"), value="week", class_name=f"{prefix}-by-week"),
            rx.segmented_control.item(t("By month"), value="month", class_name=f"{prefix}-by-month"),
            value=state.grouping, on_change=state.set_grouping, aria_label=t("Group by"),
        ),
        csv_button(state.download_csv),
        spacing="3", align="center", wrap="wrap", width="100%",
    )


def report_error(state) -> rx.Component:
    return rx.cond(state.report_error != "", rx.callout(state.report_error, icon="triangle_alert", color_scheme="red",
                                                        role="alert", width="100%"))


def chart_figure(chart: rx.Component, class_name: str) -> rx.Component:
    """The chart, hidden from screen readers, over a caption naming its text alternative."""
    return rx.el.figure(
        rx.box(chart, aria_hidden="true", width="100%", class_name=class_name),
        rx.el.figcaption(rx.text(t("The table below has the same figures."), size="1", color=rx.color("gray", 11))),
        style={"margin": 0, "width": "100%"},
    )


# Charts take their colours from the scales the app already names (blue, grass, green, orange,
# red, violet, gray): each new scale adds its tokens to the one stylesheet every page loads,
# the customer pages too (radix_css.py).
# Recharts' keyboard layer would make the hidden chart focusable: the table is its text alternative.
NO_KEYBOARD_LAYER = {"accessibilityLayer": False}
CHART_MARGIN = {"top": 16, "right": 8, "left": 0, "bottom": 0}


def chart_legend(**props) -> rx.Component:
    """The legend in the bars' own order: recharts sorts it by name unless told otherwise,
    which in German or Polish puts it out of step with the bars."""
    return rx.recharts.legend(custom_attrs={"itemSorter": ""}, **props)


def _cells(cells, row_class: str) -> rx.Component:
    return rx.table.row(rx.foreach(cells, lambda cell: rx.table.cell(cell, white_space="nowrap")), class_name=row_class)


def report_table(header: list[str], rows, prefix: str, label: str, *, totals=None, min_width: str = "min-content") -> rx.Component:
    """The chart's figures as a table: `rows` (and `totals`) are lists of cells, as the CSV has them.

    At least as wide as its cells can be (headings wrap between words, figures never): a
    narrower table would scroll inside Radix's own scroll area, which no keyboard can reach;
    this box is the one that scrolls, and it takes focus."""
    body = [rx.foreach(rows, lambda cells: _cells(cells, f"{prefix}-row"))]
    if totals is not None:
        body.append(rx.foreach(totals, lambda cells: _cells(cells, f"{prefix}-total")))
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(t(h)) for h in header])),
            rx.table.body(*body),
            variant="surface", size="1", width="100%", min_width=min_width,
        ),
        overflow_x="auto", width="100%", max_width="100%", tab_index=0, aria_label=t(label), role="region",
        class_name=f"{prefix}-table",
    )


def back_to_reports() -> rx.Component:
    return rx.link(rx.hstack(rx.icon("arrow-left", size=14, aria_hidden="true"), t("Reports"), spacing="1", align="center"),
                   href=routes.REPORTS, size="2")
