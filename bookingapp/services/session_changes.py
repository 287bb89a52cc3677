"""Staff change and cancel class sessions (issue 22).

- `edit_session`: time, duration, place, staff member, capacity (never below the places
  booked) and credits per place (for bookings made from now on: a place already booked
  keeps what it cost). A new time or place reaches every participant by email with the
  booking's calendar file: same UID, higher SEQUENCE, so calendars move the entry.
- `cancel_sessions`: one session, or it and the rest of its weekly set, with a reason
  from the business's list and/or free text. Every booking is cancelled with all its
  credits back, whatever the free-cancellation window (the business cancelled, not the
  customer); each participant gets one email with a METHOD:CANCEL calendar file; everyone
  still on the waitlist gets one email saying it closed. Class places are paid in credits
  only (`class_seats.book_seat` prices them at 0), so no money is refunded here.
- `promote`: staff move a person from the waitlist into the class, through `book_seat`
  (capacity, other people's offers and credits checked under the session's lock).
- The business's list of cancellation reasons, and the cancellations report (customer,
  staff and business cancellations, read from the activity log) with its CSV.

Every action is one transaction that locks the sessions it changes (in id order, so two
staff cancelling overlapping series never deadlock), logs itself, and is idempotent: a
second cancel of a cancelled session changes nothing and sends nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Annotated

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bookingapp.domain.booking_states import ACTIVE, Action, Status
from bookingapp.domain.class_rules import SessionCancelled, SessionStarted
from bookingapp.domain.day_range import check_day_range, local_midnight
from bookingapp.domain.errors import NotFound, PermissionDenied, StaleBooking, ValidationFailed
from bookingapp.domain.formatting import fmt_datetime
from bookingapp.domain.i18n_marks import N_
from bookingapp.domain.localized_text import localized_reason, service_name, translation_languages
from bookingapp.domain.report_csv import table_csv
from bookingapp.domain.session_changes import (
    APP_REASONS,
    CANCEL_ACTIONS,
    EMPTY_CUSTOMER_REASON,
    MAX_REASON_LENGTH,
    CancelledBy,
    Scope,
    SessionSlot,
    cancellation_reason,
    clean_reasons,
    participants_are_told,
    sessions_to_cancel,
)
from bookingapp.domain.user_input import (
    Choice,
    Day,
    FormFields,
    Id,
    Internal,
    Line,
    Moment,
    Paragraph,
    PerLanguageTexts,
    Text,
    user_input,
    whole_number,
)
from bookingapp.domain.waitlist_rules import IN_QUEUE, EntryStatus, NoOpenOffer
from bookingapp.models import (
    ActivityLog,
    Booking,
    ClassSession,
    Customer,
    Organization,
    Service,
    StaffUser,
    WaitlistEntry,
)
from bookingapp.services import class_seats, credits, waitlist
from bookingapp.services.accounts import clean_text
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.booking_common import (
    booking_context,
    cancellation_file,
    email_confirmation,
    transition,
)
from bookingapp.services.class_schedule import MAX_CAPACITY, MAX_CREDIT_COST, parse_local
from bookingapp.services.notifications import queue_email

_QUEUED = [str(s) for s in IN_QUEUE]
MAX_REPORT_DAYS = 366
MAX_REPORT_ROWS = 5000


# --- editing a session ------------------------------------------------------------------


@dataclass(frozen=True)
class SessionEdit:
    """What the Edit session dialog sends (times already read in the organization's zone)."""

    starts_at: Moment
    duration_minutes: int
    capacity: int
    credit_cost: int
    location: Line = ""
    staff_user_id: Id | None = None


@dataclass(frozen=True)
class EditResult:
    class_session: ClassSession
    changed: list[str]  # the fields that changed; empty when nothing did
    told: int  # participants emailed about a new time or place


def _whole(form: dict, key: str, *, label: str) -> int:
    value = whole_number(str(form.get(key, "") or "").strip())
    if value is None:
        raise ValidationFailed("Enter {label} as a whole number.", field=key, label=label)
    return value


@user_input
def edit_from_form(session: Session, *, actor: Actor, form: FormFields) -> SessionEdit:
    org = session.get(Organization, actor.organization_id)
    return SessionEdit(
        starts_at=parse_local(str(form.get("starts_at", "")), org.timezone),
        duration_minutes=_whole(form, "duration", label="the duration"),
        capacity=_whole(form, "capacity", label="the capacity"),
        credit_cost=_whole(form, "credit_cost", label="the credit cost"),
        location=str(form.get("location", "") or ""),
        staff_user_id=whole_number(str(form.get("staff_user_id", "") or "").strip()),
    )


def _open_session(session: Session, actor: Actor, class_session_id: int | None, now: datetime) -> ClassSession:
    if not actor.is_staff:
        raise PermissionDenied()
    if class_session_id is None:
        raise NotFound()
    row = class_seats.locked_session(session, class_session_id, actor)
    if row.cancelled:
        raise SessionCancelled()
    if now >= row.starts_at:
        raise SessionStarted("This class has started: it can no longer be changed.")
    return row


@user_input
def edit_session(session: Session, *, actor: Actor, class_session_id: Id, edit: SessionEdit, now: datetime) -> EditResult:
    row = _open_session(session, actor, class_session_id, now)
    if edit.starts_at is None or edit.starts_at.tzinfo is None:
        raise ValidationFailed("Choose the date and time of the class.", field="starts_at")
    # The form shows minutes: a start sent back unchanged is the stored one, seconds and all.
    if edit.starts_at == row.starts_at.replace(second=0, microsecond=0):
        edit = replace(edit, starts_at=row.starts_at)
    if edit.starts_at != row.starts_at and edit.starts_at <= now:
        raise ValidationFailed("Choose a start in the future.", field="starts_at")
    if not isinstance(edit.duration_minutes, int) or not 5 <= edit.duration_minutes <= 24 * 60:
        raise ValidationFailed("Enter a duration between {min} and {max} minutes.", field="duration", min=5, max=24 * 60)
    if not isinstance(edit.capacity, int) or not 1 <= edit.capacity <= MAX_CAPACITY:
        raise ValidationFailed("Enter a capacity between {min} and {max} places.", field="capacity", min=1, max=MAX_CAPACITY)
    if not isinstance(edit.credit_cost, int) or not 0 <= edit.credit_cost <= MAX_CREDIT_COST:
        raise ValidationFailed("Enter a credit cost between {min} and {max}.", field="credit_cost", min=0, max=MAX_CREDIT_COST)
    location = clean_text(edit.location, field="location", label="a location", max_length=200, required=False)
    if edit.staff_user_id is not None:
        get_owned(session, StaffUser, edit.staff_user_id, actor)
    taken = class_seats.taken_places(session, row.id)
    if edit.capacity < taken:
        raise ValidationFailed("{taken} places are booked: the capacity cannot be lower.", field="capacity", taken=taken)

    ends_at = edit.starts_at + timedelta(minutes=edit.duration_minutes)
    before = {"starts_at": row.starts_at, "ends_at": row.ends_at, "location": row.location or "",
              "staff_user_id": row.staff_user_id, "capacity": row.capacity, "credit_cost": row.credit_cost}
    after = {"starts_at": edit.starts_at, "ends_at": ends_at, "location": location or "",
             "staff_user_id": edit.staff_user_id, "capacity": edit.capacity, "credit_cost": edit.credit_cost}
    changed = [key for key in before if before[key] != after[key]]
    if not changed:
        return EditResult(row, [], 0)
    tell = participants_are_told(old_start=row.starts_at, new_start=edit.starts_at, old_place=before["location"],
                                 new_place=after["location"])
    raised = edit.capacity > row.capacity
    row.starts_at, row.ends_at, row.location = edit.starts_at, ends_at, location or None
    row.staff_user_id, row.capacity, row.credit_cost = edit.staff_user_id, edit.capacity, edit.credit_cost
    session.add(row)
    told = _carry_to_bookings(session, row, before, tell=tell, now=now)
    log_action(session, actor=actor, action="class.session_edited", organization_id=row.organization_id,
               data={"session_id": row.id, "changed": changed, "participants_told": told,
                     **{key: [_plain(before[key]), _plain(after[key])] for key in changed}})
    if raised:
        waitlist.place_freed(session, row, now)
    return EditResult(row, changed, told)


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def _carry_to_bookings(session: Session, row: ClassSession, before: dict, *, tell: bool, now: datetime) -> int:
    """Bookings copy their session's time, place and staff member; each one changed gets a
    new lock_version, which is its calendar file's SEQUENCE."""
    bookings = list(session.exec(select(Booking).where(Booking.session_id == row.id, col(Booking.status).in_(ACTIVE))
                                 .order_by(col(Booking.id))))
    org = session.get(Organization, row.organization_id)
    for booking in bookings:
        values = dict(starts_at=row.starts_at, ends_at=row.ends_at, location=row.location, staff_user_id=row.staff_user_id,
                      lock_version=Booking.lock_version + 1, updated_at=now)
        if row.starts_at != before["starts_at"]:
            values["customer_reminder_sent_at"] = None  # the reminder comes again before the new time
        result = session.exec(update(Booking).where(Booking.id == booking.id, Booking.lock_version == booking.lock_version)
                              .values(**values))
        if result.rowcount != 1:
            raise StaleBooking()
        session.refresh(booking)
        if not tell:
            continue
        ctx = booking_context(session, booking)
        locale = ctx.customer.locale or org.locale
        # Only the place changed: the time stays, so the email says so (no "new time" to object to).
        key = "class_session_changed" if row.starts_at != before["starts_at"] else "class_place_changed"
        email_confirmation(session, ctx, now, key=key, extra={
            "PREVIOUS_DATE": fmt_datetime(before["starts_at"], org.timezone, locale),
            "PREVIOUS_LOCATION": before["location"] or "-"})
    return len(bookings) if tell else 0


# --- cancelling sessions ----------------------------------------------------------------


@dataclass(frozen=True)
class CancelPreview:
    """What the Cancel session dialog says before anything happens."""

    sessions: int
    participants: int  # bookings that will be cancelled and emailed
    credits: int  # credits that come back, in all
    waitlisted: int  # waitlist entries that end with an email
    has_series: bool  # whether "this and the rest of the series" means more than this one


@dataclass(frozen=True)
class CancelResult:
    session_ids: list[int]
    participants: int
    credits: int
    waitlisted: int


def _targets(session: Session, actor: Actor, class_session_id: int | None, scope: Scope, now: datetime) -> list[int]:
    this = get_owned(session, ClassSession, class_session_id, actor)
    others: list[ClassSession] = []
    if this.series_key:
        others = list(session.exec(select(ClassSession).where(ClassSession.organization_id == actor.organization_id,
                                                              ClassSession.series_key == this.series_key)))
    slot = lambda s: SessionSlot(s.id, s.starts_at, s.series_key, s.cancelled)  # noqa: E731
    return sessions_to_cancel(slot(this), [slot(s) for s in others], scope, now)


@user_input
def cancel_preview(session: Session, *, actor: Actor, class_session_id: Id, scope: Annotated[Scope, Choice(Scope, message="Choose this session or the rest of the series.")],
                   now: datetime) -> CancelPreview:
    if not actor.is_staff:
        raise PermissionDenied()
    ids = _targets(session, actor, class_session_id, Scope(scope), now)
    series = _targets(session, actor, class_session_id, Scope.SERIES, now)
    bookings = list(session.exec(select(Booking).where(col(Booking.session_id).in_(ids or [0]), col(Booking.status).in_(ACTIVE))))
    booked = {(b.session_id, b.customer_id) for b in bookings}
    waiting = [e for e in session.exec(select(WaitlistEntry).where(col(WaitlistEntry.session_id).in_(ids or [0]),
                                                                   col(WaitlistEntry.status).in_(_QUEUED)))
               if (e.session_id, e.customer_id) not in booked]
    return CancelPreview(len(ids), len(bookings), sum(b.credits_spent for b in bookings), len(waiting), len(series) > 1)


@user_input
def cancel_sessions(session: Session, *, actor: Actor, class_session_id: Id, scope: Annotated[Scope, Choice(Scope, message="Choose this session or the rest of the series.")],
                    reason: Line, note: Paragraph, now: datetime) -> CancelResult:
    """Cancel the session (or it and the rest of its series). Sessions already cancelled or
    started are left as they are, so running it twice does nothing the second time."""
    if not actor.is_staff:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id)
    text = cancellation_reason(choice=reason, note=note, allowed=list(org.cancellation_reasons or []))
    ids = _targets(session, actor, class_session_id, Scope(scope), now)
    result = CancelResult([], 0, 0, 0)
    for session_id in sorted(ids):  # lock order: by id
        row = class_seats.locked_session(session, session_id, actor)
        if row.cancelled or now >= row.starts_at:
            continue  # cancelled or started since the list was read
        people, back, waiting = _cancel_one(session, actor, org, row, text, now)
        result = CancelResult([*result.session_ids, row.id], result.participants + people, result.credits + back,
                              result.waitlisted + waiting)
    return result


