"""Fire clients truly at once: threads behind a barrier, in one process or in two.

Two processes model two app workers on one database: each opens its own engine (its
own connection pool) and runs its share of the clients as threads. Every client's
outcome is "ok" or the name of the domain error it raised; anything else is a bug and
comes back as "crash:<type>: <message>" so the assertion shows it.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import random
import threading
import time
import zlib
from collections.abc import Callable, Sequence

from sqlalchemy.engine import Engine

from bookingapp.db import make_engine
from bookingapp.domain.errors import DomainError

Client = Callable[[Engine], object]


def _outcome(call: Callable[[], object]) -> str:
    try:
        call()
        return "ok"
    except DomainError as error:
        return type(error).__name__
    except Exception as error:  # reported, never swallowed: the test fails on it
        return f"crash:{type(error).__name__}: {error}"


def _run_threads(engine: Engine, calls: Sequence[Callable[[Engine], object]], jitter: Sequence[float]) -> list[str]:
    barrier = threading.Barrier(len(calls))
    outcomes: list[str | None] = [None] * len(calls)

    def run(index: int) -> None:
        barrier.wait()
        time.sleep(jitter[index])
        outcomes[index] = _outcome(lambda: calls[index](engine))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    [t.start() for t in threads]
    [t.join(timeout=120) for t in threads]
    return [o or "crash:timeout" for o in outcomes]


def race_threads(engine: Engine, calls: Sequence[Callable[[Engine], object]], rng: random.Random) -> list[str]:
    """All calls at once in threads of this process (each opens its own session)."""
    return _run_threads(engine, calls, [rng.uniform(0, 0.003) for _ in calls])


def _worker(db_url: str, target: str, args: list[tuple], jitter: list[float], barrier, results) -> None:
    module, name = target.split(":")
    client = getattr(importlib.import_module(module), name)
    engine = make_engine(db_url)
    barrier.wait()  # both workers are up before anyone starts
    outcomes = _run_threads(engine, [lambda e, a=a: client(e, *a) for a in args], jitter)
    engine.dispose()
    results.put(list(zip(args, outcomes, strict=True)))


def race_processes(db_url: str, target: str, args: Sequence[tuple], rng: random.Random, workers: int = 2) -> dict[tuple, str]:
    """Call `module:function(engine, *args)` once per args, split over `workers` processes."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(workers), ctx.Queue()
    shares = [list(args[i::workers]) for i in range(workers)]
    processes = [ctx.Process(target=_worker, args=(db_url, target, share, [rng.uniform(0, 0.003) for _ in share],
                                                   barrier, results)) for share in shares]
    [p.start() for p in processes]
    outcomes: dict[tuple, str] = {}
    for _ in processes:
        outcomes.update(dict(results.get(timeout=180)))
    [p.join(timeout=30) for p in processes]
    return outcomes


_rounds: dict[str, int] = {}


def seeded() -> tuple[int, random.Random]:
    """A seed for one round of a race, and its generator; every assertion shows the seed.

    Derandomized like the property tests: the seed follows from the test and the round, so
    every run of the test command races the same sizes and timings and a failure names the
    seed that replays it (`RACE_SEED=<seed> scripts/test tests/concurrency -k <test>`).
    `RACE_SEED=random` draws new ones.
    """
    wanted = os.environ.get("RACE_SEED", "")
    if wanted == "random":
        seed = random.randrange(2**32)
    elif wanted:
        seed = int(wanted)
    else:
        test = os.environ.get("PYTEST_CURRENT_TEST", "").rsplit(" ", 1)[0]
        _rounds[test] = _rounds.get(test, 0) + 1
        seed = zlib.crc32(f"{test}#{_rounds[test]}".encode())
    return seed, random.Random(seed)
