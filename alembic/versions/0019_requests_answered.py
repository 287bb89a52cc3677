"""Reports → Requests (issue 24): a request's first answer from the provider (when, which,
seconds after the request, before its deadline or not), backfilled from the activity log,
and an index on the requests made in a range of days.

Revision ID: 0019_requests_answered
Revises: 0018_attendance
Create Date: 2026-12-06 08:45:00.000000
"""

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
import sqlmodel

import bookingapp.models
from alembic import op

revision: str = '0019_requests_answered'
down_revision: str | None = '0018_attendance'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWERS = {'booking.confirmed': 'confirmed', 'booking.reschedule_proposed': 'rescheduled', 'booking.rejected': 'rejected'}


UTC_TIME = bookingapp.models.UTCDateTime()


def upgrade() -> None:
    # Plain ADD COLUMNs (see 0012): a batch would copy tables other tables point at.
    op.add_column('booking', sa.Column('answered_at', bookingapp.models.UTCDateTime(), nullable=True))
    op.add_column('booking', sa.Column('answer', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True))
    op.add_column('booking', sa.Column('answer_seconds', sa.Integer(), nullable=True))
    op.add_column('booking', sa.Column('answered_in_time', sa.Boolean(), nullable=True))
    op.create_index('ix_booking_org_created_at', 'booking', ['organization_id', 'created_at'])
    _backfill()


def _backfill() -> None:
    """Each earlier request's first answer is its first confirmation, proposal or rejection
    in the activity log. The deadline it had is not kept anywhere (a proposal replaced it):
    it is taken as the request's time plus the business's answer window."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT b.id AS booking_id, b.created_at AS asked, o.response_window_hours AS hours, a.action AS action, "
        "a.created_at AS answered "
        "FROM booking b JOIN service s ON s.id = b.service_id JOIN organization o ON o.id = b.organization_id "
        "JOIN activitylog a ON a.booking_id = b.id "
        "WHERE s.kind = 'request' AND a.action IN ('booking.confirmed', 'booking.reschedule_proposed', 'booking.rejected') "
        "ORDER BY b.id, a.created_at, a.id").columns(asked=UTC_TIME, answered=UTC_TIME)).all()
    update = sa.text("UPDATE booking SET answered_at = :at, answer = :answer, answer_seconds = :seconds, "
                     "answered_in_time = :in_time WHERE id = :id").bindparams(sa.bindparam("at", type_=UTC_TIME))
    done: set[int] = set()
    for booking_id, asked, window_hours, action, answered in rows:
        if booking_id in done:
            continue
        done.add(booking_id)
        bind.execute(update, {"at": answered, "answer": ANSWERS[action], "id": booking_id,
                              "seconds": max(0, int((answered - asked).total_seconds())),
                              "in_time": answered < asked + timedelta(hours=window_hours)})


def downgrade() -> None:
    op.drop_index('ix_booking_org_created_at', table_name='booking')
    for column in ('answered_in_time', 'answer_seconds', 'answer', 'answered_at'):
        op.drop_column('booking', column)