def _cancel_one(session: Session, actor: Actor, org: Organization, row: ClassSession, text: str,
                now: datetime) -> tuple[int, int, int]:
    row.cancelled, row.cancelled_at, row.cancel_reason = True, now, text
    session.add(row)
    reasons = (org.text_translations or {}).get("reasons") or {}  # customers read the reason in their language
    bookings = list(session.exec(select(Booking).where(Booking.session_id == row.id, col(Booking.status).in_(ACTIVE))
                                 .order_by(col(Booking.id))))
    back = 0
    for booking in bookings:
        transition(session, booking, Action.CANCEL, now)
        # The business cancelled: every credit comes back, inside the free window or not.
        credits.refund(session, booking=booking, credits=booking.credits_spent, reason=f"Class cancelled · {booking.reference}",
                       staff_user_id=actor.id, now=now, keep_usable=True)
        back += booking.credits_spent
        booking.cancel_reason = text
        session.add(booking)
        log_action(session, actor=actor, action="class.cancelled_by_studio", organization_id=org.id, booking_id=booking.id,
                   customer_id=booking.customer_id,
                   data={"session_id": row.id, "reason": text, "free": True, "refunded_credits": booking.credits_spent})
        ctx = booking_context(session, booking)
        queue_email(session, org=org, key="class_session_cancelled", to=ctx.customer.email, booking_id=booking.id,
                    locale=ctx.customer.locale,
                    values={**ctx.values, "REASON": localized_reason(text, reasons, ctx.customer.locale or org.locale), "CREDITS_REFUNDED": str(booking.credits_spent),
                            "CREDIT_BALANCE": str(credits.balance(session, booking.customer_id))},
                    attachments=[cancellation_file(ctx)])
    booked = {b.customer_id for b in bookings}
    entries = list(session.exec(select(WaitlistEntry).where(WaitlistEntry.session_id == row.id,
                                                            col(WaitlistEntry.status).in_(_QUEUED)).order_by(col(WaitlistEntry.id))))
    service = session.get(Service, row.service_id)
    told = 0
    for entry in entries:
        entry.status, entry.offer_expires_at = EntryStatus.EXPIRED, None
        session.add(entry)
        log_action(session, actor=actor, action="waitlist.session_cancelled", organization_id=org.id,
                   customer_id=entry.customer_id, data={"session_id": row.id, "reason": text})
        if entry.customer_id in booked:
            continue  # told once, by the booking's email
        customer = session.get(Customer, entry.customer_id)
        locale = customer.locale or org.locale
        queue_email(session, org=org, key="waitlist_session_cancelled", to=customer.email, locale=customer.locale, values={
            "CUSTOMER_NAME": customer.name, "CUSTOMER_EMAIL": customer.email or "-", "SERVICE_NAME": service_name(service, locale),
            "BOOKING_DATE": fmt_datetime(row.starts_at, org.timezone, locale), "LOCATION": row.location or "-",
            "REASON": localized_reason(text, reasons, locale)})
        told += 1
    log_action(session, actor=actor, action="class.session_cancelled", organization_id=org.id,
               data={"session_id": row.id, "reason": text, "participants": len(bookings), "credits_back": back,
                     "waitlisted": told})
    return len(bookings), back, told


