"""Allegations of torture and ill-treatment, and what the state did about them."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.dates import format_approximate
from archive.dates import precision_field
from archive.encryption import EncryptedTextField
from archive.models import Record
from archive.models import answer_field
from archive.models import details_visibility_field
from archive.models import tracked
from sources.models import Organisation
from victims.models import CriminalCase
from victims.models import Detention
from victims.models import Person
from victims.models import Place
from victims.models.events import event_triggers


class Method(models.TextChoices):
    BEATING = "beating", _("Beating")
    ELECTRIC_SHOCK = "electric_shock", _("Electric shock")
    BURNING = "burning", _("Burning, hot iron")
    SUFFOCATION = "suffocation", _("Hooding, suffocation")
    WATER = "water", _("Boiling or ice-cold water")
    TEETH_EXTRACTION = "teeth_extraction", _("Teeth pulled out")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence")
    THREAT_OF_RAPE = "threat_of_rape", _("Threat of rape")
    REMOVAL_FROM_HOSPITAL = "removal_from_hospital", _("Taken from hospital")
    PRESSURE_TO_WITHDRAW = "pressure_to_withdraw", _("Pressure to withdraw a complaint")
    OTHER = "other", _("Other")


@tracked()
class TortureAllegation(Record):
    """One person's allegation of torture or ill-treatment.

    Testimony and what is said of the perpetrators are sensitive: they follow
    `details_visibility`, which starts at staff.
    """

    SENSITIVE_FIELDS = ("testimony", "perpetrator_description")
    OWNER = "victim"

    class Outcome(models.TextChoices):
        NO_INVESTIGATION = "no_investigation", _("No investigation")
        UNDER_INVESTIGATION = "investigating", _("Under investigation")
        CLOSED = "closed", _("Closed without charges")
        CHARGED = "charged", _("Perpetrators charged")
        CONVICTED = "convicted", _("Perpetrators convicted")
        ACQUITTED = "acquitted", _("Perpetrators acquitted")
        UNKNOWN = "unknown", _("Unknown")

    victim = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="torture_allegations",
        verbose_name=_("victim"),
    )
    detention = models.ForeignKey(
        Detention,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="torture_allegations",
        verbose_name=_("during detention"),
    )
    facility = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="torture_allegations",
        limit_choices_to={"kind": "facility"},
        verbose_name=_("facility"),
    )
    started_on = models.DateField(_("from"), null=True, blank=True)
    started_precision = precision_field()
    ended_on = models.DateField(_("until"), null=True, blank=True)
    methods = ArrayField(
        models.CharField(max_length=30, choices=Method.choices),
        verbose_name=_("methods"),
        default=list,
        blank=True,
    )
    other_methods = models.CharField(_("other methods"), max_length=300, blank=True)
    perpetrator_unit = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="torture_allegations",
        limit_choices_to={"kind": "unit"},
        verbose_name=_("alleged perpetrator unit"),
    )
    perpetrator_description = EncryptedTextField(
        _("what is said of the perpetrators"), blank=True
    )
    complaint_filed = answer_field(_("complaint filed"))
    case_opened = answer_field(_("criminal case opened"))
    criminal_case = models.ForeignKey(
        CriminalCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="torture_allegations",
        verbose_name=_("criminal case"),
    )
    official_victim_status = answer_field(_("officially recognised as a victim"))
    pressure_to_withdraw = answer_field(_("pressed to withdraw the complaint"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    testimony = EncryptedTextField(_("testimony"), blank=True)
    details_visibility = details_visibility_field()

    class Meta(Record.Meta):
        ordering = ["started_on", "id"]
        verbose_name = _("torture allegation")
        triggers = event_triggers(owner="victim_id")
        verbose_name_plural = _("torture allegations")

    def __str__(self) -> str:
        return _("Allegation by %(person)s") % {"person": self.victim}

    def get_absolute_url(self) -> str:
        return reverse("allegations:allegation", args=[self.uuid])

    @property
    def date_display(self) -> str:
        return format_approximate(self.started_on, self.started_precision)

    def get_methods_display(self) -> list[str]:
        labels = dict(Method.choices)
        return [str(labels.get(method, method)) for method in self.methods]
