"""Writes that create allegations together with what they depend on."""

from django.db import transaction

from archive.visibility import Visibility
from victims.actions import cite_all, create_demo_people, demo_source
from victims.demo import DemoPerson

from .models import TortureAllegation


@transaction.atomic
def create_demo_records(people: list[DemoPerson]) -> int:
    """Write fictional people, events and torture allegations; returns how many."""
    source = demo_source()
    created = create_demo_people(people, source=source)
    allegations = TortureAllegation.objects.bulk_create(
        TortureAllegation(
            victim=created[str(demo.uuid)][0],
            detention=created[str(demo.uuid)][1],
            visibility=Visibility.PUBLIC,
            **demo.allegation,
        )
        for demo in people
        if demo.allegation
    )
    cite_all(allegations, source)
    return len(created)
