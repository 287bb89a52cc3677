"""Two owners demoting (or deactivating) each other in the same instant.

The business must keep an active owner, and neither request may fail with a deadlock:
the member's row and the owners' rows are locked together in id order, so the second
request waits for the first and then hears that it would leave no owner.
"""

from __future__ import annotations

from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.models import StaffUser
from bookingapp.services import team
from bookingapp.services.accounts import actor_for
from tests import factories
from tests.concurrency.race import race_threads, seeded


def test_two_owners_demoting_each_other_leave_one_owner_and_no_deadlock(engine):
    with Session(engine, expire_on_commit=False) as s:
        org = factories.organization(s, "pair")
        ann = factories.staff(s, org, "ann@pair.test", name="Ann")
        bob = factories.staff(s, org, "bob@pair.test", name="Bob")
        s.commit()

    def demote(e, who, whom, deactivate):
        with unit_of_work(e) as s:
            actor = actor_for(s.get(StaffUser, who.id))
            if deactivate:
                team.deactivate_member(s, actor=actor, staff_user_id=whom.id)
            else:
                team.set_role(s, actor=actor, staff_user_id=whom.id, role="staff")

    for round_ in range(4):
        seed, rng = seeded()
        calls = [lambda e, d=round_ & 1: demote(e, ann, bob, d), lambda e, d=round_ & 2: demote(e, bob, ann, d)]
        outcomes = race_threads(engine, calls, rng)

        assert not [o for o in outcomes if o.startswith("crash")], (seed, outcomes)
        with Session(engine) as s:
            owners = s.exec(select(StaffUser).where(StaffUser.organization_id == org.id, StaffUser.role == "owner",
                                                    StaffUser.active == True)).all()  # noqa: E712
            assert len(owners) == 1, (seed, outcomes)
        # The loser was refused (or, acting second, had already lost the right to act).
        assert sorted(outcomes) in (["PermissionDenied", "ok"], ["ValidationFailed", "ok"]), (seed, outcomes)
        with unit_of_work(engine) as s:  # both owners again for the next round
            for person in (ann, bob):
                row = s.get(StaffUser, person.id)
                row.role, row.active = "owner", True
