"""Erasure on a removal request: a person's record redacted in place, history
included, by an administrator, with the reason recorded.

The record stays (retracted, staff-only, named "[erased]"), so counts and links keep
their shape; what identifies the person is emptied in the live rows and in every
history event of the person, their spellings and their records of every kind of
what happened (each kind says which of its fields erasure empties). History is
append-only, so its triggers are set aside for this one rewrite only. Not
touched: victim lists (published documents kept as published) and submissions
(their own retention and moderation).
"""

import json

import pghistory
import pgtrigger
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import connection
from django.db import models
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.visibility import Visibility
from victims import happenings
from victims.models import NameKey
from victims.models import NameVariant
from victims.models import Person
from victims.models.people import KEY_FIELDS

ERASED = "[erased]"
# The fields emptied, in the live rows and in their history.
PERSON = {
    "surname": "",
    "given_name": "",
    "patronymic": "",
    "pseudonym": ERASED,
    "birth_date": None,
    "age_at_events": None,
    "residence_settlement": None,
    "occupation": "",
    "citizenship": "",
    "consent_note": "",
}
SPELLING = {"surname": "", "given_name": "", "patronymic": "", "note": ""}


def erase_person(person: Person, *, by, reason: str) -> None:
    """Redact `person` in place, history included; PermissionDenied unless `by`
    may erase, ValidationError without a reason."""
    if not by.has_perm("victims.erase_person"):
        raise PermissionDenied(_("Only administrators erase a person's record."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the erasure.")})
    with (
        transaction.atomic(),
        pghistory.context(user=by.pk, reason=f"erased on request: {reason}"),
    ):
        for name, value in PERSON.items():
            setattr(person, name, value)
        person.naming = Person.Naming.PSEUDONYM
        person.visibility = Visibility.STAFF
        person.details_visibility = Visibility.STAFF
        person.retracted_at = person.retracted_at or timezone.now()
        person.retraction_reason = _("Erased on request: %(reason)s") % {
            "reason": reason
        }
        spellings = NameVariant.including_removed.filter(person=person)
        keys = {
            (part, key)
            for row in spellings.values(*KEY_FIELDS)
            for part, key in row.items()
            if key
        }
        person.save()  # keeps the primary spelling and its keys in step
        spellings.update(**SPELLING)  # their keys are made anew: empty
        _forget_unused_keys(keys)
        _rewrite_history(Person, [person.pk], PERSON)
        ids = list(spellings.values_list("pk", flat=True))
        _rewrite_history(NameVariant, ids, SPELLING)
        for kind in happenings.kinds():
            if kind.erased:
                rows = kind.model.objects.filter(**{kind.owner: person})
                rows.update(**kind.erased)
                ids = list(rows.values_list("pk", flat=True))
                _rewrite_history(kind.model, ids, kind.erased)


def _forget_unused_keys(keys: set[tuple[str, str]]) -> None:
    """Drop from the typo path's vocabulary the erased spellings' keys that no
    other spelling has (a rare surname would otherwise outlive the erasure)."""
    for part, key in keys:
        if not NameVariant.including_removed.filter(**{part: key}).exists():
            NameKey.objects.filter(part=part, key=key).delete()


def _rewrite_history(model: type[models.Model], ids: list[int], fields: dict):
    """Every history event of these rows, with `fields` emptied too: through
    `archive_redact_history` (archive migration 0011), since the application's
    database role may not UPDATE history, and only this function empties it."""
    events = model.pgh_event_model
    emptied = {events._meta.get_field(name).column: v for name, v in fields.items()}
    with pgtrigger.ignore(), connection.cursor() as cursor:  # history is append-only
        cursor.execute(
            "SELECT archive_redact_history(%s::regclass, %s, %s::jsonb)",
            [events._meta.db_table, ids, json.dumps(emptied)],
        )
