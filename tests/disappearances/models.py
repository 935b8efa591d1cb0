from django.db import models

from archive.encryption import EncryptedTextField
from archive.models import details_visibility_field
from archive.models import tracked
from victims.models.events import Event
from victims.models.events import event_triggers


@tracked()
class Disappearance(Event):
    """A fictional kind: a person last seen on a date at a place, with an account
    that is a sensitive detail."""

    SENSITIVE_FIELDS = ("account",)

    last_seen_by = models.CharField("last seen by", max_length=200, blank=True)
    account = EncryptedTextField("account", blank=True)
    details_visibility = details_visibility_field()

    class Meta(Event.Meta):
        ordering = ["occurred_on", "id"]
        triggers = event_triggers()
