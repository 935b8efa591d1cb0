"""Writes that create allegations together with what they depend on."""

import uuid

from django.db import transaction
from django.utils import timezone

from archive.visibility import Visibility
from victims.actions import RECORD_COLUMNS, cite_ids, create_demo_people, demo_source
from victims.bulk import allocate_ids, copy_rows, without_history
from victims.demo import DemoPerson

from .models import TortureAllegation

ALLEGATION_COLUMNS = [
    *RECORD_COLUMNS,
    "victim_id",
    "detention_id",
    "started_on",
    "started_precision",
    "methods",
    "other_methods",
    "perpetrator_description",
    "complaint_filed",
    "case_opened",
    "official_victim_status",
    "pressure_to_withdraw",
    "outcome",
    "testimony",
    "details_visibility",
]


@transaction.atomic
def create_demo_records(people: list[DemoPerson]) -> int:
    """Write fictional people, events and torture allegations (no history: they are
    generated, not facts); returns how many people."""
    source = demo_source()
    now = timezone.now()
    with without_history():
        created = create_demo_people(people, source=source)
        rows = [(created[str(d.uuid)], d) for d in people if d.allegation]
        ids = allocate_ids(TortureAllegation, len(rows))
        copy_rows(
            TortureAllegation,
            ALLEGATION_COLUMNS,
            (
                (pk, uuid.uuid5(d.uuid, "allegation"), Visibility.PUBLIC, now, now, "",
                 victim, detention, d.allegation["started_on"], "day",
                 d.allegation["methods"], "", "", d.allegation["complaint_filed"],
                 "unknown", "unknown", "unknown", "unknown", "", Visibility.STAFF)
                for pk, ((victim, detention), d) in zip(ids, rows, strict=True)
            ),
        )  # fmt: skip
        cite_ids([(TortureAllegation, pk) for pk in ids], source)
    return len(created)
