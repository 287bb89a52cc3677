"""A staff member's private calendar feed (issue 20): the address is created on the first
visit and shown again on every later one, replacing it makes the old one answer 404, and
the calendar behind it holds the member's bookings and classes (cancelled ones drop out)
with the customer's note, the flag's alert and the manage link, valid RFC 5545."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import event
from sqlmodel import Session, select
from starlette.testclient import TestClient

from bookingapp import api
from bookingapp.db import unit_of_work
from bookingapp.domain.errors import NotFound, PermissionDenied
from bookingapp.models import ActivityLog, Booking, Organization, Service, StaffUser
from bookingapp.services import calendar_feed, link_tokens, manage_links
from bookingapp.services.accounts import actor_for
from bookingapp.services.actors import Actor
from bookingapp.settings import get_settings
from tests import factories
from tests.ics_rules import valid_calendar
from tests.service.class_fixtures import NOW, class_service, class_session


@dataclass
class World:
    org_id: int
    chris: StaffUser
    dana: StaffUser
    mine: Booking  # Chris's, flagged, with a note
    unassigned: Booking  # nobody's, of a service Chris gives
    requested: Booking
    completed: Booking
    cancelled: Booking
    danas: Booking
    too_old: Booking
    too_far: Booking
    yoga_session_id: int
    cancelled_session_id: int
    danas_session_id: int


@pytest.fixture
def world(engine) -> World:
    with unit_of_work(engine) as s:
        org = factories.organization(s, "lindenhof", name="Studio Lindenhof", timezone="Europe/Berlin")
        dana = factories.staff(s, org, "dana@lindenhof.test", name="Dana Demo")
        chris = factories.staff(s, org, "chris@lindenhof.test", name="Chris Coach", role="staff")
        sam = factories.customer(s, org, "sam@example.com", name="Sam Sample", phone="+49 30 555",
                                 alert_message="Paid late twice: ask for prepayment.")
        alex = factories.customer(s, org, "alex@example.com", name="Alex Example")
        massage = factories.appointment_service(s, org, name="Sports massage", slug="massage", staff=chris, location="Studio 3")
        tasting = factories.request_service(s, org, name="Wine tasting", staff_user_id=chris.id)
        consult = factories.appointment_service(s, org, name="Consultation", slug="consult", staff=dana)

        def book(service, customer, days, **kw):
            kw.setdefault("status", "confirmed")
            kw.setdefault("location", service.location)
            return factories.booking(s, org, customer_row=customer, service=service, starts_at=NOW + timedelta(days=days), **kw)

        mine = book(massage, sam, 2, staff_user_id=chris.id, note="Left shoulder; no oils, please",
                    alert_message=sam.alert_message, lock_version=3)
        unassigned = book(tasting, alex, 5, location=None, location_tbd=True, party_size=4)
        requested = book(massage, alex, 6, staff_user_id=chris.id, status="requested")
        completed = book(massage, alex, -20, staff_user_id=chris.id, status="completed")
        cancelled = book(massage, sam, 3, staff_user_id=chris.id, status="cancelled")
        danas = book(consult, alex, 2, staff_user_id=dana.id)
        too_old = book(massage, alex, -40, staff_user_id=chris.id, status="completed")
        too_far = book(massage, alex, 400, staff_user_id=chris.id)

        yoga = class_service(s, org, name="Morning yoga", staff_user_id=chris.id)
        taught = class_session(s, yoga, starts_at=NOW + timedelta(days=1), capacity=8)
        for customer, party in ((sam, 1), (alex, 2)):
            book(yoga, customer, 1, session_id=taught.id, party_size=party, ends_at=taught.ends_at,
                 note="Knee injury" if customer is alex else "")
        book(yoga, factories.customer(s, org, "gone@example.com", name="Gone Away"), 1, session_id=taught.id,
             status="cancelled", ends_at=taught.ends_at)
        called_off = class_session(s, yoga, starts_at=NOW + timedelta(days=2))
        called_off.cancelled = True
        danas_class = class_session(s, class_service(s, org, name="Evening yoga", slug="evening", staff_user_id=dana.id),
                                    starts_at=NOW + timedelta(days=3))
        s.flush()
        return World(org.id, chris, dana, mine, unassigned, requested, completed, cancelled, danas, too_old, too_far,
                     taught.id, called_off.id, danas_class.id)


def _address(engine, member: StaffUser) -> calendar_feed.FeedAddress:
    with unit_of_work(engine) as s:
        return calendar_feed.feed_address(s, actor=actor_for(member))


def _token(address: calendar_feed.FeedAddress) -> str:
    path = urlsplit(address.url).path
    assert path.startswith("/api/feed/") and path.endswith(".ics")
    return path.removeprefix("/api/feed/").removesuffix(".ics")


def _feed(engine, token: str) -> str:
    with Session(engine) as s:
        return calendar_feed.feed_ics(s, token=token, now=NOW)


def _events(engine, member: StaffUser) -> dict[str, object]:
    cal = valid_calendar(_feed(engine, _token(_address(engine, member))))
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def _logged(engine, action: str) -> int:
    with Session(engine) as s:
        return len(s.exec(select(ActivityLog).where(ActivityLog.action == action)).all())


# --- the address ------------------------------------------------------------------------


def test_the_first_visit_creates_the_address_and_every_later_visit_shows_the_same(engine, world):
    first = _address(engine, world.chris)
    again = _address(engine, world.chris)
    assert first == again
    assert first.url.startswith(get_settings().public_base_url.rstrip("/") + "/api/feed/")
    assert first.webcal == "webcal://" + first.url.split("://", 1)[1]
    assert _logged(engine, "staff.feed_created") == 1
    assert _address(engine, world.dana) != first  # each member has their own


def test_the_database_alone_never_yields_a_working_address(engine, world):
    token = _token(_address(engine, world.chris))
    with Session(engine) as s:
        stored = s.get(StaffUser, world.chris.id).feed_token_hash
    assert stored and stored in token and stored != token
    for guess in (stored, stored + link_tokens.sha256(stored)[:43], link_tokens.sha256(token)):
        with pytest.raises(NotFound):
            _feed(engine, guess)
    assert "BEGIN:VCALENDAR" in _feed(engine, token)


def test_replacing_the_address_makes_the_old_one_answer_not_found(engine, world):
    old = _address(engine, world.chris)
    with unit_of_work(engine) as s:
        new = calendar_feed.replace_feed_token(s, actor=actor_for(world.chris))
    assert new != old and _address(engine, world.chris) == new
    with pytest.raises(NotFound):
        _feed(engine, _token(old))
    assert f"{world.mine.reference}@bookings" in _feed(engine, _token(new)).replace("\r\n ", "")
    assert _logged(engine, "staff.feed_replaced") == 1


def _mutations(token: str):
    nonce, mac = token[:calendar_feed.NONCE_LENGTH], token[calendar_feed.NONCE_LENGTH:]
    yield ""
    yield token + "A"
    yield token[:-1]
    yield nonce.upper() + mac
    yield nonce + mac[:-1] + ("A" if mac[-1] != "A" else "B")
    yield nonce[:-1] + ("0" if nonce[-1] != "0" else "1") + mac
    yield "0" * calendar_feed.NONCE_LENGTH + mac
    yield nonce + link_tokens.signed("manage-link", nonce)  # a token of another purpose
    yield nonce + link_tokens.signed(calendar_feed.PURPOSE, nonce)  # without the member bound in


def test_a_guessed_or_changed_token_opens_nothing(engine, world):
    token = _token(_address(engine, world.chris))
    for guess in _mutations(token):
        with pytest.raises(NotFound):
            _feed(engine, guess)


def test_an_address_is_bound_to_its_member(engine, world):
    """Another member's token made with this member's nonce, or this member's nonce moved
    to another member's row: neither opens a feed."""
    token = _token(_address(engine, world.chris))
    nonce = token[:calendar_feed.NONCE_LENGTH]
    with pytest.raises(NotFound):
        _feed(engine, nonce + link_tokens.signed(calendar_feed.PURPOSE, f"{world.dana.id}:{nonce}"))
    with unit_of_work(engine) as s:
        s.get(StaffUser, world.chris.id).feed_token_hash = None
        s.flush()
        s.get(StaffUser, world.dana.id).feed_token_hash = nonce
    with pytest.raises(NotFound):
        _feed(engine, token)


