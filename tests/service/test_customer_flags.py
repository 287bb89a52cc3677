"""Customer flags (issue 9): the alert message follows the customer to their future
bookings by the exact rules, only when customer accounts are on, and is logged."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.models import ActivityLog, Booking, Customer, Organization, OutboxEmail
from bookingapp.services import appointments, customers
from bookingapp.services.actors import Actor
from bookingapp.services.customers import FlaggingNeedsAccounts
from tests import factories

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
OLD = "Paid late twice: ask for prepayment."
NEW = "Owes 40 EUR from the last visit."


@pytest.fixture
def world(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "studio", customer_accounts="verify_email", timezone="Europe/Berlin")
        staff = factories.staff_actor(s, org)
        ann = factories.customer(s, org, "ann@example.com", name="Ann", alert_message=OLD, flagged_at=NOW - timedelta(days=9))
        service = factories.request_service(s, org)

        def make(ref, days, status="confirmed", alert=None):
            return factories.booking(s, org, customer_row=ann, service=service, reference=ref, status=status,
                                     starts_at=NOW + timedelta(days=days), alert_message=alert).id

        ids = {
            "none": make("FUTNONE", 3),
            "same": make("FUTSAME", 4, alert=OLD),
            "other": make("FUTOTHER", 5, alert="Allergic to nuts"),
            "blank": make("FUTBLANK", 6, alert=""),
            "requested": make("FUTREQ", 7, status="requested"),
            "past": make("PAST", -3, status="completed", alert=OLD),
            "past_none": make("PASTNONE", -2, status="completed"),
            "cancelled": make("FUTCANC", 8, status="cancelled", alert=OLD),
        }
        return org.id, staff, ann.id, ids


def _set(engine, actor, customer_id, message, now=NOW):
    with unit_of_work(engine) as s:
        return customers.set_alert(s, actor=actor, customer_id=customer_id, message=message, now=now).bookings_updated


def _alerts(engine, ids) -> dict[str, str | None]:
    with Session(engine) as s:
        return {key: s.get(Booking, id_).alert_message for key, id_ in ids.items()}


def _customer(engine, customer_id) -> Customer:
    with Session(engine, expire_on_commit=False) as s:
        return s.get(Customer, customer_id)


def test_new_alert_reaches_future_bookings_with_no_alert_or_the_previous_one(engine, world):
    _, staff, ann, ids = world
    assert _set(engine, staff, ann, NEW) == 4
    alerts = _alerts(engine, ids)
    assert alerts["none"] == NEW
    assert alerts["same"] == NEW
    assert alerts["blank"] == NEW
    assert alerts["requested"] == NEW
    customer = _customer(engine, ann)
    # Changing the message is no new flagging: "flagged since" stays the first time (issue 21).
    assert customer.alert_message == NEW and customer.flagged_at == NOW - timedelta(days=9)


def test_a_booking_specific_alert_is_kept(engine, world):
    _, staff, ann, ids = world
    _set(engine, staff, ann, NEW)
    assert _alerts(engine, ids)["other"] == "Allergic to nuts"


def test_past_and_cancelled_bookings_are_history_and_unchanged(engine, world):
    _, staff, ann, ids = world
    _set(engine, staff, ann, NEW)
    alerts = _alerts(engine, ids)
    assert alerts["past"] == OLD
    assert alerts["past_none"] is None
    assert alerts["cancelled"] == OLD


def test_clearing_unflags_and_clears_only_what_followed_the_customer(engine, world):
    _, staff, ann, ids = world
    assert _set(engine, staff, ann, "  ") == 1  # only FUTSAME carried the old alert
    alerts = _alerts(engine, ids)
    assert alerts["same"] is None
    assert alerts["other"] == "Allergic to nuts"
    assert alerts["past"] == OLD and alerts["cancelled"] == OLD
    customer = _customer(engine, ann)
    assert customer.alert_message is None and customer.flagged_at is None


def test_flag_and_clear_are_written_to_the_activity_log(engine, world):
    org_id, staff, ann, _ = world
    _set(engine, staff, ann, NEW)
    _set(engine, staff, ann, "")
    with Session(engine) as s:
        entries = s.exec(select(ActivityLog).where(ActivityLog.customer_id == ann).order_by(ActivityLog.id)).all()
    assert [(e.action, e.data["message"], e.data["previous"]) for e in entries] == [
        ("customer.flag_changed", NEW, OLD), ("customer.unflagged", "", NEW)]
    assert entries[0].data["bookings_updated"] == 4
    assert all(e.organization_id == org_id and e.actor_kind == "staff" for e in entries)


def test_flagging_is_refused_without_customer_accounts_and_nothing_changes(engine, world):
    org_id, staff, ann, ids = world
    with unit_of_work(engine) as s:
        s.get(Organization, org_id).customer_accounts = "none"
    before = _alerts(engine, ids)
    with pytest.raises(FlaggingNeedsAccounts) as caught:
        _set(engine, staff, ann, NEW)
    assert "customer accounts" in str(caught.value)
    assert _alerts(engine, ids) == before
    assert _customer(engine, ann).alert_message == OLD
    # Clearing an old flag stays possible, or it could never be removed.
    _set(engine, staff, ann, "")
    assert _customer(engine, ann).alert_message is None


@pytest.mark.parametrize("policy", ["verify_email", "password"])
def test_flagging_is_allowed_with_verified_email_or_passwords(engine, world, policy):
    org_id, staff, ann, _ = world
    with unit_of_work(engine) as s:
        s.get(Organization, org_id).customer_accounts = policy
    _set(engine, staff, ann, NEW)
    assert _customer(engine, ann).alert_message == NEW


def test_a_too_long_message_is_refused(engine, world):
    _, staff, ann, ids = world
    with pytest.raises(ValidationFailed):
        _set(engine, staff, ann, "x" * 501)
    assert _customer(engine, ann).alert_message == OLD


def test_another_organization_cannot_flag_and_customers_cannot_flag(engine, world):
    _, _, ann, _ = world
    with unit_of_work(engine) as s:
        other = factories.organization(s, "other", customer_accounts="password")
        outsider = factories.staff_actor(s, other)
    with pytest.raises(NotFound):
        _set(engine, outsider, ann, NEW)
    with pytest.raises(PermissionDenied):
        _set(engine, Actor("customer", world[0], ann, "Ann"), ann, NEW)
    assert _customer(engine, ann).alert_message == OLD


def test_new_booking_with_the_same_email_carries_the_alert_and_another_email_does_not(engine, world):
    org_id, staff, ann, _ = world
    _set(engine, staff, ann, NEW)
    with unit_of_work(engine) as s:
        service = factories.appointment_service(s, s.get(Organization, org_id), hours=(time(9), time(17)))
        service_id = service.id
    tomorrow_10 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    with unit_of_work(engine) as s:
        same, _ = appointments.book(s, service_id=service_id, starts_at=tomorrow_10, name="Ann", email="ANN@example.com", now=NOW)
        same_alert = same.alert_message
    with unit_of_work(engine) as s:
        other, _ = appointments.book(s, service_id=service_id, starts_at=tomorrow_10 + timedelta(hours=2), name="Ann",
                                     email="ann.other@example.com", now=NOW)
        other_alert, other_customer = other.alert_message, other.customer_id
    assert same_alert == NEW
    assert other_alert is None and other_customer != ann


def test_search_finds_by_name_or_email_with_the_flag_and_only_in_the_organization(engine, world):
    org_id, staff, ann, _ = world
    with unit_of_work(engine) as s:
        factories.customer(s, s.get(Organization, org_id), "bob@example.com", name="Bob Annerl")
        other = factories.organization(s, "other")
        factories.customer(s, other, "ann@example.com", name="Ann Elsewhere")
    with Session(engine) as s:
        hits = customers.search_customers(s, actor=staff, query="ann")
        assert [(h.name, h.alert) for h in hits] == [("Ann", OLD), ("Bob Annerl", "")]
        assert customers.search_customers(s, actor=staff, query="a") == []
        assert [h.name for h in customers.search_customers(s, actor=staff, query="BOB@")] == ["Bob Annerl"]
        assert customers.search_customers(s, actor=staff, query="%") == []  # wildcards are literal text


def test_the_list_pages_by_name(engine, world):
    org_id, staff, _, _ = world
    with unit_of_work(engine) as s:
        org = s.get(Organization, org_id)
        for i in range(30):
            factories.customer(s, org, f"c{i:02d}@example.com", name=f"Zed {i:02d}")
    with Session(engine) as s:
        first = customers.list_customers(s, actor=staff, page=1, per_page=25)
        second = customers.list_customers(s, actor=staff, page=2, per_page=25)
        beyond = customers.list_customers(s, actor=staff, page=99, per_page=25)
    assert (first.total, first.pages) == (31, 2)
    assert first.rows[0].name == "Ann" and len(first.rows) == 25
    assert [r.name for r in second.rows] == [f"Zed {i:02d}" for i in range(24, 30)]
    assert beyond.page == 2


def test_profile_shows_upcoming_and_past_bookings_and_the_credit_balance(engine, world):
    org_id, staff, ann, _ = world
    from bookingapp.services import credits
    with unit_of_work(engine) as s:
        credits.grant(s, actor=staff, customer_id=ann, delta=5, reason="Welcome")
    with Session(engine) as s:
        p = customers.profile(s, actor=staff, customer_id=ann, now=NOW)
    # A cancelled booking of a future date is history, not upcoming (issue 22).
    assert [b.reference for b in p.upcoming] == ["FUTNONE", "FUTSAME", "FUTOTHER", "FUTBLANK", "FUTREQ"]
    assert [b.reference for b in p.past] == ["FUTCANC", "PASTNONE", "PAST"]
    assert p.credit_balance == 5 and p.flagging_allowed


def test_the_customer_accounts_setting_is_validated_and_logged(engine, world):
    org_id, staff, _, _ = world
    with pytest.raises(ValidationFailed), unit_of_work(engine) as s:
        customers.set_customer_accounts(s, actor=staff, policy="anyone")
    with unit_of_work(engine) as s:
        customers.set_customer_accounts(s, actor=staff, policy="password")
    with Session(engine) as s:
        assert s.get(Organization, org_id).customer_accounts == "password"
        entry = s.exec(select(ActivityLog).where(ActivityLog.action == "organization.customer_accounts_changed")).one()
        assert entry.data == {"from": "verify_email", "to": "password"}


# --- issue 21: flagged since, the history, a booking's own alert, staff emails --------


def test_editing_the_message_keeps_flagged_since_and_clearing_then_flagging_starts_anew(engine, world):
    _, staff, ann, _ = world
    first = NOW - timedelta(days=9)
    _set(engine, staff, ann, NEW, now=NOW)
    assert _customer(engine, ann).flagged_at == first
    _set(engine, staff, ann, "", now=NOW + timedelta(days=1))
    assert _customer(engine, ann).flagged_at is None
    _set(engine, staff, ann, OLD, now=NOW + timedelta(days=2))
    assert _customer(engine, ann).flagged_at == NOW + timedelta(days=2)


def test_every_flag_change_is_in_the_customers_history_with_who_and_both_messages(engine, world):
    org_id, staff, ann, _ = world
    _set(engine, staff, ann, NEW)
    _set(engine, staff, ann, "")
    _set(engine, staff, ann, OLD)
    with Session(engine) as s:
        history = customers.profile(s, actor=staff, customer_id=ann, now=NOW).flag_history
    assert [(h.action, h.previous, h.message, h.by) for h in history] == [
        ("customer.flagged", "", OLD, staff.name),
        ("customer.unflagged", NEW, "", staff.name),
        ("customer.flag_changed", OLD, NEW, staff.name),
    ]
    assert history[0].at >= history[1].at >= history[2].at


def _booking_alert(engine, actor, booking_id, message, now=NOW):
    with unit_of_work(engine) as s:
        return customers.set_booking_alert(s, actor=actor, booking_id=booking_id, message=message, now=now)


def test_a_bookings_own_alert_survives_the_customers_flag_changes_even_when_empty(engine, world):
    _, staff, ann, ids = world
    _booking_alert(engine, staff, ids["none"], "Bring the wheelchair ramp")
    _booking_alert(engine, staff, ids["same"], "")  # "not for this booking", although it carried OLD
    _set(engine, staff, ann, NEW)
    _set(engine, staff, ann, "")
    _set(engine, staff, ann, NEW)
    alerts = _alerts(engine, ids)
    assert alerts["none"] == "Bring the wheelchair ramp"
    assert alerts["same"] is None
    assert alerts["blank"] == NEW  # bookings without their own alert still follow


def test_following_the_customer_again_takes_the_flag_and_later_changes(engine, world):
    _, staff, ann, ids = world
    _booking_alert(engine, staff, ids["none"], "Only this time: late arrival")
    with unit_of_work(engine) as s:
        result = customers.follow_customer_alert(s, actor=staff, booking_id=ids["none"], now=NOW)
        assert (result.booking.alert_message, result.booking.own_alert) == (OLD, False)
    _set(engine, staff, ann, NEW)
    assert _alerts(engine, ids)["none"] == NEW
    with Session(engine) as s:
        entries = s.exec(select(ActivityLog).where(ActivityLog.booking_id == ids["none"]).order_by(ActivityLog.id)).all()
    assert [(e.action, e.data["previous"], e.data["message"]) for e in entries] == [
        ("booking.alert_changed", "", "Only this time: late arrival"), ("booking.alert_follows_customer", "Only this time: late arrival", OLD)]


def test_a_bookings_alert_is_refused_once_it_ended_or_without_accounts_and_nothing_changes(engine, world):
    org_id, staff, _, ids = world
    with pytest.raises(customers.BookingAlertClosed):
        _booking_alert(engine, staff, ids["past"], "Too late")
    with pytest.raises(customers.BookingAlertClosed):
        _booking_alert(engine, staff, ids["cancelled"], "Too late")
    with unit_of_work(engine) as s:
        s.get(Organization, org_id).customer_accounts = "none"
    with pytest.raises(FlaggingNeedsAccounts):
        _booking_alert(engine, staff, ids["none"], "No accounts")
    with pytest.raises(ValidationFailed):
        _booking_alert(engine, staff, ids["other"], "x" * 501)
    assert _alerts(engine, ids)["past"] == OLD and _alerts(engine, ids)["none"] is None
    assert _alerts(engine, ids)["other"] == "Allergic to nuts"
    with pytest.raises(PermissionDenied), unit_of_work(engine) as s:
        customers.set_booking_alert(s, actor=Actor("customer", org_id, 1, "Ann"), booking_id=ids["none"], message="", now=NOW)


def test_staff_emails_about_a_flagged_customers_booking_show_the_flag_and_customers_never_see_it(engine, world):
    org_id, staff, _, _ = world
    with unit_of_work(engine) as s:
        service_id = factories.appointment_service(s, s.get(Organization, org_id), hours=(time(9), time(17))).id
    with unit_of_work(engine) as s:
        booking, _ = appointments.book(s, service_id=service_id, starts_at=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
                                       name="Ann", email="ann@example.com", now=NOW)
        booking_id = booking.id
    with Session(engine) as s:
        emails = {e.template_key: e for e in s.exec(select(OutboxEmail).where(OutboxEmail.booking_id == booking_id))}
    staff_email, customer_email = emails["new_booking_instant"], emails["booking_confirmed"]
    assert staff_email.subject.startswith("\u2691 Flagged customer · New booking")
    assert staff_email.text.startswith(f"\u2691 Flagged customer: {OLD}\n\n")
    assert "Flagged customer: Paid late twice: ask for prepayment." in staff_email.html
    assert "Flagged" not in customer_email.text and OLD not in customer_email.text and "\u2691" not in customer_email.subject


def test_a_staff_template_that_places_the_flag_itself_gets_it_once_there(engine, world):
    org_id, staff, ann, _ = world
    from bookingapp.services.notifications import queue_email, save_template

    with unit_of_work(engine) as s:
        org = s.get(Organization, org_id)
        save_template(s, org=org, key="new_booking_instant", locale="en", subject="[CUSTOMER_ALERT] New: [SERVICE_NAME]",
                      body="Booked by [CUSTOMER_NAME].\n[CUSTOMER_ALERT]")
        flagged = queue_email(s, org=org, key="new_booking_instant", to="owner@studio.test",
                              values={"CUSTOMER_NAME": "Ann", "SERVICE_NAME": "Tasting", "CUSTOMER_ALERT": NEW})
        plain = queue_email(s, org=org, key="new_booking_instant", to="owner@studio.test",
                            values={"CUSTOMER_NAME": "Bob", "SERVICE_NAME": "Tasting", "CUSTOMER_ALERT": ""})
        assert flagged.subject == f"\u2691 Flagged customer: {NEW} New: Tasting"
        assert flagged.text == f"Booked by Ann.\n\u2691 Flagged customer: {NEW}"
        assert (plain.subject, plain.text) == ("New: Tasting", "Booked by Bob.\n")


def test_staff_emails_use_the_businesss_language_for_the_flag(engine, world):
    org_id, _, _, _ = world
    from bookingapp.services.notifications import queue_email

    with unit_of_work(engine) as s:
        org = s.get(Organization, org_id)
        org.locale = "de"
        email = queue_email(s, org=org, key="new_booking_instant", to="owner@studio.test",
                            values={"CUSTOMER_NAME": "Ann", "SERVICE_NAME": "Tasting", "CUSTOMER_ALERT": NEW})
        assert email.text.startswith(f"\u2691 Markierter Kunde: {NEW}")

