"""The background work on a received submission (submissions.tasks): its files
scrubbed and hashed, its possible duplicates found, moderators told."""

import logging
from functools import partial

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from victims.matching import Candidate
from victims.matching import find_people

from .. import contact
from ..models import Attachment
from ..models import DuplicateCandidate
from ..models import Submission
from ..scrubbing import SCRUBBERS
from ..scrubbing import CannotScrub
from ..scrubbing import sha256_hex

log = logging.getLogger(__name__)


def scrub_attachments(submission: Submission, written: list) -> None:
    """Rebuild each attachment without metadata; one already scrubbed is left. The
    original (with its GPS and camera data) is on disk only encrypted (contact.seal)
    and, once the clean copy and both hashes exist, deleted. One that cannot be
    rebuilt stays encrypted, quarantined: a moderator may fetch it by hand
    (`read_original`). The names of the files written are added to `written`."""
    for attachment in submission.attachments.filter(scrubbed_at__isnull=True):
        data = read_original(attachment)
        attachment.original_sha256 = sha256_hex(data)
        try:
            clean = SCRUBBERS[attachment.kind](data)
        except CannotScrub as error:
            attachment.problem = str(error)[:300]
            attachment.save(update_fields=["original_sha256", "problem"])
            continue
        attachment.scrubbed.save("scrubbed", ContentFile(clean), save=False)
        written.append(attachment.scrubbed.name)
        attachment.scrubbed_sha256 = sha256_hex(clean)
        attachment.scrubbed_at = timezone.now()
        original = attachment.original.name
        attachment.original = ""
        attachment.save()
        # Deleted once the row holding both hashes is committed.
        transaction.on_commit(partial(default_storage.delete, original))


def read_original(attachment: Attachment) -> bytes:
    """The original as received, decrypted in memory only."""
    with attachment.original.open("rb") as original:
        return contact.unseal(original.read())


def _candidates(submission: Submission) -> list[Candidate]:
    """Who the submission may be about: the person it names, or the people the
    shared matching finds (victims.matching)."""
    if submission.person_id:
        return [Candidate(submission.person, 1.0, ["named by the submitter"])]
    return find_people(
        surname=submission.surname,
        given_name=submission.given_name,
        patronymic=submission.patronymic,
        birth_year=submission.birth_year,
        region=submission.region,
    )


@transaction.atomic
def record_duplicate_candidates(submission: Submission) -> int:
    """Replace the submission's candidates with those found now."""
    submission.candidates.all().delete()
    found = _candidates(submission)
    DuplicateCandidate.objects.bulk_create(
        DuplicateCandidate(
            submission=submission,
            person=candidate.person,
            score=round(candidate.score, 3),
            reasons=candidate.reasons,
        )
        for candidate in found
    )
    return len(found)


def notify_moderators(submission: Submission) -> None:
    """Tell moderators once that something is waiting; the mail says nothing else."""
    updated = Submission.objects.filter(
        pk=submission.pk, moderators_notified_at__isnull=True
    ).update(moderators_notified_at=timezone.now())
    if not updated:
        return
    moderators = get_user_model().objects.filter(
        groups__name="moderator", is_active=True
    )
    addresses = sorted({user.email for user in moderators if user.email})
    if addresses:
        path = reverse("admin:submissions_submission_change", args=[submission.pk])
        transaction.on_commit(
            partial(
                send_mail,
                "A new submission is waiting for moderation",
                f"Open it in the staff workspace: {path}",
                None,
                addresses,
            )
        )


def remove_unreferenced_files(submission: Submission) -> None:
    """Delete files in the submission's folder that no attachment names: what a run
    killed outright (SIGKILL, a power cut) wrote before it could clean up. Called
    under the submission's row lock, so no live run is writing there."""
    try:
        _folders, names = default_storage.listdir(submission.files_folder)
    except FileNotFoundError:
        return
    referenced = set()
    for attachment in submission.attachments.all():
        referenced |= {attachment.original.name, attachment.scrubbed.name}
    for name in names:
        path = f"{submission.files_folder}/{name}"
        if path not in referenced:
            log.warning("submission %s: removing unreferenced %s", submission.pk, path)
            default_storage.delete(path)


def process_submission(submission_id: int) -> None:
    """Everything a submission needs before a moderator sees it, in one transaction.

    One run at a time: the same task delivered twice waits on the submission's row
    lock, then finds the work done. A run that fails stores nothing and removes the
    files it wrote, so its retry leaves no orphan; the notice is sent on commit.
    """
    written: list[str] = []
    try:
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission_id)
            if submission.processed_at is not None:
                return
            remove_unreferenced_files(submission)
            scrub_attachments(submission, written)
            record_duplicate_candidates(submission)
            notify_moderators(submission)
            submission.processed_at = timezone.now()
            submission.save(update_fields=["processed_at"])
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise


# Decisions. Each is one transaction, writes one Decision row, and records who and
# why in the history of every record it creates.


# The status each decision leaves a submission in.
