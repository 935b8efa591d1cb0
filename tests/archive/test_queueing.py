"""Tasks only after commit (issue #28): one way to queue a task, and it waits for
the transaction that asked for it."""

import ast
from pathlib import Path

import pytest
from django.db import transaction

from archive.celery import app as celery_app
from archive.queueing import after_commit
from archive.tasks import record_heartbeat

ROOT = Path(__file__).resolve().parents[2]
QUEUEING = {"delay", "apply_async", "send_task"}
SKIPPED = {".venv", ".local", "tests", "migrations", "node_modules"}


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED & set(path.relative_to(ROOT).parts):
            yield path


def queueing_calls(path: Path) -> list[int]:
    """Lines of `path` that queue a task (task.delay(...), .apply_async(...))."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in QUEUEING
    ]


def test_only_after_commit_queues_a_task():
    found = {
        str(path.relative_to(ROOT)): lines
        for path in project_modules()
        if (lines := queueing_calls(path))
    }
    assert set(found) == {"archive/queueing.py"}, (
        f"Queue tasks with archive.queueing.after_commit, never directly: {found}"
    )


def test_the_check_sees_a_direct_call(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("def act(task):\n    task.delay(1)\n")
    assert queueing_calls(module) == [2]


def waiting() -> int:
    with celery_app.connection_for_write() as connection:
        queue = celery_app.conf.task_default_queue
        return connection.default_channel.client.llen(queue)


@pytest.mark.django_db
def test_a_task_waits_for_its_transaction(django_capture_on_commit_callbacks):
    before = waiting()
    with django_capture_on_commit_callbacks() as callbacks:
        after_commit(record_heartbeat)
        assert waiting() == before  # not before the commit
    assert len(callbacks) == 1
    callbacks[0]()  # what the commit runs
    assert waiting() == before + 1
    celery_app.control.purge()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_queues_nothing():
    before = waiting()
    with pytest.raises(RuntimeError), transaction.atomic():
        after_commit(record_heartbeat)
        raise RuntimeError("the write fails")
    assert waiting() == before
