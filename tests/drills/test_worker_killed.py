"""A Celery worker killed (SIGKILL) in the middle of processing a submission: after
a worker starts again, the task runs to completion exactly once: one set of cleaned
files, one candidate set, one mail to moderators."""

import os
import signal

import pytest
from django.test import Client

from submissions.models import Attachment
from submissions.models import DuplicateCandidate
from submissions.models import Submission
from submissions.tasks import process_submission
from tests.drills.servers import worker_process
from tests.drills.test_media_unwritable import noisy_jpeg
from tests.drills.test_submission_tasks import files_under
from tests.factories import PublicPersonFactory
from tests.factories import UserFactory
from tests.submissions.test_submissions import send
from tests.submissions.test_worker import broker_unreachable
from tests.submissions.test_worker import processed
from tests.waiting import wait_until

pytestmark = [
    pytest.mark.worker,
    pytest.mark.usefixtures("reference_data", "fresh_rate_limits", "emptied_queue"),
]

VISIBILITY_TIMEOUT = "3"  # seconds, instead of production's 600


def test_a_task_cut_off_by_sigkill_runs_exactly_once_after_a_restart(
    settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    namesake = PublicPersonFactory(surname="Сәрсенбаев", given_name="Әлібек")
    UserFactory(role="moderator", email="moderator@example.org")
    with broker_unreachable():  # stored, not queued: the drill queues it itself
        send(Client(), files=[(f"p{n}.jpg", noisy_jpeg(1800)) for n in range(4)])
    submission = Submission.objects.get()
    originals = len(files_under(settings.MEDIA_ROOT))

    with worker_process(tmp_path, CELERY_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT) as w:
        process_submission.delay(submission.pk)
        wait_until(
            lambda: len(files_under(settings.MEDIA_ROOT)) > originals,
            "the worker writing its first cleaned file",
        )
        os.kill(w.pid, signal.SIGKILL)
        w.wait(timeout=10)
    assert Submission.objects.get().processed_at is None  # nothing half-stored

    with worker_process(tmp_path, CELERY_VISIBILITY_TIMEOUT=VISIBILITY_TIMEOUT):
        processed(submission.pk)

    referenced = {a.scrubbed.name for a in Attachment.objects.all()}
    assert len(referenced) == 4 and all(referenced)
    assert files_under(settings.MEDIA_ROOT) == referenced  # no orphan of the kill
    assert [c.person for c in DuplicateCandidate.objects.all()] == [namesake]
    assert len(list((tmp_path / "mail").iterdir())) == 1
