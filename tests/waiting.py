"""wait_for: poll a condition until it holds, for tests of real processes
(servers, workers, brokers) that change state on their own time. Tests wait
for what they need to see, never for a guessed number of seconds."""

import time


def wait_for(condition, seconds: float = 30, what: str = "condition", every: float = 0.1):
    """Call `condition()` until it returns something truthy and return that;
    fail the test naming `what` if it has not within `seconds` (a limit for a
    loaded machine, not a speed claim)."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what}: not met within {seconds:g} s")
        time.sleep(every)
