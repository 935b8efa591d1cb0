"""What the benchmarks that start gunicorn share."""

import time
import urllib.request

from django.core.management.base import CommandError


def wait_until_up(port: int, seconds: int = 60) -> None:
    """Until the server on 127.0.0.1:`port` answers `/livez`, or CommandError."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/livez", timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.5)
    raise CommandError(f"gunicorn did not answer within {seconds} s.")
