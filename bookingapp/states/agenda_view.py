"""What the Agenda page draws, built from the agenda service's days: the time grid
(columns of blocks placed by `domain/calendar_grid.py`) for desktops and a list by day
for phones. Plain functions and dataclasses, no Reflex: the state holds their result.

Day view: one column per staff member (their time off and everyone's in it). Week view:
one column per day with everyone's blocks, each naming its staff member when more than
one is shown; the staff filter narrows both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bookingapp import routes
from bookingapp.domain import calendar_grid as grid
from bookingapp.domain.attendance import LABELS as ATTENDANCE_LABELS
from bookingapp.domain.attendance import is_markable
from bookingapp.domain.booking_states import LABELS
from bookingapp.domain.formatting import fmt_clock, fmt_day_long, fmt_day_short, fmt_time
from bookingapp.i18n import translate_plural
from bookingapp.services.agenda import Agenda, AgendaItem

HOUR_HEIGHT_REM = 4
# Colour of a block by what the status means (the status pill's colours).
TONES = {"confirmed": "green", "completed": "green", "pending_payment": "amber", "requested": "amber",
         "reschedule_proposed": "blue", "rebooking_requested": "blue", "no_show": "red", "session": "violet",
         "time_off": "gray"}
# Lanes side by side before the rest becomes "+3": a week's day column is a seventh of the
# page (about 130 px at 1280), where two blocks still show a time and a name; a day's staff
# column is wider.
WEEK_LANES = 2
DAY_LANES = 4


@dataclass
class Block:
    kind: str  # booking | session | time_off | more (the "+3" of blocks a narrow column leaves out)
    class_name: str
    time: str
    start: str  # the time's two halves: a narrow block shows only the start
    until: str
    title: str
    detail: str
    staff: str  # shown where the column does not already say whose it is
    status_label: str
    alert: str
    href: str
    label: str  # the link's accessible name: everything the block shows, and the day
    top: str = ""
    height: str = ""
    left: str = ""
    width: str = ""
    booking_id: int = 0
    attendance: str = ""  # attended | no_show | "" (issue 24)
    markable: bool = False  # the phone list offers the two buttons


@dataclass
class Shade:
    top: str
    height: str


@dataclass
class Column:
    key: str
    iso: str  # the day
    heading: str
    label: str  # the heading for screen readers
    staff_id: int  # whose time a click offers; 0: chosen in the dialog
    today: bool
    blocks: list[Block] = field(default_factory=list)
    shades: list[Shade] = field(default_factory=list)
    now_top: str = ""  # the current time's line, today only


@dataclass
class HourMark:
    label: str
    top: str


@dataclass
class SlotRow:
    hhmm: str
    label: str
    top: str
    height: str


@dataclass
class ListDay:
    iso: str
    label: str
    today: bool
    lines: list[Block] = field(default_factory=list)


@dataclass
class AgendaView:
    columns: list[Column]
    hours: list[HourMark]
    slots: list[SlotRow]
    height: str
    days: list[ListDay]
    empty: bool


def _clock(minute: int) -> time:
    minute = min(max(minute, 0), grid.DAY_MINUTES - 1)
    return time(minute // 60, minute % 60)


def _pct(value: float) -> str:
    return f"{value * 100:.3f}%"


class _Builder:
    def __init__(self, agenda: Agenda, *, week: bool, lang: str, translate: Callable[[str], str]):
        self.agenda, self.week, self.lang, self._ = agenda, week, lang, translate
        self.tz = agenda.timezone
        self.zone = ZoneInfo(agenda.timezone)
        self.names = {m.id: m.name for m in agenda.staff if m.id is not None}
        self.shown = {m.id for m in agenda.staff}
        # In the week view several people share a column: each block names its own.
        self.name_staff = week and len(agenda.staff) > 1
        # A week repeats the same days and times hundreds of times: format each once.
        self._clocks: dict[datetime, str] = {}
        self._days: dict[date, str] = {}
        self._blocks: dict[tuple[int, date, bool], Block] = {}
        self.now: datetime | None = None

    def _n(self, singular: str, plural: str, count: int, **values) -> str:
        """As AppState._n: the reader's plural rule ("2 more", "5 więcej")."""
        return translate_plural(singular, plural, count, self.lang).format(count=count, **values)

    def clock(self, moment: datetime) -> str:
        if moment not in self._clocks:
            self._clocks[moment] = fmt_time(moment, self.tz, self.lang)
        return self._clocks[moment]

    def day_short(self, day: date) -> str:
        if day not in self._days:
            self._days[day] = fmt_day_short(day, self.lang)
        return self._days[day]

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone).replace(tzinfo=None)

    def minutes(self, item: AgendaItem, day: date) -> tuple[int, int] | None:
        return grid.minutes_on(day, self.local(item.starts_at), self.local(item.ends_at))

    def staff_name(self, item: AgendaItem) -> str:
        if item.kind == "time_off" and item.staff_user_id is None:
            return self._("Everyone")
        return self.names.get(item.staff_user_id, "") if item.staff_user_id is not None else self._("Not assigned")

    def time_text(self, item: AgendaItem, day: date) -> tuple[str, str]:
        midnight = datetime.combine(day, time(0), self.zone)
        next_midnight = datetime.combine(day + timedelta(days=1), time(0), self.zone)
        if item.starts_at <= midnight and item.ends_at >= next_midnight:
            return self._("All day"), ""
        start, end = max(item.starts_at, midnight), min(item.ends_at, next_midnight)
        return self.clock(start), f"–{self.clock(end)}"

    def block(self, item: AgendaItem, day: date, *, with_staff: bool) -> Block:
        """The block's texts (without its place on the grid); the same item on the same day
        is the same block in the grid and in the list."""
        key = (id(item), day, with_staff)
        if key not in self._blocks:
            self._blocks[key] = self._new_block(item, day, with_staff=with_staff)
        return self._blocks[key]

    def _new_block(self, item: AgendaItem, day: date, *, with_staff: bool) -> Block:
        start, until = self.time_text(item, day)
        when = start + until
        staff = self.staff_name(item) if with_staff else ""
        if item.kind == "session":
            title, detail = item.title, f"{item.detail} {self._('booked')}"
            status = self._("Class")
            spoken = [title, self._("{booked} of {capacity} places booked").format(booked=item.booked,
                                                                                  capacity=item.capacity)]
        elif item.kind == "time_off":
            title, detail, status = self._("Time off"), item.title, ""
            spoken = [title, detail]
        else:
            title, detail = item.title, item.detail
            status = self._(LABELS.get(item.status, item.status))
            if item.attendance:  # a confirmed booking marked since: the mark says more
                status = self._(ATTENDANCE_LABELS.get(item.attendance, item.attendance))
            spoken = [title, detail, status]
        flagged = [f"{self._('Flagged')}: {item.alert}"] if item.alert else []
        label = ", ".join(p for p in [self.day_short(day), when, *spoken, self.staff_name(item), *flagged] if p)
        tone = TONES.get(item.status, "gray")
        markable = item.kind == "booking" and self.now is not None and is_markable(
            status=item.status, starts_at=item.starts_at, now=self.now, timezone=self.tz)
        return Block(item.kind, f"agenda-block agenda-{item.kind.replace('_', '-')} tone-{tone}", when, start, until, title,
                     detail, staff, status, item.alert, item.href, label, booking_id=item.booking_id,
                     attendance=item.attendance, markable=markable)

    def more(self, summary: grid.More, items: list[AgendaItem], day: date, href: str) -> Block:
        """The blocks a narrow column leaves out: how many, when, any flag among them, and
        the address of a view with room for them (the page's button goes there)."""
        start, until = fmt_clock(_clock(summary.start), self.lang), f"–{fmt_clock(_clock(summary.end), self.lang)}"
        alerts = " · ".join(items[k].alert for k in summary.keys if items[k].alert)
        label = self._n("{count} more from {start} to {end}: show it", "{count} more from {start} to {end}: show them",
                        summary.count, start=start, end=until[1:])
        return Block("more", "agenda-block agenda-more tone-gray", start + until, start, until, f"+{summary.count}", "", "",
                     "", alerts, href, f"{self.day_short(day)}, {label}")

    def visible_range(self) -> tuple[int, int]:
        spans = [m for d in self.agenda.days for i in d.items if i.kind != "time_off"
                 and (m := self.minutes(i, d.day)) is not None]
        spans += [(grid.clock_minutes(s), grid.clock_minutes(e) or grid.DAY_MINUTES)
                  for opening in self.agenda.hours.values() for s, e in opening]
        return grid.visible_range(spans)

    def column(self, key: str, day: date, staff_id: int | None, items: list[AgendaItem], today: date, now: datetime,
               first: int, last: int, more_href: str) -> Column:
        if self.week:
            heading = fmt_day_short(day, self.lang)
            label = fmt_day_long(day, self.lang)
        else:
            heading = self.names.get(staff_id, "") if staff_id is not None else self._("Not assigned")
            label = heading
        column = Column(key, day.isoformat(), heading, label, staff_id or 0, day == today)
        spans = [grid.Span(n, *m) for n, item in enumerate(items) if (m := self.minutes(item, day)) is not None]
        shown, more = grid.capped(grid.lanes(spans), WEEK_LANES if self.week else DAY_LANES)
        placed_blocks = [(p, replace(self.block(items[p.key], day, with_staff=self.name_staff))) for p in shown]
        placed_blocks += [(m, self.more(m, items, day, more_href)) for m in more]
        for placed, block in placed_blocks:
            top, height = grid.position(placed.start, max(placed.end, placed.start + 1), first, last)
            if height <= 0:
                continue  # time off wholly outside the hours shown
            block.top, block.height = _pct(top), _pct(height)
            block.left, block.width = _pct(placed.left), _pct(placed.width)
            column.blocks.append(block)
        # Shaded: outside the hours of whoever the column is about (the week: anyone shown).
        owners = [staff_id] if staff_id is not None else [m for m in self.shown if m is not None] if self.week else []
        opening = [(grid.clock_minutes(s), grid.clock_minutes(e) or grid.DAY_MINUTES)
                   for who in owners for s, e in self.agenda.hours.get((who, day), [])]
        if owners:
            column.shades = [Shade(_pct(grid.fraction(s, first, last)), _pct((e - s) / (last - first)))
                             for s, e in grid.closed_parts(opening, first, last)]
        if day == today:
            minute = grid.minutes_on(day, self.local(now), self.local(now))
            if minute and first <= minute[0] < last:
                column.now_top = _pct(grid.fraction(minute[0], first, last))
        return column


