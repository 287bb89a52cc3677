"""The activity log: every state change appends a row in the caller's transaction."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bookingapp import logs
from bookingapp.models import ActivityLog
from bookingapp.services.actors import Actor

# Display texts for log codes, kept in one place (as pretix does).
ACTION_TEXTS: dict[str, str] = {
    "organization.created": "Organization created",
    "staff.signed_up": "Account created",
    "staff.signed_in": "Signed in",
    "staff.feed_created": "Calendar feed address created",
    "staff.feed_replaced": "Calendar feed address replaced: the old one stopped working",
    "team.invited": "Team member invited",
    "team.invitation_resent": "Team invitation sent again",
    "team.invitation_revoked": "Team invitation withdrawn",
    "team.invitation_accepted": "Team invitation accepted",
    "team.role_changed": "Team member's role changed",
    "team.member_deactivated": "Team member deactivated",
    "team.member_reactivated": "Team member reactivated",
    "team.work_reassigned": "Bookings handed to another team member",
    "team.notify_changed": "Notification recipient changed",
    "booking.requested": "Request sent, card on hold",
    "booking.booked": "Booked online",
    "booking.booked_by_staff": "Booked by staff for the customer",
    "booking.confirmed": "Confirmed by the provider",
    "booking.location_message_sent": "Message about the location sent to the customer",
    "booking.reschedule_proposed": "Other times proposed to the customer",
    "booking.slot_picked": "Customer picked a proposed time",
    "booking.customer_replied": "Customer replied",
    "booking.customer_wrote": "Customer wrote to the provider",
    "booking.provider_replied": "Provider wrote to the customer",
    "booking.refund_requested": "Customer asked for a refund",
    "booking.rejected": "Rejected by the provider",
    "booking.expired": "No answer in time: rejected automatically",
    "booking.proposal_expired": "Proposal expired: cancelled automatically",
    "booking.reminder_sent": "Reminder sent to the provider",
    "booking.cancelled": "Cancelled",
    "booking.cancelled_by_customer": "Cancelled by the customer",
    "booking.rescheduled": "Moved to another time by the customer",
    "booking.paid": "Paid online",
    "booking.payment_kept": "Payment kept: no refund",
    "booking.manage_link_replaced": "Booking link replaced: a new one was emailed",
    "booking.customer_reminder_sent": "Reminder emailed to the customer",
    "booking.customer_reminders_off": "Customer turned the reminder email off",
    "booking.customer_reminders_on": "Customer turned the reminder email on",
    "booking.payment_reminder_sent": "Payment reminder emailed to the customer",
    "booking.payment_overdue_kept": "Not paid by the deadline: booking kept",
    "booking.cancelled_unpaid": "Not paid by the deadline: cancelled and the time freed",
    "booking.held_for_email": "Held until the customer confirms their email address",
    "booking.email_confirmed": "Customer confirmed their email address: booking passed on",
    "booking.email_unconfirmed": "Email address not confirmed in time: lapsed, time freed",
    "booking.alert_changed": "Alert for this booking changed by staff",
    "booking.alert_follows_customer": "Alert for this booking follows the customer's flag again",
    "payment.authorized": "Card authorized (on hold)",
    "payment.captured": "Payment captured",
    "payment.released": "Hold released",
    "payment.refunded": "Refunded",
    "payment.failed": "Payment failed",
    "payment.hold_expired": "Card hold lapsed",
    "payment.card_saved": "Card saved to renew the hold",
    "payment.renewed": "Card hold renewed",
    "payment.renewal_failed": "Card hold could not be renewed: customer asked to confirm",
    "customer.sign_in_link_sent": "Sign-in link emailed to the customer",
    "customer.signed_in": "Customer signed in",
    "customer.email_verified": "Customer's email verified by a sign-in link",
    "customer.password_set": "Customer set a password",
    "customer.signed_out_everywhere": "Customer signed out on all devices",
    "customer.flagged": "Customer flagged with an alert message",
    "customer.flag_changed": "Customer's alert message changed",
    "customer.unflagged": "Customer's alert message cleared",
    "customer.email_confirmed": "Customer's email verified by a booking's confirmation link",
    "customer.created_by_staff": "Customer added by staff",
    "organization.customer_accounts_changed": "Customer accounts setting changed",
    "organization.confirm_booking_emails_changed": "Setting changed: bookings from unconfirmed addresses wait for confirmation",
    "organization.business_changed": "Business settings changed",
    "organization.address_changed": "Booking page address changed",
    "organization.commission_changed": "Platform commission changed by the operator",
    "organization.shared": "Booking page shared",
    "email.queued": "Email queued",
    "template.saved": "Email template saved",
    "template.reset": "Email template reset to the default",
    "template.test_sent": "Test email sent",
    "demo.loaded": "Demo data loaded",
    "booking.rebooking_requested": "New dates proposed to the customer (rebooking)",
    "booking.rebooking_asked": "Customer asked for a rebooking",
    "booking.rebooking_declined": "Rebooking request declined by the provider",
    "booking.rebooking_picked": "Customer picked a new date",
    "booking.rebooking_refused": "Customer took the refund instead of a new date",
    "booking.rebooking_expired": "No new date chosen in time: cancelled and refunded",
    "booking.rebooking_lapsed": "No new date agreed in time: the original date stays",
    "booking.cancelled_by_provider": "Cancelled by the provider",
    "booking.proposal_withdrawn": "Proposal withdrawn by the provider",
    "booking.proposal_changed": "Proposal changed: new dates sent to the customer",
    "availability.hours_set": "Weekly hours changed",
    "availability.override_set": "Hours for one date changed",
    "availability.override_removed": "Hours for one date back to the weekly hours",
    "availability.time_off_added": "Time off added",
    "availability.time_off_removed": "Time off removed",
    "class.booked": "Booked a class place",
    "class.cancelled_by_customer": "Class booking cancelled by the customer",
    "class.removed_by_staff": "Removed from the class by staff",
    "class.sessions_created": "Class sessions created",
    "class.session_changed": "Class session changed",
    "class.series_booked": "Recurring class booking made",
    "class.recurring_setting_changed": "Recurring class bookings switched on or off",
    "class.session_edited": "Class session edited",
    "class.session_cancelled": "Class session cancelled by the business",
    "class.cancelled_by_studio": "Class booking cancelled: the business cancelled the session",
    "class.cancellation_reasons_changed": "Cancellation reasons changed",
    "credits.granted": "Credits granted",
    "credits.purchased": "Credits purchase recorded",
    "credits.adjusted": "Credits adjusted",
    "waitlist.joined": "Joined the waitlist",
    "waitlist.added_by_staff": "Added to the waitlist by staff",
    "waitlist.left": "Left the waitlist",
    "waitlist.removed_by_staff": "Removed from the waitlist by staff",
    "waitlist.offered": "Waitlist place offered by email",
    "waitlist.offer_expired": "Waitlist offer expired: passed to the next person",
    "waitlist.claimed": "Waitlist place claimed",
    "waitlist.place_taken": "Waitlist claim too late: the place was taken, back in the queue",
    "waitlist.closed": "Waitlist closed: the class started or was cancelled",
    "waitlist.session_cancelled": "Waitlist ended: the business cancelled the session",
    "waitlist.promoted_by_staff": "Moved from the waitlist into the class by staff",
    "service.created": "Service created",
    "service.changed": "Service changed",
    "service.archived": "Service archived",
    "service.restored": "Service restored",
    "service.deleted": "Service deleted",
    "service.moved": "Service moved on the booking page",
}


def log_action(
    session: Session,
    *,
    actor: Actor,
    action: str,
    organization_id: int,
    booking_id: int | None = None,
    customer_id: int | None = None,
    data: dict | None = None,
) -> ActivityLog:
    if action not in ACTION_TEXTS:
        raise ValueError(f"unknown log action {action!r}: add it to ACTION_TEXTS")
    entry = ActivityLog(
        organization_id=organization_id,
        action=action,
        actor_kind=actor.kind,
        actor_id=actor.id,
        actor_name=actor.name,
        booking_id=booking_id,
        customer_id=customer_id,
        data=data or {},
    )
    session.add(entry)
    logs.remember_action(session, {
        "action": action, "organization_id": organization_id, "booking_id": booking_id,
        "customer_id": customer_id, "actor_kind": actor.kind, "actor_id": actor.id,
    })
    return entry


def booking_history(session: Session, *, booking_id: int, organization_id: int) -> list[ActivityLog]:
    """Newest first."""
    stmt = (
        select(ActivityLog)
        .where(ActivityLog.booking_id == booking_id, ActivityLog.organization_id == organization_id)
        .order_by(col(ActivityLog.created_at).desc(), col(ActivityLog.id).desc())
    )
    return list(session.exec(stmt))