def test_a_deactivated_members_address_is_not_found(engine, world):
    token = _token(_address(engine, world.chris))
    with unit_of_work(engine) as s:
        s.get(StaffUser, world.chris.id).active = False
    with pytest.raises(NotFound):
        _feed(engine, token)
    with unit_of_work(engine) as s, pytest.raises(NotFound):
        calendar_feed.feed_address(s, actor=actor_for(s.get(StaffUser, world.chris.id)))


def test_only_staff_have_a_feed(engine, world):
    customer = Actor("customer", world.org_id, world.mine.customer_id, "Sam Sample")
    with unit_of_work(engine) as s, pytest.raises(PermissionDenied):
        calendar_feed.feed_address(s, actor=customer)


# --- the calendar -----------------------------------------------------------------------


def test_the_feed_holds_the_members_bookings_and_classes_and_nothing_else(engine, world):
    uids = set(_events(engine, world.chris))
    assert uids == {f"{b.reference}@bookings" for b in (world.mine, world.unassigned, world.requested, world.completed)} | {
        f"class-session-{world.yoga_session_id}@bookings"}
    # Not: a cancelled booking, another member's booking or class, a cancelled class, a
    # booking more than 30 days ago or more than a year ahead, the class's places one by one.


def test_a_cancelled_booking_drops_out_of_the_feed(engine, world):
    token = _token(_address(engine, world.chris))
    assert f"{world.mine.reference}@bookings" in _feed(engine, token)
    with unit_of_work(engine) as s:
        s.get(Booking, world.mine.id).status = "cancelled"
    assert f"{world.mine.reference}@bookings" not in _feed(engine, token)


