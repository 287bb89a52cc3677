"""Home's setup checklist: each step is done by what it names, and only by that."""

from __future__ import annotations

from datetime import time

import pytest
from sqlmodel import Session

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import PermissionDenied
from bookingapp.models import AvailabilityRule, Organization
from bookingapp.services import setup_checklist, share
from bookingapp.services.accounts import actor_for
from bookingapp.services.actors import Actor
from tests import factories


@pytest.fixture
def fresh(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "fresh", name="Fresh Studio")
        owner = factories.staff(s, org, "owner@fresh.example.com")
        other = factories.organization(s, "other", name="Other")
        factories.request_service(s, other)  # another business's progress never counts
        s.add(AvailabilityRule(organization_id=other.id, staff_user_id=factories.staff(s, other).id, weekday=0,
                               start_time=time(9), end_time=time(17)))
        return org.id, actor_for(owner)


def _steps(engine, actor) -> dict[str, bool]:
    with Session(engine) as s:
        checklist = setup_checklist.setup_checklist(s, actor=actor)
    return {step.key: step.done for step in checklist.steps} | {"all": checklist.done}


def test_a_new_business_has_every_step_to_do(engine, fresh):
    assert _steps(engine, fresh[1]) == {"service": False, "hours": False, "share": False, "all": False}


def test_an_archived_service_does_not_count_but_an_active_one_does(engine, fresh):
    org_id, actor = fresh
    with unit_of_work(engine) as s:
        factories.request_service(s, s.get(Organization, org_id), active=False)
    assert _steps(engine, actor)["service"] is False
    with unit_of_work(engine) as s:
        factories.request_service(s, s.get(Organization, org_id), slug="active-one")
    assert _steps(engine, actor)["service"] is True


def test_hours_count_only_when_a_staff_member_has_them(engine, fresh):
    org_id, actor = fresh
    with unit_of_work(engine) as s:
        service = factories.request_service(s, s.get(Organization, org_id), active=False)
        # An old service-level rule (before hours belonged to people) is not "your hours".
        s.add(AvailabilityRule(organization_id=org_id, service_id=service.id, weekday=1, start_time=time(9), end_time=time(12)))
    assert _steps(engine, actor)["hours"] is False
    with unit_of_work(engine) as s:
        s.add(AvailabilityRule(organization_id=org_id, staff_user_id=actor.id, weekday=1, start_time=time(9), end_time=time(12)))
    assert _steps(engine, actor)["hours"] is True


def test_sharing_is_done_once_the_share_page_is_opened_and_stays_done(engine, fresh):
    org_id, actor = fresh
    with unit_of_work(engine) as s:
        first = share.mark_shared(s, actor=actor).shared_at
    with unit_of_work(engine) as s:
        assert share.mark_shared(s, actor=actor).shared_at == first  # the first time is kept
    assert _steps(engine, actor)["share"] is True


def test_all_done_when_every_step_is(engine, fresh):
    org_id, actor = fresh
    with unit_of_work(engine) as s:
        factories.request_service(s, s.get(Organization, org_id))
        s.add(AvailabilityRule(organization_id=org_id, staff_user_id=actor.id, weekday=2, start_time=time(9), end_time=time(17)))
        share.mark_shared(s, actor=actor)
    assert _steps(engine, actor) == {"service": True, "hours": True, "share": True, "all": True}


def test_only_staff_have_a_checklist(engine, fresh):
    with Session(engine) as s, pytest.raises(PermissionDenied):
        setup_checklist.setup_checklist(s, actor=Actor.system(fresh[0]))


def test_the_share_kit_has_the_portal_address_a_qr_code_and_an_iframe(engine, fresh, monkeypatch):
    from bookingapp.settings import get_settings

    monkeypatch.setattr(get_settings(), "public_base_url", "https://book.example.com")
    with Session(engine) as s:
        kit = share.share_kit(s, actor=fresh[1])
    assert kit.url == "https://book.example.com/b/fresh"
    assert kit.embed_snippet.startswith('<iframe src="https://book.example.com/b/fresh?embed=1"')
    assert 'title="Fresh Studio"' in kit.embed_snippet
    assert kit.qr_data_uri.startswith("data:image/svg+xml;base64,")
    assert kit.qr_download == "/api/qr/fresh"
    with Session(engine) as s:
        assert share.qr_code_of(s, slug="fresh").startswith(b"\x89PNG")
        assert share.qr_code_of(s, slug="fresh", kind="svg").startswith(b"<svg")