# --- the waitlist, by hand --------------------------------------------------------------


@user_input
def promote(session: Session, *, actor: Actor, entry_id: Id, now: datetime, use_credits: bool = True) -> Booking:
    """Staff move someone from the waitlist into the class. The booking goes through
    `book_seat`: no place beyond the capacity or promised to someone else's open offer,
    and the class's credits taken from their balance (`use_credits`)."""
    if not actor.is_staff:
        raise PermissionDenied()
    entry = get_owned(session, WaitlistEntry, entry_id, actor)
    class_session = class_seats.locked_session(session, entry.session_id, actor)
    session.refresh(entry)
    if entry.status not in IN_QUEUE:
        raise NoOpenOffer("This person is no longer on the waitlist.")
    customer = session.get(Customer, entry.customer_id)
    booking = class_seats.book_seat(session, class_session_id=class_session.id, customer=customer, actor=actor, now=now,
                                    source="staff", use_credits=use_credits, party_size=entry.party_size)
    entry.status, entry.offer_expires_at = EntryStatus.CLAIMED, None
    session.add(entry)
    log_action(session, actor=actor, action="waitlist.promoted_by_staff", organization_id=entry.organization_id,
               booking_id=booking.id, customer_id=customer.id,
               data={"session_id": class_session.id, "credits": booking.credits_spent})
    return booking


