"""The Agenda's calendar: the time grid (desktop and tablet), the list by day (phones) and
the dialog behind an empty time.

Both views are in the page; CSS shows one per width, so a phone never gets the grid (or
a sideways scroll) and nothing waits for the browser to report its size. The empty times
of the grid are mouse shortcuts, hidden from screen readers: the "Block time" and "New
booking" buttons above the grid do the same from the keyboard. Every block is a link
whose accessible name says everything the block shows.
"""

from __future__ import annotations

import reflex as rx

from bookingapp.components.attendance import attendance_control
from bookingapp.components.common import field
from bookingapp.components.flag import flag_icon
from bookingapp.components.i18n import t
from bookingapp.components.timezone_note import timezone_note
from bookingapp.states.agenda import AgendaState as S
from bookingapp.states.agenda import StaffOption
from bookingapp.states.agenda_slot import AgendaSlotState as Slot
from bookingapp.states.agenda_view import Block, Column, HourMark, ListDay, Shade, SlotRow

HEADER_HEIGHT = "3rem"
_MUTED = rx.color("gray", 11)
_NATIVE_CONTROL = {"padding": "0.4rem 0.5rem", "borderRadius": "6px", "border": f"1px solid {rx.color('gray', 7)}",
                   "background": rx.color("gray", 1), "fontSize": "16px", "maxWidth": "100%"}
TONES = ("green", "amber", "blue", "red", "violet", "gray")


def _tone_styles(prefix: str) -> dict:
    return {f"& {prefix}.tone-{tone}": {"background": rx.color(tone, 3), "borderLeft": f"3px solid {rx.color(tone, 9)}",
                                        "color": rx.color("gray", 12)} for tone in TONES}


_TIME_OFF = {"background": f"repeating-linear-gradient(135deg, {rx.color('gray', 3)} 0 6px, {rx.color('gray', 5)} 6px 12px)",
             "borderLeft": f"3px solid {rx.color('gray', 9)}"}


# --- the grid --------------------------------------------------------------------------------


def _block_texts(block: Block) -> list[rx.Component]:
    return [
        rx.text(rx.el.span(block.start), rx.el.span(block.until, class_name="agenda-until"), size="1", weight="bold",
                class_name="agenda-block-time"),
        rx.text(block.title, size="1", weight="medium"),
        rx.text(block.detail, size="1"),
        rx.cond(block.staff != "", rx.text(block.staff, size="1", color=_MUTED, class_name="agenda-block-staff")),
        rx.cond(block.status_label != "", rx.text(block.status_label, size="1", color=_MUTED)),
    ]


def _block(block: Block, column: Column) -> rx.Component:
    return rx.box(
        rx.cond(
            block.kind == "more",
            # What a narrow column leaves out: the day, or the one person, with room for it.
            rx.el.button(*_block_texts(block), type="button", aria_label=block.label, title=block.label,
                         class_name="agenda-block-link",
                         on_click=S.show_more(column.iso, rx.cond(S.view == "week", S.staff, column.staff_id.to(str)))),
            rx.link(*_block_texts(block), href=block.href, aria_label=block.label, title=block.label, underline="none",
                    color="inherit", class_name="agenda-block-link"),
        ),
        flag_icon(block.alert),
        class_name=block.class_name,
        style={"top": block.top, "height": block.height, "left": block.left, "width": block.width},
    )


def _shade(shade: Shade) -> rx.Component:
    return rx.box(class_name="agenda-closed", style={"top": shade.top, "height": shade.height})


def _cell(column: Column, slot: SlotRow) -> rx.Component:
    return rx.box(class_name="agenda-cell", style={"top": slot.top, "height": slot.height}, title=slot.label,
                  custom_attrs={"aria-hidden": "true", "data-time": slot.hhmm},
                  on_click=Slot.pick(column.staff_id, column.iso, slot.hhmm))


def _column_header(column: Column) -> rx.Component:
    return rx.box(
        rx.cond(
            S.view == "week",
            rx.button(column.heading, variant=rx.cond(column.today, "solid", "ghost"), size="1", aria_label=column.label,
                      on_click=S.open_day(column.iso), class_name="agenda-day-label"),
            rx.text(column.heading, size="2", weight="bold", class_name="agenda-staff-name",
                    style={"overflow": "hidden", "textOverflow": "ellipsis", "whiteSpace": "nowrap"}),
        ),
        height=HEADER_HEIGHT, display="flex", align_items="center", justify_content="center", padding_x="0.25rem",
        min_width="0",
    )


