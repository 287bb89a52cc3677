"""Running a worker that is meant to die mid-action, as a killed process would (exit 137)."""

from __future__ import annotations

import multiprocessing

KILLED = 137


def run_killed(target, *args) -> None:
    """Run `target(*args)` in a fresh process and check it died where it was meant to."""
    process = multiprocessing.get_context("spawn").Process(target=target, args=args)
    process.start()
    process.join(timeout=120)
    assert process.exitcode == KILLED, f"the worker was meant to die, exit code {process.exitcode}"
