"""The services a business offers (Dashboard → Services): create, edit, order on the
portal, archive, restore, and delete one that was never booked.

Editing changes only what new bookings get: a booking freezes the change terms it was
made with (`Booking.cutoff_minutes`, `Booking.customer_cancellation`), and a class
session copies its capacity, credits and free-cancellation window when it is created.
`ServiceStaff` lists who gives a service; `Service.staff_user_id` mirrors the first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Annotated

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from bookingapp.domain import service_rules
from bookingapp.domain.errors import DomainError, PermissionDenied, ValidationFailed
from bookingapp.domain.localized_text import TEXT_LANGUAGES, clean_translations
from bookingapp.domain.money import parse_price, price_text
from bookingapp.domain.service_rules import CANCELLATIONS, KINDS, PREPAYMENTS
from bookingapp.domain.user_input import (
    Choice,
    Fields,
    Id,
    Ids,
    PerLanguageTexts,
    Text,
    user_input,
    whole_number,
)
from bookingapp.models import (
    AvailabilityRule,
    Booking,
    ClassSession,
    Organization,
    RecurringSeries,
    Service,
    ServiceStaff,
    StaffUser,
)
from bookingapp.services.accounts import slugify
from bookingapp.services.activity import log_action
from bookingapp.services.actors import Actor, get_owned

Kind = Annotated[str, Choice(KINDS, field="kind")]
KindFilter = Annotated[str, Choice((*KINDS, ""), fallback="")]
# The editor's inputs (a description is the longest); the parser and the checks read each.
EditorFields = Annotated[dict, Fields(service_rules.MAX_DESCRIPTION)]


class ServiceHasBookings(DomainError):
    message = "This service has bookings or class sessions, so it cannot be deleted. Archive it instead."


@dataclass(frozen=True)
class ServiceForm:
    """What the editor sends. Numbers are in minutes (the parser converts the hours some
    inputs take); the price is text in major units, read in the service's currency."""

    kind: Kind
    name: Annotated[str, Text(service_rules.MAX_NAME)]
    description: Annotated[str, Text(service_rules.MAX_DESCRIPTION, multiline=True)] = ""
    duration_minutes: int = 60
    price: Annotated[str, Text(30)] = ""
    prepayment: Annotated[str, Choice(PREPAYMENTS)] = "none"
    customer_cancellation: Annotated[str, Choice(CANCELLATIONS)] = "allowed_until_cutoff"
    cutoff_minutes: int = 24 * 60
    location: Annotated[str, Text(service_rules.MAX_LOCATION)] = ""
    location_tbd: bool = False
    staff_ids: Ids = field(default_factory=list)
    online_booking: bool = True
    active: bool = True  # a new service only: Archive and Restore change it later
    # requests
    min_party: int = 1
    max_party: int = 1
    allows_private: bool = True
    allows_group: bool = False
    # classes
    capacity: int = 10
    credit_cost: int = 1
    free_cancellation_minutes: int = 12 * 60
    allow_recurring: bool = False
    waitlist_offer_minutes: int = 120
    # appointments
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    min_notice_minutes: int = 60
    horizon_days: int = 90
    # Name and description in other languages: {"de": {"name": ..., "description": ...}}; blank uses the default.
    translations: PerLanguageTexts = field(default_factory=dict)


# --- reading the editor's form -----------------------------------------------------------

# form input -> (ServiceForm field, minutes per unit of the input, its label in a message)
NUMBER_INPUTS = {
    "duration_minutes": ("duration_minutes", 1, "the duration"),
    "cutoff_hours": ("cutoff_minutes", 60, "the cutoff"),
    "min_party": ("min_party", 1, "the smallest party"),
    "max_party": ("max_party", 1, "the largest party"),
    "capacity": ("capacity", 1, "the capacity"),
    "credit_cost": ("credit_cost", 1, "the credit cost"),
    "free_cancellation_hours": ("free_cancellation_minutes", 60, "the free-cancellation window"),
    "waitlist_offer_minutes": ("waitlist_offer_minutes", 1, "the hold time"),
    "buffer_before_minutes": ("buffer_before_minutes", 1, "the buffer before"),
    "buffer_after_minutes": ("buffer_after_minutes", 1, "the buffer after"),
    "min_notice_hours": ("min_notice_minutes", 60, "the minimum notice"),
    "horizon_days": ("horizon_days", 1, "the booking horizon"),
}
# `active` is not among them: Archive and Restore change it, saving the editor never does.
SWITCHES = ("location_tbd", "online_booking", "allows_private", "allows_group", "allow_recurring")
TEXTS = ("name", "description", "price", "prepayment", "customer_cancellation", "location")
STAFF_PREFIX = "staff_"  # one checkbox per member: staff_<id>
TRANSLATED = {"name": service_rules.MAX_NAME, "description": service_rules.MAX_DESCRIPTION}  # inputs <field>_<lang>


