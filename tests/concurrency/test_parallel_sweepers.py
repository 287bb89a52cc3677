"""Several sweepers at once (threads in two worker processes) over many due emails:
each email is handed to the provider exactly once."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from sqlmodel import Session, select

from bookingapp.db import unit_of_work
from bookingapp.models import OutboxEmail, utcnow
from bookingapp.services import outbox
from tests.concurrency.race import race_processes, race_threads, seeded


class FileRecordingSender:
    """Appends each send's outbox id to a file: one O_APPEND write per line, so sends from
    several processes never interleave."""

    def __init__(self, path: str) -> None:
        self.path = path

    def send(self, email: OutboxEmail, *, idempotency_key: str) -> str:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            os.write(fd, f"{email.id} {idempotency_key}\n".encode())
        finally:
            os.close(fd)
        return f"rec-{email.id}"


def sweep(engine, record: str, runner: str) -> int:
    return outbox.deliver_due(sender=FileRecordingSender(record), runner=runner, engine=engine, now=utcnow(), limit=7)


def _queue(engine, count: int) -> list[int]:
    with unit_of_work(engine) as s:
        rows = [OutboxEmail(organization_id=None, template_key="test", to_email=f"p{i}@example.com", subject=f"#{i}",
                            text="hello", html="<p>hello</p>") for i in range(count)]
        s.add_all(rows)
        s.flush()
        return [r.id for r in rows]


def _check(engine, record: Path, ids: list[int], seed: int) -> None:
    sends = Counter(int(line.split()[0]) for line in record.read_text().splitlines())
    assert sends == Counter(ids), (seed, [i for i, n in sends.items() if n != 1])
    with Session(engine) as s:
        rows = s.exec(select(OutboxEmail).where(OutboxEmail.id.in_(ids))).all()
    assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}, seed


def test_four_sweeper_threads_send_each_email_once(engine, tmp_path):
    for round_ in range(3):
        seed, rng = seeded()
        ids = _queue(engine, rng.randint(20, 80))
        record = tmp_path / f"sends-{round_}.txt"
        race_threads(engine, [lambda e, n=n, r=str(record): sweep(e, r, f"t{n}") for n in range(4)], rng)
        _check(engine, record, ids, seed)


def test_sweepers_in_two_workers_send_each_email_once(db_url, engine, tmp_path):
    seed, rng = seeded()
    ids = _queue(engine, 120)
    record = tmp_path / "sends.txt"
    outcomes = race_processes(db_url, f"{__name__}:sweep", [(str(record), f"w{n}") for n in range(4)], rng)
    assert set(outcomes.values()) == {"ok"}, outcomes
    _check(engine, record, ids, seed)
