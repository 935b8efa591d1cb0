"""What families, witnesses and partners send, and what moderators decide about it.

A submission is kept exactly as sent. Its attachments are scrubbed of metadata in the
background (submissions.tasks); until a scrubbed copy exists nothing of a file is
shown, and the original is never served. The submitter's contact is stored encrypted
(submissions.contact) and only the moderation screen decrypts it.
"""

import uuid
from datetime import datetime

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from archive.encryption import EncryptedTextField
from archive.models import append_only
from archive.models import never_deleted
from victims import happenings
from victims.matching import reason_text
from victims.models import Person
from victims.models import Place
from victims.names import join_name


class Kind(models.TextChoices):
    NEW_PERSON = "new_person", _("A person not yet in the archive")
    NEW_INFORMATION = "new_information", _("New information about a person")
    CORRECTION = "correction", _("A correction")
    TESTIMONY = "testimony", _("Testimony of torture or ill-treatment")
    REMOVAL = "removal", _("A request to remove or anonymise a record")


ABOUT_A_PERSON = {Kind.NEW_INFORMATION, Kind.CORRECTION, Kind.REMOVAL}
NAME_NEEDED = _("Give at least a surname or a given name.")


def lacks_a_name(kind: str, *, surname: str, given_name: str) -> bool:
    """A new person is sent with at least a surname or a given name."""
    return kind == Kind.NEW_PERSON and not (surname or given_name)


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_REVIEW = "in_review", _("In review")
    MORE_INFORMATION = "more_information", _("More information needed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


CLOSED = {Status.ACCEPTED, Status.DECLINED}


class SubmissionQuerySet(models.QuerySet):
    def unprocessed(self) -> "SubmissionQuerySet":
        """Still waiting for their background work (scrubbing, duplicates, notice)."""
        return self.filter(processed_at__isnull=True)

    def to_requeue(self, *, queued_before: datetime) -> "SubmissionQuerySet":
        """Unprocessed and neither queued nor retrying: never handed to the broker,
        or handed to it before `queued_before`, when any retry chain has ended."""
        return self.unprocessed().filter(
            models.Q(queued_at__isnull=True) | models.Q(queued_at__lt=queued_before)
        )

    def oldest_unprocessed_at(self) -> datetime | None:
        """When the oldest submission still waiting for its background work arrived
        (/healthz reports it)."""
        return (
            self.unprocessed()
            .order_by("received_at")
            .values_list("received_at", flat=True)
            .first()
        )


# Not in django-pghistory: its Events view is open to every staff role, editors
# included, and a submission is for moderators only. Its log is Decision.
class Submission(models.Model):
    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("about this person"),
    )
    surname = models.CharField(_("surname"), max_length=150, blank=True)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True)
    region = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    happened = models.JSONField(_("what happened"), default=list, blank=True)
    happened_on = models.DateField(_("when"), null=True, blank=True)
    place_text = models.CharField(_("where"), max_length=300, blank=True)
    account = EncryptedTextField(_("what the submitter knows"))
    naming = models.CharField(
        _("how the person may be named publicly"),
        max_length=10,
        choices=Person.Naming.choices,
    )
    contact_encrypted = models.BinaryField(_("contact (encrypted)"), null=True)
    forget_contact_when_closed = models.BooleanField(
        _("delete the contact when the case is closed"), default=True
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    partner = models.ForeignKey(
        "sources.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("sent by partner"),
    )
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(_("processed"), null=True, editable=False)
    # When its processing was last handed to the broker (None: never, e.g. Redis was
    # down): beat queues it again only when that chain must have ended.
    queued_at = models.DateTimeField(null=True, editable=False)
    moderators_notified_at = models.DateTimeField(null=True, editable=False)
    testimony_source = models.OneToOneField(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="submission",
        verbose_name=_("source"),
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        permissions = [("moderate_submission", _("Can moderate submissions"))]
        # What a family or survivor sent is kept, whatever is decided on it.
        triggers = never_deleted()

    def __str__(self) -> str:
        return _("%(kind)s, received %(date)s") % {
            "kind": self.get_kind_display(),
            "date": self.received_at.date() if self.received_at else "",
        }

    @property
    def name(self) -> str:
        return join_name(self.surname, self.given_name, self.patronymic)

    @property
    def happened_labels(self) -> list[str]:
        return [str(happenings.kind(value).label) for value in self.happened]

    @property
    def files_folder(self) -> str:
        """Where its attachments' files are kept, in the default storage."""
        return f"private/submissions/{self.uuid}"


class FileKind(models.TextChoices):
    IMAGE = "image", _("photo")
    PDF = "pdf", _("PDF document")


def _original_path(attachment: "Attachment", filename: str) -> str:
    # Names are not kept: they can identify the submitter.
    return f"{attachment.submission.files_folder}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """A file sent with a submission: the original as received, and once the worker
    has been through it, a copy rebuilt without metadata."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    original = models.FileField(upload_to=_original_path, max_length=300)
    original_sha256 = models.CharField(max_length=64, blank=True)
    scrubbed = models.FileField(upload_to=_original_path, max_length=300, blank=True)
    scrubbed_sha256 = models.CharField(max_length=64, blank=True)
    scrubbed_at = models.DateTimeField(null=True)
    problem = models.CharField(_("problem"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        triggers = never_deleted()
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.kind} {self.original_sha256[:12]}"


class DuplicateCandidate(models.Model):
    """A person already in the archive who may be the one a submission is about."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="candidates"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "person"], name="candidate_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.score:.2f})"

    @property
    def reason_texts(self) -> list[str]:
        """Why the person may be the one, in the active language."""
        return [reason_text(reason, self.person) for reason in self.reasons]


@pgtrigger.register(*append_only("decisions_are_append_only"))
class Decision(models.Model):
    """One moderator's decision on a submission. Rows are never changed or removed
    (a database trigger refuses it); the latest decision or reply decides the
    status. The note of "more information" is the question the submitter reads on
    the status page."""

    class Action(models.TextChoices):
        REVIEW = "review", _("Review started")
        ACCEPT = "accept", _("Accepted as a new person")
        MERGE = "merge", _("Merged into a person")
        MORE_INFORMATION = "more_information", _("More information asked for")
        DECLINE = "decline", _("Declined")

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="decisions"
    )
    action = models.CharField(_("decision"), max_length=20, choices=Action.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = EncryptedTextField(_("note or reason"), blank=True)
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.decided_at:%Y-%m-%d})"


@pgtrigger.register(*append_only("replies_are_append_only"))
class Reply(models.Model):
    """A submitter's answer to a moderator's question ("more information needed"),
    sent with the receipt code. It joins the submission and puts it back in review."""

    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, related_name="replies"
    )
    question = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=_("answers"),
    )
    text = EncryptedTextField(_("answer"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return _("Reply of %(date)s") % {"date": f"{self.received_at:%Y-%m-%d}"}
