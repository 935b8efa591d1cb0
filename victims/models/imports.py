"""A staff spreadsheet of people imported in the background
(victims.actions.person_sheets)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.imports import ImportJob


class PersonImport(ImportJob):
    """One sheet of people: every row checked, then all written by a worker, with
    the reason kept in the history of every record it writes."""

    FOLDER = "person-imports"

    people_created = models.PositiveIntegerField(_("people created"), default=0)
    seconds = models.FloatField(_("seconds taken"), null=True)

    class Meta(ImportJob.Meta):
        verbose_name = _("spreadsheet import of people")
        verbose_name_plural = _("spreadsheet imports of people")

    def __str__(self) -> str:
        return f"{self.filename} ({self.reason})"

    def outcome(self) -> str:
        return ngettext(
            "%(count)d person added, staff-only until published (%(seconds)s s).",
            "%(count)d people added, staff-only until published (%(seconds)s s).",
            self.people_created,
        ) % {"count": self.people_created, "seconds": self.seconds}

    def get_result_url(self) -> str:
        return reverse("admin:victims_person_changelist")

    def get_absolute_url(self) -> str:
        return reverse("admin:victims_personimport_status", args=[self.pk])
