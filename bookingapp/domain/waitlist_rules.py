"""Rules of a class session's waitlist: when it is open, positions, how long an offer lasts.

How long an offer lasts, stated once. With the class's hold time of M minutes
(`Service.waitlist_offer_minutes`, set in the services editor), an offer made at `now` for a class starting at S
ends at

    min(max(min(now + M, S - START_MARGIN), now + MIN_OFFER), S)

that is: M minutes; but no later than START_MARGIN before the class, so whoever claims
has time to get there and the next person still has a chance; yet at least MIN_OFFER, so
nobody gets an offer they cannot read in time; and never after the start, because the
waitlist closes when the class starts. A setting below one minute counts as MIN_OFFER.

Who gets an offer: the first person waiting who can pay for the place. Someone whose
credits do not cover the class is passed over, unless the business lets guests claim and
pay on site (`Organization.waitlist_pay_on_site`); they keep their place in the queue and
are offered the next place once they can pay.

Positions: entries are numbered in the order they joined (1, 2, 3 … per session, never
reused). The position a customer sees is how many people are still ahead of them
(waiting, or holding an open offer) plus one, so it moves up as others leave or claim.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from bookingapp.domain.errors import DomainError
from bookingapp.domain.i18n_marks import N_

MIN_OFFER = timedelta(minutes=15)
START_MARGIN = timedelta(minutes=30)


class EntryStatus(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    CLAIMED = "claimed"
    EXPIRED = "expired"
    LEFT = "left"


# Entries still in the queue: they count for positions and may get (or hold) an offer.
IN_QUEUE = frozenset({EntryStatus.WAITING, EntryStatus.OFFERED})

LABELS = {
    EntryStatus.WAITING: N_("Waiting"),
    EntryStatus.OFFERED: N_("Place offered"),
    EntryStatus.CLAIMED: N_("Claimed"),
    EntryStatus.EXPIRED: "Expired",
    EntryStatus.LEFT: N_("Left"),
}


class NotFull(DomainError):
    message = "This class still has free places: book one directly."


class AlreadyOnWaitlist(DomainError):
    message = "Already on the waitlist for this class."


class WaitlistClosed(DomainError):
    message = "The waitlist closed when the class started."


class OfferExpired(DomainError):
    message = "This offer has expired: the place was offered to the next person on the waitlist."


class NoOpenOffer(DomainError):
    """The link is valid but there is nothing to claim; the message says why."""

    message = "There is no place to claim on this link."


def is_open(*, starts_at: datetime, cancelled: bool, now: datetime) -> bool:
    return not cancelled and now < starts_at


def offer_expires_at(*, now: datetime, starts_at: datetime, offer_minutes: int) -> datetime:
    """The end of an offer made now (see the module docstring for the rule)."""
    validity = timedelta(minutes=offer_minutes) if offer_minutes >= 1 else MIN_OFFER
    return min(max(min(now + validity, starts_at - START_MARGIN), now + MIN_OFFER), starts_at)


def offers_to_make(*, free_places: int, open_offers: int, waiting: int) -> int:
    """One open offer per free place, never more than there are people waiting."""
    return max(0, min(free_places - open_offers, waiting))


def shown_position(*, ahead: int) -> int:
    return ahead + 1


def next_position(existing: list[int]) -> int:
    return max(existing, default=0) + 1


def can_take_offer(*, balance: int, cost: int, pay_on_site: bool) -> bool:
    """Whether an offer may go to someone with `balance` credits for a place costing
    `cost`: an offer they could not claim would only block the place for its hold time."""
    return cost <= 0 or balance >= cost or pay_on_site
