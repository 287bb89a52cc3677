"""Dashboard → Settings → Credit packs: the packs customers buy credits in; new, edit,
archive and restore (each a service call, its refusal shown next to its field)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from bookingapp.db import read_only, unit_of_work
from bookingapp.domain.errors import DomainError, ValidationFailed
from bookingapp.domain.formatting import fmt_money
from bookingapp.domain.money import price_text
from bookingapp.models import Organization
from bookingapp.services import credit_packs
from bookingapp.states.base import AppState

FIELDS = ("name", "credits", "price", "validity_days")


@dataclass
class PackRow:
    id: int
    name: str
    credits: int
    price: str  # formatted in the business's currency and the visitor's language
    validity: str  # "valid 90 days"
    archived: bool
    # The edit form's values, as the inputs show them.
    price_input: str
    validity_days: int


def validity_text(days: int, _n) -> str:
    """`_n` is the state's: "valid 1 day", "valid 30 days" by the reader's plural rule."""
    return _n("valid {count} day", "valid {count} days", days)


class CreditPacksState(AppState):
    packs: list[PackRow] = []
    currency: str = ""
    notice: str = ""  # what just happened, announced politely
    error: str = ""  # an archive or restore that failed
    # The New/Edit dialog: edit_id 0 is a new pack.
    dialog_open: bool = False
    edit_id: int = 0
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    form_error: str = ""
    form_key: int = 0  # remounts the inputs so they show the values of the pack opened
    # The archive/restore confirmation.
    confirm_id: int = 0
    confirm_name: str = ""
    confirm_archive: bool = True

    def _view(self, actor) -> None:
        with read_only() as session:
            found = credit_packs.packs(session, actor=actor)
            self.currency = session.get(Organization, actor.organization_id).currency
        self.packs = [PackRow(p.id, p.name, p.credits, fmt_money(p.price_minor, self.currency, self.lang),
                              validity_text(p.validity_days, self._n), p.archived, price_text(p.price_minor, self.currency),
                              p.validity_days) for p in found]

    @rx.event
    def load(self):
        self.notice = self.error = ""
        self.dialog_open, self.confirm_id = False, 0
        actor = self._actor()
        if actor is not None:
            self._view(actor)

    def _open(self, pack_id: int, values: dict[str, str]) -> None:
        self.edit_id, self.values = pack_id, values
        self.errors, self.form_error = {}, ""
        self.form_key += 1
        self.dialog_open = True

    @rx.event
    def open_new(self):
        self._open(0, {"name": "", "credits": "10", "price": "", "validity_days": "90"})

    @rx.event
    def open_edit(self, pack_id: int):
        pack = next((p for p in self.packs if p.id == pack_id), None)
        if pack is not None:
            self._open(pack.id, {"name": pack.name, "credits": str(pack.credits), "price": pack.price_input,
                                 "validity_days": str(pack.validity_days)})

    @rx.event
    def set_dialog_open(self, is_open: bool):
        self.dialog_open = is_open

    @rx.event
    def save(self, form: dict):
        actor = self._actor()
        if actor is None:
            return
        given = {key: str(form.get(key, "")) for key in FIELDS}
        self.values = given
        try:
            with unit_of_work() as session:
                if self.edit_id:
                    credit_packs.update_pack(session, actor=actor, pack_id=self.edit_id, **given)
                else:
                    credit_packs.create_pack(session, actor=actor, **given)
        except DomainError as error:
            field = error.field if isinstance(error, ValidationFailed) else None
            self.errors = {field: self._message(error)} if field in FIELDS else {}
            self.form_error = "" if field in FIELDS else self._message(error)
            return
        self.notice = self._("Pack saved.") if self.edit_id else self._("Pack created. Customers can buy it on your booking page.")
        self.dialog_open, self.errors, self.form_error, self.error = False, {}, "", ""
        self._view(actor)

    @rx.event
    def ask_archive(self, pack_id: int, name: str, archive: bool):
        self.confirm_id, self.confirm_name, self.confirm_archive = pack_id, name, archive

    @rx.event
    def set_confirm_open(self, is_open: bool):
        if not is_open:
            self.confirm_id = 0

    @rx.event
    def archive(self):
        actor = self._actor()
        pack_id, archive = self.confirm_id, self.confirm_archive
        self.confirm_id = 0
        if actor is None:
            return
        try:
            with unit_of_work() as session:
                credit_packs.set_archived(session, actor=actor, pack_id=pack_id, archived=archive)
        except DomainError as error:
            self.error, self.notice = self._message(error), ""
            return
        self.error = ""
        self.notice = self._("Pack archived: it is no longer for sale. Credits already bought stay valid.") if archive \
            else self._("Pack restored: customers can buy it again.")
        self._view(actor)
