"""Page frames: the dashboard (sidebar on desktop, compact menu on phones) and the portal."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.common import test_mode_banner
from bookingapp.components.i18n import t
from bookingapp.i18n import LANGUAGES
from bookingapp.states.base import AppState
from bookingapp.states.focus import MAIN_ID

# Pages only the owner may open: their links are not shown to staff (the pages refuse them too).
OWNER_ONLY = {routes.TEAM, routes.MAILBOX}

NAV = [
    (routes.DASHBOARD, "house", "Home"),
    (routes.INBOX, "inbox", "Inbox"),
    (routes.AGENDA, "calendar", "Agenda"),
    (routes.ORDERS, "receipt", "Orders"),
    (routes.SCHEDULE, "calendar-days", "Schedule"),
    (routes.CUSTOMERS, "users", "Customers"),
    (routes.REPORTS, "chart-column", "Reports"),
    (routes.SERVICES, "layout-list", "Services"),
    (routes.AVAILABILITY, "clock", "Availability"),
    (routes.TEAM, "users-round", "Team"),
    (routes.SHARE, "share-2", "Share"),
    (routes.SETTINGS, "settings", "Settings"),
    (routes.MAILBOX, "mail", "Dev mailbox"),
]


def _nav_link(route: str, icon: str, label: str) -> rx.Component:
    path = AppState.router.url.path
    # An order's page keeps "Orders" current; Home is current only on itself.
    active = (path == route) | (path.startswith(route + "/") if route != routes.DASHBOARD else False)
    return rx.link(
        rx.hstack(rx.icon(icon, size=18, aria_hidden="true"), rx.text(t(label), size="3"), spacing="3", align="center"),
        href=route,
        underline="none",
        padding="0.5rem 0.75rem",
        border_radius="8px",
        width="100%",
        color=rx.cond(active, rx.color("accent", 12), rx.color("gray", 12)),
        background=rx.cond(active, rx.color("accent", 4), "transparent"),
        aria_current=rx.cond(active, "page", "false"),
        _hover={"background": rx.color("gray", 4)},
    )


def _owner_only(route: str, link: rx.Component) -> rx.Component:
    return rx.cond(AppState.staff_role == "owner", link) if route in OWNER_ONLY else link


def language_switch() -> rx.Component:
    # Built from parts: the high-level rx.select drops aria-label, leaving the trigger unnamed.
    return rx.select.root(
        rx.select.trigger(aria_label=t("Language")),
        rx.select.content(*[rx.select.item(name, value=code) for code, name in LANGUAGES.items()]),
        value=AppState.lang,
        on_change=AppState.set_lang,
        size="1",
    )


def _account_box() -> rx.Component:
    on_profile = AppState.router.url.path == routes.PROFILE
    return rx.vstack(
        rx.text(AppState.org_name, weight="bold", size="2"),
        # The member's own page (their calendar feed): their name leads there.
        rx.link(
            rx.hstack(rx.icon("circle-user", size=14, aria_hidden="true"), rx.text(AppState.staff_name, size="1"),
                      spacing="1", align="center"),
            href=routes.PROFILE, title=t("Your profile"), color=rx.color("gray", 11), underline="hover",
            aria_current=rx.cond(on_profile, "page", "false"),
        ),
        rx.hstack(
            language_switch(),
            rx.button(t("Sign out"), on_click=AppState.sign_out, variant="soft", size="1"),
            spacing="2",
        ),
        spacing="1",
        width="100%",
    )


def _sidebar() -> rx.Component:
    return rx.vstack(
        rx.link(rx.text(t("Bookings"), size="5", weight="bold"), href=routes.INBOX, underline="none", color=rx.color("gray", 12)),
        rx.el.nav(
            rx.vstack(*[_owner_only(route, _nav_link(route, icon, label)) for route, icon, label in NAV], spacing="1", width="100%"),
            aria_label=t("Dashboard"),
            style={"width": "100%"},
        ),
        rx.spacer(),
        _account_box(),
        width="15rem",
        min_height="100vh",
        padding="1rem",
        spacing="4",
        border_right=f"1px solid {rx.color('gray', 5)}",
        display=rx.breakpoints(initial="none", md="flex"),
        position="sticky",
        top="0",
    )


def _mobile_bar() -> rx.Component:
    return rx.hstack(
        rx.text(t("Bookings"), size="4", weight="bold"),
        rx.spacer(),
        language_switch(),
        rx.menu.root(
            rx.menu.trigger(
                rx.button(rx.icon("menu", size=18, aria_hidden="true"), t("Menu"), variant="soft", aria_label=t("Open menu")),
            ),
            rx.menu.content(
                rx.text(AppState.org_name, weight="bold", size="2", padding="0.25rem 0.75rem"),
                rx.menu.separator(),
                *[_owner_only(route, rx.menu.item(rx.hstack(rx.icon(icon, size=16), t(label)), on_click=rx.redirect(route)))
                  for route, icon, label in NAV],
                rx.menu.separator(),
                rx.menu.item(rx.hstack(rx.icon("circle-user", size=16), t("Your profile")), on_click=rx.redirect(routes.PROFILE)),
                rx.menu.item(t("Sign out"), on_click=AppState.sign_out, color="red"),
            ),
        ),
        padding="0.75rem 1rem",
        border_bottom=f"1px solid {rx.color('gray', 5)}",
        display=rx.breakpoints(initial="flex", md="none"),
        width="100%",
        align="center",
    )


def skip_link() -> rx.Component:
    """The first stop of the Tab key: past the navigation to the page's own content. Out of
    sight until it has focus (WCAG 2.4.1)."""
    return rx.el.a(
        t("Skip to content"),
        href="#" + MAIN_ID,
        # Following the fragment scrolls but leaves focus on the link in Chromium: move it.
        on_click=rx.call_script(f"document.getElementById('{MAIN_ID}').focus()"),
        class_name="skip-link",
        style={"position": "absolute", "left": "-10000px", "top": "0.5rem", "zIndex": "1000"},
        _focus={"left": "0.5rem", "padding": "0.5rem 0.75rem", "borderRadius": "6px", "background": rx.color("gray", 1),
                "color": rx.color("accent", 12), "boxShadow": f"0 0 0 2px {rx.color('accent', 9)}", "fontWeight": "500"},
    )


def _main(*content: rx.Component) -> rx.Component:
    # tabindex -1: the skip link and the inbox move focus here; a <main> takes none by itself.
    return rx.el.main(*content, id=MAIN_ID, tab_index=-1, style={"outline": "none"})


def dashboard_shell(title: str, *content: rx.Component, actions: rx.Component | None = None) -> rx.Component:
    return rx.box(
        skip_link(),
        rx.flex(
            _sidebar(),
            rx.box(
                _mobile_bar(),
                _main(
                    rx.vstack(
                        rx.hstack(rx.heading(t(title), size="6", as_="h1"), rx.spacer(), actions or rx.fragment(), width="100%", align="center", wrap="wrap"),
                        *content,
                        spacing="4",
                        width="100%",
                        max_width="72rem",
                        padding=rx.breakpoints(initial="1rem", md="2rem"),
                    ),
                ),
                flex="1",
                min_width="0",
            ),
            width="100%",
        ),
    )


def _portal_tab(label: str, href: rx.Var, *also_active: rx.Var) -> rx.Component:
    path = AppState.router.url.path
    active = path == href
    for other in also_active:
        active = active | (path == other)
    return rx.link(
        t(label),
        href=href,
        size="2",
        weight="medium",
        underline="none",
        padding="0.375rem 0.75rem",
        border_radius="999px",
        color=rx.cond(active, rx.color("accent", 12), rx.color("gray", 12)),
        background=rx.cond(active, rx.color("accent", 4), "transparent"),
        aria_current=rx.cond(active, "page", "false"),
        _hover={"background": rx.color("gray", 4)},
    )


def _portal_nav(org_slug: rx.Var | str) -> rx.Component:
    """The portal's tabs (Book, Classes, Credits, Bookings); shown only on pages that know their organization."""
    home = rx.Var.create("/b/") + org_slug
    nav = rx.el.nav(
        rx.hstack(_portal_tab("Book", home), _portal_tab("Classes", home + "/classes"),
                  _portal_tab("Credits", home + "/credits"), _portal_tab("Bookings", home + "/bookings", home + "/signin"), spacing="1",
                  wrap="wrap"),  # German and Polish tab names are longer: a second row, never a sideways scroll
        aria_label=t("Portal"),
        style={"padding": "0.5rem 1rem", "borderBottom": f"1px solid {rx.color('gray', 5)}", "width": "100%"},
    )
    return rx.cond(org_slug != "", nav) if isinstance(org_slug, rx.Var) else (nav if org_slug else rx.fragment())


def portal_shell(*content: rx.Component, org_name: rx.Var | str = "", org_slug: rx.Var | str = "",
                 embedded: rx.Var | bool = False) -> rx.Component:
    """`embedded`: shown inside another site's page (`?embed=1`), without the header and tabs."""
    header = rx.fragment(
        rx.hstack(
            rx.text(org_name, size="5", weight="bold"),
            rx.spacer(),
            language_switch(),
            padding="0.75rem 1rem",
            border_bottom=f"1px solid {rx.color('gray', 5)}",
            align="center",
            width="100%",
        ),
        _portal_nav(org_slug),
    )
    return rx.box(
        skip_link(),
        rx.cond(AppState.test_mode, test_mode_banner()),
        rx.cond(embedded, rx.fragment(), header) if isinstance(embedded, rx.Var) else (rx.fragment() if embedded else header),
        _main(
            rx.vstack(*content, spacing="4", width="100%", max_width="40rem", margin_x="auto", padding="1rem"),
        ),
        width="100%",
    )


def centered_card(*content: rx.Component) -> rx.Component:
    return rx.center(
        rx.card(rx.vstack(*content, spacing="4", width="100%"), width="100%", max_width="26rem", size="3"),
        min_height="100vh",
        padding="1rem",
    )
