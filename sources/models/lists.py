"""Victim lists kept as they were published: the official list, Radio Azattyq's,
Ar.Rukh.Khak's, and any other list of the killed, detained, injured or tortured.

A list is a document (a Source of kind "list") with what it counts and the number it
claims. Each row is a ListEntry: every column exactly as published, and the fields
that matching needs, parsed from them. Entries are never edited (database triggers
refuse it); a correction is an EntryAnnotation with its reason and author. Who an
entry is (the link to a Person) lives on the victims side, so that nothing here
points up to it.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.dates import precision_field
from archive.imports import ImportJob
from archive.models import append_only
from archive.models import never_deleted
from archive.models import never_emptied
from archive.models import tracked
from archive.visibility import Visibility

from ..tables import DESCRIBING
from ..tables import NAME_PARTS
from .documents import Organisation
from .documents import Source


@tracked(obj_field=pghistory.ObjForeignKey(related_name="list_events"))
class VictimList(Source):
    """A published list of names (a Source of kind "list"), as it stood on a date."""

    class Counts(models.TextChoices):
        KILLED = "killed", _("People killed")
        DETAINED = "detained", _("People detained")
        INJURED = "injured", _("People injured")
        TORTURE = "torture", _("Torture and ill-treatment")

    compiled_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="victim_lists",
        verbose_name=_("compiled by"),
    )
    as_of = models.DateField(_("as of"), null=True, blank=True)
    as_of_precision = precision_field()
    counts = models.CharField(
        _("what it counts"), max_length=10, choices=Counts.choices
    )
    claimed_count = models.PositiveIntegerField(
        _("count it claims"),
        null=True,
        blank=True,
        help_text=_("The number the list's publisher states, e.g. 188."),
    )
    notes = models.TextField(_("notes"), blank=True)
    column_mapping = models.JSONField(
        _("column mapping"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "Which column holds which field, kept for the list's next version."
        ),
    )

    class Meta:
        ordering = ["as_of", "title"]
        verbose_name = _("victim list")
        triggers = never_deleted()
        verbose_name_plural = _("victim lists")

    def save(self, *args, **kwargs) -> None:
        self.kind = Source.Kind.LIST  # a list is always a source of kind list
        super().save(*args, **kwargs)


class ListEntryQuerySet(models.QuerySet):
    def visible_at(self, clearance: Visibility) -> "ListEntryQuerySet":
        """Entries of the lists `clearance` may read: an entry is as readable as
        the list it stands in."""
        return self.filter(victim_list__in=VictimList.objects.visible_at(clearance))


@tracked()
class ListEntry(models.Model):
    """One row of a list, kept verbatim, with the fields matching needs."""

    # What is parsed from the row for matching (the admin, the API and the import
    # all name these fields).
    PARSED_FIELDS = ("name_as_written", *NAME_PARTS, "initials", *DESCRIBING)

    victim_list = models.ForeignKey(
        VictimList,
        on_delete=models.PROTECT,
        related_name="entries",
        verbose_name=_("list"),
    )
    row_number = models.PositiveIntegerField(_("row"))
    # [[column header, text], ...] in the published order (a JSON object would lose
    # the order of the columns).
    columns = models.JSONField(_("the row as published"))
    name_as_written = models.CharField(_("name as written"), max_length=300)
    surname = models.CharField(_("surname"), max_length=150, blank=True)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    initials = models.CharField(_("initials"), max_length=10, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True)
    sex = models.CharField(_("sex"), max_length=8, blank=True)
    event_date = models.DateField(_("date"), null=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    region = models.CharField(_("region"), max_length=300, blank=True)
    cause = models.CharField(_("cause"), max_length=300, blank=True)
    facility = models.CharField(_("facility"), max_length=300, blank=True)

    objects = ListEntryQuerySet.as_manager()

    class Meta:
        ordering = ["victim_list", "row_number"]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["victim_list", "row_number"], name="list_row_once"
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name="entries_are_never_edited", operation=pgtrigger.Update
            ),
            pgtrigger.Protect(
                name="entries_are_never_deleted", operation=pgtrigger.Delete
            ),
            never_emptied(),
        ]

    def __str__(self) -> str:
        return f"{self.victim_list} #{self.row_number}"


@tracked()
class EntryAnnotation(models.Model):
    """A correction or remark on an entry, with its reason and author; the entry
    itself stays as published."""

    entry = models.ForeignKey(
        ListEntry,
        on_delete=models.PROTECT,
        related_name="annotations",
        verbose_name=_("entry"),
    )
    field = models.CharField(
        _("field"),
        max_length=40,
        blank=True,
        help_text=_("The parsed field corrected, if any (e.g. birth_year)."),
    )
    value = models.CharField(_("corrected value"), max_length=300, blank=True)
    reason = models.TextField(_("reason"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "created_at"]
        verbose_name = _("annotation")
        verbose_name_plural = _("annotations")
        triggers = append_only("annotations_are_append_only")

    def __str__(self) -> str:
        return f"{self.entry}: {self.reason[:60]}"


@tracked()
class ListImport(ImportJob):
    """One file of a list's rows: mapped column by column by staff (it waits,
    UPLOADED, until then), then imported as the list's entries."""

    FOLDER = "list-imports"

    victim_list = models.ForeignKey(
        VictimList,
        on_delete=models.PROTECT,
        related_name="imports",
        verbose_name=_("list"),
    )
    mapping = models.JSONField(_("column mapping"), default=dict)

    class Meta(ImportJob.Meta):
        verbose_name = _("list import")
        verbose_name_plural = _("list imports")

    def __str__(self) -> str:
        return f"{self.victim_list}: {self.filename}"

    def outcome(self) -> str:
        return ngettext(
            "%(count)d row kept as published.",
            "%(count)d rows kept as published.",
            self.rows_total,
        ) % {"count": self.rows_total}

    def get_result_url(self) -> str:
        entries = reverse("admin:sources_listentry_changelist")
        return f"{entries}?victim_list__id__exact={self.victim_list_id}"

    def get_absolute_url(self) -> str:
        """Its column mapping while it waits for one, else its status page."""
        if self.status == self.Status.UPLOADED:
            return reverse("admin:sources_victimlist_import_mapping", args=[self.pk])
        return reverse("admin:sources_listimport_status", args=[self.pk])
