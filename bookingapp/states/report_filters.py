"""What every chart report takes: a range of local days, a service and a team member.

A mixin: a report's state takes it in, defines `_fetch()` (and its own default range in
`_default_range`), and the page embeds `components.report_frame.report_filters(ThatState, prefix)`.
The service and staff menus list the organization's own, by name.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import reflex as rx
from sqlmodel import Session, col, select

from bookingapp.domain.formatting import timezone_label
from bookingapp.domain.localized_text import service_name
from bookingapp.domain.user_input import whole_number
from bookingapp.models import Organization, Service, StaffUser


class ReportFilters(rx.State, mixin=True):
    first: str = ""
    last: str = ""
    service: str = ""  # a service's id, or "" for all
    staff: str = ""  # a team member's id, or "" for everyone
    services: list[list[str]] = []  # [id, name]
    team: list[list[str]] = []
    timezone: str = ""
    report_error: str = ""

    def _default_range(self, today: date) -> tuple[date, date]:
        """The days a report opens with: the last 30 by default."""
        return today - timedelta(days=30), today

    def _load_filters(self, session: Session, org: Organization) -> None:
        self.timezone = timezone_label(org.timezone, self.lang)
        self.services = [[str(s.id), service_name(s, self.lang)] for s in session.exec(
            select(Service).where(Service.organization_id == org.id).order_by(col(Service.name), col(Service.id)))]
        self.team = [[str(u.id), u.name] for u in session.exec(
            select(StaffUser).where(StaffUser.organization_id == org.id).order_by(col(StaffUser.name), col(StaffUser.id)))]
        if not self.first or not self.last:
            first, last = self._default_range(datetime.now(ZoneInfo(org.timezone)).date())
            self.first, self.last = first.isoformat(), last.isoformat()

    @property
    def _service_id(self) -> int | None:
        """The menu's value: a row id, or None for all (an id that is not theirs finds nothing)."""
        return whole_number(self.service)

    @property
    def _staff_id(self) -> int | None:
        return whole_number(self.staff)

    def _fetch(self) -> None:
        raise NotImplementedError

    @rx.event
    def set_filters(self, form: dict):
        self.first, self.last = str(form.get("first", ""))[:10], str(form.get("last", ""))[:10]
        self.service, self.staff = str(form.get("service", ""))[:20], str(form.get("staff", ""))[:20]
        self._fetch()