# --- the business's cancellation reasons -------------------------------------------------


def reasons(session: Session, *, actor: Actor) -> list[str]:
    if not actor.is_staff:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id)
    return list(org.cancellation_reasons or [])


def reason_translations(session: Session, *, actor: Actor) -> dict[str, str]:
    """Each other language's translations, one a line in the order of the reasons (a blank
    line: that reason reads as written), as the settings card shows them."""
    if not actor.is_staff:
        raise PermissionDenied()
    org = session.get(Organization, actor.organization_id)
    given = (org.text_translations or {}).get("reasons") or {}
    return {lang: "\n".join((given.get(reason) or {}).get(lang, "") for reason in org.cancellation_reasons or []).rstrip()
            for lang in translation_languages(org.locale)}


@user_input
def set_reasons(session: Session, *, actor: Actor, text: Paragraph, translations: PerLanguageTexts | None = None) -> list[str]:
    """The owner's list, one reason a line (Settings → Classes), and its translations: per
    language a text whose line N translates the list's line N. A language left out keeps the
    translations it had for the reasons still listed (the card sends only those edited, so
    removing a reason does not shift the others). The stored reason stays the business's
    text, so records and reports keep grouping by it."""
    if not actor.is_owner:
        raise PermissionDenied()
    lines = text.splitlines()
    cleaned = clean_reasons(lines)
    org = session.get(Organization, actor.organization_id, with_for_update=True)
    old = (org.text_translations or {}).get("reasons") or {}
    given = _reason_translations(lines, cleaned, translations or {}, org.locale, old)
    if cleaned != list(org.cancellation_reasons or []) or given != old:
        org.cancellation_reasons = cleaned
        org.text_translations = {**(org.text_translations or {}), "reasons": given}  # a new dict: JSON columns see only that
        session.add(org)
        log_action(session, actor=actor, action="class.cancellation_reasons_changed", organization_id=org.id,
                   data={"reasons": cleaned, "translations": given})
    return cleaned


