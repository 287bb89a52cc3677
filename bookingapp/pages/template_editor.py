"""Dashboard → Settings → Email templates: every email the app sends, per language."""

from __future__ import annotations

import reflex as rx

from bookingapp import routes
from bookingapp.components.common import field, form_error
from bookingapp.components.i18n import t
from bookingapp.components.layout import dashboard_shell
from bookingapp.domain.templates import VARIABLES
from bookingapp.services.template_editor import LANGUAGES, email_kinds
from bookingapp.states.template_editor import BODY_ID, EDITOR_ID, SUBJECT_ID
from bookingapp.states.template_editor import TemplateEditorState as S

LIST_ID = "email-list"
GROUPS = (("customer", "Emails to customers"), ("provider", "Emails to you"))
# Which field a variable goes into: the one the cursor was in last (the body by default).
_TRACK_FIELD = "window.__templateField = '{id}'"


def _grab(name: str) -> str:
    """Read the last focused field and its selection in the browser, for S.insert_at."""
    return (
        "(() => { const id = window.__templateField || '" + BODY_ID + "'; const el = document.getElementById(id);"
        f" return el ? ['{name}', id, el.value, el.selectionStart, el.selectionEnd] : ['{name}', id, null, null, null]; }})()"
    )


def _kind_button(key: str, description: str) -> rx.Component:
    selected = S.key == key
    return rx.el.li(
        rx.el.button(
            rx.text(t(description), size="2", weight=rx.cond(selected, "medium", "regular")),
            rx.cond(
                S.customized.contains(key),
                rx.badge(t("Customised"), " · ", S.customized[key], color_scheme="indigo", variant="soft", size="1"),
            ),
            on_click=S.select(key),
            aria_current=rx.cond(selected, "true", "false"),
            class_name="template-kind",
            id="kind-" + key,
            style={
                "display": "flex", "flexDirection": "column", "alignItems": "flex-start", "gap": "0.25rem",
                "width": "100%", "textAlign": "left", "padding": "0.5rem 0.75rem", "borderRadius": "8px",
                "border": "1px solid transparent", "cursor": "pointer", "font": "inherit",
                "color": rx.color("gray", 12),
                "background": rx.cond(selected, rx.color("accent", 4), "transparent"),
                "borderColor": rx.cond(selected, rx.color("accent", 7), "transparent"),
                "_hover": {"background": rx.color("gray", 4)},
                "_focusVisible": {"outline": f"2px solid {rx.color('accent', 8)}", "outlineOffset": "1px"},
            },
        ),
        style={"listStyle": "none", "width": "100%"},
    )


def _kind_list() -> rx.Component:
    kinds = email_kinds()
    groups = []
    for audience, title in GROUPS:
        members = [kind for kind in kinds if kind.audience == audience]
        if not members:
            continue
        heading_id = f"group-{audience}"
        groups.append(rx.vstack(
            rx.heading(t(title), size="3", as_="h2", id=heading_id),
            rx.el.ul(*[_kind_button(kind.key, kind.description) for kind in members],
                     aria_labelledby=heading_id,
                     style={"margin": 0, "padding": 0, "width": "100%", "display": "flex", "flexDirection": "column", "gap": "2px"}),
            spacing="2", width="100%",
        ))
    return rx.el.nav(
        rx.vstack(*groups, spacing="4", width="100%"),
        aria_label=t("Emails"),
        id=LIST_ID,
        # Side by side, the list scrolls on its own so every email stays in reach next to the editor.
        style={"width": "100%", "minWidth": 0, "scrollMarginTop": "1rem",
               "position": rx.breakpoints(initial="static", lg="sticky"), "top": "1rem",
               "maxHeight": rx.breakpoints(initial="none", lg="calc(100vh - 2rem)"),
               "overflowY": rx.breakpoints(initial="visible", lg="auto"), "paddingRight": rx.breakpoints(initial="0", lg="0.25rem")},
    )


def _language_switch() -> rx.Component:
    # Language names in their own language: the editor is about the email's language, not the dashboard's.
    return rx.vstack(
        rx.text(t("Language of the email"), id="email-language", size="2", weight="medium"),
        rx.segmented_control.root(
            *[rx.segmented_control.item(name, value=code) for code, name in LANGUAGES.items()],
            value=S.locale,
            on_change=S.set_locale,
            aria_labelledby="email-language",
            class_name="email-language",
        ),
        spacing="1",
    )


