"""The sweeper: time-driven work (deadlines, expiries, reminders, outbox delivery).

Runs inside the app as a lifespan task and as a CLI command
(`python -m bookingapp.jobs [--once]`). Every job claims each due item atomically
(conditional UPDATE, or FOR UPDATE SKIP LOCKED on PostgreSQL), so any number of
runners may sweep at once and each item is handled exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import socket
import time
from collections.abc import Callable
from datetime import datetime

from bookingapp import logs
from bookingapp.integrations.senders import get_sender
from bookingapp.models import utcnow
from bookingapp.services import outbox, requests, webhooks
from bookingapp.settings import get_settings

log = logging.getLogger("bookingapp.sweeper")

Job = Callable[[datetime, str], int]
JOBS: dict[str, Job] = {}


def job(name: str) -> Callable[[Job], Job]:
    def register(fn: Job) -> Job:
        JOBS[name] = fn
        return fn

    return register


@job("deliver_outbox")
def _deliver_outbox(now: datetime, runner: str) -> int:
    # Emails queued by the jobs that ran just before are stamped a moment after `now`.
    return outbox.deliver_due(sender=get_sender(), runner=runner, now=max(now, utcnow()))


@job("expire_requests")
def _expire_requests(now: datetime, runner: str) -> int:
    return requests.expire_overdue_requests(now=now)


@job("expire_proposals")
def _expire_proposals(now: datetime, runner: str) -> int:
    return requests.expire_proposals(now=now)


@job("expire_rebookings")
def _expire_rebookings(now: datetime, runner: str) -> int:
    from bookingapp.services import rebooking

    return rebooking.expire_rebookings(now=now)


@job("expire_waitlist_offers")
def _expire_waitlist_offers(now: datetime, runner: str) -> int:
    from bookingapp.services import waitlist

    return waitlist.expire_offers(now=now)


@job("renew_holds")
def _renew_holds(now: datetime, runner: str) -> int:
    return requests.renew_expiring_holds(now=now)


@job("end_lapsed_holds")
def _end_lapsed_holds(now: datetime, runner: str) -> int:
    return requests.end_lapsed_holds(now=now)


@job("lapse_unconfirmed_bookings")
def _lapse_unconfirmed_bookings(now: datetime, runner: str) -> int:
    from bookingapp.services import address_checks

    return address_checks.lapse_unconfirmed(now=now)


@job("retry_webhook_events")
def _retry_webhook_events(now: datetime, runner: str) -> int:
    return webhooks.retry_waiting_events(now=now)


@job("remind_providers")
def _remind_providers(now: datetime, runner: str) -> int:
    return requests.remind_providers(now=now)


@job("remind_customers")
def _remind_customers(now: datetime, runner: str) -> int:
    from bookingapp.services import reminders

    return reminders.send_customer_reminders(now=now)


@job("payment_deadlines")
def _payment_deadlines(now: datetime, runner: str) -> int:
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.services import payment_deadlines

    # Reminders first: a booking whose reminder and deadline fall in one sweep is reminded
    # only while its deadline is still ahead (domain/payment_deadlines.reminder_due).
    return (payment_deadlines.send_deadline_reminders(now=now)
            + payment_deadlines.handle_passed_deadlines(gateway=get_gateway(), now=now))


@job("reconcile_pack_purchases")
def _reconcile_pack_purchases(now: datetime, runner: str) -> int:
    from bookingapp.integrations.gateways import get_gateway
    from bookingapp.services import credit_packs

    return credit_packs.reconcile_pending(gateway=get_gateway(), now=now)


@job("expire_credits")
def _expire_credits(now: datetime, runner: str) -> int:
    from bookingapp.services import credit_packs

    return credit_packs.expire_ended_packs(now=now)


def runner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_once(now: datetime | None = None, runner: str | None = None) -> dict[str, int]:
    """Run every job once; jobs run in registration order, so emails queued by an
    expiry go out in the same sweep."""
    now = now or utcnow()
    runner = runner or runner_name()
    done: dict[str, int] = {}
    for name, fn in sorted(JOBS.items(), key=lambda item: item[0] == "deliver_outbox"):
        try:
            done[name] = fn(now, runner)
        except Exception:  # one failing job must not stop the others
            log.exception("sweeper job %s failed", name)
            done[name] = -1
    if any(done.values()):  # quiet sweeps stay out of the log
        log.info("swept", extra={"runner": runner, "jobs": {k: v for k, v in done.items() if v}})
    return done


async def sweeper_task() -> None:
    """The Reflex lifespan task: sweep every few seconds until the app stops."""
    settings = get_settings()
    if not settings.sweeper_enabled:
        return
    runner = runner_name()
    while True:
        try:
            await asyncio.to_thread(run_once, None, runner)
        except Exception:  # keep sweeping: the next round may find the database back
            log.exception("sweep failed", extra={"runner": runner})
        await asyncio.sleep(settings.sweeper_interval_seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the booking sweeper.")
    parser.add_argument("--once", action="store_true", help="sweep once and exit")
    parser.add_argument("--interval", type=float, default=get_settings().sweeper_interval_seconds)
    args = parser.parse_args(argv)
    logs.configure()
    if args.once:
        print(run_once())
        return 0
    while True:
        run_once()
        time.sleep(args.interval)


if __name__ == "__main__":
    raise SystemExit(main())
