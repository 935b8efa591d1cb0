"""Background work on submissions. Tasks take ids, call submissions.actions, and own
only retries and logging; running one twice changes nothing the second time."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import actions
from .models import Submission

# A broken file or a search that times out is retried, waiting longer each time.
RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task(ignore_result=True, **RETRY)
def process_submission(submission_id: int) -> None:
    """Scrub attachments, find duplicate candidates, notify moderators."""
    actions.process_submission(submission_id)


@shared_task(ignore_result=True)
def queue_unprocessed(waited_seconds: int = 60, at_most: int = 500) -> int:
    """Run by beat every minute: queue what has waited `waited_seconds` and is still
    not processed, e.g. submissions made while the broker was down. Returns how many
    were queued."""
    since = timezone.now() - timedelta(seconds=waited_seconds)
    waiting = list(
        Submission.objects.unprocessed()
        .filter(received_at__lte=since)
        .values_list("pk", flat=True)[:at_most]
    )
    for submission_id in waiting:
        process_submission.delay(submission_id)
    return len(waiting)
