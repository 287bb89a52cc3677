"""Run a coroutine to completion from a synchronous test, whatever else runs in this thread.

`asyncio.run` refuses when the thread already has a running loop, which it does after a
Playwright (sync API) test in the same process, e.g. `scripts/test tests`. A thread of its
own always starts clean.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def run_async(coroutine: Coroutine[Any, Any, Any]) -> Any:
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
