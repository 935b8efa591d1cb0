"""Loaded with `-p` before pytest-django imports settings (see pyproject.toml).

Tests run with development settings (no HTTPS redirect); the production settings are
exercised by tests/archive/test_settings.py in subprocesses of their own.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
# The API's rate limits are tested on their own (tests/archive/test_api_access.py);
# elsewhere, and in the schema fuzzing, they would only get in the way.
os.environ.setdefault("API_ANONYMOUS_RATE", "100000/minute")
os.environ.setdefault("API_PARTNER_RATE", "100000/minute")

# Under pytest-xdist (`make test` runs the suite on two processes) each process has
# its own test database (pytest-django names it) and its own Redis database, so that
# one's `cache.clear()` or Celery queue never touches the other's.
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    base, _, database = os.environ.get("REDIS_URL", "").rpartition("/")
    if base and database.isdigit():
        index = int(worker.removeprefix("gw"))
        os.environ["REDIS_URL"] = f"{base}/{int(database) + 1 + index}"
