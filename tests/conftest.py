"""Fixtures shared by every test: real PostgreSQL, real Redis, real Celery workers."""

import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from archive.celery import app as celery_app

# A queue of the test session's own, so that a developer's worker on the same Redis
# never takes a test's task, nor a test worker a developer's.
celery_app.conf.task_default_queue = f"tests-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def celery_worker():
    """A real Celery worker, in a thread, consuming from real Redis."""
    import celery.contrib.testing.tasks  # noqa: F401  (the `celery.ping` it waits on)

    with start_worker(
        celery_app, pool="solo", perform_ping_check=True, shutdown_timeout=10
    ) as worker:
        yield worker