def _reason_translations(lines: list[str], cleaned: list[str], translations: dict, locale: str,
                         old: dict) -> dict[str, dict[str, str]]:
    """{reason: {lang: text}} from texts aligned line by line with what the owner typed."""
    out: dict[str, dict[str, str]] = {}
    for lang in translation_languages(locale):
        if lang not in translations:
            for reason in cleaned:
                if kept := (old.get(reason) or {}).get(lang):
                    out.setdefault(reason, {})[lang] = kept
            continue
        text = Text(5000, multiline=True, field=f"reasons_{lang}").apply(str(translations.get(lang) or ""), "")
        typed = [" ".join(line.split()) for line in text.splitlines()]
        while typed and not typed[-1]:
            typed.pop()
        if len(typed) > len(lines):
            raise ValidationFailed("There are more lines here than reasons: write one line for each reason, in the same order.",
                                   field=f"reasons_{lang}")
        for line, translated in zip(lines, typed, strict=False):
            reason = " ".join(line.split())
            if len(translated) > MAX_REASON_LENGTH:
                raise ValidationFailed("Use at most {max} characters for each reason.", field=f"reasons_{lang}", max=MAX_REASON_LENGTH)
            if translated and reason in cleaned:
                out.setdefault(reason, {}).setdefault(lang, translated)
    return out


# --- the cancellations report ---------------------------------------------------------------


@dataclass(frozen=True)
class CancellationRow:
    at: datetime
    by: str  # CancelledBy
    actor_name: str
    customer_name: str
    customer_email: str
    service_name: str
    session_starts_at: datetime | None
    reason: str
    credits_back: int
    booking_reference: str


