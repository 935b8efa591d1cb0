"""Documents, who published them, the citations that tie facts to them, and figures."""

import uuid

import pgtrigger
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists
from django.db.models import OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.dates import format_approximate
from archive.dates import precision_field
from archive.models import InForce
from archive.models import Record
from archive.models import Removable
from archive.models import RemovableQuerySet
from archive.models import fresh_record
from archive.models import never_deleted
from archive.models import record_models_about_people
from archive.models import tracked
from archive.translation import localised
from archive.visibility import name_shown


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Other")


@tracked()
class Organisation(models.Model):
    """An NGO, a media outlet, a state body or an armed or police unit."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("Non-governmental organisation")
        MEDIA = "media", _("Media")
        STATE_BODY = "state_body", _("State body")
        UNIT = "unit", _("Police, security or military unit")
        INTERNATIONAL = "international", _("International organisation")
        COALITION = "coalition", _("Coalition")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False
    )
    name = models.CharField(_("name"), max_length=300, unique=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=300, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        triggers = never_deleted()

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        return localised(self, "name", fallback="name")


@tracked()
class Source(Record):
    """A document that reports facts: the evidence every published fact points to."""

    REQUIRES_CITATION = False

    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        ARTICLE = "article", _("News article")
        STATEMENT = "statement", _("Statement")
        PRESS_RELEASE = "press_release", _("Press release")
        LIST = "list", _("List of names")
        TESTIMONY = "testimony", _("Testimony")
        COURT_RECORD = "court_record", _("Court record")
        VIDEO = "video", _("Video")
        PHOTO = "photo", _("Photo")
        OTHER = "other", _("Other")

    reference = models.SlugField(
        _("reference"),
        max_length=120,
        unique=True,
        help_text=_("A short stable name, e.g. hrw-droi-statement-2022-10-26."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    publishers = models.ManyToManyField(
        Organisation, related_name="sources", blank=True, verbose_name=_("publishers")
    )
    published_on = models.DateField(_("published"), null=True, blank=True)
    published_precision = precision_field()
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    file = models.FileField(_("file"), upload_to="sources/%Y/", blank=True)
    sha256 = models.CharField(
        _("SHA-256 of the file"), max_length=64, blank=True, editable=False
    )
    reliability_note = models.TextField(_("reliability note"), blank=True)

    class Meta(Record.Meta):
        ordering = ["-published_on", "title"]
        verbose_name = _("source")
        triggers = [
            *never_deleted(),
            *fresh_record(),
            # A record shows the citations of the sources its reader may read.
            pgtrigger.Trigger(
                name="citing_records_follow_readers",
                when=pgtrigger.After,
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange("visibility", "retracted_at"),
                func="PERFORM archive_touch_record(content_type_id, object_id)"
                " FROM sources_citation WHERE source_id = NEW.id; RETURN NULL;",
            ),
        ]
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("sources:source", args=[self.uuid])

    @property
    def published_display(self) -> str:
        return format_approximate(self.published_on, self.published_precision)


class CitationQuerySet(RemovableQuerySet):
    def cite(
        self, record, source: "Source", *, locator: str = "", note: str = ""
    ) -> "Citation":
        """The citation of `source` for `record` (made once; a second call with the
        same source returns it). The one way code writes a citation."""
        citation, _ = self.get_or_create(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            source=source,
            defaults={"locator": locator, "note": note},
        )
        return citation

    def readable_count(self, record, clearance) -> int:
        """How many of `record`'s citations a viewer with `clearance` may read."""
        if record.pk is None:
            return 0
        return (
            self.of_readable_sources(clearance)
            .filter(
                content_type=ContentType.objects.get_for_model(record),
                object_id=record.pk,
            )
            .count()
        )

    def attach_to(self, records, clearance) -> None:
        """Set `record.shown_citations` on each record, with one query for all of
        them: the citations `clearance` may read, for pages that show evidence.
        Where the record is about a person whose name `clearance` may not read,
        they are only counted (`record.withheld_citations`): naming them would
        locate the person (`Record.names_withheld_at`)."""
        records = [record for record in records if record is not None]
        found = self.for_records(records, clearance)
        for record in records:
            content_type = ContentType.objects.get_for_model(record)
            citations = found.get((content_type.pk, record.pk), [])
            withheld = bool(citations) and record.names_withheld_at(clearance)
            record.shown_citations = [] if withheld else citations
            record.withheld_citations = len(citations) if withheld else 0

    def of_readable_sources(self, clearance) -> "CitationQuerySet":
        """Citations of sources `clearance` may read, with their source."""
        return self.filter(
            source__in=Source.objects.visible_at(clearance)
        ).select_related("source")

    def shown_at(self, clearance) -> "CitationQuerySet":
        """Citations `clearance` may read in full (source, locator, note): of
        sources it may read, and none of a record about a person whose name it may
        not read (`Record.names_withheld_at`), whom they would locate."""
        shown = self.of_readable_sources(clearance)
        if name_shown(clearance, consented=False):
            return shown
        for model in record_models_about_people():
            withheld = model.objects.names_withheld_at(clearance)
            shown = shown.exclude(
                Exists(withheld.filter(pk=OuterRef("object_id"))),
                content_type=ContentType.objects.get_for_model(model),
            )
        return shown

    def for_records(
        self, records, clearance
    ) -> dict[tuple[int, int], list["Citation"]]:
        """Citations of `records` whose source `clearance` may read, in one query.

        Keyed by (content type id, record id) so pages can attach them to records of
        several models at once.
        """
        wanted: dict[int, list[int]] = {}
        for record in records:
            content_type = ContentType.objects.get_for_model(record)
            wanted.setdefault(content_type.pk, []).append(record.pk)
        if not wanted:
            return {}
        condition = models.Q()
        for content_type_id, ids in wanted.items():
            condition |= models.Q(content_type_id=content_type_id, object_id__in=ids)
        found: dict[tuple[int, int], list[Citation]] = {}
        for citation in self.of_readable_sources(clearance).filter(condition):
            found.setdefault((citation.content_type_id, citation.object_id), []).append(
                citation
            )
        return found


