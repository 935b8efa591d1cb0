"""Background work on submissions. Tasks take ids, call submissions.actions, and own
only retries and logging; running one twice changes nothing the second time."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from .actions import intake
from .actions import processing
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
    processing.process_submission(submission_id)


# Longer than any retry chain above (backoff 5, 10, ... 300 s, eight times: about
# 15 minutes) plus the broker's visibility timeout (10 minutes): a submission queued
# longer ago than this is neither queued nor retrying any more.
CHAIN_ENDS_WITHIN = timedelta(hours=1)


@shared_task(ignore_result=True)
def queue_unprocessed(waited_seconds: int = 60, at_most: int = 500) -> int:
    """Run by beat every minute: queue what has waited `waited_seconds`, is still
    not processed, and is neither queued nor retrying (e.g. submissions made while
    the broker was down, or whose retries ran out an hour ago). Returns how many
    were queued."""
    now = timezone.now()
    waiting = list(
        Submission.objects.to_requeue(queued_before=now - CHAIN_ENDS_WITHIN)
        .filter(received_at__lte=now - timedelta(seconds=waited_seconds))
        .values_list("pk", flat=True)[:at_most]
    )
    for submission_id in waiting:
        intake.queue_processing(submission_id)
    return len(waiting)
