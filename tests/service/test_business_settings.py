"""Settings → Business: every field, every refusal writing nothing, the old portal address
redirecting, the currency lock, the answer window and its effect on new requests."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import Session, SQLModel, select

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, PermissionDenied, ValidationFailed
from bookingapp.integrations.payments import CardInput
from bookingapp.models import ActivityLog, Booking, Organization, OutboxEmail, Service, SlugRedirect
from bookingapp.services import business, portal, requests
from bookingapp.services.accounts import actor_for
from tests import factories

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
VISA = CardInput("4242424242424242", 12, 2030, "123")


@pytest.fixture
def world(engine):
    with unit_of_work(engine) as s:
        org = factories.organization(s, "lindenhof", name="Lindenhof", currency="EUR")
        owner = actor_for(factories.staff(s, org, "owner@lindenhof.test"))
        staff = actor_for(factories.staff(s, org, "staff@lindenhof.test", role="staff", name="Sam Staff"))
        service = factories.request_service(s, org, staff_user_id=owner.id, price_minor=0)
        other = factories.organization(s, "elsewhere", name="Elsewhere")
        other_owner = actor_for(factories.staff(s, other, "owner@elsewhere.test"))
        return {"org_id": org.id, "owner": owner, "staff": staff, "service_id": service.id, "other_owner": other_owner}


def _form(engine, actor, **changes) -> business.BusinessForm:
    with Session(engine) as s:
        form = business.business_settings(s, actor=actor).form
    return dataclasses.replace(form, **changes)


def _save(engine, actor, **changes) -> Organization:
    form = _form(engine, actor, **changes)
    with unit_of_work(engine) as s:
        business.update_business(s, actor=actor, form=form)
    with Session(engine) as s:
        return s.get(Organization, actor.organization_id)


def _snapshot(engine) -> dict[str, list]:
    with Session(engine) as s:
        return {t.name: sorted(map(repr, s.execute(t.select()).all())) for t in SQLModel.metadata.sorted_tables}


def test_the_owner_sees_the_current_settings_and_the_commission(engine, world):
    with Session(engine) as s:
        shown = business.business_settings(s, actor=world["owner"])
    assert shown.form.name == "Lindenhof" and shown.form.slug == "lindenhof"
    assert shown.form.response_window_hours == "48" and shown.form.default_cutoff_hours == "24"
    assert shown.commission_pct == "0"


def test_every_field_is_saved(engine, world):
    org = _save(engine, world["owner"], name="  Lindenhof Café ", contact_email="Hello@Lindenhof.example.com",
                contact_phone="+49 30 1234567", reply_to_email="replies@lindenhof.example.com", timezone="America/New_York",
                currency="usd", locale="pl", response_window_hours="72", default_cutoff_hours="6",
                default_customer_cancellation="rebooking_request_only")
    assert org.name == "Lindenhof Café"
    assert org.contact_email == "hello@lindenhof.example.com" and org.contact_phone == "+49 30 1234567"
    assert org.reply_to_email == "replies@lindenhof.example.com"
    assert (org.timezone, org.currency, org.locale) == ("America/New_York", "USD", "pl")
    assert org.response_window_hours == 72 and org.default_cutoff_minutes == 6 * 60
    assert org.default_customer_cancellation == "rebooking_request_only"
    with Session(engine) as s:
        assert s.get(Service, world["service_id"]).currency == "USD"  # the services follow the currency
        logged = s.exec(select(ActivityLog).where(ActivityLog.action == "organization.business_changed")).one()
    assert logged.data["currency"] == "USD" and "slug" not in logged.data


def test_contact_details_can_be_cleared(engine, world):
    _save(engine, world["owner"], contact_email="a@example.com", contact_phone="030 1234")
    org = _save(engine, world["owner"], contact_email="", contact_phone=" ")
    assert org.contact_email is None and org.contact_phone is None


BAD_INPUT = [
    ("name", {"name": "  "}, "Enter the name of your business."),
    ("name", {"name": "x" * 121}, "The name of your business is too long (at most 120 characters)."),
    ("slug", {"slug": ""}, "Enter the address of your booking page."),
    ("slug", {"slug": "ab"}, "Use 3 to 60 lowercase letters, digits and single hyphens (not at the start or end)."),
    ("slug", {"slug": "a" * 61}, "Use 3 to 60 lowercase letters, digits and single hyphens (not at the start or end)."),
    ("slug", {"slug": "café-ü"}, "Use 3 to 60 lowercase letters, digits and single hyphens (not at the start or end)."),
    ("slug", {"slug": "-lindenhof"}, "Use 3 to 60 lowercase letters, digits and single hyphens (not at the start or end)."),
    ("slug", {"slug": "my shop"}, "Use 3 to 60 lowercase letters, digits and single hyphens (not at the start or end)."),
    ("slug", {"slug": "dashboard"}, "The address dashboard is reserved. Choose another one."),
    ("slug", {"slug": "signup"}, "The address signup is reserved. Choose another one."),
    ("slug", {"slug": "elsewhere"}, "The address elsewhere is taken. Choose another one."),
    ("contact_email", {"contact_email": "not-an-email"}, "Enter a valid email address, like name@example.com."),
    ("contact_phone", {"contact_phone": "call me maybe"}, "Enter a phone number with digits, spaces and + ( ) - only."),
    ("reply_to_email", {"reply_to_email": "a@"}, "Enter a valid email address, like name@example.com."),
    ("timezone", {"timezone": "Mars/Olympus"}, "Choose a timezone from the list, such as Europe/Berlin."),
    ("currency", {"currency": "XYZ"}, "Choose a currency from the list."),
    ("locale", {"locale": "fr"}, "Choose one of the options offered."),
    ("response_window_hours", {"response_window_hours": "11"}, "Enter between 12 and 168 hours."),
    ("response_window_hours", {"response_window_hours": "169"}, "Enter between 12 and 168 hours."),
    ("response_window_hours", {"response_window_hours": "4²"}, "Enter a whole number of hours."),
    ("response_window_hours", {"response_window_hours": "24.5"}, "Enter a whole number of hours."),
    ("default_cutoff_hours", {"default_cutoff_hours": "-1"}, "Enter a whole number of hours."),
    ("default_cutoff_hours", {"default_cutoff_hours": "721"}, "Enter between 0 and 720 hours."),
    ("default_customer_cancellation", {"default_customer_cancellation": "whenever"}, "Choose one of the options offered."),
]


@pytest.mark.parametrize(("field", "changes", "message"), BAD_INPUT, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(BAD_INPUT)])
def test_bad_input_is_refused_by_its_field_and_writes_nothing(engine, world, field, changes, message):
    # A good change to another field rides along: it must not be written either.
    form = _form(engine, world["owner"], **({"name": "Renamed"} if field != "name" else {"contact_phone": "030 999"}), **changes)
    before = _snapshot(engine)
    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        business.update_business(s, actor=world["owner"], form=form)
    assert refused.value.field == field
    assert refused.value.render() == message
    assert _snapshot(engine) == before


def test_the_answer_window_accepts_its_bounds(engine, world):
    assert _save(engine, world["owner"], response_window_hours="12").response_window_hours == 12
    assert _save(engine, world["owner"], response_window_hours="168").response_window_hours == 168


def test_a_new_request_gets_the_answer_window_of_the_business(engine, world, gateway):
    _save(engine, world["owner"], response_window_hours="12")
    with unit_of_work(engine) as s:
        paid = factories.request_service(s, s.get(Organization, world["org_id"]), slug="paid", price_minor=4500)
    with time_machine.travel(NOW, tick=False), unit_of_work(engine) as s:
        form = requests.RequestForm(service_id=paid.id, starts_at=NOW + timedelta(days=3), party_size=2,
                                    group=True, name="Alex", email="alex@example.com", phone="", note="", card=VISA)
        booking, _ = requests.create_request(s, form=form, gateway=gateway, now=NOW)
        assert booking.respond_by == NOW + timedelta(hours=12)


def test_a_new_address_keeps_the_old_one_leading_to_it(engine, world):
    _save(engine, world["owner"], slug="lindenhof-cafe")
    with Session(engine) as s:
        assert portal.resolve_slug(s, "lindenhof") == "lindenhof-cafe"
        assert portal.resolve_slug(s, "lindenhof-cafe") == "lindenhof-cafe"
        assert portal.resolve_slug(s, "nowhere") is None
        with pytest.raises(NotFound):
            portal.organization_by_slug(s, "lindenhof")
    # A second change: both old addresses lead to the newest.
    _save(engine, world["owner"], slug="linden")
    with Session(engine) as s:
        assert portal.resolve_slug(s, "lindenhof") == "linden"
        assert portal.resolve_slug(s, "lindenhof-cafe") == "linden"
        assert s.exec(select(ActivityLog).where(ActivityLog.action == "organization.address_changed")).all()


def test_a_business_can_take_back_its_own_old_address(engine, world):
    _save(engine, world["owner"], slug="lindenhof-cafe")
    org = _save(engine, world["owner"], slug="lindenhof")
    assert org.slug == "lindenhof"
    with Session(engine) as s:
        assert s.get(SlugRedirect, "lindenhof") is None
        assert portal.resolve_slug(s, "lindenhof-cafe") == "lindenhof"


def test_another_business_cannot_take_an_old_address(engine, world):
    _save(engine, world["owner"], slug="lindenhof-cafe")
    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        business.update_business(s, actor=world["other_owner"], form=_form(engine, world["other_owner"], slug="lindenhof"))
    assert refused.value.field == "slug"
    assert refused.value.render() == "The address lindenhof is taken. Choose another one."


def test_sign_up_never_takes_an_old_or_reserved_address(engine, world):
    from bookingapp.services import accounts

    _save(engine, world["owner"], slug="lindenhof-cafe")
    with unit_of_work(engine) as s:
        first = accounts.sign_up(s, organization_name="Lindenhof", name="Ann", email="ann@example.com",
                                 password="a-good-password")
        second = accounts.sign_up(s, organization_name="Admin", name="Bo", email="bo@example.com",
                                  password="a-good-password")
        slugs = (s.get(Organization, first.organization_id).slug, s.get(Organization, second.organization_id).slug)
    assert slugs == ("lindenhof-2", "admin-2")


def test_the_currency_cannot_change_once_a_booking_has_a_price(engine, world):
    with unit_of_work(engine) as s:
        org = s.get(Organization, world["org_id"])
        paid = factories.request_service(s, org, slug="paid", price_minor=4500)
        for _ in range(3):
            factories.booking(s, org, service=paid, price_minor=4500)
        factories.booking(s, org, service=paid, price_minor=0, reference="FREE0001")
    before = _snapshot(engine)
    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        business.update_business(s, actor=world["owner"], form=_form(engine, world["owner"], currency="USD"))
    assert refused.value.field == "currency"
    assert refused.value.render() == "The currency cannot change: 3 bookings already have a price in EUR."
    assert _snapshot(engine) == before
    # Other fields still save while the currency stays.
    assert _save(engine, world["owner"], name="Still Lindenhof").currency == "EUR"


def _priced(engine, world, **prices) -> dict[str, int]:
    """Services of the world's business by slug, with these prices in minor units; their ids."""
    with unit_of_work(engine) as s:
        org = s.get(Organization, world["org_id"])
        return {slug: factories.request_service(s, org, slug=slug, name=slug.capitalize(), price_minor=minor,
                                                currency=org.currency, active=slug != "archived").id for slug, minor in prices.items()}