def test_each_booking_carries_the_alert_the_note_and_the_manage_link(engine, world):
    event = _events(engine, world.chris)[f"{world.mine.reference}@bookings"]
    description = str(event["description"])
    assert str(event["summary"]) == "\N{TRIANGULAR FLAG ON POST} Sports massage · Sam Sample"
    assert description.startswith("Alert: Paid late twice: ask for prepayment.\n")
    assert "Note: Left shoulder; no oils, please" in description
    assert "Customer: Sam Sample · sam@example.com · +49 30 555" in description
    assert f"Customer's manage link: {manage_links.url_of(world.mine)}" in description
    order = get_settings().public_base_url.rstrip("/") + f"/dashboard/orders/{world.mine.reference}"
    assert f"Order: {order}" in description and str(event["url"]) == order
    assert event.decoded("dtstart") == world.mine.starts_at and event.decoded("dtend") == world.mine.ends_at
    assert str(event["location"]) == "Studio 3" and str(event["status"]) == "CONFIRMED"
    assert int(event["sequence"]) == 3  # the customer's own file has the same UID and SEQUENCE
    assert event.decoded("dtstamp") == world.mine.updated_at.replace(microsecond=0)


def test_a_booking_waiting_for_an_answer_is_tentative_and_says_so(engine, world):
    events = _events(engine, world.chris)
    requested = events[f"{world.requested.reference}@bookings"]
    assert str(requested["status"]) == "TENTATIVE"
    assert str(requested["summary"]) == "Sports massage · Alex Example (Waiting for the provider)"
    unassigned = events[f"{world.unassigned.reference}@bookings"]
    assert str(unassigned["location"]) == "To be arranged" and "Party size: 4" in str(unassigned["description"])


def test_a_class_shows_its_places_with_flags_and_notes(engine, world):
    event = _events(engine, world.chris)[f"class-session-{world.yoga_session_id}@bookings"]
    assert str(event["summary"]) == "\N{TRIANGULAR FLAG ON POST} Morning yoga (3/8)"
    lines = str(event["description"]).split("\n")
    assert lines[0] == "Places taken: 3 of 8"
    assert lines[1:3] == ["- Alex Example (2) · Note: Knee injury",
                          "- Sam Sample · \N{TRIANGULAR FLAG ON POST} Paid late twice: ask for prepayment."]
    assert lines[3].startswith("Class page: ") and lines[3].endswith(f"/dashboard/schedule/{world.yoga_session_id}")
    assert "Gone Away" not in str(event["description"])  # a cancelled place
    assert str(event["location"]) == "Studio A"


