"""The shape every fact-bearing record shares: public id, visibility, retraction."""

import uuid

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .visibility import Visibility, clearance_of, levels_up_to, may_read


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class RecordQuerySet(models.QuerySet):
    def current(self) -> "RecordQuerySet":
        """Not retracted. Retracted records stay in the database and in history."""
        return self.filter(retracted_at__isnull=True)

    def visible_at(self, clearance: Visibility) -> "RecordQuerySet":
        """Records `clearance` may read; what happened to a person also needs the
        person to be readable (a staff-only person's death is not public)."""
        levels = levels_up_to(clearance)
        visible = self.current().filter(visibility__in=levels)
        if owner := self.model.OWNER:
            visible = visible.filter(
                **{f"{owner}__visibility__in": levels, f"{owner}__retracted_at": None}
            )
        return visible

    def visible_to(self, user) -> "RecordQuerySet":
        """What `user` may read: every public page and list starts here."""
        return self.visible_at(clearance_of(user))

    def published(self) -> "RecordQuerySet":
        return self.visible_at(Visibility.PUBLIC)


class Record(models.Model):
    """Abstract base of every record that states facts and must cite its sources.

    `SENSITIVE_FIELDS` names fields shown only to viewers cleared for the record's
    `details_visibility` (subclasses that list any define that field).
    """

    SENSITIVE_FIELDS: tuple[str, ...] = ()
    REQUIRES_CITATION = True
    OWNER: str | None = None  # the field naming the person this record is about

    uuid = models.UUIDField(
        _("public id"), default=uuid.uuid4, unique=True, editable=False
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.STAFF,
        help_text=_(
            "Who may see this record. Public records need at least one citation."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    retracted_at = models.DateTimeField(
        _("retracted"), null=True, blank=True, editable=False
    )
    retraction_reason = models.TextField(
        _("reason for retraction"), blank=True, editable=False
    )
    citations = GenericRelation("sources.Citation")

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None

    def label_for(self, clearance: Visibility) -> str:
        """How a page names this record for a viewer, never with a withheld name."""
        if self.OWNER:
            owner = getattr(self, self.OWNER)
            return f"{capfirst(self._meta.verbose_name)}: {owner.name_for(clearance)}"
        return str(self)

    def details_visible_at(self, clearance: Visibility) -> bool:
        level = getattr(self, "details_visibility", Visibility.PUBLIC)
        return may_read(clearance, level)


def answer_field(label) -> models.CharField:
    """A yes / no / unknown fact, unknown until someone says."""
    return models.CharField(
        label, max_length=8, choices=Answer.choices, default=Answer.UNKNOWN
    )


def details_visibility_field() -> models.CharField:
    return models.CharField(
        _("visibility of sensitive details"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.STAFF,
    )
