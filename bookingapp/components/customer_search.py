"""The staff customer picker: type a name or email, see matches with their red flag, pick one.

Usage: `customer_search()` alone keeps the choice in `CustomerSearchState.picked_*`;
`customer_search(on_pick=MyState.add_member)` also calls the page's handler with the id.
The flag sits next to (not inside) each option button: a button inside a button is
invalid HTML and unreachable by keyboard.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from bookingapp.components.flag import customer_flag
from bookingapp.components.i18n import t
from bookingapp.states.customer_search import CustomerOption
from bookingapp.states.customer_search import CustomerSearchState as S


def _option(option: CustomerOption, on_pick: Callable | None) -> rx.Component:
    handlers = [S.pick_customer(option.id)] + ([on_pick(option.id)] if on_pick is not None else [])
    return rx.hstack(
        rx.button(
            rx.vstack(rx.text(option.name, weight="medium"), rx.text(option.email, size="1", color=rx.color("gray", 11)),
                      spacing="0", align="start", min_width="0"),
            variant="outline", height="auto", padding="0.5rem", justify="start", flex="1", min_width="0",
            on_click=handlers, class_name="customer-option",
        ),
        customer_flag(option.alert),
        width="100%", align="center", spacing="2",
    )


def customer_search(on_pick: Callable | None = None, *, input_id: str = "customer-search",
                    label: str = "Find a customer by name or email") -> rx.Component:
    results_id = f"{input_id}-results"
    return rx.vstack(
        rx.el.label(t(label), html_for=input_id, style={"fontWeight": 500, "fontSize": "14px"}),
        rx.input(id=input_id, type="search", value=S.customer_query, on_change=S.search_customers.debounce(250),
                 auto_complete="off", size="3", width="100%", aria_controls=results_id,
                 placeholder="Name or email"),
        rx.cond(S.search_error != "", rx.text(S.search_error, color=rx.color("red", 11), size="2", role="alert")),
        rx.vstack(rx.foreach(S.customer_options, lambda option: _option(option, on_pick)),
                  spacing="2", width="100%", id=results_id, aria_live="polite"),
        rx.cond((S.customer_query.length() >= 2) & (S.customer_options.length() == 0),
                rx.text(t("No customer found."), size="2", color=rx.color("gray", 11))),
        rx.cond(S.picked_id != 0,
                rx.hstack(rx.text(t("Chosen:"), " ", rx.text.strong(S.picked_name), size="2"), customer_flag(S.picked_alert),
                          rx.button(t("Change"), variant="ghost", size="1", on_click=S.clear_pick),
                          align="center", spacing="2", wrap="wrap", class_name="picked-customer")),
        spacing="2", width="100%", class_name="customer-search",
    )
