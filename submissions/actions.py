"""Receiving submissions, the background work on them, and moderators' decisions.

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
from datetime import date
from functools import partial

import pghistory
from cryptography.fernet import InvalidToken
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from archive.queueing import after_commit
from archive.visibility import Visibility
from archive.widening import refuse_widening
from sources.models import Citation
from sources.models import Language
from sources.models import Source
from victims import happenings
from victims.matching import Candidate
from victims.matching import find_people
from victims.models import NameVariant
from victims.models import Person
from victims.names import guess_script

from . import contact
from .models import CLOSED
from .models import Attachment
from .models import Decision
from .models import DuplicateCandidate
from .models import Reply
from .models import Status
from .models import Submission
from .scrubbing import SCRUBBERS
from .scrubbing import CannotScrub
from .scrubbing import sha256_hex

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
    from .tasks import process_submission

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
STATUS_AFTER = {
    Decision.Action.REVIEW: Status.IN_REVIEW,
    Decision.Action.MORE_INFORMATION: Status.MORE_INFORMATION,
    Decision.Action.DECLINE: Status.DECLINED,
    Decision.Action.ACCEPT: Status.ACCEPTED,
    Decision.Action.MERGE: Status.ACCEPTED,
}


def _decide(
    submission: Submission, action: str, *, moderator, note="", person=None
) -> Decision:
    status = STATUS_AFTER[action]
    submission.status = status
    fields = ["status"]
    if person is not None:  # from then on about the person it went into
        submission.person = person
        fields.append("person")
    if status in CLOSED and submission.forget_contact_when_closed:
        submission.contact_encrypted = None
        fields.append("contact_encrypted")
    submission.save(update_fields=fields)
    return Decision.objects.create(
        submission=submission,
        action=action,
        moderator=moderator,
        person=person,
        note=note,
    )


def start_review(submission: Submission, *, moderator, note: str = "") -> Decision:
    return _decide(submission, Decision.Action.REVIEW, moderator=moderator, note=note)


def ask_for_more_information(submission: Submission, *, moderator, note: str):
    action = Decision.Action.MORE_INFORMATION
    return _decide(submission, action, moderator=moderator, note=note)


def decline(submission: Submission, *, moderator, reason: str) -> Decision:
    return _decide(
        submission, Decision.Action.DECLINE, moderator=moderator, note=reason
    )


def accept_request(submission: Submission, *, moderator, note: str) -> Decision:
    """A request to remove or anonymise a record, carried out by the moderator in the
    person's record (retraction, naming); the note says what was done."""
    action = Decision.Action.ACCEPT
    return _decide(
        submission, action, moderator=moderator, note=note, person=submission.person
    )


def testimony_source(submission: Submission) -> Source:
    """The submission as a Source of kind testimony, staff-only, made once."""
    if submission.testimony_source_id:
        return submission.testimony_source
    received = submission.received_at.date()
    source = Source.objects.create(
        reference=f"submission-{submission.uuid}",
        kind=Source.Kind.TESTIMONY,
        title=f"Submission of {received:%Y-%m-%d}: {submission.get_kind_display()}",
        published_on=received,
        language=submission.language
        if submission.language in Language.values
        else Language.OTHER,
        visibility=Visibility.STAFF,
    )
    submission.testimony_source = source
    submission.save(update_fields=["testimony_source"])
    return source


def _cite(records, source: Source) -> None:
    for record in records:
        Citation.objects.cite(record, source, note="from a public submission")


def _facts(submission: Submission, person: Person, wanted: set[str]) -> list:
    """Create the records the submission reports that the moderator chose, each as
    its kind makes it from a submission (victims.happenings)."""
    created = []
    for kind in happenings.kinds():
        if kind.value not in wanted or kind.from_submission is None:
            continue
        if (record := kind.from_submission(person, submission)) is not None:
            created.append(record)
    return created


