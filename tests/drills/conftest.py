import pytest

from archive.celery import app as celery_app


@pytest.fixture
def emptied_queue():
    """Set up before the worker, so torn down after it: what the worker gave back
    (retries waiting for their time) is purged, not left for the next test."""
    yield
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(celery_app.conf.task_default_queue)