def _checked(value: object) -> bool:
    return value is True or value in ("on", "true", "1")


@user_input
def form_from_fields(form: EditorFields, *, kind: Kind) -> ServiceForm:
    """The editor's inputs as a ServiceForm: whole numbers (hours turned into minutes),
    switches, and the staff checkboxes. The values are checked by create/update."""
    numbers = {}
    own = {*service_rules.COMMON_FIELDS, *service_rules.KIND_FIELDS[kind]}
    for key, (name, unit, label) in NUMBER_INPUTS.items():
        if key not in form or name not in own:  # another kind's input (the page may send it empty)
            continue
        number = whole_number(form.get(key))
        if number is None:
            raise ValidationFailed("Enter {label} as a whole number.", field=key, label=label)
        numbers[name] = number * unit
    staff = [whole_number(key[len(STAFF_PREFIX):]) for key, value in form.items()
             if key.startswith(STAFF_PREFIX) and _checked(value)]
    texts = {key: str(form[key]) for key in TEXTS if isinstance(form.get(key), str)}
    translations = {lang: {name: str(form[f"{name}_{lang}"]) for name in TRANSLATED if isinstance(form.get(f"{name}_{lang}"), str)}
                    for lang in TEXT_LANGUAGES}
    return ServiceForm(kind=kind, **{"name": "", **texts}, **numbers, **{key: _checked(form.get(key)) for key in SWITCHES},
                       staff_ids=[n for n in staff if n is not None], translations=translations)


# --- checking and writing ----------------------------------------------------------------


def _staff(session: Session, actor: Actor, kind: str, staff_ids: list[int]) -> list[int]:
    wanted = list(dict.fromkeys(staff_ids or []))
    if wanted:
        found = set(session.exec(select(StaffUser.id).where(col(StaffUser.id).in_(wanted),
                                                            StaffUser.organization_id == actor.organization_id,
                                                            StaffUser.active == True)))  # noqa: E712
        if set(wanted) - found:
            raise ValidationFailed("Choose staff members of your team.", field="staff_ids")
    elif kind == "appointment":
        raise ValidationFailed("Choose at least one staff member who gives this service.", field="staff_ids")
    return wanted


def _checked_values(session: Session, actor: Actor, kind: str, form: ServiceForm, currency: str) -> dict:
    """Every column the form sets, checked; raises before anything is written."""
    name = (form.name or "").strip()
    if not name:
        raise ValidationFailed("Enter {label}.", field="name", label="a name")
    values = asdict(form)
    service_rules.check_settings(kind, values)
    price_minor = 0 if kind == "class" else parse_price(form.price, currency)  # a class place is paid in credits
    staff_ids = _staff(session, actor, kind, form.staff_ids)
    location = (form.location or "").strip()
    org = session.get(Organization, actor.organization_id)
    translations = clean_translations(form.translations or {}, limits=TRANSLATED, default_locale=org.locale,
                                      multiline=("description",))
    columns = {
        "name": name, "description": (form.description or "").strip(), "duration_minutes": form.duration_minutes,
        "price_minor": price_minor, "prepayment": {"request": "required", "class": "none"}.get(kind, form.prepayment),
        "customer_cancellation": form.customer_cancellation, "cutoff_minutes": form.cutoff_minutes,
        "location": None if form.location_tbd or not location else location, "location_tbd": bool(form.location_tbd),
        "online_booking": bool(form.online_booking), "translations": translations,
    }
    for key in service_rules.KIND_FIELDS[kind]:
        columns[key] = values[key]
    if kind == "request":
        columns |= {"allows_private": bool(form.allows_private), "allows_group": bool(form.allows_group)}
    if kind == "class":
        columns["allow_recurring"] = bool(form.allow_recurring)
    return {"columns": columns, "staff_ids": staff_ids}


