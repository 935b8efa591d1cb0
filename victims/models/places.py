"""Regions, cities, settlements and facilities, named in three languages."""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models import never_deleted
from archive.models import tracked
from archive.translation import localised


@tracked()
class Place(models.Model):
    """A region or city of 2022, a settlement, or a facility (police, IVS, SIZO)."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        CITY = "city", _("City of republican significance")
        SETTLEMENT = "settlement", _("Settlement")
        FACILITY = "facility", _("Facility")

    class FacilityKind(models.TextChoices):
        POLICE_STATION = "police", _("Police station")
        IVS = "ivs", _("Temporary holding facility (IVS)")
        SIZO = "sizo", _("Pre-trial detention centre (SIZO)")
        KNB = "knb", _("National Security Committee facility")
        HOSPITAL = "hospital", _("Hospital")
        MORGUE = "morgue", _("Morgue")
        PRISON = "prison", _("Prison or colony")
        OTHER = "other", _("Other")

    uuid = models.UUIDField(
        _("public id"), unique=True, editable=False, default=uuid.uuid4
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    facility_kind = models.CharField(
        _("kind of facility"), max_length=10, choices=FacilityKind.choices, blank=True
    )
    name_en = models.CharField(_("name in English"), max_length=200)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True)
    name_ru = models.CharField(_("name in Russian"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("within"),
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        triggers = never_deleted()
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="facility") | models.Q(facility_kind=""),
                name="place_facility_kind_only_for_facilities",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("victims:place", args=[self.uuid])

    @property
    def name(self) -> str:
        return localised(self, "name")
