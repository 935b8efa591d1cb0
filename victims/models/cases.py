"""Criminal cases and who stood trial in them."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.encryption import EncryptedTextField
from archive.models import Record
from archive.models import Removable
from archive.models import details_visibility_field
from archive.models import fresh_record
from archive.models import never_deleted
from archive.models import shown_in
from archive.models import tracked

from .choices import Outcome
from .people import Person


@tracked()
class CriminalCase(Record):
    """A criminal case: against protesters, or against officers accused of abuse."""

    SENSITIVE_FIELDS = ("monitoring_notes",)

    number = models.CharField(_("case number"), max_length=100, blank=True)
    court = models.CharField(_("court"), max_length=300, blank=True)
    articles = ArrayField(
        models.CharField(max_length=30),
        verbose_name=_("Criminal Code articles"),
        default=list,
        blank=True,
        help_text=_("Comma-separated, e.g. 272, 293 part 2."),
    )
    opened_on = models.DateField(_("opened"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    summary = models.TextField(_("summary"), blank=True)
    monitoring_notes = EncryptedTextField(_("trial-monitoring notes"), blank=True)
    details_visibility = details_visibility_field()
    defendants = models.ManyToManyField(
        Person,
        through="Defendant",
        related_name="criminal_cases",
        verbose_name=_("defendants"),
    )

    class Meta(Record.Meta):
        ordering = ["-opened_on", "number"]
        verbose_name = _("criminal case")
        triggers = [*never_deleted(), *fresh_record()]
        verbose_name_plural = _("criminal cases")

    def __str__(self) -> str:
        return self.number or _("Case %(code)s") % {"code": str(self.uuid)[:6].upper()}

    def get_absolute_url(self) -> str:
        return reverse("victims:case", args=[self.uuid])


@tracked()
class Defendant(Removable):
    class Role(models.TextChoices):
        PROTESTER = "protester", _("Protester or bystander charged")
        ACCUSED_OFFICIAL = "accused_official", _("Official accused of abuse")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        CriminalCase, on_delete=models.CASCADE, related_name="defendant_rows"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="defendant_rows",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    articles = ArrayField(
        models.CharField(max_length=30),
        verbose_name=_("articles"),
        default=list,
        blank=True,
    )
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING
    )
    sentence = models.CharField(_("sentence"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "sources.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="defendants",
        limit_choices_to={"kind": "unit"},
        verbose_name=_("unit"),
        help_text=_("For an accused official: the police, security or army unit."),
    )

    class Meta:
        verbose_name = _("defendant")
        verbose_name_plural = _("defendants")
        triggers = [
            shown_in("shown_in_case", "victims_criminalcase", "case_id"),
            *never_deleted(),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person"],
                condition=models.Q(removed_at__isnull=True),
                name="defendant_once_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


@tracked()
class Hearing(Removable):
    """A court hearing in a case, and who monitored it. Readable with its case."""

    case = models.ForeignKey(
        CriminalCase,
        on_delete=models.PROTECT,
        related_name="hearings",
        verbose_name=_("criminal case"),
    )
    held_on = models.DateField(_("date"))
    court = models.CharField(
        _("court"), max_length=300, blank=True, help_text=_("If not the case's court.")
    )
    what_happened = EncryptedTextField(_("what happened"), blank=True)
    monitored_by = models.ForeignKey(
        "sources.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitored_hearings",
        verbose_name=_("monitored by"),
    )

    class Meta:
        ordering = ["held_on", "id"]
        triggers = [
            shown_in("shown_in_case", "victims_criminalcase", "case_id"),
            *never_deleted(),
        ]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")

    def __str__(self) -> str:
        return f"{self.case} {self.held_on:%Y-%m-%d}"
