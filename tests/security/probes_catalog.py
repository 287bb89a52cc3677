"""Cross-organization probes for Dashboard → Services (`bookingapp.services.catalog`),
merged into `PROBES` of test_cross_organization.py: Beta's staff aim every action at
Alpha's class service, or name Alpha's staff as who gives a service of their own."""

from __future__ import annotations

from sqlmodel import select

from bookingapp.domain.errors import NotFound, ValidationFailed
from bookingapp.models import StaffUser
from bookingapp.services import catalog


def _form(name: str = "Beta Pilates", **kw) -> catalog.ServiceForm:
    return catalog.ServiceForm(kind="class", name=name, price="12", **kw)


def _alpha_owner_id(s) -> int:
    return s.exec(select(StaffUser.id).where(StaffUser.email == "owner@alpha.test")).one()


PROBES = {
    "catalog.archive_service": (lambda s, a, b, g: catalog.archive_service(
        s, actor=b.actor, service_id=a.class_service_id), NotFound),
    "catalog.restore_service": (lambda s, a, b, g: catalog.restore_service(
        s, actor=b.actor, service_id=a.class_service_id), NotFound),
    "catalog.delete_service": (lambda s, a, b, g: catalog.delete_service(
        s, actor=b.actor, service_id=a.class_service_id), NotFound),
    "catalog.move_service": (lambda s, a, b, g: catalog.move_service(
        s, actor=b.actor, service_id=a.class_service_id, direction="up"), NotFound),
    "catalog.service_detail": (lambda s, a, b, g: catalog.service_detail(
        s, actor=b.actor, service_id=a.class_service_id), NotFound),
    "catalog.update_service": (lambda s, a, b, g: catalog.update_service(
        s, actor=b.actor, service_id=a.class_service_id, form=_form()), NotFound),
    # Alpha's owner as who gives Beta's new class: as unknown as anyone else.
    "catalog.create_service": (lambda s, a, b, g: catalog.create_service(
        s, actor=b.actor, form=_form(staff_ids=[_alpha_owner_id(s)])), ValidationFailed),
    "catalog.create_service#own": (lambda s, a, b, g: catalog.create_service(s, actor=b.actor, form=_form()), False),
    "catalog.list_services": (lambda s, a, b, g: catalog.list_services(s, actor=b.actor), False),
    "catalog.list_services#class": (lambda s, a, b, g: catalog.list_services(s, actor=b.actor, kind="class"), False),
    "catalog.new_form": (lambda s, a, b, g: catalog.new_form(s, actor=b.actor, kind="appointment"), False),
    "catalog.team_members": (lambda s, a, b, g: catalog.team_members(s, actor=b.actor), False),
}
