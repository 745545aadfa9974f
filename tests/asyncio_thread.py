"""asyncio.run in a thread of its own, for tests that drive coroutines: the
browser tests' Playwright (one per session, conftest.py) keeps an event loop
running in the main thread, where asyncio.run() refuses to start."""

import asyncio
import threading


def run_in_thread(make_coroutine, timeout=60):
    """Run `make_coroutine()` to completion on a fresh loop in another thread;
    return its result or raise its exception here."""
    result = {}

    def target():
        try:
            result["value"] = asyncio.run(make_coroutine())
        except BaseException as exc:  # re-raised in the test's thread
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise AssertionError(f"the coroutine did not finish within {timeout} s")
    if "error" in result:
        raise result["error"]
    return result["value"]
