"""What every file import is, whatever its rows become (a list's entries, people):
a file staff sent, kept (never served) under its SHA-256, checked, then written
whole or not at all, usually by a worker. While it runs, its phase and the rows
done so far are in the cache, which the status page reads at once (the rows
commit only at the end)."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import models
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def kept_file_path(job: "ImportJob", filename: str) -> str:
    """Each kind of import keeps its files in a folder of its own, by year."""
    return f"{job.FOLDER}/{timezone.now():%Y}/{filename}"


class ImportJob(models.Model):
    """One file as staff sent it, and what became of it. A kind of import adds
    what its rows need (the list they belong to, the reason for the import), says
    what it made (`outcome`) and where to see it (`get_result_url`)."""

    FOLDER = "imports"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Waiting for its column mapping")
        QUEUED = "queued", _("Importing")  # its phase is in `progress()`
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    file = models.FileField(_("file"), upload_to=kept_file_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    reason = models.CharField(
        _("reason"),
        max_length=500,
        blank=True,
        help_text=_("Kept in the history of every record it writes, with its sender."),
    )
    # Each error as {"row": n, "column": name, "message": text}; row 0 is the file.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def running(self) -> bool:
        return self.status == self.Status.QUEUED

    def keep(self, content: bytes, filename: str) -> None:
        """Save the job with its file, stored under its SHA-256 (the name staff
        gave it is kept apart, never used as a path)."""
        self.filename = filename[:300]
        self.sha256 = hashlib.sha256(content).hexdigest()
        stored = f"{self.sha256}{Path(filename).suffix.lower()}"
        self.file.save(stored, ContentFile(content))

    def content(self) -> bytes:
        with self.file.open("rb") as handle:
            return handle.read()

    @property
    def progress_key(self) -> str:
        return f"import-progress-{self._meta.label_lower}-{self.pk}"

    def progress(self) -> dict:
        """{"phase": "checking" or "writing", "done": rows} while it runs."""
        return cache.get(self.progress_key) or {"phase": "", "done": 0}

    def report_progress(self, phase: str, done: int) -> None:
        done = min(done, self.rows_total)
        cache.set(self.progress_key, {"phase": phase, "done": done}, timeout=3600)

    def finish(self, errors: list[dict] | None = None) -> None:
        """Done, or failed with `errors`: saved, and its progress forgotten once
        that commits."""
        self.status = self.Status.FAILED if errors else self.Status.DONE
        self.errors = errors or []
        self.finished_at = timezone.now()
        self.save()
        transaction.on_commit(lambda key=self.progress_key: cache.delete(key))

    def outcome(self) -> str:
        """What a finished import made, in a sentence."""
        raise NotImplementedError

    def get_result_url(self) -> str:
        """Where staff see what a finished import made."""
        raise NotImplementedError


def file_error(message: str) -> dict:
    """An error of the file as a whole, not of one row."""
    return {"row": 0, "column": "", "message": message}