def _prices(engine, ids: dict[str, int]) -> dict[str, tuple[int, str]]:
    with Session(engine) as s:
        return {slug: (s.get(Service, id_).price_minor, s.get(Service, id_).currency) for slug, id_ in ids.items()}


def test_a_new_currency_keeps_the_price_the_owner_typed(engine, world):
    ids = _priced(engine, world, consultation=4500, tasting=12000, archived=100)
    assert _save(engine, world["owner"], currency="JPY").currency == "JPY"
    assert _prices(engine, ids) == {"consultation": (45, "JPY"), "tasting": (120, "JPY"), "archived": (1, "JPY")}
    _save(engine, world["owner"], currency="KWD")  # three decimals: 45 yen are 45.000 KWD
    assert _prices(engine, ids) == {"consultation": (45_000, "KWD"), "tasting": (120_000, "KWD"), "archived": (1000, "KWD")}
    _save(engine, world["owner"], currency="EUR")
    assert _prices(engine, ids) == {"consultation": (4500, "EUR"), "tasting": (12000, "EUR"), "archived": (100, "EUR")}


def test_a_currency_without_a_services_exact_price_is_refused_naming_the_service(engine, world):
    _priced(engine, world, consultation=4550, tasting=12000)
    before = _snapshot(engine)
    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        business.update_business(s, actor=world["owner"], form=_form(engine, world["owner"], currency="JPY", name="New name"))
    assert refused.value.field == "currency"
    assert refused.value.render() == ("Consultation costs €45.50, which has no exact price in JPY: "
                                      "change its price first.")
    assert _snapshot(engine) == before
    assert _save(engine, world["owner"], currency="USD").currency == "USD"  # two decimals like EUR: fine


