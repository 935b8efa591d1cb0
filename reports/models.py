from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from archive.models import append_only
from archive.models import never_deleted
from archive.models import tracked
from sources.models import VictimList


class UncountedEstimateQuerySet(models.QuerySet):
    def shown_to(self, *, staff: bool) -> "UncountedEstimateQuerySet":
        """Staff see every estimate; everyone else only those an administrator
        published (and did not withdraw)."""
        return self if staff else self.filter(published_at__isnull=False)


@tracked()
class UncountedEstimate(models.Model):
    """An experimental multiple systems estimate of the people no list counted,
    computed from the reconciled overlap of three or more lists, as it stood."""

    lists = models.ManyToManyField(
        VictimList, related_name="+", verbose_name=_("lists")
    )
    overlap = models.JSONField(
        _("overlap used"),
        help_text=_("People on exactly each combination of the lists."),
    )
    result = models.JSONField(_("result"))
    computed_at = models.DateTimeField(_("computed"), auto_now_add=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("computed by"),
    )
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, editable=False
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )

    objects = UncountedEstimateQuerySet.as_manager()

    class Meta:
        ordering = ["-computed_at"]
        verbose_name = _("estimate of the uncounted")
        verbose_name_plural = _("estimates of the uncounted")
        permissions = [("publish_estimate", _("Can publish an estimate"))]
        triggers = never_deleted()

    def __str__(self) -> str:
        return _("Estimate of %(computed)s") % {
            "computed": self.computed_at.date() if self.computed_at else "…"
        }


class Release(models.Model):
    """A numbered, immutable dataset of the public records: its files live in the
    default storage under `releases/<number>/`, listed here with their SHA-256."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("made by"),
    )
    files = models.JSONField(
        _("files"), help_text=_("Each file's path, size in bytes and SHA-256.")
    )
    rows = models.JSONField(_("rows"), help_text=_("Rows in each table."))
    changes = models.JSONField(
        _("changes"),
        help_text=_("Rows added, changed and retracted since the previous release."),
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        permissions = [("make_release", _("Can make a release"))]
        triggers = append_only("releases_are_immutable")

    def __str__(self) -> str:
        return _("Release %(number)s") % {"number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("reports:release", args=[self.number])