def test_the_feed_is_named_and_asks_to_be_fetched_again(engine, world):
    text = _feed(engine, _token(_address(engine, world.chris)))
    cal = valid_calendar(text)
    assert str(cal["x-wr-calname"]) == "Studio Lindenhof · Chris Coach"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n" in text and "METHOD" not in text


def test_the_feed_speaks_the_businesss_language(engine, world):
    with unit_of_work(engine) as s:
        s.get(Organization, world.org_id).locale = "de"
    description = str(_events(engine, world.chris)[f"{world.mine.reference}@bookings"]["description"])
    assert "Notiz: Left shoulder; no oils, please" in description and "Status: Bestätigt" in description


def test_another_organizations_rows_never_show(engine, world):
    """A booking of another business that names this member (rows that should not exist)
    stays out, and that business's member sees none of this one's."""
    with unit_of_work(engine) as s:
        other = factories.organization(s, "elsewhere", name="Elsewhere")
        stranger = factories.staff(s, other, "stranger@elsewhere.test", name="Stranger")
        leak = factories.booking(s, other, customer_row=factories.customer(s, other, "x@example.com"),
                                 service=factories.request_service(s, other), status="confirmed",
                                 starts_at=NOW + timedelta(days=2), staff_user_id=world.chris.id)
    assert f"{leak.reference}@bookings" not in _events(engine, world.chris)
    their_feed = _feed(engine, _token(_address(engine, stranger)))
    assert "Lindenhof" not in their_feed and "Sam Sample" not in their_feed and valid_calendar(their_feed)


def test_the_feed_takes_three_reads_however_many_bookings(engine, world):
    token = _token(_address(engine, world.chris))
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2]) if args[2].lstrip().upper().startswith("SELECT") else None  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        _feed(engine, token)
        few = len(statements)
        with unit_of_work(engine) as s:
            org, massage = s.get(Organization, world.org_id), s.get(Service, world.mine.service_id)
            for day in range(60):
                factories.booking(s, org, service=massage, status="confirmed", staff_user_id=world.chris.id,
                                  starts_at=NOW + timedelta(days=day, hours=1))
        statements.clear()
        text = _feed(engine, token)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert few == len(statements) == 3, statements
    assert len(valid_calendar(text).walk("VEVENT")) == 5 + 60


# --- over HTTP ----------------------------------------------------------------------------


@pytest.fixture
def client(engine, monkeypatch):
    monkeypatch.setattr(api, "read_only", lambda: Session(engine, expire_on_commit=False))
    monkeypatch.setattr(api, "utcnow", lambda: NOW)
    return TestClient(api.create_api())


def test_the_address_answers_a_private_calendar(engine, world, client):
    response = client.get(urlsplit(_address(engine, world.chris).url).path)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert "private" in response.headers["cache-control"] and "no-store" in response.headers["cache-control"]
    assert f"{world.mine.reference}@bookings" in {str(e["uid"]) for e in valid_calendar(response.text).walk("VEVENT")}


def test_every_address_that_opens_nothing_gets_the_same_404(engine, world, client):
    old = urlsplit(_address(engine, world.chris).url).path
    with unit_of_work(engine) as s:
        calendar_feed.replace_feed_token(s, actor=actor_for(world.chris))
    dana = urlsplit(_address(engine, world.dana).url).path
    with unit_of_work(engine) as s:
        s.get(StaffUser, world.dana.id).active = False
    answers = [client.get(path) for path in (old, dana, "/api/feed/" + "a" * 75 + ".ics", "/api/feed/x.ics",
                                             "/api/feed/%00.ics")]
    assert {(r.status_code, r.text, r.headers["content-type"]) for r in answers} == {(404, "Not found", "text/plain; charset=utf-8")}
    assert all("private" in r.headers["cache-control"] for r in answers)
