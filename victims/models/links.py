"""Who a list's entry is: the links between list entries (sources.ListEntry) and
people, kept on the victims side so that the lists point to nothing above them.

`EntryDecision` is the log: append-only (a trigger refuses edits and deletions),
each with who decided, why, and the score and explanation they decided on. An
entry's standing is its latest decision; a later decision reverses an earlier one.

`LinkCandidate` and `EntryProposal` are what the last linkage run computed (the
candidates and their explained scores, and where the thresholds put the entry).
They are derived data, like an index, and are replaced by the next run.
"""

from django.conf import settings
from django.db import models
from django.db.models import OuterRef
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _

from archive.models import append_only
from archive.models import tracked
from sources.models import ListEntry

from ..explanations import readable
from .people import Person


class EntryVerdict(models.TextChoices):
    """What a decision on a list entry says of who the entry is."""

    LINK = "link", _("Link to this person")
    NOT_THIS_PERSON = "not_this_person", _("Not this person")
    NEW_PERSON = "new_person", _("A new person")
    UNSURE = "unsure", _("Unsure")


TIES = (
    EntryVerdict.LINK,
    EntryVerdict.NEW_PERSON,
)  # decisions that tie an entry to a person


class DecisionQuerySet(models.QuerySet):
    def latest_per_entry(self) -> "DecisionQuerySet":
        """Each entry's standing decision (the latest one)."""
        latest = EntryDecision.objects.filter(entry=OuterRef("entry")).order_by("-id")
        return self.filter(id=Subquery(latest.values("id")[:1]))

    def linking(self) -> "DecisionQuerySet":
        """Standing decisions that tie an entry to a person."""
        return self.latest_per_entry().filter(decision__in=TIES)


@tracked()
class EntryDecision(models.Model):
    """One decision on who a list entry is: automatic (above the upper threshold)
    or a reviewer's."""

    entry = models.ForeignKey(
        ListEntry,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("entry"),
    )
    decision = models.CharField(
        _("decision"), max_length=16, choices=EntryVerdict.choices
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entry_decisions",
        verbose_name=_("person"),
        help_text=_("Linked, ruled out, or created from the entry."),
    )
    probability = models.FloatField(_("match probability"), null=True, blank=True)
    explanation = models.JSONField(_("why"), default=list, blank=True)
    automatic = models.BooleanField(_("automatic"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
        help_text=_("The reviewer, or who ran the linkage for automatic links."),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("decided"), auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "id"]
        verbose_name = _("linkage decision")
        verbose_name_plural = _("linkage decisions")
        permissions = [("review_linkage", _("Can decide who a list entry is"))]
        indexes = [models.Index(fields=["entry", "-id"], name="decision_latest")]
        triggers = append_only("decisions_are_append_only")

    def __str__(self) -> str:
        return f"{self.entry}: {self.get_decision_display()}"


class LinkCandidate(models.Model):
    """A person the last linkage run found for an entry, with its probability and,
    field by field, what agreed (`explanation`: [{field, agreement, weight}])."""

    entry = models.ForeignKey(
        ListEntry, on_delete=models.CASCADE, related_name="candidates"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="link_candidates"
    )
    probability = models.FloatField(_("match probability"))
    explanation = models.JSONField(_("why"), default=list)

    class Meta:
        ordering = ["entry", "-probability"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "person"], name="candidate_once_per_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} ~ {self.person_id}: {self.probability:.2f}"

    @property
    def readable(self) -> list[dict]:
        """The explanation in the active language."""
        return readable(self.explanation)

    @property
    def bits(self) -> float:
        """The match weight, less the prior every candidate of the entry shares:
        it ranks candidates whose probabilities both round to 1.000."""
        return weight_in_bits(self.explanation)


def weight_in_bits(explanation: list[dict]) -> float:
    """The sum of an explanation's field weights, in bits."""
    return round(sum(part["weight"] or 0 for part in explanation), 1)


class EntryMatch(models.Model):
    """A candidate entry of another list for the same person (entry to entry)."""

    entry = models.ForeignKey(
        ListEntry, on_delete=models.CASCADE, related_name="matches"
    )
    other = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("match probability"))
    explanation = models.JSONField(_("why"), default=list)

    class Meta:
        ordering = ["entry", "-probability"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "other"], name="entry_match_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry} ~ {self.other}: {self.probability:.2f}"


class EntryProposal(models.Model):
    """Where the last linkage run left an entry: linked automatically, sent to
    review, or proposed as a new person."""

    class Band(models.TextChoices):
        LINKED = "linked", _("Linked automatically")
        REVIEW = "review", _("To review")
        NEW = "new", _("Proposed as a new person")

    entry = models.OneToOneField(
        ListEntry, on_delete=models.CASCADE, related_name="proposal"
    )
    band = models.CharField(_("outcome"), max_length=8, choices=Band.choices)
    best = models.FloatField(_("best match probability"), null=True)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["band"], name="proposal_band")]

    def __str__(self) -> str:
        return f"{self.entry}: {self.band}"
