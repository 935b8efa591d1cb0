"""What happened to people: incidents, deaths, injuries, detentions."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.dates import format_approximate
from archive.dates import precision_field
from archive.encryption import EncryptedTextField
from archive.models import Record
from archive.models import answer_field
from archive.models import fresh_record
from archive.models import never_deleted
from archive.models import shown_in
from archive.models import tracked
from archive.translation import localised

from .cases import CriminalCase
from .choices import Cause
from .choices import Outcome
from .people import Person
from .places import Place


@tracked()
class Incident(Record):
    """An event in time and place that deaths and injuries can belong to."""

    title_en = models.CharField(_("title in English"), max_length=300)
    title_kk = models.CharField(_("title in Kazakh"), max_length=300, blank=True)
    title_ru = models.CharField(_("title in Russian"), max_length=300, blank=True)
    occurred_on = models.DateField(_("date"))
    occurred_precision = precision_field()
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("place"),
    )
    description = models.TextField(_("what happened"), blank=True)

    class Meta(Record.Meta):
        ordering = ["occurred_on", "title_en"]
        verbose_name = _("incident")
        triggers = [*never_deleted(), *fresh_record()]
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def date_display(self) -> str:
        return format_approximate(self.occurred_on, self.occurred_precision)

    def get_absolute_url(self) -> str:
        return reverse("victims:incident", args=[self.uuid])


def event_triggers(owner: str = "person_id") -> list:
    """What happened to a person (an event, a torture allegation) is never
    deleted, is fresh (archive.models.fresh_record), and is listed in its person's
    representation while readable: adding, moving or re-levelling it moves the
    person's updated_at. `owner` is the column naming the person."""
    return [
        *never_deleted(),
        *fresh_record(),
        shown_in(
            "shown_in_person",
            "victims_person",
            owner,
            when=(owner, "visibility", "retracted_at"),
        ),
    ]


class Event(Record):
    """What happened to a person on a date at a place (abstract)."""

    OWNER = "person"

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, verbose_name=_("person")
    )
    occurred_on = models.DateField(_("date"), null=True, blank=True)
    occurred_precision = precision_field()
    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("place")
    )

    class Meta(Record.Meta):
        abstract = True

    def get_absolute_url(self) -> str:
        return f"{self.person.get_absolute_url()}#{self._meta.model_name}-{self.uuid}"

    @property
    def date_display(self) -> str:
        return format_approximate(self.occurred_on, self.occurred_precision)


@tracked()
class Death(Event):
    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="death", verbose_name=_("person")
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deaths",
        verbose_name=_("place"),
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deaths",
        verbose_name=_("incident"),
    )
    cause = models.CharField(
        _("cause"), max_length=20, choices=Cause.choices, default=Cause.UNKNOWN
    )
    circumstances = EncryptedTextField(_("circumstances"), blank=True)
    on_official_list = answer_field(_("on the official list"))
    body_returned = answer_field(_("body returned to the family"))
    autopsy = answer_field(_("autopsy performed"))

    class Meta(Event.Meta):
        ordering = ["occurred_on", "id"]
        verbose_name = _("death")
        triggers = event_triggers()
        verbose_name_plural = _("deaths")

    def __str__(self) -> str:
        return _("Death of %(person)s") % {"person": self.person}


@tracked()
class Injury(Event):
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="injuries",
        verbose_name=_("person"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="injuries",
        verbose_name=_("place"),
    )
    incident = models.ForeignKey(
        Incident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="injuries",
        verbose_name=_("incident"),
    )
    cause = models.CharField(
        _("cause"), max_length=20, choices=Cause.choices, default=Cause.UNKNOWN
    )
    description = EncryptedTextField(_("description"), blank=True)

    class Meta(Event.Meta):
        ordering = ["occurred_on", "id"]
        verbose_name = _("injury")
        triggers = event_triggers()
        verbose_name_plural = _("injuries")

    def __str__(self) -> str:
        return _("Injury of %(person)s") % {"person": self.person}


@tracked()
class Detention(Event):
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="detentions",
        verbose_name=_("person"),
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrests",
        verbose_name=_("place of arrest"),
    )
    facility = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="detentions",
        limit_choices_to={"kind": "facility"},
        verbose_name=_("held at"),
    )
    released_on = models.DateField(_("released"), null=True, blank=True)
    released_precision = precision_field()
    charges = ArrayField(
        models.CharField(max_length=30),
        verbose_name=_("charges (Criminal Code articles)"),
        default=list,
        blank=True,
        help_text=_("Comma-separated, e.g. 272, 293 part 2."),
    )
    criminal_case = models.ForeignKey(
        CriminalCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="detentions",
        verbose_name=_("criminal case"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)

    class Meta(Event.Meta):
        ordering = ["occurred_on", "id"]
        verbose_name = _("detention")
        triggers = event_triggers()
        verbose_name_plural = _("detentions")

    def __str__(self) -> str:
        return _("Detention of %(person)s") % {"person": self.person}

    @property
    def released_display(self) -> str:
        return format_approximate(self.released_on, self.released_precision)