def test_a_currency_whose_ceiling_a_services_price_exceeds_is_refused(engine, world):
    _save(engine, world["owner"], currency="KRW")
    _priced(engine, world, massage=250_000)  # ₩250,000: a real price; €250,000 is not
    before = _snapshot(engine)
    with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
        business.update_business(s, actor=world["owner"], form=_form(engine, world["owner"], currency="EUR"))
    assert refused.value.field == "currency"
    assert refused.value.render() == ("Massage costs ₩250,000, more than the highest price in EUR (€100,000.00): "
                                      "change its price first.")
    assert _snapshot(engine) == before


def test_staff_cannot_read_or_change_the_business_settings(engine, world):
    with Session(engine) as s, pytest.raises(PermissionDenied):
        business.business_settings(s, actor=world["staff"])
    form = _form(engine, world["owner"], name="Taken over")
    before = _snapshot(engine)
    with pytest.raises(PermissionDenied), unit_of_work(engine) as s:
        business.update_business(s, actor=world["staff"], form=form)
    assert _snapshot(engine) == before


@pytest.mark.parametrize(("typed", "stored"), [("23.8", "23.8"), ("0", "0"), ("100", "100"), ("12,50", "12.5"), ("7.25", "7.25")])
def test_the_operator_sets_the_commission(engine, world, typed, stored):
    with unit_of_work(engine) as s:
        assert business.set_commission(s, slug="lindenhof", percent=typed) == ("0", stored)
    with Session(engine) as s:
        assert s.get(Organization, world["org_id"]).platform_commission_pct == stored
        assert business.business_settings(s, actor=world["owner"]).commission_pct == stored


