"""Waiting for a worker, a server or a background job: one helper for every test.

The limit only stops a test whose worker has hung: it is generous, never a speed
requirement, so a busy machine makes a test slower, not red."""

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
HUNG_AFTER_SECONDS = 180


def wait_until(
    condition: Callable[[], T], what: str, seconds: float = HUNG_AFTER_SECONDS
) -> T:
    """Ask `condition` until it gives something true, and return that; fail naming
    `what` once `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while not (value := condition()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.05)
    return value