@tracked()
class Citation(Removable):
    """Ties one fact-bearing record to a source, with where in the source it is said.

    Never deleted (the database refuses): a citation taken back is marked removed,
    with who and why, and the default manager leaves it out."""

    uuid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, verbose_name=_("kind of record")
    )
    object_id = models.PositiveBigIntegerField(_("record number"))
    record = GenericForeignKey("content_type", "object_id")
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="citations_made",
        verbose_name=_("source"),
    )
    locator = models.CharField(
        _("where"),
        max_length=200,
        blank=True,
        help_text=_("Page, paragraph or timestamp."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = InForce.from_queryset(CitationQuerySet)()
    including_removed = models.Manager.from_queryset(CitationQuerySet)()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        triggers = [
            *never_deleted(),
            # A record shows its citations: writing one moves its updated_at.
            pgtrigger.Trigger(
                name="shown_in_record",
                when=pgtrigger.After,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="PERFORM archive_touch_record(NEW.content_type_id, NEW.object_id);"
                " IF TG_OP = 'UPDATE' AND (OLD.content_type_id, OLD.object_id)"
                " IS DISTINCT FROM (NEW.content_type_id, NEW.object_id) THEN"
                " PERFORM archive_touch_record(OLD.content_type_id, OLD.object_id);"
                " END IF; RETURN NULL;",
            ),
        ]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self) -> str:
        return f"{self.source} {self.locator}".strip()


@tracked()
class Figure(Record):
    """A number someone claims as of a date: counts of the dead, the detained, cases."""

    class Metric(models.TextChoices):
        DEATHS_TOTAL = "deaths_total", _("Deaths in total")
        DEATHS_LISTED_BY_NAME = "deaths_listed_by_name", _("Dead people listed by name")
        UNLAWFUL_LETHAL_FORCE_INCIDENTS_ALMATY = (
            "unlawful_lethal_force_incidents_almaty",
            _("Incidents of unlawful lethal force in Almaty"),
        )
        SHOT_DEAD_IN_DOCUMENTED_INCIDENTS = (
            "shot_dead_in_documented_incidents",
            _("People shot dead in documented incidents"),
        )
        INJURED_REMOVED_FROM_HOSPITAL_AND_BEATEN = (
            "injured_removed_from_hospital_and_beaten",
            _("Injured people taken from hospital and beaten"),
        )
        TORTURE_REPORTS_RECEIVED = (
            "torture_reports_received",
            _("Torture reports received"),
        )
        DEATHS_IN_PRETRIAL_DETENTION = (
            "deaths_in_pretrial_detention",
            _("Deaths in pre-trial detention"),
        )
        TORTURE_CRIMINAL_CASES_OPENED = (
            "torture_criminal_cases_opened",
            _("Criminal cases opened on torture"),
        )
        OFFICERS_DETAINED_FOR_TORTURE = (
            "officers_detained_for_torture",
            _("Officers detained for torture"),
        )
        TORTURED_TO_DEATH = "tortured_to_death", _("People tortured to death")
        OFFICIAL_TORTURE_VICTIMS = (
            "official_torture_victims",
            _("Official torture victims"),
        )
        CONVICTIONS_OF_PROTESTERS_AND_OTHERS = (
            "convictions_of_protesters_and_others",
            _("Convictions of protesters and others"),
        )
        MILITARY_OFFICERS_PROSECUTED_FOR_KILLING = (
            "military_officers_prosecuted_for_killing",
            _("Military officers prosecuted for killing"),
        )
        ARRESTED = "arrested", _("People arrested")
        LAW_ENFORCEMENT_OFFICERS_CONVICTED = (
            "law_enforcement_officers_convicted",
            _("Law-enforcement officers convicted"),
        )
        TRIALS_MONITORED = "trials_monitored", _("Trials monitored")
        COURT_HEARINGS_MONITORED = (
            "court_hearings_monitored",
            _("Court hearings monitored"),
        )

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        AT_LEAST = "at least", _("at least")
        OVER = "over", _("over")
        AROUND = "around", _("around")

    metric = models.CharField(
        _("what is counted"), max_length=60, choices=Metric.choices
    )
    value = models.PositiveBigIntegerField(_("number"))
    qualifier = models.CharField(
        _("qualifier"),
        max_length=10,
        choices=Qualifier.choices,
        default=Qualifier.EXACT,
    )
    includes = models.CharField(_("includes"), max_length=300, blank=True)
    includes_kk = models.CharField(_("includes, in Kazakh"), max_length=300, blank=True)
    includes_ru = models.CharField(
        _("includes, in Russian"), max_length=300, blank=True
    )
    claimant = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="figures",
        verbose_name=_("claimed by"),
    )
    as_of = models.DateField(_("as of"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    note_kk = models.CharField(_("note, in Kazakh"), max_length=500, blank=True)
    note_ru = models.CharField(_("note, in Russian"), max_length=500, blank=True)

    class Meta(Record.Meta):
        ordering = ["metric", "as_of", "value"]
        verbose_name = _("figure")
        triggers = [*never_deleted(), *fresh_record()]
        verbose_name_plural = _("figures")

    def __str__(self) -> str:
        return (
            f"{self.get_metric_display()}: {self.get_qualifier_display()} {self.value}"
        )

    @property
    def includes_shown(self) -> str:
        """What the count includes, in the active language (English if untranslated)."""
        return localised(self, "includes", fallback="includes")

    @property
    def note_shown(self) -> str:
        return localised(self, "note", fallback="note")