def _take_in(submission, person, facts, source, action, moderator, note) -> None:
    """The chosen facts as records of `person`, each citing the submission, and the
    decision that accepted it. The caller runs it inside refuse_widening, with
    `person` watched: the facts and citations follow from them."""
    _cite([person, *_facts(submission, person, facts)], source)
    _decide(submission, action, moderator=moderator, note=note, person=person)


@transaction.atomic
def accept_as_new_person(
    submission: Submission, *, moderator, facts: set[str], note: str = ""
) -> Person:
    """A new staff-only person from the submission, with the facts chosen, each
    citing the submission as a testimony source."""
    with (
        pghistory.context(reason=f"accepted submission {submission.uuid}"),
        refuse_widening(by=moderator) as watch,
    ):
        source = testimony_source(submission)
        person = Person.objects.create(
            surname=submission.surname,
            given_name=submission.given_name,
            patronymic=submission.patronymic,
            birth_date=date(submission.birth_year, 1, 1)
            if submission.birth_year
            else None,
            residence_region=submission.region,
            naming=submission.naming,
            consent_note=f"Chosen by the submitter of {source.reference}.",
        )
        watch.add(person)
        _take_in(
            submission, person, facts, source, Decision.Action.ACCEPT, moderator, note
        )
    return person


@transaction.atomic
def merge_into_person(
    submission: Submission,
    *,
    person: Person,
    moderator,
    facts: set[str],
    note: str = "",
) -> Person:
    """Add the chosen facts to a person already in the archive. The submitted
    spelling is kept as a name variant (both spellings stay searchable)."""
    with (
        pghistory.context(reason=f"merged submission {submission.uuid}"),
        refuse_widening(by=moderator, records=[person]),
    ):
        source = testimony_source(submission)
        spelling = {
            "surname": submission.surname,
            "given_name": submission.given_name,
            "patronymic": submission.patronymic,
        }
        known = person.name_variants.filter(**spelling).exists()
        if "name" in facts and submission.name and not known:
            NameVariant.objects.create(
                person=person,
                **spelling,
                script=guess_script(submission.name),
                source=source,
                note="as given in a submission",
            )
        _take_in(
            submission, person, facts, source, Decision.Action.MERGE, moderator, note
        )
    return person


def rotate_contact_keys(*, batch_size: int = 500) -> tuple[int, int]:
    """Re-encrypt every stored contact with the newest key (contact.rotate), in
    batches, each in its own transaction. Returns (re-encrypted, unreadable)."""
    rotated = unreadable = 0
    last = 0
    while True:
        with transaction.atomic():
            batch = list(
                Submission.objects.filter(pk__gt=last, contact_encrypted__isnull=False)
                .order_by("pk")
                .only("pk", "contact_encrypted")[:batch_size]
            )
            if not batch:
                return rotated, unreadable
            for submission in batch:
                try:
                    token = contact.rotate(submission.contact_encrypted)
                except InvalidToken:
                    unreadable += 1
                    continue
                Submission.objects.filter(pk=submission.pk).update(
                    contact_encrypted=token
                )
                rotated += 1
            last = batch[-1].pk


def reseal_originals() -> tuple[int, int]:
    """Re-encrypt every original still kept (one not yet scrubbed, or quarantined)
    with the newest key, each into a new file that replaces the old on commit.
    Returns (re-encrypted, unreadable)."""
    resealed = unreadable = 0
    for attachment in Attachment.objects.exclude(original="").order_by("pk"):
        with attachment.original.open("rb") as original:
            sealed = original.read()
        try:
            token = contact.rotate(sealed)
        except InvalidToken:
            unreadable += 1
            continue
        with transaction.atomic():
            old = attachment.original.name
            attachment.original.save("original", ContentFile(token), save=False)
            attachment.save(update_fields=["original"])
            transaction.on_commit(partial(default_storage.delete, old))
        resealed += 1
    return resealed, unreadable