def _column(column: Column) -> rx.Component:
    return rx.box(
        _column_header(column),
        rx.box(
            rx.foreach(column.shades, _shade),
            rx.foreach(S.slots, lambda slot: _cell(column, slot)),
            rx.foreach(column.blocks, lambda block: _block(block, column)),
            rx.cond(column.now_top != "", rx.box(class_name="agenda-now", style={"top": column.now_top})),
            class_name="agenda-column-body", height=S.grid_height,
        ),
        class_name=rx.cond(S.view == "week", "agenda-column agenda-day", "agenda-column agenda-staff"),
        custom_attrs={"data-day": column.iso, "data-staff": column.staff_id},
        role="group", aria_label=column.label,
    )


def _hour(mark: HourMark) -> rx.Component:
    return rx.text(mark.label, size="1", color=_MUTED, class_name="agenda-hour", style={"top": mark.top})


GRID_STYLE = {
    "& .agenda-column": {"flex": "1", "minWidth": "0"},
    "& .agenda-column-body": {"position": "relative", "borderLeft": f"1px solid {rx.color('gray', 5)}",
                              "borderTop": f"1px solid {rx.color('gray', 5)}",
                              "backgroundImage": f"linear-gradient(to bottom, {rx.color('gray', 4)} 1px, transparent 1px)",
                              "backgroundSize": "100% 4rem"},
    "& .agenda-closed": {"position": "absolute", "left": "0", "right": "0", "background": rx.color("gray", 3, alpha=True),
                         "pointerEvents": "none"},
    "& .agenda-cell": {"position": "absolute", "left": "0", "right": "0", "cursor": "pointer", "zIndex": "1"},
    "& .agenda-cell:hover": {"background": rx.color("accent", 4, alpha=True)},
    "& .agenda-block": {"position": "absolute", "zIndex": "2", "borderRadius": "6px", "overflow": "hidden",
                        "containerType": "inline-size",
                        "minHeight": "1.25rem", "boxShadow": f"0 0 0 1px {rx.color('gray', 1)}"},
    "& .agenda-block-link": {"display": "flex", "flexDirection": "column", "height": "100%", "width": "100%",
                             "padding": "1px 4px", "textAlign": "left", "font": "inherit", "color": "inherit",
                             "background": "none", "border": "none", "cursor": "pointer",
                             "@container (max-width: 80px)": {"& .agenda-until": {"display": "none"}},
                             "lineHeight": "1.2", "overflow": "hidden", "& > *": {"flexShrink": "0", "overflow": "hidden",
                                                                                  "textOverflow": "ellipsis",
                                                                                  "whiteSpace": "nowrap"}},
    # Bottom right: the time and the name at the top stay readable in a narrow block.
    "& .agenda-block .customer-flag": {"position": "absolute", "bottom": "2px", "right": "2px", "width": "18px",
                                       "height": "18px"},
    "& .agenda-more": {"borderStyle": "dashed"},
    "& .agenda-time-off": _TIME_OFF,
    "& .agenda-now": {"position": "absolute", "left": "0", "right": "0", "height": "2px", "zIndex": "3",
                      "background": rx.color("red", 9), "pointerEvents": "none"},
    "& .agenda-hour": {"position": "absolute", "right": "0.4rem", "transform": "translateY(-50%)", "whiteSpace": "nowrap"},
    **_tone_styles(".agenda-block"),
}


def time_grid() -> rx.Component:
    return rx.box(
        rx.flex(
            rx.box(
                rx.box(height=HEADER_HEIGHT),
                rx.box(rx.foreach(S.hour_marks, _hour), position="relative", height=S.grid_height),
                width="3.25rem", flex_shrink="0", custom_attrs={"aria-hidden": "true"},
            ),
            rx.foreach(S.columns, _column),
            width="100%",
        ),
        style=GRID_STYLE,
        display=rx.breakpoints(initial="none", md="block"),
        width="100%",
        class_name=rx.cond(S.view == "week", "agenda-grid-view agenda-week", "agenda-grid-view agenda-day-view"),
    )


# --- the list (phones) -----------------------------------------------------------------------


def _line(block: Block) -> rx.Component:
    return rx.flex(
        rx.link(
            rx.text(block.time, size="2", weight="bold"),
            rx.text(block.title, size="2", weight="medium", style={"overflowWrap": "anywhere"}),
            rx.text(block.detail, rx.cond(block.staff != "", rx.text.span(" · ", block.staff)), size="2", color=_MUTED,
                    style={"overflowWrap": "anywhere"}),
            rx.cond(block.status_label != "", rx.text(block.status_label, size="1", color=_MUTED)),
            href=block.href, aria_label=block.label, underline="none", color="inherit",
            display="flex", flex_direction="column", flex="1", min_width="0",
        ),
        flag_icon(block.alert),
        # Attendance in one tap, beside the booking (issue 24); the grid's block links to the
        # order page, which has the same two buttons.
        rx.cond(block.markable, rx.box(attendance_control(block.attendance, lambda target: S.mark_attendance(block.booking_id, target),
                                                          block.title), flex_basis="100%")),
        gap="0.5rem", align="start", width="100%", padding="0.5rem 0.6rem", border_radius="8px", wrap="wrap",
        class_name=block.class_name + " agenda-line",
    )


