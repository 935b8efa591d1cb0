"""Fixtures shared by every test: real PostgreSQL, real Redis, real Celery workers."""

import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from django.test import Client

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


@pytest.fixture
def archive_data(db):
    """The archive's own organisations, documents and figures."""
    from sources.actions import load_archive_data

    return load_archive_data()


def _client_for(role: str) -> Client:
    """A client of its own (not pytest-django's `client`), signed in with `role`."""
    from tests.factories import UserFactory
    from tests.factories import sign_in

    client = Client()
    client.user = UserFactory(role=role)
    sign_in(client, client.user)
    return client


@pytest.fixture
def editor_client(db) -> Client:
    return _client_for("editor")


@pytest.fixture
def moderator_client(db) -> Client:
    return _client_for("moderator")


@pytest.fixture
def administrator_client(db) -> Client:
    return _client_for("administrator")


@pytest.fixture
def fresh_rate_limits():
    """Rate limits counted afresh (they live in the shared cache, Redis)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def english_urls():
    """Each test starts in English: a request leaves its language active in the thread,
    and `get_absolute_url()` would otherwise follow the previous test's language."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


def restore_reference_data() -> None:
    """Write again what the data migrations wrote (places, roles), after a flush
    emptied every table. Runs the migrations' own functions against the migrated
    state, as `migrate` did."""
    import importlib

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    state = MigrationExecutor(connection).loader.project_state().apps
    importlib.import_module("victims.migrations.0002_regions_and_settlements").load(
        state, None
    )
    importlib.import_module("archive.migrations.0001_staff_roles").create_roles(
        state, None
    )
    for grants in (
        "archive.migrations.0002_staff_read_history",
        "archive.migrations.0004_administrators_manage_tokens",
        "archive.migrations.0006_administrators_read_token_uses",
        "archive.migrations.0007_administrators_reset_authenticators",
        "archive.migrations.0008_history_of_every_record",
        "submissions.migrations.0002_moderators_review_submissions",
        "sources.migrations.0004_staff_work_on_lists",
        "sources.migrations.0005_list_imports",
        "victims.migrations.0011_editors_review_linkage",
        "victims.migrations.0014_administrators_erase_on_request",
        "victims.migrations.0016_staff_record_hearings",
        "reports.migrations.0002_staff_report_roles",
    ):
        importlib.import_module(grants).grant(state, None)


@pytest.fixture
def reference_data(transactional_db):
    """What the data migrations create, for tests that commit: the flush after each
    such test empties every table."""
    restore_reference_data()
    yield
