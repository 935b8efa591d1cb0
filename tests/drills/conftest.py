import pytest

from archive.celery import app as celery_app
from tests.conftest import restore_reference_data


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """`make test` runs the drills on the test database its first process kept
    (--reuse-db), which that process's committing tests left flushed: what the data
    migrations wrote is written again, once."""
    from django.contrib.auth.models import Group

    with django_db_blocker.unblock():
        if not Group.objects.exists():
            restore_reference_data()


@pytest.fixture
def emptied_queue():
    """Set up before the worker, so torn down after it: what the worker gave back
    (retries waiting for their time) is purged, not left for the next test."""
    yield
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(celery_app.conf.task_default_queue)
