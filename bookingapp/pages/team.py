"""Dashboard → Team (owner only)."""

from __future__ import annotations

import reflex as rx

from bookingapp.components.common import field, form_error
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.states.team import TeamState as S

ROLES = (("staff", "Staff"), ("owner", "Owner"))


def _role_select(name: str, value: rx.Var | str | None = None, on_change=None, label: rx.Var | str = "Role",
                 id_: str = "") -> rx.Component:
    props = {"value": value, "on_change": on_change} if on_change is not None else {"default_value": "staff", "name": name}
    return rx.select.root(
        rx.select.trigger(aria_label=t(label) if isinstance(label, str) else label, id=id_ or None),
        rx.select.content(*[rx.select.item(t(text), value=value_) for value_, text in ROLES]),
        **props,
    )


def _status() -> rx.Component:
    return rx.fragment(
        rx.cond(S.message != "", rx.callout(S.message, icon="check", color_scheme="green", role="status", width="100%")),
        form_error(S.error),
    )


def _invite_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Invite a member"), size="4", as_="h2"),
            rx.text(t("They get an email with a link to set their password. The link works once, for 7 days."),
                    size="2", color=rx.color("gray", 11)),
            rx.form(
                rx.vstack(
                    field("Name", "invite-name", rx.input(id="invite-name", name="name", max_length=121, width="100%",
                                                          auto_complete="off"), S.errors.get("name", "")),
                    field("Email", "invite-email", rx.input(id="invite-email", name="email", type="email", max_length=255,
                                                            width="100%", auto_complete="off"), S.errors.get("email", "")),
                    field("Role", "invite-role", _role_select("role", id_="invite-role"), S.errors.get("role", ""),
                          hint="Staff handle bookings; only owners change settings, payments, templates and the team."),
                    rx.button(rx.icon("send", size=16, aria_hidden="true"), t("Send invitation"), type="submit"),
                    spacing="3", width="100%", align="start",
                ),
                on_submit=S.invite, reset_on_submit=False, key=S.invite_key, width="100%",
            ),
            spacing="3", width="100%", align="start",
        ),
        width="100%",
    )


def _member(member: dict) -> rx.Component:
    active = member["active"] != ""
    return rx.box(
        rx.flex(
            rx.vstack(
                rx.hstack(
                    rx.text(member["name"], weight="bold"),
                    rx.cond(member["you"] != "", rx.badge(t("you"), color_scheme="gray")),
                    rx.cond(active, rx.fragment(), rx.badge(t("Deactivated"), color_scheme="red")),
                    spacing="2", wrap="wrap", align="center",
                ),
                rx.text(member["email"], size="2", color=rx.color("gray", 11), style={"overflowWrap": "anywhere"}),
                spacing="1", min_width="0", flex="1 1 14rem",
            ),
            rx.hstack(
                _role_select("", value=member["role"], on_change=lambda role: S.set_role(member["id"], role),
                             label=t("Role of") + " " + member["name"]),
                rx.cond(
                    active,
                    rx.button(t("Deactivate"), variant="soft", color_scheme="red",
                              on_click=S.ask_deactivate(member["id"], member["name"]), aria_label=t("Deactivate") + " " + member["name"]),
                    rx.hstack(
                        rx.button(t("Reactivate"), variant="soft", on_click=S.reactivate(member["id"]),
                                  aria_label=t("Reactivate") + " " + member["name"]),
                        rx.button(t("Hand over bookings"), variant="soft", color_scheme="gray",
                                  on_click=S.show_work(member["id"], member["name"])),
                        spacing="2", wrap="wrap",
                    ),
                ),
                spacing="2", wrap="wrap", align="center",
            ),
            gap="0.75rem", wrap="wrap", align="center", justify="between", width="100%",
        ),
        padding_y="0.75rem", border_bottom=f"1px solid {rx.color('gray', 4)}", width="100%", class_name="member",
    )


def _work_item(item: dict) -> rx.Component:
    """A booking or class still to hand over; after a handover, why it stayed and a way on."""
    return rx.el.li(
        rx.text(item["when"], " · ", item["title"], rx.cond(item["reference"] != "", " · " + item["reference"], ""), size="2"),
        rx.cond(item["reason"] != "", rx.text(
            item["reason"], " ",
            rx.link(rx.cond(item["kind"] == "booking", t("Open the order to rebook it"), t("Open the class session")),
                    href=item["href"]),
            size="2", color_scheme="amber",
        )),
        class_name="work-item",
    )


