"""A staff spreadsheet of people imported in the background
(victims.actions.person_sheets)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PersonImport(models.Model):
    """One sheet of people as staff sent it: checked row by row, then written
    whole or not at all by a worker; its page shows the progress and the result."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        CHECKING = "checking", _("Checking the rows")
        WRITING = "writing", _("Writing the people")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported: errors in the sheet")

    file = models.FileField(_("file"), upload_to="person-imports/%Y/", max_length=300)
    filename = models.CharField(_("file name"), max_length=300)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    reason = models.CharField(_("reason"), max_length=500)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    errors = models.JSONField(_("errors"), default=list, blank=True)
    people_created = models.PositiveIntegerField(_("people created"), default=0)
    seconds = models.FloatField(_("seconds taken"), null=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("spreadsheet import of people")
        verbose_name_plural = _("spreadsheet imports of people")

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return reverse("admin:victims_personimport_status", args=[self.pk])

    @property
    def running(self) -> bool:
        return self.status in {
            self.Status.QUEUED,
            self.Status.CHECKING,
            self.Status.WRITING,
        }
