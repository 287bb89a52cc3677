"""Dashboard → Services → one service (or a new one of a kind): the editor."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp import routes
from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, NotFound, ValidationFailed
from bookingapp.domain.localized_text import TEXT_LANGUAGES, base_language
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Organization
from bookingapp.services import catalog
from bookingapp.states.base import AppState

TITLES = {"appointment": "New appointment service", "request": "New request service", "class": "New class"}


@dataclass
class StaffOption:
    id: str  # the checkbox's name: staff_<id>
    name: str
    checked: bool


def _texts(form: catalog.ServiceForm) -> dict[str, str]:
    """The form's values as the inputs show them (hours where an input takes hours)."""
    return {
        "name": form.name, "description": form.description, "duration_minutes": str(form.duration_minutes),
        "price": form.price, "prepayment": form.prepayment, "customer_cancellation": form.customer_cancellation,
        "cutoff_hours": str(form.cutoff_minutes // 60), "location": form.location,
        "min_party": str(form.min_party), "max_party": str(form.max_party), "capacity": str(form.capacity),
        "credit_cost": str(form.credit_cost), "free_cancellation_hours": str(form.free_cancellation_minutes // 60),
        "waitlist_offer_minutes": str(form.waitlist_offer_minutes),
        "buffer_before_minutes": str(form.buffer_before_minutes), "buffer_after_minutes": str(form.buffer_after_minutes),
        "min_notice_hours": str(form.min_notice_minutes // 60), "horizon_days": str(form.horizon_days),
    } | _translations(form)


def _translations(form: catalog.ServiceForm) -> dict[str, str]:
    """The translation inputs, `name_de`, `description_pl`, ...: empty where none is given."""
    given = form.translations or {}
    return {f"{name}_{lang}": str((given.get(lang) or {}).get(name, "")) for lang in TEXT_LANGUAGES for name in catalog.TRANSLATED}


class ServiceEditorState(AppState):
    found: bool = True
    service_id: int = 0
    kind: str = ""
    title: str = ""
    currency: str = ""
    own_language: str = "en"  # the default texts' language: no translation inputs for it
    active: bool = True
    in_use: bool = False
    values: dict[str, str] = {}
    switches: dict[str, bool] = {}
    staff: list[StaffOption] = []
    version: int = 0  # remounts the inputs after a load, so they show the values loaded
    error_field: str = ""
    error_text: str = ""
    notice: str = ""
    confirm: str = ""  # "archive" | "delete" while its dialog is open

    @rx.event
    def load(self):
        self.error_field = self.error_text = self.notice = self.confirm = ""
        actor = self._actor()
        if actor is None:
            return
        wanted = self._param("service")
        try:
            with read_only() as session:
                org = session.get(Organization, actor.organization_id)
                if wanted == "new":
                    form = catalog.new_form(session, actor=actor, kind=self._query("kind"))
                    self.service_id, self.active, self.in_use, self.currency = 0, True, False, org.currency
                    self.title = self._(TITLES[form.kind])
                else:
                    detail = catalog.service_detail(session, actor=actor, service_id=whole_number(wanted) or 0)
                    form, service = detail.form, detail.service
                    self.service_id, self.active, self.in_use = service.id, service.active, detail.in_use
                    self.currency, self.title = service.currency, service.name
                members = catalog.team_members(session, actor=actor)
        except (NotFound, ValidationFailed):  # another organization's id, a typed address, ?kind=other
            self.found = False
            return
        self.found, self.kind = True, form.kind
        self.own_language = base_language(org.locale)
        self.values = _texts(form)
        self.switches = {key: bool(getattr(form, key)) for key in catalog.SWITCHES}
        self.staff = [StaffOption(f"{catalog.STAFF_PREFIX}{m.id}", m.name, m.id in form.staff_ids) for m in members]
        self.version += 1
        if self._query("saved") == "new":
            self.notice = self._("Service created.")

    @rx.event
    def save(self, form: dict):
        actor = self._actor()
        if actor is None:
            return None
        try:
            data = catalog.form_from_fields(form, kind=self.kind)
            with unit_of_work() as session:
                if self.service_id:
                    service = catalog.update_service(session, actor=actor, service_id=self.service_id, form=data)
                else:
                    service = catalog.create_service(session, actor=actor, form=data)
                new_id, name = service.id, service.name
        except DomainError as error:
            self.error_text, self.notice = self._message(error), ""
            self.error_field = (error.field or "") if isinstance(error, ValidationFailed) else ""
            # The message shows next to its field and above Save; a toast would cover Save on a phone.
            return rx.scroll_to(self.error_field) if self.error_field else None
        self.error_field = self.error_text = ""
        if not self.service_id:
            return rx.redirect(routes.service_edit(new_id) + "?saved=new")
        self.title, self.notice = name, self._("Saved. Changes apply to new bookings.")
        return None

    @rx.event
    def ask(self, what: str):
        self.confirm = what if what in ("archive", "delete") else ""

    @rx.event
    def set_confirm_open(self, is_open: bool):
        if not is_open:
            self.confirm = ""

    def _act(self, action) -> bool:
        actor = self._actor()
        if actor is None:
            return False
        try:
            with unit_of_work() as session:
                action(session, actor=actor, service_id=self.service_id)
        except DomainError as error:
            self.error_field, self.error_text, self.confirm = "", self._message(error), ""
            return False
        self.confirm = ""
        return True

    @rx.event
    def archive(self):
        if self._act(catalog.archive_service):
            self.active, self.notice = False, self._("Service archived: it is no longer on your booking page.")

    @rx.event
    def restore(self):
        if self._act(catalog.restore_service):
            self.active, self.notice = True, self._("Service restored.")

    @rx.event
    def delete(self):
        if self._act(catalog.delete_service):
            return [rx.redirect(routes.SERVICES), rx.toast.success(self._("Service deleted."))]
        return None
