"""Choices shared by several records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Cause(models.TextChoices):
    GUNSHOT = "gunshot", _("Gunshot")
    BEATING = "beating", _("Beating")
    TORTURE_IN_CUSTODY = "torture_in_custody", _("Torture in custody")
    STAB_WOUND = "stab_wound", _("Stab wound")
    BURNS = "burns", _("Burns")
    EXPLOSION = "explosion", _("Explosion")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Outcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    RELEASED_WITHOUT_CHARGE = "released", _("Released without charge")
    ACQUITTED = "acquitted", _("Acquitted")
    CONVICTED = "convicted", _("Convicted")
    AMNESTY = "amnesty", _("Amnestied")
    CASE_CLOSED = "case_closed", _("Case closed")
    UNKNOWN = "unknown", _("Unknown")


class Happened(models.TextChoices):
    """What happened to a person, as the search filters, the submission form and
    moderation name it (each kind is a record: Death, Detention, Injury,
    TortureAllegation)."""

    KILLED = "killed", _("Killed")
    DETAINED = "detained", _("Detained")
    INJURED = "injured", _("Injured")
    TORTURED = "tortured", _("Alleged torture")