@user_input
def cancellations_report(session: Session, *, actor: Actor, first: Day, last: Day, service_id: Id | None = None,
                         staff_id: Id | None = None) -> list[CancellationRow]:
    """Every booking cancelled between the two (local) days, newest first (appointments,
    requests and class places; the first `MAX_REPORT_ROWS`): by the customer, by staff, by
    the business (the session cancelled) or automatically (`domain.session_changes.CANCEL_ACTIONS`).
    The same bookings `cancellations_report.cancellation_counts` counts."""
    if not actor.is_staff:
        raise PermissionDenied()
    check_day_range(first, last, max_days=MAX_REPORT_DAYS)
    org = session.get(Organization, actor.organization_id)
    start, end = local_midnight(first, org.timezone), local_midnight(last + timedelta(days=1), org.timezone)
    stmt = (select(ActivityLog, Booking, Customer)
            .join(Booking, Booking.id == ActivityLog.booking_id)
            .join(Customer, Customer.id == Booking.customer_id)
            .where(ActivityLog.organization_id == org.id, col(ActivityLog.action).in_(list(CANCEL_ACTIONS)),
                   ActivityLog.created_at >= start, ActivityLog.created_at < end,
                   Booking.organization_id == org.id, Booking.status == Status.CANCELLED))
    if service_id is not None:
        stmt = stmt.where(Booking.service_id == service_id)
    if staff_id is not None:  # a class place is the session's staff member's
        stmt = stmt.outerjoin(ClassSession, col(ClassSession.id) == Booking.session_id).where(
            func.coalesce(Booking.staff_user_id, ClassSession.staff_user_id) == staff_id)
    found = session.exec(stmt.order_by(col(ActivityLog.created_at).desc(), col(ActivityLog.id).desc())
                         .limit(MAX_REPORT_ROWS)).all()
    session_ids = {b.session_id for _, b, _ in found if b.session_id}
    sessions = {s.id: s for s in session.exec(select(ClassSession).where(col(ClassSession.id).in_(session_ids or [0])))}
    names = dict(session.exec(select(Service.id, Service.name).where(Service.organization_id == org.id)).all())
    rows = []
    for log, booking, customer in found:
        cs = sessions.get(booking.session_id)
        rows.append(CancellationRow(
            at=log.created_at, by=str(CANCEL_ACTIONS[log.action]), actor_name=log.actor_name, customer_name=customer.name,
            customer_email=customer.email or "", service_name=names.get(booking.service_id, ""),
            session_starts_at=cs.starts_at if cs else booking.starts_at,
            reason=_list_reason(str(log.data.get("reason", "") or booking.cancel_reason or "")),
            credits_back=int(log.data.get("refunded_credits", 0) or 0), booking_reference=booking.reference))
    return rows


def _list_reason(text: str) -> str:
    return "" if text == EMPTY_CUSTOMER_REASON else text


CSV_HEADER = ["Cancelled at", "Cancelled by", "By whom", "Customer", "Email", "Service", "Starts", "Reason", "Credits back",
              "Credits returned", "Booking"]


@user_input
def report_table(rows: Annotated[list[CancellationRow], Internal()], *, org: Organization, locale: Annotated[str, Internal()],
                 translate=lambda text: text) -> list[list[str]]:
    """The report as the page shows it, cell by cell; the CSV is these same cells."""
    def when(moment: datetime | None) -> str:
        return fmt_datetime(moment, org.timezone, locale) if moment else ""

    own = (org.text_translations or {}).get("reasons") or {}

    def why(text: str) -> str:  # the app's own texts translated, the business's reasons in their translation
        return translate(text) if text in APP_REASONS else localized_reason(text, own, locale)

    return [[when(r.at), translate(BY_LABELS[r.by]), r.actor_name, r.customer_name, r.customer_email, r.service_name,
             when(r.session_starts_at), why(r.reason), translate("Yes") if r.credits_back else translate("No"), str(r.credits_back),
             r.booking_reference] for r in rows]


@user_input
def cancellations_csv(table: Annotated[list[list[str]], Internal()], translate=lambda text: text) -> str:
    """Exactly the table the page shows (`report_table`), under the same headings."""
    return table_csv(CSV_HEADER, table, translate)


BY_LABELS = {CancelledBy.CUSTOMER: "Customer", CancelledBy.STAFF: "Staff", CancelledBy.STUDIO: N_("Business"),
             CancelledBy.AUTOMATIC: N_("Automatic")}