def _day_address(day: date, staff_id: int | None) -> str:
    query = {"view": "day", "day": day.isoformat()} | ({"staff": str(staff_id)} if staff_id else {})
    return f"{routes.AGENDA}?{urlencode(query)}"


def build(agenda: Agenda, *, week: bool, chosen: int | None, lang: str, translate: Callable[[str], str], today: date,
          now: datetime) -> AgendaView:
    b = _Builder(agenda, week=week, lang=lang, translate=translate)
    b.now = now
    first, last = b.visible_range()
    columns = []
    if week:
        for d in agenda.days:
            items = [i for i in d.items if i.staff_user_id in b.shown or i.kind == "time_off" and i.staff_user_id is None]
            columns.append(b.column(d.day.isoformat(), d.day, chosen, items, today, now, first, last,
                                    _day_address(d.day, chosen)))
    else:
        d = agenda.days[0]
        for member in agenda.staff:
            items = [i for i in d.items if i.staff_user_id == member.id
                     or member.id is not None and i.kind == "time_off" and i.staff_user_id is None]
            columns.append(b.column(f"{d.day.isoformat()}/{member.id or 0}", d.day, member.id, items, today, now,
                                    first, last, _day_address(d.day, member.id)))
    hours = [HourMark(fmt_clock(time(m // 60), lang), _pct(grid.fraction(m, first, last))) for m in range(first, last, 60)]
    step = grid.SLOT_MINUTES / (last - first)
    slots = [SlotRow(grid.hhmm(m), fmt_clock(time(m // 60, m % 60), lang), _pct(grid.fraction(m, first, last)), _pct(step))
             for m in grid.slot_starts(first, last)]
    days = [ListDay(d.day.isoformat(), fmt_day_long(d.day, lang), d.day == today,
                    [b.block(i, d.day, with_staff=len(agenda.staff) > 1) for i in d.items
                     if i.staff_user_id in b.shown or i.kind == "time_off" and i.staff_user_id is None])
            for d in agenda.days]
    empty = not any(i.kind != "time_off" for d in agenda.days for i in d.items)
    return AgendaView(columns, hours, slots, f"{(last - first) / 60 * HOUR_HEIGHT_REM:g}rem", days, empty)
