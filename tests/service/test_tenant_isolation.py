"""Staff see only their organization: another tenant's rows look exactly like missing ones."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from bookingapp.domain.errors import NotFound
from bookingapp.models import Booking, Customer, OutboxEmail
from bookingapp.services import outbox
from bookingapp.services.actors import Actor, get_owned
from bookingapp.services.notifications import queue_email
from tests import factories as f


@pytest.fixture
def two_orgs(session):
    org_a, org_b = f.organization(session, "alpha"), f.organization(session, "beta")
    return org_a, org_b, f.staff_actor(session, org_a), f.staff_actor(session, org_b)


def _failed_email(session: Session, org, to: str) -> OutboxEmail:
    email = queue_email(session, org=org, key="test_message", to=to, values={"STAFF_NAME": "Sam"})
    email.status, email.attempts = "failed", outbox.MAX_ATTEMPTS
    session.flush()
    return email


def test_get_owned_returns_a_row_of_the_actors_organization(session, two_orgs):
    org_a, _, staff_a, _ = two_orgs
    customer = f.customer(session, org_a)

    assert get_owned(session, Customer, customer.id, staff_a).id == customer.id


def test_get_owned_reports_another_orgs_row_and_a_missing_id_alike(session, two_orgs):
    _, org_b, staff_a, _ = two_orgs
    theirs = f.booking(session, org_b)

    with pytest.raises(NotFound) as other:
        get_owned(session, Booking, theirs.id, staff_a)
    with pytest.raises(NotFound) as missing:
        get_owned(session, Booking, 999_999, staff_a)
    with pytest.raises(NotFound) as none:
        get_owned(session, Booking, None, staff_a)

    assert str(other.value) == str(missing.value) == str(none.value)


def test_an_actor_without_organization_owns_nothing(session, two_orgs):
    org_a, *_ = two_orgs
    customer = f.customer(session, org_a)

    with pytest.raises(NotFound):
        get_owned(session, Customer, customer.id, Actor.system())


def test_mailbox_shows_only_the_own_organizations_emails(session, two_orgs):
    org_a, org_b, staff_a, staff_b = two_orgs
    for i in range(3):
        queue_email(session, org=org_a, key="test_message", to=f"a{i}@example.com", values={"STAFF_NAME": "A"})
    queue_email(session, org=org_b, key="test_message", to="b@example.com", values={"STAFF_NAME": "B"})
    session.flush()

    rows_a, total_a = outbox.mailbox(session, actor=staff_a)
    rows_b, total_b = outbox.mailbox(session, actor=staff_b)

    assert total_a == 3 and [r.to_email for r in rows_a] == ["a2@example.com", "a1@example.com", "a0@example.com"]
    assert total_b == 1 and [r.to_email for r in rows_b] == ["b@example.com"]


def test_mailbox_pages_within_the_organization(session, two_orgs):
    org_a, org_b, staff_a, _ = two_orgs
    for i in range(5):
        queue_email(session, org=org_a, key="test_message", to=f"a{i}@example.com", values={"STAFF_NAME": "A"})
        queue_email(session, org=org_b, key="test_message", to=f"b{i}@example.com", values={"STAFF_NAME": "B"})
    session.flush()

    page, total = outbox.mailbox(session, actor=staff_a, page=1, per_page=2)

    assert total == 5
    assert [r.to_email for r in page] == ["a2@example.com", "a1@example.com"]


def test_staff_cannot_retry_another_organizations_email(session, two_orgs):
    org_a, org_b, staff_a, staff_b = two_orgs
    theirs = _failed_email(session, org_b, "b@example.com")

    with pytest.raises(NotFound):
        outbox.retry_email(session, actor=staff_a, email_id=theirs.id)

    session.refresh(theirs)
    assert (theirs.status, theirs.attempts) == ("failed", outbox.MAX_ATTEMPTS)
    assert outbox.retry_email(session, actor=staff_b, email_id=theirs.id).status == "pending"
