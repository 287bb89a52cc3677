"""The staff customer picker: type a name, email or phone number, see the matches with
their red flag and alert message, pick one.

`customer_search(S)` for a state built on `states.customer_search.CustomerSearch`. The
flag sits next to (not inside) each option button: a button inside a button is invalid
HTML and unreachable by keyboard. The alert's text is part of the option itself, so staff
read it before they choose (issue 20), on a phone too.
"""

from __future__ import annotations

import reflex as rx

from bookingapp.components.flag import customer_flag
from bookingapp.components.i18n import t
from bookingapp.states.customer_search import CustomerOption

_GRAY = rx.color("gray", 11)


def _contact(email: rx.Var, phone: rx.Var) -> rx.Component:
    return rx.text(email, rx.cond((email != "") & (phone != ""), " · ", ""), phone, size="1", color=_GRAY,
                   style={"overflowWrap": "anywhere"})


def _option(state, option: CustomerOption) -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.vstack(
                rx.text(option.name, weight="medium"),
                _contact(option.email, option.phone),
                rx.cond(option.alert != "",
                        rx.hstack(rx.icon("flag", size=12, aria_hidden="true", flex_shrink="0", margin_top="2px"),
                                  rx.text(option.alert, size="1", style={"whiteSpace": "normal", "textAlign": "start"}),
                                  spacing="1", align="start", color=rx.color("red", 11), class_name="customer-option-alert")),
                spacing="0", align="start", min_width="0", width="100%",
            ),
            variant="outline", height="auto", padding="0.5rem", flex="1", min_width="0",
            style={"justifyContent": "flex-start", "textAlign": "start"},
            on_click=state.pick_customer(option.id), class_name="customer-option", type="button",
            color_scheme=rx.cond(option.alert != "", "red", "gray"),
        ),
        customer_flag(option.alert),
        width="100%", align="center", spacing="2",
    )


def customer_search(state, *, input_id: str = "customer-search",
                    label: str = "Find a customer by name, email or phone") -> rx.Component:
    results_id = f"{input_id}-results"
    return rx.vstack(
        rx.el.label(t(label), html_for=input_id, style={"fontWeight": 500, "fontSize": "14px"}),
        rx.input(id=input_id, type="search", value=state.customer_query, on_change=state.search_customers.debounce(250),
                 auto_complete="off", size="3", width="100%", aria_controls=results_id,
                 placeholder=t("Name, email or phone")),
        rx.cond(state.search_error != "", rx.text(state.search_error, color=rx.color("red", 11), size="2", role="alert")),
        rx.vstack(rx.foreach(state.customer_options, lambda option: _option(state, option)),
                  spacing="2", width="100%", id=results_id, aria_live="polite"),
        rx.cond((state.customer_query.length() >= 2) & (state.customer_options.length() == 0),
                rx.text(t("No customer found."), size="2", color=_GRAY)),
        spacing="2", width="100%", class_name="customer-search",
    )


def picked_customer(state) -> rx.Component:
    """The customer chosen, with their flag and the alert spelled out, and a way to change."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text(t("Customer"), ": ", rx.text.strong(state.picked_name), size="3"), customer_flag(state.picked_alert),
                      rx.spacer(), rx.button(t("Change"), variant="soft", size="1", type="button", on_click=state.clear_pick),
                      align="center", spacing="2", wrap="wrap", width="100%"),
            rx.cond(state.picked_contact != "", rx.text(state.picked_contact, size="2", color=_GRAY,
                                                          style={"overflowWrap": "anywhere"})),
            rx.cond(state.picked_alert != "",
                    rx.callout(state.picked_alert, icon="flag", color_scheme="red", size="1", width="100%",
                               class_name="picked-customer-alert")),
            spacing="2", width="100%",
        ),
        width="100%", class_name="picked-customer",
    )