def _handover() -> rx.Component:
    return rx.cond(
        S.handover_id != "",
        rx.callout.root(
            rx.vstack(
                rx.text(t("Future bookings and classes of"), " ", rx.text.strong(S.handover_name), " (", S.timezone, "):"),
                rx.el.ul(rx.foreach(S.handover_items, _work_item), style={"paddingLeft": "1.25rem", "margin": 0}),
                rx.form(
                    rx.flex(
                        rx.el.label(t("Hand them to"), html_for="to-staff", style={"fontWeight": 500, "fontSize": "14px"}),
                        rx.el.select(
                            rx.foreach(S.active_others, lambda m: rx.el.option(m["name"], value=m["id"])),
                            id="to-staff", name="to_staff_id", style={"padding": "0.375rem", "maxWidth": "100%"},
                        ),
                        rx.button(t("Hand over"), type="submit"),
                        gap="0.5rem", wrap="wrap", align="center",
                    ),
                    on_submit=S.reassign, width="100%",
                ),
                spacing="2", width="100%",
            ),
            color_scheme="amber", width="100%", id="handover",
        ),
    )


def _members_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(t("Members"), size="4", as_="h2"),
            rx.box(rx.foreach(S.members, _member), width="100%"),
            _handover(),
            spacing="3", width="100%",
        ),
        width="100%",
    )


def _invitation(row: dict) -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.text(row["name"], " · ", rx.cond(row["role"] == "owner", t("Owner"), t("Staff")), weight="medium"),
            rx.text(row["email"], size="2", color=rx.color("gray", 11), style={"overflowWrap": "anywhere"}),
            rx.cond(row["expired"] != "",
                    rx.text(t("Expired on"), " ", row["expires"], size="1", color=rx.color("red", 11)),
                    rx.text(t("Valid until"), " ", row["expires"], size="1", color=rx.color("gray", 11))),
            spacing="1", min_width="0", flex="1 1 14rem",
        ),
        rx.hstack(
            rx.button(t("Send again"), variant="soft", on_click=S.resend(row["id"]), aria_label=t("Send again") + " " + row["email"]),
            rx.button(t("Withdraw"), variant="soft", color_scheme="red", on_click=S.revoke(row["id"]),
                      aria_label=t("Withdraw") + " " + row["email"]),
            spacing="2",
        ),
        gap="0.75rem", wrap="wrap", align="center", justify="between", width="100%",
        padding_y="0.75rem", border_bottom=f"1px solid {rx.color('gray', 4)}", class_name="invitation",
    )


def _invitations_card() -> rx.Component:
    return rx.cond(
        S.invitations.length() > 0,
        rx.card(
            rx.vstack(rx.heading(t("Open invitations"), size="4", as_="h2"), rx.box(rx.foreach(S.invitations, _invitation), width="100%"),
                      spacing="3", width="100%"),
            width="100%",
        ),
    )


def _notify_card() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(t("Notification emails"), size="4", as_="h2"),
                rx.text(t("New bookings, requests and customers' changes are emailed to:"), size="2", color=rx.color("gray", 11)),
                rx.radio_group.root(
                    rx.vstack(
                        rx.el.label(rx.radio_group.item(value="assigned", id="notify-assigned"),
                                    rx.text(t("The staff member assigned to the booking"), size="2"), html_for="notify-assigned",
                                    style={"display": "flex", "gap": "0.5rem", "alignItems": "center"}),
                        rx.el.label(rx.radio_group.item(value="team", id="notify-team"),
                                    rx.text(t("One team address"), size="2"), html_for="notify-team",
                                    style={"display": "flex", "gap": "0.5rem", "alignItems": "center"}),
                        spacing="2",
                    ),
                    name="notify", default_value=S.notify, key=S.notify, aria_label=t("Notification emails"),
                ),
                field("Team address", "team-email", rx.input(id="team-email", name="team_email", type="email", max_length=255,
                                                             default_value=S.team_email, key=S.team_email, width="100%"),
                      S.errors.get("team_email", ""), hint="Used when “One team address” is chosen."),
                rx.button(t("Save"), type="submit"),
                spacing="3", width="100%", align="start",
            ),
            on_submit=S.save_notify, width="100%",
        ),
        width="100%",
    )


def _confirm_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("Deactivate this member?")),
            rx.alert_dialog.description(
                rx.text.strong(S.confirm_name), " ",
                t("will no longer be able to sign in or be offered to customers. Their future bookings stay assigned to them until you hand them over."),
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button(t("Back"), variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(rx.button(t("Yes, deactivate"), color_scheme="red", on_click=S.deactivate)),
                justify="end", spacing="3", margin_top="1rem", wrap="wrap",
            ),
            max_width="28rem",
        ),
        open=S.confirm_id != "", on_open_change=S.set_confirm_open,
    )


def team_page() -> rx.Component:
    return dashboard_shell(
        "Team",
        _status(),
        _members_card(),
        _invitations_card(),
        _invite_card(),
        _notify_card(),
        _confirm_dialog(),
    )
