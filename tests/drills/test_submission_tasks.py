"""Submission processing under faults, on a real worker and real Redis: a task that
keeps failing gets one retry chain, not a new one each minute; the same task
delivered twice at once has one effect."""

from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.test import Client
from django.utils import timezone

from archive.celery import app as celery_app
from submissions.models import Attachment
from submissions.models import DuplicateCandidate
from submissions.models import Submission
from submissions.tasks import process_submission
from submissions.tasks import queue_unprocessed
from tests.drills.test_media_unwritable import noisy_jpeg
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.submissions.test_submissions import jpeg_with_gps
from tests.submissions.test_submissions import send
from tests.submissions.test_worker import broker_unreachable
from tests.submissions.test_worker import processed
from tests.waiting import wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.usefixtures("reference_data", "fresh_rate_limits"),
]


def files_under(root) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def held_by(worker, kind: str) -> list[dict]:
    """The tasks `worker` holds of `kind` ("active", "reserved", "scheduled": a
    retry waiting for its time), as it answers through the broker."""
    inspect = celery_app.control.inspect([worker.hostname], timeout=1)
    return (getattr(inspect, kind)() or {}).get(worker.hostname, [])


def test_a_submission_that_keeps_failing_gets_one_retry_chain(
    emptied_queue, celery_worker, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    with broker_unreachable():
        send(Client(), files=[("photo.jpg", jpeg_with_gps())])
    submission = Submission.objects.get()
    (tmp_path / Attachment.objects.get().original.name).unlink()  # fails every time

    beat_minutes = [queue_unprocessed(waited_seconds=0) for _ in range(5)]
    retry = wait_until(
        lambda: held_by(celery_worker, "scheduled"),
        "the worker running the task, failing, and scheduling its retry",
    )

    assert beat_minutes == [1, 0, 0, 0, 0]  # beat queued it once, then waited
    assert [task["request"]["args"] for task in retry] == [[submission.pk]]
    assert queue_unprocessed(waited_seconds=0) == 0  # still one chain, retrying
    Submission.objects.update(queued_at=timezone.now() - timedelta(hours=2))
    assert queue_unprocessed(waited_seconds=0) == 1  # that chain has long ended


def test_the_same_task_delivered_twice_at_once_has_one_effect(
    emptied_queue, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    namesake = PublicPersonFactory(surname="Сәрсенбаев", given_name="Әлібек")
    UserFactory(role="moderator", email="moderator@example.org")
    with broker_unreachable():
        send(
            Client(),
            # Photos that take a while to clean, so that both deliveries overlap.
            files=[(f"photo{n}.jpg", noisy_jpeg(1400)) for n in range(3)],
        )
    submission = Submission.objects.get()

    with start_worker(
        celery_app, pool="threads", concurrency=2, perform_ping_check=False
    ) as worker:
        process_submission.delay(submission.pk)
        process_submission.delay(submission.pk)
        processed(submission.pk)
        wait_until(
            lambda: not held_by(worker, "active") and not held_by(worker, "reserved"),
            "the second delivery finishing too",
        )

    referenced = {a.scrubbed.name for a in Attachment.objects.all()}
    assert len(referenced) == 3
    assert files_under(tmp_path) == referenced  # no orphan, no original left
    assert len(mail.outbox) == 1
    assert [c.person for c in DuplicateCandidate.objects.all()] == [namesake]