@pytest.mark.parametrize("typed", ["-1", "100.01", "abc", "", "NaN", "Infinity", "1e3", "12.345"])
def test_a_bad_commission_is_refused_and_writes_nothing(engine, world, typed):
    before = _snapshot(engine)
    with pytest.raises(ValidationFailed), unit_of_work(engine) as s:
        business.set_commission(s, slug="lindenhof", percent=typed)
    assert _snapshot(engine) == before


def test_the_commission_of_an_unknown_business_is_not_found(engine, world):
    with pytest.raises(NotFound), unit_of_work(engine) as s:
        business.set_commission(s, slug="nobody", percent="10")


def test_a_short_answer_window_drives_the_reminder_and_the_expiry(engine, world, gateway):
    """A 12-hour window: the reminder comes half way (6 h left, not at once), the request
    expires after 12 hours."""
    _save(engine, world["owner"], response_window_hours="12")
    with unit_of_work(engine) as s:
        paid = factories.request_service(s, s.get(Organization, world["org_id"]), slug="paid", price_minor=4500,
                                         staff_user_id=world["owner"].id)
    with time_machine.travel(NOW, tick=False), unit_of_work(engine) as s:
        form = requests.RequestForm(service_id=paid.id, starts_at=NOW + timedelta(days=3), party_size=2,
                                    group=True, name="Alex", email="alex@example.com", phone="", note="", card=VISA)
        booking, _ = requests.create_request(s, form=form, gateway=gateway, now=NOW)
        booking_id = booking.id
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        assert requests.remind_providers(engine=engine, now=NOW + timedelta(hours=1)) == 0
        assert requests.remind_providers(engine=engine, now=NOW + timedelta(hours=5, minutes=59)) == 0
        assert requests.remind_providers(engine=engine, now=NOW + timedelta(hours=6)) == 1
        assert requests.expire_overdue_requests(engine=engine, now=NOW + timedelta(hours=11), gateway=gateway) == 0
    with time_machine.travel(NOW + timedelta(hours=12), tick=False):
        assert requests.expire_overdue_requests(engine=engine, now=NOW + timedelta(hours=12), gateway=gateway) == 1
    with Session(engine) as s:
        assert s.get(Booking, booking_id).status == "expired"
        reminder = s.exec(select(OutboxEmail).where(OutboxEmail.template_key == "respond_reminder")).one()
        assert reminder.subject.startswith("6 hours left to answer") and "24 hours" not in reminder.text


def test_a_new_business_picks_its_timezone_currency_and_language_at_sign_up(engine):
    from bookingapp.services import accounts

    with unit_of_work(engine) as s:
        owner = accounts.sign_up(s, organization_name="New York Nails", name="Nia", email="nia@example.com",
                                 password="a-good-password", timezone="America/New_York", currency="USD", locale="pl")
        org = s.get(Organization, owner.organization_id)
        assert (org.timezone, org.currency, org.locale, org.slug) == ("America/New_York", "USD", "pl", "new-york-nails")
    for bad, field in ((dict(timezone="Mars/Base"), "timezone"), (dict(currency="XXX"), "currency"), (dict(locale="fr"), "locale")):
        before = _snapshot(engine)
        with pytest.raises(ValidationFailed) as refused, unit_of_work(engine) as s:
            accounts.sign_up(s, organization_name="Other", name="Ola", email="ola@example.com", password="a-good-password",
                             **bad)
        assert refused.value.field == field
        assert _snapshot(engine) == before