def _status_line() -> rx.Component:
    return rx.hstack(
        rx.cond(
            S.is_custom,
            rx.badge(t("Your text"), color_scheme="indigo", variant="soft"),
            rx.badge(t("Default text"), color_scheme="gray", variant="soft"),
        ),
        rx.cond(S.dirty, rx.text(t("Unsaved changes"), size="2", color=rx.color("amber", 11), weight="medium")),
        spacing="2", align="center", wrap="wrap",
    )


def _variable(name: str) -> rx.Component:
    tag = f"[{name}]"
    return rx.cond(
        S.allowed.contains(name),
        rx.el.li(
            rx.flex(
                rx.button(
                    tag,
                    size="1", variant="soft", type="button",
                    aria_label=t("Insert") + " " + tag,
                    on_click=rx.call_script(_grab(name), callback=S.insert_at),
                    style={"fontFamily": "var(--code-font-family, monospace)", "flexShrink": 0, "maxWidth": "100%"},
                    class_name="insert-variable",
                ),
                rx.text(t(VARIABLES[name].description), size="1", color=rx.color("gray", 11)),
                # Description under the tag on phones, beside it where there is room: never half and half.
                direction=rx.breakpoints(initial="column", sm="row"),
                align=rx.breakpoints(initial="start", sm="center"),
                spacing=rx.breakpoints(initial="1", sm="2"),
            ),
            style={"listStyle": "none", "minWidth": 0},
        ),
    )


def _variables() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Variables"), size="3", as_="h3"),
        rx.text(t("Click a variable to insert it where the cursor is. Each is filled in when the email is sent."),
                size="2", color=rx.color("gray", 11)),
        rx.el.ul(
            *[_variable(name) for name in VARIABLES],
            style={"margin": 0, "padding": 0, "display": "grid", "gap": "0.5rem", "width": "100%",
                   "gridTemplateColumns": rx.breakpoints(initial="minmax(0, 1fr)", xl="repeat(2, minmax(0, 1fr))")},
        ),
        spacing="2", width="100%",
    )


def _notices() -> rx.Component:
    return rx.vstack(
        form_error(S.error),
        rx.cond(
            S.notice != "",
            rx.callout(
                rx.text(S.notice, " ", rx.cond(S.notice_mailbox, rx.link(t("Open the Dev mailbox"), href=routes.MAILBOX))),
                icon="check", color_scheme="green", role="status", width="100%",
            ),
        ),
        width="100%", spacing="2",
    )


def _actions() -> rx.Component:
    return rx.hstack(
        rx.button(t("Save"), on_click=S.save, class_name="save-template"),
        rx.button(rx.icon("send", size=16, aria_hidden="true"), t("Send me a test"), variant="soft", on_click=S.send_test),
        rx.button(t("Reset to default"), variant="soft", color_scheme="red", on_click=S.ask_reset, disabled=~S.is_custom),
        spacing="2", wrap="wrap", width="100%",
    )


def _preview() -> rx.Component:
    return rx.vstack(
        rx.heading(t("Preview"), size="3", as_="h3"),
        rx.text(t("With sample values, as the recipient reads it."), size="2", color=rx.color("gray", 11)),
        rx.cond(
            S.unknown != "",
            rx.text(t("Not available in this email"), ": ", S.unknown, size="2", color=rx.color("red", 11), weight="medium"),
        ),
        rx.box(
            rx.text(t("Subject"), ": ", rx.text.strong(S.preview_subject), size="2"),
            rx.separator(size="4", margin_y="0.5rem"),
            # render_html escaped every value and the template text: this is markup we made.
            rx.html(S.preview_html),
            padding="0.75rem", border=f"1px solid {rx.color('gray', 6)}", border_radius="8px", width="100%",
            overflow_wrap="anywhere", class_name="template-preview", aria_live="polite",
            custom_attrs={"translate": "no"},  # the email in the language being edited: no browser translation
        ),
        rx.el.details(
            rx.el.summary(t("Plain-text version"), style={"cursor": "pointer", "fontSize": "14px"}),
            rx.el.pre(S.preview_text, style={"whiteSpace": "pre-wrap", "overflowWrap": "anywhere", "fontSize": "13px",
                                             "margin": "0.5rem 0 0", "fontFamily": "inherit"}, custom_attrs={"translate": "no"}),
            style={"width": "100%"},
        ),
        spacing="2", width="100%",
    )


