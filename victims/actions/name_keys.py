"""Writes that create or change several victims records at once."""

from django.db import transaction

from ..models import NameVariant
from ..models import Person


def rebuild_name_keys(*, batch_size: int = 5000) -> tuple[int, int]:
    """Recompute every search key (after a change to the folding rules).

    Returns (primary variants created, variants whose keys changed).
    """
    created = 0
    while True:
        missing = list(
            Person.objects.exclude(name_variants__is_primary=True)[:batch_size]
        )
        if not missing:
            break
        for person in missing:
            person.sync_names()
        created += len(missing)
    changed = 0
    last = 0
    while True:
        with transaction.atomic():
            variants = list(
                NameVariant.objects.filter(pk__gt=last).order_by("pk")[:batch_size]
            )
            if not variants:
                break
            changed += NameVariant.objects.rekey(variants)
            last = variants[-1].pk
    return created, changed
