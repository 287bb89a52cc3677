"""Operator commands: `python -m bookingapp.manage migrate|demo|sweep|commission`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from alembic.config import Config

from alembic import command
from bookingapp import logs
from bookingapp.settings import ROOT, get_settings


def alembic_config(database_url: str | None = None) -> Config:
    config = Config(str(Path(ROOT) / "alembic.ini"))
    config.attributes["database_url"] = database_url or get_settings().database_url
    config.attributes["configure_logging"] = False
    return config


def migrate(database_url: str | None = None) -> None:
    command.upgrade(alembic_config(database_url), "head")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bookingapp.manage")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("migrate", help="apply Alembic migrations (alembic upgrade head)")
    sub.add_parser("demo", help="load demo data once and print the demo login")
    sub.add_parser("sweep", help="run the sweeper once")
    commission = sub.add_parser("commission", help="set a business's platform commission (percent, 0-100)")
    commission.add_argument("slug", help="the business's portal address, as in /b/<slug>")
    commission.add_argument("percent", help="a decimal from 0 to 100, e.g. 23.8")
    args = parser.parse_args(argv)
    logs.configure()

    if args.cmd == "migrate":
        migrate()
    elif args.cmd == "demo":
        from bookingapp.services.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG, load_demo_data

        # Demo data is a few dozen actions in one go; the log needs one line, not each.
        logging.getLogger("bookingapp.actions").setLevel(logging.WARNING)
        created = load_demo_data()
        base = get_settings().public_base_url
        print("Demo data " + ("loaded." if created else "already there."))
        print(f"  Dashboard:  {base}/signin   email {DEMO_EMAIL}   password {DEMO_PASSWORD}")
        print(f"  Portal:     {base}/b/{DEMO_SLUG}")
    elif args.cmd == "sweep":
        from bookingapp.jobs import run_once

        print(run_once())
    elif args.cmd == "commission":
        return _set_commission(args.slug, args.percent)
    return 0


def _set_commission(slug: str, percent: str) -> int:
    from bookingapp.db import unit_of_work
    from bookingapp.domain.errors import DomainError, NotFound
    from bookingapp.services.business import set_commission

    try:
        with unit_of_work() as session:
            old, new = set_commission(session, slug=slug, percent=percent)
    except NotFound:
        print(f"No business has the address {slug!r}.", file=sys.stderr)
        return 2
    except DomainError as error:
        print(error.render(), file=sys.stderr)
        return 2
    print(f"Platform commission of {slug}: {old}% -> {new}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
