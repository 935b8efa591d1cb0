"""Tasks are queued only once the write that asks for them has committed.

A worker that runs a task before its transaction commits reads rows that do not
exist yet, or acts on a write that is then rolled back. Every task the archive
queues goes through `after_commit`; a test (tests/archive/test_queueing.py) fails
on any other call that queues a task.
"""

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction

log = logging.getLogger(__name__)


def after_commit(task, *args, queued: Callable[[], None] | None = None) -> None:
    """Queue `task(*args)` once the current transaction commits (at once outside
    one). `queued`, if given, runs once the broker has taken the task; given, a
    broker that cannot be reached is logged instead of raised, for work that a
    sweep finds again (the submissions' beat job)."""
    transaction.on_commit(partial(_send, task, args, queued))


def _send(task, args: tuple, queued: Callable[[], None] | None) -> None:
    if queued is None:
        task.apply_async(args)
        return
    try:
        task.apply_async(args, retry=False)
    except Exception:  # kombu raises several kinds when Redis is unreachable
        log.warning("broker unreachable; %s%s waits for its sweep", task.name, args)
        return
    queued()