def _kind_title() -> rx.Component:
    kinds = email_kinds()
    return rx.heading(
        rx.match(S.key, *[(kind.key, t(kind.description)) for kind in kinds], ""),
        size="4", as_="h2", id=EDITOR_ID, tab_index=-1, style={"outline": "none", "scrollMarginTop": "1rem"},
    )


def _editor() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.link(rx.icon("arrow-up", size=14, aria_hidden="true"), t("All emails"), href="#" + LIST_ID, size="2",
                    display=rx.breakpoints(initial="inline-flex", lg="none"), align_items="center", gap="0.25rem"),
            _kind_title(),
            rx.text(rx.cond(S.audience == "customer", t("Sent to the customer."), t("Sent to you.")), size="2", color=rx.color("gray", 11)),
            rx.hstack(_language_switch(), rx.spacer(), _status_line(), width="100%", align="end", wrap="wrap", spacing="3"),
            field(
                "Subject", SUBJECT_ID,
                rx.input(id=SUBJECT_ID, value=S.subject, on_change=S.set_subject, max_length=300, width="100%",
                         on_focus=rx.call_script(_TRACK_FIELD.format(id=SUBJECT_ID)),
                         aria_invalid=rx.cond(S.error_field == "subject", "true", "false")),
            ),
            field(
                "Text", BODY_ID,
                rx.text_area(id=BODY_ID, value=S.body, on_change=S.set_body, rows="14", max_length=20000, width="100%",
                             on_focus=rx.call_script(_TRACK_FIELD.format(id=BODY_ID)), resize="vertical",
                             aria_invalid=rx.cond(S.error_field == "body", "true", "false"),
                             style={"fontSize": "14px", "lineHeight": "1.5"}),
                hint="Variables in square brackets, like [CUSTOMER_NAME], are replaced for each email.",
            ),
            _notices(),
            _actions(),
            _variables(),
            _preview(),
            spacing="4", width="100%",
        ),
        width="100%", min_width="0",
    )


def _reset_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.vstack(
                rx.alert_dialog.title(t("Reset to the default text?")),
                rx.alert_dialog.description(
                    t("Your text for this email in this language will be deleted and the default text will be used again."), size="2"),
                rx.hstack(
                    rx.alert_dialog.cancel(rx.button(t("Keep my text"), variant="soft", color_scheme="gray")),
                    rx.button(t("Yes, reset"), color_scheme="red", on_click=S.reset_to_default),
                    justify="end", spacing="3", width="100%", wrap="wrap",
                ),
                spacing="3",
            ),
            max_width="28rem",
        ),
        open=S.confirm_reset,
        on_open_change=S.set_confirm_reset,
    )


def _discard_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.vstack(
                rx.alert_dialog.title(t("Discard your changes?")),
                rx.alert_dialog.description(t("You have changed this email without saving. Switching now will lose those changes."), size="2"),
                rx.hstack(
                    rx.alert_dialog.cancel(rx.button(t("Keep editing"), variant="soft", color_scheme="gray")),
                    rx.button(t("Discard changes"), color_scheme="red", on_click=S.discard_changes),
                    justify="end", spacing="3", width="100%", wrap="wrap",
                ),
                spacing="3",
            ),
            max_width="28rem",
        ),
        open=S.pending != "",
        on_open_change=S.keep_editing,
    )


def template_editor_page() -> rx.Component:
    return dashboard_shell(
        "Email templates",
        rx.link(rx.icon("arrow-left", size=16, aria_hidden="true"), t("Settings"), href=routes.SETTINGS,
                size="2", style={"display": "inline-flex", "alignItems": "center", "gap": "0.25rem"}),
        rx.text(t("Every email the app sends, in English, German and Polish. Change the subject and text; "
                  "emails use your text from the moment you save it."), color=rx.color("gray", 11)),
        rx.box(
            _kind_list(),
            _editor(),
            display="grid",
            grid_template_columns=rx.breakpoints(initial="minmax(0, 1fr)", lg="minmax(15rem, 18rem) minmax(0, 1fr)"),
            gap="1.5rem",
            align_items="start",
            width="100%",
        ),
        _reset_dialog(),
        _discard_dialog(),
    )