def _list_day(day: ListDay) -> rx.Component:
    return rx.vstack(
        # The day view's one day is already named in the heading above.
        rx.cond(S.view == "week", rx.button(day.label, variant=rx.cond(day.today, "solid", "soft"), size="2",
                                            on_click=S.open_day(day.iso), class_name="agenda-day-label")),
        rx.cond(day.lines.length() > 0,
                rx.vstack(rx.foreach(day.lines, _line), spacing="2", width="100%"),
                rx.text(t("Nothing booked"), size="2", color=_MUTED)),
        spacing="2", width="100%", align="start", class_name="agenda-day", custom_attrs={"data-day": day.iso},
    )


def day_list() -> rx.Component:
    return rx.vstack(
        rx.foreach(S.list_days, _list_day),
        spacing="4", width="100%",
        display=rx.breakpoints(initial="flex", md="none"),
        class_name=rx.cond(S.view == "week", "agenda-list-view agenda-week", "agenda-list-view agenda-day-view"),
        style={**_tone_styles(".agenda-line"), "& .agenda-line.agenda-time-off": _TIME_OFF},
    )


# --- the empty time's dialog ---------------------------------------------------------------------


def _option(option: StaffOption) -> rx.Component:
    return rx.el.option(option.label, value=option.value)


def _member_select(options) -> rx.Component:
    return rx.el.select(rx.foreach(options, _option), id="slot-member", value=Slot.member, on_change=Slot.set_member,
                        style={**_NATIVE_CONTROL, "width": "100%"})


def _moment(id_: str, value, on_change) -> rx.Component:
    return rx.input(id=id_, type="datetime-local", value=value, on_change=on_change, size="3", width="100%",
                    style={"fontSize": "16px"}, aria_invalid=rx.cond(Slot.slot_field == id_, "true", "false"),
                    aria_describedby="slot-zone")


def _error_of(name: str):
    return rx.cond(Slot.slot_field == name, Slot.slot_error, "")


def _menu_step() -> rx.Component:
    return rx.vstack(
        rx.dialog.title(Slot.when_label),
        rx.dialog.description(t("Book a customer at this time, or block it so nobody can book it."), size="2"),
        field("Team member", "slot-member", _member_select(S.team)),
        rx.flex(
            rx.button(rx.link(rx.icon("plus", size=16, aria_hidden="true"), t("New booking here"), href=Slot.slot_booking_href,
                              underline="none", class_name="slot-new-booking"), as_child=True),
            rx.button(rx.icon("ban", size=16, aria_hidden="true"), t("Block time"), variant="soft", type="button",
                      on_click=Slot.choose_block),
            rx.dialog.close(rx.button(t("Cancel"), variant="soft", color_scheme="gray", type="button")),
            gap="0.5rem", wrap="wrap",
        ),
        spacing="3", width="100%",
    )


def _block_step() -> rx.Component:
    return rx.vstack(
        rx.dialog.title(t("Block time")),
        rx.dialog.description(t("Nobody can book this time. Bookings already made stay booked."), size="2"),
        field("Team member", "slot-member", _member_select(Slot.block_options), error=_error_of("member")),
        timezone_note(S.timezone, size="1", color=_MUTED, id="slot-zone"),
        field("From", "starts_at", _moment("starts_at", Slot.starts_value, Slot.set_starts_value), error=_error_of("starts_at")),
        field("Until", "ends_at", _moment("ends_at", Slot.ends_value, Slot.set_ends_value), error=_error_of("ends_at")),
        field("Reason (optional)", "slot-reason",
              rx.input(id="slot-reason", value=Slot.reason_value, on_change=Slot.set_reason_value, max_length=200, size="3",
                       width="100%", style={"fontSize": "16px"}),
              error=_error_of("reason")),
        rx.cond((Slot.slot_error != "") & (Slot.slot_field == ""),
                rx.text(Slot.slot_error, size="2", color=rx.color("red", 11), role="alert")),
        rx.flex(
            rx.button(t("Block time"), type="button", on_click=Slot.block_time, class_name="slot-block-save"),
            rx.button(t("Back"), variant="soft", color_scheme="gray", type="button", on_click=Slot.back_to_menu),
            gap="0.5rem", wrap="wrap",
        ),
        spacing="3", width="100%",
    )


def slot_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.cond(Slot.step == "block", _block_step(), _menu_step()),
            max_width="26rem", class_name="slot-dialog",
        ),
        open=Slot.slot_open,
        on_open_change=Slot.set_slot_open,
    )
