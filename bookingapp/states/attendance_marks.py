"""What the agenda, the order page and a session's participant list do on a tap of
"Attended" / "No-show": one service call (services/attendance.py), and the sentence saying
what changed. No rule lives here."""

from __future__ import annotations

from bookingapp.db import unit_of_work
from bookingapp.domain.errors import DomainError
from bookingapp.models import utcnow
from bookingapp.services import attendance


def apply_mark(state, booking_id: int, target: str) -> tuple[str, str]:
    """(notice, error) for setting `target` (attended | no_show | "" to clear)."""
    actor = state._actor()
    if actor is None:
        return "", ""
    try:
        with unit_of_work() as session:
            result = attendance.mark(session, actor=actor, booking_id=booking_id, attendance=target or None, now=utcnow())
    except DomainError as error:
        return "", state._message(error)
    said = {"attended": state._("Marked as attended."), "no_show": state._("Marked as no-show.")}.get(
        result.booking.attendance or "", state._("Attendance mark cleared."))
    if result.credits_back:
        said += " " + state._n("{count} credit went back to the customer.", "{count} credits went back to the customer.",
                               result.credits_back)
    if result.credits_taken:
        said += " " + state._n("{count} credit was taken back.", "{count} credits were taken back.", result.credits_taken)
    if result.credits_kept:
        said += " " + state._n("{count} credit was already used, so it stays with the customer.",
                               "{count} credits were already used, so they stay with the customer.", result.credits_kept)
    return said, ""
