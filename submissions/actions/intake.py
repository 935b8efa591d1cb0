"""Receiving submissions and the family's replies, and what a receipt code shows.

Receiving writes everything in one transaction and only then asks Celery to process
the submission. If the broker is down the submission is still saved and the visitor
still gets a receipt: `processed_at` and `queued_at` stay empty, and the beat job
(tasks.queue_unprocessed) queues it within a minute. A submission whose processing
keeps failing is retried by its own task; beat queues it again only an hour after it
was last queued, when that retry chain has ended, never beside it.
"""

import base64
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from archive.queueing import after_commit

from .. import contact
from ..models import Attachment
from ..models import Decision
from ..models import Reply
from ..models import Status
from ..models import Submission

log = logging.getLogger(__name__)


def _receipt_hash(code: str) -> str:
    normalised = "".join(code.split()).replace("-", "").upper()
    return hashlib.sha256(normalised.encode()).hexdigest()


class FilesNotStored(Exception):
    """A submission's files could not be written; nothing of it was stored."""


def new_receipt() -> str:
    """80 random bits as four groups of base32, e.g. 7KQ4-M2XD-9PLA-3VBN."""
    letters = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


def receive_submission(
    *,
    kind: str,
    fields: dict,
    files: list[tuple[str, bytes]],
    contact_text: str = "",
    partner=None,
    language: str = "",
) -> tuple[Submission, str]:
    """Save a submission with its attachments ((kind, content) pairs, already checked
    by content) and return it with its receipt code, which is not stored."""
    receipt = new_receipt()
    written = []
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                kind=kind,
                **fields,
                contact_encrypted=contact.encrypt(contact_text.strip()),
                partner=partner,
                language=language,
                receipt_hash=_receipt_hash(receipt),
            )
            for file_kind, content in files:
                attachment = Attachment(submission=submission, kind=file_kind)
                sealed = ContentFile(contact.seal(content))
                attachment.original.save("original", sealed, save=False)
                written.append(attachment.original)
                attachment.save()
            queue_processing(submission.pk)
    except OSError as error:  # the media folder is full or cannot be written
        log.error("submission not stored, files could not be written: %s", error)
        for stored in written:
            stored.delete(save=False)
        raise FilesNotStored from error
    return submission, receipt


def queue_processing(submission_id: int) -> None:
    """Ask a worker to process a submission once the transaction commits; if the
    broker cannot be reached, leave it to the beat job (the submission is saved)."""
    from ..tasks import process_submission

    def queued() -> None:
        Submission.objects.filter(pk=submission_id).update(queued_at=timezone.now())

    after_commit(process_submission, submission_id, queued=queued)


@dataclass(frozen=True)
class ReceiptStatus:
    """What the holder of a receipt may read: the status and, while more
    information is needed, the moderator's question. Nothing else."""

    status: str
    question: str = ""


def _by_receipt(code: str) -> Submission | None:
    return Submission.objects.filter(receipt_hash=_receipt_hash(code)).first()


def _open_question(submission: Submission) -> Decision | None:
    if submission.status != Status.MORE_INFORMATION:
        return None
    return submission.decisions.filter(action=Decision.Action.MORE_INFORMATION).last()


def open_question_text(submission: Submission) -> str:
    """The moderators' question while more information is needed, else ""."""
    question = _open_question(submission)
    return question.note if question else ""


def status_for_receipt(code: str) -> ReceiptStatus | None:
    """The status of the submission with this receipt, or None."""
    submission = _by_receipt(code)
    if submission is None:
        return None
    return ReceiptStatus(submission.status, open_question_text(submission))


class NoOpenQuestion(Exception):
    """A reply came for a submission that is not waiting for one."""


def receive_reply(code: str, text: str) -> Reply:
    """The answer of whoever holds the receipt code (the status page)."""
    submission = _by_receipt(code)
    if submission is None:
        raise NoOpenQuestion
    return answer_question(submission, text)


def answer_question(submission: Submission, text: str) -> Reply:
    """Add the submitter's answer to the moderator's open question and put the
    submission back in review, where the queue shows it."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        question = _open_question(submission)
        if question is None:
            raise NoOpenQuestion
        submission.status = Status.IN_REVIEW
        submission.save(update_fields=["status"])
        return Reply.objects.create(submission=submission, question=question, text=text)