def _write_staff(session: Session, service: Service, staff_ids: list[int]) -> None:
    session.exec(delete(ServiceStaff).where(ServiceStaff.service_id == service.id))
    session.add_all([ServiceStaff(service_id=service.id, staff_user_id=s, organization_id=service.organization_id)
                     for s in staff_ids])
    service.staff_user_id = staff_ids[0] if staff_ids else None


def _unique_slug(session: Session, organization_id: int, name: str) -> str:
    base = slugify(name)
    if base == "studio" and "studio" not in name.lower():  # slugify's answer to a name without a letter a-z
        base = "service"
    taken = set(session.exec(select(Service.slug).where(Service.organization_id == organization_id)))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _require_staff(actor: Actor) -> None:
    if not actor.is_staff:
        raise PermissionDenied()


@user_input
def new_form(session: Session, *, actor: Actor, kind: Kind) -> ServiceForm:
    """What the editor starts with for a new service: the business's default change terms."""
    _require_staff(actor)
    org = session.get(Organization, actor.organization_id)
    return ServiceForm(kind=kind, name="", cutoff_minutes=org.default_cutoff_minutes,
                       customer_cancellation=org.default_customer_cancellation,
                       prepayment="required" if kind == "request" else "none",
                       staff_ids=[actor.id] if actor.id else [], allows_group=kind == "request",
                       max_party=8 if kind == "request" else 1)


@user_input
def create_service(session: Session, *, actor: Actor, form: ServiceForm) -> Service:
    _require_staff(actor)
    org = session.get(Organization, actor.organization_id)
    checked = _checked_values(session, actor, form.kind, form, org.currency)
    last = session.exec(select(func.max(Service.position)).where(Service.organization_id == org.id)).one()
    service = Service(organization_id=org.id, kind=form.kind, slug=_unique_slug(session, org.id, checked["columns"]["name"]),
                      currency=org.currency, position=(last or 0) + 1, active=bool(form.active), **checked["columns"])
    session.add(service)
    session.flush()
    _write_staff(session, service, checked["staff_ids"])
    session.add(service)
    session.flush()
    log_action(session, actor=actor, action="service.created", organization_id=org.id,
               data={"service_id": service.id, "kind": service.kind, "name": service.name})
    return service


@user_input
def update_service(session: Session, *, actor: Actor, service_id: Id, form: ServiceForm) -> Service:
    """Change a service; its kind stays. Existing bookings keep the terms they were made with."""
    _require_staff(actor)
    service = get_owned(session, Service, service_id, actor, lock=True)
    checked = _checked_values(session, actor, service.kind, form, service.currency)
    changed = sorted(k for k, v in checked["columns"].items() if getattr(service, k) != v)
    for key, value in checked["columns"].items():
        setattr(service, key, value)
    _write_staff(session, service, checked["staff_ids"])
    session.add(service)
    session.flush()
    log_action(session, actor=actor, action="service.changed", organization_id=service.organization_id,
               data={"service_id": service.id, "changed": changed})
    return service


def _set_active(session: Session, actor: Actor, service_id: int, active: bool) -> Service:
    _require_staff(actor)
    service = get_owned(session, Service, service_id, actor, lock=True)
    service.active = active
    session.add(service)
    session.flush()
    log_action(session, actor=actor, action="service.restored" if active else "service.archived",
               organization_id=service.organization_id, data={"service_id": service.id})
    return service


@user_input
def archive_service(session: Session, *, actor: Actor, service_id: Id) -> Service:
    """Off the portal and out of new bookings; its bookings and history stay."""
    return _set_active(session, actor, service_id, False)


@user_input
def restore_service(session: Session, *, actor: Actor, service_id: Id) -> Service:
    return _set_active(session, actor, service_id, True)


def _in_use(session: Session, service_id: int) -> bool:
    return any(session.exec(select(model.id).where(model.service_id == service_id).limit(1)).first() is not None
               for model in (Booking, ClassSession, RecurringSeries))


