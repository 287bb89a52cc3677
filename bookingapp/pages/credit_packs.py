"""Dashboard → Settings → Credit packs."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import empty_state, field, form_error
from bookingapp.components.i18n import credits_word, t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.credit_packs import CreditPacksState as S
from bookingapp.states.credit_packs import PackRow


def _status() -> rx.Component:
    return rx.fragment(
        rx.cond(S.notice != "", rx.callout(S.notice, icon="check", color_scheme="green", role="status", width="100%")),
        form_error(S.error),
    )


def _pack(pack: PackRow) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.hstack(
                rx.text(pack.name, weight="bold", style={"overflowWrap": "anywhere"}),
                rx.cond(pack.archived, rx.badge(t("Archived"), color_scheme="gray")),
                spacing="2", wrap="wrap", align="center",
            ),
            rx.text(pack.credits, " ", credits_word(pack.credits), " · ", pack.price, " · ", pack.validity,
                    size="2", color=rx.color("gray", 11)),
            spacing="1", min_width="0", flex="1 1 14rem",
        ),
        rx.hstack(
            rx.button(rx.icon("pencil", size=16, aria_hidden="true"), t("Edit"), variant="soft",
                      on_click=S.open_edit(pack.id), aria_label=t("Edit") + " " + pack.name),
            # One button whose label and action follow the row (an rx.cond around buttons in a foreach loses the row).
            rx.button(rx.cond(pack.archived, t("Restore"), t("Archive")), variant="soft",
                      color_scheme=rx.cond(pack.archived, "green", "red"),
                      on_click=S.ask_archive(pack.id, pack.name, ~pack.archived),
                      aria_label=rx.cond(pack.archived, t("Restore"), t("Archive")) + " " + pack.name),
            spacing="2", wrap="wrap",
        ),
        gap="0.75rem", wrap="wrap", align="center", justify="between", width="100%",
        padding_y="0.75rem", border_bottom=f"1px solid {rx.color('gray', 4)}", class_name="credit-pack",
        opacity=rx.cond(pack.archived, "0.75", "1"),
    )


def _new_button() -> rx.Component:
    return rx.button(rx.icon("plus", size=16, aria_hidden="true"), t("New pack"), on_click=S.open_new)


def _input(name: str, **props) -> rx.Component:
    return rx.input(id=f"pack-{name}", name=name, default_value=S.values.get(name, ""), key=f"{name}-" + S.form_key.to_string(),
                    size="3", width="100%", aria_invalid=rx.cond(S.errors.get(name, "") != "", "true", "false"),
                    aria_describedby=rx.cond(S.errors.get(name, "") != "", f"pack-{name}-error", ""), **props)


def _dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title(rx.cond(S.edit_id == 0, t("New credit pack"), t("Edit credit pack"))),
            rx.dialog.description(t("Customers buy the pack online; its credits are valid for the days you set, from the purchase."),
                                  size="2", color=rx.color("gray", 11)),
            rx.form(
                rx.vstack(
                    form_error(S.form_error),
                    field("Name", "pack-name", _input("name", max_length=120, auto_complete="off"), S.errors.get("name", "")),
                    rx.flex(
                        field("Credits", "pack-credits", _input("credits", input_mode="numeric"), S.errors.get("credits", "")),
                        field("Valid for (days)", "pack-validity_days", _input("validity_days", input_mode="numeric"),
                              S.errors.get("validity_days", "")),
                        spacing="3", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
                    ),
                    field("Price", "pack-price", rx.hstack(_input("price", input_mode="decimal"), rx.text(S.currency, size="2"),
                                                           align="center", width="100%"),
                          S.errors.get("price", ""), hint="In your business's currency, such as 45 or 45.50."),
                    rx.text(t("A change applies to new purchases; packs already bought keep their terms."), size="1",
                            color=rx.color("gray", 11)),
                    rx.hstack(
                        rx.dialog.close(rx.button(t("Cancel"), type="button", variant="soft", color_scheme="gray")),
                        rx.button(t("Save pack"), type="submit"),
                        justify="end", width="100%", spacing="3", wrap="wrap",
                    ),
                    spacing="3", width="100%",
                ),
                on_submit=S.save, reset_on_submit=False, width="100%",
            ),
            max_width="32rem",
        ),
        open=S.dialog_open, on_open_change=S.set_dialog_open,
    )


def _confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(rx.cond(S.confirm_archive, t("Archive this pack?"), t("Restore this pack?"))),
            rx.alert_dialog.description(
                rx.text.strong(S.confirm_name), " ",
                rx.cond(S.confirm_archive,
                        t("will no longer be for sale. Customers who bought it keep their credits until they expire."),
                        t("will be for sale again on your booking page.")),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Back"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(rx.cond(S.confirm_archive, t("Yes, archive"), t("Yes, restore")),
                                                 color_scheme=rx.cond(S.confirm_archive, "red", "green"), on_click=S.archive)),
                justify="end", spacing="3", margin_top="1rem", wrap="wrap",
            ),
            max_width="28rem",
        ),
        open=S.confirm_id != 0, on_open_change=S.set_confirm_open,
    )


def credit_packs_page() -> rx.Component:
    return dashboard_shell(
        "Credit packs",
        _status(),
        rx.cond(
            S.packs.length() > 0,
            rx.card(rx.box(rx.foreach(S.packs, _pack), width="100%"), width="100%"),
            empty_state("ticket", "No credit packs yet",
                        "Customers buy credits online and spend them on classes. A pack is a number of credits for a price, "
                        "valid for a number of days from the purchase.", _new_button()),
        ),
        _dialog(),
        _confirm_dialog(),
        actions=_new_button(),
    )
