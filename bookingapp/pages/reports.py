"""Dashboard → Reports (/dashboard/reports) and Reports → Customers (/dashboard/reports/customers).

The chart reports have their own modules (revenue_report, cancellations_report, noshows_report)."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.common import empty_state
from bookingapp.components.flag import customer_flag
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.reports import CustomerReportState as S
from bookingapp.states.reports import ReportLine


def _report_link(href: str, icon: str, title: str, text: str) -> rx.Component:
    return rx.link(
        rx.card(rx.hstack(rx.icon(icon, size=24, aria_hidden="true"),
                          rx.vstack(rx.heading(t(title), size="4", as_="h2"), rx.text(t(text), size="2", color=rx.color("gray", 11)),
                                    spacing="1"),
                          spacing="3", align="center"), width="100%"),
        href=href, underline="none", color="inherit", width="100%",
    )


def reports_page() -> rx.Component:
    return dashboard_shell(
        "Reports",
        _report_link(routes.REPORTS_REVENUE, "chart-column", "Bookings and revenue",
                     "Paid bookings, refunds, commission and net by week or month, as a chart and a table; CSV download."),
        _report_link(routes.REPORTS_STATEMENT, "receipt", "Statement", "Money in and out: payments, refunds and commission."),
        _report_link(routes.REPORTS_REQUESTS, "inbox", "Requests",
                     "Requests by week or month: answered in time, confirmed, rescheduled, rejected or expired, and how fast; CSV download."),
        _report_link(routes.REPORTS_OCCUPANCY, "gauge", "Class occupancy",
                     "Fill rate by class and by weekday and hour, as a chart, a table and a heatmap; CSV download."),
        _report_link(routes.REPORTS_CANCELLATIONS, "calendar-x", "Cancellations",
                     "Bookings cancelled by reason and by who cancelled, as a chart and a table, and each one listed; CSV download."),
        _report_link(routes.REPORTS_NO_SHOWS, "user-x", "No-shows",
                     "Attended and no-show marks by service, with the no-show rate, as a chart and a table; CSV download."),
        _report_link(routes.REPORTS_CUSTOMERS, "users", "Customers",
                     "Every customer with their alert message, bookings, last visit and credit balance; CSV download."),
    )


def _cell(*children, **props) -> rx.Component:
    return rx.table.cell(*children, **props)


def _row(row: ReportLine) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.link(row.name, href=row.href)),
        _cell(rx.text(row.email, style={"overflowWrap": "anywhere"})),
        _cell(rx.hstack(customer_flag(row.alert), rx.text(row.alert, size="2"), spacing="2", align="center", wrap="wrap")),
        _cell(row.bookings, text_align="right"),
        _cell(row.last_visit),
        _cell(row.credit_balance, text_align="right"),
        _cell(row.no_shows, text_align="right", class_name="no-shows"),
        class_name="report-row",
    )


def customers_report_page() -> rx.Component:
    return dashboard_shell(
        "Customers report",
        rx.flex(
            rx.box(
                rx.el.label(t("Search by name or email"), html_for="report-search", style={"fontWeight": 500, "fontSize": "14px"}),
                rx.input(id="report-search", type="search", value=S.query, on_change=S.search.debounce(300), width="100%",
                         auto_complete="off"),
                flex="1", min_width="12rem",
            ),
            rx.button(rx.icon("download", size=16, aria_hidden="true"), t("Download CSV"), on_click=S.download_csv,
                      class_name="download-csv"),
            spacing="3", align="end", wrap="wrap", width="100%",
        ),
        timezone_note(S.timezone, t("Last visit: the latest past booking that took place."), size="1",
                      color=rx.color("gray", 11)),
        rx.cond(
            S.rows.length() > 0,
            rx.box(
                rx.table.root(
                    rx.table.header(rx.table.row(
                        *[rx.table.column_header_cell(t(label)) for label in
                          ("Name", "Email", "Alert message", "Bookings", "Last visit", "Credit balance", "No-shows")])),
                    rx.table.body(rx.foreach(S.rows, _row)),
                    variant="surface", size="1", width="100%", min_width="44rem",
                ),
                overflow_x="auto", width="100%", max_width="100%", tab_index=0, aria_label=t("Customers report"),
                role="region",
            ),
            empty_state("users", "No customers to show", "Customers appear here after their first booking."),
        ),
        rx.cond(S.truncated, rx.text(t("Showing the first 200 customers; the CSV has all of them."), size="2")),
        actions=rx.link(rx.hstack(rx.icon("arrow-left", size=14, aria_hidden="true"), t("Reports"), spacing="1", align="center"),
                        href=routes.REPORTS, size="2"),
    )