@user_input
def delete_service(session: Session, *, actor: Actor, service_id: Id) -> None:
    """Only a service that was never booked (and has no class sessions) goes for good."""
    _require_staff(actor)
    service = get_owned(session, Service, service_id, actor, lock=True)
    if _in_use(session, service.id):
        raise ServiceHasBookings()
    session.exec(delete(ServiceStaff).where(ServiceStaff.service_id == service.id))
    session.exec(delete(AvailabilityRule).where(AvailabilityRule.service_id == service.id))
    log_action(session, actor=actor, action="service.deleted", organization_id=service.organization_id,
               data={"service_id": service.id, "name": service.name})
    session.delete(service)
    session.flush()


@user_input
def move_service(session: Session, *, actor: Actor, service_id: Id,
                 direction: Annotated[str, Choice(("up", "down"))]) -> Service:
    """Swap places on the portal with the previous (or next) service of its kind. The
    organization's order is first made 1..n (position, then name), so ties never stick."""
    _require_staff(actor)
    service = get_owned(session, Service, service_id, actor, lock=True)
    rows = list(session.exec(select(Service).where(Service.organization_id == service.organization_id)
                             .order_by(col(Service.position), col(Service.name), col(Service.id)).with_for_update()))
    for n, row in enumerate(rows, start=1):
        row.position = n
    peers = [row for row in rows if row.kind == service.kind and row.active == service.active]
    index = next(i for i, row in enumerate(peers) if row.id == service.id)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(peers):
        peers[index].position, peers[other].position = peers[other].position, peers[index].position
        log_action(session, actor=actor, action="service.moved", organization_id=service.organization_id,
                   data={"service_id": service.id, "direction": direction})
    session.add_all(rows)
    session.flush()
    return service


# --- reading -----------------------------------------------------------------------------


@dataclass
class ServiceSummary:
    service: Service
    staff_names: list[str]
    bookings: int


@user_input
def list_services(session: Session, *, actor: Actor, kind: KindFilter = "") -> list[ServiceSummary]:
    """The organization's services in portal order (position, then name); archived ones
    too (`service.active` is False), for the page to show apart."""
    _require_staff(actor)
    stmt = select(Service).where(Service.organization_id == actor.organization_id)
    if kind:
        stmt = stmt.where(Service.kind == kind)
    services = list(session.exec(stmt.order_by(col(Service.position), col(Service.name), col(Service.id))))
    ids = [s.id for s in services]
    names: dict[int, list[str]] = {}
    for service_id, name in session.exec(select(ServiceStaff.service_id, StaffUser.name)
                                         .join(StaffUser, StaffUser.id == ServiceStaff.staff_user_id)
                                         .where(col(ServiceStaff.service_id).in_(ids)).order_by(StaffUser.name)):
        names.setdefault(service_id, []).append(name)
    counts = dict(session.exec(select(Booking.service_id, func.count(Booking.id))
                               .where(col(Booking.service_id).in_(ids)).group_by(Booking.service_id)).all())
    return [ServiceSummary(s, names.get(s.id, []), int(counts.get(s.id, 0))) for s in services]


@dataclass
class ServiceDetail:
    service: Service
    form: ServiceForm
    in_use: bool  # booked or with class sessions: archive, never delete


@user_input
def service_detail(session: Session, *, actor: Actor, service_id: Id) -> ServiceDetail:
    _require_staff(actor)
    service = get_owned(session, Service, service_id, actor)
    staff_ids = list(session.exec(select(ServiceStaff.staff_user_id).where(ServiceStaff.service_id == service.id)))
    if service.staff_user_id in staff_ids:  # the mirrored first one leads
        staff_ids.remove(service.staff_user_id)
    if service.staff_user_id is not None:
        staff_ids.insert(0, service.staff_user_id)
    fields = {k: getattr(service, k) for k in ServiceForm.__dataclass_fields__ if k not in ("price", "staff_ids", "location", "translations")}
    form = ServiceForm(**fields, price=price_text(service.price_minor, service.currency), location=service.location or "",
                       staff_ids=staff_ids, translations=dict(service.translations or {}))
    return ServiceDetail(service, form, _in_use(session, service.id))


@user_input
def team_members(session: Session, *, actor: Actor) -> list[StaffUser]:
    """Who can be chosen to give a service: the organization's active staff."""
    _require_staff(actor)
    return list(session.exec(select(StaffUser).where(StaffUser.organization_id == actor.organization_id,
                                                     StaffUser.active == True).order_by(StaffUser.name)))  # noqa: E712
