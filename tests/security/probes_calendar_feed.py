"""Cross-organization probes for the staff calendar feed (issue 20), merged into
test_cross_organization.PROBES: Beta's member only ever reaches their own address, and
the calendar behind it holds nothing of Alpha's, even where an Alpha booking names them."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sqlmodel import select

from bookingapp.models import Booking, StaffUser
from bookingapp.services import calendar_feed
from tests.service.class_fixtures import NOW


def _feed_of(s, beta) -> str:
    """Beta's member's calendar, with one of Alpha's bookings pointing at that member (rows
    that should not exist; rolled back afterwards, so the snapshot sees Alpha unchanged)."""
    booking = s.exec(select(Booking).where(Booking.reference == "ALPHA002")).one()
    booking.staff_user_id, booking.starts_at = beta.actor.id, NOW + timedelta(days=2)
    s.flush()
    token = urlsplit(calendar_feed.feed_address(s, actor=beta.actor).url).path.removeprefix("/api/feed/").removesuffix(".ics")
    text = calendar_feed.feed_ics(s, token=token, now=NOW)
    s.rollback()
    return text


def _alpha_owner(s) -> StaffUser:
    return s.exec(select(StaffUser).where(StaffUser.email == "owner@alpha.test")).one()


PROBES = {
    "calendar_feed.feed_address": (lambda s, a, b, g: calendar_feed.feed_address(s, actor=b.actor), False),
    "calendar_feed.replace_feed_token": (lambda s, a, b, g: calendar_feed.replace_feed_token(s, actor=b.actor), False),
    "calendar_feed.feed_address#feed": (lambda s, a, b, g: _feed_of(s, b), False),
    # An actor carrying Beta's organization with the id of Alpha's owner: not found, nothing written.
    "calendar_feed.feed_address#alpha-member": (lambda s, a, b, g: calendar_feed.feed_address(
        s, actor=type(b.actor)("staff", b.actor.organization_id, _alpha_owner(s).id, "x", "owner")), calendar_feed.NotFound),
}
