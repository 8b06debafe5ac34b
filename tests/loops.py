"""Running a coroutine from a test, wherever the test runs.

A pytest worker that has run a browser test keeps Playwright's sync API alive for the session, and with it an event
loop running in the main thread: ``asyncio.run`` there raises "cannot be called from a running event loop". Since
the tests are handed to workers by group (tests/xdist_groups.py), a unit test may run after a browser test on the
same worker, so every test that runs a coroutine goes through ``run_coroutine``.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def in_own_thread(function, *args):
    """``function(*args)`` in a thread of its own, where no event loop runs; its result or its exception."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(function, *args).result()


def run_coroutine(coroutine):
    """``asyncio.run(coroutine)``, in a thread of its own when this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    return in_own_thread(asyncio.run, coroutine)
